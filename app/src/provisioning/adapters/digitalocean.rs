//! DigitalOcean API v2: droplets, droplet actions, regions, sizes, images and monitoring
//! metrics.
//!
//! Our tag goes into the droplet's `tags` and is found again with
//! `GET /v2/droplets?tag_name=`. DigitalOcean takes no root password on create, so
//! cloud-init sets ours (`user_data`).

use super::super::metrics::{cpu_percent_from_counters, pairs};
use super::super::provider::{
    CloudProvider, CreateInstance, Instance, InstanceAction, InstanceMetrics, InstanceState, Listing, Points,
    ProviderError, RemoteItem,
};
use super::{ApiClient, ApiSettings, HealthReport, MAX_PAGES, cloud_config, remote_items};
use crate::clock::SharedClock;
use async_trait::async_trait;
use serde_json::{Value, json};
use std::time::Duration;

pub const SLUG: &str = "digitalocean";
pub const DEFAULT_BASE_URL: &str = "https://api.digitalocean.com";
/// 250 requests a minute per token (the API's stated burst limit), with room to spare.
pub const MIN_INTERVAL: Duration = Duration::from_millis(300);

pub struct DigitalOcean {
    api: ApiClient,
}

impl DigitalOcean {
    pub fn new(settings: ApiSettings, clock: SharedClock) -> DigitalOcean {
        DigitalOcean::with_api(ApiClient::new(SLUG, settings, clock))
    }

    pub fn with_api(api: ApiClient) -> DigitalOcean {
        DigitalOcean { api }
    }

    async fn pages(
        &self,
        path: &str,
        key: &str,
        extra: &[(&str, String)],
    ) -> Result<Vec<Value>, ProviderError> {
        const PER_PAGE: usize = 200;
        let mut all = Vec::new();
        for page in 1..=MAX_PAGES {
            let mut query = vec![("per_page", PER_PAGE.to_string()), ("page", page.to_string())];
            query.extend(extra.iter().cloned());
            let body = self.api.get(path, &query).await?.unwrap_or_default();
            let items = body
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let done = items.len() < PER_PAGE;
            all.extend(items);
            if done {
                break;
            }
        }
        Ok(all)
    }
}

/// A droplet as we see it. `locked` means an action is under way.
fn instance(droplet: &Value) -> Option<Instance> {
    let id = match droplet.get("id")? {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        _ => return None,
    };
    let locked = droplet.get("locked").and_then(Value::as_bool).unwrap_or(false);
    let state = match droplet.get("status").and_then(Value::as_str).unwrap_or("new") {
        "new" => InstanceState::Creating,
        "active" if locked => InstanceState::Busy,
        "active" => InstanceState::Running,
        "off" if locked => InstanceState::Busy,
        "off" => InstanceState::Off,
        "archive" => InstanceState::Deleted,
        _ => InstanceState::Busy,
    };
    let public = |family: &str| {
        droplet
            .pointer(&format!("/networks/{family}"))
            .and_then(Value::as_array)?
            .iter()
            .find(|network| network.get("type").and_then(Value::as_str) == Some("public"))?
            .get("ip_address")?
            .as_str()
            .map(str::to_string)
    };
    Some(Instance {
        id,
        state,
        ipv4: public("v4"),
        ipv6: public("v6"),
        size: droplet
            .get("size_slug")
            .and_then(Value::as_str)
            .map(str::to_string),
        raw: droplet.clone(),
    })
}

