//! Request-validating mocks of Midtrans Snap (and its Core API status calls) and Xendit
//! Invoices, from the facts in `../shared/specs/payments.md`: they check auth, required
//! fields and their formats the way the real gateways do, answer in the real shapes, keep
//! state, and notify like the gateways (Midtrans signs with `signature_key`, Xendit sends
//! its callback token). A request that breaks a rule is answered 400 and remembered in
//! `violations`, which tests assert is empty.
#![allow(dead_code)]

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const MIDTRANS_KEY: &str = "SB-Mid-server-uji-coba-kunci";
pub const XENDIT_KEY: &str = "xnd_development_uji_coba_kunci";
pub const XENDIT_TOKEN: &str = "token-verifikasi-uji-coba-xendit";

#[derive(Default)]
struct Mock {
    /// Midtrans transactions by order_id: (gross_amount, transaction_id, status once paid).
    midtrans: HashMap<String, MidtransTransaction>,
    /// Xendit invoices by id.
    xendit: HashMap<String, Value>,
    violations: Vec<String>,
    /// Answer the next create calls with this status (an outage).
    outage: Option<u16>,
    /// Answer create calls after this long (a slow gateway).
    slow: Option<std::time::Duration>,
    creates: usize,
    /// Midtrans refunds by refund_key: (order_id, amount).
    refunds: HashMap<String, (String, i64)>,
}

#[derive(Clone)]
struct MidtransTransaction {
    gross_amount: i64,
    transaction_id: String,
    status: Option<String>,
}

#[derive(Clone)]
pub struct GatewayMocks {
    pub url: String,
    state: Arc<Mutex<Mock>>,
}

impl GatewayMocks {
    pub async fn start() -> GatewayMocks {
        let state = Arc::new(Mutex::new(Mock::default()));
        let router = Router::new()
            .route("/snap/v1/transactions", post(snap_create))
            .route("/v2/{id}/status", get(midtrans_status))
            .route("/v2/{id}/expire", post(midtrans_expire))
            .route("/v2/{id}/refund", post(midtrans_refund))
            .route("/v2/invoices", post(xendit_create))
            .route("/v2/invoices/{id}", get(xendit_get))
            .route("/invoices/{id}/expire!", post(xendit_expire))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        GatewayMocks { url, state }
    }

    /// The app's settings for Midtrans at this mock.
    pub fn midtrans_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("WEBRANA_MIDTRANS_SERVER_KEY", MIDTRANS_KEY.into()),
            ("WEBRANA_MIDTRANS_SNAP_URL", format!("{}/snap/v1", self.url)),
            ("WEBRANA_MIDTRANS_API_URL", self.url.clone()),
        ]
    }

    /// The app's settings for Xendit at this mock.
    pub fn xendit_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("WEBRANA_XENDIT_SECRET_KEY", XENDIT_KEY.into()),
            ("WEBRANA_XENDIT_CALLBACK_TOKEN", XENDIT_TOKEN.into()),
            ("WEBRANA_XENDIT_API_URL", self.url.clone()),
        ]
    }

    pub fn violations(&self) -> Vec<String> {
        self.state.lock().unwrap().violations.clone()
    }

    /// Refunds Midtrans made: (order_id, amount) per refund_key.
    pub fn refunds(&self) -> Vec<(String, i64)> {
        self.state.lock().unwrap().refunds.values().cloned().collect()
    }

    pub fn creates(&self) -> usize {
        self.state.lock().unwrap().creates
    }

    /// Create calls answer `status` until [`GatewayMocks::recover`].
    pub fn outage(&self, status: u16) {
        self.state.lock().unwrap().outage = Some(status);
    }

    /// Create calls take `delay` before they answer.
    pub fn slow(&self, delay: std::time::Duration) {
        self.state.lock().unwrap().slow = Some(delay);
    }

    pub fn recover(&self) {
        self.state.lock().unwrap().outage = None;
    }

    /// The customer pays (or the payment changes) at Midtrans: the transaction's status
    /// becomes `status`; returns the notification Midtrans would send, signed.
    pub fn midtrans_pay(&self, order_id: &str, status: &str, gross_amount: &str) -> Value {
        let mut mock = self.state.lock().unwrap();
        let transaction = mock.midtrans.get_mut(order_id).expect("a Snap transaction");
        transaction.status = Some(status.to_string());
        midtrans_notification(
            order_id,
            &transaction.transaction_id,
            status,
            gross_amount,
            MIDTRANS_KEY,
        )
    }

    /// The customer pays the Xendit invoice opened for `external_id`; returns its callback.
    pub fn xendit_pay(&self, external_id: &str, status: &str, paid_amount: Value) -> Value {
        let mut mock = self.state.lock().unwrap();
        let invoice = mock
            .xendit
            .values_mut()
            .find(|invoice| invoice["external_id"] == external_id)
            .expect("a Xendit invoice");
        invoice["status"] = json!(status);
        invoice["paid_amount"] = paid_amount;
        invoice["payment_method"] = json!("BANK_TRANSFER");
        invoice["payment_channel"] = json!("BCA");
        invoice.clone()
    }
}

