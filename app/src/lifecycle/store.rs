//! The lifecycle's own tables: renewals and lifecycle events. The service columns it
//! changes are changed through `services::store::lifecycle`.

use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::{InvoiceId, ServiceId};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RenewalRow {
    pub invoice_id: InvoiceId,
    pub service_id: ServiceId,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
}

/// Records the renewal an invoice pays for; `false` if this period has one already.
pub async fn insert_renewal(
    tx: &mut Tx,
    clock: &dyn Clock,
    renewal: &RenewalRow,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO service_renewals (invoice_id, service_id, period_start, period_end, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (service_id, period_start) DO NOTHING",
    )
    .bind(&renewal.invoice_id)
    .bind(&renewal.service_id)
    .bind(renewal.period_start)
    .bind(renewal.period_end)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// The renewal an invoice pays for, if it is a renewal invoice.
pub async fn renewal_for_invoice(
    tx: &mut Tx,
    invoice_id: &InvoiceId,
) -> Result<Option<RenewalRow>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_as(
        "SELECT invoice_id, service_id, period_start, period_end FROM service_renewals WHERE invoice_id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(&mut *conn)
    .await)
}

/// The renewal of a service's current period (the one starting at its expiry).
pub async fn renewal_for_period(
    db: &Db,
    service_id: &ServiceId,
    period_start: DateTime<Utc>,
) -> Result<Option<RenewalRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT invoice_id, service_id, period_start, period_end FROM service_renewals \
         WHERE service_id = $1 AND period_start = $2",
    )
    .bind(service_id)
    .bind(period_start)
    .fetch_optional(pool)
    .await)
}

/// Records that `event` happened in the period; `false` if it had already.
pub async fn record_event(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    period_start: DateTime<Utc>,
    event: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO service_lifecycle_events (service_id, period_start, event, occurred_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(service_id)
    .bind(period_start)
    .bind(event)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// The events of a service, oldest first (for staff and tests).
pub async fn events_of(db: &Db, service_id: &ServiceId) -> Result<Vec<(DateTime<Utc>, String)>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT occurred_at, event FROM service_lifecycle_events WHERE service_id = $1 ORDER BY occurred_at, event",
    )
    .bind(service_id)
    .fetch_all(pool)
    .await)
}

/// The invoices of every renewal of a service, paid or not.
pub async fn renewal_invoices_in(tx: &mut Tx, service_id: &ServiceId) -> Result<Vec<InvoiceId>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar("SELECT invoice_id FROM service_renewals WHERE service_id = $1")
        .bind(service_id)
        .fetch_all(&mut *conn)
        .await)
}
