//! Moving a server to a bigger plan on the simulated cloud: priced for the rest of its paid
//! period, invoiced once per choice, paid, resized in phases (off, resize, on) and renewed
//! at the new plan's price; a failed resize gives the payment back to the balance; an
//! unpaid renewal comes first; the REST API offers and invoices the same.

mod common;

use app::db::Engine;
use app::money::Rupiah;
use app::services::{ActionKind, ActionStatus, UpgradeChoice, UpgradeStatus};
use common::shop::{Shop, service_detail, shop};
use serde_json::{Value, json};

/// Rina's running server and the one bigger plan its region sells (2 vCPU / 4 GB).
async fn server_and_choice(shop: &Shop) -> (String, String, UpgradeChoice) {
    let cookie = shop.customer("rina@webrana.test").await;
    let service = shop.active_service(&cookie, "k").await;
    let detail = service_detail(shop, &cookie, &service).await;
    assert_eq!(detail.upgrade, None);
    assert_eq!(detail.upgrade_choices.len(), 1, "{:?}", detail.upgrade_choices);
    let choice = detail.upgrade_choices[0].clone();
    assert_eq!((choice.vcpu, choice.memory_mb), (2, 4096));
    (cookie, service, choice)
}

async fn upgrade(shop: &Shop, cookie: &str, service: &str, plan: &str) -> reqwest::Response {
    let form = [("id", service), ("plan", plan)];
    shop.app
        .post_fn("/api/services/upgrade", Some(cookie), &form)
        .await
}

/// Asks for the upgrade and returns its invoice.
async fn upgrade_invoice(shop: &Shop, cookie: &str, service: &str, plan: &str) -> String {
    let response = upgrade(shop, cookie, service, plan).await;
    assert_eq!(response.status(), 200);
    let invoice: Option<String> = response.json().await.unwrap();
    invoice.expect("something is due")
}

/// Pays an invoice through the gateway's signed webhook.
async fn pay(shop: &Shop, invoice: &str, transaction: &str) {
    let invoice = app::billing::invoices::find(&shop.app.state.db, &invoice.into())
        .await
        .unwrap()
        .unwrap();
    let secret = shop.app.simulated_gateway_secret();
    let event = shop.paid_event(&invoice, transaction).await;
    assert_eq!(shop.post_webhook(&event, &secret).await, 200);
}

async fn a_server_moves_to_a_bigger_plan(engine: Engine) {
    let shop = shop(engine).await;
    let (cookie, service, choice) = server_and_choice(&shop).await;
    // A month paid just now: the difference for (almost) the whole month, with PPN.
    let difference = Rupiah(149_000 - 49_000);
    assert!(choice.due_now > difference && choice.due_now <= difference + difference.percent(11));
    let refused = upgrade(&shop, &cookie, &service, "no-such-plan").await;
    assert_eq!(refused.status(), 422);

    let invoice = upgrade_invoice(&shop, &cookie, &service, &choice.plan_id).await;
    assert_eq!(
        upgrade_invoice(&shop, &cookie, &service, &choice.plan_id).await,
        invoice,
        "asked twice, invoiced once"
    );
    let pending = service_detail(&shop, &cookie, &service).await;
    let state = pending.upgrade.expect("an upgrade");
    assert_eq!(state.status, UpgradeStatus::Pending);
    assert_eq!(
        state.invoice.as_ref().map(|invoice| invoice.total),
        Some(choice.due_now)
    );
    assert_eq!(
        shop.text("SELECT purpose FROM invoices WHERE id = $1", &invoice)
            .await,
        "upgrade"
    );
    let line = shop
        .text(
            "SELECT description FROM invoice_lines WHERE invoice_id = $1",
            &invoice,
        )
        .await;
    assert!(line.contains(&choice.name), "{line}");

    pay(&shop, &invoice, "trx-upgrade").await;
    let paid = service_detail(&shop, &cookie, &service).await;
    assert_eq!(
        paid.upgrade.map(|upgrade| upgrade.status),
        Some(UpgradeStatus::Paid)
    );
    shop.wait(60).await;
    let done = service_detail(&shop, &cookie, &service).await;
    assert_eq!(
        done.upgrade.map(|upgrade| upgrade.status),
        Some(UpgradeStatus::Done)
    );
    assert_eq!(done.service.plan_name, choice.name);
    assert_eq!((done.vcpu, done.memory_mb, done.disk_gb), (2, 4096, 60));
    assert_eq!(done.service.power_state, "running", "turned on again");
    assert_eq!(done.open_action, None);
    let resize = &done.recent_actions[0];
    assert_eq!(
        (resize.kind, resize.status),
        (ActionKind::Resize, ActionStatus::Done)
    );
    let instance = shop
        .text(
            "SELECT provider_instance_id FROM services WHERE id = $1",
            &service,
        )
        .await;
    assert_eq!(
        shop.text("SELECT size FROM simulated_instances WHERE id = $1", &instance)
            .await,
        "lab-2c-4gb"
    );
    assert!(done.upgrade_choices.is_empty(), "nothing bigger in Jakarta");

    // The next period is invoiced at the new plan's price.
    let renewal = shop.renew_now(&cookie, &service).await;
    let total = shop
        .scalar("SELECT total FROM invoices WHERE id = $1", &renewal)
        .await;
    let expected = app::orders::pricing::quote(Rupiah(149_000), 1, 0, None).total;
    assert_eq!(Rupiah(total), expected);
}

