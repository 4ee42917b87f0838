//! Running jobs: a registry of handlers by kind and a worker loop that drains the queue.

use super::{Backoff, FailOutcome, JOB_READY_TOPIC, Job, JobMetrics, JobQueue};
use crate::events::{Event, EventBus};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

/// Why an attempt failed, and whether trying again can help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// A passing problem (network, provider 5xx, rate limit): retry with backoff.
    #[error("{0}")]
    Retryable(String),
    /// The other side said when to come back (HTTP 429 with `Retry-After`): retry with
    /// backoff, but no sooner than that.
    #[error("{0}")]
    RetryAfter(String, Duration),
    /// Retrying cannot help (bad payload, refused by the provider): bury now.
    #[error("{0}")]
    Permanent(String),
}

impl JobError {
    /// A retryable failure, no sooner than `after` when the other side said so.
    pub fn retry(message: String, after: Option<Duration>) -> JobError {
        match after {
            Some(after) => JobError::RetryAfter(message, after),
            None => JobError::Retryable(message),
        }
    }
}

#[async_trait]
pub trait JobHandler: Send + Sync + 'static {
    async fn run(&self, job: Job) -> Result<(), JobError>;
}

/// Any `async fn(Job) -> Result<(), JobError>` closure is a handler.
#[async_trait]
impl<F, Fut> JobHandler for F
where
    F: Fn(Job) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), JobError>> + Send + 'static,
{
    async fn run(&self, job: Job) -> Result<(), JobError> {
        (self)(job).await
    }
}

/// Handlers by job kind. Each capability registers its own kinds at start-up.
#[derive(Default, Clone)]
pub struct JobRegistry {
    handlers: HashMap<String, Arc<dyn JobHandler>>,
}

impl JobRegistry {
    pub fn register(&mut self, kind: impl Into<String>, handler: impl JobHandler) -> &mut Self {
        self.handlers.insert(kind.into(), Arc::new(handler));
        self
    }

    /// The kinds with a handler.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.handlers.keys().map(String::as_str)
    }

    fn get(&self, kind: &str) -> Option<Arc<dyn JobHandler>> {
        self.handlers.get(kind).cloned()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct WorkerSettings {
    /// How long a claim is valid without renewal; a dead worker's job is resumed after this.
    pub lease: Duration,
    /// Sleep between polls when the queue is empty.
    pub poll_interval: Duration,
    pub backoff: Backoff,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            lease: Duration::from_secs(60),
            poll_interval: Duration::from_millis(500),
            backoff: Backoff::default(),
        }
    }
}

/// What one call of [`Worker::try_execute_next`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing was due.
    Idle,
    Succeeded {
        id: String,
    },
    Retrying {
        id: String,
        at: DateTime<Utc>,
    },
    Dead {
        id: String,
    },
    /// The job's lease passed to another worker before this one finished.
    LostLease {
        id: String,
    },
}

pub struct Worker {
    id: String,
    queue: JobQueue,
    registry: Arc<JobRegistry>,
    settings: WorkerSettings,
    metrics: Option<JobMetrics>,
    wake_ups: Option<EventBus>,
}

impl Worker {
    pub fn new(queue: JobQueue, registry: Arc<JobRegistry>, settings: WorkerSettings) -> Worker {
        let id = format!("worker-{}", uuid::Uuid::new_v4().simple());
        Worker {
            id,
            queue,
            registry,
            settings,
            metrics: None,
            wake_ups: None,
        }
    }

    /// An idle worker also wakes when the bus says a job is due (see `JOB_READY_TOPIC`).
    pub fn waking_on(mut self, events: &EventBus) -> Worker {
        self.wake_ups = Some(events.clone());
        self
    }

