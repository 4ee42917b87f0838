//! Midtrans and Xendit against request-validating mocks, on both engines: the customer is
//! sent to the gateway's page, only verified webhooks are stored, each payment is recorded
//! once however often and in whatever order its events come, a different amount is held for
//! staff, a late `pending` never un-pays, an outage loses nothing, and reconciliation finds
//! payments whose webhook never came.

mod common;

use app::db::Engine;
use app::payments::events::EventOutcome;
use app::payments::intake::{reconcile, webhook_path};
use common::gateways::{GatewayMocks, XENDIT_TOKEN, midtrans_notification};
use common::shop::{Shop, shop_with, unlimited_purchases};
use serde_json::{Value, json};

impl Shop {
    /// Starts paying the order's invoice with `method`; returns the attempt's id.
    async fn pay_with(&self, cookie: &str, order: &str, method: &str) -> String {
        let invoice = self.invoice_of(order).await;
        let response = self.start_payment(cookie, &invoice, method).await;
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.unwrap()
    }

    /// Posts a gateway webhook as the gateway would, then processes what was stored.
    async fn gateway_webhook(&self, gateway: &str, body: &Value, token: Option<&str>) -> u16 {
        let mut request = self
            .app
            .client
            .post(self.app.url(&webhook_path(gateway)))
            .header("content-type", "application/json")
            .body(serde_json::to_vec(body).unwrap());
        if let Some(token) = token {
            request = request.header("x-callback-token", token);
        }
        let status = request.send().await.unwrap().status().as_u16();
        self.process_payment_events().await;
        status
    }

    async fn outcome(&self, intent: &str, status: &str) -> String {
        self.text(
            &format!("SELECT outcome FROM payment_events WHERE intent_id = $1 AND status = '{status}'"),
            intent,
        )
        .await
    }

    async fn events_of(&self, intent: &str) -> i64 {
        self.scalar("SELECT COUNT(*) FROM payment_events WHERE intent_id = $1", intent)
            .await
    }

    async fn payments_of(&self, order: &str) -> i64 {
        self.scalar(
            "SELECT COUNT(*) FROM payments WHERE invoice_id IN (SELECT id FROM invoices WHERE order_id = $1)",
            order,
        )
        .await
    }

    /// The staff list of payments received, with these filters.
    async fn received(
        &self,
        staff: &str,
        filters: &[(&str, &str)],
    ) -> Vec<app::admin::payments::PaymentLine> {
        let answer = self
            .app
            .post_fn("/api/admin/payments/received", Some(staff), filters)
            .await;
        assert_eq!(answer.status(), 200);
        answer.json().await.unwrap()
    }

    async fn order_status(&self, order: &str) -> String {
        self.text("SELECT status FROM orders WHERE id = $1", order).await
    }
}

/// A Midtrans shop (against the mock) where a customer has just ordered: the mock, the shop,
/// the customer's cookie, the order and its total.
async fn midtrans_order(engine: Engine) -> (GatewayMocks, Shop, String, String, app::money::Rupiah) {
    let mocks = GatewayMocks::start().await;
    let shop = shop_with(engine, mocks.midtrans_env()).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&cookie, "k").await;
    let total = shop.invoice_of(&order).await.total;
    (mocks, shop, cookie, order, total)
}

fn gross(total: app::money::Rupiah) -> String {
    format!("{}.00", total.get())
}

