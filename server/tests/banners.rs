//! The announcement banner on signed-in pages, which the page cache never answers: it comes
//! from memory (`app::notifications::banners`), yet shows as soon as an announcement goes
//! out, on any instance, and goes when its time is up.

mod common;

use app::accounts::Role;
use app::clock::ManualClock;
use app::db::Engine;
use common::{TestApp, TestAppOptions, TestDatabase, announce, create_account, spawn_app_on};
use std::sync::Arc;
use std::time::Duration;

const CUSTOMER: &str = "sari@example.co.id";
const PASSWORD: &str = "kata-sandi-pelanggan-panjang";

/// Kept far longer than a test runs: only an event or a banner's end can change a copy.
fn options(clock: &ManualClock) -> TestAppOptions {
    TestAppOptions {
        clock: Some(Arc::new(clock.clone())),
        env: vec![("WEBRANA_PAGE_CACHE_SECS", "600".into())],
        ..TestAppOptions::default()
    }
}

/// An app and a signed-in customer's cookie.
async fn signed_in(database: Arc<TestDatabase>, clock: &ManualClock) -> (TestApp, String) {
    let app = spawn_app_on(database, options(clock)).await;
    create_account(&app, CUSTOMER, "Sari", PASSWORD, Role::Customer).await;
    let cookie = app.sign_in(CUSTOMER, PASSWORD).await;
    (app, cookie)
}

/// How many banners the customer's account page shows.
async fn banners(app: &TestApp, cookie: &str) -> usize {
    let response = app.get_with("/account", &[("cookie", cookie)]).await;
    assert_eq!(response.status(), 200);
    response
        .text()
        .await
        .unwrap()
        .matches(r#"data-testid="announcement""#)
        .count()
}

async fn a_banner_shows_when_it_goes_out_and_goes_when_it_ends(engine: Engine) {
    let clock = ManualClock::new(chrono::Utc::now());
    let (app, cookie) = signed_in(Arc::new(TestDatabase::create(engine).await), &clock).await;
    assert_eq!(banners(&app, &cookie).await, 0);
    announce(&app, "Pemeliharaan Jakarta").await;
    assert_eq!(banners(&app, &cookie).await, 0, "not sent yet");
    app.run_jobs().await;
    common::eventually("the banner", || async { banners(&app, &cookie).await == 1 }).await;
    // One day later by the app's clock (the banner's end), with no batch event at all; the
    // session has ended by then too, so the customer signs in again.
    clock.advance(Duration::from_secs(24 * 3600 + 1));
    let cookie = app.sign_in(CUSTOMER, PASSWORD).await;
    assert_eq!(banners(&app, &cookie).await, 0);
}

/// On PostgreSQL an announcement sent by another instance shows here too.
async fn a_banner_sent_elsewhere_shows_here() {
    let clock = ManualClock::new(chrono::Utc::now());
    let database = Arc::new(TestDatabase::create(Engine::Postgres).await);
    let (here, cookie) = signed_in(database.clone(), &clock).await;
    let elsewhere = spawn_app_on(database, options(&clock)).await;
    assert_eq!(banners(&here, &cookie).await, 0);
    announce(&elsewhere, "Gangguan Singapura").await;
    elsewhere.run_jobs().await;
    common::eventually("the banner from elsewhere", || async {
        banners(&here, &cookie).await == 1
    })
    .await;
}

on_both_engines!(a_banner_shows_when_it_goes_out_and_goes_when_it_ends);
on_postgres!(a_banner_sent_elsewhere_shows_here);
