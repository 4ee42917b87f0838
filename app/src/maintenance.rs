//! Housekeeping as a durable job: deletes expired sessions, old finished jobs, finished
//! rate-limit windows, stale sign-in failure counts, and notifications past their retention;
//! voids top-ups left unpaid.
//!
//! Every instance asks for the job once an hour, but the unique key (one per hour) lets only
//! the first request in each hour through, so N instances still prune once.

use crate::accounts::sessions::DbSessionStore;
use crate::accounts::throttle;
use crate::clock::SharedClock;
use crate::jobs::{JobError, JobQueue, JobRegistry, NewJob};
use crate::security::RateLimiter;
use std::time::Duration;

pub const PRUNE_JOB: &str = "maintenance.prune";
/// Succeeded jobs are kept this long for inspection, then deleted. Dead jobs are kept.
pub const SUCCEEDED_JOB_RETENTION: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// How often instances request a prune.
pub const PRUNE_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Registers the maintenance handlers.
pub fn register(
    registry: &mut JobRegistry,
    queue: JobQueue,
    sessions: DbSessionStore,
    clock: SharedClock,
    notification_retention: chrono::Duration,
) {
    let limiter = RateLimiter::new(queue.db().clone(), clock.clone());
    registry.register(PRUNE_JOB, move |_job| {
        let queue = queue.clone();
        let sessions = sessions.clone();
        let limiter = limiter.clone();
        let clock = clock.clone();
        async move {
            let retryable = |error: sqlx::Error| JobError::Retryable(error.to_string());
            let expired = sessions.delete_expired().await.map_err(retryable)?;
            let finished = queue
                .delete_succeeded_before(SUCCEEDED_JOB_RETENTION)
                .await
                .map_err(retryable)?;
            let windows = limiter.delete_old().await.map_err(retryable)?;
            let failures = throttle::delete_stale(queue.db(), clock.as_ref())
                .await
                .map_err(retryable)?;
            let notifications =
                crate::notifications::store::prune_before(queue.db(), clock.now() - notification_retention)
                    .await
                    .map_err(retryable)?;
            let deposits = crate::billing::invoices::void_stale_deposits(queue.db(), clock.as_ref())
                .await
                .map_err(retryable)?;
            tracing::info!(
                sessions = expired,
                stale_deposits = deposits,
                notifications,
                jobs = finished,
                rate_limit_windows = windows,
                login_failures = failures,
                "pruned expired sessions, old jobs, finished rate-limit windows and old notifications"
            );
            Ok(())
        }
    });
}

/// Requests this hour's prune (a no-op if another instance already did).
pub async fn request_prune(queue: &JobQueue) -> Result<String, sqlx::Error> {
    let hour = queue.now().format("%Y-%m-%dT%H");
    let job = NewJob::new(PRUNE_JOB, ()).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    queue
        .enqueue(job.max_attempts(3).unique_key(format!("{PRUNE_JOB}:{hour}")))
        .await
}
