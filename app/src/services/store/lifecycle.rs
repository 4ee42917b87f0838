//! How the lifecycle changes a service's standing (suspend, resume, extend, terminate) and
//! the sweeps that find services due for a step. Every change is conditional on the state
//! it was decided on, so a step that runs twice, or races another instance, changes nothing
//! the second time.

use super::ServiceRow;
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::ServiceId;
use crate::services::ServiceStatus;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

/// Active → suspended, if the service is still active with the expiry the step was decided
/// on. Remembers whether the machine was on (so lifting the suspension turns it on again).
pub async fn suspend(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &ServiceRow,
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
pub async fn unsuspend(tx: &mut Tx, clock: &dyn Clock, service_id: &ServiceId) -> Result<bool, sqlx::Error> {
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

/// A paid renewal: the service runs until `period_end`, if its expiry is still
/// `period_start` (a renewal is applied once).
pub async fn extend(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    period_start: DateTime<Utc>,
    period_end: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET expires_at = $3, updated_at = $4 \
         WHERE id = $1 AND expires_at = $2 AND status <> 'TERMINATED' AND termination_requested_at IS NULL",
    )
    .bind(service_id)
    .bind(period_start)
    .bind(period_end)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Marks the deletion as asked for; `false` if it was already (or the service is gone).
pub async fn request_termination(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
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

/// Service ids and expiries that a sweep query found.
pub type Due = Vec<(ServiceId, DateTime<Utc>)>;

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
