//! The states of a service and of the actions asked of it.

use serde::{Deserialize, Serialize};

/// Whether the customer has (paid for) the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceStatus {
    Active,
    /// Unpaid past its expiry: powered off, data kept.
    Suspended,
    /// Deleted at the provider.
    Terminated,
}

impl ServiceStatus {
    pub fn code(self) -> &'static str {
        match self {
            ServiceStatus::Active => "ACTIVE",
            ServiceStatus::Suspended => "SUSPENDED",
            ServiceStatus::Terminated => "TERMINATED",
        }
    }

    pub fn from_code(code: &str) -> Option<ServiceStatus> {
        [
            ServiceStatus::Active,
            ServiceStatus::Suspended,
            ServiceStatus::Terminated,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }
}

/// What a customer can ask of their VPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionKind {
    PowerOn,
    PowerOff,
    Reboot,
    Rebuild,
    Delete,
    /// Onto a bigger plan: comes with a paid upgrade (`services::upgrade`), never asked for
    /// as a plain action.
    Resize,
}

impl ActionKind {
    pub const ALL: [ActionKind; 6] = [
        ActionKind::PowerOn,
        ActionKind::PowerOff,
        ActionKind::Reboot,
        ActionKind::Rebuild,
        ActionKind::Delete,
        ActionKind::Resize,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionKind::PowerOn => "power_on",
            ActionKind::PowerOff => "power_off",
            ActionKind::Reboot => "reboot",
            ActionKind::Rebuild => "rebuild",
            ActionKind::Delete => "delete",
            ActionKind::Resize => "resize",
        }
    }

    pub fn from_code(code: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Whether the action makes sense now: only on an active service, and only from a
    /// settled power state (`running` / `off`). The one rule for the buttons and the server.
    pub fn allowed(self, status: ServiceStatus, power_state: &str) -> bool {
        if status != ServiceStatus::Active {
            return false;
        }
        match self {
            ActionKind::PowerOn => power_state == "off",
            ActionKind::PowerOff | ActionKind::Reboot => power_state == "running",
            ActionKind::Rebuild | ActionKind::Delete | ActionKind::Resize => {
                matches!(power_state, "running" | "off")
            }
        }
    }

    /// Whether a customer asks for it as such (a resize is what a paid upgrade does).
    pub fn requested_alone(self) -> bool {
        self != ActionKind::Resize
    }

    /// Destructive actions need the host name typed as confirmation.
    pub fn needs_confirmation(self) -> bool {
        matches!(self, ActionKind::Rebuild | ActionKind::Delete)
    }
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl ActionStatus {
    pub fn code(self) -> &'static str {
        match self {
            ActionStatus::Queued => "queued",
            ActionStatus::Running => "running",
            ActionStatus::Done => "done",
            ActionStatus::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<ActionStatus> {
        [
            ActionStatus::Queued,
            ActionStatus::Running,
            ActionStatus::Done,
            ActionStatus::Failed,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }

    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Queued | ActionStatus::Running)
    }
}

/// Where a move to a bigger plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UpgradeStatus {
    /// Its invoice waits for payment.
    Pending,
    /// Paid: the machine is being resized.
    Paid,
    /// The service is on the new plan.
    Done,
    /// The resize failed; the payment went back to the customer's balance.
    Failed,
    /// Replaced by another choice, or no longer payable (the period changed).
    Void,
}

impl UpgradeStatus {
    pub fn code(self) -> &'static str {
        match self {
            UpgradeStatus::Pending => "pending",
            UpgradeStatus::Paid => "paid",
            UpgradeStatus::Done => "done",
            UpgradeStatus::Failed => "failed",
            UpgradeStatus::Void => "void",
        }
    }

    pub fn from_code(code: &str) -> Option<UpgradeStatus> {
        [
            UpgradeStatus::Pending,
            UpgradeStatus::Paid,
            UpgradeStatus::Done,
            UpgradeStatus::Failed,
            UpgradeStatus::Void,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }
}

#[cfg(feature = "ssr")]
crate::stored_as_text!(UpgradeStatus);
#[cfg(feature = "ssr")]
crate::stored_as_text!(ServiceStatus);
#[cfg(feature = "ssr")]
crate::stored_as_text!(ActionKind);
#[cfg(feature = "ssr")]
crate::stored_as_text!(ActionStatus);