async fn midtrans_sends_the_customer_to_snap_and_pays_once(engine: Engine) {
    let (mocks, shop, cookie, order, total) = midtrans_order(engine).await;

    let intent = shop.pay_with(&cookie, &order, "qris").await;
    let again = shop.pay_with(&cookie, &order, "qris").await;
    assert_eq!(intent, again, "a second press reuses the open attempt");
    assert_eq!(mocks.creates(), 1);
    let view: Value = shop
        .app
        .post_fn("/api/payments/get", Some(&cookie), &[("id", intent.as_str())])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        view["pay_url"]
            .as_str()
            .unwrap()
            .starts_with("https://app.sandbox.midtrans.com/snap/v2/vtweb/"),
        "{view}"
    );
    assert_eq!(view["simulated"], false);
    // OVO is not a Midtrans method.
    let invoice = shop.invoice_of(&order).await;
    assert_eq!(shop.start_payment(&cookie, &invoice, "ovo").await.status(), 422);

    // A forged notification (another key) is refused and leaves nothing behind.
    let forged = midtrans_notification(&intent, "trx-forged", "settlement", &gross(total), "kunci-lain");
    assert_eq!(shop.gateway_webhook("midtrans", &forged, None).await, 401);
    assert_eq!(shop.events_of(&intent).await, 0);

    let pending = mocks.midtrans_pay(&intent, "pending", &gross(total));
    let settlement = mocks.midtrans_pay(&intent, "settlement", &gross(total));
    // Out of order: the settlement first, twice, then the pending that was sent before it.
    for body in [&settlement, &settlement, &pending] {
        assert_eq!(shop.gateway_webhook("midtrans", body, None).await, 200);
    }
    assert_eq!(shop.order_status(&order).await, "PAID");
    assert_eq!(shop.payments_of(&order).await, 1);
    assert_eq!(shop.events_of(&intent).await, 2, "the repeat was not stored");
    assert_eq!(shop.outcome(&intent, "paid").await, "applied");
    assert_eq!(
        shop.outcome(&intent, "pending").await,
        "ignored",
        "a late pending never un-pays"
    );
    assert_eq!(
        shop.text("SELECT status FROM payment_intents WHERE id = $1", &intent)
            .await,
        "succeeded"
    );
    // A late expiry does not move a paid attempt back either.
    let expired = mocks.midtrans_pay(&intent, "expire", &gross(total));
    assert_eq!(shop.gateway_webhook("midtrans", &expired, None).await, 200);
    assert_eq!(shop.outcome(&intent, "expired").await, "ignored");
    assert_eq!(shop.order_status(&order).await, "PAID");
    assert_eq!(mocks.violations(), Vec::<String>::new());
    // Not on here: its address does not exist.
    assert_eq!(
        shop.gateway_webhook("xendit", &json!({}), Some(XENDIT_TOKEN))
            .await,
        404
    );
}

/// Eight presses at the same moment (a double click, two tabs) while the gateway is slow:
/// one Snap transaction, every press gets the same attempt, and no lease is left behind.
async fn presses_at_the_same_moment_open_one_attempt(engine: Engine) {
    let (mocks, shop, cookie, order, _) = midtrans_order(engine).await;
    mocks.slow(std::time::Duration::from_millis(300));
    let presses = (0..8).map(|_| shop.pay_with(&cookie, &order, "qris"));
    let attempts = futures::future::join_all(presses).await;
    assert!(attempts.iter().all(|id| id == &attempts[0]), "{attempts:?}");
    assert_eq!(mocks.creates(), 1);
    let invoice = shop.invoice_of(&order).await;
    let stored = "SELECT COUNT(*) FROM payment_intents WHERE invoice_id = $1";
    assert_eq!(shop.scalar(stored, invoice.id.as_ref()).await, 1);
    let leases = "SELECT COUNT(*) FROM checkout_locks WHERE invoice_id = $1";
    assert_eq!(shop.scalar(leases, invoice.id.as_ref()).await, 0);
    assert_eq!(mocks.violations(), Vec::<String>::new());
}

