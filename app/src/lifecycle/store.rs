//! The lifecycle's rows: renewals, lifecycle events, and the service columns it changes.
//! Every change is conditional on the state it was decided on, so a step that runs twice,
//! or races another instance, changes nothing the second time.

use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::services::ServiceStatus;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

/// A service as the lifecycle sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LifecycleRow {
    pub id: String,
    pub order_id: String,
    pub user_id: String,
    pub status: ServiceStatus,
    pub power_state: String,
    pub cycle_months: i32,
    pub expires_at: DateTime<Utc>,
    pub suspension: Option<String>,
    pub suspension_powered_off: bool,
    pub termination_requested_at: Option<DateTime<Utc>>,
}

impl LifecycleRow {
    /// Whether a payment can still bring the service back (or extend it).
    pub fn renewable(&self) -> bool {
        self.status != ServiceStatus::Terminated && self.termination_requested_at.is_none()
    }
}

const COLUMNS: &str = "id, order_id, user_id, status, power_state, cycle_months, expires_at, suspension, \
    suspension_powered_off, termination_requested_at";

pub async fn find_in(tx: &mut Tx, service_id: &str) -> Result<Option<LifecycleRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM services WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(service_id).fetch_optional(&mut *conn).await)
}

pub async fn find(db: &Db, service_id: &str) -> Result<Option<LifecycleRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM services WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(service_id).fetch_optional(pool).await)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RenewalRow {
    pub invoice_id: String,
    pub service_id: String,
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
pub async fn renewal_for_invoice(tx: &mut Tx, invoice_id: &str) -> Result<Option<RenewalRow>, sqlx::Error> {
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
    service_id: &str,
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
    service_id: &str,
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
pub async fn events_of(db: &Db, service_id: &str) -> Result<Vec<(DateTime<Utc>, String)>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT occurred_at, event FROM service_lifecycle_events WHERE service_id = $1 ORDER BY occurred_at, event",
    )
    .bind(service_id)
    .fetch_all(pool)
    .await)
}

/// Active → suspended, if the service is still active with the expiry the step was decided
/// on. Remembers whether the machine was on (so lifting the suspension turns it on again).
pub async fn suspend(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &LifecycleRow,
    kind: &str,
    note: Option<&str>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET status = 'SUSPENDED', suspension = $3, suspension_note = $4, suspended_at = $5, \
         suspension_powered_off = $6, updated_at = $5 \
         WHERE id = $1 AND status = 'ACTIVE' AND expires_at = $2 AND termination_requested_at IS NULL",
    )
    .bind(&service.id)
    .bind(service.expires_at)
    .bind(kind)
    .bind(note)
    .bind(clock.now())
    .bind(service.power_state != "off")
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Suspended → active (the suspension's columns cleared).
pub async fn unsuspend(tx: &mut Tx, clock: &dyn Clock, service_id: &str) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET status = 'ACTIVE', suspension = NULL, suspension_note = NULL, suspended_at = NULL, \
         suspension_powered_off = FALSE, updated_at = $2 \
         WHERE id = $1 AND status = 'SUSPENDED' AND termination_requested_at IS NULL",
    )
    .bind(service_id)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// A paid renewal: the service runs until `period_end`, if its expiry is still the
/// renewal's start (a renewal is applied once).
pub async fn extend(tx: &mut Tx, clock: &dyn Clock, renewal: &RenewalRow) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET expires_at = $3, updated_at = $4 \
         WHERE id = $1 AND expires_at = $2 AND status <> 'TERMINATED' AND termination_requested_at IS NULL",
    )
    .bind(&renewal.service_id)
    .bind(renewal.period_start)
    .bind(renewal.period_end)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Marks the deletion as asked for; `false` if it was already (or the service is gone).
pub async fn request_termination(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET termination_requested_at = $2, updated_at = $2 \
         WHERE id = $1 AND status <> 'TERMINATED' AND termination_requested_at IS NULL",
    )
    .bind(service_id)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Voids a service's unpaid renewal invoices (when it is terminated).
pub async fn void_open_renewals(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &str,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE invoices SET status = 'void', voided_at = $1, void_reason = $2 \
         WHERE status = 'unpaid' AND id IN (SELECT invoice_id FROM service_renewals WHERE service_id = $3)",
    )
    .bind(clock.now())
    .bind(reason)
    .bind(service_id)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected()))
}

/// Service ids and expiries that a sweep query found.
pub type Due = Vec<(String, DateTime<Utc>)>;

/// Services (active or suspended, not being deleted) that run out by `horizon` and have no
/// renewal for their current period yet.
pub async fn due_for_renewal(db: &Db, horizon: DateTime<Utc>, limit: i64) -> Result<Due, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT s.id, s.expires_at FROM services s \
         WHERE s.status IN ('ACTIVE', 'SUSPENDED') AND s.expires_at <= $1 AND s.termination_requested_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM service_renewals r WHERE r.service_id = s.id AND r.period_start = s.expires_at) \
         ORDER BY s.expires_at LIMIT $2",
    )
    .bind(horizon)
    .bind(limit)
    .fetch_all(pool)
    .await)
}

/// Active services whose unpaid renewal falls due between `now` and `horizon`.
pub async fn due_for_reminder(
    db: &Db,
    now: DateTime<Utc>,
    horizon: DateTime<Utc>,
    limit: i64,
) -> Result<Due, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT s.id, s.expires_at FROM services s \
         JOIN service_renewals r ON r.service_id = s.id AND r.period_start = s.expires_at \
         JOIN invoices i ON i.id = r.invoice_id AND i.status = 'unpaid' \
         WHERE s.status = 'ACTIVE' AND s.expires_at > $1 AND s.expires_at <= $2 \
         ORDER BY s.expires_at LIMIT $3",
    )
    .bind(now)
    .bind(horizon)
    .bind(limit)
    .fetch_all(pool)
    .await)
}

/// Services in `status` (not being deleted) that expired at or before `cutoff`.
pub async fn expired_before(
    db: &Db,
    status: ServiceStatus,
    cutoff: DateTime<Utc>,
    limit: i64,
) -> Result<Due, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, expires_at FROM services \
         WHERE status = $1 AND expires_at <= $2 AND termination_requested_at IS NULL \
         ORDER BY expires_at LIMIT $3",
    )
    .bind(status.code())
    .bind(cutoff)
    .bind(limit)
    .fetch_all(pool)
    .await)
}
