//! Provisioning on the simulated cloud: a paid order becomes an active service, once, even
//! when the job is interrupted; a refusal by the provider fails the order for admins.

mod common;

use app::db::Engine;
use app::provisioning::simulated::{Fault, SimulatedCloud};
use app::provisioning::{CloudProvider, CreateInstance};
use common::personas::{Persona, Personas};
use common::shop::{Shop, shop, shop_with};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn cloud(shop: &Shop) -> SimulatedCloud {
    shop.cloud()
}

async fn a_paid_order_becomes_an_active_service(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.paid_order(&cookie, "k").await;
    shop.app.run_jobs().await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PROVISIONING"
    );
    assert_eq!(
        shop.text(
            "SELECT status FROM provisioning_tasks WHERE order_id = $1",
            &order
        )
        .await,
        "waiting"
    );
    shop.wait(40).await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "ACTIVE"
    );
    let service = app::services::store::for_order(&shop.app.state.db, &order.as_str().into())
        .await
        .unwrap()
        .expect("a service");
    assert_eq!(service.status, app::services::ServiceStatus::Active);
    assert_eq!(service.power_state, "running");
    assert!(
        service
            .ipv4
            .as_deref()
            .is_some_and(|ip| ip.starts_with("203.0.113."))
    );
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM simulated_instances WHERE tag = $1",
            &format!("webrana-{order}")
        )
        .await,
        1
    );
    // Paid for one month from activation.
    assert_eq!(service.expires_at, app::clock::add_months(service.created_at, 1));
    // The timeline shows every step.
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM order_events WHERE order_id = $1 AND to_status IS NOT NULL",
            &order
        )
        .await,
        4,
        "created, paid, provisioning, active"
    );
    // Prometheus sees it by provider: one server ready, and how long it took.
    let metrics = shop.app.get("/metrics").await.text().await.unwrap();
    for expected in [
        r#"webrana_provisioning_steps_total{provider="simulated",outcome="active"} 1"#,
        r#"webrana_provisioning_ready_seconds_count{provider="simulated"} 1"#,
    ] {
        assert!(metrics.contains(expected), "{expected} in {metrics}");
    }
}

async fn a_retry_after_a_crash_finds_the_instance_instead_of_creating_another(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.paid_order(&cookie, "k").await;
    // The first attempt created the instance and died before writing down its id.
    let tag = app::provisioning::store::tag_for(&order.as_str().into());
    cloud(&shop)
        .create(&CreateInstance {
            tag: tag.clone(),
            hostname: "web-1".into(),
            region: "lab-jkt".into(),
            size: "lab-1c-1gb".into(),
            image: "ubuntu-24-04".into(),
            root_password: "Sementara-123".into(),
        })
        .await
        .unwrap();
    shop.wait(40).await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "ACTIVE"
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM simulated_instances WHERE tag = $1", &tag)
            .await,
        1
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM services WHERE order_id = $1", &order)
            .await,
        1
    );
}

async fn a_refused_create_fails_the_order_and_keeps_the_error(engine: Engine) {
    let shop = shop(engine).await;
    cloud(&shop).inject(Fault::CreateFails, 1).await.unwrap();
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.paid_order(&cookie, "k").await;
    shop.wait(5).await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PROVISIONING_FAILED"
    );
    assert_eq!(
        shop.text(
            "SELECT status FROM provisioning_tasks WHERE order_id = $1",
            &order
        )
        .await,
        "failed"
    );
    assert!(
        shop.text(
            "SELECT last_error FROM provisioning_tasks WHERE order_id = $1",
            &order
        )
        .await
        .contains("refused")
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM services WHERE order_id = $1", &order)
            .await,
        0
    );
    assert_eq!(
        cloud(&shop).pending(Fault::CreateFails).await.unwrap(),
        0,
        "the fault was used up"
    );
    let metrics = shop.app.get("/metrics").await.text().await.unwrap();
    let failed = r#"webrana_provisioning_steps_total{provider="simulated",outcome="failed"} 1"#;
    assert!(metrics.contains(failed), "{metrics}");
    let active = r#"webrana_provisioning_steps_total{provider="simulated",outcome="active"} 0"#;
    assert!(metrics.contains(active), "{metrics}");
}

