//! Orders and their invoices on the REST API: a quote, one order per Idempotency-Key
//! (retried, raced, reused for something else), the list with its filter and cursor, ETags,
//! cancelling, the invoices as data and PDF, and paying through the API.

mod common;

use app::db::Engine;
use common::shop::{Shop, shop};
use serde_json::{Value, json};

/// A key of the customer signed in with `cookie`, allowed to order and pay.
async fn orders_key(shop: &Shop, cookie: &str) -> String {
    let scopes = [("orders", "write"), ("billing", "write")];
    shop.app.api_key(cookie, &scopes).await
}

fn new_order(shop: &Shop, hostname: &str) -> Value {
    json!({"plan_id": shop.plan, "region_id": shop.region, "image_id": shop.image,
        "hostname": hostname, "cycle_months": 3})
}

async fn place(shop: &Shop, key: &str, idempotency: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = shop
        .app
        .client
        .post(shop.app.url("/api/v1/orders"))
        .bearer_auth(key)
        .json(body);
    if let Some(idempotency) = idempotency {
        request = request.header("idempotency-key", idempotency);
    }
    request.send().await.unwrap()
}

/// A conditional read: `304` while `etag` is still current.
async fn if_changed(shop: &Shop, key: &str, path: &str, etag: &str) -> reqwest::Response {
    let request = shop.app.client.get(shop.app.url(path)).bearer_auth(key);
    request.header("if-none-match", etag).send().await.unwrap()
}

async fn orders(shop: &Shop) -> i64 {
    app::on_db!(&shop.app.state.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(pool).await.unwrap())
}

