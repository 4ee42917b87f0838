//! Midtrans Snap: the customer pays on Midtrans' page (`redirect_url`), Midtrans tells us by
//! an HTTP notification signed with `signature_key = sha512(order_id + status_code +
//! gross_amount + server key)`, and the Core API's status call answers when a notification
//! never came. Our attempt id is Midtrans' `order_id`. Facts: `../shared/specs/payments.md`.

use super::PaymentMethod;
use super::gateway::{
    Checkout, CheckoutRequest, EventStatus, GatewayError, GatewayEvent, GatewayKey, PaymentGateway,
    WebhookError, field, http_client, same_secret, send_json, whole_rupiah,
};
use super::store::IntentRow;
use axum::http::HeaderMap;
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha512};

pub const NAME: &str = "midtrans";
pub const SANDBOX_SNAP_URL: &str = "https://app.sandbox.midtrans.com/snap/v1";
pub const PRODUCTION_SNAP_URL: &str = "https://app.midtrans.com/snap/v1";
pub const SANDBOX_API_URL: &str = "https://api.sandbox.midtrans.com";
pub const PRODUCTION_API_URL: &str = "https://api.midtrans.com";

/// What Snap offers (OVO and DANA are not Midtrans methods).
const METHODS: &[PaymentMethod] = &[
    PaymentMethod::Qris,
    PaymentMethod::VaBca,
    PaymentMethod::VaBni,
    PaymentMethod::VaBri,
    PaymentMethod::VaMandiri,
    PaymentMethod::VaPermata,
    PaymentMethod::GoPay,
    PaymentMethod::ShopeePay,
];

#[derive(Debug, Clone)]
pub struct Midtrans {
    server_key: GatewayKey,
    snap_url: String,
    api_url: String,
    client: reqwest::Client,
}

impl Midtrans {
    /// `snap_url`/`api_url`: the sandbox or production hosts (or a local mock in tests).
    pub fn new(server_key: GatewayKey, snap_url: &str, api_url: &str) -> Midtrans {
        Midtrans {
            server_key,
            snap_url: snap_url.trim_end_matches('/').to_string(),
            api_url: api_url.trim_end_matches('/').to_string(),
            client: http_client(),
        }
    }

    fn signature(&self, order_id: &str, status_code: &str, gross_amount: &str) -> String {
        signature(order_id, status_code, gross_amount, self.server_key.expose())
    }
}

/// `hex(sha512(order_id + status_code + gross_amount + server_key))`, lowercase.
pub fn signature(order_id: &str, status_code: &str, gross_amount: &str, server_key: &str) -> String {
    let digest = Sha512::new()
        .chain_update(order_id)
        .chain_update(status_code)
        .chain_update(gross_amount)
        .chain_update(server_key)
        .finalize();
    data_encoding::HEXLOWER.encode(&digest)
}

/// Snap's `enabled_payments` code for a method.
fn enabled_payment(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Qris => "other_qris",
        PaymentMethod::VaBca => "bca_va",
        PaymentMethod::VaBni => "bni_va",
        PaymentMethod::VaBri => "bri_va",
        PaymentMethod::VaMandiri => "echannel",
        PaymentMethod::VaPermata => "permata_va",
        PaymentMethod::GoPay => "gopay",
        PaymentMethod::ShopeePay => "shopeepay",
        PaymentMethod::Ovo | PaymentMethod::Dana => "other_qris",
    }
}

/// Midtrans' clock: Western Indonesian Time.
fn wib(at: DateTime<Utc>) -> String {
    let offset = FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    at.with_timezone(&offset)
        .format("%Y-%m-%d %H:%M:%S %z")
        .to_string()
}

/// A notification or status answer in our terms.
fn event(value: &Value, body: String) -> Result<GatewayEvent, WebhookError> {
    let order_id = field(value, "order_id");
    let transaction_id = field(value, "transaction_id");
    if order_id.is_empty() || transaction_id.is_empty() {
        return Err(WebhookError::Malformed("no order_id or transaction_id".into()));
    }
    let fraud = value.get("fraud_status").and_then(Value::as_str);
    let status = match field(value, "transaction_status") {
        "settlement" => EventStatus::Paid,
        // A card capture counts once the fraud check accepts it (or there is none).
        "capture" if fraud.is_none_or(|fraud| fraud == "accept") => EventStatus::Paid,
        "capture" | "authorize" | "pending" => EventStatus::Pending,
        "deny" | "cancel" | "failure" => EventStatus::Failed,
        "expire" => EventStatus::Expired,
        "refund" | "partial_refund" | "chargeback" | "partial_chargeback" => EventStatus::Refunded,
        other => return Err(WebhookError::Malformed(format!("transaction_status '{other}'"))),
    };
    Ok(GatewayEvent {
        transaction_id: transaction_id.to_string(),
        intent_id: order_id.to_string(),
        status,
        amount: value.get("gross_amount").and_then(whole_rupiah),
        currency: value
            .get("currency")
            .and_then(Value::as_str)
            .unwrap_or("IDR")
            .to_string(),
        method: field(value, "payment_type").to_string(),
        body,
    })
}

