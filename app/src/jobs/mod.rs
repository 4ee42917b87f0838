//! Durable jobs: work that must outlive the request that caused it (provisioning,
//! renewals, deliveries, webhook processing).
//!
//! - A job is enqueued **in the same transaction** as the change that causes it
//!   ([`JobQueue::enqueue_in`]), so either both happen or neither does.
//! - Enqueueing a job that is due now wakes idle workers on every instance when its
//!   transaction commits (an event on the bus); otherwise workers poll.
//! - A worker claims one due job with a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
//!   instances never take the same job). The lease is extended while the handler runs; if
//!   the worker dies, the lease runs out and another worker resumes the job.
//! - A failed attempt is retried with exponential backoff (jitter spreads the herd) until
//!   `max_attempts`; then the job is `dead`, kept with its last error and listable.
//! - Handlers must be idempotent: a job can run again after a crash mid-step.

mod backoff;
pub mod metrics;
mod queue;
mod worker;

pub use backoff::Backoff;
pub use metrics::JobMetrics;
pub use queue::{
    FailOutcome, JOB_READY_TOPIC, Job, JobCounts, JobQueue, JobStatus, NewJob, enqueue_in, requeue_dead_in,
};
pub use worker::{JobError, JobHandler, JobRegistry, Outcome, Worker, WorkerSettings};
