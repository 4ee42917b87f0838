//! The record of money received for an invoice, stored once per gateway transaction.

use crate::audit::Actor;
use crate::db::Tx;
use crate::money::Rupiah;
use crate::on_tx;
use chrono::{DateTime, Utc};

/// A payment reported by a gateway (webhook) or recorded by an admin (bank transfer).
pub struct IncomingPayment<'a> {
    pub invoice_id: &'a crate::ids::InvoiceId,
    pub gateway: &'a str,
    /// The gateway's transaction id (or the bank reference): unique per gateway.
    pub reference: &'a str,
    pub method: &'a str,
    pub amount: Rupiah,
    pub received_at: DateTime<Utc>,
    pub actor: Actor,
    pub note: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The invoice is paid and what it pays for carried out (`settlement`).
    Applied,
    /// This transaction was recorded before; nothing changed.
    Duplicate,
    /// Recorded, but the invoice could not take it (not unpaid any more, or the amount
    /// differs): kept for an admin to refund or apply, money is never dropped.
    Unapplied,
}

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The order changed while the payment was applied; roll back and try again.
    #[error("the order changed concurrently")]
    Conflict,
}

/// Stores the payment record, `applied` to its invoice or kept `unapplied` for staff;
/// `false` if this gateway transaction was recorded before (nothing is stored twice).
/// What paying the invoice does is `settlement`'s business.
pub async fn record_in(
    tx: &mut Tx,
    payment: &IncomingPayment<'_>,
    applied: bool,
) -> Result<bool, sqlx::Error> {
    let (_, recorded_by) = payment.actor.id_and_label();
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO payments (id, invoice_id, gateway, gateway_reference, method, amount, status, note, recorded_by, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (gateway, gateway_reference) DO NOTHING",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(payment.invoice_id)
    .bind(payment.gateway)
    .bind(payment.reference)
    .bind(payment.method)
    .bind(payment.amount)
    .bind(if applied { "applied" } else { "unapplied" })
    .bind(payment.note)
    .bind(&recorded_by)
    .bind(payment.received_at)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// How the payment reads in an order's timeline: gateway, method, reference, staff's note.
pub fn payment_note(payment: &IncomingPayment<'_>) -> String {
    let mut note = format!("{} · {} · {}", payment.gateway, payment.method, payment.reference);
    if !payment.note.is_empty() {
        note.push_str(" · ");
        note.push_str(payment.note);
    }
    note
}

/// Money recorded against an invoice that could not take it, not yet given to the customer
/// as balance (staff list).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnappliedPayment {
    pub id: String,
    pub invoice_id: crate::ids::InvoiceId,
    pub invoice_number: String,
    pub user_id: crate::ids::UserId,
    pub customer_email: String,
    pub gateway: String,
    pub gateway_reference: String,
    pub amount: Rupiah,
    pub received_at: DateTime<Utc>,
}

/// The wallet ledger's reference for crediting a payment: one credit per payment.
pub fn credit_reference(payment_id: &str) -> String {
    format!("payment:{payment_id}")
}

const UNAPPLIED: &str = "SELECT p.id, p.invoice_id, i.number AS invoice_number, i.user_id, i.customer_email, p.gateway, \
    p.gateway_reference, p.amount, p.received_at FROM payments p JOIN invoices i ON i.id = p.invoice_id \
    WHERE p.status = 'unapplied' AND NOT EXISTS (SELECT 1 FROM wallet_ledger l WHERE l.kind = 'refund' \
    AND l.reference = 'payment:' || p.id)";

/// Unapplied payments not yet credited, oldest first.
pub async fn unapplied(db: &crate::db::Db, limit: i64) -> Result<Vec<UnappliedPayment>, sqlx::Error> {
    let sql = format!("{UNAPPLIED} ORDER BY p.received_at, p.id LIMIT $1");
    crate::on_db!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)
}

pub async fn unapplied_in(tx: &mut Tx, id: &str) -> Result<Option<UnappliedPayment>, sqlx::Error> {
    let sql = format!("{UNAPPLIED} AND p.id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

/// Which payments the staff list shows, newest first.
#[derive(Debug, Default)]
pub struct PaymentFilter {
    /// Part of the invoice number, the customer's e-mail or the gateway's reference.
    pub search: Option<String>,
    pub gateway: Option<String>,
    /// `applied` or `unapplied`.
    pub status: Option<&'static str>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub offset: i64,
    pub limit: i64,
}

/// A payment as staff see it, with the gateway event that reported it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentListRow {
    pub id: String,
    pub invoice_number: String,
    pub order_id: Option<crate::ids::OrderId>,
    pub customer_email: String,
    pub gateway: String,
    pub gateway_reference: String,
    pub method: String,
    pub amount: Rupiah,
    pub status: String,
    pub note: String,
    pub received_at: DateTime<Utc>,
    /// The body of the latest gateway event about this transaction (none for bank
    /// transfers recorded by staff and for payments from the balance).
    pub raw_event: Option<String>,
}

pub async fn list(db: &crate::db::Db, filter: &PaymentFilter) -> Result<Vec<PaymentListRow>, sqlx::Error> {
    const SQL: &str = "SELECT p.id, i.number AS invoice_number, i.order_id, i.customer_email, p.gateway, \
        p.gateway_reference, p.method, p.amount, p.status, p.note, p.received_at, \
        (SELECT e.body FROM payment_events e WHERE e.gateway = p.gateway AND e.transaction_id = p.gateway_reference \
         ORDER BY e.received_at DESC, e.id DESC LIMIT 1) AS raw_event \
        FROM payments p JOIN invoices i ON i.id = p.invoice_id \
        WHERE ($1 IS NULL OR LOWER(i.number) LIKE $1 OR LOWER(i.customer_email) LIKE $1 OR LOWER(p.gateway_reference) LIKE $1) \
        AND ($2 IS NULL OR p.gateway = $2) AND ($3 IS NULL OR p.status = $3) \
        AND ($4 IS NULL OR p.received_at >= $4) AND ($5 IS NULL OR p.received_at < $5) \
        ORDER BY p.received_at DESC, p.id DESC LIMIT $6 OFFSET $7";
    let search = filter.search.as_deref().map(crate::db::like_pattern);
    crate::on_db!(db, pool => sqlx::query_as(SQL)
        .bind(search)
        .bind(&filter.gateway)
        .bind(filter.status)
        .bind(filter.from)
        .bind(filter.until)
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(pool)
        .await)
}
