use crate::outcome_metrics::{Described, OutcomeMetrics};
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// What a job attempt can end in (the worker's `observe` calls).
const OUTCOMES: [&str; 4] = ["succeeded", "retrying", "dead", "lost_lease"];

/// Job attempts and their durations, by kind, exported on `/metrics`.
pub type JobMetrics = OutcomeMetrics;

pub fn register(registry: &mut Registry) -> JobMetrics {
    OutcomeMetrics::register(
        registry,
        "kind",
        &OUTCOMES,
        Described {
            name: "webrana_job_runs",
            help: "Job attempts finished, by kind and outcome",
        },
        Described {
            name: "webrana_job_duration_seconds",
            help: "Time a job handler ran, by kind",
        },
        || Histogram::new(exponential_buckets(0.005, 2.0, 14)),
    )
}
