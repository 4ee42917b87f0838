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
}

impl ActionKind {
    pub const ALL: [ActionKind; 5] = [
        ActionKind::PowerOn,
        ActionKind::PowerOff,
        ActionKind::Reboot,
        ActionKind::Rebuild,
        ActionKind::Delete,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionKind::PowerOn => "power_on",
            ActionKind::PowerOff => "power_off",
            ActionKind::Reboot => "reboot",
            ActionKind::Rebuild => "rebuild",
            ActionKind::Delete => "delete",
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
            ActionKind::Rebuild | ActionKind::Delete => matches!(power_state, "running" | "off"),
        }
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

#[cfg(feature = "ssr")]
crate::stored_as_text!(ServiceStatus);
#[cfg(feature = "ssr")]
crate::stored_as_text!(ActionKind);
#[cfg(feature = "ssr")]
crate::stored_as_text!(ActionStatus);
