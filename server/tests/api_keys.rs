//! API keys: the REST authorization matrix (every operation of the OpenAPI document × keys of
//! each scope, another customer's key, expired and revoked keys, a staff session and no
//! credentials), and a key's life: made with scopes and expiry, used, listed and revoked by
//! staff, every step audited.

mod common;

use app::db::Engine;
use common::personas::{Persona, Personas};
use common::shop::{Choice, record_service};
use common::{TestApp, spawn_app_with_catalog, spawn_app_with_env};
use reqwest::Method;
use serde_json::Value;

const FULL: &[(&str, &str)] = &[
    ("catalog", "read"),
    ("orders", "write"),
    ("billing", "write"),
    ("services", "write"),
    ("notifications", "write"),
];

async fn create_key(app: &TestApp, cookie: &str, name: &str, access: &[(&str, &str)]) -> reqwest::Response {
    let mut form = vec![("name", name)];
    form.extend_from_slice(access);
    app.post_fn("/api/account/api-keys/create", Some(cookie), &form)
        .await
}

async fn key(app: &TestApp, cookie: &str, name: &str, access: &[(&str, &str)]) -> String {
    let response = create_key(app, cookie, name, access).await;
    assert_eq!(response.status(), 200, "{name}");
    response.json().await.unwrap()
}

/// The keys of the signed-in user, as their page lists them.
async fn my_keys(app: &TestApp, cookie: &str) -> Value {
    app.post_fn("/api/account/api-keys", Some(cookie), &[])
        .await
        .json()
        .await
        .unwrap()
}

/// Access for every area but `area`, and read only on `area` when `write` was needed: a key
/// that has a lot, just not this.
fn all_but(area: &str, needed: &str) -> Vec<(&'static str, &'static str)> {
    FULL.iter()
        .filter_map(|&(name, access)| {
            if name != area {
                Some((name, access))
            } else if needed == "write" {
                Some((name, "read"))
            } else {
                None
            }
        })
        .collect()
}

/// A new notification of `user` (operations on one notification get a fresh one each).
async fn notification(app: &TestApp, user: &str) -> String {
    use app::notifications::templates::{Bilingual, Notice};
    let notice = Notice::Announcement {
        announcement_id: uuid::Uuid::new_v4().to_string(),
        title: Bilingual::new("Uji", "Test"),
        message: Bilingual::new("Pesan", "Message"),
        link: None,
    };
    app::notifications::service::notify(&app.state.db, app.state.clock.as_ref(), &user.into(), &notice)
        .await
        .unwrap()
        .unwrap()
}

struct Operation {
    method: Method,
    template: String,
    /// The scope its `api_key` security names (`None`: public, no credentials needed).
    scope: Option<String>,
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut operations = Vec::new();
    for (template, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let security = operation["security"].as_array();
            let scope = security.map(|requirements| {
                requirements
                    .iter()
                    .find_map(|requirement| requirement.get("api_key"))
                    .and_then(|scopes| scopes.as_array()?.first()?.as_str().map(str::to_string))
                    .unwrap_or_default()
            });
            operations.push(Operation {
                method: method.to_uppercase().parse().unwrap(),
                template: template.clone(),
                scope,
            });
        }
    }
    operations
}

/// A request of one operation: the path with its parameters filled, and a body when the
/// operation takes one.
struct Call {
    path: String,
    /// The path names the customer's own resource, so another caller must not reach it.
    owned: bool,
    body: Option<Value>,
    /// What the path names lacks the thing asked for (the simulated cloud has no console):
    /// a caller let in is told so with 422, after the checks this matrix is about.
    unavailable: bool,
}

