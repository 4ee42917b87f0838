//! The simulated payment gateway: QR payloads and virtual account numbers, and webhooks
//! signed like real gateways sign theirs (HMAC-SHA256 over `timestamp.body`, in the
//! `X-Webrana-Signature: t=…,v1=…` header), delivered by a durable job with retries and
//! verified by [`webhook`] before anything changes.

use super::PaymentMethod;
use super::gateway::{
    Checkout, CheckoutRequest, EventStatus, GatewayError, GatewayEvent, PaymentGateway, WebhookError,
};
use super::store::IntentRow;
use crate::clock::SharedClock;
use crate::db::Db;
use crate::jobs::{JobError, JobQueue, JobRegistry, NewJob};
use crate::money::Rupiah;
use crate::state::AppState;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub const GATEWAY: &str = "simulated";
pub const SIGNATURE_HEADER: &str = "x-webrana-signature";
pub const WEBHOOK_JOB: &str = "payments.simulated.webhook";
/// Signatures older (or newer) than this are refused, so a captured webhook cannot be
/// replayed later.
const SIGNATURE_TOLERANCE_SECS: i64 = 300;

/// Where the gateway sends webhooks and the secret it signs them with.
#[derive(Clone)]
pub struct SimulatedGateway {
    pub secret: String,
    pub webhook_url: String,
}

impl std::fmt::Debug for SimulatedGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatedGateway")
            .field("secret", &"[redacted]")
            .field("webhook_url", &self.webhook_url)
            .finish()
    }
}

/// The webhook body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEvent {
    /// `payment.succeeded` or `payment.failed`.
    pub event: String,
    pub transaction_id: String,
    pub intent_id: String,
    pub method: String,
    pub amount: Rupiah,
    pub occurred_at: DateTime<Utc>,
}

pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
    )
}

/// Checks a signature header against the body, in constant time, within the tolerance.
pub fn verify(secret: &str, header: &str, body: &[u8], now: DateTime<Utc>) -> bool {
    let mut timestamp = None;
    let mut signature = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => signature = data_encoding::HEXLOWER.decode(value.as_bytes()).ok(),
            _ => {}
        }
    }
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return false;
    };
    if (now.timestamp() - timestamp).abs() > SIGNATURE_TOLERANCE_SECS {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&signature).is_ok()
}

/// What the customer pays to: a virtual account number, or a QRIS-format payload.
pub fn pay_to(method: PaymentMethod, intent_id: &str, amount: Rupiah) -> String {
    let digits: String = intent_id
        .bytes()
        .rev()
        .filter(u8::is_ascii_hexdigit)
        .map(|b| char::from(b'0' + (b % 10)))
        .take(12)
        .collect();
    let prefix = match method {
        PaymentMethod::VaBca => "39358",
        PaymentMethod::VaBni => "8808",
        PaymentMethod::VaBri => "26215",
        PaymentMethod::VaMandiri => "88908",
        PaymentMethod::VaPermata => "8528",
        _ => return qris_payload(intent_id, amount),
    };
    format!("{prefix}{digits}")
}

/// An EMVCo/QRIS-shaped dynamic payload (tag-length-value, CRC-16/CCITT at the end).
fn qris_payload(reference: &str, amount: Rupiah) -> String {
    let tlv = |tag: &str, value: &str| format!("{tag}{:02}{value}", value.len());
    let merchant = [
        tlv("00", "ID.CO.WEBRANA.SIMULATED"),
        tlv("01", "936000000000000000"),
    ]
    .concat();
    let reference: String = reference.chars().filter(|c| *c != '-').take(20).collect();
    let mut payload = [
        tlv("00", "01"),
        tlv("01", "12"),
        tlv("26", &merchant),
        tlv("52", "4816"),
        tlv("53", "360"),
        tlv("54", &amount.get().to_string()),
        tlv("58", "ID"),
        tlv("59", "WEBRANA CLOUD"),
        tlv("60", "JAKARTA"),
        tlv("62", &tlv("01", &reference)),
    ]
    .concat();
    payload.push_str("6304");
    let crc = crc16_ccitt(payload.as_bytes());
    payload.push_str(&format!("{crc:04X}"));
    payload
}

