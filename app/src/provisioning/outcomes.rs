//! Provisioning as Prometheus sees it, per provider: what each step of the job ended in and
//! how long a paid order waited for its running server. Registered on the instance's
//! registry (server/src/ops/metrics.rs) and recorded by the job; the dashboard and the
//! provider-outage alert read them (deploy/).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StepLabels {
    pub provider: String,
    /// [`StepOutcome::label`]
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProviderLabels {
    pub provider: String,
}

/// What one run of the provisioning job ended in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    /// The server runs and the order is active.
    Active,
    /// The server is still being built; checked again later.
    Waiting,
    /// The provider (or our database) failed for now; the job retries.
    Retrying,
    /// Given up: the order is `PROVISIONING_FAILED`.
    Failed,
}

impl StepOutcome {
    pub const ALL: [StepOutcome; 4] = [
        StepOutcome::Active,
        StepOutcome::Waiting,
        StepOutcome::Retrying,
        StepOutcome::Failed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StepOutcome::Active => "active",
            StepOutcome::Waiting => "waiting",
            StepOutcome::Retrying => "retrying",
            StepOutcome::Failed => "failed",
        }
    }
}

/// Seconds from payment to a running server: providers take from half a minute to several.
const READY_BUCKETS: [f64; 10] = [15.0, 30.0, 60.0, 90.0, 120.0, 180.0, 300.0, 600.0, 1200.0, 2400.0];

#[derive(Clone)]
pub struct ProvisioningMetrics {
    steps: Family<StepLabels, Counter>,
    ready: Family<ProviderLabels, Histogram>,
}

impl ProvisioningMetrics {
    pub fn register(registry: &mut Registry) -> ProvisioningMetrics {
        let metrics = ProvisioningMetrics {
            steps: Family::default(),
            ready: Family::new_with_constructor(|| Histogram::new(READY_BUCKETS)),
        };
        registry.register(
            "webrana_provisioning_steps",
            "Provisioning job runs, by provider and what they ended in",
            metrics.steps.clone(),
        );
        registry.register(
            "webrana_provisioning_ready_seconds",
            "Time from payment to a running server, by provider",
            metrics.ready.clone(),
        );
        metrics
    }

    /// Every provider's series at zero from the start (as `JobMetrics::start_at_zero`).
    pub fn start_at_zero<'a>(&self, providers: impl IntoIterator<Item = &'a str>) {
        for provider in providers {
            let _ = self.ready.get_or_create(&ProviderLabels {
                provider: provider.to_string(),
            });
            for outcome in StepOutcome::ALL {
                let _ = self.steps.get_or_create(&StepLabels {
                    provider: provider.to_string(),
                    outcome: outcome.label(),
                });
            }
        }
    }

    pub fn step(&self, provider: &str, outcome: StepOutcome) {
        self.steps
            .get_or_create(&StepLabels {
                provider: provider.to_string(),
                outcome: outcome.label(),
            })
            .inc();
    }

    /// The time goes in first: a scrape that counts the server active sees its time too.
    pub fn ready(&self, provider: &str, waited: Duration) {
        self.ready
            .get_or_create(&ProviderLabels {
                provider: provider.to_string(),
            })
            .observe(waited.as_secs_f64());
        self.step(provider, StepOutcome::Active);
    }
}