async fn an_admin_retries_a_failed_provisioning_once(engine: Engine) {
    let shop = shop(engine).await;
    let personas = Personas::sign_up_all(&shop.app).await;
    let (admin, support) = (
        personas.cookie(Persona::Admin).unwrap(),
        personas.cookie(Persona::Support).unwrap(),
    );
    cloud(&shop).inject(Fault::CreateFails, 1).await.unwrap();
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.paid_order(&cookie, "k").await;
    shop.wait(3).await;
    let retry = |who: &'static str| {
        let (shop, order) = (&shop, order.clone());
        let cookie = if who == "admin" { admin } else { support };
        async move {
            shop.app
                .post_fn(
                    "/api/admin/orders/retry-provisioning",
                    Some(cookie),
                    &[("id", order.as_str())],
                )
                .await
                .status()
        }
    };
    assert_eq!(retry("support").await, 403, "support staff may look, not retry");
    assert!(retry("admin").await.is_success());
    assert_eq!(retry("admin").await, 409, "only from PROVISIONING_FAILED");
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PROVISIONING"
    );
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM provisioning_tasks WHERE order_id = $1 AND last_error IS NULL",
            &order
        )
        .await,
        1,
        "the error is cleared"
    );
    shop.wait(40).await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "ACTIVE"
    );
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'admin.provisioning_retried' AND target_id = $1",
            &order
        )
        .await,
        1
    );
    let info: Option<app::admin::provisioning::ProvisioningInfo> = shop
        .app
        .post_fn(
            "/api/admin/orders/provisioning",
            Some(support),
            &[("id", order.as_str())],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        info.map(|info| info.status),
        Some(app::provisioning::TaskStatus::Done)
    );
}

/// A DigitalOcean stand-in that refuses the first create with `429 Retry-After: 120`,
/// then builds droplet 42, which is active at once. Counts the create calls it got.
async fn rate_limited_digitalocean() -> (String, Arc<AtomicUsize>) {
    use axum::Json;
    use axum::extract::State;
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use serde_json::{Value, json};
    type Creates = State<Arc<AtomicUsize>>;
    fn droplet(status: &str) -> Value {
        json!({ "id": 42, "status": status, "locked": false, "networks": {
            "v4": [{ "ip_address": "198.51.100.42", "type": "public" }], "v6": [] } })
    }
    async fn list(State(creates): Creates) -> Json<Value> {
        let built = creates.load(Ordering::SeqCst) >= 2;
        let droplets = if built { vec![droplet("active")] } else { vec![] };
        Json(json!({ "droplets": droplets, "links": {}, "meta": { "total": droplets.len() } }))
    }
    async fn create(State(creates): Creates) -> Response {
        if creates.fetch_add(1, Ordering::SeqCst) == 0 {
            let body = json!({ "id": "too_many_requests", "message": "API Rate limit exceeded." });
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", "120")],
                Json(body),
            )
                .into_response();
        }
        (StatusCode::ACCEPTED, Json(json!({ "droplet": droplet("new") }))).into_response()
    }
    let creates = Arc::new(AtomicUsize::new(0));
    let router = axum::Router::new()
        .route("/v2/droplets", get(list).post(create))
        .route(
            "/v2/droplets/42",
            get(|| async { Json(json!({ "droplet": droplet("active") })) }),
        )
        .with_state(creates.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, creates)
}

async fn a_rate_limited_create_waits_as_long_as_the_provider_asks(engine: Engine) {
    let (url, creates) = rate_limited_digitalocean().await;
    let mut shop = shop_with(
        engine,
        vec![
            ("WEBRANA_DIGITALOCEAN_TOKEN", "test-token".into()),
            ("WEBRANA_DIGITALOCEAN_API_URL", url),
        ],
    )
    .await;
    shop.choose("s-1vcpu-1gb", "sgp1", "ubuntu-24-04-x64").await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.paid_order(&cookie, "k").await;
    shop.app.run_jobs().await;
    assert_eq!(creates.load(Ordering::SeqCst), 1, "refused with 429");
    shop.wait(110).await;
    assert_eq!(
        creates.load(Ordering::SeqCst),
        1,
        "no second try before Retry-After is over"
    );
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PROVISIONING"
    );
    shop.wait(30).await;
    assert_eq!(creates.load(Ordering::SeqCst), 2, "tried again once it was over");
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "ACTIVE"
    );
    let service = app::services::store::for_order(&shop.app.state.db, &order.as_str().into())
        .await
        .unwrap()
        .expect("a service");
    assert_eq!(service.provider_instance_id, "42");
    assert_eq!(service.ipv4.as_deref(), Some("198.51.100.42"));
}

on_both_engines!(
    a_rate_limited_create_waits_as_long_as_the_provider_asks,
    a_paid_order_becomes_an_active_service,
    a_retry_after_a_crash_finds_the_instance_instead_of_creating_another,
    a_refused_create_fails_the_order_and_keeps_the_error,
    an_admin_retries_a_failed_provisioning_once,
);