/// The series of a monitoring reply (`data.result`).
fn result_series(reply: Option<&Value>) -> impl Iterator<Item = &Value> {
    reply
        .and_then(|reply| reply.pointer("/data/result"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn unreadable(what: &str) -> ProviderError {
    ProviderError::retryable(format!("digitalocean: the answer has no {what}"))
}

#[async_trait]
impl CloudProvider for DigitalOcean {
    fn slug(&self) -> &'static str {
        SLUG
    }

    async fn find_by_tag(&self, tag: &str) -> Result<Option<Instance>, ProviderError> {
        let droplets = self
            .pages("/v2/droplets", "droplets", &[("tag_name", tag.to_string())])
            .await?;
        Ok(droplets
            .iter()
            .filter_map(instance)
            .find(|droplet| droplet.state != InstanceState::Deleted))
    }

    async fn create(&self, request: &CreateInstance) -> Result<Instance, ProviderError> {
        let body = json!({
            "name": request.hostname,
            "region": request.region,
            "size": request.size,
            "image": request.image,
            "ipv6": true,
            "monitoring": true,
            "tags": [request.tag],
            "user_data": cloud_config(&request.root_password),
        });
        let reply = self
            .api
            .post("/v2/droplets", Some(&body))
            .await?
            .unwrap_or_default();
        reply
            .get("droplet")
            .and_then(instance)
            .ok_or_else(|| unreadable("droplet"))
    }

    async fn get(&self, id: &str) -> Result<Option<Instance>, ProviderError> {
        let Some(reply) = self.api.get(&format!("/v2/droplets/{id}"), &[]).await? else {
            return Ok(None);
        };
        let droplet = reply
            .get("droplet")
            .and_then(instance)
            .ok_or_else(|| unreadable("droplet"))?;
        Ok((droplet.state != InstanceState::Deleted).then_some(droplet))
    }

    async fn act(&self, id: &str, action: &InstanceAction) -> Result<(), ProviderError> {
        let body = match action {
            InstanceAction::PowerOn => json!({ "type": "power_on" }),
            InstanceAction::PowerOff => json!({ "type": "power_off" }),
            InstanceAction::Reboot => json!({ "type": "reboot" }),
            // The droplet keeps its root password on a rebuild.
            InstanceAction::Rebuild { image, .. } => json!({ "type": "rebuild", "image": image }),
            InstanceAction::Resize { size } => json!({ "type": "resize", "size": size, "disk": true }),
        };
        match self
            .api
            .post(&format!("/v2/droplets/{id}/actions"), Some(&body))
            .await?
        {
            Some(_) => Ok(()),
            None => Err(ProviderError::permanent(
                "digitalocean: the droplet no longer exists",
            )),
        }
    }

    async fn delete(&self, id: &str) -> Result<(), ProviderError> {
        self.api.delete(&format!("/v2/droplets/{id}")).await
    }

    async fn list(&self, what: Listing) -> Result<Vec<RemoteItem>, ProviderError> {
        let (path, key, extra, name): (_, _, Vec<(&str, String)>, &[&str]) = match what {
            Listing::Regions => ("/v2/regions", "regions", vec![], &["name"]),
            Listing::Sizes => ("/v2/sizes", "sizes", vec![], &["description"]),
            Listing::Images => (
                "/v2/images",
                "images",
                vec![("type", "distribution".to_string())],
                &["distribution", "name"],
            ),
        };
        let items = Value::Array(self.pages(path, key, &extra).await?);
        Ok(remote_items(Some(&items), "slug", name))
    }

    /// DigitalOcean's monitoring (the droplet is created with its agent): CPU from the
    /// per-mode counters, public bandwidth in and out (Mbps); no disk I/O metric exists.
    async fn metrics(
        &self,
        id: &str,
        start: i64,
        end: i64,
    ) -> Result<Option<InstanceMetrics>, ProviderError> {
        fn window(
            id: &str,
            start: i64,
            end: i64,
            extra: &[(&'static str, &str)],
        ) -> Vec<(&'static str, String)> {
            let mut query = vec![
                ("host_id", id.to_string()),
                ("start", start.to_string()),
                ("end", end.to_string()),
            ];
            query.extend(extra.iter().map(|(name, value)| (*name, value.to_string())));
            query
        }
        let cpu = self
            .api
            .get("/v2/monitoring/metrics/droplet/cpu", &window(id, start, end, &[]))
            .await?;
        let modes: Vec<(String, Points)> = result_series(cpu.as_ref())
            .map(|series| {
                let mode = series
                    .pointer("/metric/mode")
                    .and_then(Value::as_str)
                    .unwrap_or("other");
                (mode.to_string(), pairs(series.get("values"), false))
            })
            .collect();
        let mut bandwidth = Vec::new();
        for direction in ["inbound", "outbound"] {
            let query = window(
                id,
                start,
                end,
                &[("interface", "public"), ("direction", direction)],
            );
            let reply = self
                .api
                .get("/v2/monitoring/metrics/droplet/bandwidth", &query)
                .await?;
            let mbps: Points = result_series(reply.as_ref())
                .flat_map(|series| pairs(series.get("values"), false))
                .map(|(at, mbps)| (at, mbps * 1_000_000.0))
                .collect();
            bandwidth.push(mbps);
        }
        let outbound = bandwidth.pop();
        Ok(Some(InstanceMetrics {
            cpu_percent: Some(cpu_percent_from_counters(&modes)),
            network_in: bandwidth.pop(),
            network_out: outbound,
            disk_read: None,
            disk_write: None,
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
    fn reads_state_and_public_addresses_of_a_droplet() {
        let droplet = json!({
            "id": 3164444, "status": "active", "locked": false,
            "networks": {
                "v4": [
                    {"ip_address": "10.128.192.124", "type": "private"},
                    {"ip_address": "192.241.165.154", "type": "public"}
                ],
                "v6": [{"ip_address": "2604:a880:0:1010::18a:a001", "type": "public"}]
            }
        });
        let seen = instance(&droplet).unwrap();
        assert_eq!(seen.id, "3164444");
        assert_eq!(seen.state, InstanceState::Running);
        assert_eq!(seen.ipv4.as_deref(), Some("192.241.165.154"));
        assert_eq!(seen.ipv6.as_deref(), Some("2604:a880:0:1010::18a:a001"));
        for (status, locked, state) in [
            ("new", false, InstanceState::Creating),
            ("active", true, InstanceState::Busy),
            ("off", false, InstanceState::Off),
            ("archive", false, InstanceState::Deleted),
        ] {
            let droplet = json!({"id": 1, "status": status, "locked": locked});
            assert_eq!(instance(&droplet).unwrap().state, state, "{status}");
        }
    }
}
