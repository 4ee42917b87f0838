//! What every cloud adapter can do, in our words: the [`CloudProvider`] trait and the types
//! it speaks. Adapters translate to and from their API; the provisioning job and the
//! control panel only ever see these types.

use async_trait::async_trait;
use std::time::Duration;

/// What we ask a provider to create. `tag` carries our service id so a retry after a
/// crash finds the instance instead of creating a second one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateInstance {
    pub tag: String,
    pub hostname: String,
    /// The provider's ids, from the catalog.
    pub region: String,
    pub size: String,
    pub image: String,
    /// Set as the root password where the provider takes one.
    pub root_password: String,
}

/// The provider's view of an instance, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub id: String,
    pub state: InstanceState,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    /// The provider's size id the machine has now (a resize is done when it shows the new
    /// one), where the provider says.
    pub size: Option<String>,
    /// The provider's own description of the machine, as it sent it (for staff).
    pub raw: serde_json::Value,
}

impl Instance {
    /// [`Instance::raw`] for staff eyes: values that open the machine (console links with
    /// their tokens such as Vultr's `kvm`, passwords, keys, tokens) are replaced by
    /// `"[redacted]"`, at any depth.
    pub fn redacted_raw(&self) -> serde_json::Value {
        let mut raw = self.raw.clone();
        redact(&mut raw);
        raw
    }
}

/// Field names (any case, any part of the name) whose values are secrets.
const SECRET_FIELDS: [&str; 7] = ["kvm", "console", "password", "pass", "token", "secret", "key"];

fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            for (name, value) in fields.iter_mut() {
                let name = name.to_ascii_lowercase();
                if SECRET_FIELDS.iter().any(|secret| name.contains(secret)) {
                    *value = serde_json::Value::String("[redacted]".into());
                } else {
                    redact(value);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// Lifecycle states every adapter maps its own onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InstanceState {
    /// Being built; not usable yet.
    Creating,
    Running,
    Off,
    /// An action is under way (booting, shutting down, rebooting).
    Busy,
    Rebuilding,
    Deleted,
}

impl InstanceState {
    pub fn code(self) -> &'static str {
        match self {
            InstanceState::Creating => "creating",
            InstanceState::Running => "running",
            InstanceState::Off => "off",
            InstanceState::Busy => "busy",
            InstanceState::Rebuilding => "rebuilding",
            InstanceState::Deleted => "deleted",
        }
    }

    pub fn from_code(code: &str) -> Option<InstanceState> {
        [
            InstanceState::Creating,
            InstanceState::Running,
            InstanceState::Off,
            InstanceState::Busy,
            InstanceState::Rebuilding,
            InstanceState::Deleted,
        ]
        .into_iter()
        .find(|state| state.code() == code)
    }
}

/// Power and maintenance actions on an existing instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstanceAction {
    PowerOn,
    PowerOff,
    Reboot,
    /// Reinstalls from `image` (the provider's id); the new system's root password is
    /// `root_password`.
    Rebuild {
        image: String,
        root_password: String,
    },
    /// Moves the machine to another size (the provider's id), disk included where the
    /// provider grows it; sizes only grow. DigitalOcean wants the machine off for this.
    Resize {
        size: String,
    },
}

/// Which part of a provider's own catalog to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Regions,
    Sizes,
    Images,
}

/// One region, size or image as the provider names it, to check our catalog against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteItem {
    /// The id our catalog stores (region slug, size slug, image slug or OS id).
    pub id: String,
    pub name: String,
}

/// Why a provider call failed, and whether trying again can help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// Network trouble, a 5xx, or a rate limit: try again later (no sooner than
    /// `retry_after` when the provider said so).
    #[error("temporary provider error: {message}")]
    Retryable {
        message: String,
        retry_after: Option<Duration>,
    },
    /// The provider refused the request (bad token, invalid size, quota): retrying the
    /// same request cannot help.
    #[error("provider refused the request: {message}")]
    Permanent { message: String },
}

impl ProviderError {
    pub fn retryable(message: impl Into<String>) -> ProviderError {
        ProviderError::Retryable {
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn permanent(message: impl Into<String>) -> ProviderError {
        ProviderError::Permanent {
            message: message.into(),
        }
    }
}

/// A metric's readings over a period: (UNIX seconds, value), oldest first.
pub type Points = Vec<(i64, f64)>;

/// What a provider reports of a machine's use over a period; a series it does not offer is
/// `None` (DigitalOcean has no disk I/O, for instance).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InstanceMetrics {
    /// Percent of the machine's CPU in use.
    pub cpu_percent: Option<Points>,
    /// Public traffic in and out, bits per second.
    pub network_in: Option<Points>,
    pub network_out: Option<Points>,
    /// Disk reads and writes, kilobytes per second (blocks per second for Linode).
    pub disk_read: Option<Points>,
    pub disk_write: Option<Points>,
}

#[async_trait]
pub trait CloudProvider: Send + Sync {
    /// Our catalog slug of this provider (`digitalocean`, `vultr`, `linode`, `simulated`).
    fn slug(&self) -> &'static str;

    /// The instance carrying our tag, if one exists (not deleted).
    async fn find_by_tag(&self, tag: &str) -> Result<Option<Instance>, ProviderError>;

    async fn create(&self, request: &CreateInstance) -> Result<Instance, ProviderError>;

    /// `None` when the provider no longer knows the instance.
    async fn get(&self, id: &str) -> Result<Option<Instance>, ProviderError>;

    async fn act(&self, id: &str, action: &InstanceAction) -> Result<(), ProviderError>;

    /// Deleting an instance that is already gone succeeds.
    async fn delete(&self, id: &str) -> Result<(), ProviderError>;

    /// The provider's regions, sizes or OS images.
    async fn list(&self, what: Listing) -> Result<Vec<RemoteItem>, ProviderError>;

    /// The machine's use between `start` and `end` (UNIX seconds); `None` where the
    /// provider has no metrics.
    async fn metrics(
        &self,
        _id: &str,
        _start: i64,
        _end: i64,
    ) -> Result<Option<InstanceMetrics>, ProviderError> {
        Ok(None)
    }

    /// Whether [`CloudProvider::console_url`] can give a console at all.
    fn offers_console(&self) -> bool {
        false
    }

    /// A browser console for the customer, where the provider offers one.
    async fn console_url(&self, _id: &str) -> Result<Option<String>, ProviderError> {
        Ok(None)
    }

    /// How the provider's API has been answering this instance (real adapters only).
    fn health(&self) -> Option<crate::provisioning::adapters::HealthReport> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_see_the_machine_but_not_what_opens_it() {
        let instance = Instance {
            id: "i-1".into(),
            state: InstanceState::Running,
            ipv4: None,
            ipv6: None,
            size: None,
            raw: serde_json::json!({
                "instance": {
                    "id": "cb676a46",
                    "main_ip": "203.0.113.7",
                    "kvm": "https://my.vultr.com/subs/vps/novnc/api.php?data=SECRET",
                    "default_password": "v5#Secret",
                    "nested": [{ "root_pass": "x", "ssh_keys": ["ssh-ed25519 AAA"], "label": "web-01" }],
                    "tokenized": { "access_token": "t" },
                }
            }),
        };
        let shown = instance.redacted_raw().to_string();
        for secret in ["SECRET", "v5#Secret", "\"x\"", "AAA", "\"t\""] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        for kept in ["cb676a46", "203.0.113.7", "web-01"] {
            assert!(shown.contains(kept), "{kept} missing from {shown}");
        }
    }
}
