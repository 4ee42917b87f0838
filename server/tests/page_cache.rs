//! Anonymous visitors' public pages from memory (`server::page_cache`): the same bytes as a
//! fresh render but for the request's own nonce, never a signed-in page, and dropped when
//! the catalog changes, an announcement goes out (on any instance) or the time is up.

mod common;

use app::accounts::Role;
use app::clock::ManualClock;
use app::db::Engine;
use common::{TestApp, TestAppOptions, TestDatabase, announce, create_account, spawn_app_on};
use std::sync::Arc;
use std::time::Duration;

/// Long enough that only what the test does drops a page; the catalog itself is read from
/// the database on every render, so the page cache is the only thing that remembers.
fn options(clock: &ManualClock) -> TestAppOptions {
    TestAppOptions {
        clock: Some(Arc::new(clock.clone())),
        env: vec![
            ("WEBRANA_PAGE_CACHE_SECS", "600".into()),
            ("WEBRANA_CATALOG_CACHE_SECS", "0".into()),
        ],
        ..TestAppOptions::default()
    }
}

async fn app_on(database: Arc<TestDatabase>, clock: &ManualClock) -> TestApp {
    let app = spawn_app_on(database, options(clock)).await;
    server::seed::seed_catalog(&app.state.db, app.state.clock.as_ref())
        .await
        .expect("catalog seeds");
    app
}

async fn spawn(engine: Engine) -> (TestApp, ManualClock) {
    let clock = ManualClock::new(chrono::Utc::now());
    let database = Arc::new(TestDatabase::create(engine).await);
    (app_on(database, &clock).await, clock)
}

/// The page and the nonce its policy allows.
async fn page_with_nonce(app: &TestApp, path: &str, cookie: Option<&str>) -> (String, String) {
    let response = match cookie {
        Some(cookie) => app.get_with(path, &[("cookie", cookie)]).await,
        None => app.get(path).await,
    };
    assert_eq!(response.status(), 200, "{path}");
    let nonce = common::policy_nonce(response.headers()["content-security-policy"].to_str().unwrap());
    (response.text().await.unwrap(), nonce)
}

async fn page(app: &TestApp, path: &str) -> String {
    page_with_nonce(app, path, None).await.0
}

/// Renames the cheapest plan in the database only: no render before a drop shows it.
async fn rename_a_plan_quietly(app: &TestApp, name: &str) {
    let sql =
        "UPDATE plans SET name = $1 WHERE id = (SELECT id FROM plans ORDER BY monthly_price, id LIMIT 1)";
    app::on_db!(&app.state.db, pool => sqlx::query(sql).bind(name).execute(pool).await.map(|_| ())).unwrap();
}

