//! The periodic sweep: every instance asks for it every few minutes, the unique key (one
//! per slot) lets one request per slot through, and the sweep only reads which services are
//! due and queues their step jobs — the steps themselves check again and do the work.

use super::schedule::{LifecycleSettings, REMINDER_DAYS};
use super::steps::{self, Step};
use crate::clock::SharedClock;
use crate::db::Db;
use crate::jobs::{JobError, JobQueue, JobRegistry, NewJob};
use crate::services::ServiceStatus;
use crate::services::store::lifecycle as store;
use chrono::Duration;

pub const SWEEP_JOB: &str = "lifecycle.sweep";
/// How often instances ask for a sweep.
pub const SWEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(10 * 60);
/// Services handled per kind of step and sweep; the rest wait for the next sweep.
const BATCH: i64 = 500;

pub fn register(registry: &mut JobRegistry, db: Db, clock: SharedClock, settings: LifecycleSettings) {
    registry.register(SWEEP_JOB, move |_job| {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            let queued = sweep(&db, &clock, &settings)
                .await
                .map_err(|error| JobError::Retryable(error.to_string()))?;
            if queued > 0 {
                tracing::info!(queued, "lifecycle steps queued");
            }
            Ok(())
        }
    });
}

/// Requests this slot's sweep (a no-op if another instance already did).
pub async fn request(queue: &JobQueue) -> Result<String, sqlx::Error> {
    let slot = queue.now().timestamp() / SWEEP_INTERVAL.as_secs() as i64;
    let job = NewJob::new(SWEEP_JOB, ()).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    queue
        .enqueue(job.max_attempts(3).unique_key(format!("{SWEEP_JOB}:{slot}")))
        .await
}

/// Queues the step of every service that has one due; returns how many were queued
/// (steps queued before are not queued again).
pub async fn sweep(db: &Db, clock: &SharedClock, settings: &LifecycleSettings) -> Result<usize, sqlx::Error> {
    let now = clock.now();
    let clock = clock.as_ref();
    let mut queued = 0;
    for (id, expires_at) in store::due_for_renewal(db, now + settings.renewal_lead, BATCH).await? {
        steps::enqueue(db, clock, &id, expires_at, Step::Renew).await?;
        queued += 1;
    }
    let horizon = now + Duration::days(REMINDER_DAYS[0]);
    for (id, expires_at) in store::due_for_reminder(db, now, horizon, BATCH).await? {
        if let Some(days) = settings.due_reminder(expires_at, now) {
            steps::enqueue(db, clock, &id, expires_at, Step::Remind { days }).await?;
            queued += 1;
        }
    }
    let unpaid_since = now - settings.suspend_grace;
    for (id, expires_at) in store::expired_before(db, ServiceStatus::Active, unpaid_since, BATCH).await? {
        steps::enqueue(db, clock, &id, expires_at, Step::Suspend).await?;
        queued += 1;
    }
    let suspended_since = unpaid_since - settings.terminate_grace;
    for (id, expires_at) in
        store::expired_before(db, ServiceStatus::Suspended, suspended_since, BATCH).await?
    {
        steps::enqueue(db, clock, &id, expires_at, Step::Terminate).await?;
        queued += 1;
    }
    Ok(queued)
}
