//! The customer's overview on `/dashboard`: unpaid invoices (renewals first, never a wallet
//! top-up), the balance and the latest notifications, each only the signed-in customer's.

mod common;

use app::billing::InvoicePurpose;
use app::db::Engine;
use app::money::Rupiah;
use app::overview::CustomerOverview;
use common::shop::{Shop, shop};

async fn overview(shop: &Shop, cookie: &str) -> CustomerOverview {
    let response = shop.app.post_fn("/api/overview/mine", Some(cookie), &[]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn the_overview_shows_what_to_pay_the_balance_and_the_news(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let fresh = overview(&shop, &cookie).await;
    assert!(fresh.to_pay.is_empty());
    assert_eq!(fresh.balance, Rupiah::ZERO);

    let service = shop.active_service(&cookie, "k").await;
    let waiting = shop.order_id(&cookie, "k2").await;
    let renewal = shop.renew_now(&cookie, &service).await;
    // A top-up waiting for payment is the wallet page's business, not a debt.
    let top_up = shop
        .app
        .post_fn("/api/wallet/deposit", Some(&cookie), &[("amount", "50000")])
        .await;
    assert!(top_up.status().is_success(), "{}", top_up.status());

    let owed = overview(&shop, &cookie).await;
    let purposes: Vec<InvoicePurpose> = owed
        .to_pay
        .iter()
        .map(|payable| payable.invoice.purpose)
        .collect();
    assert_eq!(
        purposes,
        [InvoicePurpose::Renewal, InvoicePurpose::Order],
        "renewals first"
    );
    assert_eq!(owed.to_pay[0].invoice.id, renewal);
    assert_eq!(
        owed.to_pay[1].invoice.order_id.as_ref().map(ToString::to_string),
        Some(waiting.clone())
    );
    assert!(owed.to_pay.iter().all(|payable| payable.hostname == "web-01"));
    // Each pay button opens the page whose form pays it.
    assert_eq!(owed.to_pay[0].pay_url, format!("/services/{service}#renewal"));
    assert_eq!(owed.to_pay[1].pay_url, format!("/orders/{waiting}"));
    assert_eq!(owed.more_to_pay, 0);
    // Newest first, at most five, with the unread count.
    assert!(!owed.notifications.is_empty() && owed.notifications.len() <= 5);
    assert!(owed.unread >= owed.notifications.iter().filter(|n| !n.is_read).count() as i64);
    let times: Vec<&str> = owed.notifications.iter().map(|n| n.created_at.as_str()).collect();
    assert!(times.windows(2).all(|pair| pair[0] >= pair[1]), "{times:?}");

    let user = shop
        .text("SELECT user_id FROM services WHERE id = $1", &service)
        .await;
    let user = app::ids::UserId::from(user);
    let mut tx = shop.app.state.db.begin().await.unwrap();
    let credit = app::wallet::store::Movement {
        user_id: &user,
        kind: app::wallet::LedgerKind::Adjustment,
        amount: Rupiah(75_000),
        reference: Some("overview-test"),
        actor: "test",
        note: "",
    };
    app::wallet::store::credit_in(&mut tx, shop.app.state.clock.as_ref(), &credit)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(overview(&shop, &cookie).await.balance, Rupiah(75_000));

    let other = shop.customer("sari@webrana.test").await;
    let theirs = overview(&shop, &other).await;
    assert!(theirs.to_pay.is_empty() && theirs.notifications.is_empty());
    assert_eq!(theirs.balance, Rupiah::ZERO);
    let anonymous = shop.app.post_fn("/api/overview/mine", None, &[]).await;
    assert_eq!(anonymous.status(), 401);
}

on_both_engines!(the_overview_shows_what_to_pay_the_balance_and_the_news);
