//! What every payment gateway does for us, and the one shape its events take.
//!
//! Three implementations: the simulated gateway (demo and tests), Midtrans Snap and Xendit
//! Invoices. The rest of the payments code knows only this trait: it starts an attempt
//! ([`PaymentGateway::create`]), hands a webhook to [`PaymentGateway::verify_webhook`]
//! before reading anything in it, and asks [`PaymentGateway::status`] when a webhook never
//! came (reconciliation). Each gateway's events become a [`GatewayEvent`], so intake,
//! deduplication and settlement are written once (`payments::intake`).

use super::PaymentMethod;
use super::store::IntentRow;
use crate::money::Rupiah;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};

/// A payment attempt to open at the gateway.
#[derive(Debug, Clone)]
pub struct CheckoutRequest<'a> {
    /// Our id for the attempt (Midtrans `order_id`, Xendit `external_id`): the gateway's
    /// events name it, and that is how they find their invoice.
    pub intent_id: &'a str,
    pub invoice_number: &'a str,
    pub amount: Rupiah,
    pub method: PaymentMethod,
    pub customer_name: &'a str,
    pub customer_email: &'a str,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Where the gateway's page sends the customer back (our pay page).
    pub return_url: String,
}

/// What the gateway gave us for the attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checkout {
    /// The gateway's id for it (Snap token, Xendit invoice id); empty for the simulated one.
    pub gateway_reference: String,
    /// The gateway's page where the customer pays; empty when our own page shows `pay_to`.
    pub pay_url: String,
    /// A virtual account number or QR payload shown on our page (simulated gateway).
    pub pay_to: String,
}

/// Where a payment stands, as far as an event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Paid,
    Pending,
    Failed,
    Expired,
    Refunded,
}

impl EventStatus {
    pub fn code(self) -> &'static str {
        match self {
            EventStatus::Paid => "paid",
            EventStatus::Pending => "pending",
            EventStatus::Failed => "failed",
            EventStatus::Expired => "expired",
            EventStatus::Refunded => "refunded",
        }
    }

    pub fn from_code(code: &str) -> Option<EventStatus> {
        [
            EventStatus::Paid,
            EventStatus::Pending,
            EventStatus::Failed,
            EventStatus::Expired,
            EventStatus::Refunded,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }
}

crate::stored_as_text!(EventStatus);

/// A gateway's event in our terms, read from a verified webhook or a status query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayEvent {
    /// The gateway's id for the payment (Midtrans `transaction_id`, Xendit invoice `id`).
    pub transaction_id: String,
    /// Our payment attempt it is about.
    pub intent_id: String,
    pub status: EventStatus,
    /// `None` when the gateway sent an amount that is not whole rupiah.
    pub amount: Option<Rupiah>,
    pub currency: String,
    /// The gateway's name for how it was paid (`qris`, `bank_transfer`, `BCA` …).
    pub method: String,
    /// The body as received, kept for staff and audits.
    pub body: String,
}

