//! The daily rollup as a durable job: every closed WIB day not yet rolled up is counted
//! (`facts::between`) and stored whole (`store::replace_day`), oldest first. Exact, since it
//! counts with the live queries; idempotent, since a day is replaced, never added to.
//!
//! Instances ask for it hourly (one job per hour by its unique key). A day is closed an hour
//! after it ended: anything recorded in it has committed by then.

use super::{day_after, facts, store};
use crate::clock::{Clock, wib_date, wib_day_start};
use crate::db::Db;
use crate::jobs::{JobError, JobQueue, JobRegistry, NewJob};
use chrono::{DateTime, Utc};

pub const ROLLUP_JOB: &str = "analytics.rollup";
/// How long after its end a day is rolled up.
const CLOSE_AFTER: chrono::Duration = chrono::Duration::hours(1);

/// The last day that is closed at `now`.
pub fn last_closed_day(now: DateTime<Utc>) -> String {
    let today = wib_date(&(now - CLOSE_AFTER));
    wib_day_start(&today, -1)
        .map(|start| wib_date(&start))
        .unwrap_or(today)
}

/// Rolls up every closed day after the last rolled one (from the first account's day when
/// none is), then stores the days still open as counted up to an hour ago (a report then
/// counts only the time since live); returns how many days it closed.
pub async fn roll_up(db: &Db, clock: &dyn Clock) -> Result<usize, sqlx::Error> {
    let Some(first) = store::first_unrolled_day(db).await? else {
        return Ok(0);
    };
    let now = clock.now();
    let last = last_closed_day(now);
    let mut day = first;
    let mut rolled = 0;
    while day <= last {
        roll_day(db, clock, &day).await?;
        rolled += 1;
        day = day_after(&day);
    }
    // Late writes land within CLOSE_AFTER, as for closing a day.
    let covered_until = now - CLOSE_AFTER;
    while day <= wib_date(&now) {
        if let (Some(start), Some(end)) = (wib_day_start(&day, 0), wib_day_start(&day, 1)) {
            let until = end.min(covered_until);
            if until > start {
                let facts = facts::between(db, start, until).await?;
                let mut tx = db.begin().await?;
                store::replace_partial_day(&mut tx, &day, &facts, until).await?;
                tx.commit().await?;
            }
        }
        day = day_after(&day);
    }
    Ok(rolled)
}

/// Counts `day` and stores it, replacing what was stored for it.
pub async fn roll_day(db: &Db, clock: &dyn Clock, day: &str) -> Result<(), sqlx::Error> {
    let (Some(start), Some(end)) = (wib_day_start(day, 0), wib_day_start(day, 1)) else {
        return Ok(());
    };
    let facts = facts::between(db, start, end).await?;
    let mut tx = db.begin().await?;
    store::replace_day(&mut tx, day, &facts, clock.now()).await?;
    tx.commit().await
}

/// Registers the rollup job.
pub fn register(registry: &mut JobRegistry, db: Db, clock: crate::clock::SharedClock) {
    registry.register(ROLLUP_JOB, move |_job| {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            let days = roll_up(&db, clock.as_ref())
                .await
                .map_err(|error| JobError::Retryable(error.to_string()))?;
            tracing::info!(days, "rolled up the business's closed days");
            Ok(())
        }
    });
}

/// Asks for this hour's rollup (a no-op if another instance already did).
pub async fn request(queue: &JobQueue) -> Result<String, sqlx::Error> {
    let hour = queue.now().format("%Y-%m-%dT%H");
    let job = NewJob::new(ROLLUP_JOB, ()).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    queue
        .enqueue(job.max_attempts(3).unique_key(format!("{ROLLUP_JOB}:{hour}")))
        .await
}
