//! Who may call what: the authorization matrix over every protected endpoint, on both
//! engines. New capabilities add their rows here.

mod common;

use app::db::Engine;
use common::authz::{ADMIN, OWNER, OWNER_OR_STAFF, Row, SIGNED_IN, STAFF, assert_matrix};
use common::personas::{Persona, Personas, sign_in_with_code};
use common::{create_account, spawn_app};

async fn every_protected_endpoint_checks_who_calls_it(engine: Engine) {
    let app = spawn_app(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    // A user the admin rows act on (so the personas themselves stay as they are).
    let target = create_account(
        &app,
        "target@webrana.test",
        "Tara Target",
        common::personas::PASSWORD,
        app::accounts::Role::Customer,
    )
    .await;
    // Another session of the customer, named as the customer's sessions page names it
    // (signing out one's own current session would sign the persona out for the next rows).
    app.sign_in("customer@webrana.test", common::personas::PASSWORD)
        .await;
    let sessions: serde_json::Value = app
        .post_fn("/api/account/sessions", personas.cookie(Persona::Customer), &[])
        .await
        .json()
        .await
        .unwrap();
    let other_device = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .map(|s| s["handle"].as_str().unwrap().to_string())
        .expect("the customer's second session");

    // A key of the target, for staff to revoke.
    let target_cookie = app
        .sign_in("target@webrana.test", common::personas::PASSWORD)
        .await;
    let made = app
        .post_fn(
            "/api/account/api-keys/create",
            Some(&target_cookie),
            &[("name", "target's"), ("orders", "read")],
        )
        .await;
    assert_eq!(made.status(), 200);
    let target_key = app
        .text("SELECT id FROM api_keys WHERE name = $1", "target's")
        .await;

    let rows = [
        Row::new("who am I", "/api/auth/me", &Persona::ALL),
        Row::new("my sessions", "/api/account/sessions", SIGNED_IN),
        Row::new("my 2FA state", "/api/account/2fa/status", SIGNED_IN),
        Row::new("resend verification", "/api/auth/resend-verification", SIGNED_IN),
        Row::new("my profile", "/api/account/profile", SIGNED_IN),
        // Invalid on purpose (empty name, wrong current password): authorization comes first.
        Row::new("update my profile", "/api/account/profile/update", SIGNED_IN)
            .field("name", "")
            .field("language", "id"),
        Row::new("change my password", "/api/account/password", SIGNED_IN)
            .field("current_password", "wrong")
            .field("password", "x")
            .field("password_confirm", "x"),
        Row::new("change my e-mail", "/api/account/email", SIGNED_IN)
            .field("new_email", "new@example.co.id")
            .field("current_password", "wrong"),
        Row::new("delete my account", "/api/account/delete", SIGNED_IN)
            .field("current_password", "wrong")
            .field("confirm", "x"),
        Row::new("confirm 2FA enrolment", "/api/account/2fa/confirm", SIGNED_IN).field("code", "000000"),
        Row::new("turn 2FA off", "/api/account/2fa/disable", SIGNED_IN)
            .field("password", "wrong")
            .field("code", "000000"),
        // Only the owner can sign out a session of theirs; others get "not found".
        Row::new(
            "sign out one of my sessions",
            "/api/account/sessions/revoke",
            OWNER,
        )
        .field("handle", other_device),
        Row::new("list users", "/api/admin/users", STAFF),
        Row::new("view a user", "/api/admin/users/get", STAFF).field("id", target.id.clone()),
        Row::new("audit log", "/api/admin/audit", STAFF),
        Row::new("the business report", "/api/admin/analytics", STAFF),
        Row::new("what needs staff", "/api/admin/attention", STAFF),
        Row::new("suspend a user", "/api/admin/users/status", ADMIN)
            .field("id", target.id.clone())
            .field("suspend", "false"),
        Row::new("change a role", "/api/admin/users/role", ADMIN)
            .field("id", target.id.clone())
            .field("role", "customer"),
        Row::new("admin: notifications", "/api/admin/notifications", STAFF),
        // Invalid on purpose (no texts): authorization comes first.
        Row::new(
            "admin: preview an announcement",
            "/api/admin/announcements/preview",
            STAFF,
        ),
        Row::new(
            "admin: send an announcement",
            "/api/admin/announcements/send",
            ADMIN,
        ),
        Row::new("my notifications", "/api/notifications/list", SIGNED_IN),
        Row::new("my API keys", "/api/account/api-keys", SIGNED_IN),
        Row::new("create an API key", "/api/account/api-keys/create", SIGNED_IN).field("name", ""),
        Row::new("admin: every API key", "/api/admin/api-keys", STAFF),
        Row::new("admin: revoke an API key", "/api/admin/api-keys/revoke", ADMIN).field("id", target_key),
        Row::new(
            "read all my notifications",
            "/api/notifications/read-all",
            SIGNED_IN,
        ),
        Row::new(
            "my notification settings",
            "/api/notifications/settings",
            SIGNED_IN,
        ),
        Row::new(
            "a notification preference",
            "/api/notifications/preference",
            SIGNED_IN,
        )
        .field("kind", "VPS_ACTIVE")
        .field("channel", "email")
        .field("enabled", "true"),
        Row::new("my quiet hours", "/api/notifications/quiet-hours", SIGNED_IN),
        // No bot configured here: signed-in callers hear "unavailable" (409), others 401.
        Row::new(
            "a Telegram link code",
            "/api/notifications/telegram-code",
            SIGNED_IN,
        ),
        Row::new(
            "unlink my Telegram",
            "/api/notifications/telegram-unlink",
            SIGNED_IN,
        ),
    ];
    assert_matrix(&app, &personas, &rows).await;
}

async fn staff_without_two_factor_are_kept_out_of_the_admin_panel(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = create_account(
        &app,
        "fresh-admin@webrana.test",
        "Fresh Admin",
        common::personas::PASSWORD,
        app::accounts::Role::Admin,
    )
    .await;
    let cookie = app.sign_in(&admin.email, common::personas::PASSWORD).await;
    let response = app.post_fn("/api/admin/users", Some(&cookie), &[]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text().await.unwrap(), "\"TwoFactorRequired\"");
    let browser = |cookie| [("cookie", cookie), ("accept", "text/html")];
    let page = app.get_with("/admin", &browser(&cookie)).await;
    assert!(page.status().is_redirection(), "{}", page.status());
    assert_eq!(page.headers()["location"], "/account/security?required=1");

    common::personas::turn_on_totp(&app, &admin.id, common::personas::STAFF_TOTP_SECRET).await;
    let with_2fa = sign_in_with_code(&app, &admin.email).await;
    assert!(
        app.post_fn("/api/admin/users", Some(&with_2fa), &[])
            .await
            .status()
            .is_success()
    );
    let page = app.get_with("/admin", &browser(&with_2fa)).await;
    assert_eq!(page.status(), 200);
}

/// Ordering, billing, payments and the commerce admin: one customer order (the Customer
/// persona's) that the rows look at, pay and cancel; refused calls change nothing.
async fn every_commerce_endpoint_checks_who_calls_it(engine: Engine) {
    let app = spawn_app(engine).await;
    server::seed::seed_catalog(&app.state.db, app.state.clock.as_ref())
        .await
        .unwrap();
    let personas = Personas::sign_up_all(&app).await;
    let catalog = app::catalog::store::load_orderable(&app.state.db).await.unwrap();
    let plan = catalog
        .plans
        .iter()
        .find(|p| p.size_slug == "lab-1c-1gb")
        .unwrap();
    let region = catalog.regions.iter().find(|r| r.slug == "jkt-lab").unwrap();
    let image = catalog.images.iter().find(|i| i.slug == "ubuntu-24.04").unwrap();
    let owner = personas.cookie(Persona::Customer);
    let order_form = [
        ("plan", plan.id.as_str()),
        ("region", region.id.as_str()),
        ("image", image.id.as_str()),
        ("hostname", "web-01"),
        ("cycle", "1"),
        ("checkout", "matrix"),
    ];
    let order: String = app
        .post_fn("/api/orders/place", owner, &order_form)
        .await
        .json()
        .await
        .unwrap();
    let invoice = app::billing::invoices::for_order(&app.state.db, &order.as_str().into())
        .await
        .unwrap()
        .remove(0);
    let intent: String = app
        .post_fn(
            "/api/payments/start",
            owner,
            &[("invoice", &invoice.id), ("method", "qris")],
        )
        .await
        .json()
        .await
        .unwrap();
    let promo = common::shop::create_promo(
        &app,
        &common::shop::percent_promo("MATRIX", 5, app.state.clock.now()),
    )
    .await;
    let bonus = {
        let mut tx = app.state.db.begin().await.unwrap();
        let terms = app::wallet::bonuses::store::NewBonus {
            name: "Bonus matriks".into(),
            kind: app::promos::PromoKind::Fixed,
            amount: 1_000,
            cap: None,
            min_deposit: app::money::Rupiah::ZERO,
            valid_from: app.state.clock.now(),
            valid_until: None,
        };
        let id = app::wallet::bonuses::store::create(&mut tx, app.state.clock.as_ref(), &terms)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        id
    };

    let rows = [
        Row::new("price quote", "/api/orders/quote", &Persona::ALL).field("plan", plan.id.clone()),
        // Invalid on purpose (no plan): authorization comes first.
        Row::new("place an order", "/api/orders/place", SIGNED_IN).field("checkout", "x"),
        Row::new("my orders", "/api/orders/mine", SIGNED_IN),
        Row::new("view an order", "/api/orders/get", OWNER_OR_STAFF).field("id", order.clone()),
        Row::new("my invoices", "/api/invoices/mine", SIGNED_IN),
        Row::new("view an invoice", "/api/invoices/get", OWNER_OR_STAFF).field("id", invoice.id.clone()),
        Row::new("payment methods", "/api/payments/methods", &Persona::ALL),
        Row::new("pay an invoice", "/api/payments/start", OWNER)
            .field("invoice", invoice.id.clone())
            .field("method", "va_bca"),
        Row::new("my wallet balance", "/api/wallet/balance", SIGNED_IN),
        Row::new("my wallet", "/api/wallet/ledger", SIGNED_IN).field("kind", ""),
        Row::new("my deposits", "/api/wallet/deposits", SIGNED_IN),
        Row::new("renewal auto-pay", "/api/wallet/autopay", SIGNED_IN).field("on", "true"),
        // Invalid on purpose (no amount): nothing is created.
        Row::new("top up", "/api/wallet/deposit", SIGNED_IN).field("amount", "x"),
        Row::new("pay from the wallet", "/api/payments/wallet", OWNER).field("invoice", invoice.id.clone()),
        Row::new("view a payment", "/api/payments/get", OWNER).field("id", intent.clone()),
        Row::new("admin: orders", "/api/admin/orders", STAFF),
        Row::new("admin: catalog", "/api/admin/catalog", STAFF),
        Row::new("admin: promos", "/api/admin/promos", STAFF),
        Row::new(
            "admin: an order's provisioning",
            "/api/admin/orders/provisioning",
            STAFF,
        )
        .field("id", order.clone()),
        // Not failed, so refused with 409 even for an admin: authorization comes first.
        Row::new(
            "admin: retry provisioning",
            "/api/admin/orders/retry-provisioning",
            ADMIN,
        )
        .field("id", order.clone()),
        Row::new("admin: provisioning queue", "/api/admin/provisioning", STAFF),
        Row::new("admin: payments", "/api/admin/payments", STAFF),
        Row::new("admin: payments received", "/api/admin/payments/received", STAFF),
        // No such held event: 409 for an admin.
        Row::new("admin: release a payment", "/api/admin/payments/release", ADMIN).field("id", "none"),
        Row::new("admin: dismiss a payment", "/api/admin/payments/dismiss", ADMIN)
            .field("id", "none")
            .field("reason", "duplicate"),
        // No such payment: 409 for an admin.
        Row::new("admin: credit a payment", "/api/admin/payments/credit", ADMIN)
            .field("id", "none")
            .field("reason", "paid twice"),
        // A debit of an empty balance: 422 for an admin.
        Row::new("admin: adjust a balance", "/api/admin/users/wallet-adjust", ADMIN)
            .field("user", invoice.user_id.to_string())
            .field("amount", "-1")
            .field("reason", "test"),
        // No such dead job: 409 for an admin.
        Row::new("admin: retry a dead job", "/api/admin/jobs/retry", ADMIN).field("id", "none"),
        Row::new("admin: simulated faults", "/api/admin/provisioning/fault", ADMIN)
            .field("kind", "create_fails")
            .field("count", "0"),
        Row::new("admin: switch a provider", "/api/admin/catalog/active", ADMIN)
            .field("kind", "provider")
            .field("id", "simulated")
            .field("active", "true"),
        Row::new("admin: add a region", "/api/admin/catalog/add", ADMIN)
            .field("kind", "region")
            .field("provider", "simulated")
            .field("slug", "")
            .field("label", "")
            .field("detail", ""),
        Row::new("admin: save a plan", "/api/admin/catalog/plan", ADMIN)
            .field("provider", "simulated")
            .field("size_slug", "")
            .field("name", "")
            .field("vcpu", "")
            .field("memory_mb", "")
            .field("disk_gb", "")
            .field("transfer_gb", "")
            .field("monthly_price", "")
            .field("discount_3m", "")
            .field("discount_6m", "")
            .field("discount_12m", ""),
        Row::new(
            "admin: plan availability",
            "/api/admin/catalog/plan-region",
            ADMIN,
        )
        .field("plan", plan.id.clone())
        .field("region", region.id.clone())
        .field("available", "true"),
        Row::new("admin: save a promo", "/api/admin/promos/save", ADMIN)
            .field("code", "")
            .field("kind", "percent")
            .field("amount", "")
            .field("valid_from", ""),
        Row::new("admin: switch a promo", "/api/admin/promos/active", ADMIN)
            .field("id", promo)
            .field("active", "true"),
        // Unpaid, so refused with 422 even for an admin: authorization comes first.
        Row::new("admin: refund an order", "/api/admin/orders/refund", ADMIN)
            .field("id", order.clone())
            .field("reason", "test"),
        Row::new("admin: payment gateways", "/api/admin/payments/gateways", STAFF),
        Row::new(
            "admin: switch a payment method",
            "/api/admin/payments/method",
            ADMIN,
        )
        .field("method", "qris")
        .field("enabled", "true"),
        Row::new("admin: deposit bonuses", "/api/admin/deposit-bonuses", STAFF),
        // Invalid on purpose (no name, no dates): 422 for an admin, nothing is created.
        Row::new(
            "admin: save a deposit bonus",
            "/api/admin/deposit-bonuses/save",
            ADMIN,
        )
        .field("name", "")
        .field("kind", "percent")
        .field("amount", "")
        .field("valid_from", ""),
        Row::new(
            "admin: switch a deposit bonus",
            "/api/admin/deposit-bonuses/active",
            ADMIN,
        )
        .field("id", bonus)
        .field("active", "true"),
        Row::new(
            "admin: mark an invoice paid",
            "/api/admin/invoices/mark-paid",
            ADMIN,
        )
        .field("invoice", invoice.id.clone())
        .field("reference", ""),
        // These two end the payment and the order: last.
        Row::new("simulate paying", "/api/payments/simulate", OWNER)
            .field("id", intent)
            .field("outcome", "failed"),
        Row::new("cancel my order", "/api/orders/cancel", OWNER).field("id", order.clone()),
        Row::new("admin: cancel an order", "/api/admin/orders/cancel", ADMIN).field("id", order),
    ];
    assert_matrix(&app, &personas, &rows).await;
}

/// The control panel: one active service of the Customer persona on the simulated cloud.
async fn every_service_endpoint_checks_who_calls_it(engine: Engine) {
    let shop = common::shop::shop(engine).await;
    let personas = Personas::sign_up_all(&shop.app).await;
    let owner = personas.cookie(Persona::Customer).unwrap();
    let service = shop.active_service(owner, "matrix").await;
    let rows = [
        Row::new("my services", "/api/services/mine", SIGNED_IN),
        Row::new("view a service", "/api/services/get", OWNER).field("id", service.clone()),
        // The wrong account password: refused with 422 for the owner, nothing shown.
        Row::new("reveal a root password", "/api/services/root-password", OWNER)
            .field("id", service.clone())
            .field("current_password", "wrong"),
        // Refused for the owner too (it is running): authorization comes first.
        Row::new("act on a service", "/api/services/action", OWNER)
            .field("id", service.clone())
            .field("action", "power_on"),
        // Without the typed host name: refused with 422 for the owner, nothing deleted.
        Row::new("delete a service", "/api/services/action", OWNER)
            .field("id", service.clone())
            .field("action", "delete"),
        Row::new("renew a service now", "/api/services/renew", OWNER).field("id", service.clone()),
        Row::new("usage charts", "/api/services/metrics", OWNER).field("id", service.clone()),
        Row::new("open the console", "/api/services/console", OWNER).field("id", service.clone()),
        Row::new("admin: services", "/api/admin/services", STAFF),
        Row::new("admin: a service", "/api/admin/services/get", STAFF).field("id", service.clone()),
        Row::new(
            "admin: a service at its provider",
            "/api/admin/services/provider-state",
            STAFF,
        )
        .field("id", service.clone()),
        Row::new("admin: sync a service", "/api/admin/services/sync", ADMIN).field("id", service.clone()),
        // Without a reason: refused with 422 for an admin, nothing suspended.
        Row::new("admin: suspend a service", "/api/admin/services/standing", ADMIN)
            .field("id", service)
            .field("step", "suspend")
            .field("reason", ""),
    ];
    assert_matrix(&shop.app, &personas, &rows).await;
}

on_both_engines!(
    every_protected_endpoint_checks_who_calls_it,
    every_commerce_endpoint_checks_who_calls_it,
    every_service_endpoint_checks_who_calls_it,
    staff_without_two_factor_are_kept_out_of_the_admin_panel,
);
