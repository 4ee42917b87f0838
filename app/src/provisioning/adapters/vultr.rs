//! Vultr API v2: instances (start, halt, reboot, reinstall with another OS), regions, plans
//! and operating systems.
//!
//! Our tag is the instance's label and one of its `tags`; it is found again with
//! `GET /instances?label=` (the `tag` filter is deprecated).
//! Vultr picks its own root password; cloud-init (`user_data`, base64) sets ours instead.
//! The instance's `kvm` address is the customer's browser console.

use super::super::provider::{
    CloudProvider, CreateInstance, Instance, InstanceAction, InstanceState, Listing, ProviderError,
    RemoteItem,
};
use super::{ApiClient, ApiSettings, HealthReport, MAX_PAGES, cloud_config, remote_items};
use crate::clock::SharedClock;
use async_trait::async_trait;
use data_encoding::BASE64;
use serde_json::{Value, json};
use std::time::Duration;

pub const SLUG: &str = "vultr";
/// The real API's base includes the version (a Prism mock serves the paths without it).
pub const DEFAULT_BASE_URL: &str = "https://api.vultr.com/v2";
/// Vultr limits by source address at 30 requests a second.
pub const MIN_INTERVAL: Duration = Duration::from_millis(50);

pub struct Vultr {
    api: ApiClient,
}

impl Vultr {
    pub fn new(settings: ApiSettings, clock: SharedClock) -> Vultr {
        Vultr::with_api(ApiClient::new(SLUG, settings, clock))
    }

    pub fn with_api(api: ApiClient) -> Vultr {
        Vultr { api }
    }

    /// Follows Vultr's cursor pagination (`meta.links.next`).
    async fn pages(
        &self,
        path: &str,
        key: &str,
        extra: &[(&str, String)],
    ) -> Result<Vec<Value>, ProviderError> {
        let mut all = Vec::new();
        let mut cursor = String::new();
        for _ in 0..MAX_PAGES {
            let mut query = vec![("per_page", "500".to_string())];
            if !cursor.is_empty() {
                query.push(("cursor", cursor.clone()));
            }
            query.extend(extra.iter().cloned());
            let body = self.api.get(path, &query).await?.unwrap_or_default();
            all.extend(
                body.get(key)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            );
            let next = body
                .pointer("/meta/links/next")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if next.is_empty() || next == cursor {
                break;
            }
            cursor = next.to_string();
        }
        Ok(all)
    }

    async fn instance_json(&self, id: &str) -> Result<Option<Value>, ProviderError> {
        Ok(self
            .api
            .get(&format!("/instances/{id}"), &[])
            .await?
            .and_then(|reply| reply.get("instance").cloned()))
    }
}

fn os_id(image: &str) -> Result<u64, ProviderError> {
    image
        .parse()
        .map_err(|_| ProviderError::permanent(format!("vultr: image '{image}' is not an OS id")))
}

fn non_empty(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty() && *text != "0.0.0.0" && *text != "::")
        .map(str::to_string)
}

/// An instance as we see it: `status` says whether it is built, `power_status` whether it
/// runs, `server_status` whether the system inside is up.
fn instance(body: &Value) -> Option<Instance> {
    let id = body.get("id")?.as_str()?.to_string();
    let text = |field: &str| body.get(field).and_then(Value::as_str).unwrap_or_default();
    let state = match (text("status"), text("power_status"), text("server_status")) {
        ("pending", _, _) => InstanceState::Creating,
        ("resizing", _, _) => InstanceState::Busy,
        ("suspended", _, _) | ("active", "stopped", _) => InstanceState::Off,
        ("active", "running", "ok") => InstanceState::Running,
        _ => InstanceState::Busy,
    };
    let ipv6 =
        non_empty(body.get("v6_main_ip")).or_else(|| non_empty(body.pointer("/v6_networks/0/main_ip")));
    Some(Instance {
        id,
        state,
        ipv4: non_empty(body.get("main_ip")),
        ipv6,
        size: non_empty(body.get("plan")),
        raw: body.clone(),
    })
}

fn unreadable() -> ProviderError {
    ProviderError::retryable("vultr: the answer has no instance")
}

