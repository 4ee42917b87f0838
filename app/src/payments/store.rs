//! Payment attempts (intents) at a gateway.

use super::gateway::Checkout;
use super::{IntentStatus, PaymentMethod};
use crate::billing::invoices::InvoiceRow;
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::{InvoiceId, OrderId, UserId};
use crate::money::Rupiah;
use crate::{on_db, on_tx};
use chrono::{DateTime, Duration, Utc};

/// How long a QR code or virtual account number stays valid (never past the invoice's due
/// date). After that the customer starts a new attempt; the order stays payable.
pub const INTENT_LIFETIME: Duration = Duration::minutes(30);

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IntentRow {
    pub id: String,
    pub invoice_id: InvoiceId,
    pub user_id: UserId,
    pub gateway: String,
    pub method: PaymentMethod,
    pub status: IntentStatus,
    pub amount: Rupiah,
    pub pay_to: String,
    pub expires_at: DateTime<Utc>,
    /// The gateway's id for the attempt (Snap token, Xendit invoice id).
    pub gateway_reference: String,
    /// The gateway's page where the customer pays; empty: our pay page shows `pay_to`.
    pub pay_url: String,
}

impl IntentRow {
    /// The status as of `now`: a pending attempt past its expiry is expired.
    pub fn status_at(&self, now: DateTime<Utc>) -> IntentStatus {
        match self.status {
            IntentStatus::Pending if now >= self.expires_at => IntentStatus::Expired,
            status => status,
        }
    }
}

const COLUMNS: &str = "id, invoice_id, user_id, gateway, method, status, amount, pay_to, expires_at, gateway_reference, pay_url";

/// A payment attempt the gateway has opened.
pub struct NewIntent<'a> {
    pub id: &'a str,
    pub invoice: &'a InvoiceRow,
    pub gateway: &'a str,
    pub method: PaymentMethod,
    pub checkout: &'a Checkout,
    pub expires_at: DateTime<Utc>,
}

/// How long an attempt at `invoice` may stay open from `now`.
pub fn expiry(invoice: &InvoiceRow, now: DateTime<Utc>) -> DateTime<Utc> {
    (now + INTENT_LIFETIME).min(invoice.due_at)
}

pub async fn insert(db: &Db, clock: &dyn Clock, intent: &NewIntent<'_>) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "INSERT INTO payment_intents (id, invoice_id, user_id, gateway, method, status, amount, pay_to, expires_at, \
         gateway_reference, pay_url, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(intent.id)
    .bind(&intent.invoice.id)
    .bind(&intent.invoice.user_id)
    .bind(intent.gateway)
    .bind(intent.method.code())
    .bind(intent.invoice.total)
    .bind(&intent.checkout.pay_to)
    .bind(intent.expires_at)
    .bind(&intent.checkout.gateway_reference)
    .bind(&intent.checkout.pay_url)
    .bind(clock.now())
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The customer's open attempt at an invoice with this gateway and method, if one is still
/// good for a while: pressing "pay" twice reuses it instead of opening a second one.
pub async fn open_attempt(
    db: &Db,
    invoice_id: &InvoiceId,
    gateway: &str,
    method: PaymentMethod,
    usable_until: DateTime<Utc>,
) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM payment_intents WHERE invoice_id = $1 AND gateway = $2 AND method = $3 \
         AND status = 'pending' AND expires_at > $4 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(invoice_id)
    .bind(gateway)
    .bind(method.code())
    .bind(usable_until)
    .fetch_optional(pool)
    .await)
}

/// Pending attempts at `gateway` opened before `before` and still within `horizon` of their
/// expiry: the ones whose webhook may never have come.
pub async fn unsettled(
    db: &Db,
    gateway: &str,
    before: DateTime<Utc>,
    expired_since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<IntentRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM payment_intents WHERE status = 'pending' AND gateway = $1 \
         AND created_at < $2 AND expires_at > $3 ORDER BY created_at LIMIT $4"
    );
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(gateway)
        .bind(before)
        .bind(expired_since)
        .bind(limit)
        .fetch_all(pool)
        .await)
}

/// The attempt that paid `invoice_id` (what a refund through the gateway gives back).
pub async fn succeeded_for_invoice(
    db: &Db,
    invoice_id: &crate::ids::InvoiceId,
) -> Result<Option<IntentRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM payment_intents WHERE invoice_id = $1 AND status = 'succeeded' \
         ORDER BY created_at DESC LIMIT 1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(invoice_id).fetch_optional(pool).await)
}

pub async fn find_in(tx: &mut Tx, id: &str) -> Result<Option<IntentRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payment_intents WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

pub async fn find(db: &Db, id: &str) -> Result<Option<IntentRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payment_intents WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Pending → `status`; `false` if the attempt had already ended.
pub async fn finish(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &str,
    status: IntentStatus,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE payment_intents SET status = $1, updated_at = $2 WHERE id = $3 AND status = 'pending'",
    )
    .bind(status.code())
    .bind(clock.now())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Ends the pending attempts of an order's invoices (the order was cancelled or expired).
pub async fn expire_for_order(
    tx: &mut Tx,
    clock: &dyn Clock,
    order_id: &OrderId,
) -> Result<u64, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE payment_intents SET status = 'expired', updated_at = $1 WHERE status = 'pending' \
         AND invoice_id IN (SELECT id FROM invoices WHERE order_id = $2)",
    )
    .bind(clock.now())
    .bind(order_id)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected()))
}
