//! Xendit Invoices: the customer pays on the invoice page (`invoice_url`), Xendit calls us
//! back with the dashboard's verification token in `x-callback-token` (there is no body
//! signature for invoices), and `GET /v2/invoices/{id}` answers when a callback never came.
//! Our attempt id is the invoice's `external_id`. Facts: `../shared/specs/payments.md`.

use super::PaymentMethod;
use super::gateway::{
    Checkout, CheckoutRequest, EventStatus, GatewayError, GatewayEvent, GatewayKey, PaymentGateway,
    WebhookError, field, http_client, same_secret, send_json, whole_rupiah,
};
use super::store::IntentRow;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

pub const NAME: &str = "xendit";
pub const API_URL: &str = "https://api.xendit.co";
pub const TOKEN_HEADER: &str = "x-callback-token";

/// What Xendit invoices offer (GoPay is not a Xendit channel).
const METHODS: &[PaymentMethod] = &[
    PaymentMethod::Qris,
    PaymentMethod::VaBca,
    PaymentMethod::VaBni,
    PaymentMethod::VaBri,
    PaymentMethod::VaMandiri,
    PaymentMethod::VaPermata,
    PaymentMethod::Ovo,
    PaymentMethod::Dana,
    PaymentMethod::ShopeePay,
];

#[derive(Debug, Clone)]
pub struct Xendit {
    secret_key: GatewayKey,
    callback_token: GatewayKey,
    api_url: String,
    client: reqwest::Client,
}

impl Xendit {
    pub fn new(secret_key: GatewayKey, callback_token: GatewayKey, api_url: &str) -> Xendit {
        Xendit {
            secret_key,
            callback_token,
            api_url: api_url.trim_end_matches('/').to_string(),
            client: http_client(),
        }
    }
}

/// The invoice's `payment_methods` code for a method.
fn channel(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Qris => "QRIS",
        PaymentMethod::VaBca => "BCA",
        PaymentMethod::VaBni => "BNI",
        PaymentMethod::VaBri => "BRI",
        PaymentMethod::VaMandiri => "MANDIRI",
        PaymentMethod::VaPermata => "PERMATA",
        PaymentMethod::Ovo => "OVO",
        PaymentMethod::Dana => "DANA",
        PaymentMethod::ShopeePay => "SHOPEEPAY",
        PaymentMethod::GoPay => "QRIS",
    }
}