async fn xendit_needs_its_token_and_a_different_amount_is_held(engine: Engine) {
    let mocks = GatewayMocks::start().await;
    let shop = shop_with(engine, mocks.xendit_env()).await;
    let cookie = shop.customer("rina@webrana.test").await;

    let order = shop.order_id(&cookie, "short").await;
    let total = shop.invoice_of(&order).await.total;
    let intent = shop.pay_with(&cookie, &order, "ovo").await;
    let short = mocks.xendit_pay(&intent, "PAID", json!(total.get() - 1));
    for token in [None, Some("token-yang-salah-sekali")] {
        assert_eq!(shop.gateway_webhook("xendit", &short, token).await, 401);
    }
    assert_eq!(shop.events_of(&intent).await, 0);
    assert_eq!(
        shop.gateway_webhook("xendit", &short, Some(XENDIT_TOKEN)).await,
        200
    );
    assert_eq!(shop.outcome(&intent, "paid").await, EventOutcome::Held.code());
    assert_eq!(shop.order_status(&order).await, "PENDING_PAYMENT");
    assert_eq!(shop.payments_of(&order).await, 0, "held money is not applied");

    // Staff see it; an admin records it as received (an unapplied payment: it does not pay
    // the invoice) — once, audited. Dismissing needs a reason.
    let personas = common::personas::Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(common::personas::Persona::Admin).unwrap();
    let support = personas.cookie(common::personas::Persona::Support).unwrap();
    let overview: app::admin::payments::PaymentsOverview = shop
        .app
        .post_fn("/api/admin/payments", Some(support), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(overview.held.len(), 1);
    let held = &overview.held[0];
    assert_eq!(held.amount, Some(total - app::money::Rupiah(1)));
    assert!(held.invoice_number.is_some());
    let release = [("id", held.id.as_str())];
    assert_eq!(
        shop.app
            .post_fn("/api/admin/payments/release", Some(support), &release)
            .await
            .status(),
        403
    );
    let no_reason = [("id", held.id.as_str()), ("reason", " ")];
    assert_eq!(
        shop.app
            .post_fn("/api/admin/payments/dismiss", Some(admin), &no_reason)
            .await
            .status(),
        422
    );
    assert_eq!(
        shop.app
            .post_fn("/api/admin/payments/release", Some(admin), &release)
            .await
            .status(),
        200
    );
    assert_eq!(
        shop.app
            .post_fn("/api/admin/payments/release", Some(admin), &release)
            .await
            .status(),
        409
    );
    assert_eq!(shop.outcome(&intent, "paid").await, "released");
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM payments WHERE status = 'unapplied' AND gateway_reference = $1",
            &held.transaction_id
        )
        .await,
        1
    );
    assert_eq!(shop.order_status(&order).await, "PENDING_PAYMENT");
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "admin.payment_event_released"
        )
        .await,
        1
    );
    // The unapplied money goes to the customer's balance, once.
    let overview: app::admin::payments::PaymentsOverview = shop
        .app
        .post_fn("/api/admin/payments", Some(admin), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(overview.unapplied.len(), 1);
    let credit = [
        ("id", overview.unapplied[0].id.as_str()),
        ("reason", "kurang bayar, dikembalikan"),
    ];
    let credited = shop
        .app
        .post_fn("/api/admin/payments/credit", Some(admin), &credit)
        .await;
    assert_eq!(credited.status(), 200);
    assert_eq!(
        credited.json::<app::money::Rupiah>().await.unwrap(),
        total - app::money::Rupiah(1)
    );
    assert_eq!(
        shop.app
            .post_fn("/api/admin/payments/credit", Some(admin), &credit)
            .await
            .status(),
        409
    );
    let overview: app::admin::payments::PaymentsOverview = shop
        .app
        .post_fn("/api/admin/payments", Some(support), &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(overview.unapplied.is_empty() && overview.held.is_empty());

    let order = shop.order_id(&cookie, "exact").await;
    let total = shop.invoice_of(&order).await.total;
    let intent = shop.pay_with(&cookie, &order, "va_bca").await;
    let paid = mocks.xendit_pay(&intent, "PAID", json!(total.get()));
    let settled = mocks.xendit_pay(&intent, "SETTLED", json!(total.get()));
    for body in [&paid, &settled, &paid] {
        assert_eq!(
            shop.gateway_webhook("xendit", body, Some(XENDIT_TOKEN)).await,
            200
        );
    }
    assert_eq!(shop.order_status(&order).await, "PAID");
    assert_eq!(shop.payments_of(&order).await, 1);
    assert_eq!(
        shop.events_of(&intent).await,
        1,
        "PAID and SETTLED are one payment"
    );

    let order = shop.order_id(&cookie, "late").await;
    let intent = shop.pay_with(&cookie, &order, "qris").await;
    let expired = mocks.xendit_pay(&intent, "EXPIRED", Value::Null);
    assert_eq!(
        shop.gateway_webhook("xendit", &expired, Some(XENDIT_TOKEN)).await,
        200
    );
    assert_eq!(
        shop.text("SELECT status FROM payment_intents WHERE id = $1", &intent)
            .await,
        "expired"
    );
    assert_eq!(
        shop.order_status(&order).await,
        "PENDING_PAYMENT",
        "the order stays payable"
    );
    assert_eq!(mocks.violations(), Vec::<String>::new());
}

/// Staff list every payment received: through Midtrans with the gateway's own event, and a
/// transfer an admin recorded; filtered by gateway, status, search and day.
async fn staff_list_every_payment_received(engine: Engine) {
    let (mocks, shop, cookie, order, total) = midtrans_order(engine).await;
    let intent = shop.pay_with(&cookie, &order, "qris").await;
    let settlement = mocks.midtrans_pay(&intent, "settlement", &gross(total));
    assert_eq!(shop.gateway_webhook("midtrans", &settlement, None).await, 200);
    let by_hand = shop.order_id(&cookie, "transfer").await;
    let by_hand = shop.invoice_of(&by_hand).await;
    let personas = common::personas::Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(common::personas::Persona::Admin).unwrap();
    let support = personas.cookie(common::personas::Persona::Support).unwrap();
    shop.clock.advance(std::time::Duration::from_secs(60));
    let form = [("invoice", by_hand.id.as_ref()), ("reference", "BCA-77")];
    let recorded = shop
        .app
        .post_fn("/api/admin/invoices/mark-paid", Some(admin), &form)
        .await;
    assert_eq!(recorded.status(), 200);

    let all = shop.received(support, &[]).await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].reference, "BCA-77", "newest first");
    assert_eq!(
        (all[0].gateway.as_str(), all[0].raw_event.as_deref()),
        ("manual", None)
    );
    let midtrans = shop.received(support, &[("gateway", "midtrans")]).await;
    assert_eq!(midtrans.len(), 1);
    assert_eq!(
        (midtrans[0].amount, midtrans[0].status.as_str()),
        (total, "applied")
    );
    assert_eq!(midtrans[0].order_id.as_deref(), Some(order.as_str()));
    let raw = midtrans[0].raw_event.as_deref().unwrap();
    assert!(raw.contains("\"settlement\""), "{raw}");
    assert!(
        shop.received(support, &[("status", "unapplied")])
            .await
            .is_empty()
    );
    let search = by_hand.number.to_lowercase();
    let found = shop.received(support, &[("q", search.as_str())]).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].invoice_number, by_hand.number);
    let long_ago = [("from", "2000-01-01"), ("until", "2000-01-02")];
    assert!(shop.received(support, &long_ago).await.is_empty());
    let bad_day = shop
        .app
        .post_fn(
            "/api/admin/payments/received",
            Some(support),
            &[("from", "kemarin")],
        )
        .await;
    assert_eq!(bad_day.status(), 422);
}