#[async_trait::async_trait]
impl PaymentGateway for Midtrans {
    fn name(&self) -> &'static str {
        NAME
    }

    fn setup(&self) -> super::GatewaySetup {
        super::GatewaySetup {
            environment: super::gateway::environment_of(&self.api_url),
            api_url: self.api_url.clone(),
            keys: vec![("Server key".into(), self.server_key.masked())],
        }
    }

    fn methods(&self) -> &'static [PaymentMethod] {
        METHODS
    }

    async fn create(&self, request: &CheckoutRequest<'_>) -> Result<Checkout, GatewayError> {
        let amount = request.amount.get();
        let minutes = (request.expires_at - request.now).num_minutes().max(1);
        let name: String = format!("Tagihan {}", request.invoice_number)
            .chars()
            .take(50)
            .collect();
        let body = json!({
            "transaction_details": { "order_id": request.intent_id, "gross_amount": amount },
            "item_details": [{ "id": request.invoice_number, "price": amount, "quantity": 1, "name": name }],
            "customer_details": { "first_name": request.customer_name, "email": request.customer_email },
            "enabled_payments": [enabled_payment(request.method)],
            "callbacks": { "finish": request.return_url },
            "expiry": { "start_time": wib(request.now), "unit": "minute", "duration": minutes },
        });
        let answer = send_json(
            self.client
                .post(format!("{}/transactions", self.snap_url))
                .header("authorization", self.server_key.basic_auth())
                .json(&body),
        )
        .await?
        .ok_or_else(|| GatewayError::Refused("Snap answered 404".into()))?;
        // Like the official SDKs: a 2xx whose body says an error status is an error.
        if let Some(code) = field(&answer, "status_code")
            .parse::<u16>()
            .ok()
            .filter(|code| *code >= 400)
        {
            return Err(GatewayError::Refused(format!("status_code {code}")));
        }
        let token = field(&answer, "token");
        let redirect_url = field(&answer, "redirect_url");
        if token.is_empty() || !redirect_url.starts_with("http") {
            return Err(GatewayError::Unavailable("Snap answered without a token".into()));
        }
        Ok(Checkout {
            gateway_reference: token.to_string(),
            pay_url: redirect_url.to_string(),
            pay_to: String::new(),
        })
    }

    fn verify_webhook(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
        _now: DateTime<Utc>,
    ) -> Result<GatewayEvent, WebhookError> {
        // Nothing is trusted before the signature checks out, not even the JSON's shape.
        let value: Value = serde_json::from_slice(body).map_err(|_| WebhookError::Unverified)?;
        let expected = self.signature(
            field(&value, "order_id"),
            field(&value, "status_code"),
            field(&value, "gross_amount"),
        );
        let given = field(&value, "signature_key").to_ascii_lowercase();
        if field(&value, "order_id").is_empty() || !same_secret(expected.as_bytes(), given.as_bytes()) {
            return Err(WebhookError::Unverified);
        }
        event(&value, String::from_utf8_lossy(body).into_owned())
    }

    async fn status(&self, intent: &IntentRow) -> Result<Option<GatewayEvent>, GatewayError> {
        let Some(answer) = send_json(
            self.client
                .get(format!("{}/v2/{}/status", self.api_url, intent.id))
                .header("authorization", self.server_key.basic_auth()),
        )
        .await?
        else {
            return Ok(None);
        };
        // Unknown ids answer 200 with status_code "404" (Snap: until a method is picked).
        if field(&answer, "status_code") == "404" {
            return Ok(None);
        }
        event(&answer, answer.to_string())
            .map(Some)
            .map_err(|error| GatewayError::Unavailable(error.to_string()))
    }

    async fn expire(&self, intent: &IntentRow) -> Result<(), GatewayError> {
        send_json(
            self.client
                .post(format!("{}/v2/{}/expire", self.api_url, intent.id))
                .header("authorization", self.server_key.basic_auth()),
        )
        .await
        .map(|_| ())
    }

    fn can_refund(&self) -> bool {
        true
    }

    /// `POST /v2/{order_id}/refund` with a `refund_key` (Midtrans refunds a key once). The
    /// Core API answers HTTP 200 with its own `status_code` in the body: only "200" is done.
    async fn refund(
        &self,
        intent: &IntentRow,
        amount: crate::money::Rupiah,
        key: &str,
        reason: &str,
    ) -> Result<String, GatewayError> {
        let answer = send_json(
            self.client
                .post(format!("{}/v2/{}/refund", self.api_url, intent.id))
                .header("authorization", self.server_key.basic_auth())
                .json(&json!({ "refund_key": key, "amount": amount.get(), "reason": reason })),
        )
        .await?
        .ok_or_else(|| GatewayError::Refused("the transaction is unknown".into()))?;
        let message = field(&answer, "status_message").to_string();
        match field(&answer, "status_code") {
            "200" => Ok(match field(&answer, "refund_key") {
                "" => key.to_string(),
                reference => reference.to_string(),
            }),
            code if code.starts_with('5') => Err(GatewayError::Unavailable(message)),
            _ => Err(GatewayError::Refused(message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gateway() -> Midtrans {
        Midtrans::new(
            GatewayKey::new("SB-Mid-server-kunci"),
            SANDBOX_SNAP_URL,
            SANDBOX_API_URL,
        )
    }

    fn notification(status: &str, fraud: Option<&str>, key: &str) -> Vec<u8> {
        let mut body = json!({
            "order_id": "0193a1b2-0000-7000-8000-000000000001",
            "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a",
            "status_code": "200",
            "gross_amount": "109890.00",
            "currency": "IDR",
            "payment_type": "qris",
            "transaction_status": status,
            "signature_key": signature("0193a1b2-0000-7000-8000-000000000001", "200", "109890.00", key),
            "new_field_we_do_not_know": {"a": 1},
        });
        if let Some(fraud) = fraud {
            body["fraud_status"] = json!(fraud);
        }
        serde_json::to_vec(&body).unwrap()
    }

    #[test]
    fn a_signed_notification_reads_as_an_event() {
        let event = gateway()
            .verify_webhook(
                &HeaderMap::new(),
                &notification("settlement", None, "SB-Mid-server-kunci"),
                Utc::now(),
            )
            .unwrap();
        assert_eq!(event.status, EventStatus::Paid);
        assert_eq!(event.amount, Some(crate::money::Rupiah(109_890)));
        assert_eq!(event.intent_id, "0193a1b2-0000-7000-8000-000000000001");
        assert_eq!(event.key(), "9aed5972-5b6a-401e-894b-a32c91ed1a3a:paid");
    }

    #[test]
    fn a_wrong_key_or_changed_field_does_not_verify() {
        let forged = notification("settlement", None, "another-key");
        assert_eq!(
            gateway().verify_webhook(&HeaderMap::new(), &forged, Utc::now()),
            Err(WebhookError::Unverified)
        );
        let honest = String::from_utf8(notification("settlement", None, "SB-Mid-server-kunci")).unwrap();
        let changed = honest.replace("109890.00", "1.00");
        assert_eq!(
            gateway().verify_webhook(&HeaderMap::new(), changed.as_bytes(), Utc::now()),
            Err(WebhookError::Unverified)
        );
        assert_eq!(
            gateway().verify_webhook(&HeaderMap::new(), b"not json", Utc::now()),
            Err(WebhookError::Unverified)
        );
    }

    #[test]
    fn a_capture_is_paid_only_when_the_fraud_check_accepts_it() {
        let key = "SB-Mid-server-kunci";
        let status = |status, fraud| {
            gateway()
                .verify_webhook(&HeaderMap::new(), &notification(status, fraud, key), Utc::now())
                .unwrap()
                .status
        };
        assert_eq!(status("capture", Some("accept")), EventStatus::Paid);
        assert_eq!(status("capture", Some("challenge")), EventStatus::Pending);
        assert_eq!(status("pending", None), EventStatus::Pending);
        assert_eq!(status("expire", None), EventStatus::Expired);
        assert_eq!(status("deny", None), EventStatus::Failed);
        assert_eq!(status("refund", None), EventStatus::Refunded);
    }

    #[test]
    fn times_are_sent_in_western_indonesian_time() {
        let at = DateTime::parse_from_rfc3339("2026-12-04T20:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(wib(at), "2026-12-05 03:00:00 +0700");
    }
}
