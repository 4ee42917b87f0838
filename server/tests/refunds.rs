//! Refunds on both engines: an admin gives back the money of a paid order that produced no
//! server, once, with a credit note; the order is cancelled and never built; the customer
//! sees the money (balance) and is told.

mod common;

use app::db::Engine;
use app::money::Rupiah;
use app::provisioning::simulated::Fault;
use common::personas::{Persona, Personas};
use common::shop::{Shop, shop};

async fn refund(shop: &Shop, cookie: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    shop.app
        .post_fn("/api/admin/orders/refund", Some(cookie), fields)
        .await
}

async fn validation(response: reqwest::Response) -> serde_json::Value {
    assert_eq!(response.status(), 422);
    response.json::<serde_json::Value>().await.unwrap()["Validation"].clone()
}

/// Paid, not yet built: refunded to the balance with a credit note, once; the build that was
/// queued never happens; a paid order cannot be cancelled without its refund.
async fn a_paid_order_is_refunded_to_the_balance_once(engine: Engine) {
    let shop = shop(engine).await;
    let personas = Personas::sign_up_all(&shop.app).await;
    let (admin, support) = (
        personas.cookie(Persona::Admin).unwrap(),
        personas.cookie(Persona::Support).unwrap(),
    );
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.paid_order(&cookie, "refund-1").await;
    let invoice = shop.invoice_of(&order).await;
    let user = invoice.user_id.clone();

    let customer_cancel = shop
        .app
        .post_fn("/api/orders/cancel", Some(&cookie), &[("id", order.as_str())])
        .await;
    assert_eq!(validation(customer_cancel).await["order"], "OrderNotPayable");
    let by_support = refund(&shop, support, &[("id", &order), ("reason", "stok habis")]).await;
    assert_eq!(by_support.status(), 403);
    let by_customer = refund(&shop, &cookie, &[("id", &order), ("reason", "stok habis")]).await;
    assert_eq!(by_customer.status(), 403);
    let no_reason = refund(&shop, admin, &[("id", &order)]).await;
    assert_eq!(validation(no_reason).await["reason"], "Required");

    let refunded = refund(&shop, admin, &[("id", &order), ("reason", "region penuh")]).await;
    assert_eq!(refunded.status(), 200);
    let again = refund(&shop, admin, &[("id", &order), ("reason", "region penuh")]).await;
    assert_eq!(validation(again).await["id"], "OrderNotRefundable");

    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "CANCELLED"
    );
    assert_eq!(
        shop.text("SELECT status FROM invoices WHERE id = $1", invoice.id.as_ref())
            .await,
        "paid",
        "the invoice stays as issued"
    );
    let balance = app::wallet::store::balance(&shop.app.state.db, &user)
        .await
        .unwrap();
    assert_eq!(balance, invoice.total);
    let refunds = app::wallet::store::ledger(
        &shop.app.state.db,
        &user,
        Some(app::wallet::LedgerKind::Refund),
        10,
    )
    .await
    .unwrap();
    assert_eq!(refunds.len(), 1);
    let year = chrono::Datelike::year(&shop.app.state.clock.now());
    let number = format!("CN/{year}/000001");
    assert_eq!(refunds[0].note, format!("{number} · region penuh"));
    let document: app::billing::InvoiceDocument = shop
        .app
        .post_fn("/api/invoices/get", Some(&cookie), &[("id", invoice.id.as_ref())])
        .await
        .json()
        .await
        .unwrap();
    let note = document.credit_note.expect("a credit note");
    assert_eq!(
        (note.number.as_str(), note.amount, note.method),
        (number.as_str(), invoice.total, app::billing::RefundMethod::Wallet)
    );
    let pdf = shop
        .app
        .get_with(
            &format!("/invoices/{}/pdf", invoice.id),
            &[("cookie", cookie.as_str())],
        )
        .await
        .bytes()
        .await
        .unwrap();
    // The credit note's line has a "·" (WinAnsi), so the PDF writes it as hex; its heading is plain.
    assert!(String::from_utf8_lossy(&pdf).contains("(Nota kredit)"));
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM in_app_notifications WHERE type = $1",
            "REFUND_ISSUED"
        )
        .await,
        1
    );
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "admin.order_refunded"
        )
        .await,
        1
    );

    // The build queued with the payment finds the order cancelled and builds nothing.
    shop.wait(40).await;
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM services WHERE order_id = $1", &order)
            .await,
        0
    );
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "CANCELLED"
    );
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM provisioning_tasks WHERE order_id = $1 AND provider_instance_id IS NOT NULL",
            &order
        )
        .await,
        0,
        "nothing was asked of the provider"
    );
}

/// A failed build is refunded as done at the gateway by hand (with its reference): nothing
/// reaches the balance; an active order cannot be refunded.
async fn a_failed_build_is_refunded_at_the_gateway(engine: Engine) {
    let shop = shop(engine).await;
    let personas = Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(Persona::Admin).unwrap();
    let cloud = shop.cloud();
    cloud.inject(Fault::CreateFails, 1).await.unwrap();
    let cookie = shop.customer("rina@webrana.test").await;
    let failed = shop.paid_order(&cookie, "refund-failed").await;
    shop.wait(5).await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &failed)
            .await,
        "PROVISIONING_FAILED"
    );
    let fields = [
        ("id", failed.as_str()),
        ("method", "gateway"),
        ("reason", "gagal dibuat"),
    ];
    let missing = refund(&shop, admin, &fields).await;
    assert_eq!(validation(missing).await["reference"], "Required");
    let mut fields = fields.to_vec();
    fields.push(("reference", "RF-20261204-77"));
    assert_eq!(refund(&shop, admin, &fields).await.status(), 200);
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &failed)
            .await,
        "CANCELLED"
    );
    assert_eq!(
        shop.text(
            "SELECT method FROM credit_notes WHERE reference = $1",
            "RF-20261204-77"
        )
        .await,
        "gateway"
    );
    let user = shop.invoice_of(&failed).await.user_id;
    assert_eq!(
        app::wallet::store::balance(&shop.app.state.db, &user)
            .await
            .unwrap(),
        Rupiah::ZERO
    );

    let active = shop.paid_order(&cookie, "refund-active").await;
    shop.wait(40).await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &active)
            .await,
        "ACTIVE"
    );
    let refused = refund(&shop, admin, &[("id", &active), ("reason", "coba")]).await;
    assert_eq!(validation(refused).await["id"], "OrderNotRefundable");
}

on_both_engines!(
    a_paid_order_is_refunded_to_the_balance_once,
    a_failed_build_is_refunded_at_the_gateway,
);
