//! Operations endpoints and request ids, on both engines.

mod common;

use app::db::Engine;
use common::spawn_app;

async fn health_answers_without_touching_the_database(engine: Engine) {
    let app = spawn_app(engine).await;
    app.state.db.close().await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
}

async fn ready_reports_each_check(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app.get("/ready").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["database"], "ok");
    assert_eq!(body["checks"]["job_queue"], "ok");
}

async fn ready_is_503_with_a_reason_when_the_database_is_gone(engine: Engine) {
    let app = spawn_app(engine).await;
    app.state.db.close().await;
    let response = app.get("/ready").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["checks"]["database"], "unavailable");
    // The reason names the check, not the driver's error text.
    assert!(!body.to_string().to_lowercase().contains("pool"), "{body}");
}

async fn metrics_count_requests_by_matched_route(engine: Engine) {
    let app = spawn_app(engine).await;
    app.get("/health").await;
    app.get("/health").await;
    app.get("/no-such-page").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/health",status="200"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(
            r#"http_request_duration_seconds_bucket{le="0.005",method="GET",route="/health",status="200"} 2"#
        ),
        "{text}"
    );
    // Unknown paths share one label value: no cardinality explosion from scanners.
    assert!(text.contains(r#"route="<unmatched>",status="404""#), "{text}");
    assert!(!text.contains("no-such-page"), "{text}");
    assert!(text.contains(r#"webrana_jobs{status="queued"} 0"#), "{text}");
}

async fn request_ids_are_echoed_or_generated(engine: Engine) {
    let app = spawn_app(engine).await;
    let given = app.get_with("/health", &[("x-request-id", "lb-7f3a9c")]).await;
    assert_eq!(given.headers()["x-request-id"], "lb-7f3a9c");

    let generated = app.get("/").await;
    let id = generated.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");

    let unsafe_id = app
        .get_with("/health", &[("x-request-id", "<script>alert(1)</script>")])
        .await;
    assert_ne!(unsafe_id.headers()["x-request-id"], "<script>alert(1)</script>");
}

async fn shuts_down_gracefully(engine: Engine) {
    let app = spawn_app(engine).await;
    assert_eq!(app.get("/health").await.status(), 200);
    app.stop().await.expect("clean shutdown");
}

/// `/metrics` tells how the business runs: only a scraper with the token gets it, or
/// without a token configured, only a request made on the machine straight to the app.
async fn metrics_are_for_the_scraper_only(engine: Engine) {
    let app = spawn_app(engine).await;
    let proxied = app
        .get_with("/metrics", &[("x-forwarded-for", "203.0.113.9")])
        .await;
    assert_eq!(proxied.status(), 401, "through a proxy");
    let with_token = common::spawn_app_with_env(
        engine,
        vec![("WEBRANA_METRICS_TOKEN", "rahasia-prometheus".into())],
    )
    .await;
    for (sent, status) in [
        (None, 401),
        (Some("Bearer salah"), 401),
        (Some("rahasia-prometheus"), 401),
        (Some("Bearer rahasia-prometheus"), 200),
    ] {
        let headers: Vec<(&str, &str)> = sent.map(|value| ("authorization", value)).into_iter().collect();
        let response = with_token.get_with("/metrics", &headers).await;
        assert_eq!(response.status(), status, "{sent:?}");
    }
}

on_both_engines!(
    metrics_are_for_the_scraper_only,
    health_answers_without_touching_the_database,
    ready_reports_each_check,
    ready_is_503_with_a_reason_when_the_database_is_gone,
    metrics_count_requests_by_matched_route,
    request_ids_are_echoed_or_generated,
    shuts_down_gracefully,
);