/// An invoice (callback or `GET`) in our terms.
fn event(value: &Value, body: String) -> Result<GatewayEvent, WebhookError> {
    let (id, external_id) = (field(value, "id"), field(value, "external_id"));
    if id.is_empty() || external_id.is_empty() {
        return Err(WebhookError::Malformed("no id or external_id".into()));
    }
    let status = match field(value, "status") {
        "PAID" | "SETTLED" => EventStatus::Paid,
        "PENDING" => EventStatus::Pending,
        "EXPIRED" => EventStatus::Expired,
        other => return Err(WebhookError::Malformed(format!("status '{other}'"))),
    };
    // What was paid counts; `amount` is what was asked.
    let amount = value
        .get("paid_amount")
        .filter(|paid| !paid.is_null())
        .or_else(|| value.get("amount"));
    let method = [field(value, "payment_method"), field(value, "payment_channel")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(GatewayEvent {
        transaction_id: id.to_string(),
        intent_id: external_id.to_string(),
        status,
        amount: amount.and_then(whole_rupiah),
        currency: value
            .get("currency")
            .and_then(Value::as_str)
            .unwrap_or("IDR")
            .to_string(),
        method,
        body,
    })
}

#[async_trait::async_trait]
impl PaymentGateway for Xendit {
    fn name(&self) -> &'static str {
        NAME
    }

    fn setup(&self) -> super::GatewaySetup {
        super::GatewaySetup {
            // Xendit has one host; test keys start with `xnd_development_`.
            environment: if self.secret_key.expose().starts_with("xnd_development_") {
                "sandbox".into()
            } else {
                super::gateway::environment_of(&self.api_url)
            },
            api_url: self.api_url.clone(),
            keys: vec![
                ("Secret key".into(), self.secret_key.masked()),
                ("Callback token".into(), self.callback_token.masked()),
            ],
        }
    }

    fn methods(&self) -> &'static [PaymentMethod] {
        METHODS
    }

    async fn create(&self, request: &CheckoutRequest<'_>) -> Result<Checkout, GatewayError> {
        let body = json!({
            "external_id": request.intent_id,
            "amount": request.amount.get(),
            "currency": "IDR",
            "description": format!("Tagihan {}", request.invoice_number),
            "payer_email": request.customer_email,
            "invoice_duration": (request.expires_at - request.now).num_seconds().max(60),
            "payment_methods": [channel(request.method)],
            "success_redirect_url": request.return_url,
            "failure_redirect_url": request.return_url,
            "should_send_email": false,
            "locale": "id",
        });
        let invoice = send_json(
            self.client
                .post(format!("{}/v2/invoices", self.api_url))
                .header("authorization", self.secret_key.basic_auth())
                .json(&body),
        )
        .await?
        .ok_or_else(|| GatewayError::Refused("Xendit answered 404".into()))?;
        let (id, url) = (field(&invoice, "id"), field(&invoice, "invoice_url"));
        if id.is_empty() || !url.starts_with("http") {
            return Err(GatewayError::Unavailable(
                "Xendit answered without an invoice".into(),
            ));
        }
        Ok(Checkout {
            gateway_reference: id.to_string(),
            pay_url: url.to_string(),
            pay_to: String::new(),
        })
    }

    fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        _now: DateTime<Utc>,
    ) -> Result<GatewayEvent, WebhookError> {
        let token = headers
            .get(TOKEN_HEADER)
            .map(|value| value.as_bytes())
            .unwrap_or_default();
        if token.is_empty() || !same_secret(token, self.callback_token.expose().as_bytes()) {
            return Err(WebhookError::Unverified);
        }
        let value: Value =
            serde_json::from_slice(body).map_err(|error| WebhookError::Malformed(error.to_string()))?;
        event(&value, String::from_utf8_lossy(body).into_owned())
    }

    async fn status(&self, intent: &IntentRow) -> Result<Option<GatewayEvent>, GatewayError> {
        if intent.gateway_reference.is_empty() {
            return Ok(None);
        }
        let Some(invoice) = send_json(
            self.client
                .get(format!(
                    "{}/v2/invoices/{}",
                    self.api_url, intent.gateway_reference
                ))
                .header("authorization", self.secret_key.basic_auth()),
        )
        .await?
        else {
            return Ok(None);
        };
        event(&invoice, invoice.to_string())
            .map(Some)
            .map_err(|error| GatewayError::Unavailable(error.to_string()))
    }

    async fn expire(&self, intent: &IntentRow) -> Result<(), GatewayError> {
        if intent.gateway_reference.is_empty() {
            return Ok(());
        }
        send_json(
            self.client
                .post(format!(
                    "{}/invoices/{}/expire!",
                    self.api_url, intent.gateway_reference
                ))
                .header("authorization", self.secret_key.basic_auth()),
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gateway() -> Xendit {
        Xendit::new(
            GatewayKey::new("xnd_development_kunci"),
            GatewayKey::new("token-panggilan"),
            API_URL,
        )
    }

    fn callback(status: &str) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "id": "579c8d61f23fa4ca35e52da4",
            "external_id": "0193a1b2-0000-7000-8000-000000000001",
            "status": status,
            "amount": 109890,
            "paid_amount": 109890,
            "currency": "IDR",
            "payment_method": "BANK_TRANSFER",
            "payment_channel": "BCA",
        }))
        .unwrap()
    }

    fn headers(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(TOKEN_HEADER, token.parse().unwrap());
        headers
    }

    #[test]
    fn a_callback_with_the_token_reads_as_an_event() {
        let event = gateway()
            .verify_webhook(&headers("token-panggilan"), &callback("PAID"), Utc::now())
            .unwrap();
        assert_eq!(event.status, EventStatus::Paid);
        assert_eq!(event.amount, Some(crate::money::Rupiah(109_890)));
        assert_eq!(event.method, "BANK_TRANSFER BCA");
        let settled = gateway()
            .verify_webhook(&headers("token-panggilan"), &callback("SETTLED"), Utc::now())
            .unwrap();
        assert_eq!(settled.key(), event.key(), "PAID and SETTLED are one payment");
    }

    #[test]
    fn a_missing_or_wrong_token_does_not_verify() {
        let gateway = gateway();
        for headers in [HeaderMap::new(), headers("token-lain"), headers("token-panggila")] {
            assert_eq!(
                gateway.verify_webhook(&headers, &callback("PAID"), Utc::now()),
                Err(WebhookError::Unverified)
            );
        }
    }
}
