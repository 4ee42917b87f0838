//! Contract tests: each real cloud adapter against a mock served from its provider's
//! official OpenAPI description (Prism, started by scripts/test.sh), which answers 4xx to any
//! request the real API would reject. Every adapter call must be accepted; requests the spec
//! forbids must be refused, to prove the mock would catch a mistake; a forced 429 must
//! hold further calls back.
//!
//! The mocks' addresses come from `WEBRANA_TEST_PRISM_{DIGITALOCEAN,VULTR,LINODE}`. Without
//! them the tests are skipped with a notice, unless `WEBRANA_REQUIRE_PRISM` is set (CI).

mod common;

use app::provisioning::adapters::{ApiClient, ApiSettings, digitalocean, linode, vultr};
use app::provisioning::{CloudProvider, CreateInstance, InstanceAction, Listing, ProviderError};
use common::prism::mock;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

fn clock() -> app::clock::SharedClock {
    Arc::new(app::clock::SystemClock)
}

fn settings(base_url: String) -> ApiSettings {
    ApiSettings {
        base_url,
        token: "contract-test-token".into(),
        min_interval: Duration::ZERO,
        timeout: Duration::from_secs(20),
    }
}

/// A client that asks Prism for a given response (`Prefer: code=…`).
fn client_preferring(code: u16) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("prefer", format!("code={code}").parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

fn order_request(region: &str, size: &str, image: &str) -> CreateInstance {
    CreateInstance {
        tag: "webrana-0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b".into(),
        hostname: "web-1".into(),
        region: region.into(),
        size: size.into(),
        image: image.into(),
        root_password: "Kx7mPq2ZrT9vWn4bHs8dLc3f".into(),
    }
}

/// Runs every call of the trait; each must be accepted by the spec-validating mock.
async fn every_call_is_accepted(
    provider: &dyn CloudProvider,
    request: &CreateInstance,
    image: &str,
    bigger: &str,
) {
    let slug = provider.slug();
    let created = provider
        .create(request)
        .await
        .unwrap_or_else(|e| panic!("{slug} create: {e}"));
    assert!(!created.id.is_empty(), "{slug}: the created instance has an id");
    let seen = provider
        .get(&created.id)
        .await
        .unwrap_or_else(|e| panic!("{slug} get: {e}"))
        .unwrap_or_else(|| panic!("{slug}: get found the instance"));
    // Prism is stateless: its example instance need not be the one just created.
    assert!(!seen.id.is_empty(), "{slug}: get read an instance");
    // What staff may see of it: no console link with its token (the spec's Vultr example
    // has one), no password.
    if slug == "vultr" {
        assert!(
            seen.raw.to_string().contains("novnc"),
            "the example has a console link"
        );
    }
    let shown = seen.redacted_raw().to_string();
    for secret in ["novnc", "example-password", "v5{Fkvb"] {
        assert!(
            !shown.contains(secret),
            "{slug}: {secret} shown to staff: {shown}"
        );
    }
    provider
        .find_by_tag(&request.tag)
        .await
        .unwrap_or_else(|e| panic!("{slug} find_by_tag: {e}"));
    for action in [
        InstanceAction::PowerOff,
        InstanceAction::PowerOn,
        InstanceAction::Reboot,
        InstanceAction::Rebuild {
            image: image.into(),
            root_password: request.root_password.clone(),
        },
        InstanceAction::Resize { size: bigger.into() },
    ] {
        provider
            .act(&created.id, &action)
            .await
            .unwrap_or_else(|e| panic!("{slug} {action:?}: {e}"));
    }
    for what in [Listing::Regions, Listing::Sizes, Listing::Images] {
        let items = provider
            .list(what)
            .await
            .unwrap_or_else(|e| panic!("{slug} list {what:?}: {e}"));
        assert!(
            !items.is_empty(),
            "{slug}: the spec's example lists some {what:?}"
        );
        assert!(items.iter().all(|item| !item.id.is_empty()));
    }
    provider
        .console_url(&created.id)
        .await
        .unwrap_or_else(|e| panic!("{slug} console: {e}"));
    // Metrics where the provider has them (the mock's example readings need not be many).
    let now = chrono::Utc::now().timestamp();
    let metrics = provider
        .metrics(&created.id, now - 3600, now)
        .await
        .unwrap_or_else(|e| panic!("{slug} metrics: {e}"));
    if slug != "vultr" {
        let metrics = metrics.unwrap_or_else(|| panic!("{slug} offers metrics"));
        assert!(
            metrics.cpu_percent.is_some() && metrics.network_in.is_some(),
            "{slug}: {metrics:?}"
        );
    }
    provider
        .delete(&created.id)
        .await
        .unwrap_or_else(|e| panic!("{slug} delete: {e}"));
    let health = provider.health().expect("real adapters report health");
    assert_eq!(health.failures, 0, "{slug}: {:?}", health.last_error);
    assert!(health.last_success_at.is_some());
}

/// The mock refuses a request its spec forbids, and the adapter's client calls that a
/// permanent error naming the status.
async fn forbidden_request_is_refused(base: &str, path: &str, body: serde_json::Value, status: u16) {
    let api = ApiClient::new("contract", settings(base.to_string()), clock());
    match api.post(path, Some(&body)).await {
        Err(ProviderError::Permanent { message }) => {
            assert!(message.contains(&format!("HTTP {status}")), "{path}: {message}")
        }
        other => panic!("{path}: expected the mock to refuse {body}, got {other:?}"),
    }
    // Without a token, too.
    let anonymous = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401, "{path} without a token");
}