async fn an_outage_at_the_gateway_loses_nothing_and_says_so(engine: Engine) {
    let mocks = GatewayMocks::start().await;
    let shop = shop_with(engine, mocks.midtrans_env()).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&cookie, "k").await;
    let invoice = shop.invoice_of(&order).await;
    mocks.outage(503);
    let response = shop.start_payment(&cookie, &invoice, "qris").await;
    assert_eq!(response.status(), 422);
    let errors: Value = response.json().await.unwrap();
    assert_eq!(errors["Validation"]["method"], "GatewayUnavailable");
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM payment_intents WHERE invoice_id = $1",
            &invoice.id
        )
        .await,
        0
    );
    mocks.recover();
    shop.pay_with(&cookie, &order, "qris").await;
    assert_eq!(shop.order_status(&order).await, "PENDING_PAYMENT");
    assert_eq!(mocks.violations(), Vec::<String>::new());
}

async fn reconciliation_finds_a_payment_whose_webhook_never_came(engine: Engine) {
    let (mocks, shop, cookie, order, total) = midtrans_order(engine).await;
    let intent = shop.pay_with(&cookie, &order, "va_bca").await;
    let gateways = shop.app.services.gateways.clone();
    let (db, clock) = (&shop.app.state.db, shop.app.state.clock.as_ref());

    // Paid at Midtrans; the notification is lost.
    let settlement = mocks.midtrans_pay(&intent, "settlement", &gross(total));
    assert_eq!(
        reconcile(db, clock, &gateways).await.unwrap(),
        0,
        "the webhook may still come"
    );
    shop.clock.advance(std::time::Duration::from_secs(11 * 60));
    assert_eq!(reconcile(db, clock, &gateways).await.unwrap(), 1);
    shop.process_payment_events().await;
    assert_eq!(shop.order_status(&order).await, "PAID");
    assert_eq!(
        shop.text("SELECT source FROM payment_events WHERE intent_id = $1", &intent)
            .await,
        "reconciliation"
    );
    assert_eq!(
        reconcile(db, clock, &gateways).await.unwrap(),
        0,
        "nothing pending any more"
    );
    // The webhook arrives after all: acknowledged, nothing recorded twice.
    assert_eq!(shop.gateway_webhook("midtrans", &settlement, None).await, 200);
    assert_eq!(shop.payments_of(&order).await, 1);
    assert_eq!(shop.events_of(&intent).await, 1);
    assert_eq!(mocks.violations(), Vec::<String>::new());
}

