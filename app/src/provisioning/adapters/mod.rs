//! Adapters for the real clouds, each speaking its provider's public API:
//! [`digitalocean`] (v2), [`vultr`] (v2) and [`linode`] (v4). They share [`http`] (token,
//! pacing, `Retry-After`, one error mapping) and [`health`] (how the API has been answering).
//!
//! Every instance we create carries our tag (`webrana-<order id>`) so that a retry after a
//! crash finds it again instead of creating a second one.

pub mod digitalocean;
mod health;
mod http;
pub mod linode;
pub mod vultr;

pub use health::HealthReport;
pub use http::{ApiClient, ApiSettings};

use super::provider::RemoteItem;
use serde_json::Value;

/// Where the provider takes no root password of its own, cloud-init sets ours on first
/// boot (and allows password log-in, which the images turn off by default). The password
/// alphabet has no characters YAML would need quoted.
pub fn cloud_config(root_password: &str) -> String {
    format!(
        "#cloud-config\nssh_pwauth: true\nchpasswd:\n  expire: false\n  users:\n    - name: root\n      password: {root_password}\n      type: text\n"
    )
}

/// The `field` string of every object in `items` (regions, sizes, images), with a name.
fn remote_items(items: Option<&Value>, id: &str, name: &[&str]) -> Vec<RemoteItem> {
    items
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| {
            let id = match item.get(id)? {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                _ => return None,
            };
            let name = name
                .iter()
                .filter_map(|field| item.get(*field).and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(" ");
            Some(RemoteItem { id, name })
        })
        .collect()
}

/// How many list pages an adapter follows at most (catalogs are a few hundred entries).
const MAX_PAGES: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_config_sets_the_root_password_without_expiry() {
        let config = cloud_config("Abc234xyz");
        assert!(config.starts_with("#cloud-config\n"));
        assert!(config.contains("      password: Abc234xyz\n"));
        assert!(config.contains("expire: false"));
    }

    #[test]
    fn remote_items_take_string_or_number_ids() {
        let items = serde_json::json!([
            {"slug": "sgp1", "name": "Singapore 1"},
            {"id": 2284, "name": "Ubuntu 24.04 LTS x64"},
            {"name": "no id"}
        ]);
        assert_eq!(
            remote_items(Some(&items), "slug", &["name"]),
            vec![RemoteItem {
                id: "sgp1".into(),
                name: "Singapore 1".into()
            }]
        );
        assert_eq!(remote_items(Some(&items), "id", &["name"])[0].id, "2284");
    }
}