async fn an_order_is_placed_once_per_idempotency_key(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let key = orders_key(&shop, &cookie).await;

    // The quote is the price the order gets.
    let quote_path = format!(
        "/api/v1/orders/quote?plan_id={}&region_id={}&image_id={}&cycle_months=3",
        shop.plan, shop.region, shop.image
    );
    let quote: Value = shop.app.get(&quote_path).await.json().await.unwrap();
    assert_eq!(quote["months"], 3);
    let unknown = shop
        .app
        .get("/api/v1/orders/quote?plan_id=nope&region_id=x&image_id=y&cycle_months=3")
        .await;
    assert_eq!(unknown.status(), 422);
    let problem: Value = unknown.json().await.unwrap();
    assert!(problem["errors"]["plan"].is_string(), "{problem}");

    let without_key = place(&shop, &key, None, &new_order(&shop, "web-1")).await;
    assert_eq!(without_key.status(), 422);
    let problem: Value = without_key.json().await.unwrap();
    assert!(problem["errors"]["Idempotency-Key"].is_string(), "{problem}");

    let placed = place(&shop, &key, Some("order-1"), &new_order(&shop, "web-1")).await;
    assert_eq!(placed.status(), 201);
    let location = placed.headers()["location"].to_str().unwrap().to_string();
    let order: Value = placed.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/orders/{}", order["id"].as_str().unwrap())
    );
    assert_eq!(order["status"], "PENDING_PAYMENT");
    assert_eq!(order["price"]["total"], quote["total"]);
    assert_eq!(order["invoices"][0]["status"], "unpaid");
    assert_eq!(order["invoices"][0]["total"], quote["total"]);

    // The answer was lost: the retry gets the same order, and so do racing retries.
    let again = place(&shop, &key, Some("order-1"), &new_order(&shop, "web-1")).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], order["id"]);
    let body = new_order(&shop, "web-2");
    let racing = futures::future::join_all((0..6).map(|_| place(&shop, &key, Some("order-2"), &body))).await;
    let mut ids = Vec::new();
    for response in racing {
        assert!(response.status().is_success(), "{}", response.status());
        ids.push(response.json::<Value>().await.unwrap()["id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one order for one key");
    assert_eq!(
        shop.app
            .scalar("SELECT COUNT(*) FROM orders WHERE hostname = $1", "web-2")
            .await,
        1
    );
    // The same key for another order is a mistake, not that order.
    let reused = place(&shop, &key, Some("order-1"), &new_order(&shop, "web-9")).await;
    assert_eq!(reused.status(), 409);

    // Bad input names its field and orders nothing.
    let mut bad = new_order(&shop, "-not a host-");
    bad["cycle_months"] = json!(5);
    let refused = place(&shop, &key, Some("order-3"), &bad).await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    assert!(
        problem["errors"]["hostname"].is_string() && problem["errors"]["cycle"].is_string(),
        "{problem}"
    );
    assert_eq!(orders(&shop).await, 2);
}

async fn orders_are_listed_read_and_cancelled(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let key = orders_key(&shop, &cookie).await;
    for n in 1..=3 {
        let placed = place(
            &shop,
            &key,
            Some(&format!("k{n}")),
            &new_order(&shop, &format!("web-{n}")),
        )
        .await;
        assert_eq!(placed.status(), 201);
    }

    // Newest first, page by page.
    let first: Value = shop
        .app
        .api_get(&key, "/api/v1/orders?limit=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["items"][0]["hostname"], "web-3");
    let cursor = first["next_cursor"].as_str().unwrap();
    // An order placed meanwhile does not shift the next page (the cursor names a row, not a
    // position).
    let meanwhile = place(&shop, &key, Some("k4"), &new_order(&shop, "web-4")).await;
    assert_eq!(meanwhile.status(), 201);
    let second: Value = shop
        .app
        .api_get(&key, &format!("/api/v1/orders?limit=2&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"][0]["hostname"], "web-1");
    assert!(second["next_cursor"].is_null());
    let active: Value = shop
        .app
        .api_get(&key, "/api/v1/orders?status=ACTIVE")
        .await
        .json()
        .await
        .unwrap();
    assert!(active["items"].as_array().unwrap().is_empty());
    assert_eq!(
        shop.app
            .api_get(&key, "/api/v1/orders?status=whatever")
            .await
            .status(),
        422
    );

    // One order, cached until it changes.
    let id = first["items"][0]["id"].as_str().unwrap().to_string();
    let read = shop.app.api_get(&key, &format!("/api/v1/orders/{id}")).await;
    let etag = read.headers()["etag"].to_str().unwrap().to_string();
    let unchanged = if_changed(&shop, &key, &format!("/api/v1/orders/{id}"), &etag).await;
    assert_eq!(unchanged.status(), 304);

    let cancel = |id: String| {
        let (app, key) = (&shop.app, &key);
        async move {
            let path = format!("/api/v1/orders/{id}/cancel");
            app.api_post(key, &path, &Value::Null).await
        }
    };
    let cancelled = cancel(id.clone()).await;
    assert_eq!(cancelled.status(), 200);
    let cancelled: Value = cancelled.json().await.unwrap();
    assert_eq!(cancelled["status"], "CANCELLED");
    assert_eq!(cancelled["invoices"][0]["status"], "void");
    let twice = cancel(id.clone()).await;
    assert_eq!(twice.status(), 422);
    let changed = if_changed(&shop, &key, &format!("/api/v1/orders/{id}"), &etag).await;
    assert_eq!(changed.status(), 200);

    // Another customer's order does not exist for this key.
    let other = shop.customer("sari@webrana.test").await;
    let other_key = orders_key(&shop, &other).await;
    assert_eq!(
        shop.app
            .api_get(&other_key, &format!("/api/v1/orders/{id}"))
            .await
            .status(),
        404
    );
    let theirs: Value = shop
        .app
        .api_get(&other_key, "/api/v1/orders")
        .await
        .json()
        .await
        .unwrap();
    assert!(theirs["items"].as_array().unwrap().is_empty());
}

async fn an_orders_invoice_is_read_as_data_and_pdf(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let key = orders_key(&shop, &cookie).await;
    let placed = place(&shop, &key, Some("k1"), &new_order(&shop, "web-1")).await;
    let order: Value = placed.json().await.unwrap();
    let invoice_id = order["invoices"][0]["id"].as_str().unwrap();

    let listed: Value = shop
        .app
        .api_get(&key, "/api/v1/invoices?status=unpaid")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["id"], invoice_id);
    assert_eq!(listed["items"][0]["order_id"], order["id"]);
    let paid: Value = shop
        .app
        .api_get(&key, "/api/v1/invoices?status=paid")
        .await
        .json()
        .await
        .unwrap();
    assert!(paid["items"].as_array().unwrap().is_empty());
    let invoice: Value = shop
        .app
        .api_get(&key, &format!("/api/v1/invoices/{invoice_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(invoice["total"], order["price"]["total"]);
    let lines: i64 = invoice["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(lines, invoice["subtotal"].as_i64().unwrap());
    let pdf = shop
        .app
        .api_get(&key, &format!("/api/v1/invoices/{invoice_id}/pdf"))
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

    let other = shop.customer("sari@webrana.test").await;
    let other_key = orders_key(&shop, &other).await;
    for path in [
        format!("/api/v1/invoices/{invoice_id}"),
        format!("/api/v1/invoices/{invoice_id}/pdf"),
    ] {
        assert_eq!(shop.app.api_get(&other_key, &path).await.status(), 404, "{path}");
    }
}

async fn an_order_is_paid_through_the_api(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let key = orders_key(&shop, &cookie).await;
    let placed = place(&shop, &key, Some("k1"), &new_order(&shop, "web-1")).await;
    let order: Value = placed.json().await.unwrap();
    let invoice_id = order["invoices"][0]["id"].as_str().unwrap();

    let wallet: Value = shop
        .app
        .api_get(&key, "/api/v1/wallet")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(wallet["balance"], 0);
    let pay_by = |method: &'static str| {
        let (app, key) = (&shop.app, &key);
        let body = json!({"invoice_id": invoice_id, "method": method});
        async move { app.api_post(key, "/api/v1/payments", &body).await }
    };
    let unknown = pay_by("cash").await;
    assert_eq!(unknown.status(), 422);
    let started = pay_by("qris").await;
    assert_eq!(started.status(), 201);
    let location = started.headers()["location"].to_str().unwrap().to_string();
    let attempt: Value = started.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/payments/{}", attempt["id"].as_str().unwrap())
    );
    assert_eq!(attempt["status"], "pending");
    assert_eq!(attempt["amount"], order["price"]["total"]);
    assert_eq!(attempt["simulated"], true);
    // Asking again gives the open attempt, not a second one to pay.
    let again: Value = pay_by("qris").await.json().await.unwrap();
    assert_eq!(again["id"], attempt["id"]);

    let simulate = format!("{location}/simulate");
    assert_eq!(
        shop.app
            .api_post(&key, &simulate, &json!({"outcome": "maybe"}))
            .await
            .status(),
        422
    );
    assert_eq!(
        shop.app
            .api_post(&key, &simulate, &json!({"outcome": "success"}))
            .await
            .status(),
        202
    );
    shop.app.run_jobs().await;
    let paid: Value = shop.app.api_get(&key, &location).await.json().await.unwrap();
    assert_eq!(paid["status"], "succeeded");
    let order: Value = shop
        .app
        .api_get(&key, &format!("/api/v1/orders/{}", order["id"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(order["status"], "PENDING_PAYMENT");
    assert_eq!(order["invoices"][0]["status"], "paid");
    // Paid: nothing more to pay, and nothing to simulate.
    let over = shop
        .app
        .api_post(
            &key,
            "/api/v1/payments",
            &json!({"invoice_id": invoice_id, "method": "qris"}),
        )
        .await;
    assert_eq!(over.status(), 422);
    assert_eq!(
        shop.app
            .api_post(&key, &simulate, &json!({"outcome": "success"}))
            .await
            .status(),
        422
    );

    let other = shop.customer("sari@webrana.test").await;
    let other_key = orders_key(&shop, &other).await;
    assert_eq!(shop.app.api_get(&other_key, &location).await.status(), 404);
}

async fn an_unconfirmed_address_cannot_order(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let key = orders_key(&shop, &cookie).await;
    app::on_db!(&shop.app.state.db, pool => sqlx::query("UPDATE users SET email_verified_at = NULL")
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    let refused = place(&shop, &key, Some("k"), &new_order(&shop, "web-1")).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(orders(&shop).await, 0);
}

on_both_engines!(
    an_order_is_placed_once_per_idempotency_key,
    orders_are_listed_read_and_cancelled,
    an_orders_invoice_is_read_as_data_and_pdf,
    an_order_is_paid_through_the_api,
    an_unconfirmed_address_cannot_order,
);
