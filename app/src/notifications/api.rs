//! The REST API of the inbox (`/api/v1/notifications`), for the caller (API key or session
//! cookie), and the other HTTP doors of notifications: the push socket, one-click
//! unsubscribe and Telegram's webhook (not REST: they stay out of the OpenAPI document).

use super::push::PushHub;
use super::telegram::TelegramBot;
use super::{InboxPage, inbox};
use crate::accounts::caller::Caller;
use crate::accounts::scopes::{Access, Area, Scope};
use crate::api::{ApiError, PageQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const READ: Scope = Scope::new(Area::Notifications, Access::Read);
const WRITE: Scope = Scope::new(Area::Notifications, Access::Write);

/// The inbox's REST endpoints.
pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(unread_count))
        .routes(routes!(read_all))
        .routes(routes!(read))
        .routes(routes!(remove))
}

/// The socket, one-click unsubscribe and the Telegram webhook.
pub fn channel_routes<S>() -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
    PushHub: FromRef<S>,
    Option<TelegramBot>: FromRef<S>,
{
    axum::Router::new()
        .route(super::push::SOCKET_PATH, get(super::push::upgrade))
        .route(
            super::unsubscribe::ONE_CLICK_PATH,
            post(super::unsubscribe::one_click),
        )
        .route(super::linking::WEBHOOK_PATH, post(super::linking::webhook))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only unread notifications.
    #[serde(default)]
    unread: bool,
    /// Only this type (e.g. `VPS_ACTIVE`).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Count {
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Updated {
    pub updated: u64,
}

/// The caller's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    params(ListQuery, PageQuery), security(("api_key" = ["notifications:read"]), ("session" = [])),
    responses((status = 200, description = "A page of notifications", body = InboxPage)))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
    Query(page): Query<PageQuery>,
) -> Result<Json<InboxPage>, ApiError> {
    let user = caller.acting_for(READ)?;
    let limit = page.limit()?;
    let page = inbox::page(
        &state,
        &user.id,
        query.unread,
        query.kind.as_deref(),
        page.cursor,
        limit,
    )
    .await?;
    Ok(Json(page))
}

/// How many of the caller's notifications are unread.
#[utoipa::path(get, path = "/api/v1/notifications/unread-count", tag = "notifications",
    security(("api_key" = ["notifications:read"]), ("session" = [])),
    responses((status = 200, description = "The unread count", body = Count)))]
async fn unread_count(State(state): State<AppState>, caller: Caller) -> Result<Json<Count>, ApiError> {
    let user = caller.acting_for(READ)?;
    let count = inbox::unread_count(&state, &user.id).await?;
    Ok(Json(Count { count }))
}

/// Marks one notification read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = String, Path, description = "The notification's id")),
    security(("api_key" = ["notifications:write"]), ("session" = [])),
    responses((status = 204, description = "Marked read")))]
async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = caller.acting_for(WRITE)?;
    inbox::mark_read(&state, &user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks every notification of the caller read.
#[utoipa::path(post, path = "/api/v1/notifications/read-all", tag = "notifications",
    security(("api_key" = ["notifications:write"]), ("session" = [])),
    responses((status = 200, description = "How many were unread", body = Updated)))]
async fn read_all(State(state): State<AppState>, caller: Caller) -> Result<Json<Updated>, ApiError> {
    let user = caller.acting_for(WRITE)?;
    let updated = inbox::mark_all_read(&state, &user.id).await?;
    Ok(Json(Updated { updated }))
}

/// Deletes one notification.
#[utoipa::path(delete, path = "/api/v1/notifications/{id}", tag = "notifications",
    params(("id" = String, Path, description = "The notification's id")),
    security(("api_key" = ["notifications:write"]), ("session" = [])),
    responses((status = 204, description = "Deleted")))]
async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = caller.acting_for(WRITE)?;
    inbox::delete(&state, &user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
