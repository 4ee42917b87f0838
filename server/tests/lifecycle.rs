//! The service lifecycle over 60 simulated days (injected clock, simulated cloud): renewal
//! invoices a week before expiry, reminders 7/3/1 days before, suspension 3 days after an
//! unpaid expiry, termination 7 days later, and paying a suspended service's invoice
//! bringing it back. Every step is run more often than needed and still happens once.

mod common;

use app::clock::Clock;
use app::db::Engine;
use app::lifecycle::NextStep;
use app::services::{ServiceDetail, ServiceStatus};
use chrono::{DateTime, Duration, Utc};
use common::decode_quoted_printable;
use common::shop::{Shop, shop};

struct Customer {
    email: &'static str,
    /// Sessions end after weeks of simulated time: signed in again when refused.
    cookie: std::sync::Mutex<String>,
    service: String,
    /// When the first, paid month runs out (whole seconds, as pages see it).
    expiry: DateTime<Utc>,
}

impl Customer {
    async fn new(shop: &Shop, email: &'static str, key: &str) -> Customer {
        let cookie = shop.customer(email).await;
        let service = shop.active_service(&cookie, key).await;
        let mut customer = Customer {
            email,
            cookie: std::sync::Mutex::new(cookie),
            service,
            expiry: DateTime::<Utc>::MIN_UTC,
        };
        customer.expiry = customer.detail(shop).await.service.expires_at.parse().unwrap();
        customer
    }

    async fn detail(&self, shop: &Shop) -> ServiceDetail {
        let form = [("id", self.service.as_str())];
        let cookie = self.cookie.lock().unwrap().clone();
        let mut response = shop.app.post_fn("/api/services/get", Some(&cookie), &form).await;
        if response.status() == 401 {
            let cookie = shop.app.sign_in(self.email, common::shop::PASSWORD).await;
            response = shop.app.post_fn("/api/services/get", Some(&cookie), &form).await;
            *self.cookie.lock().unwrap() = cookie;
        }
        assert_eq!(response.status(), 200, "{}", self.email);
        response.json().await.unwrap()
    }

    async fn invoices(&self, shop: &Shop) -> i64 {
        shop.scalar(
            "SELECT COUNT(*) FROM invoices i JOIN services s ON s.order_id = i.order_id WHERE s.id = $1",
            &self.service,
        )
        .await
    }

    async fn events(&self, shop: &Shop) -> Vec<String> {
        app::lifecycle::store::events_of(&shop.app.state.db, &self.service.as_str().into())
            .await
            .unwrap()
            .into_iter()
            .map(|(_, event)| event)
            .collect()
    }

    /// The decoded e-mails this customer received whose text contains `needle`.
    fn mails_with(&self, shop: &Shop, needle: &str) -> usize {
        shop.app
            .sent_mail()
            .iter()
            .map(|raw| decode_quoted_printable(raw))
            .filter(|mail| mail.contains(self.email) && mail.contains(needle))
            .count()
    }

    /// Pays the latest renewal invoice through the gateway's signed webhook.
    async fn pay_renewal(&self, shop: &Shop, transaction: &str) -> reqwest::StatusCode {
        let invoice_id = shop
            .text(
                "SELECT invoice_id FROM service_renewals WHERE service_id = $1 ORDER BY period_start DESC LIMIT 1",
                &self.service,
            )
            .await;
        let invoice = app::billing::invoices::find(&shop.app.state.db, &invoice_id.as_str().into())
            .await
            .unwrap()
            .unwrap();
        let secret = shop.app.simulated_gateway_secret();
        shop.post_webhook(&shop.paid_event(&invoice, transaction).await, &secret)
            .await
    }
}

/// Runs the sweep (twice: a second run must change nothing) and every job it leads to,
/// then lets the simulated cloud finish what it was asked.
async fn sweep(shop: &Shop) {
    let state = &shop.app.state;
    for _ in 0..2 {
        app::lifecycle::sweep::sweep(&state.db, &state.clock, &shop.app.services.lifecycle)
            .await
            .unwrap();
        shop.app.run_jobs().await;
    }
    shop.wait(12).await;
}

