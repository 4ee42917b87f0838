//! Checkout, invoices, promo limits, the simulated gateway's webhook and order expiry, on
//! both engines.

mod common;

use app::accounts::Role;
use app::db::Engine;
use app::on_db;
use app::payments::simulated::{SIGNATURE_HEADER, sign};
use common::shop::{create_promo, percent_promo, shop, shop_with, unlimited_purchases};

async fn an_order_is_priced_on_the_server_and_invoiced(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let response = shop.checkout(&cookie, "k-1", "12", "").await;
    assert!(response.status().is_success(), "{}", response.status());
    let order: String = response.json().await.unwrap();
    // 12 × 49,000 = 588,000; −15 % = 88,200; PPN 11 % of 499,800 = 54,978.
    assert_eq!(
        shop.scalar("SELECT total FROM orders WHERE id = $1", &order)
            .await,
        554_778
    );
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PENDING_PAYMENT"
    );
    let invoice = shop.invoice_of(&order).await;
    let year = chrono::Datelike::year(&shop.app.state.clock.now());
    assert_eq!(invoice.number, format!("INV/{year}/000001"));
    assert_eq!(
        (invoice.subtotal.get(), invoice.tax.get(), invoice.total.get()),
        (499_800, 54_978, 554_778)
    );
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM invoice_lines WHERE invoice_id = $1",
            &invoice.id
        )
        .await,
        2
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM order_events WHERE order_id = $1", &order)
            .await,
        1
    );
    // A bad host name and a region the plan is not offered in are refused field by field.
    let mut form = vec![
        ("plan", shop.plan.as_str()),
        ("region", "nowhere"),
        ("image", shop.image.as_str()),
    ];
    form.extend([("hostname", "-bad-"), ("cycle", "2"), ("checkout", "k-2")]);
    let response = shop.app.post_fn("/api/orders/place", Some(&cookie), &form).await;
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    let fields = &error["Validation"];
    assert_eq!(fields["region"], "RegionUnavailable");
    assert_eq!(fields["hostname"], "HostnameInvalid");
    assert_eq!(fields["cycle"], "CycleInvalid");
}

async fn a_resent_checkout_creates_one_order(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let responses = futures_join(10, |_| shop.checkout(&cookie, "double-click", "1", "")).await;
    let mut ids: Vec<String> = Vec::new();
    for response in responses {
        assert!(response.status().is_success(), "{}", response.status());
        ids.push(response.json().await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every submit answers with the same order");
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM orders WHERE user_id <> $1", "")
            .await,
        1
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM invoices WHERE user_id <> $1", "")
            .await,
        1
    );
}

async fn invoice_numbers_have_no_gaps_under_concurrent_checkouts(engine: Engine) {
    let shop = shop_with(engine, unlimited_purchases()).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let responses = futures_join(100, |n| {
        let key = format!("key-{n}");
        let shop = &shop;
        let cookie = &cookie;
        async move { shop.checkout(cookie, &key, "1", "").await }
    })
    .await;
    assert!(responses.iter().all(|r| r.status().is_success()));
    let numbers: Vec<i64> = on_db!(&shop.app.state.db, pool => sqlx::query_scalar("SELECT sequence FROM invoices ORDER BY sequence").fetch_all(pool).await.unwrap());
    assert_eq!(numbers, (1..=100).collect::<Vec<i64>>());
}

async fn the_last_promo_use_goes_to_exactly_one_customer(engine: Engine) {
    use app::promos::store::{NewPromo, find_by_code, redeem};
    let shop = shop(engine).await;
    let db = &shop.app.state.db;
    let promo = NewPromo {
        max_uses: Some(1),
        max_uses_per_customer: Some(1),
        ..percent_promo("terakhir", 50, shop.app.state.clock.now())
    };
    create_promo(&shop.app, &promo).await;
    let promo = find_by_code(db, "TERAKHIR").await.unwrap().unwrap();
    let mut users = Vec::new();
    for n in 0..50 {
        let user = app::accounts::store::NewUser {
            email: app::accounts::Email::parse(&format!("c{n}@webrana.test")).unwrap(),
            name: "C".into(),
            password_hash: "not-a-real-hash".into(),
            role: Role::Customer,
            email_verified: true,
            language: app::i18n::Lang::Id,
        };
        users.push(
            app::accounts::store::create_user(db, shop.app.state.clock.as_ref(), user)
                .await
                .unwrap()
                .id,
        );
    }
    let results = futures_join(50, |n| {
        let (promo, user) = (promo.clone(), users[n].clone());
        async move {
            let mut tx = db.begin().await.unwrap();
            let taken = redeem(&mut tx, &promo, &user).await.unwrap();
            tx.commit().await.unwrap();
            taken.is_ok()
        }
    })
    .await;
    assert_eq!(results.iter().filter(|won| **won).count(), 1);
    assert_eq!(
        shop.scalar(
            "SELECT CAST(uses AS BIGINT) FROM promo_codes WHERE code = $1",
            "TERAKHIR"
        )
        .await,
        1
    );
    // Through checkout, the next customer hears that it is used up.
    let cookie = shop.customer("telat@webrana.test").await;
    let response = shop.checkout(&cookie, "k", "1", "terakhir").await;
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["Validation"]["promo"], "PromoUsedUp");
}

