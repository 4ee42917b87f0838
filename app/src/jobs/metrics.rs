use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// What a job attempt can end in (the worker's `observe` calls).
const OUTCOMES: [&str; 4] = ["succeeded", "retrying", "dead", "lost_lease"];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub kind: String,
    /// succeeded | retrying | dead | lost_lease
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    pub kind: String,
}

/// Job counters exported on `/metrics`.
#[derive(Clone)]
pub struct JobMetrics {
    pub runs: Family<OutcomeLabels, Counter>,
    pub duration: Family<KindLabels, Histogram>,
}

impl JobMetrics {
    pub fn register(registry: &mut Registry) -> JobMetrics {
        let metrics = JobMetrics {
            runs: Family::default(),
            duration: Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.005, 2.0, 14))),
        };
        registry.register(
            "webrana_job_runs",
            "Job attempts finished, by kind and outcome",
            metrics.runs.clone(),
        );
        registry.register(
            "webrana_job_duration_seconds",
            "Time a job handler ran, by kind",
            metrics.duration.clone(),
        );
        metrics
    }

    /// Every kind's series at zero from the start: `increase()` misses the first run of a
    /// series that appears with it (then the first job to give up after a restart would
    /// not fire the alert).
    pub fn start_at_zero<'a>(&self, kinds: impl IntoIterator<Item = &'a str>) {
        for kind in kinds {
            let _ = self.duration.get_or_create(&KindLabels {
                kind: kind.to_string(),
            });
            for outcome in OUTCOMES {
                let _ = self.runs.get_or_create(&OutcomeLabels {
                    kind: kind.to_string(),
                    outcome,
                });
            }
        }
    }

    /// The duration goes in first: a scrape that counts the run sees its duration too.
    pub fn record(&self, kind: &str, outcome: &'static str, seconds: f64) {
        self.duration
            .get_or_create(&KindLabels {
                kind: kind.to_string(),
            })
            .observe(seconds);
        self.runs
            .get_or_create(&OutcomeLabels {
                kind: kind.to_string(),
                outcome,
            })
            .inc();
    }
}
