//! The commerce admin: recording bank transfers, cancelling, the order list, catalog and
//! promo changes (all audited), and the invoice PDF; on both engines.

mod common;

use app::db::Engine;
use app::on_db;
use common::personas::{Persona, Personas};
use common::shop::{Shop, shop};

struct Admin {
    shop: Shop,
    admin: String,
    support: String,
}

async fn admin_shop(engine: Engine) -> Admin {
    let shop = shop(engine).await;
    let personas = Personas::sign_up_all(&shop.app).await;
    Admin {
        admin: personas.cookie(Persona::Admin).unwrap().to_string(),
        support: personas.cookie(Persona::Support).unwrap().to_string(),
        shop,
    }
}

impl Admin {
    async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.shop.app.post_fn(path, Some(&self.admin), form).await
    }

    async fn audit_count(&self, action: &str) -> i64 {
        on_db!(&self.shop.app.state.db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
        ).bind(action).fetch_one(pool).await.unwrap())
    }
}

async fn an_admin_records_a_bank_transfer_once(engine: Engine) {
    let admin = &admin_shop(engine).await;
    let shop = &admin.shop;
    let customer = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&customer, "k-1").await;
    let invoice = shop.invoice_of(&order).await;

    let missing = admin
        .post(
            "/api/admin/invoices/mark-paid",
            &[("invoice", &invoice.id), ("reference", " ")],
        )
        .await;
    assert_eq!(missing.status(), 422);
    let support = shop
        .app
        .post_fn(
            "/api/admin/invoices/mark-paid",
            Some(&admin.support),
            &[("invoice", &invoice.id), ("reference", "BCA-1")],
        )
        .await;
    assert_eq!(support.status(), 403, "support staff may look, not record money");

    let form = [
        ("invoice", invoice.id.as_str()),
        ("reference", "BCA-7781"),
        ("note", "transfer 23/11"),
    ];
    let paid = admin.post("/api/admin/invoices/mark-paid", &form).await;
    assert!(paid.status().is_success(), "{}", paid.status());
    assert_eq!(shop.statuses(&order).await, ("PAID".into(), "paid".into()));
    assert_eq!(
        shop.text(
            "SELECT gateway || ':' || gateway_reference || ':' || status FROM payments WHERE invoice_id = $1",
            &invoice.id
        )
        .await,
        "manual:BCA-7781:applied"
    );
    let timeline = shop
        .text(
            "SELECT note FROM order_events WHERE order_id = $1 AND to_status = 'PAID'",
            &order,
        )
        .await;
    assert!(
        timeline.contains("BCA-7781") && timeline.contains("transfer 23/11"),
        "{timeline}"
    );
    assert_eq!(admin.audit_count("admin.invoice_marked_paid").await, 1);

    // Again, or the same reference on another invoice: refused, nothing recorded twice.
    assert_eq!(
        admin.post("/api/admin/invoices/mark-paid", &form).await.status(),
        422
    );
    let second = shop.order_id(&customer, "k-2").await;
    let other_invoice = shop.invoice_of(&second).await;
    let reused = admin
        .post(
            "/api/admin/invoices/mark-paid",
            &[("invoice", &other_invoice.id), ("reference", "BCA-7781")],
        )
        .await;
    assert_eq!(reused.status(), 422);
    assert_eq!(
        reused.text().await.unwrap(),
        r#"{"Validation":{"reference":"ReferenceUsed"}}"#
    );
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM payments WHERE gateway = $1", "manual")
            .await,
        1
    );
    assert_eq!(admin.audit_count("admin.invoice_marked_paid").await, 1);
}

async fn an_admin_cancels_an_unpaid_order_with_a_reason(engine: Engine) {
    let admin = &admin_shop(engine).await;
    let shop = &admin.shop;
    let customer = shop.customer("rina@webrana.test").await;
    let order = shop.order_id(&customer, "k-1").await;
    let invoice = shop.invoice_of(&order).await;
    let cancelled = admin
        .post(
            "/api/admin/orders/cancel",
            &[("id", &order), ("reason", "duplicate order")],
        )
        .await;
    assert!(cancelled.status().is_success(), "{}", cancelled.status());
    assert_eq!(shop.statuses(&order).await, ("CANCELLED".into(), "void".into()));
    assert_eq!(
        shop.text(
            "SELECT note FROM order_events WHERE order_id = $1 AND to_status = 'CANCELLED'",
            &order
        )
        .await,
        "duplicate order"
    );
    assert_eq!(admin.audit_count("admin.order_cancelled").await, 1);
    // A cancelled order cannot be cancelled or paid again.
    assert_eq!(
        admin
            .post("/api/admin/orders/cancel", &[("id", &order)])
            .await
            .status(),
        422
    );
    let paid = admin
        .post(
            "/api/admin/invoices/mark-paid",
            &[("invoice", &invoice.id), ("reference", "BCA-1")],
        )
        .await;
    assert_eq!(paid.status(), 422);
    assert_eq!(admin.audit_count("admin.order_cancelled").await, 1);
}

