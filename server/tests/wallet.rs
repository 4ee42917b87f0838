//! The wallet's balance on both engines: it never goes negative however many debits race
//! for it, every change has its ledger line, and a reference is booked once.

mod common;

use app::db::Engine;
use app::money::Rupiah;
use app::wallet::LedgerKind;
use app::wallet::store::{Movement, WalletError, balance, credit_in, debit_in, ledger, ledger_total};
use common::shop::shop;
use common::{TestApp, create_account, spawn_app};
use std::sync::Arc;

const PASSWORD: &str = "gunung-rinjani-pagi-berkabut-41";

async fn customer(app: &TestApp) -> app::accounts::User {
    create_account(
        app,
        "rina@webrana.test",
        "Rina",
        PASSWORD,
        app::accounts::Role::Customer,
    )
    .await
}

/// Money paid in through the (simulated) gateway as transaction `reference`.
fn deposit<'a>(user_id: &'a app::ids::UserId, amount: Rupiah, reference: &'a str) -> Movement<'a> {
    Movement {
        user_id,
        kind: LedgerKind::Deposit,
        amount,
        reference: Some(reference),
        actor: "gateway:simulated",
        note: "",
    }
}

/// 1000 concurrent debits of Rp 1.000 against a balance of Rp 500.000: exactly 500 win,
/// the balance ends at zero, and the ledger sums to it.
async fn racing_debits_never_overdraw(engine: Engine) {
    let app = Arc::new(spawn_app(engine).await);
    let user = customer(&app).await;
    let clock = app.state.clock.clone();
    let mut tx = app.state.db.begin().await.unwrap();
    let deposit = deposit(&user.id, Rupiah(500_000), "trx-deposit");
    assert_eq!(
        credit_in(&mut tx, clock.as_ref(), &deposit).await.unwrap(),
        500_000
    );
    tx.commit().await.unwrap();

    let started = std::time::Instant::now();
    let debits = (0..1000).map(|n| {
        let (app, user_id) = (app.clone(), user.id.clone());
        tokio::spawn(async move {
            let clock = app.state.clock.clone();
            let reference = format!("invoice-{n}");
            let debit = Movement {
                user_id: &user_id,
                kind: LedgerKind::Payment,
                amount: Rupiah(1_000),
                reference: Some(&reference),
                actor: "rina@webrana.test",
                note: "",
            };
            let mut tx = app.state.db.begin().await.unwrap();
            match debit_in(&mut tx, clock.as_ref(), &debit).await {
                Ok(_) => {
                    tx.commit().await.unwrap();
                    true
                }
                Err(WalletError::Insufficient) => false,
                Err(error) => panic!("debit {n}: {error}"),
            }
        })
    });
    let mut won = 0;
    for debit in debits.collect::<Vec<_>>() {
        won += usize::from(debit.await.unwrap());
    }
    eprintln!("{engine:?}: 1000 racing debits in {:?}", started.elapsed());
    assert_eq!(won, 500);
    assert_eq!(balance(&app.state.db, &user.id).await.unwrap(), 0);
    assert_eq!(ledger_total(&app.state.db, &user.id).await.unwrap(), 0);
    let payments = ledger(&app.state.db, &user.id, Some(LedgerKind::Payment), 1000)
        .await
        .unwrap();
    assert_eq!(payments.len(), 500);
    assert!(payments.iter().all(|line| line.amount == -1_000));
}

/// A kind and reference are booked once (a replayed deposit changes nothing), amounts must
/// be positive, and a debit the balance does not cover changes nothing.
async fn a_reference_is_booked_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let user = customer(&app).await;
    let clock = app.state.clock.clone();
    let deposit = deposit(&user.id, Rupiah(100_000), "trx-1");
    for attempt in 0..2 {
        let mut tx = app.state.db.begin().await.unwrap();
        match credit_in(&mut tx, clock.as_ref(), &deposit).await {
            Ok(balance) => {
                assert_eq!((attempt, balance), (0, Rupiah(100_000)));
                tx.commit().await.unwrap();
            }
            Err(WalletError::Duplicate) => {
                assert_eq!(attempt, 1);
                tx.rollback().await.unwrap();
            }
            Err(error) => panic!("{error}"),
        }
    }
    let too_much = Movement {
        kind: LedgerKind::Payment,
        amount: Rupiah(100_001),
        reference: Some("invoice-1"),
        ..deposit.clone()
    };
    let mut tx = app.state.db.begin().await.unwrap();
    assert!(matches!(
        debit_in(&mut tx, clock.as_ref(), &too_much).await,
        Err(WalletError::Insufficient)
    ));
    let nothing = Movement {
        amount: Rupiah(0),
        ..too_much.clone()
    };
    assert!(matches!(
        debit_in(&mut tx, clock.as_ref(), &nothing).await,
        Err(WalletError::NotPositive)
    ));
    tx.rollback().await.unwrap();
    assert_eq!(balance(&app.state.db, &user.id).await.unwrap(), 100_000);
    assert_eq!(ledger_total(&app.state.db, &user.id).await.unwrap(), 100_000);
    assert_eq!(ledger(&app.state.db, &user.id, None, 10).await.unwrap().len(), 1);
}

/// An order paid from the balance: the debit and the payment in one transaction, the order
/// PAID; paying again or without enough balance is refused and takes nothing.
async fn an_invoice_is_paid_from_the_balance_once(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let email = app::accounts::Email::parse("rina@webrana.test").unwrap();
    let user = app::accounts::store::find_by_email(&shop.app.state.db, &email)
        .await
        .unwrap()
        .unwrap();
    let order = shop.order_id(&cookie, "first").await;
    let invoice = shop.invoice_of(&order).await;
    let clock = shop.app.state.clock.clone();
    let mut tx = shop.app.state.db.begin().await.unwrap();
    let deposit = deposit(&user.id, invoice.total + Rupiah(1_000), "trx-deposit");
    credit_in(&mut tx, clock.as_ref(), &deposit).await.unwrap();
    tx.commit().await.unwrap();

    let pay = |invoice: String| {
        let (shop, cookie) = (&shop, cookie.clone());
        async move {
            shop.app
                .post_fn("/api/payments/wallet", Some(&cookie), &[("invoice", &invoice)])
                .await
        }
    };
    let paid = pay(invoice.id.to_string()).await;
    assert!(paid.status().is_success(), "{}", paid.status());
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PAID"
    );
    assert_eq!(balance(&shop.app.state.db, &user.id).await.unwrap(), 1_000);
    let again = pay(invoice.id.to_string()).await;
    assert_eq!(again.status(), 422);
    let errors: serde_json::Value = again.json().await.unwrap();
    assert_eq!(errors["Validation"]["invoice"], "OrderNotPayable");

    let second = shop.order_id(&cookie, "second").await;
    let second = shop.invoice_of(&second).await;
    let short = pay(second.id.to_string()).await;
    assert_eq!(short.status(), 422);
    let errors: serde_json::Value = short.json().await.unwrap();
    assert_eq!(errors["Validation"]["invoice"], "WalletInsufficient");
    assert_eq!(balance(&shop.app.state.db, &user.id).await.unwrap(), 1_000);
    assert_eq!(ledger_total(&shop.app.state.db, &user.id).await.unwrap(), 1_000);
    assert_eq!(
        shop.scalar("SELECT COUNT(*) FROM payments WHERE invoice_id = $1", &invoice.id)
            .await,
        1
    );
}

on_both_engines!(
    racing_debits_never_overdraw,
    a_reference_is_booked_once,
    an_invoice_is_paid_from_the_balance_once,
);
