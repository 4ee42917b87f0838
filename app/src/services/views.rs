//! What a customer sees of a service and its actions: shared by the control panel, the
//! stores that build them and the lifecycle, without tying them to the server functions.

use super::{ActionKind, ActionStatus, ServiceStatus, UpgradeStatus};
use crate::ids::OrderId;
use crate::money::Rupiah;
use serde::{Deserialize, Serialize};

/// One action as the customer sees it (the provider's error stays with staff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: String,
    pub kind: ActionKind,
    pub status: ActionStatus,
    /// RFC 3339.
    pub created_at: String,
    pub finished_at: Option<String>,
}

/// A VPS in the customer's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub id: String,
    pub order_id: OrderId,
    pub hostname: String,
    pub provider_slug: String,
    pub provider_name: String,
    pub plan_name: String,
    pub region_label: String,
    pub image_label: String,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub status: ServiceStatus,
    /// The provider's last reported state: `running`, `off`, `busy`, `rebuilding` …
    pub power_state: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// A VPS as a line of the customer's server list: what its table shows, nothing more (a page
/// of these is serialised into every dashboard view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLine {
    pub id: String,
    pub hostname: String,
    pub provider_name: String,
    pub plan_name: String,
    pub region_label: String,
    pub ipv4: Option<String>,
    pub status: ServiceStatus,
    /// The provider's last reported state: `running`, `off`, `busy`, `rebuilding` …
    pub power_state: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// A bigger plan the server may move to: what is due now for the rest of the paid period,
/// and the monthly price it renews at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpgradeChoice {
    pub plan_id: String,
    pub name: String,
    pub vcpu: i32,
    pub memory_mb: i32,
    pub disk_gb: i32,
    pub monthly_price: Rupiah,
    pub due_now: Rupiah,
}

/// The server's latest move to another plan, as its page tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpgradeView {
    pub plan_name: String,
    pub status: UpgradeStatus,
    /// The invoice to pay while it is pending.
    pub invoice: Option<crate::billing::InvoiceSummary>,
}