async fn the_order_list_filters_and_searches(engine: Engine) {
    let admin = &admin_shop(engine).await;
    let shop = &admin.shop;
    let rina = shop.customer("rina@webrana.test").await;
    let oki = shop.customer("oki@webrana.test").await;
    let first = shop.order_id(&rina, "k-1").await;
    let second = shop.order_id(&oki, "k-2").await;
    let invoice = shop.invoice_of(&second).await;
    admin.post("/api/admin/orders/cancel", &[("id", &first)]).await;
    let list = |form: Vec<(&'static str, String)>| async move {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = admin.post("/api/admin/orders", &form).await;
        assert!(response.status().is_success(), "{}", response.status());
        let orders: Vec<serde_json::Value> = response.json().await.unwrap();
        orders
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(list(vec![]).await, vec![second.clone(), first.clone()]);
    assert_eq!(
        list(vec![("status", "CANCELLED".into())]).await,
        vec![first.clone()]
    );
    assert_eq!(list(vec![("q", "OKI@".into())]).await, vec![second.clone()]);
    assert_eq!(
        list(vec![("q", invoice.number.clone())]).await,
        vec![second.clone()]
    );
    assert_eq!(
        list(vec![("provider", "digitalocean".into())]).await,
        Vec::<String>::new()
    );
    let today = app::clock::wib_date(&shop.app.state.clock.now());
    assert_eq!(
        list(vec![("from", today.clone()), ("until", today)]).await.len(),
        2
    );
    assert_eq!(
        list(vec![("from", "2099-01-01".into())]).await,
        Vec::<String>::new()
    );
    let bad = admin.post("/api/admin/orders", &[("from", "23/11/2026")]).await;
    assert_eq!(bad.status(), 422);
}

async fn catalog_changes_apply_to_new_orders_only(engine: Engine) {
    let admin = &admin_shop(engine).await;
    let shop = &admin.shop;
    let customer = shop.customer("rina@webrana.test").await;
    let before = shop.order_id(&customer, "k-1").await;
    let plan_form = |price: &'static str| {
        vec![
            ("id", shop.plan.as_str()),
            ("provider", "simulated"),
            ("size_slug", "lab-1c-1gb"),
            ("name", "Lab 1 GB"),
            ("vcpu", "1"),
            ("memory_mb", "1024"),
            ("disk_gb", "25"),
            ("transfer_gb", "1000"),
            ("monthly_price", price),
            ("discount_3m", "5"),
            ("discount_6m", "10"),
            ("discount_12m", "15"),
            ("active", "true"),
        ]
    };
    // The storefront's summary (served from the instance's catalog cache) follows the
    // admin's change at once.
    let monthly_quoted = || async {
        let form = [
            ("plan", shop.plan.as_str()),
            ("region", shop.region.as_str()),
            ("image", shop.image.as_str()),
            ("cycle", "1"),
        ];
        let response = shop.app.post_fn("/api/orders/quote", None, &form).await;
        // Visitors get prices too (a 401 here once came with a valid body).
        assert_eq!(response.status(), 200);
        let quote: serde_json::Value = response.json().await.unwrap();
        quote["monthly_price"].as_i64().unwrap()
    };
    assert_eq!(monthly_quoted().await, 49_000);
    let saved = admin.post("/api/admin/catalog/plan", &plan_form("59.000")).await;
    assert!(saved.status().is_success(), "{}", saved.status());
    assert_eq!(
        admin
            .post("/api/admin/catalog/plan", &plan_form("lots"))
            .await
            .status(),
        422
    );
    assert_eq!(admin.audit_count("admin.plan_updated").await, 1);
    assert_eq!(monthly_quoted().await, 59_000);
    let after = shop.order_id(&customer, "k-2").await;
    let monthly = |order: String| async move {
        shop.scalar("SELECT monthly_price FROM orders WHERE id = $1", &order)
            .await
    };
    assert_eq!(monthly(before).await, 49_000);
    assert_eq!(monthly(after).await, 59_000);

    // A new plan of the same provider with the same size code is refused.
    let mut duplicate = plan_form("10000");
    duplicate[0].1 = "";
    assert_eq!(
        admin.post("/api/admin/catalog/plan", &duplicate).await.status(),
        422
    );

    // Not offered in the region any more: new orders there are refused.
    let off = [
        ("plan", shop.plan.as_str()),
        ("region", shop.region.as_str()),
        ("available", "false"),
    ];
    assert!(
        admin
            .post("/api/admin/catalog/plan-region", &off)
            .await
            .status()
            .is_success()
    );
    assert_eq!(shop.checkout(&customer, "k-3", "1", "").await.status(), 422);
    // The whole provider switched off: gone from what customers can order.
    let provider = [("kind", "provider"), ("id", "simulated"), ("active", "false")];
    assert!(
        admin
            .post("/api/admin/catalog/active", &provider)
            .await
            .status()
            .is_success()
    );
    let orderable: app::catalog::Catalog = shop
        .app
        .post_fn("/api/catalog/orderable", None, &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(orderable.providers.iter().all(|p| p.slug != "simulated"));
    assert_eq!(admin.audit_count("admin.catalog_updated").await, 2);
}

async fn promos_are_managed_with_their_usage(engine: Engine) {
    let admin = &admin_shop(engine).await;
    let shop = &admin.shop;
    let today = app::clock::wib_date(&shop.app.state.clock.now());
    let form = |code: &'static str| {
        vec![
            ("code", code.to_string()),
            ("description", "Promo akhir tahun".to_string()),
            ("kind", "fixed".to_string()),
            ("amount", "10.000".to_string()),
            ("valid_from", today.clone()),
            ("max_uses", "2".to_string()),
            ("cycles", "1, 12".to_string()),
        ]
    };
    let post = |form: Vec<(&'static str, String)>| async move {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        admin.post("/api/admin/promos/save", &form).await
    };
    assert!(post(form("akhir-tahun")).await.status().is_success());
    assert_eq!(
        post(form("AKHIR-TAHUN")).await.status(),
        422,
        "codes are unique, whatever the case"
    );
    assert_eq!(post(form("a b")).await.status(), 422);
    let mut bad_cycle = form("LAIN");
    bad_cycle[6].1 = "2".into();
    assert_eq!(post(bad_cycle).await.status(), 422);

    let customer = shop.customer("rina@webrana.test").await;
    let response = shop.checkout(&customer, "k-1", "1", "akhir-tahun").await;
    let order: String = response.json().await.unwrap();
    let invoice = shop.invoice_of(&order).await;
    admin
        .post(
            "/api/admin/invoices/mark-paid",
            &[("invoice", &invoice.id), ("reference", "BCA-9")],
        )
        .await;
    let promos: Vec<serde_json::Value> = admin.post("/api/admin/promos", &[]).await.json().await.unwrap();
    let listed = &promos[0];
    assert_eq!(listed["promo"]["code"], "AKHIR-TAHUN");
    assert_eq!(listed["promo"]["uses"], 1);
    assert_eq!(listed["paid_orders"], 1);
    assert_eq!(listed["customers"], 1);
    assert_eq!(listed["discount_given"], 10_000);
    assert_eq!(listed["valid_from_date"], today.as_str());

    let id = listed["promo"]["id"].as_str().unwrap().to_string();
    let mut edit = form("AKHIR-TAHUN");
    edit.push(("id", id.clone()));
    edit[5].1 = "5".into();
    assert!(post(edit).await.status().is_success());
    let promos: Vec<serde_json::Value> = admin.post("/api/admin/promos", &[]).await.json().await.unwrap();
    assert_eq!(
        (
            promos[0]["promo"]["max_uses"].clone(),
            promos[0]["promo"]["uses"].clone()
        ),
        (5.into(), 1.into())
    );
    let off = admin
        .post("/api/admin/promos/active", &[("id", &id), ("active", "false")])
        .await;
    assert!(off.status().is_success());
    let refused = shop.checkout(&customer, "k-2", "1", "AKHIR-TAHUN").await;
    assert_eq!(
        refused.text().await.unwrap(),
        r#"{"Validation":{"promo":"PromoUnknown"}}"#
    );
    assert_eq!(admin.audit_count("admin.promo_created").await, 1);
    assert_eq!(admin.audit_count("admin.promo_updated").await, 2);
}

