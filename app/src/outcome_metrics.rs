//! One shape of Prometheus metrics shared by the job worker and provisioning: a counter per
//! subject (a job kind, a provider) and outcome, and a histogram of durations per subject.

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Label pairs, e.g. `[("kind", "orders.provision"), ("outcome", "dead")]`: the subject's
/// label name differs per use, which a derived label struct cannot express.
type Labels = Vec<(&'static str, String)>;

/// A name and help text of a registered metric.
pub struct Described {
    pub name: &'static str,
    pub help: &'static str,
}

#[derive(Clone)]
pub struct OutcomeMetrics {
    /// The subject's label name.
    subject: &'static str,
    outcomes: &'static [&'static str],
    counts: Family<Labels, Counter>,
    durations: Family<Labels, Histogram, fn() -> Histogram>,
}

impl OutcomeMetrics {
    /// Registers the counter `counts` (by subject and outcome) and the histogram
    /// `durations` (by subject, made by `histogram`).
    pub fn register(
        registry: &mut Registry,
        subject: &'static str,
        outcomes: &'static [&'static str],
        counts: Described,
        durations: Described,
        histogram: fn() -> Histogram,
    ) -> OutcomeMetrics {
        let metrics = OutcomeMetrics {
            subject,
            outcomes,
            counts: Family::default(),
            durations: Family::new_with_constructor(histogram),
        };
        registry.register(counts.name, counts.help, metrics.counts.clone());
        registry.register(durations.name, durations.help, metrics.durations.clone());
        metrics
    }

    /// Every subject's series at zero from the start: `increase()` misses the first event
    /// of a series that appears with it (then the first job to give up, or the first failed
    /// server, after a restart would not fire its alert).
    pub fn start_at_zero<'a>(&self, subjects: impl IntoIterator<Item = &'a str>) {
        for subject in subjects {
            let _ = self.durations.get_or_create(&self.labels(subject, None));
            for outcome in self.outcomes {
                let _ = self.counts.get_or_create(&self.labels(subject, Some(outcome)));
            }
        }
    }

    /// Counts one `outcome` of `subject`.
    pub fn count(&self, subject: &str, outcome: &'static str) {
        self.counts
            .get_or_create(&self.labels(subject, Some(outcome)))
            .inc();
    }

    /// Records how long `subject` took, then counts its `outcome`: in that order, a scrape
    /// that sees the count sees the duration too.
    pub fn observe(&self, subject: &str, outcome: &'static str, seconds: f64) {
        self.durations
            .get_or_create(&self.labels(subject, None))
            .observe(seconds);
        self.count(subject, outcome);
    }

    fn labels(&self, subject: &str, outcome: Option<&str>) -> Labels {
        let mut labels = vec![(self.subject, subject.to_string())];
        labels.extend(outcome.map(|outcome| ("outcome", outcome.to_string())));
        labels
    }
}
