//! The REST API of the inbox (`/api/v1/notifications`), for the caller (API key or session
//! cookie). Answers
//! JSON; errors are `{"error": "<code>"}` with the matching status, never internal text.

use super::inbox;
use crate::accounts::User;
use crate::error::AppError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde::Deserialize;
use tower_sessions::Session;

pub fn routes() -> axum::Router<AppState> {
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

/// An error as the API answers it.
pub struct ApiError(AppError);

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = match &self.0 {
            AppError::Unauthorized => "unauthorized",
            AppError::NotFound => "not_found",
            AppError::Validation(_) => "invalid_request",
            AppError::Forbidden => "forbidden",
            AppError::RateLimited => "rate_limited",
            _ => "internal",
        };
        let status = StatusCode::from_u16(self.0.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(serde_json::json!({ "error": code }))).into_response()
    }
}

/// Who calls: the user of an `Authorization: Bearer` API key (a wrong or revoked key is
/// refused, never ignored), else of the session cookie.
pub async fn caller(state: &AppState, headers: &HeaderMap, session: &Session) -> Result<User, ApiError> {
    use crate::accounts::api_keys::ssr::{bearer, user_for_key};
    let user = match bearer(headers) {
        Some(key) => user_for_key(&state.db, state.clock.now(), key)
            .await
            .map_err(AppError::internal)?
            .map(|row| row.to_user()),
        None => crate::accounts::auth::ssr::session_user(state, session).await?,
    };
    user.ok_or(ApiError(AppError::Unauthorized))
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
    headers: HeaderMap,
    session: Session,
    Query(query): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers, &session).await?;
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

async fn unread_count(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers, &session).await?;
    let count = inbox::unread_count(&state, &user.id).await?;
    Ok(Json(serde_json::json!({ "count": count })).into_response())
}

async fn read(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers, &session).await?;
    inbox::mark_read(&state, &user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn read_all(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers, &session).await?;
    let updated = inbox::mark_all_read(&state, &user.id).await?;
    Ok(Json(serde_json::json!({ "updated": updated })).into_response())
}

async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers, &session).await?;
    inbox::delete(&state, &user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
