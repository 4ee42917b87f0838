//! Storage of jobs: enqueue, claim with a lease, finish. Same SQL on both engines except the
//! row lock of the claim.

use crate::clock::{Clock, SharedClock};
use crate::db::{Db, Tx};
use crate::events::{Event, PublishError, publish_in};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::types::Json;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobStatus {
    Queued,
    Running,
    Succeeded,
    Dead,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Succeeded,
        JobStatus::Dead,
    ];

    pub fn code(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Dead => "dead",
        }
    }

    pub fn from_code(code: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|status| status.code() == code)
    }
}

crate::stored_as_text!(JobStatus);

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: Value,
    pub max_attempts: i32,
    /// Earliest time to run; `None` means now.
    pub run_at: Option<DateTime<Utc>>,
    /// At most one job ever exists per key (e.g. `provision:<order id>`); enqueueing the same
    /// key again returns the existing job.
    pub unique_key: Option<String>,
}

impl NewJob {
    pub const DEFAULT_MAX_ATTEMPTS: i32 = 10;

    pub fn new(kind: impl Into<String>, payload: impl Serialize) -> Result<NewJob, serde_json::Error> {
        Ok(NewJob {
            kind: kind.into(),
            payload: serde_json::to_value(payload)?,
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            run_at: None,
            unique_key: None,
        })
    }

    pub fn max_attempts(mut self, attempts: i32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    pub fn run_at(mut self, at: DateTime<Utc>) -> Self {
        self.run_at = Some(at);
        self
    }

    pub fn unique_key(mut self, key: impl Into<String>) -> Self {
        self.unique_key = Some(key.into());
        self
    }
}

/// A stored job.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub payload: Json<Value>,
    pub status: JobStatus,
    /// Attempts started so far, including the running one.
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    pub locked_by: Option<String>,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub unique_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl Job {
    /// The payload decoded into the handler's own type. One that does not decode can never
    /// succeed, so it is a permanent failure (the job is buried with the reason).
    pub fn payload<T: serde::de::DeserializeOwned>(&self) -> Result<T, super::JobError> {
        serde_json::from_value(self.payload.0.clone())
            .map_err(|error| super::JobError::Permanent(format!("bad payload: {error}")))
    }
}

/// What happened to a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailOutcome {
    RetryAt(DateTime<Utc>),
    Dead,
    /// Another worker owns the job now (our lease ran out); nothing was changed.
    LostLease,
}

/// Number of jobs per status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct JobCounts {
    pub queued: i64,
    pub running: i64,
    pub succeeded: i64,
    pub dead: i64,
}

const JOB_COLUMNS: &str = "id, kind, payload, status, attempts, max_attempts, run_at, locked_by, \
     locked_until, last_error, unique_key, created_at, updated_at, finished_at";

/// Longest error text kept per job; handler errors can quote whole responses.
const MAX_ERROR_LEN: usize = 2000;

#[derive(Clone)]
pub struct JobQueue {
    db: Db,
    clock: SharedClock,
}

