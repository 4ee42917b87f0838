//! Gateway events in, written once for every gateway.
//!
//! `POST /webhooks/payments/{gateway}`: the gateway verifies the signature or token before
//! anything is stored (401 and a `security` log line otherwise); a verified event is stored
//! as received and its processing job queued in one transaction, and the gateway gets its
//! 200. A repeat (same gateway transaction and status) is acknowledged and changes nothing.
//! The job then applies the event: money of the right amount and currency settles the
//! invoice; anything else is held for staff; a late `pending` after a payment never un-pays.
//! The reconciliation job asks the gateway about attempts whose webhook never came and feeds
//! what it hears through the same door.

use super::PaymentGateways;
use super::events::{self, EventOutcome, EventRow, EventSource};
use super::gateway::{EventStatus, GatewayEvent, WebhookError};
use super::{IntentStatus, store};
use crate::audit::Actor;
use crate::billing::payments::{IncomingPayment, PaymentError, PaymentOutcome};
use crate::clock::{Clock, SharedClock};
use crate::db::Db;
use crate::jobs::{JobError, JobQueue, JobRegistry, NewJob};
use crate::settlement::settle;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};

pub const WEBHOOK_ROUTE: &str = "/webhooks/payments/{gateway}";
pub const EVENT_JOB: &str = "payments.event";
pub const RECONCILE_JOB: &str = "payments.reconcile";
/// How often instances ask for a reconciliation run.
pub const RECONCILE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(10 * 60);
/// An attempt is asked about once its webhook is this late …
const WEBHOOK_GRACE: chrono::Duration = chrono::Duration::minutes(10);
/// … and until this long after it expired (a transfer can land just before expiry).
const RECONCILE_HORIZON: chrono::Duration = chrono::Duration::days(2);
/// Attempts asked about per gateway and run.
const RECONCILE_BATCH: i64 = 200;

/// Where a gateway sends its webhooks.
pub fn webhook_path(gateway: &str) -> String {
    WEBHOOK_ROUTE.replace("{gateway}", gateway)
}