    pub fn with_metrics(mut self, metrics: JobMetrics) -> Worker {
        self.metrics = Some(metrics);
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Claims and runs at most one job. Tests call this until it returns `Idle`.
    pub async fn try_execute_next(&self) -> Result<Outcome, sqlx::Error> {
        let Some(job) = self.queue.claim(&self.id, self.settings.lease).await? else {
            return Ok(Outcome::Idle);
        };
        let span =
            tracing::info_span!("job", job.id = %job.id, job.kind = %job.kind, job.attempt = job.attempts);
        self.execute(job).instrument(span).await
    }

    async fn execute(&self, job: Job) -> Result<Outcome, sqlx::Error> {
        if job.attempts > job.max_attempts {
            // Its last attempt's worker vanished: do not start an attempt it does not have.
            let error = "the worker running the final attempt stopped before finishing";
            return self
                .record_failure(&job, JobError::Permanent(error.into()), 0.0)
                .await;
        }

        let started = Instant::now();
        let result = self.run_with_lease(&job).await;
        let seconds = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                if self.queue.complete(&job, &self.id).await? {
                    self.observe(&job, "succeeded", seconds);
                    tracing::info!(job.id = %job.id, job.kind = %job.kind, "job succeeded");
                    Ok(Outcome::Succeeded { id: job.id })
                } else {
                    self.observe(&job, "lost_lease", seconds);
                    tracing::warn!(job.id = %job.id, "job finished after its lease passed to another worker");
                    Ok(Outcome::LostLease { id: job.id })
                }
            }
            Err(error) => self.record_failure(&job, error, seconds).await,
        }
    }

    async fn record_failure(&self, job: &Job, error: JobError, seconds: f64) -> Result<Outcome, sqlx::Error> {
        let permanent = matches!(error, JobError::Permanent(_));
        let mut delay = self.settings.backoff.delay(job.attempts, &job.id);
        if let JobError::RetryAfter(_, at_least) = &error {
            delay = delay.max(*at_least);
        }
        let message = error.to_string();
        let outcome = self.queue.fail(job, &self.id, &message, permanent, delay).await?;
        let id = job.id.clone();
        Ok(match outcome {
            FailOutcome::RetryAt(at) => {
                self.observe(job, "retrying", seconds);
                tracing::warn!(job.id = %job.id, job.kind = %job.kind, error = %message, retry_at = %at, "job failed; will retry");
                Outcome::Retrying { id, at }
            }
            FailOutcome::Dead => {
                self.observe(job, "dead", seconds);
                tracing::error!(job.id = %job.id, job.kind = %job.kind, error = %message, "job failed for good");
                Outcome::Dead { id }
            }
            FailOutcome::LostLease => {
                self.observe(job, "lost_lease", seconds);
                Outcome::LostLease { id }
            }
        })
    }

    /// Runs the handler in its own task (a panic becomes a retryable failure) while renewing
    /// the lease every third of its length.
    async fn run_with_lease(&self, job: &Job) -> Result<(), JobError> {
        let Some(handler) = self.registry.get(&job.kind) else {
            // Retryable: during a rolling deploy a newer instance may know this kind.
            return Err(JobError::Retryable(format!(
                "no handler for job kind '{}'",
                job.kind
            )));
        };
        let owned = job.clone();
        let mut task = tokio::spawn(async move { handler.run(owned).await });
        let mut renew = tokio::time::interval(self.settings.lease / 3);
        renew.tick().await;
        loop {
            tokio::select! {
                joined = &mut task => {
                    return joined.unwrap_or_else(|join_error| {
                        Err(JobError::Retryable(if join_error.is_panic() {
                            "job handler panicked".to_string()
                        } else {
                            "job handler was cancelled".to_string()
                        }))
                    });
                }
                _ = renew.tick() => {
                    match self.queue.extend_lease(&job.id, &self.id, self.settings.lease).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(job.id = %job.id, "lease could not be renewed: job taken over"),
                        Err(error) => tracing::warn!(job.id = %job.id, %error, "lease renewal failed"),
                    }
                }
            }
        }
    }

    fn observe(&self, job: &Job, outcome: &'static str, seconds: f64) {
        if let Some(metrics) = &self.metrics {
            metrics.observe(&job.kind, outcome, seconds);
        }
    }

    /// Drains the queue until `shutdown` fires. A job already started is finished first, so
    /// a graceful stop never abandons a step half-way.
    pub async fn run(self, shutdown: CancellationToken) {
        tracing::info!(worker.id = %self.id, "job worker started");
        let mut wake_ups = self.wake_ups.as_ref().map(EventBus::subscribe);
        while !shutdown.is_cancelled() {
            let pause = match self.try_execute_next().await {
                Ok(Outcome::Idle) => self.settings.poll_interval,
                Ok(_) => continue,
                Err(error) => {
                    tracing::error!(%error, "job queue unavailable");
                    self.settings.poll_interval * 4
                }
            };
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(pause) => {}
                _ = job_ready(&mut wake_ups) => {}
            }
        }
        tracing::info!(worker.id = %self.id, "job worker stopped");
    }
}

/// Returns when the bus says a job is due, or may have said so unheard (this worker fell
/// behind, or the bus lost its connection); never without a bus.
async fn job_ready(events: &mut Option<tokio::sync::broadcast::Receiver<Event>>) {
    use tokio::sync::broadcast::error::RecvError;
    let Some(events) = events else {
        return std::future::pending().await;
    };
    loop {
        match events.recv().await {
            Ok(event) if event.topic == JOB_READY_TOPIC || event.topic == Event::RESYNC => return,
            Ok(_) => {}
            Err(RecvError::Lagged(_)) => return,
            Err(RecvError::Closed) => return std::future::pending().await,
        }
    }
}