async fn the_invoice_pdf_goes_to_its_owner_and_staff_only(engine: Engine) {
    let admin = &admin_shop(engine).await;
    let shop = &admin.shop;
    let owner = shop.customer("rina@webrana.test").await;
    let other = shop.customer("oki@webrana.test").await;
    let order = shop.order_id(&owner, "k-1").await;
    let invoice = shop.invoice_of(&order).await;
    let path = format!("/invoices/{}/pdf", invoice.id);
    let pdf = shop.app.get_with(&path, &[("cookie", &owner)]).await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let disposition = pdf.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.contains(&invoice.number.replace('/', "-")),
        "{disposition}"
    );
    let body = pdf.bytes().await.unwrap();
    assert!(body.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains(&format!("({})", invoice.number)));
    assert!(text.contains("(Rp 54.390)"), "the total: 49.000 + 11 % PPN");

    assert_eq!(
        shop.app
            .get_with(&path, &[("cookie", &admin.support)])
            .await
            .status(),
        200
    );
    assert_eq!(
        shop.app.get_with(&path, &[("cookie", &other)]).await.status(),
        404
    );
    let anonymous = shop.app.get(&path).await;
    assert!(anonymous.status().is_redirection(), "{}", anonymous.status());
    let location = anonymous.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("/login?next=%2Finvoices%2F"), "{location}");
}

on_both_engines!(
    an_admin_records_a_bank_transfer_once,
    an_admin_cancels_an_unpaid_order_with_a_reason,
    the_order_list_filters_and_searches,
    catalog_changes_apply_to_new_orders_only,
    promos_are_managed_with_their_usage,
    the_invoice_pdf_goes_to_its_owner_and_staff_only,
);