/// A storm of 10,000 webhooks (`WEBRANA_WEBHOOK_STORM` changes the number; timings in
/// docs/BENCHMARKS.md): for 50 paid attempts, each settlement sent 100 times,
/// its earlier `pending` 50 times, a late `expire` twice and 48 forgeries (another key, a
/// changed amount), all shuffled and posted 16 at a time. Every forgery is refused, each
/// attempt stores three events, and each order is paid exactly once.
async fn a_storm_of_replayed_shuffled_and_forged_webhooks_pays_each_order_once(engine: Engine) {
    use futures::StreamExt;
    const ORDERS: usize = 50;
    let total_posts: usize = std::env::var("WEBRANA_WEBHOOK_STORM")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(10_000);
    let per_order = (total_posts / ORDERS).max(8);
    let mocks = GatewayMocks::start().await;
    let shop = shop_with(engine, [mocks.midtrans_env(), unlimited_purchases()].concat()).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let mut posts: Vec<(Value, bool)> = Vec::new();
    let mut orders = Vec::new();
    for n in 0..ORDERS {
        let order = shop.order_id(&cookie, &format!("storm-{n}")).await;
        let total = shop.invoice_of(&order).await.total;
        let intent = shop.pay_with(&cookie, &order, "qris").await;
        let pending = mocks.midtrans_pay(&intent, "pending", &gross(total));
        let settlement = mocks.midtrans_pay(&intent, "settlement", &gross(total));
        let expired = mocks.midtrans_pay(&intent, "expire", &gross(total));
        let transaction = settlement["transaction_id"].as_str().unwrap().to_string();
        let forged = midtrans_notification(&intent, &transaction, "settlement", &gross(total), "kunci-lain");
        let mut tampered = settlement.clone();
        tampered["gross_amount"] = json!("1000.00");
        // Shares of a per_order batch: half settlements, a quarter pendings, 2 expiries, the
        // rest forgeries.
        let forgeries = per_order - per_order / 2 - per_order / 4 - 2;
        posts.extend(std::iter::repeat_n((settlement, true), per_order / 2));
        posts.extend(std::iter::repeat_n((pending, true), per_order / 4));
        posts.extend(std::iter::repeat_n((expired, true), 2));
        for k in 0..forgeries {
            posts.push((
                if k % 2 == 0 {
                    forged.clone()
                } else {
                    tampered.clone()
                },
                false,
            ));
        }
        orders.push((order, intent));
    }
    // Fisher–Yates with a fixed-seed LCG: the same shuffle every run.
    let mut seed: u64 = 0x5eed_cafe;
    for i in (1..posts.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        posts.swap(i, (seed >> 33) as usize % (i + 1));
    }
    let url = shop.app.url(&webhook_path("midtrans"));
    let client = &shop.app.client;
    let started = std::time::Instant::now();
    let answers: Vec<(u16, bool)> = futures::stream::iter(posts.iter())
        .map(|(body, genuine)| {
            let url = url.clone();
            async move {
                let response = client.post(&url).json(body).send().await.unwrap();
                (response.status().as_u16(), *genuine)
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    let intake = started.elapsed();
    shop.process_payment_events().await;
    let processed = started.elapsed();
    eprintln!(
        "{engine:?}: {} webhooks taken in {intake:?}, all processed after {processed:?}",
        posts.len()
    );
    let wrong: Vec<_> = answers
        .iter()
        .filter(|(status, genuine)| *status != if *genuine { 200 } else { 401 })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} wrong answers, e.g. {:?}",
        wrong.len(),
        wrong.first()
    );
    for (order, intent) in &orders {
        assert_eq!(shop.order_status(order).await, "PAID");
        assert_eq!(shop.payments_of(order).await, 1);
        assert_eq!(shop.events_of(intent).await, 3);
    }
    assert_eq!(mocks.violations(), Vec::<String>::new());
}

/// Staff see each gateway's environment, its keys masked (never whole) and the webhook
/// address; an admin switches a method off and customers can no longer pick or start it,
/// then on again; audited.
async fn staff_see_gateways_masked_and_switch_methods(engine: Engine) {
    let mocks = GatewayMocks::start().await;
    let shop = shop_with(engine, mocks.midtrans_env()).await;
    let personas = common::personas::Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(common::personas::Persona::Admin).unwrap();
    let support = personas.cookie(common::personas::Persona::Support).unwrap();
    let cookie = shop.customer("rina@webrana.test").await;

    let response = shop
        .app
        .post_fn("/api/admin/payments/gateways", Some(support), &[])
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        !text.contains(common::gateways::MIDTRANS_KEY),
        "a key is never shown whole"
    );
    let view: app::admin::gateways::GatewaysView = serde_json::from_str(&text).unwrap();
    let midtrans = &view.gateways[0];
    assert_eq!(midtrans.name, "midtrans");
    assert!(midtrans.opens_payments);
    assert_eq!(midtrans.setup.keys[0].1, "••••unci");
    assert!(
        midtrans.webhook_url.ends_with("/webhooks/payments/midtrans"),
        "{}",
        midtrans.webhook_url
    );
    assert!(view.methods.iter().all(|line| line.enabled));

    let switch = |enabled: &'static str| {
        let shop = &shop;
        async move {
            shop.app
                .post_fn(
                    "/api/admin/payments/method",
                    Some(admin),
                    &[("method", "va_bca"), ("enabled", enabled)],
                )
                .await
                .status()
        }
    };
    let by_support = shop
        .app
        .post_fn(
            "/api/admin/payments/method",
            Some(support),
            &[("method", "va_bca"), ("enabled", "false")],
        )
        .await;
    assert_eq!(by_support.status(), 403);
    assert_eq!(switch("false").await, 200);
    let methods: Vec<String> = shop
        .app
        .post_fn("/api/payments/methods", Some(&cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(!methods.contains(&"VaBca".to_string()), "{methods:?}");
    assert!(methods.contains(&"Qris".to_string()), "{methods:?}");
    let order = shop.order_id(&cookie, "k").await;
    let invoice = shop.invoice_of(&order).await;
    let refused = shop.start_payment(&cookie, &invoice, "va_bca").await;
    assert_eq!(refused.status(), 422);
    assert_eq!(mocks.creates(), 0, "nothing was opened at the gateway");
    assert_eq!(switch("true").await, 200);
    assert!(
        shop.start_payment(&cookie, &invoice, "va_bca")
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "admin.payment_method_switched"
        )
        .await,
        2
    );
    assert_eq!(mocks.violations(), Vec::<String>::new());
}

