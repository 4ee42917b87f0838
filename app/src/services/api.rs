//! The caller's servers on the REST API (`/api/v1/services…`): list, read, ask for an
//! action (power on/off, reboot, rebuild, delete) by the control panel's own rules
//! (`server_fns::ssr::request_action`; the action runs as a job, like the panel's button),
//! the charts' readings and a console link (the panel's own `metrics::ssr::read` and
//! `server_fns::ssr::console`); moving to a bigger plan is `upgrade::api`.

use super::metrics::{ChartKind, MetricsNote, MetricsRange, SeriesKind, ServiceMetrics};
use super::metrics_cache::MetricsCache;
use super::server_fns::ssr::{ActionRequest, console as console_link, owned, request_action};
use super::store::{self, ServiceFilter, ServiceRow};
use crate::accounts::caller::Caller;
use crate::accounts::scopes::{Access, Area, Scope};
use crate::api::cache::{self, Keep};
use crate::api::page::{After, filter};
use crate::api::{ApiError, Page, PageQuery};
use crate::catalog::CatalogCache;
use crate::clock::rfc3339;
use crate::error::AppError;
use crate::ids::ServiceId;
use crate::provisioning::Providers;
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
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
    MetricsCache: FromRef<S>,
    Providers: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get))
        .routes(routes!(act))
        .routes(routes!(metrics))
        .routes(routes!(console))
        .merge(super::upgrade::api::routes())
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
    let limit = page.limit()?;
    let filter = ServiceFilter {
        user_id: Some(user.id.clone()),
        after: page.after()?,
        limit: limit + 1,
        ..Default::default()
    };
    let rows = store::list(&state.db, &filter)
        .await
        .map_err(AppError::internal)?;
    let key = |row: &ServiceRow| After {
        created_at: row.created_at,
        id: row.id.to_string(),
    };
    let page = Page::after_rows(rows, limit, key, |row| ServiceView::from(row));
    Ok(cache::json(&headers, &page, Keep::Private))
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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MetricsQuery {
    /// `1h`, `24h` (the default) or `7d`.
    #[param(pattern = "^(1h|24h|7d)?$")]
    pub range: Option<String>,
}

/// A server's readings over a range, for charts or one's own monitoring.
#[derive(Debug, Serialize, ToSchema)]
pub struct MetricsView {
    /// `1h`, `24h` or `7d`.
    pub range: String,
    pub start_at: String,
    pub end_at: String,
    /// Empty with a `note` when there are no readings.
    pub charts: Vec<ChartView>,
    /// Why there are no charts: the provider has no metrics, or did not answer now.
    pub note: Option<MetricsNote>,
}

/// One chart: CPU in percent, network in bits per second, disk in kilobytes per second
/// (Linode: blocks per second). A metric the provider does not report has no series.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChartView {
    pub kind: ChartKind,
    pub series: Vec<SeriesView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesView {
    pub kind: SeriesKind,
    /// Oldest first.
    pub points: Vec<PointView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PointView {
    /// UNIX seconds.
    pub at: i64,
    pub value: f64,
}

impl From<ServiceMetrics> for MetricsView {
    fn from(metrics: ServiceMetrics) -> MetricsView {
        MetricsView {
            range: metrics.range.code().to_string(),
            start_at: metrics.start_at,
            end_at: metrics.end_at,
            charts: metrics
                .charts
                .into_iter()
                .map(|chart| ChartView {
                    kind: chart.kind,
                    series: chart
                        .series
                        .into_iter()
                        .map(|series| SeriesView {
                            kind: series.kind,
                            points: series
                                .points
                                .into_iter()
                                .map(|(at, value)| PointView { at, value })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
            note: metrics.note,
        }
    }
}

/// A browser console, valid for a short while.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsoleView {
    /// Open this in a browser; the provider's own page.
    pub url: String,
}

/// The server's CPU, network and disk readings over the last hour, day or week. Readings
/// are kept for a minute: asking more often returns the same ones.
#[utoipa::path(get, path = "/api/v1/services/{id}/metrics", tag = "services",
    params(("id" = String, Path, description = "The server's id"), MetricsQuery),
    security(("api_key" = ["services:read"]), ("session" = [])),
    responses((status = 200, description = "The readings", body = MetricsView),
        (status = 429, description = "Too many fresh readings asked of the provider this minute (see Retry-After)")))]
async fn metrics(
    State(state): State<AppState>,
    State(cache): State<MetricsCache>,
    State(providers): State<Providers>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<MetricsQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let range = filter("range", query.range.as_deref(), |code| {
        MetricsRange::ALL.into_iter().find(|range| range.code() == code)
    })?
    .unwrap_or(MetricsRange::Day);
    let row = owned(&state, &ServiceId::from(id), user).await?;
    let metrics = super::metrics::ssr::read(&state, &cache, &providers, &row, range).await?;
    Ok(cache::json(&headers, &MetricsView::from(metrics), Keep::Private))
}

/// A link to the server's console in the browser, where its provider offers one and the
/// server is active. Each link is asked of the provider anew and expires soon.
#[utoipa::path(post, path = "/api/v1/services/{id}/console", tag = "services",
    params(("id" = String, Path, description = "The server's id")),
    security(("api_key" = ["services:write"]), ("session" = [])),
    responses((status = 200, description = "The link", body = ConsoleView),
        (status = 422, description = "No console: the server is not active, or its provider has none"),
        (status = 429, description = "Too many console links this minute (see Retry-After)")))]
async fn console(
    State(state): State<AppState>,
    State(providers): State<Providers>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ConsoleView>, ApiError> {
    use crate::accounts::validation::field_error;
    let user = caller.acting_for(WRITE)?;
    let row = owned(&state, &ServiceId::from(id), user).await?;
    let url = console_link(&state, &providers, &row)
        .await?
        .ok_or_else(|| field_error("id", crate::ui::FormText::ActionNotAllowed))?;
    Ok(Json(ConsoleView { url }))
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
