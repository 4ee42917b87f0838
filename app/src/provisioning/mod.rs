//! Provisioning: a paid order becomes a VPS at a cloud provider.
//!
//! - [`provider`]: the [`CloudProvider`] trait every adapter implements, and its types.
//! - [`simulated`]: the default provider, a cloud of our own that works offline.
//! - [`adapters`]: DigitalOcean, Vultr and Linode, speaking their real APIs.
//! - [`job`]: the durable, idempotent job that creates the instance and activates the order.
//! - [`store`]: provisioning tasks (the services they become are `services::store`'s).
//! - [`metrics`]: machine metrics, simulated and as the providers send them.
//! - [`outcomes`]: the job's own numbers for Prometheus, per provider.

#[cfg(feature = "ssr")]
pub mod adapters;
#[cfg(feature = "ssr")]
pub mod job;
#[cfg(feature = "ssr")]
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod outcomes;
#[cfg(feature = "ssr")]
pub mod provider;
#[cfg(feature = "ssr")]
mod registry;
#[cfg(feature = "ssr")]
pub mod simulated;
mod status;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use provider::{
    CloudProvider, CreateInstance, Instance, InstanceAction, InstanceMetrics, InstanceState, Listing, Points,
    ProviderError, RemoteItem,
};
#[cfg(feature = "ssr")]
pub use registry::Providers;
pub use status::TaskStatus;

use serde::{Deserialize, Serialize};

/// A service as its order's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceBrief {
    pub id: String,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    /// The provider's last reported state (`running`, `off` …).
    pub power_state: String,
}