/// A 429 is retryable with a delay, and holds back the next call without sending it.
async fn rate_limit_holds_calls_back(provider: &dyn CloudProvider, request: &CreateInstance) {
    let slug = provider.slug();
    match provider.create(request).await {
        Err(ProviderError::Retryable {
            retry_after: Some(wait),
            ..
        }) => assert!(wait >= Duration::from_secs(1), "{slug}: {wait:?}"),
        other => panic!("{slug}: expected a rate limit, got {other:?}"),
    }
    let started = std::time::Instant::now();
    match provider.get("1").await {
        Err(ProviderError::Retryable {
            retry_after: Some(_),
            message,
        }) => assert!(message.contains("rate limited"), "{message}"),
        other => panic!("{slug}: expected the client to hold back, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "refused without a round trip"
    );
}

#[tokio::test]
async fn digitalocean_adapter_speaks_the_spec() {
    let Some(base) = mock("digitalocean") else { return };
    let adapter = digitalocean::DigitalOcean::new(settings(base.clone()), clock());
    let request = order_request("sgp1", "s-1vcpu-1gb", "ubuntu-24-04-x64");
    every_call_is_accepted(&adapter, &request, "debian-12-x64", "s-2vcpu-2gb").await;
    forbidden_request_is_refused(&base, "/v2/droplets", json!({ "name": "web-1" }), 422).await;
    forbidden_request_is_refused(
        &base,
        "/v2/droplets",
        json!({ "name": "web_1!", "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64" }),
        422,
    )
    .await;
    forbidden_request_is_refused(
        &base,
        "/v2/droplets/3164444/actions",
        json!({ "type": "explode" }),
        422,
    )
    .await;
    let limited = digitalocean::DigitalOcean::with_api(ApiClient::with_client(
        "digitalocean",
        settings(base),
        clock(),
        client_preferring(429),
    ));
    rate_limit_holds_calls_back(&limited, &request).await;
}

#[tokio::test]
async fn vultr_adapter_speaks_the_spec() {
    let Some(base) = mock("vultr") else { return };
    let adapter = vultr::Vultr::new(settings(base.clone()), clock());
    let request = order_request("sgp", "vhf-1c-1gb", "2284");
    every_call_is_accepted(&adapter, &request, "2136", "vhf-2c-2gb").await;
    forbidden_request_is_refused(&base, "/instances", json!({ "region": "sgp" }), 400).await;
    forbidden_request_is_refused(
        &base,
        "/instances",
        json!({ "region": "sgp", "plan": "vhf-1c-1gb", "os_id": "2284" }),
        400,
    )
    .await;
}

#[tokio::test]
async fn linode_adapter_speaks_the_spec() {
    let Some(base) = mock("linode") else { return };
    let adapter = linode::Linode::new(settings(base.clone()), clock());
    let request = order_request("id-cgk", "g6-nanode-1", "linode/ubuntu24.04");
    every_call_is_accepted(&adapter, &request, "linode/debian12", "g6-standard-1").await;
    forbidden_request_is_refused(&base, "/v4/linode/instances", json!({ "region": "id-cgk" }), 422).await;
    forbidden_request_is_refused(
        &base,
        "/v4/linode/instances",
        json!({ "type": "g6-nanode-1", "region": "id-cgk", "hostname": "web-1" }),
        422,
    )
    .await;
    forbidden_request_is_refused(
        &base,
        "/v4/linode/instances/123/rebuild",
        json!({ "image": "linode/debian12" }),
        422,
    )
    .await;
}