/// The call for `template`, with fresh resources of the customer. A new route with a
/// parameter or a body adds its fixture here.
async fn fixture(app: &TestApp, personas: &Personas, template: &str, draft: &Choice) -> Call {
    let call = |path: String, owned: bool| Call {
        path,
        owned,
        body: None,
        unavailable: false,
    };
    if template.starts_with("/api/v1/notifications/{id}") {
        let id = notification(app, &personas.customer_id).await;
        call(template.replace("{id}", &id), true)
    } else if template == "/api/v1/catalog/plans/{id}" {
        call(template.replace("{id}", &draft.plan), false)
    } else if template.starts_with("/api/v1/orders/{id}") {
        let id = pending_order(app, personas, draft).await;
        call(template.replace("{id}", &id), true)
    } else if template.starts_with("/api/v1/invoices/{id}") {
        let order = pending_order(app, personas, draft).await;
        let invoice = app
            .text("SELECT id FROM invoices WHERE order_id = $1", &order)
            .await;
        call(template.replace("{id}", &invoice), true)
    } else if template.starts_with("/api/v1/payments/{id}") {
        let order = pending_order(app, personas, draft).await;
        let payment = payment(app, personas, &order).await;
        Call {
            body: template
                .ends_with("/simulate")
                .then(|| serde_json::json!({"outcome": "success"})),
            ..call(template.replace("{id}", &payment), true)
        }
    } else if template.starts_with("/api/v1/services/{id}") {
        let order = pending_order(app, personas, draft).await;
        let service = record_service(app, &personas.customer_id, &order, draft).await;
        let body = if template.ends_with("/actions") {
            Some(serde_json::json!({"action": "reboot"}))
        } else if template.ends_with("/resize") {
            Some(serde_json::json!({"plan_id": bigger_plan(app, draft).await}))
        } else {
            None
        };
        Call {
            body,
            unavailable: template.ends_with("/console"),
            ..call(template.replace("{id}", &service), true)
        }
    } else if template == "/api/v1/wallet/payments" {
        let order = pending_order(app, personas, draft).await;
        let invoice = app
            .text("SELECT id FROM invoices WHERE order_id = $1", &order)
            .await;
        top_up(app, personas, &invoice).await;
        Call {
            body: Some(serde_json::json!({"invoice_id": invoice})),
            ..call(template.to_string(), true)
        }
    } else if template == "/api/v1/payments" {
        let order = pending_order(app, personas, draft).await;
        let invoice = app
            .text("SELECT id FROM invoices WHERE order_id = $1", &order)
            .await;
        Call {
            body: Some(serde_json::json!({"invoice_id": invoice, "method": "qris"})),
            ..call(template.to_string(), true)
        }
    } else if template == "/api/v1/orders/quote" {
        let query = format!(
            "?plan_id={}&region_id={}&image_id={}&cycle_months=1",
            draft.plan, draft.region, draft.image
        );
        call(format!("{template}{query}"), false)
    } else if template == "/api/v1/orders" {
        Call {
            body: Some(
                serde_json::json!({"plan_id": draft.plan, "region_id": draft.region,
                "image_id": draft.image, "hostname": "web-1", "cycle_months": 1}),
            ),
            ..call(template.to_string(), false)
        }
    } else {
        assert!(!template.contains('{'), "no fixture for {template}");
        call(template.to_string(), false)
    }
}

/// A plan a server on `draft` may move to.
async fn bigger_plan(app: &TestApp, draft: &Choice) -> String {
    use app::services::upgrade::pricing::{Size, bigger_plans};
    let catalog = app::catalog::store::load_orderable(&app.state.db).await.unwrap();
    let current = catalog.plan(&draft.plan).unwrap();
    bigger_plans(&catalog, &draft.provider, Size::of(current), &draft.region)[0]
        .id
        .clone()
}