fn crc16_ccitt(data: &[u8]) -> u16 {
    data.iter().fold(0xFFFF_u16, |mut crc, byte| {
        crc ^= u16::from(*byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
        crc
    })
}

#[derive(Serialize, Deserialize)]
struct WebhookJob {
    intent_id: String,
    succeeded: bool,
    transaction_id: String,
}

/// The customer pressed "pay now" (or "fail") on the pay page: the gateway will report it.
/// One report per attempt, however often the button is pressed.
pub async fn report(state: &AppState, intent_id: &str, succeeded: bool) -> Result<(), sqlx::Error> {
    let queue = JobQueue::new(state.db.clone(), state.clock.clone());
    let payload = WebhookJob {
        intent_id: intent_id.to_string(),
        succeeded,
        transaction_id: format!("SIM-{}", uuid::Uuid::new_v4().simple()),
    };
    let job = NewJob::new(WEBHOOK_JOB, payload)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
        .unique_key(format!("{WEBHOOK_JOB}:{intent_id}"))
        .max_attempts(10);
    queue.enqueue(job).await.map(|_| ())
}

/// Registers the gateway's webhook delivery.
pub fn register(registry: &mut JobRegistry, db: Db, clock: SharedClock, gateway: SimulatedGateway) {
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .expect("HTTP client");
    registry.register(WEBHOOK_JOB, move |job: crate::jobs::Job| {
        let (db, clock, gateway, client) = (db.clone(), clock.clone(), gateway.clone(), client.clone());
        async move {
            let payload: WebhookJob = job.payload()?;
            deliver(&db, &clock, &gateway, &client, payload).await
        }
    });
}

async fn deliver(
    db: &Db,
    clock: &SharedClock,
    gateway: &SimulatedGateway,
    client: &reqwest::Client,
    job: WebhookJob,
) -> Result<(), JobError> {
    let intent = super::store::find(db, &job.intent_id)
        .await
        .map_err(|error| JobError::Retryable(error.to_string()))?
        .ok_or_else(|| JobError::Permanent("payment attempt not found".into()))?;
    let event = WebhookEvent {
        event: if job.succeeded {
            "payment.succeeded"
        } else {
            "payment.failed"
        }
        .into(),
        transaction_id: job.transaction_id,
        intent_id: intent.id,
        method: intent.method.code().into(),
        amount: intent.amount,
        occurred_at: clock.now(),
    };
    let body = serde_json::to_vec(&event).map_err(|error| JobError::Permanent(error.to_string()))?;
    let signature = sign(&gateway.secret, clock.now().timestamp(), &body);
    let response = client
        .post(&gateway.webhook_url)
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .map_err(|error| JobError::Retryable(format!("webhook delivery failed: {error}")))?;
    match response.status() {
        status if status.is_success() => Ok(()),
        status if status.is_client_error() => Err(JobError::Permanent(format!("webhook refused: {status}"))),
        status => Err(JobError::Retryable(format!("webhook answered {status}"))),
    }
}

#[async_trait::async_trait]
impl PaymentGateway for SimulatedGateway {
    fn name(&self) -> &'static str {
        GATEWAY
    }

    fn setup(&self) -> super::GatewaySetup {
        super::GatewaySetup {
            environment: "local".into(),
            api_url: String::new(),
            keys: vec![(
                "Webhook secret".into(),
                super::gateway::GatewayKey::new(self.secret.clone()).masked(),
            )],
        }
    }

    fn methods(&self) -> &'static [PaymentMethod] {
        &PaymentMethod::ALL
    }

    /// Nothing to call: our own pay page shows the number or QR code and its buttons.
    async fn create(&self, request: &CheckoutRequest<'_>) -> Result<Checkout, GatewayError> {
        Ok(Checkout {
            pay_to: pay_to(request.method, request.intent_id, request.amount),
            ..Checkout::default()
        })
    }

    fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<GatewayEvent, WebhookError> {
        let signature = headers
            .get(SIGNATURE_HEADER)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        if !verify(&self.secret, signature, body, now) {
            return Err(WebhookError::Unverified);
        }
        let event: WebhookEvent =
            serde_json::from_slice(body).map_err(|error| WebhookError::Malformed(error.to_string()))?;
        let status = match event.event.as_str() {
            "payment.succeeded" => EventStatus::Paid,
            "payment.failed" => EventStatus::Failed,
            other => return Err(WebhookError::Malformed(format!("event '{other}'"))),
        };
        Ok(GatewayEvent {
            transaction_id: event.transaction_id,
            intent_id: event.intent_id,
            status,
            amount: Some(event.amount),
            currency: "IDR".into(),
            method: event.method,
            body: String::from_utf8_lossy(body).into_owned(),
        })
    }

    /// Its webhook job retries until delivered: nothing to reconcile.
    async fn status(&self, _intent: &IntentRow) -> Result<Option<GatewayEvent>, GatewayError> {
        Ok(None)
    }

    async fn expire(&self, _intent: &IntentRow) -> Result<(), GatewayError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_with_the_same_secret_body_and_fresh_time() {
        let now = Utc::now();
        let header = sign("rahasia", now.timestamp(), b"{\"a\":1}");
        assert!(verify("rahasia", &header, b"{\"a\":1}", now));
        assert!(!verify("lain", &header, b"{\"a\":1}", now));
        assert!(!verify("rahasia", &header, b"{\"a\":2}", now));
        assert!(!verify(
            "rahasia",
            &header,
            b"{\"a\":1}",
            now + chrono::Duration::minutes(6)
        ));
        assert!(!verify("rahasia", "t=1,v1=zz", b"{}", now));
        assert!(!verify("rahasia", "", b"{}", now));
    }

    #[test]
    fn qris_payload_ends_with_its_crc() {
        let payload = pay_to(
            PaymentMethod::Qris,
            "0190b5d8-aaaa-7bbb-8ccc-1234567890ab",
            crate::money::Rupiah(109_890),
        );
        assert!(payload.starts_with("000201010212"));
        assert!(payload.contains("5406109890"));
        let (body, crc) = payload.split_at(payload.len() - 4);
        assert_eq!(crc, format!("{:04X}", crc16_ccitt(body.as_bytes())));
        // The CRC-16/CCITT-FALSE check value.
        assert_eq!(crc16_ccitt(b"123456789"), 0x29B1);
    }

    #[test]
    fn virtual_accounts_carry_the_bank_prefix() {
        let va = pay_to(
            PaymentMethod::VaBni,
            "0190b5d8-aaaa-7bbb-8ccc-1234567890ab",
            crate::money::Rupiah(1),
        );
        assert!(
            va.starts_with("8808") && va.len() == 16 && va.bytes().all(|b| b.is_ascii_digit()),
            "{va}"
        );
    }
}
