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

/// Rina signed in, and her first order waiting for payment with its invoice.
async fn first_order(
    shop: &common::shop::Shop,
) -> (
    String,
    app::accounts::store::UserRow,
    String,
    app::billing::invoices::InvoiceRow,
) {
    let cookie = shop.customer("rina@webrana.test").await;
    let email = app::accounts::Email::parse("rina@webrana.test").unwrap();
    let user = app::accounts::store::find_by_email(&shop.app.state.db, &email)
        .await
        .unwrap()
        .unwrap();
    let order = shop.order_id(&cookie, "first").await;
    let invoice = shop.invoice_of(&order).await;
    (cookie, user, order, invoice)
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
    let (cookie, user, order, invoice) = first_order(&shop).await;
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

/// The same on the API: an invoice paid from the balance once (a second call and a short
/// balance are refused by name, with nothing taken), and the ledger page by page and by kind.
async fn the_api_pays_from_the_balance_and_pages_the_ledger(engine: Engine) {
    use serde_json::{Value, json};
    let shop = shop(engine).await;
    let (cookie, user, order, invoice) = first_order(&shop).await;
    let clock = shop.app.state.clock.clone();
    for (amount, reference) in [
        (invoice.total, "trx-1"),
        (Rupiah(1_000), "trx-2"),
        (Rupiah(1_000), "trx-3"),
    ] {
        let mut tx = shop.app.state.db.begin().await.unwrap();
        credit_in(&mut tx, clock.as_ref(), &deposit(&user.id, amount, reference))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        shop.clock.advance(std::time::Duration::from_secs(1));
    }
    let key = shop.app.api_key(&cookie, &[("billing", "write")]).await;
    let pay = |invoice: String| {
        let (app, key) = (&shop.app, &key);
        async move {
            let body = json!({ "invoice_id": invoice });
            app.api_post(key, "/api/v1/wallet/payments", &body).await
        }
    };
    let get = |path: &str| {
        let (app, key, path) = (&shop.app, &key, path.to_string());
        async move { app.api_get(key, &path).await.json::<Value>().await.unwrap() }
    };

    let paid = pay(invoice.id.to_string()).await;
    assert_eq!(paid.status(), 201);
    assert_eq!(
        paid.headers()["location"],
        format!("/api/v1/invoices/{}", invoice.id).as_str()
    );
    let paid: Value = paid.json().await.unwrap();
    assert_eq!(paid["amount"], invoice.total.get());
    assert_eq!(paid["balance"], 2_000);
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "PAID"
    );
    let again = pay(invoice.id.to_string()).await;
    assert_eq!(again.status(), 422);
    let problem: Value = again.json().await.unwrap();
    assert!(problem["errors"]["invoice"].is_string(), "{problem}");
    let second = shop.order_id(&cookie, "second").await;
    let second = shop.invoice_of(&second).await;
    assert_eq!(pay(second.id.to_string()).await.status(), 422);
    assert_eq!(balance(&shop.app.state.db, &user.id).await.unwrap(), 2_000);

    let first = get("/api/v1/wallet/ledger?limit=2").await;
    let lines = first["items"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "payment", "newest first");
    assert_eq!(lines[0]["amount"], -invoice.total.get());
    assert_eq!(lines[0]["balance_after"], 2_000);
    assert_eq!(lines[1]["reference"], "trx-3");
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = get(&format!("/api/v1/wallet/ledger?limit=2&cursor={cursor}")).await;
    let references: Vec<&str> = rest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["reference"].as_str().unwrap())
        .collect();
    assert_eq!(references, ["trx-2", "trx-1"]);
    assert!(rest["next_cursor"].is_null());
    let payments = get("/api/v1/wallet/ledger?kind=payment").await;
    assert_eq!(payments["items"].as_array().unwrap().len(), 1);
    let unknown = get("/api/v1/wallet/ledger?kind=gift").await;
    assert_eq!(unknown["errors"]["kind"], "unknown", "{unknown}");
    assert_eq!(get("/api/v1/wallet").await["balance"], 2_000);
}

