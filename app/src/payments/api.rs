//! Paying on the REST API: open a payment of an invoice at the gateway (`POST
//! /api/v1/payments`, the pay page's own rules in `ssr`: one open attempt per invoice and
//! method, the payment tier), follow its status, the demo gateway's "pay now"; the prepaid
//! wallet's balance and ledger, and paying an invoice from the balance (the pay page's
//! `wallet::ssr::pay`).

use super::ssr::{simulate as simulate_outcome, start, start_rest, view};
use super::{PaymentGateways, PaymentView};
use crate::accounts::caller::Caller;
use crate::accounts::scopes::{Access, Area, Scope};
use crate::api::cache::{self, Keep};
use crate::api::page::filter;
use crate::api::{ApiError, Page, PageQuery};
use crate::error::AppError;
use crate::ids::InvoiceId;
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const READ: Scope = Scope::new(Area::Billing, Access::Read);
const WRITE: Scope = Scope::new(Area::Billing, Access::Write);

pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
    PaymentGateways: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(get))
        .routes(routes!(simulate))
        .routes(routes!(wallet))
        .routes(routes!(ledger))
        .routes(routes!(pay_from_balance))
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"invoice_id": "invoice-id", "method": "qris"}))]
pub struct NewPayment {
    pub invoice_id: String,
    /// `qris`, `va_bca`, `va_bni`, `va_bri`, `va_mandiri`, `va_permata`, `gopay`, `ovo`,
    /// `dana` or `shopeepay` (those the gateway offers).
    pub method: String,
    /// Pay what the wallet balance covers from it, and only the rest through the gateway.
    #[serde(default)]
    pub use_balance: bool,
}

/// A payment attempt: where to pay, and how it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentAttempt {
    pub id: String,
    pub invoice_number: String,
    pub method: String,
    /// Rupiah to pay.
    pub amount: i64,
    /// The virtual account number, or the QR payload.
    pub pay_to: String,
    /// The gateway's page where the customer pays, when it has one.
    pub pay_url: String,
    /// `pending`, `succeeded`, `failed` or `expired`.
    pub status: String,
    pub expires_at: String,
    /// Made at the demo's simulated gateway (`POST /api/v1/payments/{id}/simulate` pays it).
    pub simulated: bool,
}

impl From<PaymentView> for PaymentAttempt {
    fn from(view: PaymentView) -> PaymentAttempt {
        PaymentAttempt {
            id: view.intent_id,
            invoice_number: view.invoice_number,
            method: view.method.code().to_string(),
            amount: view.amount.get(),
            pay_to: view.pay_to,
            pay_url: view.pay_url,
            status: view.status.code().to_string(),
            expires_at: view.expires_at,
            simulated: view.simulated,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SimulatedOutcome {
    /// `success` or `failure`.
    #[schema(pattern = "^(success|failure)$")]
    pub outcome: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WalletView {
    /// Rupiah on the prepaid balance.
    pub balance: i64,
}

/// Opens a payment of one of the caller's unpaid invoices. Asking again while an attempt of
/// the same method is open returns that attempt instead of another one to pay.
#[utoipa::path(post, path = "/api/v1/payments", tag = "billing", request_body = NewPayment,
    security(("api_key" = ["billing:write"]), ("session" = [])),
    responses((status = 201, description = "Where to pay", body = PaymentAttempt,
            headers(("Location" = String, description = "The attempt's address"))),
        (status = 422, description = "The invoice cannot be paid, or not with this method")))]
async fn create(
    State(state): State<AppState>,
    State(gateways): State<PaymentGateways>,
    caller: Caller,
    Json(request): Json<NewPayment>,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(WRITE)?;
    let invoice = InvoiceId::from(request.invoice_id);
    let id = if request.use_balance {
        start_rest(&state, &gateways, user, &invoice, &request.method).await?
    } else {
        start(&state, &gateways, user, &invoice, &request.method).await?
    };
    let attempt = PaymentAttempt::from(view(&state, &gateways, user, &id).await?);
    let location = format!("/api/v1/payments/{id}");
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(attempt)).into_response())
}

/// One of the caller's payment attempts: poll it until it is no longer `pending`.
#[utoipa::path(get, path = "/api/v1/payments/{id}", tag = "billing",
    params(("id" = String, Path, description = "The attempt's id")),
    security(("api_key" = ["billing:read"]), ("session" = [])),
    responses((status = 200, description = "The attempt", body = PaymentAttempt)))]
async fn get(
    State(state): State<AppState>,
    State(gateways): State<PaymentGateways>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let attempt = PaymentAttempt::from(view(&state, &gateways, user, &id).await?);
    Ok(cache::json(&headers, &attempt, Keep::Private))
}

/// The demo only (a simulated gateway): pays or fails a pending attempt the way a real
/// gateway would, by a signed notification to our webhook moments later.
#[utoipa::path(post, path = "/api/v1/payments/{id}/simulate", tag = "billing",
    request_body = SimulatedOutcome,
    params(("id" = String, Path, description = "The attempt's id")),
    security(("api_key" = ["billing:write"]), ("session" = [])),
    responses((status = 202, description = "The gateway will report the outcome"),
        (status = 404, description = "No such attempt at the simulated gateway")))]
