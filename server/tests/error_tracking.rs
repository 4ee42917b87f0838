//! Error tracking against a fake Sentry ingestion endpoint that checks the client's key and
//! keeps every envelope: a panic and a server error each arrive once, tagged with the
//! request id, a readiness 503 (a state, not a fault) is not sent, and nothing personal
//! (path, query, cookies, addresses) leaves.
//!
//! One test in its own file: the Sentry client is process-wide, and nextest runs each test
//! in a process of its own.

mod common;

use app::db::Engine;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use server::ops::error_tracking::{ErrorTracking, init};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const KEY: &str = "0123456789abcdef0123456789abcdef";
const PROJECT: &str = "42";

#[derive(Clone, Default)]
struct Ingest {
    events: Arc<Mutex<Vec<serde_json::Value>>>,
    refused: Arc<Mutex<u32>>,
}

/// `POST /api/{project}/envelope/` as Sentry takes it: the key in `X-Sentry-Auth`, then
/// newline-separated JSON (envelope header, then item header and payload pairs).
async fn envelope(
    State(ingest): State<Ingest>,
    Path(project): Path<String>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    let auth = headers
        .get("x-sentry-auth")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if project != PROJECT || !auth.starts_with("Sentry ") || !auth.contains(&format!("sentry_key={KEY}")) {
        *ingest.refused.lock().unwrap() += 1;
        return StatusCode::UNAUTHORIZED;
    }
    let mut lines = body.lines().skip(1);
    while let (Some(header), Some(payload)) = (lines.next(), lines.next()) {
        let header: serde_json::Value = serde_json::from_str(header).expect("item header is JSON");
        if header["type"] == "event" {
            ingest
                .events
                .lock()
                .unwrap()
                .push(serde_json::from_str(payload).expect("event is JSON"));
        }
    }
    StatusCode::OK
}

async fn boom() -> StatusCode {
    panic!("rahasia dari dalam: budi@webrana.test")
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

fn events_with_request_id(ingest: &Ingest, id: &str) -> Vec<serde_json::Value> {
    let events = ingest.events.lock().unwrap();
    events
        .iter()
        .filter(|event| event["tags"]["request_id"] == id)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panics_and_server_errors_reach_the_tracker_with_the_request_id_and_nothing_personal() {
    let ingest = Ingest::default();
    let tracker = serve(
        Router::new()
            .route("/api/{project}/envelope/", post(envelope))
            .with_state(ingest.clone()),
    )
    .await;
    let dsn = tracker.replacen("http://", &format!("http://{KEY}@"), 1) + "/" + PROJECT;
    let guard = init(&ErrorTracking {
        dsn: dsn.parse().unwrap(),
        environment: "test".into(),
    });

    // The middleware every app route runs in, around handlers that fail each way.
    let routes = Router::new()
        .route("/orders/{id}/boom", get(boom))
        .route("/broken", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }))
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }));
    let site = serve(server::ops::observed(routes)).await;
    let client = reqwest::Client::new();
    let call = |path: &str, id: &str| {
        client
            .get(format!("{site}{path}"))
            .header("x-request-id", id)
            .header("cookie", "id=sesi-rahasia-pelanggan")
            .send()
    };

    let panicked = call("/orders/abc/boom?email=budi@webrana.test", "req-panic-1")
        .await
        .unwrap();
    assert_eq!(
        panicked.status(),
        500,
        "a panic is answered, not a dropped connection"
    );
    assert_eq!(panicked.headers()["x-request-id"], "req-panic-1");
    let body = panicked.text().await.unwrap();
    assert!(
        !body.contains("rahasia"),
        "the panic's text stays on the server: {body}"
    );
    assert_eq!(
        call("/broken?email=budi@webrana.test", "req-broken-1")
            .await
            .unwrap()
            .status(),
        500
    );
    assert_eq!(call("/missing", "req-missing-1").await.unwrap().status(), 404);

    // The real application: its database gone, a sign-in answers a server error.
    let app = common::spawn_app(Engine::Sqlite).await;
    app.state.db.close().await;
    let failed = app
        .client
        .post(app.url("/api/auth/login"))
        .header("x-request-id", "req-app-1")
        .form(&[
            ("email", "budi@webrana.test"),
            ("password", "rahasia-pelanggan-demo-2026"),
        ])
        .send()
        .await
        .unwrap();
    assert!(failed.status().is_server_error(), "{}", failed.status());
    // Its readiness probe says so with a 503: a state for the balancer, not an error event.
    let not_ready = app
        .client
        .get(app.url("/ready"))
        .header("x-request-id", "req-ready-1")
        .send()
        .await
        .unwrap();
    assert_eq!(not_ready.status(), 503);

    assert!(guard.flush(Some(Duration::from_secs(10))), "events sent");
    assert_eq!(
        *ingest.refused.lock().unwrap(),
        0,
        "the fake accepted the client's key"
    );

    let panic = events_with_request_id(&ingest, "req-panic-1");
    assert_eq!(
        panic.len(),
        1,
        "one event for the panic, not a second for its 500: {panic:?}"
    );
    let panic = &panic[0];
    assert_eq!(
        panic["exception"]["values"][0]["mechanism"]["type"], "panic",
        "{panic}"
    );
    assert_eq!(panic["tags"]["route"], "/orders/{id}/boom");
    assert_eq!(panic["environment"], "test");
    assert!(
        panic["release"].as_str().unwrap().starts_with("webrana@"),
        "{panic}"
    );

    let broken = events_with_request_id(&ingest, "req-broken-1");
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(
        broken[0].to_string().contains("server error 500"),
        "{}",
        broken[0]
    );
    assert_ne!(
        broken[0]["level"], "info",
        "an error (the default level, left out)"
    );
    assert_eq!(broken[0]["tags"]["status"], "500");
    assert_eq!(broken[0]["tags"]["route"], "/broken");

    assert!(
        events_with_request_id(&ingest, "req-missing-1").is_empty(),
        "a 404 is not an error of ours"
    );
    assert!(
        events_with_request_id(&ingest, "req-ready-1").is_empty(),
        "a readiness 503 is not reported"
    );
    let from_app = events_with_request_id(&ingest, "req-app-1");
    assert_eq!(from_app.len(), 1, "{from_app:?}");
    assert_eq!(from_app[0]["tags"]["route"], "/api/auth/login");

    // Nothing personal anywhere: not the query, the cookie, the form, an address.
    let everything = serde_json::to_string(&*ingest.events.lock().unwrap()).unwrap();
    for secret in [
        "email=",
        "sesi-rahasia-pelanggan",
        "rahasia-pelanggan-demo",
        "127.0.0.1",
    ] {
        assert!(!everything.contains(secret), "{secret} was sent: {everything}");
    }
    for event in ingest.events.lock().unwrap().iter() {
        assert!(
            event.get("user").is_none() && event.get("request").is_none(),
            "{event}"
        );
    }
}