/// Renewal invoices are paid from the balance as soon as they are issued when it covers
/// them; a customer whose balance does not, or who turned this off, gets the invoice to pay
/// as before.
async fn renewals_are_paid_from_the_balance_when_it_covers_them(engine: Engine) {
    let shop = shop(engine).await;
    let rich = shop.customer("kaya@webrana.test").await;
    let poor = shop.customer("hemat@webrana.test").await;
    let choosy = shop.customer("pilih@webrana.test").await;
    let rich_service = shop.active_service(&rich, "rich").await;
    let poor_service = shop.active_service(&poor, "poor").await;
    let choosy_service = shop.active_service(&choosy, "choosy").await;
    let user_id = |email: &'static str| {
        let shop = &shop;
        async move {
            let id: app::ids::UserId = shop
                .text("SELECT id FROM users WHERE email = $1", email)
                .await
                .into();
            id
        }
    };
    let rich_id = user_id("kaya@webrana.test").await;
    let choosy_id = user_id("pilih@webrana.test").await;
    let clock = shop.app.state.clock.clone();
    let mut tx = shop.app.state.db.begin().await.unwrap();
    for (user, reference) in [(&rich_id, "trx-rich"), (&choosy_id, "trx-choosy")] {
        credit_in(
            &mut tx,
            clock.as_ref(),
            &deposit(user, Rupiah(1_000_000), reference),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let turned_off = shop
        .app
        .post_fn("/api/wallet/autopay", Some(&choosy), &[("on", "false")])
        .await;
    assert_eq!(turned_off.status(), 200);

    // A week before the month runs out the renewal invoices are issued.
    shop.clock.advance(std::time::Duration::from_secs(25 * 24 * 3600));
    let state = &shop.app.state;
    app::lifecycle::sweep::sweep(&state.db, &state.clock, &shop.app.services.lifecycle)
        .await
        .unwrap();
    shop.app.run_jobs().await;
    let renewal_status = |service: &str| {
        let service = service.to_string();
        let shop = &shop;
        async move {
            shop.text(
                "SELECT i.status FROM invoices i JOIN service_renewals r ON r.invoice_id = i.id WHERE r.service_id = $1",
                &service,
            )
            .await
        }
    };
    assert_eq!(renewal_status(&rich_service).await, "paid");
    assert_eq!(renewal_status(&poor_service).await, "unpaid");
    assert_eq!(renewal_status(&choosy_service).await, "unpaid", "auto-pay is off");
    assert_eq!(balance(&state.db, &choosy_id).await.unwrap(), 1_000_000);
    // Signed in again: the session ran out in the weeks that passed.
    let choosy = shop.app.sign_in("pilih@webrana.test", PASSWORD).await;
    let choosy_view: app::wallet::WalletView = shop
        .app
        .post_fn("/api/wallet/ledger", Some(&choosy), &[("kind", "")])
        .await
        .json()
        .await
        .unwrap();
    assert!(!choosy_view.autopay);
    let total: i64 = shop
        .scalar(
            "SELECT i.total FROM invoices i JOIN service_renewals r ON r.invoice_id = i.id WHERE r.service_id = $1",
            &rich_service,
        )
        .await;
    assert_eq!(balance(&state.db, &rich_id).await.unwrap(), 1_000_000 - total);
    assert_eq!(
        ledger_total(&state.db, &rich_id).await.unwrap(),
        1_000_000 - total
    );
    let payments = ledger(&state.db, &rich_id, Some(LedgerKind::Payment), 10)
        .await
        .unwrap();
    assert_eq!(payments.len(), 1);
    assert!(payments[0].note.starts_with("INV/"), "{}", payments[0].note);

    // The wallet page and its CSV show the same lines.
    let rich = shop.app.sign_in("kaya@webrana.test", PASSWORD).await;
    let view: app::wallet::WalletView = shop
        .app
        .post_fn("/api/wallet/ledger", Some(&rich), &[("kind", "payment")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.balance, 1_000_000 - total);
    assert_eq!(view.lines, payments);
    let csv = shop
        .app
        .client
        .get(shop.app.url("/wallet/ledger.csv"))
        .header("cookie", &rich)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[1].contains(",deposit,1000000,1000000,trx-rich,"), "{csv}");
    assert!(rows[2].contains(&format!(",payment,-{total},")), "{csv}");
    let anonymous = shop
        .app
        .client
        .get(shop.app.url("/wallet/ledger.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 303);
}

/// An admin credits and debits a balance with a reason the customer sees; a debit the
/// balance does not cover changes nothing; each adjustment is audited.
async fn admins_adjust_a_balance_with_a_reason(engine: Engine) {
    let shop = shop(engine).await;
    let personas = common::personas::Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(common::personas::Persona::Admin).unwrap();
    let cookie = shop.customer("rina@webrana.test").await;
    let user: app::ids::UserId = shop
        .text("SELECT id FROM users WHERE email = $1", "rina@webrana.test")
        .await
        .into();
    let adjust = |amount: &'static str, reason: &'static str| {
        let user = user.to_string();
        let shop = &shop;
        async move {
            shop.app
                .post_fn(
                    "/api/admin/users/wallet-adjust",
                    Some(admin),
                    &[("user", user.as_str()), ("amount", amount), ("reason", reason)],
                )
                .await
        }
    };
    let credited = adjust("50.000", "kompensasi gangguan jaringan").await;
    assert_eq!(credited.status(), 200);
    assert_eq!(credited.json::<Rupiah>().await.unwrap(), Rupiah(50_000));
    let too_much = adjust("-60000", "koreksi").await;
    assert_eq!(too_much.status(), 422);
    let errors: serde_json::Value = too_much.json().await.unwrap();
    assert_eq!(errors["Validation"]["amount"], "WalletInsufficient");
    assert_eq!(adjust("-20000", "").await.status(), 422, "a reason is required");
    assert_eq!(adjust("-20000", "koreksi salah input").await.status(), 200);
    assert_eq!(balance(&shop.app.state.db, &user).await.unwrap(), 30_000);
    assert_eq!(ledger_total(&shop.app.state.db, &user).await.unwrap(), 30_000);
    let view: app::wallet::WalletView = shop
        .app
        .post_fn("/api/wallet/ledger", Some(&cookie), &[("kind", "adjustment")])
        .await
        .json()
        .await
        .unwrap();
    let notes: Vec<&str> = view.lines.iter().map(|line| line.note.as_str()).collect();
    assert_eq!(notes, ["koreksi salah input", "kompensasi gangguan jaringan"]);
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "admin.wallet_adjusted"
        )
        .await,
        2
    );
}

/// A top-up is a deposit invoice within the limits; paid through the gateway it credits the
/// balance once (a repeated webhook changes nothing); it is never paid from the balance; at
/// most five wait to be paid.
async fn a_paid_deposit_credits_the_balance_once(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let user: app::ids::UserId = shop
        .text("SELECT id FROM users WHERE email = $1", "rina@webrana.test")
        .await
        .into();
    let deposit = |amount: &'static str| {
        let (shop, cookie) = (&shop, cookie.clone());
        async move {
            shop.app
                .post_fn("/api/wallet/deposit", Some(&cookie), &[("amount", amount)])
                .await
        }
    };
    for (amount, error) in [
        ("5000", "DepositOutOfRange"),
        ("10.000.001", "DepositOutOfRange"),
        ("abc", "DepositOutOfRange"),
    ] {
        let response = deposit(amount).await;
        assert_eq!(response.status(), 422, "{amount}");
        let errors: serde_json::Value = response.json().await.unwrap();
        assert_eq!(errors["Validation"]["amount"], error, "{amount}");
    }
    let response = deposit("100.000").await;
    assert_eq!(response.status(), 200);
    let id: String = response.json().await.unwrap();
    let invoice = app::billing::invoices::find(&shop.app.state.db, &id.as_str().into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (invoice.total, invoice.tax, invoice.order_id.clone()),
        (Rupiah(100_000), Rupiah(0), None)
    );
    let open: app::wallet::DepositsView = shop
        .app
        .post_fn("/api/wallet/deposits", Some(&cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open.open.len(), 1);

    // Not from the balance it would fill.
    let from_wallet = shop
        .app
        .post_fn("/api/payments/wallet", Some(&cookie), &[("invoice", id.as_str())])
        .await;
    assert_eq!(from_wallet.status(), 422);

    let secret = shop.app.simulated_gateway_secret();
    let event = shop.paid_event(&invoice, "trx-deposit-1").await;
    for _ in 0..2 {
        assert_eq!(shop.post_webhook(&event, &secret).await, 200);
    }
    assert_eq!(balance(&shop.app.state.db, &user).await.unwrap(), 100_000);
    assert_eq!(ledger_total(&shop.app.state.db, &user).await.unwrap(), 100_000);
    let deposits = ledger(&shop.app.state.db, &user, Some(LedgerKind::Deposit), 10)
        .await
        .unwrap();
    assert_eq!(deposits.len(), 1);
    assert_eq!(
        deposits[0].reference.as_deref(),
        Some(format!("invoice:{id}").as_str())
    );
    assert_eq!(
        shop.text("SELECT status FROM invoices WHERE id = $1", &id).await,
        "paid"
    );

    for n in 0..5 {
        assert_eq!(deposit("20000").await.status(), 200, "open deposit {n}");
    }
    let response = deposit("20000").await;
    assert_eq!(response.status(), 422);
    let errors: serde_json::Value = response.json().await.unwrap();
    assert_eq!(errors["Validation"]["amount"], "TooManyOpenDeposits");

    // The hourly housekeeping voids top-ups left unpaid a day past due; they stop blocking.
    let state = &shop.app.state;
    assert_eq!(
        app::billing::invoices::void_stale_deposits(&state.db, state.clock.as_ref())
            .await
            .unwrap(),
        0,
        "not yet due"
    );
    shop.clock.advance(std::time::Duration::from_secs(49 * 3600));
    assert_eq!(
        app::billing::invoices::void_stale_deposits(&state.db, state.clock.as_ref())
            .await
            .unwrap(),
        5
    );
    let cookie = shop.app.sign_in("rina@webrana.test", PASSWORD).await;
    let again = shop
        .app
        .post_fn("/api/wallet/deposit", Some(&cookie), &[("amount", "20000")])
        .await;
    assert_eq!(again.status(), 200);
    assert_eq!(
        shop.text("SELECT status FROM invoices WHERE id = $1", &id).await,
        "paid",
        "a paid top-up is never voided"
    );
}

/// Staff run deposit bonuses; a paid deposit earns the best one running when it was opened,
/// credited once as its own ledger line (never for a bonus not yet started or switched off).
async fn paid_deposits_earn_the_best_running_bonus_once(engine: Engine) {
    let shop = shop(engine).await;
    let personas = common::personas::Personas::sign_up_all(&shop.app).await;
    let admin = personas.cookie(common::personas::Persona::Admin).unwrap();
    let cookie = shop.customer("rina@webrana.test").await;
    let user: app::ids::UserId = shop
        .text("SELECT id FROM users WHERE email = $1", "rina@webrana.test")
        .await
        .into();
    let now = shop.app.state.clock.now();
    let today = app::clock::wib_date(&now);
    let tomorrow = app::clock::wib_date(&(now + chrono::Duration::days(1)));
    let save = |fields: Vec<(&'static str, String)>| {
        let shop = &shop;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            shop.app
                .post_fn("/api/admin/deposit-bonuses/save", Some(admin), &fields)
                .await
        }
    };
    let bonus = |name: &str, kind: &str, amount: &str, cap: &str, min: &str, from: &str| {
        vec![
            ("name", name.to_string()),
            ("kind", kind.to_string()),
            ("amount", amount.to_string()),
            ("cap", cap.to_string()),
            ("min_deposit", min.to_string()),
            ("valid_from", from.to_string()),
        ]
    };
    let missing_name = save(bonus("", "percent", "10", "", "", &today)).await;
    assert_eq!(missing_name.status(), 422);
    let errors: serde_json::Value = missing_name.json().await.unwrap();
    assert_eq!(errors["Validation"]["name"], "Required");
    let too_much = save(bonus("Dobel", "percent", "150", "", "", &today)).await;
    assert_eq!(too_much.status(), 422, "a percent bonus is at most 100");
    for (name, kind, amount, cap, min, from) in [
        (
            "Bonus Harbolnas",
            "percent",
            "10",
            "50.000",
            "100.000",
            today.as_str(),
        ),
        ("Bonus sambutan", "fixed", "5000", "", "", today.as_str()),
        ("Bonus besok", "percent", "50", "", "", tomorrow.as_str()),
        ("Bonus dimatikan", "percent", "100", "", "", today.as_str()),
    ] {
        let saved = save(bonus(name, kind, amount, cap, min, from)).await;
        assert_eq!(saved.status(), 200, "{name}");
    }
    let switched_off: String = shop
        .text(
            "SELECT id FROM deposit_bonuses WHERE name = $1",
            "Bonus dimatikan",
        )
        .await;
    let switch = shop
        .app
        .post_fn(
            "/api/admin/deposit-bonuses/active",
            Some(admin),
            &[("id", switched_off.as_str()), ("active", "false")],
        )
        .await;
    assert_eq!(switch.status(), 200);

    let view: app::wallet::DepositsView = shop
        .app
        .post_fn("/api/wallet/deposits", Some(&cookie), &[])
        .await
        .json()
        .await
        .unwrap();
    let mut running: Vec<&str> = view.bonuses.iter().map(|bonus| bonus.name.as_str()).collect();
    running.sort();
    assert_eq!(running, ["Bonus Harbolnas", "Bonus sambutan"]);

    let secret = shop.app.simulated_gateway_secret();
    for (amount, transaction, expected_bonus) in [
        ("200000", "trx-bonus-1", 20_000),
        ("2.000.000", "trx-bonus-2", 50_000),
        ("60000", "trx-bonus-3", 5_000),
    ] {
        let response = shop
            .app
            .post_fn("/api/wallet/deposit", Some(&cookie), &[("amount", amount)])
            .await;
        let id: String = response.json().await.unwrap();
        let invoice = app::billing::invoices::find(&shop.app.state.db, &id.as_str().into())
            .await
            .unwrap()
            .unwrap();
        let event = shop.paid_event(&invoice, transaction).await;
        for _ in 0..2 {
            assert_eq!(shop.post_webhook(&event, &secret).await, 200);
        }
        let bonuses = ledger(&shop.app.state.db, &user, Some(LedgerKind::Bonus), 10)
            .await
            .unwrap();
        let line = bonuses
            .iter()
            .find(|line| line.reference.as_deref() == Some(format!("invoice:{id}").as_str()))
            .expect("a bonus line for the deposit");
        assert_eq!(line.amount, Rupiah(expected_bonus), "{amount}");
    }
    let expected = 200_000 + 20_000 + 2_000_000 + 50_000 + 60_000 + 5_000;
    assert_eq!(balance(&shop.app.state.db, &user).await.unwrap(), expected);
    assert_eq!(ledger_total(&shop.app.state.db, &user).await.unwrap(), expected);
    let bonus_lines = ledger(&shop.app.state.db, &user, Some(LedgerKind::Bonus), 10)
        .await
        .unwrap();
    let notes: Vec<&str> = bonus_lines.iter().map(|line| line.note.as_str()).collect();
    assert_eq!(notes, ["Bonus sambutan", "Bonus Harbolnas", "Bonus Harbolnas"]);
    assert_eq!(
        shop.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1",
            "admin.deposit_bonus_created"
        )
        .await,
        4
    );
}