/// Midtrans' other notifications: `deny` and `cancel` end the attempt (the order can still be
/// paid with a new one); a `partial_refund` and a `refund` after the settlement are each held
/// for staff, a redelivered refund is the same event; the order stays paid (no money moves
/// by itself).
async fn midtrans_denials_cancellations_and_refunds(engine: Engine) {
    let (mocks, shop, cookie, order, total) = midtrans_order(engine).await;

    let denied = shop.pay_with(&cookie, &order, "qris").await;
    let deny = mocks.midtrans_pay(&denied, "deny", &gross(total));
    assert_eq!(shop.gateway_webhook("midtrans", &deny, None).await, 200);
    assert_eq!(shop.outcome(&denied, "failed").await, "applied");
    assert_eq!(
        shop.text("SELECT status FROM payment_intents WHERE id = $1", &denied)
            .await,
        "failed"
    );
    assert_eq!(shop.order_status(&order).await, "PENDING_PAYMENT");

    let cancelled = shop.pay_with(&cookie, &order, "va_bni").await;
    assert_ne!(cancelled, denied, "a failed attempt is not reused");
    let cancel = mocks.midtrans_pay(&cancelled, "cancel", &gross(total));
    assert_eq!(shop.gateway_webhook("midtrans", &cancel, None).await, 200);
    assert_eq!(
        shop.text("SELECT status FROM payment_intents WHERE id = $1", &cancelled)
            .await,
        "failed"
    );
    assert_eq!(shop.order_status(&order).await, "PENDING_PAYMENT");

    let paid = shop.pay_with(&cookie, &order, "gopay").await;
    let settlement = mocks.midtrans_pay(&paid, "settlement", &gross(total));
    assert_eq!(shop.gateway_webhook("midtrans", &settlement, None).await, 200);
    assert_eq!(shop.order_status(&order).await, "PAID");
    let partial = mocks.midtrans_pay(&paid, "partial_refund", &gross(total));
    let refund = mocks.midtrans_pay(&paid, "refund", &gross(total));
    for body in [&partial, &refund, &refund] {
        assert_eq!(shop.gateway_webhook("midtrans", body, None).await, 200);
    }
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM payment_events WHERE intent_id = $1 AND status = 'refunded' AND outcome = 'held'",
            &paid
        )
        .await,
        2,
        "each refund is held once"
    );
    assert_eq!(shop.order_status(&order).await, "PAID");
    assert_eq!(shop.payments_of(&order).await, 1);
    assert_eq!(mocks.violations(), Vec::<String>::new());
}

