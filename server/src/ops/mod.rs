//! Operations: health and readiness probes, Prometheus metrics, and the per-request
//! middleware (request id, span, latency, log line).

mod health;
mod metrics;
mod request;

pub use health::{health, ready};
pub use metrics::{Metrics, metrics_endpoint};
pub use request::{REQUEST_ID_HEADER, RequestId, observe};

use app::jobs::JobQueue;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the operational endpoints look at. Shared through an axum `Extension`.
#[derive(Clone)]
pub struct Ops {
    pub metrics: Arc<Metrics>,
    pub queue: JobQueue,
    pub lifecycle: Arc<Lifecycle>,
    /// `WEBRANA_METRICS_TOKEN`: the bearer token a scraper must send for `/metrics`.
    pub metrics_token: Option<Arc<str>>,
}

/// Process-wide flags read by the readiness probe.
#[derive(Debug, Default)]
pub struct Lifecycle {
    shutting_down: AtomicBool,
    workers_expected: AtomicBool,
    workers_stopped: AtomicBool,
}

impl Lifecycle {
    /// Stops advertising readiness so a load balancer drains this instance.
    pub fn begin_shutdown(&self) {
        self.shutting_down.store(true, Ordering::SeqCst);
    }

    pub fn is_shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::SeqCst)
    }

    pub fn expect_workers(&self) {
        self.workers_expected.store(true, Ordering::SeqCst);
    }

    /// Called when a worker task ends outside a shutdown (it crashed).
    pub fn worker_stopped(&self) {
        self.workers_stopped.store(true, Ordering::SeqCst);
    }

    pub fn workers_healthy(&self) -> bool {
        !self.workers_expected.load(Ordering::SeqCst) || !self.workers_stopped.load(Ordering::SeqCst)
    }
}