#[async_trait]
impl CloudProvider for Vultr {
    fn slug(&self) -> &'static str {
        SLUG
    }

    async fn find_by_tag(&self, tag: &str) -> Result<Option<Instance>, ProviderError> {
        let instances = self
            .pages("/instances", "instances", &[("label", tag.to_string())])
            .await?;
        Ok(instances
            .iter()
            .filter(|body| body.get("label").and_then(Value::as_str) == Some(tag))
            .find_map(instance))
    }

    async fn create(&self, request: &CreateInstance) -> Result<Instance, ProviderError> {
        let body = json!({
            "region": request.region,
            "plan": request.size,
            "os_id": os_id(&request.image)?,
            "label": request.tag,
            "hostname": request.hostname,
            "tags": [request.tag],
            "enable_ipv6": true,
            "user_data": BASE64.encode(cloud_config(&request.root_password).as_bytes()),
        });
        let reply = self
            .api
            .post("/instances", Some(&body))
            .await?
            .unwrap_or_default();
        reply.get("instance").and_then(instance).ok_or_else(unreadable)
    }

    async fn get(&self, id: &str) -> Result<Option<Instance>, ProviderError> {
        match self.instance_json(id).await? {
            Some(body) => instance(&body).map(Some).ok_or_else(unreadable),
            None => Ok(None),
        }
    }

    async fn act(&self, id: &str, action: &InstanceAction) -> Result<(), ProviderError> {
        let reply = match action {
            InstanceAction::PowerOn => self.api.post(&format!("/instances/{id}/start"), None).await?,
            InstanceAction::PowerOff => self.api.post(&format!("/instances/{id}/halt"), None).await?,
            InstanceAction::Reboot => self.api.post(&format!("/instances/{id}/reboot"), None).await?,
            InstanceAction::Rebuild { image, root_password } => {
                // The spec types `os_id` as a string here (an integer on create).
                let body = json!({
                    "os_id": os_id(image)?.to_string(),
                    "user_data": BASE64.encode(cloud_config(root_password).as_bytes()),
                });
                self.api.patch(&format!("/instances/{id}"), &body).await?
            }
            InstanceAction::Resize { size } => {
                self.api
                    .patch(&format!("/instances/{id}"), &json!({ "plan": size }))
                    .await?
            }
        };
        reply
            .map(|_| ())
            .ok_or_else(|| ProviderError::permanent("vultr: the instance no longer exists"))
    }

    async fn delete(&self, id: &str) -> Result<(), ProviderError> {
        self.api.delete(&format!("/instances/{id}")).await
    }

    async fn list(&self, what: Listing) -> Result<Vec<RemoteItem>, ProviderError> {
        let (path, key, name): (_, _, &[&str]) = match what {
            Listing::Regions => ("/regions", "regions", &["city", "country"]),
            Listing::Sizes => ("/plans", "plans", &["type"]),
            Listing::Images => ("/os", "os", &["name"]),
        };
        let items = Value::Array(self.pages(path, key, &[]).await?);
        Ok(remote_items(Some(&items), "id", name))
    }

    fn offers_console(&self) -> bool {
        true
    }

    async fn console_url(&self, id: &str) -> Result<Option<String>, ProviderError> {
        Ok(self
            .instance_json(id)
            .await?
            .and_then(|body| non_empty(body.get("kvm"))))
    }

    fn health(&self) -> Option<HealthReport> {
        Some(self.api.health().report())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_status_fields() {
        for (status, power, server, state) in [
            ("pending", "running", "none", InstanceState::Creating),
            ("active", "running", "installingbooting", InstanceState::Busy),
            ("active", "running", "ok", InstanceState::Running),
            ("active", "stopped", "ok", InstanceState::Off),
            ("resizing", "running", "ok", InstanceState::Busy),
        ] {
            let body = json!({"id": "cb676a46", "status": status, "power_status": power,
                "server_status": server, "main_ip": "0.0.0.0"});
            let seen = instance(&body).unwrap();
            assert_eq!(seen.state, state, "{status}/{power}/{server}");
            assert_eq!(seen.ipv4, None, "0.0.0.0 is no address");
        }
        let body = json!({"id": "x", "status": "active", "main_ip": "192.0.2.7",
            "v6_networks": [{"network": "2001:db8::", "main_ip": "2001:db8::7"}]});
        assert_eq!(instance(&body).unwrap().ipv6.as_deref(), Some("2001:db8::7"));
    }

    #[test]
    fn os_ids_must_be_numbers() {
        assert_eq!(os_id("2284").unwrap(), 2284);
        assert!(matches!(os_id("ubuntu"), Err(ProviderError::Permanent { .. })));
    }
}