/// Moves the clock to `at` in steps of six hours, sweeping after each.
async fn live_until(shop: &Shop, at: DateTime<Utc>) {
    while shop.clock.now() + Duration::hours(6) <= at {
        shop.clock.advance(std::time::Duration::from_secs(6 * 3600));
        sweep(shop).await;
    }
    let rest = (at - shop.clock.now()).to_std().unwrap_or_default();
    shop.clock.advance(rest);
    sweep(shop).await;
}

async fn sixty_days_of_renewals_suspensions_and_terminations(engine: Engine) {
    let shop = shop(engine).await;
    let on_time = Customer::new(&shop, "tepat@webrana.test", "a").await;
    let never = Customer::new(&shop, "lupa@webrana.test", "b").await;
    let late = Customer::new(&shop, "telat@webrana.test", "c").await;
    let start = shop.clock.now();
    // The three were provisioned minutes apart (the last one latest); six-hour steps see
    // them expire together.
    let expiry = late.expiry;
    let first_total = shop
        .invoice_of(
            &shop
                .text("SELECT order_id FROM services WHERE id = $1", &on_time.service)
                .await,
        )
        .await
        .total;

    // Before the renewal lead time: nothing but the date of the renewal invoice.
    live_until(&shop, expiry - Duration::days(8)).await;
    let early = on_time.detail(&shop).await;
    let upcoming = early.lifecycle.upcoming.clone().unwrap();
    assert_eq!(upcoming.step, NextStep::RenewalInvoice);
    assert_eq!(
        upcoming.at.parse::<DateTime<Utc>>().unwrap(),
        on_time.expiry - Duration::days(7)
    );
    assert_eq!(early.lifecycle.open_invoice, None);
    assert_eq!(on_time.invoices(&shop).await, 1);

    // Seven days before: a renewal invoice at the ordered price, due at expiry, and the
    // first reminder.
    live_until(&shop, expiry - Duration::days(7) + Duration::hours(1)).await;
    for customer in [&on_time, &never, &late] {
        let detail = customer.detail(&shop).await;
        let invoice = detail.lifecycle.open_invoice.clone().expect("renewal invoice");
        assert_eq!(invoice.total, first_total);
        assert_eq!(invoice.due_at.parse::<DateTime<Utc>>().unwrap(), customer.expiry);
        assert_eq!(detail.lifecycle.upcoming.unwrap().step, NextStep::Suspension);
        assert_eq!(customer.invoices(&shop).await, 2);
        assert_eq!(customer.mails_with(&shop, "Sisa hari sebelum berakhir: 7"), 1);
    }

    // Three days before: the second reminder. The first customer pays two days before.
    live_until(&shop, expiry - Duration::days(2)).await;
    assert_eq!(on_time.mails_with(&shop, "Sisa hari sebelum berakhir: 3"), 1);
    assert_eq!(on_time.pay_renewal(&shop, "trx-a-renew").await, 200);
    assert_eq!(
        on_time.pay_renewal(&shop, "trx-a-renew").await,
        200,
        "a duplicate webhook"
    );
    shop.app.run_jobs().await;
    let renewed = on_time.detail(&shop).await;
    let second_expiry = |customer: &Customer| app::clock::add_months(customer.expiry, 1);
    assert_eq!(
        renewed.service.expires_at.parse::<DateTime<Utc>>().unwrap(),
        second_expiry(&on_time)
    );
    assert_eq!(renewed.lifecycle.open_invoice, None);

    // Expiry + 3 days: the two who did not pay are suspended and powered off; data kept.
    live_until(&shop, expiry + Duration::days(3) + Duration::hours(1)).await;
    assert_eq!(
        on_time.mails_with(&shop, "Sisa hari sebelum berakhir: 1"),
        0,
        "paid: no last reminder"
    );
    for customer in [&never, &late] {
        assert_eq!(customer.mails_with(&shop, "Sisa hari sebelum berakhir: 1"), 1);
        let detail = customer.detail(&shop).await;
        assert_eq!(detail.service.status, ServiceStatus::Suspended);
        assert_eq!(detail.service.power_state, "off");
        let upcoming = detail.lifecycle.upcoming.clone().unwrap();
        assert_eq!(upcoming.step, NextStep::Termination);
        assert_eq!(
            upcoming.at.parse::<DateTime<Utc>>().unwrap(),
            customer.expiry + Duration::days(10)
        );
        assert!(detail.lifecycle.open_invoice.is_some(), "still payable");
        assert!(
            !detail.can(app::services::ActionKind::PowerOn),
            "no power while suspended"
        );
        assert_eq!(customer.mails_with(&shop, "telah ditangguhkan"), 1);
    }
    assert_eq!(on_time.detail(&shop).await.service.status, ServiceStatus::Active);

    // Paying the suspended service's invoice brings it back, powered on, for a month more.
    live_until(&shop, expiry + Duration::days(5)).await;
    assert_eq!(late.pay_renewal(&shop, "trx-c-renew").await, 200);
    shop.app.run_jobs().await;
    shop.wait(15).await;
    let back = late.detail(&shop).await;
    assert_eq!(back.service.status, ServiceStatus::Active);
    assert_eq!(back.service.power_state, "running");
    assert_eq!(
        back.service.expires_at.parse::<DateTime<Utc>>().unwrap(),
        second_expiry(&late)
    );

    // Expiry + 10 days: still unpaid, so deleted at the provider; the invoice is void and a
    // payment that arrives after that is kept for staff to refund, not applied.
    live_until(&shop, expiry + Duration::days(10) + Duration::hours(1)).await;
    let gone = never.detail(&shop).await;
    assert_eq!(gone.service.status, ServiceStatus::Terminated);
    assert_eq!(gone.service.power_state, "deleted");
    assert_eq!(gone.lifecycle.upcoming, None);
    assert_eq!(never.mails_with(&shop, "dihapus karena"), 1);
    let void = shop
        .scalar(
            "SELECT COUNT(*) FROM invoices i JOIN service_renewals r ON r.invoice_id = i.id \
             WHERE r.service_id = $1 AND i.status = 'void'",
            &never.service,
        )
        .await;
    assert_eq!(void, 1);
    assert_eq!(never.pay_renewal(&shop, "trx-b-too-late").await, 200);
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM payments WHERE gateway_reference = $1 AND status = 'unapplied'",
            "trx-b-too-late"
        )
        .await,
        1
    );
    let machines = shop
        .scalar(
            "SELECT COUNT(*) FROM simulated_instances WHERE state <> 'deleted' AND tag LIKE $1",
            "%",
        )
        .await;
    assert_eq!(machines, 2, "only the two paid services still have a machine");

    // Day 60: the two renewed services have their next renewal invoice; nothing happened
    // twice.
    live_until(&shop, start + Duration::days(60)).await;
    for customer in [&on_time, &late] {
        let detail = customer.detail(&shop).await;
        assert_eq!(detail.service.status, ServiceStatus::Active);
        assert!(detail.lifecycle.open_invoice.is_some(), "next period's invoice");
        assert_eq!(customer.invoices(&shop).await, 3);
    }
    assert_eq!(never.invoices(&shop).await, 2);
    let mut events = never.events(&shop).await;
    events.sort();
    assert_eq!(
        events,
        ["remind_1", "remind_3", "remind_7", "suspended", "terminating"]
    );
    let events = on_time.events(&shop).await;
    let count = |name: &str| events.iter().filter(|event| *event == name).count();
    assert_eq!(
        (count("renewed"), count("suspended"), count("terminating")),
        (1, 0, 0),
        "{events:?}"
    );
    assert_eq!(count("remind_7"), 2, "one first reminder per period: {events:?}");
    let actions = shop
        .scalar(
            "SELECT COUNT(*) FROM service_actions WHERE service_id = $1",
            &late.service,
        )
        .await;
    assert_eq!(actions, 2, "one power-off at suspension, one power-on when paid");
}

on_both_engines!(sixty_days_of_renewals_suspensions_and_terminations);
