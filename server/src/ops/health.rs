use super::Ops;
use super::error_tracking::NotAnError;
use app::state::AppState;
use axum::Json;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// A dependency that does not answer within this time counts as down.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// Liveness: the process is up and serving. No I/O, so a slow database never gets a healthy
/// process restarted.
pub async fn health() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}

#[derive(Serialize)]
struct Readiness {
    status: &'static str,
    checks: BTreeMap<&'static str, &'static str>,
}

/// Readiness: the database answers, the job queue is readable, the workers are alive, and
/// the instance is not shutting down. 503 with the failing checks otherwise (no internal
/// error text: that goes to the log).
pub async fn ready(State(state): State<AppState>, Extension(ops): Extension<Ops>) -> impl IntoResponse {
    let mut checks = BTreeMap::new();
    let database = tokio::time::timeout(CHECK_TIMEOUT, state.db.ping()).await;
    checks.insert("database", verdict("database", database));
    let queue = tokio::time::timeout(CHECK_TIMEOUT, ops.queue.counts()).await;
    checks.insert(
        "job_queue",
        verdict("job_queue", queue.map(|counts| counts.map(|_| ()))),
    );
    checks.insert(
        "workers",
        if ops.lifecycle.workers_healthy() {
            "ok"
        } else {
            "stopped"
        },
    );
    checks.insert(
        "lifecycle",
        if ops.lifecycle.is_shutting_down() {
            "shutting_down"
        } else {
            "ok"
        },
    );

    let all_ok = checks.values().all(|verdict| *verdict == "ok");
    let (code, status) = if all_ok {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not_ready")
    };
    // A 503 here is the state a probe or balancer reads (shutting down, the database
    // away), not a fault of the app: the tracker is not told (the causes are logged above).
    (code, Extension(NotAnError), Json(Readiness { status, checks }))
}

fn verdict(
    check: &'static str,
    result: Result<Result<(), sqlx::Error>, tokio::time::error::Elapsed>,
) -> &'static str {
    match result {
        Ok(Ok(())) => "ok",
        Ok(Err(error)) => {
            tracing::warn!(check, %error, "readiness check failed");
            "unavailable"
        }
        Err(_) => {
            tracing::warn!(check, "readiness check timed out");
            "timeout"
        }
    }
}