async fn simulate(
    State(state): State<AppState>,
    State(gateways): State<PaymentGateways>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<SimulatedOutcome>,
) -> Result<StatusCode, ApiError> {
    let user = caller.acting_for(WRITE)?;
    if !matches!(request.outcome.as_str(), "success" | "failure") {
        return Err(crate::api::page::invalid("outcome", "unknown").into());
    }
    simulate_outcome(&state, &gateways, user, &id, &request.outcome).await?;
    Ok(StatusCode::ACCEPTED)
}

/// The caller's prepaid balance.
#[utoipa::path(get, path = "/api/v1/wallet", tag = "billing",
    security(("api_key" = ["billing:read"]), ("session" = [])),
    responses((status = 200, description = "The balance", body = WalletView)))]
async fn wallet(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(READ)?;
    let balance = crate::wallet::store::balance(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?;
    let view = WalletView {
        balance: balance.get(),
    };
    Ok(cache::json(&headers, &view, Keep::Private))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerQuery {
    /// Only lines of this kind: `deposit`, `payment`, `refund`, `bonus` or `adjustment`.
    #[param(pattern = "^(deposit|payment|refund|bonus|adjustment)?$")]
    pub kind: Option<String>,
}

/// One change to the balance.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerLineView {
    pub id: String,
    /// `deposit`, `payment`, `refund`, `bonus` or `adjustment`.
    pub kind: String,
    /// Rupiah, signed: credits positive, debits negative.
    pub amount: i64,
    pub balance_after: i64,
    /// What it was for: an invoice number, a credit note …
    pub reference: Option<String>,
    pub note: String,
    pub created_at: String,
}

impl From<crate::wallet::LedgerLine> for LedgerLineView {
    fn from(line: crate::wallet::LedgerLine) -> LedgerLineView {
        LedgerLineView {
            id: line.id,
            kind: line.kind.code().to_string(),
            amount: line.amount.get(),
            balance_after: line.balance_after.get(),
            reference: line.reference,
            note: line.note,
            created_at: line.created_at,
        }
    }
}

/// The wallet's ledger, newest first: every line that changed the balance.
#[utoipa::path(get, path = "/api/v1/wallet/ledger", tag = "billing", params(LedgerQuery, PageQuery),
    security(("api_key" = ["billing:read"]), ("session" = [])),
    responses((status = 200, description = "A page of ledger lines", body = Page<LedgerLineView>)))]
async fn ledger(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<LedgerQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    use crate::wallet::LedgerKind;
    let user = caller.acting_for(READ)?;
    let kind = filter("kind", query.kind.as_deref(), LedgerKind::from_code)?;
    let limit = page.limit()?;
    let after = page.after()?;
    let lines = crate::wallet::store::ledger_page(&state.db, &user.id, kind, after.as_ref(), limit + 1)
        .await
        .map_err(AppError::internal)?;
    let key = |(place, _): &(crate::db::After, _)| place.clone();
    let page = Page::after_rows(lines, limit, key, |(_, line)| LedgerLineView::from(line.clone()));
    Ok(cache::json(&headers, &page, Keep::Private))
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"invoice_id": "invoice-id"}))]
pub struct BalancePayment {
    pub invoice_id: String,
}

/// An invoice paid from the balance.
#[derive(Debug, Serialize, ToSchema)]
pub struct BalancePaymentView {
    pub invoice_id: String,
    /// Rupiah taken from the balance.
    pub amount: i64,
    /// The balance now.
    pub balance: i64,
}

/// Pays one of the caller's unpaid invoices in full from the wallet balance, in one step:
/// the invoice is paid and what it bills goes ahead (a new server is provisioned). Refused,
/// with nothing taken, when the balance does not cover it or it cannot be paid any more
/// (a second call for a paid invoice is refused the same way).
#[utoipa::path(post, path = "/api/v1/wallet/payments", tag = "billing", request_body = BalancePayment,
    security(("api_key" = ["billing:write"]), ("session" = [])),
    responses((status = 201, description = "Paid", body = BalancePaymentView,
            headers(("Location" = String, description = "The paid invoice's address"))),
        (status = 422, description = "The balance does not cover it, or it cannot be paid")))]
async fn pay_from_balance(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<BalancePayment>,
) -> Result<Response, ApiError> {
    let user = caller.acting_for(WRITE)?;
    let invoice_id = InvoiceId::from(request.invoice_id);
    crate::payments::wallet::ssr::pay(&state, user, &invoice_id).await?;
    let invoice = crate::billing::server_fns::ssr::own_invoice(&state, &invoice_id, user).await?;
    let balance = crate::wallet::store::balance(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?;
    let view = BalancePaymentView {
        invoice_id: invoice_id.to_string(),
        amount: invoice.total.get(),
        balance: balance.get(),
    };
    let location = format!("/api/v1/invoices/{invoice_id}");
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(view)).into_response())
}
