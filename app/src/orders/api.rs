//! Orders on the REST API (`/api/v1/orders…`): quote, place (one order per
//! `Idempotency-Key`), list, read and cancel the caller's own orders. Every rule is
//! checkout's and the order pages' own (`checkout::ssr`, `server_fns::ssr`); this file only
//! speaks HTTP. Staff act as themselves here: other customers' orders are the admin panel's.

use super::checkout::ssr::{MAX_KEY_LEN, Placed, place, price};
use super::store::{self, OrderFilter, OrderRow};
use super::{OrderDraft, OrderSettings, OrderStatus};
use crate::accounts::User;
use crate::accounts::caller::Caller;
use crate::accounts::scopes::{Access, Area, Scope};
use crate::api::cache::{self, Keep};
use crate::api::page::{After, filter, invalid};
use crate::api::{ApiError, Page, PageQuery};
use crate::billing::api::InvoiceView;
use crate::clock::rfc3339;
use crate::error::AppError;
use crate::ids::OrderId;
use crate::security::client_ip::ClientIp;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Extension, FromRef, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const READ: Scope = Scope::new(Area::Orders, Access::Read);
const WRITE: Scope = Scope::new(Area::Orders, Access::Write);
const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
    OrderSettings: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(quote))
        .routes(routes!(list, create))
        .routes(routes!(get))
        .routes(routes!(cancel))
}

/// What to order: ids from the catalog (`/api/v1/catalog/…`).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"plan_id": "plan-id", "region_id": "region-id", "image_id": "image-id",
    "hostname": "web-1", "cycle_months": 1}))]
pub struct NewOrder {
    pub plan_id: String,
    pub region_id: String,
    pub image_id: String,
    /// The server's host name: letters, digits and hyphens, dots between labels.
    pub hostname: String,
    /// 1, 3, 6 or 12.
    pub cycle_months: i32,
    pub promo_code: Option<String>,
}

impl NewOrder {
    fn draft(&self) -> OrderDraft {
        OrderDraft {
            plan: self.plan_id.clone(),
            region: self.region_id.clone(),
            image: self.image_id.clone(),
            hostname: self.hostname.clone(),
            cycle: self.cycle_months.to_string(),
            promo: self.promo_code.clone().unwrap_or_default(),
        }
    }

    /// Whether `order` is what this request asks for (a reused idempotency key must be).
    fn describes(&self, order: &OrderRow) -> bool {
        order.plan_id == self.plan_id.trim()
            && order.region_id == self.region_id.trim()
            && order.image_id == self.image_id.trim()
            && super::valid_hostname(&self.hostname).is_some_and(|hostname| hostname == order.hostname)
            && order.cycle_months == self.cycle_months
    }
}

/// A draft to price, as query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuoteQuery {
    pub plan_id: String,
    pub region_id: String,
    pub image_id: String,
    /// 1, 3, 6 or 12.
    pub cycle_months: i32,
    pub promo_code: Option<String>,
}

/// What an order costs, in rupiah.
#[derive(Debug, Serialize, ToSchema)]
pub struct PriceView {
    pub monthly_price: i64,
    pub months: i32,
    /// Monthly price × months.
    pub subtotal: i64,
    pub cycle_discount: i64,
    pub promo_code: Option<String>,
    pub promo_discount: i64,
    /// PPN (VAT).
    pub tax: i64,
    pub total: i64,
}

