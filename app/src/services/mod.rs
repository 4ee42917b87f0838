//! The customer's control panel: their VPSes (`/dashboard`), one VPS's page
//! (`/services/:id`) and the actions on it — power on/off, reboot, rebuild, delete — each
//! carried out by a durable job while the page shows its progress.
//!
//! - [`server_fns`]: the server functions (ownership checked in each).
//! - `actions` (ssr): the job that performs an action at the provider.
//! - `store` (ssr): service and action rows.
//! - `upgrade` (ssr): moving a server to a bigger plan, paid for the rest of its period.

pub mod metrics;
pub mod pages;
mod server_fns;
pub mod status;
pub mod texts;
mod views;

#[cfg(feature = "ssr")]
pub mod actions;
#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod metrics_cache;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upgrade;

pub use server_fns::{
    OpenConsole, RenewService, RequestServiceAction, RevealRootPassword, UpgradeService, get_service,
    get_service_metrics, list_my_services, open_console, renew_service, request_service_action,
    reveal_root_password, upgrade_service,
};
pub use status::{ActionKind, ActionStatus, ServiceStatus, UpgradeStatus};
pub use texts::ServiceText;
pub use views::{ActionView, ServiceLine, ServiceSummary, UpgradeChoice, UpgradeView};

use serde::{Deserialize, Serialize};

/// Services per dashboard page: the first page of a customer with many servers is the
/// dashboard's cost (docs/BENCHMARKS.md "HTTP routes"; 20 rows served ~30 % more pages a
/// second than 50), and 20 fit a laptop screen.
pub const SERVICES_PER_PAGE: i64 = 20;

/// One page of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceList {
    pub services: Vec<ServiceLine>,
    /// 1-based.
    pub page: u32,
    pub has_more: bool,
}

/// A rebuild choice: a catalog image of the service's provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageChoice {
    pub id: String,
    pub label: String,
}

/// Everything the service page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub service: ServiceSummary,
    pub vcpu: i32,
    pub memory_mb: i32,
    pub disk_gb: i32,
    pub cycle_months: i32,
    /// The action under way, if any (its buttons are then disabled).
    pub open_action: Option<ActionView>,
    pub recent_actions: Vec<ActionView>,
    pub images: Vec<ImageChoice>,
    /// Whether a root password is stored for its owner to reveal.
    pub has_root_password: bool,
    /// The provider offers a browser console (opened on request).
    pub console_available: bool,
    /// Renewal, suspension and termination: what comes next and the invoice to pay.
    pub lifecycle: crate::lifecycle::LifecycleView,
    /// The bigger plans it may move to now (none while it cannot change plan).
    pub upgrade_choices: Vec<UpgradeChoice>,
    /// Its latest move to another plan, if any.
    pub upgrade: Option<UpgradeView>,
}

impl ServiceDetail {
    /// Whether the page should keep refreshing: an action runs or the machine is between
    /// states.
    pub fn settling(&self) -> bool {
        self.open_action.is_some()
            || self
                .upgrade
                .as_ref()
                .is_some_and(|upgrade| upgrade.status == UpgradeStatus::Paid)
            || !matches!(self.service.power_state.as_str(), "running" | "off" | "deleted")
    }

    /// Whether `kind` may be asked for now.
    pub fn can(&self, kind: ActionKind) -> bool {
        self.open_action.is_none() && kind.allowed(self.service.status, &self.service.power_state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_the_power_state_and_only_on_active_services() {
        use ActionKind::*;
        let active = ServiceStatus::Active;
        assert!(PowerOn.allowed(active, "off"));
        assert!(!PowerOn.allowed(active, "running"));
        assert!(PowerOff.allowed(active, "running") && Reboot.allowed(active, "running"));
        assert!(!Reboot.allowed(active, "off"));
        for kind in ActionKind::ALL {
            assert!(!kind.allowed(active, "busy"), "{kind:?} while busy");
            assert!(
                !kind.allowed(ServiceStatus::Suspended, "off"),
                "{kind:?} when suspended"
            );
            assert!(!kind.allowed(ServiceStatus::Terminated, "deleted"));
            assert_eq!(ActionKind::from_code(kind.code()), Some(kind));
        }
        assert!(Rebuild.allowed(active, "off") && Delete.allowed(active, "running"));
    }
}
