//! Linode (Akamai) API v4: linode instances (boot, shutdown, reboot, rebuild), regions,
//! types and images.
//!
//! Our tag is both the instance's label (labels are unique per account, customers' host
//! names are not) and its tag, found again with `GET /v4/tags/{tag}`. Linode takes our root
//! password directly (`root_pass`).

use super::super::metrics::{pairs, within};
use super::super::provider::{
    CloudProvider, CreateInstance, Instance, InstanceAction, InstanceMetrics, InstanceState, Listing,
    ProviderError, RemoteItem,
};
use super::{ApiClient, ApiSettings, HealthReport, MAX_PAGES, remote_items};
use crate::clock::SharedClock;
use async_trait::async_trait;
use serde_json::{Value, json};
use std::time::Duration;

pub const SLUG: &str = "linode";
pub const DEFAULT_BASE_URL: &str = "https://api.linode.com";
/// 800 requests per two minutes in general (Linode's published limits).
pub const MIN_INTERVAL: Duration = Duration::from_millis(160);

pub struct Linode {
    api: ApiClient,
}

impl Linode {
    pub fn new(settings: ApiSettings, clock: SharedClock) -> Linode {
        Linode::with_api(ApiClient::new(SLUG, settings, clock))
    }

    pub fn with_api(api: ApiClient) -> Linode {
        Linode { api }
    }

    async fn pages(&self, path: &str) -> Result<Vec<Value>, ProviderError> {
        let mut all = Vec::new();
        for page in 1..=MAX_PAGES {
            let query = [("page", page.to_string()), ("page_size", "500".to_string())];
            let body = self.api.get(path, &query).await?.unwrap_or_default();
            all.extend(
                body.get("data")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            );
            let pages = body.get("pages").and_then(Value::as_u64).unwrap_or(1);
            if page as u64 >= pages {
                break;
            }
        }
        Ok(all)
    }

    async fn action(&self, id: &str, verb: &str, body: Option<&Value>) -> Result<(), ProviderError> {
        match self
            .api
            .post(&format!("/v4/linode/instances/{id}/{verb}"), body)
            .await?
        {
            Some(_) => Ok(()),
            None => Err(ProviderError::permanent("linode: the instance no longer exists")),
        }
    }
}

fn is_private(address: &str) -> bool {
    address
        .parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.is_private())
}

fn instance(body: &Value) -> Option<Instance> {
    let id = body.get("id")?.as_u64()?.to_string();
    let state = match body.get("status").and_then(Value::as_str).unwrap_or_default() {
        "provisioning" => InstanceState::Creating,
        "running" => InstanceState::Running,
        "offline" | "stopped" | "billing_suspension" => InstanceState::Off,
        "rebuilding" => InstanceState::Rebuilding,
        "deleting" => InstanceState::Deleted,
        _ => InstanceState::Busy,
    };
    let ipv4 = body
        .get("ipv4")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|address| !is_private(address))
        .map(str::to_string);
    let ipv6 = body
        .get("ipv6")
        .and_then(Value::as_str)
        .map(|address| address.split('/').next().unwrap_or(address).to_string());
    Some(Instance {
        id,
        state,
        ipv4,
        ipv6,
        size: body.get("type").and_then(Value::as_str).map(str::to_string),
        raw: body.clone(),
    })
}

fn unreadable() -> ProviderError {
    ProviderError::retryable("linode: the answer is not an instance")
}