async fn a_repeat_visit_is_the_first_render_with_its_own_nonce(engine: Engine) {
    let (app, _clock) = spawn(engine).await;
    let (first, first_nonce) = page_with_nonce(&app, "/plans", None).await;
    rename_a_plan_quietly(&app, "Paket Baru Sekali").await;
    let (again, again_nonce) = page_with_nonce(&app, "/plans", None).await;

    assert_ne!(first_nonce, again_nonce, "every answer has a nonce of its own");
    assert!(again.contains(&format!(r#"nonce="{again_nonce}""#)), "{again}");
    assert!(!again.contains(&first_nonce), "no other visitor's nonce");
    assert_eq!(
        again.replace(&again_nonce, "N"),
        first.replace(&first_nonce, "N"),
        "the same page as the first render"
    );
    assert!(!again.contains("Paket Baru Sekali"), "answered from memory");
    // Another address is another page: rendered, with the new name.
    assert!(
        page(&app, "/plans?sort=price")
            .await
            .contains("Paket Baru Sekali")
    );
}

async fn language_theme_and_sessions_are_never_mixed_up(engine: Engine) {
    let (app, _clock) = spawn(engine).await;
    assert!(page(&app, "/").await.contains(r#"<html lang="id""#));
    let (english, _) = page_with_nonce(&app, "/", Some("lang=en; theme=dark")).await;
    assert!(english.contains(r#"lang="en""#) && english.contains(r#"class="dark""#));
    assert!(english.contains("Reliable VPS, ready in minutes"));
    let (indonesian, _) = page_with_nonce(&app, "/", Some("theme=light")).await;
    assert!(indonesian.contains("VPS andal, siap dalam hitungan menit"));
    assert!(indonesian.contains(r#"data-theme="light""#));

    // A signed-in visitor's page is rendered for them, never kept.
    page(&app, "/plans").await;
    rename_a_plan_quietly(&app, "Paket Pelanggan").await;
    assert!(!page(&app, "/plans").await.contains("Paket Pelanggan"));
    create_account(
        &app,
        "sari@example.co.id",
        "Sari",
        "kata-sandi-panjang-sekali",
        Role::Customer,
    )
    .await;
    let cookie = app
        .sign_in("sari@example.co.id", "kata-sandi-panjang-sekali")
        .await;
    let (signed_in, _) = page_with_nonce(&app, "/plans", Some(&cookie)).await;
    assert!(signed_in.contains("Paket Pelanggan"), "{signed_in}");
}

async fn a_catalog_change_or_the_end_of_its_time_drops_a_page(engine: Engine) {
    let (app, clock) = spawn(engine).await;
    page(&app, "/plans").await;
    rename_a_plan_quietly(&app, "Paket Diubah Admin").await;
    assert!(!page(&app, "/plans").await.contains("Paket Diubah Admin"));
    // What every admin catalog change does after it commits (tests/admin_commerce.rs).
    app.services.catalog.invalidate();
    assert!(page(&app, "/plans").await.contains("Paket Diubah Admin"));

    // The app's clock says the time is up (the wall clock would too, 600 s on).
    rename_a_plan_quietly(&app, "Paket Sepuluh Menit").await;
    assert!(!page(&app, "/plans").await.contains("Paket Sepuluh Menit"));
    clock.advance(Duration::from_secs(601));
    assert!(page(&app, "/plans").await.contains("Paket Sepuluh Menit"));
}

/// The banner's event reaches the cache a moment after the job.
async fn eventually_shows(app: &TestApp, path: &str, text: &str) {
    common::eventually(&format!("{text} on {path}"), || async {
        page(app, path).await.contains(text)
    })
    .await;
}

async fn an_announcement_going_out_drops_every_page(engine: Engine) {
    let (app, _clock) = spawn(engine).await;
    page(&app, "/").await;
    announce(&app, "Pemeliharaan Jakarta").await;
    assert!(
        !page(&app, "/").await.contains("Pemeliharaan Jakarta"),
        "not sent yet"
    );
    app.run_jobs().await;
    eventually_shows(&app, "/", "Pemeliharaan Jakarta").await;
}

/// On PostgreSQL an announcement sent by one instance drops the pages the others keep.
async fn an_announcement_sent_elsewhere_drops_this_instances_pages() {
    let clock = ManualClock::new(chrono::Utc::now());
    let database = Arc::new(TestDatabase::create(Engine::Postgres).await);
    let here = app_on(database.clone(), &clock).await;
    let elsewhere = spawn_app_on(database, options(&clock)).await;
    page(&here, "/").await;
    announce(&elsewhere, "Gangguan Singapura").await;
    elsewhere.run_jobs().await;
    eventually_shows(&here, "/", "Gangguan Singapura").await;
}

on_both_engines!(
    a_repeat_visit_is_the_first_render_with_its_own_nonce,
    language_theme_and_sessions_are_never_mixed_up,
    a_catalog_change_or_the_end_of_its_time_drops_a_page,
    an_announcement_going_out_drops_every_page,
);

on_postgres!(an_announcement_sent_elsewhere_drops_this_instances_pages);