/// An admin refunds a Midtrans payment through Midtrans' refund API: asked once with the
/// order's refund key before anything is booked, then the order is cancelled with a credit
/// note carrying the gateway's reference and nothing reaches the balance; Midtrans' own
/// refund notification is then recognised as ours (not held). A payment from the balance
/// cannot be refunded by API.
async fn midtrans_refunds_through_its_api(engine: Engine) {
    let mocks = GatewayMocks::start().await;
    let shop = shop_with(engine, mocks.midtrans_env()).await;
    let personas = common::personas::Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(common::personas::Persona::Admin).unwrap();
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&cookie, "k").await;
    let total = shop.invoice_of(&order).await.total;
    let intent = shop.pay_with(&cookie, &order, "gopay").await;
    let settlement = mocks.midtrans_pay(&intent, "settlement", &gross(total));
    assert_eq!(shop.gateway_webhook("midtrans", &settlement, None).await, 200);
    assert_eq!(shop.order_status(&order).await, "PAID");

    let refund = |order: String| {
        let shop = &shop;
        async move {
            shop.app
                .post_fn(
                    "/api/admin/orders/refund",
                    Some(admin),
                    &[
                        ("id", order.as_str()),
                        ("method", "gateway_api"),
                        ("reason", "stok habis"),
                    ],
                )
                .await
        }
    };
    assert_eq!(refund(order.clone()).await.status(), 200);
    assert_eq!(mocks.refunds(), vec![(intent.clone(), total.get())]);
    assert_eq!(shop.order_status(&order).await, "CANCELLED");
    assert_eq!(
        shop.text("SELECT reference FROM credit_notes WHERE method = $1", "gateway")
            .await,
        format!("refund-{order}")
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM wallet_ledger WHERE kind = $1", "refund")
            .await,
        0
    );
    let again = refund(order.clone()).await;
    assert_eq!(again.status(), 422, "refunded once");
    assert_eq!(mocks.refunds().len(), 1);
    let notification = mocks.midtrans_pay(&intent, "refund", &gross(total));
    assert_eq!(shop.gateway_webhook("midtrans", &notification, None).await, 200);
    assert_eq!(shop.outcome(&intent, "refunded").await, "ignored");

    // Paid from the balance: there is nothing to refund at a gateway.
    let user = shop.invoice_of(&order).await.user_id;
    let clock = shop.app.state.clock.clone();
    let mut tx = shop.app.state.db.begin().await.unwrap();
    let credit = app::wallet::store::Movement {
        user_id: &user,
        kind: app::wallet::LedgerKind::Adjustment,
        amount: app::money::Rupiah(1_000_000),
        reference: Some("test"),
        actor: "test",
        note: "",
    };
    app::wallet::store::credit_in(&mut tx, clock.as_ref(), &credit)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let second = shop.order_id(&cookie, "k2").await;
    let invoice = shop.invoice_of(&second).await;
    let paid = shop
        .app
        .post_fn(
            "/api/payments/wallet",
            Some(&cookie),
            &[("invoice", invoice.id.as_ref())],
        )
        .await;
    assert_eq!(paid.status(), 200);
    let refused = refund(second.clone()).await;
    assert_eq!(refused.status(), 422);
    let errors: Value = refused.json().await.unwrap();
    assert_eq!(errors["Validation"]["method"], "RefundNotByApi");
    assert_eq!(mocks.refunds().len(), 1);
    assert_eq!(mocks.violations(), Vec::<String>::new());
}

on_both_engines!(
    midtrans_refunds_through_its_api,
    midtrans_denials_cancellations_and_refunds,
    staff_see_gateways_masked_and_switch_methods,
    a_storm_of_replayed_shuffled_and_forged_webhooks_pays_each_order_once,
    midtrans_sends_the_customer_to_snap_and_pays_once,
    presses_at_the_same_moment_open_one_attempt,
    staff_list_every_payment_received,
    xendit_needs_its_token_and_a_different_amount_is_held,
    an_outage_at_the_gateway_loses_nothing_and_says_so,
    reconciliation_finds_a_payment_whose_webhook_never_came,
);
