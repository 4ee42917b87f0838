//! A shop for ordering tests: the demo catalog, a plan/region/image of the simulated
//! provider (Rp 49.000 per month), and helpers to sign customers up and check out.
#![allow(dead_code)]

use super::{TestApp, TestAppOptions, TestDatabase, create_account, spawn_app_on};
use app::accounts::Role;
use app::db::Engine;
use app::on_db;
use app::payments::simulated::{SIGNATURE_HEADER, WebhookEvent, sign};
use std::sync::Arc;

pub const PASSWORD: &str = "gunung-rinjani-pagi-berkabut-41";

pub struct Shop {
    pub app: TestApp,
    pub clock: app::clock::ManualClock,
    pub plan: String,
    pub region: String,
    pub image: String,
}

pub async fn shop(engine: Engine) -> Shop {
    shop_with(engine, Vec::new()).await
}

/// Settings that lift one customer's order and payment tiers, for tests that stand for many
/// customers' load through one account (the tiers themselves: tests/rate_limits.rs).
pub fn unlimited_purchases() -> Vec<(&'static str, String)> {
    vec![
        ("WEBRANA_RATE_CHECKOUT_PER_MIN", "100000".into()),
        ("WEBRANA_RATE_PAYMENT_PER_MIN", "100000".into()),
    ]
}