/// A Midtrans HTTP notification as Midtrans sends it.
pub fn midtrans_notification(
    order_id: &str,
    transaction_id: &str,
    status: &str,
    gross_amount: &str,
    key: &str,
) -> Value {
    let status_code = if status == "pending" { "201" } else { "200" };
    json!({
        "transaction_time": "2026-12-04 20:00:00",
        "transaction_status": status,
        "transaction_id": transaction_id,
        "status_message": "midtrans payment notification",
        "status_code": status_code,
        "signature_key": app::payments::midtrans::signature(order_id, status_code, gross_amount, key),
        "payment_type": "qris",
        "order_id": order_id,
        "merchant_id": "G000000000",
        "gross_amount": gross_amount,
        "fraud_status": "accept",
        "currency": "IDR",
    })
}

fn basic(key: &str) -> String {
    format!(
        "Basic {}",
        data_encoding::BASE64.encode(format!("{key}:").as_bytes())
    )
}

/// Auth and JSON headers as both gateways require them; the first broken rule.
fn check_headers(headers: &HeaderMap, key: &str, with_body: bool) -> Result<(), (StatusCode, String)> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    if header("authorization") != basic(key) {
        return Err((StatusCode::UNAUTHORIZED, "wrong or missing Basic auth".into()));
    }
    if !header("accept").contains("application/json") {
        return Err((StatusCode::BAD_REQUEST, "Accept is not application/json".into()));
    }
    if with_body && !header("content-type").starts_with("application/json") {
        return Err((
            StatusCode::BAD_REQUEST,
            "Content-Type is not application/json".into(),
        ));
    }
    Ok(())
}

/// A read (GET, or a POST without a body) with wrong headers: remembered and refused.
fn refuse_read(state: &Mutex<Mock>, headers: &HeaderMap, key: &str) -> Option<(StatusCode, Json<Value>)> {
    let (status, why) = check_headers(headers, key, false).err()?;
    state.lock().unwrap().violations.push(why);
    Some((status, Json(json!({}))))
}

fn violation(state: &Mutex<Mock>, why: String) -> (StatusCode, Json<Value>) {
    state.lock().unwrap().violations.push(why.clone());
    (StatusCode::BAD_REQUEST, Json(json!({ "error_messages": [why] })))
}

fn positive_integer(value: &Value) -> Option<i64> {
    value.as_i64().filter(|n| *n > 0)
}

