//! Operations: health and readiness probes, Prometheus metrics, error tracking, and the
//! per-request middleware (request id, span, latency, error report, log line).

pub mod error_tracking;
mod health;
mod metrics;
mod request;

pub use health::{health, ready};
pub use metrics::{Metrics, metrics_endpoint};
pub use request::{REQUEST_ID_HEADER, RequestId, observe};

/// Every request observed (`observe`), and a handler that panics answered with a plain 500
/// that is observed too, instead of a dropped connection.
pub fn observed<S: Clone + Send + Sync + 'static>(router: axum::Router<S>) -> axum::Router<S> {
    router
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error_tracking::answer_panic,
        ))
        .layer(axum::middleware::from_fn(observe))
}

use app::jobs::JobQueue;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the operational endpoints look at. Shared through an axum `Extension`.
#[derive(Clone)]
pub struct Ops {
    pub metrics: Arc<Metrics>,
    pub queue: JobQueue,
    /// Its open sockets are counted on `/metrics`.
    pub push: app::notifications::push::PushHub,
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