async fn a_duplicate_webhook_records_one_payment_and_a_forged_one_nothing(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&cookie, "k").await;
    let invoice = shop.invoice_of(&order).await;
    let secret = shop.app.simulated_gateway_secret();
    let event = shop.paid_event(&invoice, "SIM-1").await;

    assert_eq!(shop.post_webhook(&event, "forged-secret").await, 401);
    let mut tampered = event.clone();
    tampered.amount = app::money::Rupiah(1);
    let body = serde_json::to_vec(&event).unwrap();
    let signature = sign(&secret, shop.app.state.clock.now().timestamp(), &body);
    let status = shop
        .app
        .client
        .post(shop.app.url(&app::payments::intake::webhook_path("simulated")))
        .header(SIGNATURE_HEADER, signature)
        .body(serde_json::to_vec(&tampered).unwrap())
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401, "a body changed after signing");
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PENDING_PAYMENT"
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM payments WHERE invoice_id = $1", &invoice.id)
            .await,
        0
    );

    assert_eq!(shop.post_webhook(&event, &secret).await, 200);
    assert_eq!(
        shop.post_webhook(&event, &secret).await,
        200,
        "a repeat is acknowledged"
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM payments WHERE invoice_id = $1", &invoice.id)
            .await,
        1
    );
    assert_eq!(shop.statuses(&order).await, ("PAID".into(), "paid".into()));
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM order_events WHERE order_id = $1", &order)
            .await,
        2
    );
    // The paid order can no longer be cancelled: the state machine refuses.
    let response = shop
        .app
        .post_fn("/api/orders/cancel", Some(&cookie), &[("id", &order)])
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PAID"
    );
}

async fn paying_on_the_simulated_gateway_marks_the_order_paid(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&cookie, "k").await;
    let invoice = shop.invoice_of(&order).await;
    let response = shop.start_payment(&cookie, &invoice, "va_bca").await;
    assert!(response.status().is_success(), "{}", response.status());
    let intent: String = response.json().await.unwrap();
    // A failed attempt leaves the order payable.
    let response = shop
        .app
        .post_fn(
            "/api/payments/simulate",
            Some(&cookie),
            &[("id", &intent), ("outcome", "failure")],
        )
        .await;
    assert!(response.status().is_success());
    shop.app.run_jobs().await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PENDING_PAYMENT"
    );
    // A new attempt succeeds; the gateway's webhook (a job) marks the order paid.
    let response = shop.start_payment(&cookie, &invoice, "qris").await;
    let intent: String = response.json().await.unwrap();
    for _ in 0..2 {
        let response = shop
            .app
            .post_fn(
                "/api/payments/simulate",
                Some(&cookie),
                &[("id", &intent), ("outcome", "success")],
            )
            .await;
        assert!(response.status().is_success());
    }
    shop.app.run_jobs().await;
    // Paid once, and provisioning took over at once (tests/provisioning.rs goes on from here).
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM order_events WHERE order_id = $1 AND to_status = 'PAID'",
            &order
        )
        .await,
        1
    );
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PROVISIONING"
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM payments WHERE invoice_id = $1", &invoice.id)
            .await,
        1
    );
}

async fn unpaid_orders_expire_and_give_back_their_promo(engine: Engine) {
    let shop = shop(engine).await;
    let promo = app::promos::store::NewPromo {
        max_uses: Some(5),
        ..percent_promo("HEMAT10", 10, shop.app.state.clock.now())
    };
    create_promo(&shop.app, &promo).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let response = shop.checkout(&cookie, "k", "1", "hemat10").await;
    let order: String = response.json().await.unwrap();
    assert_eq!(
        shop.scalar(
            "SELECT CAST(uses AS BIGINT) FROM promo_codes WHERE code = $1",
            "HEMAT10"
        )
        .await,
        1
    );
    shop.app.run_jobs().await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PENDING_PAYMENT",
        "not due yet"
    );
    shop.clock.advance(std::time::Duration::from_secs(25 * 3600));
    shop.app.run_jobs().await;
    assert_eq!(shop.statuses(&order).await, ("EXPIRED".into(), "void".into()));
    assert_eq!(
        shop.scalar(
            "SELECT CAST(uses AS BIGINT) FROM promo_codes WHERE code = $1",
            "HEMAT10"
        )
        .await,
        0
    );
}

