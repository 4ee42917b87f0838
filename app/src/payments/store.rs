//! Payment attempts (intents) at a gateway.

use super::{IntentStatus, PaymentMethod};
use crate::billing::invoices::InvoiceRow;
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::{InvoiceId, OrderId, UserId};
use crate::money::Rupiah;
use crate::state::AppState;
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

const COLUMNS: &str = "id, invoice_id, user_id, gateway, method, status, amount, pay_to, expires_at";

pub async fn create(
    state: &AppState,
    invoice: &InvoiceRow,
    method: PaymentMethod,
) -> Result<String, sqlx::Error> {
    let now = state.clock.now();
    let id = uuid::Uuid::now_v7().to_string();
    let pay_to = super::simulated::pay_to(method, &id, invoice.total);
    let expires_at = (now + INTENT_LIFETIME).min(invoice.due_at);
    on_db!(&state.db, pool => sqlx::query(
        "INSERT INTO payment_intents (id, invoice_id, user_id, gateway, method, status, amount, pay_to, expires_at, created_at, updated_at) \
         VALUES ($1, $2, $3, 'simulated', $4, 'pending', $5, $6, $7, $8, $8)",
    )
    .bind(&id)
    .bind(&invoice.id)
    .bind(&invoice.user_id)
    .bind(method.code())
    .bind(invoice.total)
    .bind(&pay_to)
    .bind(expires_at)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(id)
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