impl GatewayEvent {
    /// One event per payment and status: a repeated or reordered webhook (and the
    /// reconciliation job finding what a webhook already said) has the same key. Statuses are
    /// ours, so Midtrans' `capture` and `settlement` (Xendit's `PAID` and `SETTLED`) are one.
    ///
    /// A payment can be refunded more than once (two partial refunds, then the rest), so a
    /// refund's key also carries a digest of its body: a redelivered notification is still
    /// one event, a second refund is another (both are held for staff).
    pub fn key(&self) -> String {
        match self.status {
            EventStatus::Refunded => {
                use sha2::Digest;
                let digest = sha2::Sha256::digest(self.body.as_bytes());
                let digest = data_encoding::HEXLOWER.encode(&digest[..8]);
                format!("{}:{}:{digest}", self.transaction_id, self.status.code())
            }
            _ => format!("{}:{}", self.transaction_id, self.status.code()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The gateway said no (4xx): retrying the same request will not help.
    #[error("the gateway refused the request: {0}")]
    Refused(String),
    /// Network trouble or a 5xx: try again later.
    #[error("the gateway is unavailable: {0}")]
    Unavailable(String),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WebhookError {
    /// No or a wrong signature or token: answered 401 and logged, nothing stored.
    #[error("the signature or token does not verify")]
    Unverified,
    /// Verified, but not an event we can read.
    #[error("unreadable event: {0}")]
    Malformed(String),
}

#[async_trait::async_trait]
pub trait PaymentGateway: Send + Sync + 'static {
    /// Stored on attempts and events, and part of the webhook address.
    fn name(&self) -> &'static str;

    /// The methods customers can pick at this gateway.
    fn methods(&self) -> &'static [PaymentMethod];

    /// Opens a payment attempt.
    async fn create(&self, request: &CheckoutRequest<'_>) -> Result<Checkout, GatewayError>;

    /// Checks the webhook's signature or token before reading anything else, then reads it.
    fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<GatewayEvent, WebhookError>;

    /// What the gateway says about an attempt now; `None` while it knows nothing of it.
    async fn status(&self, intent: &IntentRow) -> Result<Option<GatewayEvent>, GatewayError>;

    /// Ends an attempt at the gateway so it can no longer be paid (best effort).
    async fn expire(&self, intent: &IntentRow) -> Result<(), GatewayError>;

    /// How it is set up, for staff: where it is called and its keys, masked.
    fn setup(&self) -> super::GatewaySetup;

    /// Whether [`PaymentGateway::refund`] works here (Midtrans; Xendit's invoices and the
    /// simulated gateway are refunded by hand and recorded).
    fn can_refund(&self) -> bool {
        false
    }

    /// Gives `amount` of a paid attempt back through the gateway. `key` makes it idempotent:
    /// asking again with the same key refunds once. Returns the gateway's reference for it.
    async fn refund(
        &self,
        intent: &IntentRow,
        amount: Rupiah,
        key: &str,
        reason: &str,
    ) -> Result<String, GatewayError> {
        let _ = (intent, amount, key, reason);
        Err(GatewayError::Refused(format!(
            "{} cannot refund through its API",
            self.name()
        )))
    }
}

/// Whether an API host is a gateway's sandbox (by its documented host names).
pub fn environment_of(api_url: &str) -> String {
    if api_url.contains("sandbox") || api_url.contains("127.0.0.1") || api_url.contains("localhost") {
        "sandbox".into()
    } else {
        "production".into()
    }
}

/// A gateway key: kept out of `Debug` output, so it cannot reach a log line or an error.
#[derive(Clone)]
pub struct GatewayKey(String);

impl GatewayKey {
    pub fn new(key: impl Into<String>) -> GatewayKey {
        GatewayKey(key.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What staff may see of it: the last four characters of a long key, nothing of a short one.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 12 {
            return "••••".into();
        }
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("••••{tail}")
    }

    /// `Authorization: Basic base64(key + ":")`, as both Midtrans and Xendit expect.
    pub fn basic_auth(&self) -> String {
        format!(
            "Basic {}",
            data_encoding::BASE64.encode(format!("{}:", self.0).as_bytes())
        )
    }
}

impl std::fmt::Debug for GatewayKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Equal in constant time (a token or signature compared byte by byte would leak how much
/// of it an attacker got right).
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// The HTTP client the gateways share: bounded so a slow gateway cannot hold a request.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(15))
        .connect_timeout(std::time::Duration::from_secs(5))
        .build()
        .expect("HTTP client")
}

/// Sends a request and reads its JSON answer: 4xx is `Refused` with the gateway's message,
/// network trouble and 5xx are `Unavailable`. `Ok(None)` for 404 (the gateway does not know
/// the thing asked about).
pub async fn send_json(request: reqwest::RequestBuilder) -> Result<Option<serde_json::Value>, GatewayError> {
    let response = request
        .header("accept", "application/json")
        .send()
        .await
        // Without the URL: it can carry our ids, never keys, but the message stays short.
        .map_err(|error| GatewayError::Unavailable(error.without_url().to_string()))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|error| GatewayError::Unavailable(error.without_url().to_string()))?;
    if status == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        return Err(GatewayError::Unavailable(format!("HTTP {status}")));
    }
    if !status.is_success() {
        return Err(GatewayError::Refused(format!("HTTP {status}: {}", short(&text))));
    }
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|_| GatewayError::Unavailable(format!("HTTP {status} with a body that is not JSON")))
}

/// A string field of a gateway's JSON as sent; empty when absent.
pub fn field<'a>(value: &'a serde_json::Value, name: &str) -> &'a str {
    value
        .get(name)
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
}

/// A gateway message cut to a length fit for a log line.
fn short(text: &str) -> String {
    text.chars().take(300).collect()
}

/// Whole rupiah from a gateway amount ("10000.00", "10000", 10000, 10000.0); `None` if it
/// has a fraction or is not a number.
pub fn whole_rupiah(value: &serde_json::Value) -> Option<Rupiah> {
    match value {
        serde_json::Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|amount| amount.fract() == 0.0 && amount.abs() < 1e15)
                .map(|amount| amount as i64)
        }),
        serde_json::Value::String(text) => {
            let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
            (!whole.is_empty() && fraction.bytes().all(|b| b == b'0'))
                .then(|| whole.parse::<i64>().ok())
                .flatten()
        }
        _ => None,
    }
    .map(Rupiah)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn amounts_are_whole_rupiah_or_nothing() {
        assert_eq!(whole_rupiah(&json!("10000.00")), Some(Rupiah(10_000)));
        assert_eq!(whole_rupiah(&json!("10000")), Some(Rupiah(10_000)));
        assert_eq!(whole_rupiah(&json!(10000)), Some(Rupiah(10_000)));
        assert_eq!(whole_rupiah(&json!(10000.0)), Some(Rupiah(10_000)));
        assert_eq!(whole_rupiah(&json!("10000.50")), None);
        assert_eq!(whole_rupiah(&json!(10000.5)), None);
        assert_eq!(whole_rupiah(&json!(".00")), None);
        assert_eq!(whole_rupiah(&json!("1e3")), None);
        assert_eq!(whole_rupiah(&json!(null)), None);
    }

    #[test]
    fn masked_keys_show_at_most_their_last_four_characters() {
        assert_eq!(GatewayKey::new("SB-Mid-server-abcdef1a2b").masked(), "••••1a2b");
        assert_eq!(GatewayKey::new("short-key").masked(), "••••");
    }

    #[test]
    fn keys_stay_out_of_debug_output() {
        let key = GatewayKey::new("SB-Mid-server-rahasia");
        assert_eq!(format!("{key:?}"), "[redacted]");
        assert_eq!(key.basic_auth(), "Basic U0ItTWlkLXNlcnZlci1yYWhhc2lhOg==");
    }
}