impl From<&super::pricing::Quote> for PriceView {
    fn from(quote: &super::pricing::Quote) -> PriceView {
        PriceView {
            monthly_price: quote.monthly_price.get(),
            months: quote.months,
            subtotal: quote.subtotal.get(),
            cycle_discount: quote.cycle_discount.get(),
            promo_code: quote.promo_code.clone(),
            promo_discount: quote.promo_discount.get(),
            tax: quote.tax.get(),
            total: quote.total.get(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderView {
    pub id: String,
    /// The short reference support knows it by (`ORD-1A2B3C4D`).
    pub reference: String,
    /// `PENDING_PAYMENT`, `PAID`, `PROVISIONING`, `ACTIVE`, `PROVISIONING_FAILED`,
    /// `CANCELLED` or `EXPIRED`.
    pub status: String,
    pub hostname: String,
    pub provider: String,
    pub plan_id: String,
    pub plan_name: String,
    pub region_id: String,
    pub region_label: String,
    pub image_id: String,
    pub image_label: String,
    pub cycle_months: i32,
    pub price: PriceView,
    /// Unpaid orders expire then (RFC 3339).
    pub payment_due_at: String,
    pub created_at: String,
}

impl From<&OrderRow> for OrderView {
    fn from(order: &OrderRow) -> OrderView {
        OrderView {
            id: order.id.to_string(),
            reference: super::order_reference(order.id.as_ref()),
            status: order.status.code().to_string(),
            hostname: order.hostname.clone(),
            provider: order.provider_slug.clone(),
            plan_id: order.plan_id.clone(),
            plan_name: order.plan_name.clone(),
            region_id: order.region_id.clone(),
            region_label: order.region_label.clone(),
            image_id: order.image_id.clone(),
            image_label: order.image_label.clone(),
            cycle_months: order.cycle_months,
            price: PriceView::from(&super::pricing::order_quote(order)),
            payment_due_at: rfc3339(&order.payment_due_at),
            created_at: rfc3339(&order.created_at),
        }
    }
}

/// An order with its invoices and, once built, its server.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderDetailView {
    #[serde(flatten)]
    pub order: OrderView,
    /// Its invoices, to pay (`POST /api/v1/payments`) or download.
    pub invoices: Vec<InvoiceView>,
    /// The VPS (`/api/v1/services/{id}`), once provisioning has succeeded.
    pub service_id: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only orders in this status (e.g. `ACTIVE`).
    #[param(pattern = "^(PENDING_PAYMENT|PAID|PROVISIONING|ACTIVE|PROVISIONING_FAILED|CANCELLED|EXPIRED)?$")]
    pub status: Option<String>,
}

/// The price of a draft order, with every discount and the tax. No key needed.
#[utoipa::path(get, path = "/api/v1/orders/quote", tag = "orders", params(QuoteQuery),
    responses((status = 200, description = "The price", body = PriceView)))]
async fn quote(
    State(state): State<AppState>,
    Extension(client): Extension<ClientIp>,
    Query(query): Query<QuoteQuery>,
) -> Result<Json<PriceView>, ApiError> {
    let draft = OrderDraft {
        plan: query.plan_id,
        region: query.region_id,
        image: query.image_id,
        // The price does not depend on the host name.
        hostname: "host".into(),
        cycle: query.cycle_months.to_string(),
        promo: query.promo_code.unwrap_or_default(),
    };
    let catalog = crate::catalog::store::load_orderable(&state.db)
        .await
        .map_err(AppError::internal)?;
    let quote = price(&state, &catalog, &draft, None, &client).await?;
    Ok(Json(PriceView::from(&quote)))
}

/// The caller's orders, newest first.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", params(ListQuery, PageQuery),
    security(("api_key" = ["orders:read"]), ("session" = [])),
    responses((status = 200, description = "A page of orders", body = Page<OrderView>)))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let status = filter("status", query.status.as_deref(), OrderStatus::from_code)?;
    let limit = page.limit()?;
    let filter = OrderFilter {
        user_id: Some(user.id.clone()),
        status,
        after: page.after()?,
        limit: limit + 1,
        ..OrderFilter::default()
    };
    let rows = store::list(&state.db, &filter)
        .await
        .map_err(AppError::internal)?;
    let key = |row: &store::OrderListRow| After {
        created_at: row.order.created_at,
        id: row.order.id.to_string(),
    };
    let page = Page::after_rows(rows, limit, key, |row| OrderView::from(&row.order));
    Ok(cache::json(&headers, &page, Keep::Private))
}

