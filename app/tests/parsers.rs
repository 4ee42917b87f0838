//! Property tests of the parsers that read what strangers send (issue 20, item 11): payment
//! webhooks, promo codes, host names and the `next` address after sign-in. Each property
//! runs on generated input (256 cases by default; `PROPTEST_CASES` raises it for a longer
//! fuzzing run) and must hold for every case: no panic, nothing unsigned believed, no
//! redirect leaving the site.
#![cfg(feature = "ssr")]

use app::payments::gateway::{GatewayKey, PaymentGateway, WebhookError};
use app::payments::{midtrans, simulated, xendit};
use axum::http::{HeaderMap, HeaderValue};
use chrono::Utc;
use proptest::prelude::*;

/// Strings that look like what attackers try: slashes, backslashes, schemes, `@`, percent
/// signs, dots, whitespace and control characters, mixed with letters.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        "[/\\\\a-z:.%@?#\t\n\r \u{0}-\u{1f}\u{7f}\u{3000}]{0,24}",
        any::<String>(),
    ]
}

const SERVER_KEY: &str = "SB-Mid-server-fuzz";
const CALLBACK_TOKEN: &str = "xendit-callback-fuzz";

fn midtrans() -> midtrans::Midtrans {
    midtrans::Midtrans::new(
        GatewayKey::new(SERVER_KEY),
        "https://app.sandbox.midtrans.example",
        "https://api.sandbox.midtrans.example",
    )
}

fn xendit() -> xendit::Xendit {
    xendit::Xendit::new(
        GatewayKey::new("xnd_development_fuzz"),
        GatewayKey::new(CALLBACK_TOKEN),
        "https://api.xendit.example",
    )
}

/// A Midtrans notification with any field values, signed with our key.
fn signed_notification() -> impl Strategy<Value = serde_json::Value> {
    let text = || prop_oneof!["[a-z0-9_.-]{0,12}", any::<String>()];
    let amount = prop_oneof!["-?[0-9]{0,16}(\\.[0-9]{0,3})?", any::<String>()];
    let status = prop_oneof![
        Just("settlement".to_string()),
        Just("capture".to_string()),
        Just("pending".to_string()),
        Just("refund".to_string()),
        text(),
    ];
    (
        "[A-Za-z0-9-]{1,36}",
        "[0-9]{3}",
        amount,
        status,
        text(),
        text(),
        text(),
    )
        .prop_map(
            |(order_id, status_code, gross_amount, status, transaction_id, fraud, payment_type)| {
                let signature_key = midtrans::signature(&order_id, &status_code, &gross_amount, SERVER_KEY);
                serde_json::json!({
                    "order_id": order_id,
                    "status_code": status_code,
                    "gross_amount": gross_amount,
                    "transaction_status": status,
                    "transaction_id": transaction_id,
                    "fraud_status": fraud,
                    "payment_type": payment_type,
                    "currency": "IDR",
                    "signature_key": signature_key,
                })
            },
        )
}

proptest! {
    /// Wherever `next` points, the browser stays on our site: resolved against one of our
    /// pages the way a browser resolves a `Location`, the host never changes.
    #[test]
    fn next_never_leaves_the_site(next in tricky()) {
        let ours = url::Url::parse("https://webrana.cloud/login?next=x").unwrap();
        let target = app::url::safe_next(&next, "/");
        let resolved = ours.join(target);
        prop_assert!(resolved.is_ok(), "{target:?} does not resolve");
        let resolved = resolved.unwrap();
        prop_assert_eq!(resolved.scheme(), "https", "{:?}", target);
        prop_assert_eq!(resolved.host_str(), Some("webrana.cloud"), "{:?}", target);
    }

    /// A host name we accept is one RFC 1123 label, lower case, and accepting it again
    /// changes nothing.
    #[test]
    fn host_names_are_single_labels(input in tricky()) {
        if let Some(name) = app::orders::valid_hostname(&input) {
            prop_assert!((1..=63).contains(&name.len()));
            prop_assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert!(!name.starts_with('-') && !name.ends_with('-'));
            prop_assert_eq!(app::orders::valid_hostname(&name), Some(name.clone()));
        }
    }

    /// Codes are compared after normalising: normalising twice is normalising once, and
    /// case or surrounding spaces never make a different code.
    #[test]
    fn promo_codes_normalise_once(code in tricky()) {
        let once = app::promos::normalize_code(&code);
        prop_assert_eq!(app::promos::normalize_code(&once), once.clone());
        prop_assert_eq!(app::promos::normalize_code(&format!("  {}\t", code.to_lowercase())), app::promos::normalize_code(&code.to_lowercase()));
    }

    /// Any body, any headers: no gateway panics, and none believes a body it cannot verify.
    #[test]
    fn unsigned_webhooks_are_never_believed(
        body in prop_oneof![any::<Vec<u8>>(), any::<String>().prop_map(String::into_bytes)],
        token in any::<String>(),
        signature in any::<String>(),
    ) {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(&token) {
            headers.insert(xendit::TOKEN_HEADER, value);
        }
        let now = Utc::now();
        prop_assert!(matches!(
            midtrans().verify_webhook(&headers, &body, now),
            Err(WebhookError::Unverified)
        ));
        if token != CALLBACK_TOKEN {
            prop_assert!(matches!(
                xendit().verify_webhook(&headers, &body, now),
                Err(WebhookError::Unverified)
            ));
        }
        prop_assert!(!simulated::verify("simulated-secret", &signature, &body, now));
    }

    /// A signed Midtrans notification with any field values is read without panicking, and
    /// an amount is only taken when it is whole rupiah as sent; one changed character of the
    /// signature and nothing is believed.
    #[test]
    fn signed_midtrans_notifications_parse_or_are_refused(
        notification in signed_notification(),
        flip in 0usize..128,
    ) {
        let body = serde_json::to_vec(&notification).unwrap();
        let now = Utc::now();
        match midtrans().verify_webhook(&HeaderMap::new(), &body, now) {
            Ok(event) => {
                prop_assert_eq!(&event.intent_id, notification["order_id"].as_str().unwrap());
                if let Some(amount) = event.amount {
                    let sent = notification["gross_amount"].as_str().unwrap();
                    let whole = sent.split('.').next().unwrap();
                    prop_assert_eq!(whole.parse::<i64>().ok(), Some(amount.0));
                }
            }
            Err(error) => prop_assert!(matches!(error, WebhookError::Malformed(_)), "{error:?}"),
        }
        let mut forged = notification.clone();
        let mut signature: Vec<char> = forged["signature_key"].as_str().unwrap().chars().collect();
        let at = flip % signature.len();
        signature[at] = if signature[at] == '0' { '1' } else { '0' };
        forged["signature_key"] = signature.into_iter().collect::<String>().into();
        let forged = serde_json::to_vec(&forged).unwrap();
        prop_assert!(matches!(
            midtrans().verify_webhook(&HeaderMap::new(), &forged, now),
            Err(WebhookError::Unverified)
        ));
    }

    /// The simulated gateway's signature covers every byte of the body.
    #[test]
    fn simulated_signatures_cover_the_whole_body(body in any::<Vec<u8>>(), at in any::<usize>()) {
        let now = Utc::now();
        let header = simulated::sign("simulated-secret", now.timestamp(), &body);
        prop_assert!(simulated::verify("simulated-secret", &header, &body, now));
        if !body.is_empty() {
            let mut changed = body.clone();
            let at = at % changed.len();
            changed[at] ^= 0x01;
            prop_assert!(!simulated::verify("simulated-secret", &header, &changed, now));
        }
    }
}
