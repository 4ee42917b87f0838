//! The `payment_events` table: every verified gateway event, stored as received before it
//! is acted on, one row per gateway and event key, with what processing made of it.

use super::gateway::{EventStatus, GatewayEvent};
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::money::Rupiah;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    Webhook,
    Reconciliation,
}

impl EventSource {
    pub fn code(self) -> &'static str {
        match self {
            EventSource::Webhook => "webhook",
            EventSource::Reconciliation => "reconciliation",
        }
    }

    pub fn from_code(code: &str) -> Option<EventSource> {
        [EventSource::Webhook, EventSource::Reconciliation]
            .into_iter()
            .find(|source| source.code() == code)
    }
}

/// What processing made of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// Stored, its job not done yet.
    Received,
    /// It paid the invoice (or ended the attempt it reports on).
    Applied,
    /// The money was recorded, but the invoice could no longer take it: staff refund or credit it.
    Unapplied,
    /// Nothing to do: a repeat, a late `pending`, a status that would move backwards.
    Ignored,
    /// Kept for staff: the amount or currency differs, the attempt is unknown, or money went
    /// back at the gateway.
    Held,
    /// Staff let a held event through.
    Released,
    /// Staff closed a held event without applying it.
    Dismissed,
}

impl EventOutcome {
    pub fn code(self) -> &'static str {
        match self {
            EventOutcome::Received => "received",
            EventOutcome::Applied => "applied",
            EventOutcome::Unapplied => "unapplied",
            EventOutcome::Ignored => "ignored",
            EventOutcome::Held => "held",
            EventOutcome::Released => "released",
            EventOutcome::Dismissed => "dismissed",
        }
    }

    pub fn from_code(code: &str) -> Option<EventOutcome> {
        [
            EventOutcome::Received,
            EventOutcome::Applied,
            EventOutcome::Unapplied,
            EventOutcome::Ignored,
            EventOutcome::Held,
            EventOutcome::Released,
            EventOutcome::Dismissed,
        ]
        .into_iter()
        .find(|outcome| outcome.code() == code)
    }
}

crate::stored_as_text!(EventSource);
crate::stored_as_text!(EventOutcome);

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: String,
    pub gateway: String,
    pub transaction_id: String,
    pub intent_id: String,
    pub status: EventStatus,
    pub amount: Option<Rupiah>,
    pub currency: String,
    pub method: String,
    pub source: EventSource,
    pub body: String,
    pub outcome: EventOutcome,
    pub note: String,
    pub received_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, gateway, transaction_id, intent_id, status, amount, currency, method, source, \
                       body, outcome, note, received_at";

/// Stores an event unless one with its key is there already; returns its new id, or `None`
/// for a repeat.
pub async fn insert_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    gateway: &str,
    event: &GatewayEvent,
    source: EventSource,
) -> Result<Option<String>, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO payment_events (id, gateway, event_key, transaction_id, intent_id, status, amount, \
         currency, method, source, body, outcome, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'received', $12) \
         ON CONFLICT (gateway, event_key) DO NOTHING",
    )
    .bind(&id)
    .bind(gateway)
    .bind(event.key())
    .bind(&event.transaction_id)
    .bind(&event.intent_id)
    .bind(event.status)
    .bind(event.amount)
    .bind(&event.currency)
    .bind(&event.method)
    .bind(source)
    .bind(&event.body)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))?;
    Ok(inserted.then_some(id))
}

pub async fn find_in(tx: &mut Tx, id: &str) -> Result<Option<EventRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payment_events WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

/// Records what processing made of an event; `false` if it was no longer `from`.
pub async fn conclude_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &str,
    from: EventOutcome,
    outcome: EventOutcome,
    note: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE payment_events SET outcome = $1, note = $2, processed_at = $3 WHERE id = $4 AND outcome = $5",
    )
    .bind(outcome)
    .bind(note)
    .bind(clock.now())
    .bind(id)
    .bind(from)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// The events of one attempt, oldest first.
pub async fn for_intent(db: &Db, intent_id: &str) -> Result<Vec<EventRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payment_events WHERE intent_id = $1 ORDER BY received_at, id");
    on_db!(db, pool => sqlx::query_as(&sql).bind(intent_id).fetch_all(pool).await)
}

/// An event with the invoice it is about, for staff lists.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventListRow {
    #[sqlx(flatten)]
    pub event: EventRow,
    pub invoice_number: Option<String>,
    pub order_id: Option<String>,
}

/// Events newest first, only those with `outcome` if given.
pub async fn list(
    db: &Db,
    outcome: Option<EventOutcome>,
    limit: i64,
) -> Result<Vec<EventListRow>, sqlx::Error> {
    let columns = COLUMNS
        .split(", ")
        .map(|column| format!("e.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {columns}, i.number AS invoice_number, i.order_id AS order_id FROM payment_events e \
         LEFT JOIN payment_intents p ON p.id = e.intent_id AND p.gateway = e.gateway \
         LEFT JOIN invoices i ON i.id = p.invoice_id \
         WHERE (CAST($1 AS TEXT) IS NULL OR e.outcome = $1) ORDER BY e.received_at DESC, e.id DESC LIMIT $2"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(outcome).bind(limit).fetch_all(pool).await)
}