impl JobQueue {
    pub fn new(db: Db, clock: SharedClock) -> JobQueue {
        JobQueue { db, clock }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn clock(&self) -> SharedClock {
        self.clock.clone()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Enqueues inside the caller's transaction. Returns the id of the new job, or of the
    /// existing job with the same unique key.
    pub async fn enqueue_in(&self, tx: &mut Tx, job: NewJob) -> Result<String, sqlx::Error> {
        enqueue_in(tx, self.clock.as_ref(), job).await
    }

    /// Enqueues in a transaction of its own.
    pub async fn enqueue(&self, job: NewJob) -> Result<String, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let id = self.enqueue_in(&mut tx, job).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Claims the next due job — or a running job whose lease ran out (its worker died) — for
    /// `worker_id`, for `lease`. Counts the attempt.
    pub async fn claim(&self, worker_id: &str, lease: Duration) -> Result<Option<Job>, sqlx::Error> {
        let now = self.clock.now();
        let locked_until = now + lease;
        let due = "(status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3) \
                   ORDER BY run_at, id LIMIT 1";
        let row_lock = match self.db {
            // Concurrent claimers skip each other's rows instead of waiting or double-taking.
            Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
            // SQLite has one writer at a time: the UPDATE is already exclusive.
            Db::Sqlite(..) => "",
        };
        let sql = format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, \
             locked_until = $2, updated_at = $3 \
             WHERE id = (SELECT id FROM jobs WHERE {due}{row_lock}) RETURNING {JOB_COLUMNS}"
        );
        on_db!(&self.db, pool => {
            sqlx::query_as::<_, Job>(&sql)
                .bind(worker_id)
                .bind(locked_until)
                .bind(now)
                .fetch_optional(pool)
                .await
        })
    }

    /// Pushes the lease of a running job forward. False if the job is no longer ours.
    pub async fn extend_lease(
        &self,
        job_id: &str,
        worker_id: &str,
        lease: Duration,
    ) -> Result<bool, sqlx::Error> {
        let now = self.clock.now();
        let affected = on_db!(&self.db, pool => {
            sqlx::query(
                "UPDATE jobs SET locked_until = $3, updated_at = $4 \
                 WHERE id = $1 AND locked_by = $2 AND status = 'running'",
            )
            .bind(job_id)
            .bind(worker_id)
            .bind(now + lease)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Marks a claimed job done. False if the lease was lost to another worker meanwhile.
    pub async fn complete(&self, job: &Job, worker_id: &str) -> Result<bool, sqlx::Error> {
        let now = self.clock.now();
        let affected = on_db!(&self.db, pool => {
            sqlx::query(
                "UPDATE jobs SET status = 'succeeded', locked_by = NULL, locked_until = NULL, \
                 last_error = NULL, finished_at = $3, updated_at = $3 \
                 WHERE id = $1 AND locked_by = $2 AND status = 'running'",
            )
            .bind(&job.id)
            .bind(worker_id)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(affected == 1)
    }

    /// Records a failed attempt: schedules a retry after `retry_after`, or buries the job when
    /// the error is permanent or the attempts are used up.
    pub async fn fail(
        &self,
        job: &Job,
        worker_id: &str,
        error: &str,
        permanent: bool,
        retry_after: Duration,
    ) -> Result<FailOutcome, sqlx::Error> {
        let now = self.clock.now();
        let dead = permanent || job.attempts >= job.max_attempts;
        let (status, run_at, finished_at) = if dead {
            ("dead", job.run_at, Some(now))
        } else {
            ("queued", now + retry_after, None)
        };
        let error: String = error.chars().take(MAX_ERROR_LEN).collect();
        let affected = on_db!(&self.db, pool => {
            sqlx::query(
                "UPDATE jobs SET status = $3, run_at = $4, finished_at = $5, last_error = $6, \
                 locked_by = NULL, locked_until = NULL, updated_at = $7 \
                 WHERE id = $1 AND locked_by = $2 AND status = 'running'",
            )
            .bind(&job.id)
            .bind(worker_id)
            .bind(status)
            .bind(run_at)
            .bind(finished_at)
            .bind(&error)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(match (affected, dead) {
            (0, _) => FailOutcome::LostLease,
            (_, true) => FailOutcome::Dead,
            (_, false) => FailOutcome::RetryAt(run_at),
        })
    }

    pub async fn get(&self, id: &str) -> Result<Option<Job>, sqlx::Error> {
        let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1");
        on_db!(&self.db, pool => sqlx::query_as::<_, Job>(&sql).bind(id).fetch_optional(pool).await)
    }

    /// The newest jobs, optionally of one status (e.g. the dead ones for the admin).
    pub async fn list(&self, status: Option<JobStatus>, limit: i64) -> Result<Vec<Job>, sqlx::Error> {
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE ($1 IS NULL OR status = $1) \
             ORDER BY updated_at DESC, id DESC LIMIT $2"
        );
        let status = status.map(JobStatus::code);
        on_db!(&self.db, pool => {
            sqlx::query_as::<_, Job>(&sql).bind(status).bind(limit).fetch_all(pool).await
        })
    }

    /// Puts a dead job back in the queue with a fresh set of attempts (admin action).
    pub async fn requeue_dead(&self, id: &str) -> Result<bool, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let requeued = requeue_dead_in(&mut tx, self.clock.as_ref(), id).await?;
        tx.commit().await?;
        Ok(requeued)
    }

    /// Deletes succeeded jobs that finished more than `age` ago; returns how many.
    pub async fn delete_succeeded_before(&self, age: Duration) -> Result<u64, sqlx::Error> {
        let cutoff = self.clock.now() - age;
        on_db!(&self.db, pool => {
            sqlx::query("DELETE FROM jobs WHERE status = 'succeeded' AND finished_at < $1")
                .bind(cutoff)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })
    }

    /// How long the longest-waiting job has been due without a worker taking it: queued
    /// past its `run_at`, or running on a lease that ran out (its worker died). Zero when
    /// none waits. Both halves use an index (`jobs_due`, `jobs_lease`).
    pub async fn oldest_wait(&self) -> Result<Duration, sqlx::Error> {
        let now = self.clock.now();
        let (queued, stranded): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) = on_db!(&self.db, pool => {
            sqlx::query_as(
                "SELECT (SELECT MIN(run_at) FROM jobs WHERE status = 'queued' AND run_at <= $1), \
                        (SELECT MIN(locked_until) FROM jobs WHERE status = 'running' AND locked_until < $1)",
            )
            .bind(now)
            .fetch_one(pool)
            .await?
        });
        let since = queued.into_iter().chain(stranded).min();
        Ok(since.map_or(Duration::ZERO, |since| (now - since).to_std().unwrap_or_default()))
    }

    pub async fn counts(&self) -> Result<JobCounts, sqlx::Error> {
        let rows: Vec<(String, i64)> = on_db!(&self.db, pool => {
            sqlx::query_as("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetch_all(pool).await?
        });
        let mut counts = JobCounts::default();
        for (status, n) in rows {
            match status.as_str() {
                "queued" => counts.queued = n,
                "running" => counts.running = n,
                "succeeded" => counts.succeeded = n,
                "dead" => counts.dead = n,
                _ => {}
            }
        }
        Ok(counts)
    }
}

/// Enqueues inside the caller's transaction. Returns the id of the new job, or of the
/// existing job with the same unique key.
pub async fn enqueue_in(tx: &mut Tx, clock: &dyn Clock, job: NewJob) -> Result<String, sqlx::Error> {
    let now = clock.now();
    let id = uuid::Uuid::now_v7().to_string();
    if job.run_at.is_none_or(|at| at <= now) {
        wake_workers_on_commit(tx).await?;
    }
    let inserted = on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, unique_key, created_at, updated_at) \
             VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $7, $7) ON CONFLICT (unique_key) DO NOTHING",
        )
        .bind(&id)
        .bind(&job.kind)
        .bind(Json(&job.payload))
        .bind(job.max_attempts)
        .bind(job.run_at.unwrap_or(now))
        .bind(&job.unique_key)
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected()
    });
    if inserted == 1 {
        return Ok(id);
    }
    on_tx!(tx, conn => {
        sqlx::query_scalar::<_, String>("SELECT id FROM jobs WHERE unique_key = $1")
            .bind(&job.unique_key)
            .fetch_one(&mut *conn)
            .await
    })
}

/// Event that tells every instance's idle workers that a job is due now.
pub const JOB_READY_TOPIC: &str = "jobs:ready";

/// Wakes idle workers on every instance once `tx` commits, so a job due now starts within
/// milliseconds instead of at the next poll (which stays, for jobs due later and retries).
async fn wake_workers_on_commit(tx: &mut Tx) -> Result<(), sqlx::Error> {
    // One event per transaction is enough (a batch of 500 notifications enqueues 500 jobs).
    if !tx.first_publication(JOB_READY_TOPIC) {
        return Ok(());
    }
    match publish_in(tx, &Event::new(JOB_READY_TOPIC, None, Value::Null)).await {
        Ok(()) => Ok(()),
        Err(PublishError::Database(error)) => Err(error),
        Err(error) => {
            tracing::warn!(%error, "job wake-up not published");
            Ok(())
        }
    }
}

/// [`JobQueue::requeue_dead`] in the caller's transaction (an admin's change with its audit
/// entry); `false` unless the job was dead.
pub async fn requeue_dead_in(tx: &mut Tx, clock: &dyn Clock, id: &str) -> Result<bool, sqlx::Error> {
    let affected = on_tx!(tx, conn => sqlx::query(
        "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2, finished_at = NULL, \
         updated_at = $2 WHERE id = $1 AND status = 'dead'",
    )
    .bind(id)
    .bind(clock.now())
    .execute(&mut *conn)
    .await?
    .rows_affected());
    if affected == 1 {
        wake_workers_on_commit(tx).await?;
    }
    Ok(affected == 1)
}