/// `POST /snap/v1/transactions`.
async fn snap_create(
    State(state): State<Arc<Mutex<Mock>>>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    if let Err((status, why)) = check_headers(&headers, MIDTRANS_KEY, true) {
        if status == StatusCode::UNAUTHORIZED {
            state.lock().unwrap().violations.push(why);
            return (status, Json(json!({ "error_messages": ["Access denied"] })));
        }
        return violation(&state, why);
    }
    if let Some(status) = state.lock().unwrap().outage {
        return (
            StatusCode::from_u16(status).unwrap(),
            Json(json!({ "error_messages": ["down"] })),
        );
    }
    let slow = state.lock().unwrap().slow;
    if let Some(delay) = slow {
        tokio::time::sleep(delay).await;
    }
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return violation(&state, "body is not JSON".into());
    };
    let details = &body["transaction_details"];
    let order_id = details["order_id"].as_str().unwrap_or_default();
    let order_id_ok = !order_id.is_empty()
        && order_id.len() <= 50
        && order_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_~.".contains(c));
    if !order_id_ok {
        return violation(
            &state,
            format!("transaction_details.order_id invalid: {order_id:?}"),
        );
    }
    let Some(gross) = positive_integer(&details["gross_amount"]) else {
        return violation(
            &state,
            "transaction_details.gross_amount must be a positive integer".into(),
        );
    };
    if let Some(items) = body.get("item_details") {
        let mut sum = 0;
        for item in items.as_array().into_iter().flatten() {
            let (Some(price), Some(quantity)) = (item["price"].as_i64(), item["quantity"].as_i64()) else {
                return violation(&state, "item_details need integer price and quantity".into());
            };
            let name = item["name"].as_str().unwrap_or_default();
            if name.is_empty() || name.chars().count() > 50 {
                return violation(&state, "item_details.name must be 1..50 characters".into());
            }
            sum += price * quantity;
        }
        if sum != gross {
            return violation(
                &state,
                format!("item_details sum {sum} differs from gross_amount {gross}"),
            );
        }
    }
    let known = [
        "credit_card",
        "gopay",
        "shopeepay",
        "other_qris",
        "bca_va",
        "bni_va",
        "bri_va",
        "echannel",
        "permata_va",
        "cimb_va",
        "other_va",
        "indomaret",
        "alfamart",
        "akulaku",
        "kredivo",
    ];
    for method in body["enabled_payments"].as_array().into_iter().flatten() {
        if !method.as_str().is_some_and(|m| known.contains(&m)) {
            return violation(&state, format!("unknown enabled_payments entry {method}"));
        }
    }
    if let Some(expiry) = body.get("expiry") {
        let start = expiry["start_time"].as_str().unwrap_or_default();
        if chrono::DateTime::parse_from_str(start, "%Y-%m-%d %H:%M:%S %z").is_err() {
            return violation(
                &state,
                format!("expiry.start_time {start:?} is not 'YYYY-MM-DD HH:MM:SS +0700'"),
            );
        }
        if !["day", "hour", "minute"].contains(&expiry["unit"].as_str().unwrap_or_default())
            || positive_integer(&expiry["duration"]).is_none()
        {
            return violation(
                &state,
                "expiry needs a unit (day, hour, minute) and a positive duration".into(),
            );
        }
    }
    if let Some(finish) = body.pointer("/callbacks/finish")
        && !finish.as_str().is_some_and(|url| url.starts_with("http"))
    {
        return violation(&state, "callbacks.finish must be a URL".into());
    }
    if let Some(email) = body.pointer("/customer_details/email")
        && !email.as_str().is_some_and(|email| email.contains('@'))
    {
        return violation(&state, "customer_details.email is not an address".into());
    }
    let mut mock = state.lock().unwrap();
    if mock.midtrans.contains_key(order_id) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error_messages": ["transaction_details.order_id sudah digunakan"] })),
        );
    }
    mock.creates += 1;
    let token = uuid::Uuid::new_v4().to_string();
    mock.midtrans.insert(
        order_id.to_string(),
        MidtransTransaction {
            gross_amount: gross,
            transaction_id: uuid::Uuid::new_v4().to_string(),
            status: None,
        },
    );
    (
        StatusCode::CREATED,
        Json(json!({
            "token": token,
            "redirect_url": format!("https://app.sandbox.midtrans.com/snap/v2/vtweb/{token}"),
        })),
    )
}

