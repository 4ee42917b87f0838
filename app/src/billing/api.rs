//! Invoices on the REST API (`/api/v1/invoices…`): the caller's invoices, one with its lines
//! and payments, and its PDF (the same file as the invoice page's download, `pdf::render`).

use super::invoices::{self, InvoiceRow};
use super::server_fns::ssr::own_invoice;
use super::{InvoiceStatus, pdf};
use crate::accounts::caller::Caller;
use crate::accounts::scopes::{Access, Area, Scope};
use crate::api::cache::{self, Keep};
use crate::api::page::filter;
use crate::api::{ApiError, Page, PageQuery};
use crate::clock::rfc3339;
use crate::error::AppError;
use crate::ids::InvoiceId;
use crate::state::AppState;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const READ: Scope = Scope::new(Area::Billing, Access::Read);

pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get))
        .routes(routes!(download))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceView {
    pub id: String,
    /// `INV/2026/000123`: numbers have no gaps.
    pub number: String,
    /// The order it bills (`null` for a balance top-up).
    pub order_id: Option<String>,
    /// `order`, `renewal` or `deposit`.
    pub purpose: String,
    /// `unpaid`, `paid` or `void`.
    pub status: String,
    /// Rupiah before tax.
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
    pub issued_at: String,
    pub due_at: String,
    pub paid_at: Option<String>,
}

impl From<&InvoiceRow> for InvoiceView {
    fn from(row: &InvoiceRow) -> InvoiceView {
        InvoiceView {
            id: row.id.to_string(),
            number: row.number.clone(),
            order_id: row.order_id.as_ref().map(ToString::to_string),
            purpose: row.purpose.code().to_string(),
            status: row.status.code().to_string(),
            subtotal: row.subtotal.get(),
            tax: row.tax.get(),
            total: row.total.get(),
            issued_at: rfc3339(&row.issued_at),
            due_at: rfc3339(&row.due_at),
            paid_at: row.paid_at.as_ref().map(rfc3339),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LineView {
    pub description: String,
    pub quantity: i32,
    pub unit_price: i64,
    pub amount: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentView {
    /// `midtrans`, `xendit`, `wallet`, `manual` …
    pub gateway: String,
    pub method: String,
    pub reference: String,
    pub amount: i64,
    pub received_at: String,
}

/// An invoice with what it bills and how it was paid.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceDetailView {
    #[serde(flatten)]
    pub invoice: InvoiceView,
    pub lines: Vec<LineView>,
    pub tax_rate_percent: i32,
    pub payments: Vec<PaymentView>,
    pub void_reason: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only invoices in this status: `unpaid`, `paid` or `void`.
    #[param(pattern = "^(unpaid|paid|void)?$")]
    pub status: Option<String>,
}

/// The caller's invoices, newest first.
#[utoipa::path(get, path = "/api/v1/invoices", tag = "billing", params(ListQuery, PageQuery),
    security(("api_key" = ["billing:read"]), ("session" = [])),
    responses((status = 200, description = "A page of invoices", body = Page<InvoiceView>)))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let status = filter("status", query.status.as_deref(), InvoiceStatus::from_code)?;
    // A customer has tens of invoices, not thousands: read them all and page in memory.
    let rows = invoices::for_user(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?;
    let mut views: Vec<InvoiceView> = rows
        .iter()
        .filter(|row| status.is_none_or(|status| row.status == status))
        .map(InvoiceView::from)
        .collect();
    views.sort_by(|a, b| b.issued_at.cmp(&a.issued_at).then(b.number.cmp(&a.number)));
    Ok(cache::json(
        &headers,
        &Page::of_list(views, &page)?,
        Keep::Private,
    ))
}

/// One of the caller's invoices.
#[utoipa::path(get, path = "/api/v1/invoices/{id}", tag = "billing",
    params(("id" = String, Path, description = "The invoice's id")),
    security(("api_key" = ["billing:read"]), ("session" = [])),
    responses((status = 200, description = "The invoice", body = InvoiceDetailView)))]
async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (row, document) = own_document(&state, &caller, id).await?;
    let detail = InvoiceDetailView {
        invoice: InvoiceView::from(&row),
        lines: document
            .lines
            .iter()
            .map(|line| LineView {
                description: line.description.clone(),
                quantity: line.quantity,
                unit_price: line.unit_price.get(),
                amount: line.amount.get(),
            })
            .collect(),
        tax_rate_percent: row.tax_rate_percent,
        payments: document
            .payments
            .iter()
            .filter(|payment| payment.applied)
            .map(|payment| PaymentView {
                gateway: payment.gateway.clone(),
                method: payment.method.clone(),
                reference: payment.reference.clone(),
                amount: payment.amount.get(),
                received_at: payment.received_at.clone(),
            })
            .collect(),
        void_reason: row.void_reason.clone(),
    };
    Ok(cache::json(&headers, &detail, Keep::Private))
}

/// The invoice as a PDF, in the language of `Accept-Language` (Indonesian by default).
#[utoipa::path(get, path = "/api/v1/invoices/{id}/pdf", tag = "billing",
    params(("id" = String, Path, description = "The invoice's id")),
    security(("api_key" = ["billing:read"]), ("session" = [])),
    responses((status = 200, description = "The PDF file", content_type = "application/pdf", body = String)))]
async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (_, document) = own_document(&state, &caller, id).await?;
    let lang = crate::preferences::request_lang(&headers);
    Ok(pdf::attachment(&document, lang).into_response())
}

/// The caller's invoice with its lines and payments; anyone else's is "not found".
async fn own_document(
    state: &AppState,
    caller: &Caller,
    id: String,
) -> Result<(InvoiceRow, super::InvoiceDocument), ApiError> {
    let user = caller.acting_for(READ)?;
    let row = own_invoice(state, &InvoiceId::from(id), user).await?;
    let document = invoices::document(&state.db, &row)
        .await
        .map_err(AppError::internal)?;
    Ok((row, document))
}
