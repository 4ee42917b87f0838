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
    // Both requests are in the histogram; which bucket depends on how busy the machine is
    // (a timed assertion here failed once in CI at 8.8 ms), so only the last one is checked.
    assert!(
        text.contains(
            r#"http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/health",status="200"} 2"#
        ),
        "{text}"
    );
    // Unknown paths share one label value: no cardinality explosion from scanners.
    assert!(text.contains(r#"route="<unmatched>",status="404""#), "{text}");
    assert!(!text.contains("no-such-page"), "{text}");
    assert!(text.contains(r#"webrana_jobs{status="queued"} 0"#), "{text}");
    // Read when scraped: nothing waits, no socket is open, the pool has room.
    assert!(text.contains("webrana_job_wait_seconds 0.0"), "{text}");
    assert!(text.contains("webrana_push_sockets 0"), "{text}");
    assert!(
        text.contains(r#"webrana_db_connections{state="busy"} "#),
        "{text}"
    );
    assert!(text.contains("webrana_db_connections_max "), "{text}");
    // Counters start at zero for every job kind and provider, so `increase()` sees the first.
    assert!(
        text.contains(r#"webrana_job_runs_total{kind="provisioning.run",outcome="dead"} 0"#),
        "{text}"
    );
    assert!(
        text.contains(r#"webrana_provisioning_steps_total{provider="simulated",outcome="failed"} 0"#),
        "{text}"
    );
}

/// Every metric the alerts and the dashboard read is one the app exports: a renamed metric
/// would otherwise leave a panel empty and an alert silent.
async fn the_alerts_and_dashboards_read_metrics_the_app_exports(engine: Engine) {
    let app = spawn_app(engine).await;
    // Requests' series appear with the first request; jobs' and providers' are there from the start.
    app.get("/health").await;
    let exported = app.get("/metrics").await.text().await.unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = vec![root.join("deploy/prometheus/alerts.yml")];
    for entry in std::fs::read_dir(root.join("deploy/grafana/dashboards")).unwrap() {
        files.push(entry.unwrap().path());
    }
    let mut read = std::collections::BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.starts_with("webrana_") || word.starts_with("http_request") {
                let family = ["_total", "_bucket", "_count", "_sum"]
                    .iter()
                    .find_map(|suffix| word.strip_suffix(suffix))
                    .unwrap_or(word);
                read.insert(family.to_string());
            }
        }
    }
    assert!(read.len() >= 10, "{read:?}");
    for family in &read {
        assert!(
            exported.contains(&format!("# TYPE {family} ")),
            "{family} is read in deploy/ but not exported"
        );
    }
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
    the_alerts_and_dashboards_read_metrics_the_app_exports,
    request_ids_are_echoed_or_generated,
    shuts_down_gracefully,
);
