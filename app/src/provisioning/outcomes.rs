//! Provisioning as Prometheus sees it, per provider: what each step of the job ended in and
//! how long a paid order waited for its running server. Registered on the instance's
//! registry (server/src/ops/metrics.rs) and recorded by the job; the dashboard and the
//! provider-outage alert read them (deploy/).

use crate::outcome_metrics::{Described, OutcomeMetrics};
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::time::Duration;

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
    /// Every outcome's label, for the series created at zero.
    const LABELS: [&str; 4] = [
        StepOutcome::Active.label(),
        StepOutcome::Waiting.label(),
        StepOutcome::Retrying.label(),
        StepOutcome::Failed.label(),
    ];

    pub const fn label(self) -> &'static str {
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

/// Provisioning job runs by provider and outcome, and the time from payment to a running
/// server by provider.
#[derive(Clone)]
pub struct ProvisioningMetrics(OutcomeMetrics);

impl ProvisioningMetrics {
    pub fn register(registry: &mut Registry) -> ProvisioningMetrics {
        ProvisioningMetrics(OutcomeMetrics::register(
            registry,
            "provider",
            &StepOutcome::LABELS,
            Described {
                name: "webrana_provisioning_steps",
                help: "Provisioning job runs, by provider and what they ended in",
            },
            Described {
                name: "webrana_provisioning_ready_seconds",
                help: "Time from payment to a running server, by provider",
            },
            || Histogram::new(READY_BUCKETS),
        ))
    }

    /// Every provider's series at zero from the start.
    pub fn start_at_zero<'a>(&self, providers: impl IntoIterator<Item = &'a str>) {
        self.0.start_at_zero(providers);
    }

    pub fn step(&self, provider: &str, outcome: StepOutcome) {
        self.0.count(provider, outcome.label());
    }

    /// A server running, `waited` after its payment.
    pub fn ready(&self, provider: &str, waited: Duration) {
        self.0
            .observe(provider, StepOutcome::Active.label(), waited.as_secs_f64());
    }
}