/// A shop whose app has further configuration (e.g. a provider's API address).
pub async fn shop_with(engine: Engine, env: Vec<(&'static str, String)>) -> Shop {
    let clock = app::clock::ManualClock::new(chrono::Utc::now());
    let options = TestAppOptions {
        clock: Some(Arc::new(clock.clone())),
        env,
        ..TestAppOptions::default()
    };
    let app = spawn_app_on(Arc::new(TestDatabase::create(engine).await), options).await;
    server::seed::seed_catalog(&app.state.db, app.state.clock.as_ref())
        .await
        .unwrap();
    let mut shop = Shop {
        app,
        clock,
        plan: String::new(),
        region: String::new(),
        image: String::new(),
    };
    shop.choose("lab-1c-1gb", "jkt-lab", "ubuntu-24.04").await;
    shop
}

impl Shop {
    /// Orders from now on are for this plan, region and image (the provider's ids).
    pub async fn choose(&mut self, size: &str, region: &str, image: &str) {
        let catalog = app::catalog::store::load_orderable(&self.app.state.db)
            .await
            .unwrap();
        let plan = catalog.plans.iter().find(|p| p.size_slug == size).expect("plan");
        self.plan = plan.id.clone();
        self.region = catalog
            .regions
            .iter()
            .find(|r| r.slug == region && r.provider_slug == plan.provider_slug)
            .expect("region")
            .id
            .clone();
        self.image = catalog
            .images
            .iter()
            .find(|i| i.slug == image && i.provider_slug == plan.provider_slug)
            .expect("image")
            .id
            .clone();
    }
    pub async fn customer(&self, email: &str) -> String {
        create_account(&self.app, email, "Rina Pelanggan", PASSWORD, Role::Customer).await;
        self.app.sign_in(email, PASSWORD).await
    }

    pub async fn checkout(&self, cookie: &str, key: &str, cycle: &str, promo: &str) -> reqwest::Response {
        let form = [
            ("plan", self.plan.as_str()),
            ("region", self.region.as_str()),
            ("image", self.image.as_str()),
            ("hostname", "web-01"),
            ("cycle", cycle),
            ("promo", promo),
            ("checkout", key),
        ];
        self.app.post_fn("/api/orders/place", Some(cookie), &form).await
    }

    pub async fn order_id(&self, cookie: &str, key: &str) -> String {
        let response = self.checkout(cookie, key, "1", "").await;
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.unwrap()
    }

    pub async fn scalar(&self, sql: &str, bind: &str) -> i64 {
        self.app.scalar(sql, bind).await
    }

    pub async fn text(&self, sql: &str, bind: &str) -> String {
        self.app.text(sql, bind).await
    }

    pub async fn invoice_of(&self, order: &str) -> app::billing::invoices::InvoiceRow {
        app::billing::invoices::for_order(&self.app.state.db, &order.into())
            .await
            .unwrap()
            .remove(0)
    }

    /// The customer starts paying `invoice` with `method` (the pay button).
    pub async fn start_payment(
        &self,
        cookie: &str,
        invoice: &app::billing::invoices::InvoiceRow,
        method: &str,
    ) -> reqwest::Response {
        let form = [("invoice", invoice.id.as_str()), ("method", method)];
        self.app.post_fn("/api/payments/start", Some(cookie), &form).await
    }

    /// Posts a simulated gateway webhook signed with `secret`, then processes what it stored
    /// (the event job, without running the other jobs it leads to).
    pub async fn post_webhook(&self, event: &WebhookEvent, secret: &str) -> reqwest::StatusCode {
        let body = serde_json::to_vec(event).unwrap();
        let signature = sign(secret, self.app.state.clock.now().timestamp(), &body);
        let status = self
            .app
            .client
            .post(self.app.url(&app::payments::intake::webhook_path("simulated")))
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await
            .unwrap()
            .status();
        self.process_payment_events().await;
        status
    }

    /// Processes the stored gateway events not processed yet (their jobs then find nothing
    /// left to do).
    pub async fn process_payment_events(&self) {
        let ids: Vec<String> = on_db!(&self.app.state.db, pool => sqlx::query_scalar(
            "SELECT id FROM payment_events WHERE outcome = 'received' ORDER BY received_at, id",
        )
        .fetch_all(pool)
        .await
        .unwrap());
        for id in ids {
            app::payments::intake::process(&self.app.state.db, self.app.state.clock.as_ref(), &id)
                .await
                .unwrap();
        }
    }

    /// Opens a payment attempt for `invoice` at `gateway` as the pay button does, with
    /// `checkout` as the gateway's answer; returns its id.
    pub async fn open_attempt(
        &self,
        invoice: &app::billing::invoices::InvoiceRow,
        gateway: &str,
        checkout: &app::payments::gateway::Checkout,
    ) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let now = self.app.state.clock.now();
        let intent = app::payments::store::NewIntent {
            id: &id,
            invoice,
            gateway,
            method: app::payments::PaymentMethod::Qris,
            checkout,
            expires_at: app::payments::store::expiry(invoice, now),
        };
        app::payments::store::insert(&self.app.state.db, self.app.state.clock.as_ref(), &intent)
            .await
            .unwrap();
        id
    }

    /// Lets simulated time pass a second at a time, running whatever became due.
    pub async fn wait(&self, seconds: u64) {
        for _ in 0..seconds {
            self.clock.advance(std::time::Duration::from_secs(1));
            self.app.run_jobs().await;
        }
    }

    /// The customer's "renew now" on their service: its renewal invoice's id.
    pub async fn renew_now(&self, cookie: &str, service: &str) -> String {
        let response = self
            .app
            .post_fn("/api/services/renew", Some(cookie), &[("id", service)])
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// A paid order provisioned on the simulated cloud; returns the service's id.
    pub async fn active_service(&self, cookie: &str, key: &str) -> String {
        let order = self.paid_order(cookie, key).await;
        self.wait(40).await;
        app::services::store::for_order(&self.app.state.db, &order.as_str().into())
            .await
            .unwrap()
            .expect("the order was provisioned")
            .id
            .into()
    }

    /// Checks out an order and pays its invoice through the gateway's signed webhook.
    pub async fn paid_order(&self, cookie: &str, key: &str) -> String {
        let order = self.order_id(cookie, key).await;
        let invoice = self.invoice_of(&order).await;
        let secret = self.app.simulated_gateway_secret();
        let event = self.paid_event(&invoice, &format!("trx-{key}")).await;
        assert_eq!(self.post_webhook(&event, &secret).await, 200);
        order
    }

    /// A simulated gateway's "paid" webhook for a new attempt at `invoice`.
    pub async fn paid_event(
        &self,
        invoice: &app::billing::invoices::InvoiceRow,
        transaction: &str,
    ) -> WebhookEvent {
        let checkout = app::payments::gateway::Checkout::default();
        WebhookEvent {
            event: "payment.succeeded".into(),
            transaction_id: transaction.into(),
            intent_id: self.open_attempt(invoice, "simulated", &checkout).await,
            method: "qris".into(),
            amount: invoice.total,
            occurred_at: self.app.state.clock.now(),
        }
    }
}

/// A percent promo, valid since yesterday, without limits; tests narrow it with `..`.
pub fn percent_promo(
    code: &str,
    percent: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> app::promos::store::NewPromo {
    app::promos::store::NewPromo {
        code: code.into(),
        description: format!("{percent} %"),
        kind: app::promos::PromoKind::Percent,
        amount: percent,
        valid_from: now - chrono::Duration::days(1),
        valid_until: None,
        max_uses: None,
        max_uses_per_customer: None,
        min_order: app::money::Rupiah::ZERO,
        provider_slugs: vec![],
        plan_ids: vec![],
        cycles: vec![],
        first_order_only: false,
    }
}

/// Stores a promo; returns its id.
pub async fn create_promo(app: &TestApp, promo: &app::promos::store::NewPromo) -> String {
    let mut tx = app.state.db.begin().await.unwrap();
    let id = app::promos::store::create(&mut tx, app.state.clock.as_ref(), promo)
        .await
        .unwrap()
        .expect("a new code");
    tx.commit().await.unwrap();
    id
}

impl Shop {
    /// The order's status and its latest invoice's, e.g. `("PAID", "paid")`.
    pub async fn statuses(&self, order: &str) -> (String, String) {
        (
            self.text("SELECT status FROM orders WHERE id = $1", order).await,
            self.text(
                "SELECT status FROM invoices WHERE order_id = $1 ORDER BY issued_at DESC, sequence DESC LIMIT 1",
                order,
            )
            .await,
        )
    }

    /// The simulated cloud the shop provisions on (its default timings), to inject faults.
    pub fn cloud(&self) -> app::provisioning::simulated::SimulatedCloud {
        let state = &self.app.state;
        app::provisioning::simulated::SimulatedCloud::new(
            state.db.clone(),
            state.clock.clone(),
            std::time::Duration::from_secs(8),
            std::time::Duration::from_secs(3),
        )
    }
}

/// A plan, a region it is sold in and an image of its provider (the catalog's ids).
pub struct Choice {
    pub provider: String,
    pub plan: String,
    pub region: String,
    pub image: String,
}

impl Choice {
    /// The catalog's first plan, in its first region, with an image of its provider.
    pub async fn first(app: &TestApp) -> Choice {
        let catalog = app::catalog::store::load_orderable(&app.state.db).await.unwrap();
        let plan = catalog.plans[0].clone();
        let image = catalog
            .images
            .iter()
            .find(|image| image.provider_slug == plan.provider_slug)
            .unwrap();
        Choice {
            provider: plan.provider_slug.clone(),
            region: plan.region_ids[0].clone(),
            image: image.id.clone(),
            plan: plan.id,
        }
    }
}

/// A running server of `user` for `order`, recorded as provisioning records one; the
/// provider's instance id is `fixture-{order}` (a mock of the provider answers for any id,
/// the simulated cloud knows none: an action on it fails there, after the answer).
pub async fn record_service(app: &TestApp, user: &str, order: &str, choice: &Choice) -> String {
    use app::services::store::{NewService, insert_in};
    let service = NewService {
        order_id: order.into(),
        user_id: user.into(),
        provider_slug: choice.provider.clone(),
        plan_id: choice.plan.clone(),
        region_id: choice.region.clone(),
        image_id: choice.image.clone(),
        hostname: "web-1".into(),
        power_state: "running".into(),
        provider_instance_id: format!("fixture-{order}"),
        ipv4: None,
        ipv6: None,
        cycle_months: 1,
        expires_at: app.state.clock.now() + chrono::Duration::days(30),
        root_password_sealed: None,
    };
    let mut tx = app.state.db.begin().await.unwrap();
    let id = insert_in(&mut tx, app.state.clock.as_ref(), &service)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id.into()
}

/// A service's page data, as its owner (`cookie`) reads it.
pub async fn service_detail(shop: &Shop, cookie: &str, service: &str) -> app::services::ServiceDetail {
    let response = shop
        .app
        .post_fn("/api/services/get", Some(cookie), &[("id", service)])
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}