/// `POST /webhooks/payments/{gateway}`: 404 for a gateway that is not on, 401 unverified,
/// 400 verified but unreadable, 200 stored (or a repeat), 503 if it could not be stored (the
/// gateway retries).
pub async fn webhook(
    State(state): State<AppState>,
    State(gateways): State<PaymentGateways>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let Some(gateway) = gateways.get(&name) else {
        return StatusCode::NOT_FOUND;
    };
    let event = match gateway.verify_webhook(&headers, &body, state.clock.now()) {
        Ok(event) => event,
        Err(WebhookError::Unverified) => {
            tracing::warn!(target: "security", gateway = gateway.name(), "payment webhook refused: its signature or token does not verify");
            return StatusCode::UNAUTHORIZED;
        }
        Err(WebhookError::Malformed(why)) => {
            tracing::warn!(gateway = gateway.name(), %why, "verified payment webhook could not be read");
            return StatusCode::BAD_REQUEST;
        }
    };
    match receive(
        &state.db,
        state.clock.as_ref(),
        gateway.name(),
        &event,
        EventSource::Webhook,
    )
    .await
    {
        Ok(_) => StatusCode::OK,
        Err(error) => {
            tracing::error!(%error, gateway = gateway.name(), "payment webhook could not be stored; the gateway will retry");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

#[derive(Serialize, Deserialize)]
struct EventJob {
    event_id: String,
}

/// Stores a verified event and queues its processing, together; `false` for a repeat.
pub async fn receive(
    db: &Db,
    clock: &dyn Clock,
    gateway: &str,
    event: &GatewayEvent,
    source: EventSource,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(event_id) = events::insert_in(&mut tx, clock, gateway, event, source).await? else {
        tx.rollback().await?;
        return Ok(false);
    };
    let job = NewJob::new(
        EVENT_JOB,
        EventJob {
            event_id: event_id.clone(),
        },
    )
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
    .unique_key(format!("{EVENT_JOB}:{event_id}"))
    .max_attempts(20);
    crate::jobs::enqueue_in(&mut tx, clock, job).await?;
    tx.commit().await?;
    Ok(true)
}

/// Registers event processing and reconciliation.
pub fn register(registry: &mut JobRegistry, db: Db, clock: SharedClock, gateways: PaymentGateways) {
    let (events_db, events_clock) = (db.clone(), clock.clone());
    registry.register(EVENT_JOB, move |job: crate::jobs::Job| {
        let (db, clock) = (events_db.clone(), events_clock.clone());
        async move {
            let payload: EventJob = job.payload()?;
            process(&db, clock.as_ref(), &payload.event_id).await
        }
    });
    registry.register(RECONCILE_JOB, move |_job| {
        let (db, clock, gateways) = (db.clone(), clock.clone(), gateways.clone());
        async move {
            let found = reconcile(&db, clock.as_ref(), &gateways)
                .await
                .map_err(|error| JobError::Retryable(error.to_string()))?;
            if found > 0 {
                tracing::info!(found, "reconciliation found payment events no webhook brought");
            }
            Ok(())
        }
    });
}

/// Applies a stored event once. A conflict (the invoice changed under us) is retried.
pub async fn process(db: &Db, clock: &dyn Clock, event_id: &str) -> Result<(), JobError> {
    match apply(db, clock, event_id).await {
        Ok(()) => Ok(()),
        Err(PaymentError::Conflict) => Err(JobError::Retryable("the invoice changed meanwhile".into())),
        Err(PaymentError::Database(error)) => Err(JobError::Retryable(error.to_string())),
    }
}

async fn apply(db: &Db, clock: &dyn Clock, event_id: &str) -> Result<(), PaymentError> {
    let mut tx = db.begin().await?;
    let Some(event) = events::find_in(&mut tx, event_id).await? else {
        return Ok(());
    };
    if event.outcome != EventOutcome::Received {
        return Ok(());
    }
    match decide(&mut tx, clock, &event).await {
        Ok((outcome, note)) => {
            events::conclude_in(&mut tx, clock, &event.id, EventOutcome::Received, outcome, &note).await?;
            tx.commit().await?;
            tracing::info!(gateway = %event.gateway, transaction = %event.transaction_id, outcome = outcome.code(), "payment event processed");
            Ok(())
        }
        Err(error) => {
            let _ = tx.rollback().await;
            Err(error)
        }
    }
}

/// What an event means for its attempt and invoice, carried out in `tx`.
async fn decide(
    tx: &mut crate::db::Tx,
    clock: &dyn Clock,
    event: &EventRow,
) -> Result<(EventOutcome, String), PaymentError> {
    let Some(intent) = store::find_in(tx, &event.intent_id)
        .await?
        .filter(|intent| intent.gateway == event.gateway)
    else {
        return Ok((
            EventOutcome::Held,
            "no payment attempt of ours has this reference".into(),
        ));
    };
    let actor = Actor::System {
        label: format!("gateway:{}", event.gateway),
    };
    match event.status {
        EventStatus::Paid => {
            if event.currency != "IDR" || event.amount != Some(intent.amount) {
                let paid = event.amount.map_or_else(
                    || "an amount that is not whole rupiah".to_string(),
                    |a| a.get().to_string(),
                );
                let note = format!(
                    "paid {paid} {} for an attempt of {} IDR: held for review",
                    event.currency,
                    intent.amount.get()
                );
                return Ok((EventOutcome::Held, note));
            }
            // Money arrived: record it whatever the attempt's state (it may have expired on
            // our side while the transfer was on its way); settlement decides if it applies.
            store::finish(tx, clock, &intent.id, IntentStatus::Succeeded).await?;
            let payment = IncomingPayment {
                invoice_id: &intent.invoice_id,
                gateway: &event.gateway,
                reference: &event.transaction_id,
                method: &event.method,
                amount: intent.amount,
                received_at: event.received_at,
                actor,
                note: "",
            };
            Ok(match settle(tx, clock, payment).await? {
                PaymentOutcome::Applied => (EventOutcome::Applied, "the invoice is paid".into()),
                PaymentOutcome::Duplicate => {
                    (EventOutcome::Ignored, "this payment was recorded before".into())
                }
                PaymentOutcome::Unapplied => (
                    EventOutcome::Unapplied,
                    "the invoice could no longer take it: kept as an unapplied payment".into(),
                ),
            })
        }
        EventStatus::Pending => Ok((
            EventOutcome::Ignored,
            match intent.status {
                IntentStatus::Pending => "still pending".into(),
                _ => "a late pending never changes a finished attempt".into(),
            },
        )),
        EventStatus::Failed | EventStatus::Expired => {
            let status = if event.status == EventStatus::Failed {
                IntentStatus::Failed
            } else {
                IntentStatus::Expired
            };
            // Guarded: a paid attempt stays paid.
            if !store::finish(tx, clock, &intent.id, status).await? {
                return Ok((EventOutcome::Ignored, "the attempt had already ended".into()));
            }
            if let Some(order_id) = crate::billing::invoices::find_in(tx, &intent.invoice_id)
                .await?
                .and_then(|invoice| invoice.order_id)
            {
                let note = format!("{} · {} · payment {}", event.gateway, event.method, status.code());
                crate::orders::store::record_event(tx, clock, &order_id, None, None, &actor, &note).await?;
            }
            Ok((EventOutcome::Applied, format!("the attempt {}", status.code())))
        }
        // Our own refund (staff refunded the order through the gateway) comes back as a
        // notification too: nothing left to check then.
        EventStatus::Refunded => match crate::billing::credit_notes::number_in(tx, &intent.invoice_id).await?
        {
            Some(number) => Ok((
                EventOutcome::Ignored,
                format!("refunded by staff: credit note {number}"),
            )),
            None => Ok((
                EventOutcome::Held,
                "money went back at the gateway: staff check the invoice".into(),
            )),
        },
    }
}

/// Why staff could not release or dismiss an event.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// It is not held (any more), or holds no money that can be recorded.
    #[error("the event cannot be released")]
    NotReleasable,
    #[error(transparent)]
    Payment(#[from] PaymentError),
}

impl From<sqlx::Error> for ReviewError {
    fn from(error: sqlx::Error) -> ReviewError {
        ReviewError::Payment(error.into())
    }
}

/// Staff let a held payment through: the money the gateway reported is recorded against
/// the attempt's invoice as received (settlement applies it if it pays the invoice exactly,
/// else keeps it as an unapplied payment to refund or credit). Returns the settlement's
/// outcome. In the caller's transaction (with its audit entry).
pub async fn release_in(
    tx: &mut crate::db::Tx,
    clock: &dyn Clock,
    event_id: &str,
    actor: Actor,
) -> Result<PaymentOutcome, ReviewError> {
    let event = events::find_in(tx, event_id)
        .await?
        .filter(|event| event.outcome == EventOutcome::Held && event.status == EventStatus::Paid)
        .ok_or(ReviewError::NotReleasable)?;
    let intent = store::find_in(tx, &event.intent_id)
        .await?
        .filter(|intent| intent.gateway == event.gateway)
        .ok_or(ReviewError::NotReleasable)?;
    let amount = event
        .amount
        .filter(|amount| amount.is_positive())
        .ok_or(ReviewError::NotReleasable)?;
    let (_, label) = actor.id_and_label();
    let payment = IncomingPayment {
        invoice_id: &intent.invoice_id,
        gateway: &event.gateway,
        reference: &event.transaction_id,
        method: &event.method,
        amount,
        received_at: event.received_at,
        actor,
        note: "released by staff",
    };
    let outcome = settle(tx, clock, payment).await?;
    let note = format!("released by {label}: {outcome:?}");
    if !events::conclude_in(
        tx,
        clock,
        &event.id,
        EventOutcome::Held,
        EventOutcome::Released,
        &note,
    )
    .await?
    {
        return Err(ReviewError::NotReleasable);
    }
    Ok(outcome)
}

/// Staff close a held event without applying it; `false` if it was not held.
pub async fn dismiss_in(
    tx: &mut crate::db::Tx,
    clock: &dyn Clock,
    event_id: &str,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    events::conclude_in(
        tx,
        clock,
        event_id,
        EventOutcome::Held,
        EventOutcome::Dismissed,
        reason,
    )
    .await
}

/// Requests this slot's reconciliation run (a no-op if another instance already did).
pub async fn request_reconciliation(queue: &JobQueue) -> Result<String, sqlx::Error> {
    let slot = queue.now().timestamp() / RECONCILE_INTERVAL.as_secs() as i64;
    let job = NewJob::new(RECONCILE_JOB, ()).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    queue
        .enqueue(job.max_attempts(3).unique_key(format!("{RECONCILE_JOB}:{slot}")))
        .await
}

/// Asks each gateway about attempts still pending past the webhook's grace period and
/// stores what it reports (deduplicated against the webhooks). Returns how many new events.
pub async fn reconcile(db: &Db, clock: &dyn Clock, gateways: &PaymentGateways) -> Result<usize, sqlx::Error> {
    let now = clock.now();
    let mut found = 0;
    for gateway in gateways.all() {
        let attempts = store::unsettled(
            db,
            gateway.name(),
            now - WEBHOOK_GRACE,
            now - RECONCILE_HORIZON,
            RECONCILE_BATCH,
        )
        .await?;
        for intent in attempts {
            match gateway.status(&intent).await {
                Ok(Some(event)) if event.status != EventStatus::Pending && event.intent_id == intent.id => {
                    if receive(db, clock, gateway.name(), &event, EventSource::Reconciliation).await? {
                        found += 1;
                    }
                }
                Ok(_) => {}
                // One gateway's trouble does not stop the others; the next run asks again.
                Err(error) => {
                    tracing::warn!(%error, gateway = gateway.name(), "reconciliation could not ask the gateway");
                    break;
                }
            }
        }
    }
    Ok(found)
}