/// Places an order. Send an `Idempotency-Key` (any unique text up to 100 characters, e.g.
/// a UUID): the same key again returns the same order with `200` instead of ordering twice,
/// so a request whose answer was lost can safely be retried. The order waits for payment
/// (`POST /api/v1/payments` with its invoice).
#[utoipa::path(post, path = "/api/v1/orders", tag = "orders", request_body = NewOrder,
    params(("Idempotency-Key" = String, Header, description = "Unique per order you mean to place")),
    security(("api_key" = ["orders:write"]), ("session" = [])),
    responses((status = 201, description = "Placed", body = OrderDetailView,
            headers(("Location" = String, description = "The order's address"))),
        (status = 200, description = "This key placed this order before", body = OrderDetailView),
        (status = 409, description = "This key placed a different order before")))]
async fn create(
    State(state): State<AppState>,
    State(settings): State<OrderSettings>,
    caller: Caller,
    headers: HeaderMap,
    Json(request): Json<NewOrder>,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(WRITE)?;
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(invalid("Idempotency-Key", "required").into());
    }
    if !user.email_verified {
        return Err(AppError::EmailNotVerified.into());
    }
    let customer = crate::accounts::store::find_by_id(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::Unauthorized)?;
    let (status, id) = match place(&state, settings, &customer, &request.draft(), key).await? {
        Placed::New(id) => (StatusCode::CREATED, id),
        Placed::Existing(order) if request.describes(&order) => (StatusCode::OK, order.id),
        Placed::Existing(_) => {
            return Err(AppError::Conflict("this Idempotency-Key placed a different order".into()).into());
        }
    };
    let detail = detail(&state, user, &id).await?;
    let location = format!("/api/v1/orders/{id}");
    Ok((status, [(header::LOCATION, location)], Json(detail)).into_response())
}

/// One of the caller's orders, with its invoices.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders",
    params(("id" = String, Path, description = "The order's id")),
    security(("api_key" = ["orders:read"]), ("session" = [])),
    responses((status = 200, description = "The order", body = OrderDetailView)))]
async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let detail = detail(&state, user, &OrderId::from(id)).await?;
    Ok(cache::json(&headers, &detail, Keep::Private))
}

/// Cancels an unpaid order; its invoice is voided and a promo use given back. A paid order
/// is refunded by support instead.
#[utoipa::path(post, path = "/api/v1/orders/{id}/cancel", tag = "orders",
    params(("id" = String, Path, description = "The order's id")),
    security(("api_key" = ["orders:write"]), ("session" = [])),
    responses((status = 200, description = "Cancelled", body = OrderDetailView),
        (status = 422, description = "The order is not waiting for payment")))]
async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<OrderDetailView>, ApiError> {
    let user = caller.acting_for(WRITE)?;
    let id = OrderId::from(id);
    owned(&state, user, &id).await?;
    let actor = crate::audit::Actor::user(&user.id, &user.email);
    super::server_fns::ssr::cancel(&state, &id, &actor, "").await?;
    Ok(Json(detail(&state, user, &id).await?))
}

/// The order if it is `user`'s; anyone else's is "not found".
async fn owned(state: &AppState, user: &User, id: &OrderId) -> Result<OrderRow, AppError> {
    store::find(&state.db, id)
        .await
        .map_err(AppError::internal)?
        .filter(|order| order.user_id == user.id)
        .ok_or(AppError::NotFound)
}

async fn detail(state: &AppState, user: &User, id: &OrderId) -> Result<OrderDetailView, AppError> {
    let order = owned(state, user, id).await?;
    let invoices = crate::billing::invoices::for_order(&state.db, id)
        .await
        .map_err(AppError::internal)?;
    let service = crate::services::store::for_order(&state.db, id)
        .await
        .map_err(AppError::internal)?;
    Ok(OrderDetailView {
        order: OrderView::from(&order),
        invoices: invoices.iter().map(InvoiceView::from).collect(),
        service_id: service.map(|service| service.id.to_string()),
    })
}