/// `GET /v2/{id}/status`: like a notification; `status_code` "404" until a method is picked.
async fn midtrans_status(
    State(state): State<Arc<Mutex<Mock>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    if let Some(refused) = refuse_read(&state, &headers, MIDTRANS_KEY) {
        return refused;
    }
    let mock = state.lock().unwrap();
    match mock.midtrans.get(&id) {
        Some(MidtransTransaction {
            gross_amount,
            transaction_id,
            status: Some(status),
        }) => (
            StatusCode::OK,
            Json(midtrans_notification(
                &id,
                transaction_id,
                status,
                &format!("{gross_amount}.00"),
                MIDTRANS_KEY,
            )),
        ),
        _ => (
            StatusCode::OK,
            Json(json!({ "status_code": "404", "status_message": "Transaction doesn't exist." })),
        ),
    }
}

async fn midtrans_expire(
    State(state): State<Arc<Mutex<Mock>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    if let Some(refused) = refuse_read(&state, &headers, MIDTRANS_KEY) {
        return refused;
    }
    let mut mock = state.lock().unwrap();
    match mock.midtrans.get_mut(&id) {
        Some(transaction) => {
            transaction.status = Some("expire".into());
            (
                StatusCode::OK,
                Json(json!({ "status_code": "407", "transaction_status": "expire" })),
            )
        }
        None => (StatusCode::NOT_FOUND, Json(json!({ "status_code": "404" }))),
    }
}

/// `POST /v2/{order_id}/refund`: a settled transaction, a `refund_key` (asked again, the
/// same refund is answered), an integer amount up to what was paid, a reason.
async fn midtrans_refund(
    State(state): State<Arc<Mutex<Mock>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    if let Err((_, why)) = check_headers(&headers, MIDTRANS_KEY, true) {
        return violation(&state, why);
    }
    let Ok(request) = serde_json::from_str::<Value>(&body) else {
        return violation(&state, "refund body is not JSON".into());
    };
    let key = request["refund_key"].as_str().unwrap_or("").to_string();
    if key.is_empty() || key.len() > 50 {
        return violation(&state, format!("refund_key missing or too long: {key:?}"));
    }
    let Some(amount) = positive_integer(&request["amount"]) else {
        return violation(
            &state,
            format!("refund amount is not a positive integer: {}", request["amount"]),
        );
    };
    if !request["reason"].is_string() {
        return violation(&state, "refund reason is not a string".into());
    }
    let mut mock = state.lock().unwrap();
    let Some(transaction) = mock.midtrans.get(&id).cloned() else {
        return (
            StatusCode::OK,
            Json(json!({ "status_code": "404", "status_message": "Transaction doesn't exist." })),
        );
    };
    if transaction.status.as_deref() != Some("settlement") && !mock.refunds.contains_key(&key) {
        return (
            StatusCode::OK,
            Json(json!({ "status_code": "412", "status_message": "Transaction status cannot be updated." })),
        );
    }
    if amount > transaction.gross_amount {
        let why = format!("refund of {amount} exceeds {}", transaction.gross_amount);
        mock.violations.push(why.clone());
        return (StatusCode::BAD_REQUEST, Json(json!({ "error_messages": [why] })));
    }
    mock.refunds.entry(key.clone()).or_insert((id.clone(), amount));
    if let Some(stored) = mock.midtrans.get_mut(&id) {
        stored.status = Some(
            if amount == transaction.gross_amount {
                "refund"
            } else {
                "partial_refund"
            }
            .into(),
        );
    }
    (
        StatusCode::OK,
        Json(json!({
            "status_code": "200",
            "status_message": "Success, refund request is approved",
            "transaction_id": transaction.transaction_id,
            "order_id": id,
            "gross_amount": format!("{}.00", transaction.gross_amount),
            "currency": "IDR",
            "transaction_status": "refund",
            "refund_amount": format!("{amount}.00"),
            "refund_key": key,
        })),
    )
}

