//! The REST API of the inbox (`/api/v1/notifications`), for the caller (API key or session
//! cookie). Answers
//! JSON; errors are `{"error": "<code>"}` with the matching status, never internal text.

use super::inbox;
use super::push::PushHub;
use super::telegram::TelegramBot;
use crate::accounts::caller::Caller;
use crate::api::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde::Deserialize;

/// The notification endpoints, on any router state that holds what they use.
pub fn routes<S>() -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
    PushHub: FromRef<S>,
    Option<TelegramBot>: FromRef<S>,
{
    axum::Router::new()
        .route("/api/v1/notifications", get(list))
        .route("/api/v1/notifications/unread-count", get(unread_count))
        .route("/api/v1/notifications/read-all", post(read_all))
        .route("/api/v1/notifications/{id}/read", post(read))
        .route("/api/v1/notifications/{id}", delete(remove))
        .route(super::push::SOCKET_PATH, get(super::push::upgrade))
        .route(
            super::unsubscribe::ONE_CLICK_PATH,
            post(super::unsubscribe::one_click),
        )
        .route(super::linking::WEBHOOK_PATH, post(super::linking::webhook))
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    unread: bool,
    #[serde(rename = "type")]
    kind: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

async fn list(
    State(state): State<AppState>,
    Caller(user): Caller,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let page = inbox::page(
        &state,
        &user.id,
        query.unread,
        query.kind.as_deref(),
        query.cursor,
        query.limit.unwrap_or(super::PAGE_SIZE),
    )
    .await?;
    Ok(Json(page).into_response())
}

async fn unread_count(State(state): State<AppState>, Caller(user): Caller) -> Result<Response, ApiError> {
    let count = inbox::unread_count(&state, &user.id).await?;
    Ok(Json(serde_json::json!({ "count": count })).into_response())
}

async fn read(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    inbox::mark_read(&state, &user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn read_all(State(state): State<AppState>, Caller(user): Caller) -> Result<Response, ApiError> {
    let updated = inbox::mark_all_read(&state, &user.id).await?;
    Ok(Json(serde_json::json!({ "updated": updated })).into_response())
}

async fn remove(
    State(state): State<AppState>,
    Caller(user): Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    inbox::delete(&state, &user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