async fn customers_cannot_reach_each_others_orders(engine: Engine) {
    let shop = shop(engine).await;
    let owner = shop.customer("rina@webrana.test").await;
    let other = shop.customer("oki@webrana.test").await;
    let order = shop.order_id(&owner, "k").await;
    let invoice = shop.invoice_of(&order).await;
    for (path, form) in [
        ("/api/orders/get", vec![("id", order.as_str())]),
        ("/api/orders/cancel", vec![("id", order.as_str())]),
        ("/api/invoices/get", vec![("id", invoice.id.as_str())]),
        (
            "/api/payments/start",
            vec![("invoice", invoice.id.as_str()), ("method", "qris")],
        ),
    ] {
        let response = shop.app.post_fn(path, Some(&other), &form).await;
        assert_eq!(response.status(), 404, "{path}");
        let response = shop.app.post_fn(path, None, &form).await;
        assert_eq!(response.status(), 401, "{path} signed out");
    }
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PENDING_PAYMENT"
    );
    let response = shop
        .app
        .post_fn("/api/orders/get", Some(&owner), &[("id", &order)])
        .await;
    assert_eq!(response.status(), 200);
}

/// Runs `count` futures at once and returns their outputs in order.
async fn futures_join<F, Fut>(count: usize, make: F) -> Vec<Fut::Output>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future,
{
    futures::future::join_all((0..count).map(make)).await
}

/// Off (the default outside the demo and tests): no methods to choose, starting a payment
/// says online payment is not available, and its webhook address does not exist.
async fn without_a_gateway_customers_cannot_pay_online(engine: Engine) {
    let shop = shop_with(engine, vec![("WEBRANA_SIMULATED_GATEWAY", "false".into())]).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&cookie, "k").await;
    let invoice = shop.invoice_of(&order).await;
    let methods: Vec<app::payments::PaymentMethod> = shop
        .app
        .post_fn("/api/payments/methods", Some(&cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(methods.is_empty());
    let response = shop.start_payment(&cookie, &invoice, "qris").await;
    assert_eq!(response.status(), 422);
    let errors: serde_json::Value = response.json().await.unwrap();
    assert_eq!(errors["Validation"]["method"], "PaymentUnavailable");
    // Even a correctly signed event is not taken: the gateway does not exist here.
    let event = shop.paid_event(&invoice, "trx-off").await;
    assert_eq!(shop.post_webhook(&event, "any-secret").await, 404);
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM payment_events WHERE intent_id = $1",
            &event.intent_id
        )
        .await,
        0
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM payments WHERE invoice_id = $1", &invoice.id)
            .await,
        0
    );
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PENDING_PAYMENT"
    );
}

/// A quote tells whether a promo code exists, so quotes that try one are limited per client;
/// plain quotes (prices only) are not (issue 20, item 6).
async fn promo_codes_cannot_be_guessed_through_quotes(engine: Engine) {
    let shop = shop(engine).await;
    let quote = |promo: String| {
        let shop = &shop;
        async move {
            let form = [
                ("plan", shop.plan.as_str()),
                ("region", shop.region.as_str()),
                ("image", shop.image.as_str()),
                ("cycle", "1"),
                ("promo", promo.as_str()),
            ];
            shop.app.post_fn("/api/orders/quote", None, &form).await
        }
    };
    for guess in 0..app::security::Limit::PROMO_QUOTE_PER_CLIENT.max {
        let status = quote(format!("TEBAK{guess}")).await.status();
        assert_eq!(status, 422, "an unknown code, guess {guess}");
    }
    let refused = quote("TEBAKLAGI".into()).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(refused.text().await.unwrap(), "\"RateLimited\"");
    assert_eq!(quote(String::new()).await.status(), 200, "prices stay open");
}

on_both_engines!(
    promo_codes_cannot_be_guessed_through_quotes,
    without_a_gateway_customers_cannot_pay_online,
    an_order_is_priced_on_the_server_and_invoiced,
    a_resent_checkout_creates_one_order,
    invoice_numbers_have_no_gaps_under_concurrent_checkouts,
    the_last_promo_use_goes_to_exactly_one_customer,
    a_duplicate_webhook_records_one_payment_and_a_forged_one_nothing,
    paying_on_the_simulated_gateway_marks_the_order_paid,
    unpaid_orders_expire_and_give_back_their_promo,
    customers_cannot_reach_each_others_orders,
);