/// `POST /v2/invoices`.
async fn xendit_create(
    State(state): State<Arc<Mutex<Mock>>>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    if let Err((status, why)) = check_headers(&headers, XENDIT_KEY, true) {
        if status == StatusCode::UNAUTHORIZED {
            state.lock().unwrap().violations.push(why);
            return (status, Json(json!({ "error_code": "INVALID_API_KEY" })));
        }
        return violation(&state, why);
    }
    if let Some(status) = state.lock().unwrap().outage {
        return (
            StatusCode::from_u16(status).unwrap(),
            Json(json!({ "error_code": "SERVER_ERROR" })),
        );
    }
    let Ok(body) = serde_json::from_str::<Value>(&body) else {
        return violation(&state, "body is not JSON".into());
    };
    let external_id = body["external_id"].as_str().unwrap_or_default().to_string();
    if external_id.is_empty() || external_id.len() > 1000 {
        return violation(&state, "external_id is required".into());
    }
    let Some(amount) = body["amount"].as_f64().filter(|amount| *amount > 0.0) else {
        return violation(&state, "amount must be a positive number".into());
    };
    if body.get("currency").is_some_and(|currency| currency != "IDR") {
        return violation(&state, format!("currency {} not enabled", body["currency"]));
    }
    let channels = [
        "BCA",
        "BNI",
        "BRI",
        "MANDIRI",
        "PERMATA",
        "BSI",
        "QRIS",
        "OVO",
        "DANA",
        "SHOPEEPAY",
        "LINKAJA",
        "ALFAMART",
        "INDOMARET",
        "CREDIT_CARD",
    ];
    for method in body["payment_methods"].as_array().into_iter().flatten() {
        if !method.as_str().is_some_and(|m| channels.contains(&m)) {
            return violation(&state, format!("unknown payment_methods entry {method}"));
        }
    }
    if body
        .get("invoice_duration")
        .is_some_and(|duration| !duration.as_i64().is_some_and(|d| (1..=31_536_000).contains(&d)))
    {
        return violation(&state, "invoice_duration must be 1..31536000 seconds".into());
    }
    for field in ["success_redirect_url", "failure_redirect_url"] {
        if body
            .get(field)
            .is_some_and(|url| !url.as_str().is_some_and(|url| url.starts_with("http")))
        {
            return violation(&state, format!("{field} must be a URL"));
        }
    }
    if body
        .get("payer_email")
        .is_some_and(|email| !email.as_str().is_some_and(|email| email.contains('@')))
    {
        return violation(&state, "payer_email is not an address".into());
    }
    let mut mock = state.lock().unwrap();
    mock.creates += 1;
    let id = uuid::Uuid::new_v4().simple().to_string()[..24].to_string();
    let invoice = json!({
        "id": id,
        "external_id": external_id,
        "user_id": "5f9a3fbd571a1c4068aa40ce",
        "status": "PENDING",
        "merchant_name": "WeBrana Cloud",
        "amount": amount,
        "currency": "IDR",
        "payer_email": body["payer_email"],
        "description": body["description"],
        "invoice_url": format!("https://checkout-staging.xendit.co/web/{id}"),
        "expiry_date": "2026-12-05T20:00:00.000Z",
        "created": "2026-12-04T20:00:00.000Z",
        "updated": "2026-12-04T20:00:00.000Z",
    });
    mock.xendit.insert(id, invoice.clone());
    (StatusCode::OK, Json(invoice))
}

async fn xendit_get(
    State(state): State<Arc<Mutex<Mock>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    if let Some(refused) = refuse_read(&state, &headers, XENDIT_KEY) {
        return refused;
    }
    match state.lock().unwrap().xendit.get(&id) {
        Some(invoice) => (StatusCode::OK, Json(invoice.clone())),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error_code": "INVOICE_NOT_FOUND_ERROR" })),
        ),
    }
}

async fn xendit_expire(
    State(state): State<Arc<Mutex<Mock>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    if let Some(refused) = refuse_read(&state, &headers, XENDIT_KEY) {
        return refused;
    }
    match state.lock().unwrap().xendit.get_mut(&id) {
        Some(invoice) => {
            invoice["status"] = json!("EXPIRED");
            (StatusCode::OK, Json(invoice.clone()))
        }
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error_code": "INVOICE_NOT_FOUND_ERROR" })),
        ),
    }
}