/// Credits the customer's wallet with what the invoice asks (a staff adjustment).
async fn top_up(app: &TestApp, personas: &Personas, invoice: &str) {
    use app::wallet::store::{Movement, credit_in};
    let total: i64 =
        app::on_db!(&app.state.db, pool => sqlx::query_scalar("SELECT total FROM invoices WHERE id = $1")
        .bind(invoice)
        .fetch_one(pool)
        .await)
        .unwrap();
    let user = app::ids::UserId::from(personas.customer_id.clone());
    let movement = Movement {
        user_id: &user,
        kind: app::wallet::LedgerKind::Adjustment,
        amount: app::money::Rupiah(total),
        reference: Some(invoice),
        actor: "test",
        note: "top-up for the matrix",
    };
    let mut tx = app.state.db.begin().await.unwrap();
    credit_in(&mut tx, app.state.clock.as_ref(), &movement)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A payment attempt of the order's invoice, started as the pay page starts it.
async fn payment(app: &TestApp, personas: &Personas, order: &str) -> String {
    let cookie = personas.cookie(Persona::Customer).unwrap();
    let invoice = app
        .text("SELECT id FROM invoices WHERE order_id = $1", order)
        .await;
    let form = [("invoice", invoice.as_str()), ("method", "qris")];
    let started = app.post_fn("/api/payments/start", Some(cookie), &form).await;
    assert_eq!(started.status(), 200);
    started.json().await.unwrap()
}

/// A new unpaid order of the customer, placed as the order wizard places it.
async fn pending_order(app: &TestApp, personas: &Personas, draft: &Choice) -> String {
    let cookie = personas.cookie(Persona::Customer).unwrap();
    let key = uuid::Uuid::new_v4().to_string();
    let form = [
        ("plan", draft.plan.as_str()),
        ("region", draft.region.as_str()),
        ("image", draft.image.as_str()),
        ("hostname", "web-1"),
        ("cycle", "1"),
        ("checkout", key.as_str()),
    ];
    let placed = app.post_fn("/api/orders/place", Some(cookie), &form).await;
    assert_eq!(placed.status(), 200);
    placed.json().await.unwrap()
}

async fn call(app: &TestApp, method: &Method, call: &Call, auth: &Auth) -> u16 {
    let mut request = app.client.request(method.clone(), app.url(&call.path));
    if let Some(body) = &call.body {
        let key = uuid::Uuid::new_v4().to_string();
        request = request.json(body).header("idempotency-key", key);
    }
    request = match auth {
        Auth::None => request,
        Auth::Key(key) => request.header("authorization", format!("Bearer {key}")),
        Auth::Cookie(cookie) => request.header("cookie", cookie.as_str()),
    };
    request.send().await.unwrap().status().as_u16()
}

/// Whether `status` answers a caller the call lets in.
fn let_in(call: &Call, status: u16) -> bool {
    if call.unavailable {
        status == 422
    } else {
        status < 400
    }
}

enum Auth {
    None,
    Key(String),
    Cookie(String),
}

async fn every_operation_checks_the_key_and_its_scopes(engine: Engine) {
    // Operations on orders each order afresh: more than one customer may in a minute.
    let app = spawn_app_with_env(engine, common::shop::unlimited_purchases()).await;
    server::seed::seed_catalog(&app.state.db, app.state.clock.as_ref())
        .await
        .unwrap();
    let personas = Personas::sign_up_all(&app).await;
    let customer = personas.cookie(Persona::Customer).unwrap().to_string();
    let other = personas.cookie(Persona::OtherCustomer).unwrap().to_string();
    let admin = personas.cookie(Persona::Admin).unwrap().to_string();
    let other_key = key(&app, &other, "other", FULL).await;
    let expired = key(&app, &customer, "expired", FULL).await;
    app::on_db!(&app.state.db, pool => sqlx::query("UPDATE api_keys SET expires_at = $1 WHERE name = 'expired'")
        .bind(app.state.clock.now() - chrono::Duration::minutes(1))
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    let revoked = key(&app, &customer, "revoked", FULL).await;
    let revoked_id: String = app
        .text("SELECT id FROM api_keys WHERE name = $1", "revoked")
        .await;
    assert_eq!(
        app.post_fn(
            "/api/account/api-keys/revoke",
            Some(&customer),
            &[("id", &revoked_id)]
        )
        .await
        .status(),
        200
    );
    let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let draft = Choice::first(&app).await;

    let mut wrong = Vec::new();
    let mut check = |what: String, status: u16, ok: bool| {
        if !ok {
            wrong.push(format!("{what}: {status}"));
        }
    };
    for operation in operations(&document) {
        let name = format!("{} {}", operation.method, operation.template);
        let Some(scope) = &operation.scope else {
            // Public: anyone, and a bad key is not even looked at.
            for auth in [Auth::None, Auth::Key(expired.clone())] {
                let fixture = fixture(&app, &personas, &operation.template, &draft).await;
                let status = call(&app, &operation.method, &fixture, &auth).await;
                check(format!("{name} public"), status, status == 200);
            }
            continue;
        };
        let first = fixture(&app, &personas, &operation.template, &draft).await;
        let status = call(&app, &operation.method, &first, &Auth::None).await;
        check(format!("{name} without credentials"), status, status == 401);
        for (label, dead) in [("expired", &expired), ("revoked", &revoked)] {
            let status = call(&app, &operation.method, &first, &Auth::Key(dead.clone())).await;
            check(format!("{name} with an {label} key"), status, status == 401);
        }

        if scope.is_empty() {
            // Any live key (GET /me): even one with the least access.
            let least = key(&app, &customer, "least", &[("catalog", "read")]).await;
            let status = call(&app, &operation.method, &first, &Auth::Key(least)).await;
            check(format!("{name} with any key"), status, status == 200);
        } else {
            let (area, access) = scope.split_once(':').unwrap();
            let exact = key(&app, &customer, "exact", &[(area, access)]).await;
            let fresh = fixture(&app, &personas, &operation.template, &draft).await;
            let status = call(&app, &operation.method, &fresh, &Auth::Key(exact)).await;
            check(
                format!("{name} with exactly {scope}"),
                status,
                let_in(&fresh, status),
            );
            let short = key(&app, &customer, "short", &all_but(area, access)).await;
            let fresh = fixture(&app, &personas, &operation.template, &draft).await;
            let status = call(&app, &operation.method, &fresh, &Auth::Key(short)).await;
            check(
                format!("{name} with everything but {scope}"),
                status,
                status == 403,
            );
        }
        // Another customer and staff act as themselves: someone else's resource does not exist.
        for (label, auth) in [
            ("another customer's key", Auth::Key(other_key.clone())),
            ("a staff session", Auth::Cookie(admin.clone())),
        ] {
            let fresh = fixture(&app, &personas, &operation.template, &draft).await;
            let status = call(&app, &operation.method, &fresh, &auth).await;
            let ok = if fresh.owned {
                status == 404
            } else {
                let_in(&fresh, status)
            };
            check(format!("{name} with {label}"), status, ok);
        }
        let fresh = fixture(&app, &personas, &operation.template, &draft).await;
        let status = call(&app, &operation.method, &fresh, &Auth::Cookie(customer.clone())).await;
        check(
            format!("{name} with the owner's session"),
            status,
            let_in(&fresh, status),
        );
        // Keys were made per operation; keep under the per-user limit.
        app::on_db!(&app.state.db, pool => sqlx::query("DELETE FROM api_keys WHERE name IN ('least', 'exact', 'short')")
            .execute(pool)
            .await
            .map(|_| ()))
        .unwrap();
    }
    assert!(
        wrong.is_empty(),
        "REST authorization matrix violated:\n{}",
        wrong.join("\n")
    );

    // A key never reaches staff endpoints, whatever its scopes: the admin's own key is refused.
    let admin_key = key(&app, &admin, "admin's", FULL).await;
    let staff_list = app
        .client
        .post(app.url("/api/admin/api-keys"))
        .header("authorization", format!("Bearer {admin_key}"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(staff_list.status(), 401);
    app.stop().await.unwrap();
}

async fn a_keys_life_is_scoped_audited_and_ends_with_staff(engine: Engine) {
    let app = spawn_app_with_catalog(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    let customer = personas.cookie(Persona::Customer).unwrap().to_string();

    // What cannot be made, and why.
    for (form, field) in [
        (vec![], "scopes"),
        (vec![("orders", "admin")], "orders"),
        (vec![("catalog", "write")], "catalog"),
        (vec![("orders", "read"), ("expires_days", "7")], "expires_days"),
    ] {
        let refused = create_key(&app, &customer, "ci", &form).await;
        assert_eq!(refused.status(), 422, "{form:?}");
        let body: Value = refused.json().await.unwrap();
        assert!(body["Validation"][field].is_string(), "{form:?}: {body}");
    }

    let made = key(
        &app,
        &customer,
        "ci",
        &[("notifications", "read"), ("expires_days", "30")],
    )
    .await;
    let listed = my_keys(&app, &customer).await;
    let listed = &listed[0];
    assert_eq!(listed["scopes"], serde_json::json!(["notifications:read"]));
    assert!(listed["expires_at"].is_string());
    assert!(listed["last_used_at"].is_null());
    let audited = app
        .scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "account.api_key_created",
        )
        .await;
    assert_eq!(audited, 1);

    // Used: when and from where are recorded; `me` names the key's scopes.
    let me: Value = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", format!("Bearer {made}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "customer@webrana.test");
    assert_eq!(me["scopes"], serde_json::json!(["notifications:read"]));
    let listed = my_keys(&app, &customer).await;
    assert!(listed[0]["last_used_at"].is_string());
    assert_eq!(listed[0]["last_used_ip"], "127.0.0.1");

    // Staff find it by the leaked key itself or its prefix; support may look, not revoke.
    let support = personas.cookie(Persona::Support).unwrap();
    let admin = personas.cookie(Persona::Admin).unwrap();
    for search in [made.as_str(), &made[..8], "customer@"] {
        let found: Value = app
            .post_fn("/api/admin/api-keys", Some(support), &[("q", search)])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(found.as_array().unwrap().len(), 1, "{search}");
        assert_eq!(found[0]["owner_email"], "customer@webrana.test");
    }
    let id = listed[0]["id"].as_str().unwrap();
    let refused = app
        .post_fn("/api/admin/api-keys/revoke", Some(support), &[("id", id)])
        .await;
    assert_eq!(refused.status(), 403);
    let revoked = app
        .post_fn("/api/admin/api-keys/revoke", Some(admin), &[("id", id)])
        .await;
    assert_eq!(revoked.status(), 200);
    let again = app
        .post_fn("/api/admin/api-keys/revoke", Some(admin), &[("id", id)])
        .await;
    assert_eq!(again.status(), 404, "revoked once");
    let by_admin = app
        .text(
            "SELECT actor_label FROM audit_log WHERE action = $1",
            "account.api_key_revoked",
        )
        .await;
    assert_eq!(by_admin, "admin@webrana.test");
    let refused = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", format!("Bearer {made}"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    app.stop().await.unwrap();
}

on_both_engines!(
    every_operation_checks_the_key_and_its_scopes,
    a_keys_life_is_scoped_audited_and_ends_with_staff,
);
