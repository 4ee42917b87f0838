//! Moving a server to a bigger plan on the REST API (`/api/v1/services/{id}/resize…`): the
//! choices with their prices, and asking for one — the service page's own
//! `request::choices` and `request::request`.

use crate::accounts::caller::Caller;
use crate::accounts::scopes::{Access, Area, Scope};
use crate::api::ApiError;
use crate::api::cache::{self, Keep};
use crate::catalog::CatalogCache;
use crate::error::AppError;
use crate::ids::ServiceId;
use crate::services::server_fns::ssr::owned;
use crate::services::upgrade::request::{choices, latest, request};
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRef, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const READ: Scope = Scope::new(Area::Services, Access::Read);
const WRITE: Scope = Scope::new(Area::Services, Access::Write);

pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
    CatalogCache: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(options))
        .routes(routes!(resize))
}

/// A bigger plan the server may move to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResizeOption {
    pub plan_id: String,
    pub name: String,
    pub vcpu: i32,
    pub memory_mb: i32,
    pub disk_gb: i32,
    /// Rupiah a month (before tax) the server renews at on this plan.
    pub monthly_price: i64,
    /// Rupiah due now for the rest of the paid period, tax included (0: nothing to pay).
    pub due_now: i64,
}

/// The server's latest move to another plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResizeState {
    pub plan_name: String,
    /// `pending` (its invoice waits for payment), `paid` (being resized), `done`, `failed`
    /// (the payment went back to the balance) or `void` (replaced, or the period changed).
    pub status: String,
    /// While `pending`: the invoice to pay (`/api/v1/invoices/{id}`).
    pub invoice_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResizeOptions {
    /// Cheapest first; empty while the server cannot change plan (not active, busy, an
    /// action under way) or has no bigger plan in its region.
    pub options: Vec<ResizeOption>,
    pub latest: Option<ResizeState>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"plan_id": "0192f1c2-…"}))]
pub struct NewResize {
    /// One of the server's `resize-options`.
    pub plan_id: String,
}

/// What the request led to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResizeRequested {
    /// `pending`: pay `invoice_id` and the resize starts; `paid`: nothing was due, the
    /// resize is queued.
    pub status: String,
    pub invoice_id: Option<String>,
}

/// The bigger plans the server may move to (same provider and region; disks only grow),
/// with the price of the rest of its paid period on each, and how its latest move went.
#[utoipa::path(get, path = "/api/v1/services/{id}/resize-options", tag = "services",
    params(("id" = String, Path, description = "The server's id")),
    security(("api_key" = ["services:read"]), ("session" = [])),
    responses((status = 200, description = "The choices", body = ResizeOptions)))]
async fn options(
    State(state): State<AppState>,
    State(catalog): State<CatalogCache>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let row = owned(&state, &ServiceId::from(id), user).await?;
    let catalog = catalog.orderable(&state.db).await.map_err(AppError::internal)?;
    let now = state.clock.now();
    let options = choices(&state.db, &catalog, &row, now)
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .map(|choice| ResizeOption {
            plan_id: choice.plan_id,
            name: choice.name,
            vcpu: choice.vcpu,
            memory_mb: choice.memory_mb,
            disk_gb: choice.disk_gb,
            monthly_price: choice.monthly_price.get(),
            due_now: choice.due_now.get(),
        })
        .collect();
    let latest = latest(&state.db, &row.id)
        .await
        .map_err(AppError::internal)?
        .map(|upgrade| ResizeState {
            plan_name: upgrade.plan_name,
            status: upgrade.status.code().to_string(),
            invoice_id: upgrade.invoice.map(|invoice| invoice.id),
        });
    Ok(cache::json(
        &headers,
        &ResizeOptions { options, latest },
        Keep::Private,
    ))
}

/// Moves the server to a bigger plan: the rest of its paid period on that plan is invoiced
/// (`201`, `Location` the invoice; pay it like any invoice, and the server is resized — it is
/// off for a few minutes and keeps its data and addresses). Asking again for the same plan
/// gives the same invoice; another plan replaces it. When nothing is due the resize is
/// queued at once (`202`). A failed resize gives the payment back to the balance.
#[utoipa::path(post, path = "/api/v1/services/{id}/resize", tag = "services",
    request_body = NewResize,
    params(("id" = String, Path, description = "The server's id")),
    security(("api_key" = ["services:write"]), ("session" = [])),
    responses((status = 201, description = "Invoiced", body = ResizeRequested,
            headers(("Location" = String, description = "The invoice's address"))),
        (status = 202, description = "Nothing due: the resize is queued", body = ResizeRequested,
            headers(("Location" = String, description = "The server's address"))),
        (status = 422, description = "Not a bigger plan offered for the server, the server cannot change plan now, or its renewal invoice is unpaid")))]
async fn resize(
    State(state): State<AppState>,
    State(catalog): State<CatalogCache>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<NewResize>,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(WRITE)?;
    let row = owned(&state, &ServiceId::from(id), user).await?;
    let catalog = catalog.orderable(&state.db).await.map_err(AppError::internal)?;
    let invoice = request(&state, &catalog, user, &row, &body.plan_id).await?;
    let (status, location, state) = match &invoice {
        Some(invoice) => (
            StatusCode::CREATED,
            format!("/api/v1/invoices/{invoice}"),
            "pending",
        ),
        None => (
            StatusCode::ACCEPTED,
            format!("/api/v1/services/{}", row.id),
            "paid",
        ),
    };
    let body = ResizeRequested {
        status: state.to_string(),
        invoice_id: invoice.map(String::from),
    };
    Ok((status, [(header::LOCATION, location)], Json(body)).into_response())
}