#[async_trait]
impl CloudProvider for Linode {
    fn slug(&self) -> &'static str {
        SLUG
    }

    async fn find_by_tag(&self, tag: &str) -> Result<Option<Instance>, ProviderError> {
        // No such tag yet: 404, so no instance.
        let tagged = self
            .api
            .get(&format!("/v4/tags/{tag}"), &[])
            .await?
            .unwrap_or_default();
        Ok(tagged
            .get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|object| object.get("type").and_then(Value::as_str) == Some("linode"))
            .filter_map(|object| object.get("data").and_then(instance))
            .find(|linode| linode.state != InstanceState::Deleted))
    }

    async fn create(&self, request: &CreateInstance) -> Result<Instance, ProviderError> {
        let body = json!({
            "type": request.size,
            "region": request.region,
            "image": request.image,
            "root_pass": request.root_password,
            "label": request.tag,
            "tags": [request.tag],
            "booted": true,
        });
        let reply = self
            .api
            .post("/v4/linode/instances", Some(&body))
            .await?
            .unwrap_or_default();
        instance(&reply).ok_or_else(unreadable)
    }

    async fn get(&self, id: &str) -> Result<Option<Instance>, ProviderError> {
        match self.api.get(&format!("/v4/linode/instances/{id}"), &[]).await? {
            Some(body) => instance(&body).map(Some).ok_or_else(unreadable),
            None => Ok(None),
        }
    }

    async fn act(&self, id: &str, action: &InstanceAction) -> Result<(), ProviderError> {
        match action {
            InstanceAction::PowerOn => self.action(id, "boot", None).await,
            InstanceAction::PowerOff => self.action(id, "shutdown", None).await,
            InstanceAction::Reboot => self.action(id, "reboot", None).await,
            InstanceAction::Rebuild { image, root_password } => {
                let body = json!({ "image": image, "root_pass": root_password });
                self.action(id, "rebuild", Some(&body)).await
            }
            InstanceAction::Resize { size } => {
                self.action(id, "resize", Some(&json!({ "type": size }))).await
            }
        }
    }

    async fn delete(&self, id: &str) -> Result<(), ProviderError> {
        self.api.delete(&format!("/v4/linode/instances/{id}")).await
    }

    async fn list(&self, what: Listing) -> Result<Vec<RemoteItem>, ProviderError> {
        let path = match what {
            Listing::Regions => "/v4/regions",
            Listing::Sizes => "/v4/linode/types",
            Listing::Images => "/v4/images",
        };
        let items = Value::Array(self.pages(path).await?);
        Ok(remote_items(Some(&items), "id", &["label"]))
    }

    /// Linode's statistics cover the last 24 hours (timestamps in milliseconds): CPU percent,
    /// public IPv4 traffic in bits/s, disk blocks written per second; no separate reads.
    async fn metrics(
        &self,
        id: &str,
        start: i64,
        end: i64,
    ) -> Result<Option<InstanceMetrics>, ProviderError> {
        let Some(stats) = self
            .api
            .get(&format!("/v4/linode/instances/{id}/stats"), &[])
            .await?
        else {
            return Ok(None);
        };
        let series = |pointer: &str| Some(within(pairs(stats.pointer(pointer), true), start, end));
        Ok(Some(InstanceMetrics {
            cpu_percent: series("/cpu"),
            network_in: series("/netv4/in"),
            network_out: series("/netv4/out"),
            disk_read: None,
            disk_write: series("/io/io"),
        }))
    }

    fn health(&self) -> Option<HealthReport> {
        Some(self.api.health().report())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_state_and_the_public_addresses() {
        let body = json!({"id": 123, "status": "running",
            "ipv4": ["192.168.133.7", "203.0.113.1"], "ipv6": "c001:d00d::1337/128"});
        let seen = instance(&body).unwrap();
        assert_eq!(seen.id, "123");
        assert_eq!(seen.state, InstanceState::Running);
        assert_eq!(seen.ipv4.as_deref(), Some("203.0.113.1"));
        assert_eq!(seen.ipv6.as_deref(), Some("c001:d00d::1337"));
        for (status, state) in [
            ("provisioning", InstanceState::Creating),
            ("booting", InstanceState::Busy),
            ("offline", InstanceState::Off),
            ("rebuilding", InstanceState::Rebuilding),
        ] {
            assert_eq!(
                instance(&json!({"id": 1, "status": status})).unwrap().state,
                state
            );
        }
    }
}