/// A balance that covers part of an invoice pays first and the gateway takes the rest: once
/// the rest is paid the invoice is paid from the balance in the same transaction (a second
/// press reuses the same attempt); if the balance was spent meanwhile, the rest stays in the
/// balance and the invoice waits.
async fn the_balance_pays_first_and_the_gateway_the_rest(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let user: app::ids::UserId = shop
        .text("SELECT id FROM users WHERE email = $1", "rina@webrana.test")
        .await
        .into();
    let state = &shop.app.state;
    let credit = |amount: i64, reference: &'static str| {
        let user = user.clone();
        async move {
            let mut tx = state.db.begin().await.unwrap();
            credit_in(
                &mut tx,
                state.clock.as_ref(),
                &deposit(&user, Rupiah(amount), reference),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
    };
    let start_rest = |invoice: app::ids::InvoiceId| {
        let (shop, cookie) = (&shop, cookie.clone());
        async move {
            let response = shop
                .app
                .post_fn(
                    "/api/payments/start",
                    Some(&cookie),
                    &[
                        ("invoice", invoice.as_str()),
                        ("method", "qris"),
                        ("use_balance", "true"),
                    ],
                )
                .await;
            assert_eq!(response.status(), 200);
            response.json::<String>().await.unwrap()
        }
    };
    let secret = shop.app.simulated_gateway_secret();
    let pay_at_gateway = |intent: String, amount: Rupiah, transaction: &'static str| {
        let (shop, secret) = (&shop, secret.clone());
        async move {
            let event = app::payments::simulated::WebhookEvent {
                event: "payment.succeeded".into(),
                transaction_id: transaction.into(),
                intent_id: intent,
                method: "qris".into(),
                amount,
                occurred_at: shop.app.state.clock.now(),
            };
            assert_eq!(shop.post_webhook(&event, &secret).await, 200);
        }
    };

    credit(20_000, "trx-part").await;
    let order = shop.order_id(&cookie, "k").await;
    let invoice = shop.invoice_of(&order).await;
    let rest = invoice.total - Rupiah(20_000);
    let intent = start_rest(invoice.id.clone()).await;
    assert_eq!(
        start_rest(invoice.id.clone()).await,
        intent,
        "a second press reuses it"
    );
    let attempt = app::payments::store::find(&state.db, &intent)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(attempt.amount, rest, "the gateway is asked for the rest only");
    let rest_invoice = app::billing::invoices::find(&state.db, &attempt.invoice_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rest_invoice.pays_invoice_id.as_ref(), Some(&invoice.id));
    pay_at_gateway(intent.clone(), rest, "trx-rest").await;
    pay_at_gateway(intent, rest, "trx-rest").await;
    assert_eq!(shop.statuses(&order).await, ("PAID".into(), "paid".into()));
    assert_eq!(balance(&state.db, &user).await.unwrap(), Rupiah::ZERO);
    assert_eq!(ledger_total(&state.db, &user).await.unwrap(), Rupiah::ZERO);
    let payments = ledger(&state.db, &user, Some(LedgerKind::Payment), 10)
        .await
        .unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].amount, -invoice.total);
    assert_eq!(
        ledger(&state.db, &user, Some(LedgerKind::Bonus), 10)
            .await
            .unwrap()
            .len(),
        0,
        "the rest of a payment earns no top-up bonus"
    );

    // The balance is spent before the rest arrives: the rest stays in the balance.
    credit(20_000, "trx-part-2").await;
    let second = shop.order_id(&cookie, "k2").await;
    let invoice = shop.invoice_of(&second).await;
    let intent = start_rest(invoice.id.clone()).await;
    let mut tx = state.db.begin().await.unwrap();
    let spend = Movement {
        kind: LedgerKind::Adjustment,
        ..deposit(&user, Rupiah(15_000), "spent")
    };
    debit_in(&mut tx, state.clock.as_ref(), &spend).await.unwrap();
    tx.commit().await.unwrap();
    pay_at_gateway(intent, invoice.total - Rupiah(20_000), "trx-rest-2").await;
    assert_eq!(
        shop.statuses(&second).await,
        ("PENDING_PAYMENT".into(), "unpaid".into())
    );
    assert_eq!(
        balance(&state.db, &user).await.unwrap(),
        Rupiah(5_000) + invoice.total - Rupiah(20_000)
    );
    assert_eq!(
        ledger_total(&state.db, &user).await.unwrap(),
        balance(&state.db, &user).await.unwrap()
    );
}

on_both_engines!(
    the_balance_pays_first_and_the_gateway_the_rest,
    paid_deposits_earn_the_best_running_bonus_once,
    a_paid_deposit_credits_the_balance_once,
    admins_adjust_a_balance_with_a_reason,
    renewals_are_paid_from_the_balance_when_it_covers_them,
    racing_debits_never_overdraw,
    a_reference_is_booked_once,
    an_invoice_is_paid_from_the_balance_once,
    the_api_pays_from_the_balance_and_pages_the_ledger,
);
