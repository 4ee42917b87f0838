//! Rate-limit tiers: the API's public, authenticated and write tiers with their
//! `RateLimit-*` headers and a `429` problem with `Retry-After`, counters shared by two
//! instances on one database, and the checkout and payment tiers of the pages.

mod common;

use app::db::Engine;
use common::shop::shop_with;
use common::{TestApp, TestAppOptions, TestDatabase, spawn_app_on};
use std::sync::Arc;

fn limits(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut env: Vec<(&'static str, String)> = pairs.iter().map(|(k, v)| (*k, v.to_string())).collect();
    env.push(("WEBRANA_TRUSTED_PROXIES", "127.0.0.1".into()));
    env
}

async fn instance(database: &Arc<TestDatabase>, env: Vec<(&'static str, String)>) -> TestApp {
    let options = TestAppOptions {
        env,
        ..TestAppOptions::default()
    };
    spawn_app_on(database.clone(), options).await
}

async fn get_from(app: &TestApp, client: &str) -> reqwest::Response {
    app.get_with("/api/v1/catalog/providers", &[("x-forwarded-for", client)])
        .await
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers()[name].to_str().unwrap().to_string()
}

async fn the_public_tier_is_shared_by_every_instance(engine: Engine) {
    let database = Arc::new(TestDatabase::create(engine).await);
    let env = limits(&[("WEBRANA_RATE_PUBLIC_PER_MIN", "3")]);
    let first = instance(&database, env.clone()).await;
    let second = instance(&database, env).await;
    let client = "203.0.113.10";
    for (app, remaining) in [(&first, "2"), (&second, "1"), (&first, "0")] {
        let response = get_from(app, client).await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "ratelimit-limit"), "3");
        assert_eq!(header(&response, "ratelimit-remaining"), remaining);
        let reset: i64 = header(&response, "ratelimit-reset").parse().unwrap();
        assert!((1..=60).contains(&reset), "{reset}");
    }
    // The fourth call, on either instance, is over: a problem that says when to come back.
    let refused = get_from(&second, client).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    let retry: i64 = header(&refused, "retry-after").parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(header(&refused, "ratelimit-remaining"), "0");
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(problem["type"], "tag:webrana.cloud,2026:problem/rate-limited");
    // Another client is counted apart.
    assert_eq!(get_from(&first, "203.0.113.11").await.status(), 200);
    first.stop().await.unwrap();
    second.stop().await.unwrap();
}

async fn writes_have_a_tier_of_their_own(engine: Engine) {
    let database = Arc::new(TestDatabase::create(engine).await);
    let env = limits(&[
        ("WEBRANA_RATE_WRITE_PER_MIN", "2"),
        ("WEBRANA_RATE_AUTHENTICATED_PER_MIN", "5"),
    ]);
    let app = instance(&database, env).await;
    common::create_account(
        &app,
        "tulis@webrana.test",
        "Tulis",
        common::personas::PASSWORD,
        app::accounts::Role::Customer,
    )
    .await;
    let cookie = app
        .sign_in("tulis@webrana.test", common::personas::PASSWORD)
        .await;
    let key: String = app
        .post_fn(
            "/api/account/api-keys/create",
            Some(&cookie),
            &[("name", "ci"), ("notifications", "write")],
        )
        .await
        .json()
        .await
        .unwrap();
    let call = |method: reqwest::Method, path: &'static str| {
        app.client
            .request(method, app.url(path))
            .header("authorization", format!("Bearer {key}"))
            .header("x-forwarded-for", "203.0.113.20")
            .send()
    };
    for _ in 0..2 {
        let done = call(reqwest::Method::POST, "/api/v1/notifications/read-all")
            .await
            .unwrap();
        assert_eq!(done.status(), 200);
    }
    let refused = call(reqwest::Method::POST, "/api/v1/notifications/read-all")
        .await
        .unwrap();
    assert_eq!(refused.status(), 429, "the third write in a minute");
    // Reads go on, counted by the authenticated tier (three calls so far, five allowed).
    let read = call(reqwest::Method::GET, "/api/v1/notifications/unread-count")
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(header(&read, "ratelimit-limit"), "5");
    assert_eq!(header(&read, "ratelimit-remaining"), "1");
    let last = call(reqwest::Method::GET, "/api/v1/me").await.unwrap();
    assert_eq!(last.status(), 200);
    let over = call(reqwest::Method::GET, "/api/v1/me").await.unwrap();
    assert_eq!(over.status(), 429, "the sixth call of the key");
    app.stop().await.unwrap();
}

async fn new_orders_and_payment_attempts_have_their_tiers(engine: Engine) {
    let shop = shop_with(
        engine,
        vec![
            ("WEBRANA_RATE_CHECKOUT_PER_MIN", "2".into()),
            ("WEBRANA_RATE_PAYMENT_PER_MIN", "1".into()),
        ],
    )
    .await;
    let cookie = shop.customer("laju@webrana.test").await;
    let first = shop.order_id(&cookie, "checkout-1").await;
    let second = shop.order_id(&cookie, "checkout-2").await;
    // A repeated press finds its order and is not counted; a third new order is over.
    assert_eq!(shop.order_id(&cookie, "checkout-2").await, second);
    let refused = shop.checkout(&cookie, "checkout-3", "1", "").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let orders = shop
        .scalar(
            "SELECT COUNT(*) FROM orders WHERE idempotency_key LIKE $1",
            "checkout-%",
        )
        .await;
    assert_eq!(orders, 2);

    let invoice = shop.invoice_of(&first).await;
    let opened = shop.start_payment(&cookie, &invoice, "qris").await;
    assert_eq!(opened.status(), 200);
    // Pressing again reuses the open attempt: not counted.
    assert_eq!(shop.start_payment(&cookie, &invoice, "qris").await.status(), 200);
    let other = shop.invoice_of(&second).await;
    let refused = shop.start_payment(&cookie, &other, "qris").await;
    assert_eq!(refused.status(), 429, "a second new attempt in a minute");
    let attempts = shop
        .scalar(
            "SELECT COUNT(*) FROM payment_intents WHERE invoice_id = $1",
            &other.id,
        )
        .await;
    assert_eq!(attempts, 0);
}

on_both_engines!(
    the_public_tier_is_shared_by_every_instance,
    writes_have_a_tier_of_their_own,
    new_orders_and_payment_attempts_have_their_tiers,
);