/// The machine vanished at the provider before the resize: the upgrade fails and its
/// payment goes back to the balance with a credit note, once.
async fn a_failed_resize_gives_the_payment_back(engine: Engine) {
    let shop = shop(engine).await;
    let (cookie, service, choice) = server_and_choice(&shop).await;
    let invoice = upgrade_invoice(&shop, &cookie, &service, &choice.plan_id).await;
    app::on_db!(&shop.app.state.db, pool => sqlx::query("UPDATE simulated_instances SET state = 'deleted'")
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    pay(&shop, &invoice, "trx-upgrade").await;
    shop.wait(30).await;
    let failed = service_detail(&shop, &cookie, &service).await;
    assert_eq!(
        failed.upgrade.map(|upgrade| upgrade.status),
        Some(UpgradeStatus::Failed)
    );
    assert_eq!(failed.vcpu, 1, "still on its plan");
    let credit_notes = "SELECT COUNT(*) FROM credit_notes WHERE invoice_id = $1";
    assert_eq!(shop.scalar(credit_notes, &invoice).await, 1);
    let user = shop
        .text("SELECT user_id FROM services WHERE id = $1", &service)
        .await;
    let balance = || async {
        app::wallet::store::balance(&shop.app.state.db, &user.as_str().into())
            .await
            .unwrap()
    };
    assert_eq!(balance().await, choice.due_now);
    shop.wait(30).await;
    assert_eq!(shop.scalar(credit_notes, &invoice).await, 1, "refunded once");
    assert_eq!(balance().await, choice.due_now);
}

/// An unpaid renewal comes first; a renewal issued while an upgrade waits for payment
/// withdraws it (it was priced for the period the renewal ends), and paying it then
/// applies nothing.
async fn an_upgrade_waits_for_the_renewal(engine: Engine) {
    let shop = shop(engine).await;
    let (cookie, service, choice) = server_and_choice(&shop).await;
    let invoice = upgrade_invoice(&shop, &cookie, &service, &choice.plan_id).await;
    shop.renew_now(&cookie, &service).await;
    let withdrawn = service_detail(&shop, &cookie, &service).await;
    assert_eq!(
        withdrawn.upgrade.map(|upgrade| upgrade.status),
        Some(UpgradeStatus::Void)
    );
    assert_eq!(
        shop.text("SELECT status FROM invoices WHERE id = $1", &invoice)
            .await,
        "void"
    );
    let refused = upgrade(&shop, &cookie, &service, &choice.plan_id).await;
    assert_eq!(refused.status(), 422);
    let errors: Value = refused.json().await.unwrap();
    assert_eq!(errors["Validation"]["plan"], "PayRenewalFirst", "{errors}");
    pay(&shop, &invoice, "trx-late").await;
    shop.wait(20).await;
    let after = service_detail(&shop, &cookie, &service).await;
    assert_eq!(after.vcpu, 1, "a voided upgrade is not carried out");
    assert!(after.recent_actions.is_empty());
}

async fn the_api_offers_and_invoices_a_resize(engine: Engine) {
    let shop = shop(engine).await;
    let (cookie, service, choice) = server_and_choice(&shop).await;
    let key = shop.app.api_key(&cookie, &[("services", "write")]).await;
    let options_path = format!("/api/v1/services/{service}/resize-options");
    let options = || {
        let (app, key, path) = (&shop.app, &key, &options_path);
        async move { app.api_get(key, path).await.json::<Value>().await.unwrap() }
    };
    let offered = options().await;
    assert_eq!(offered["options"][0]["plan_id"], choice.plan_id.as_str());
    assert_eq!(offered["options"][0]["due_now"], choice.due_now.get());
    assert!(offered["latest"].is_null());
    let path = format!("/api/v1/services/{service}/resize");
    let resize = |plan: &str| {
        let (app, key, path) = (&shop.app, &key, &path);
        let body = json!({ "plan_id": plan });
        async move { app.api_post(key, path, &body).await }
    };
    let refused = resize("no-such-plan").await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    assert!(problem["errors"]["plan"].is_string(), "{problem}");
    let created = resize(&choice.plan_id).await;
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["status"], "pending");
    let invoice = created["invoice_id"].as_str().unwrap();
    assert_eq!(location, format!("/api/v1/invoices/{invoice}"));
    let again: Value = resize(&choice.plan_id).await.json().await.unwrap();
    assert_eq!(again["invoice_id"], invoice, "one invoice per choice");
    let pending = options().await;
    assert_eq!(pending["latest"]["status"], "pending");
    assert_eq!(pending["latest"]["invoice_id"], invoice);
}

on_both_engines!(
    a_server_moves_to_a_bigger_plan,
    a_failed_resize_gives_the_payment_back,
    an_upgrade_waits_for_the_renewal,
    the_api_offers_and_invoices_a_resize,
);
