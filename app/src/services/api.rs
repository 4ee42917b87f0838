//! The caller's servers on the REST API (`/api/v1/services…`): list, read, and ask for an
//! action (power on/off, reboot, rebuild, delete) by the control panel's own rules
//! (`server_fns::ssr::request_action`); the action runs as a job, like the panel's button.

use super::server_fns::ssr::{ActionRequest, owned, request_action};
use super::store::{self, ServiceFilter, ServiceRow};
use crate::accounts::caller::Caller;
use crate::accounts::scopes::{Access, Area, Scope};
use crate::api::cache::{self, Keep};
use crate::api::{ApiError, Page, PageQuery};
use crate::catalog::CatalogCache;
use crate::clock::rfc3339;
use crate::error::AppError;
use crate::ids::ServiceId;
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const READ: Scope = Scope::new(Area::Services, Access::Read);
const WRITE: Scope = Scope::new(Area::Services, Access::Write);
/// Recent actions shown with a service.
const RECENT_ACTIONS: i64 = 10;

pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
    CatalogCache: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get))
        .routes(routes!(act))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceView {
    pub id: String,
    pub order_id: String,
    pub hostname: String,
    /// `ACTIVE`, `SUSPENDED` or `TERMINATED`.
    pub status: String,
    /// The provider's last reported state: `running`, `off`, `busy`, `rebuilding` …
    pub power_state: String,
    pub provider: String,
    pub plan_name: String,
    pub vcpu: i32,
    pub memory_mb: i32,
    pub disk_gb: i32,
    /// The provider's region id, e.g. `sgp1`.
    pub region: String,
    pub city: String,
    pub image_id: String,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub cycle_months: i32,
    /// Paid until (RFC 3339).
    pub expires_at: String,
    pub created_at: String,
}

impl From<&ServiceRow> for ServiceView {
    fn from(row: &ServiceRow) -> ServiceView {
        ServiceView {
            id: row.id.to_string(),
            order_id: row.order_id.to_string(),
            hostname: row.hostname.clone(),
            status: row.status.code().to_string(),
            power_state: row.power_state.clone(),
            provider: row.provider_slug.clone(),
            plan_name: row.plan_name.clone(),
            vcpu: row.vcpu,
            memory_mb: row.memory_mb,
            disk_gb: row.disk_gb,
            region: row.region_slug.clone(),
            city: row.region_city.clone(),
            image_id: row.image_id.clone(),
            ipv4: row.ipv4.clone(),
            ipv6: row.ipv6.clone(),
            cycle_months: row.cycle_months,
            expires_at: rfc3339(&row.expires_at),
            created_at: rfc3339(&row.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionView {
    pub id: String,
    /// `power_on`, `power_off`, `reboot`, `rebuild` or `delete`.
    pub action: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub created_at: String,
    pub finished_at: Option<String>,
}

impl From<super::ActionView> for ActionView {
    fn from(view: super::ActionView) -> ActionView {
        ActionView {
            id: view.id,
            action: view.kind.code().to_string(),
            status: view.status.code().to_string(),
            created_at: view.created_at,
            finished_at: view.finished_at,
        }
    }
}

/// A server with its recent actions, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceDetailView {
    #[serde(flatten)]
    pub service: ServiceView,
    pub actions: Vec<ActionView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"action": "reboot"}))]
pub struct NewAction {
    /// `power_on`, `power_off`, `reboot`, `rebuild` or `delete`.
    #[schema(pattern = "^(power_on|power_off|reboot|rebuild|delete)$")]
    pub action: String,
    /// For `rebuild`: the OS image's id (`/api/v1/catalog/images`, same provider).
    pub image_id: Option<String>,
    /// For `rebuild` and `delete`: the server's host name, as a confirmation.
    pub confirm: Option<String>,
}

/// The caller's servers (not the terminated ones), newest first.
#[utoipa::path(get, path = "/api/v1/services", tag = "services", params(PageQuery),
    security(("api_key" = ["services:read"]), ("session" = [])),
    responses((status = 200, description = "A page of servers", body = Page<ServiceView>)))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let (offset, limit) = (page.offset()?, page.limit()?);
    let filter = ServiceFilter {
        user_id: Some(user.id.clone()),
        limit: limit + 1,
        offset: offset as i64,
        ..Default::default()
    };
    let rows = store::list(&state.db, &filter)
        .await
        .map_err(AppError::internal)?;
    let views = rows.iter().map(ServiceView::from).collect();
    Ok(cache::json(
        &headers,
        &Page::from_offset_rows(views, offset, limit),
        Keep::Private,
    ))
}

/// One of the caller's servers.
#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "services",
    params(("id" = String, Path, description = "The server's id")),
    security(("api_key" = ["services:read"]), ("session" = [])),
    responses((status = 200, description = "The server", body = ServiceDetailView)))]
async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let row = owned(&state, &ServiceId::from(id), user).await?;
    Ok(cache::json(&headers, &detail(&state, &row).await?, Keep::Private))
}

/// Asks for an action. It runs in the background: follow it in the server's `actions`.
/// Only one action runs at a time; rebuild and delete need `confirm` (the host name).
#[utoipa::path(post, path = "/api/v1/services/{id}/actions", tag = "services",
    request_body = NewAction,
    params(("id" = String, Path, description = "The server's id")),
    security(("api_key" = ["services:write"]), ("session" = [])),
    responses((status = 202, description = "Queued", body = ServiceDetailView,
            headers(("Location" = String, description = "The server's address"))),
        (status = 422, description = "Not possible now, or a field is missing")))]
async fn act(
    State(state): State<AppState>,
    State(catalog): State<CatalogCache>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<NewAction>,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(WRITE)?;
    let id = ServiceId::from(id);
    let catalog = catalog.orderable(&state.db).await.map_err(AppError::internal)?;
    let request = ActionRequest {
        action: &body.action,
        image: body.image_id.as_deref().unwrap_or_default(),
        confirm: body.confirm.as_deref().unwrap_or_default(),
    };
    request_action(&state, &catalog, user, &id, &request).await?;
    let row = owned(&state, &id, user).await?;
    let location = format!("/api/v1/services/{id}");
    let detail = detail(&state, &row).await?;
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(detail)).into_response())
}

async fn detail(state: &AppState, row: &ServiceRow) -> Result<ServiceDetailView, AppError> {
    let actions = store::actions_of(&state.db, &row.id, RECENT_ACTIONS)
        .await
        .map_err(AppError::internal)?;
    Ok(ServiceDetailView {
        service: ServiceView::from(row),
        actions: actions
            .iter()
            .map(|action| ActionView::from(action.view()))
            .collect(),
    })
}
