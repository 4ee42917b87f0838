//! Guarded pages: anyone who may not open one is sent to sign in with a real redirect
//! (303 to `/login?next=…`) before the page renders, every time (issue 20, item 9).

mod common;

use app::accounts::Role;
use app::accounts::page_guard::{PageAccess, page_access};
use app::db::Engine;
use common::personas::{PASSWORD, STAFF_TOTP_SECRET, sign_in_with_code, turn_on_totp};
use common::{create_account, spawn_app};

/// Every page of the app with its path parameters filled in, as a browser would ask for it.
fn every_page() -> Vec<String> {
    leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|route| {
            route
                .path()
                .split('/')
                .map(
                    |segment| match segment.starts_with(':') || segment.starts_with('{') {
                        true => "00000000-0000-7000-8000-000000000000",
                        false => segment,
                    },
                )
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

/// The pages open to visitors. A new page must be added here or fall under a guarded area,
/// so nobody adds a customer page that renders for the signed-out by accident.
const PUBLIC_PAGES: &[&str] = &[
    "/",
    "/forgot-password",
    "/login",
    "/login/2fa",
    "/order",
    "/plans",
    "/reset-password",
    "/signup",
    "/unsubscribe",
    "/verify-email",
];

fn browser(cookie: Option<&str>) -> Vec<(&str, &str)> {
    let mut headers = vec![("accept", "text/html")];
    headers.extend(cookie.map(|cookie| ("cookie", cookie)));
    headers
}

async fn signed_out_visitors_are_sent_to_sign_in_from_every_guarded_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let pages = every_page();
    let mut public: Vec<&str> = pages
        .iter()
        .map(String::as_str)
        .filter(|page| page_access(page) == PageAccess::Public)
        .collect();
    public.sort_unstable();
    assert_eq!(public, PUBLIC_PAGES, "every page is public on purpose or guarded");
    for page in pages
        .iter()
        .filter(|page| page_access(page) != PageAccess::Public)
    {
        // Several times: the answer used to race between 200, 401 and a redirect.
        for _ in 0..3 {
            let asked = format!("{page}?tab=a%20b");
            let response = app.get_with(&asked, &browser(None)).await;
            assert_eq!(response.status(), 303, "{asked}");
            let expected = format!("/login?next={}", app::url::percent_encode(&asked));
            assert_eq!(response.headers()["location"], expected.as_str(), "{asked}");
        }
    }
}

async fn sign_in_returns_to_the_page_that_asked_for_it(engine: Engine) {
    let app = spawn_app(engine).await;
    create_account(&app, "kembali@webrana.test", "Kembali", PASSWORD, Role::Customer).await;
    let response = app
        .client
        .post(app.url("/api/auth/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login?next=%2Finvoices%3Fpage%3D2"))
        .form(&[
            ("email", "kembali@webrana.test"),
            ("password", PASSWORD),
            ("next", "/invoices?page=2"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()["location"], "/invoices?page=2");
    let cookie = common::session_cookie(&response).expect("signed in");
    let page = app.get_with("/invoices?page=2", &browser(Some(&cookie))).await;
    assert_eq!(page.status(), 200);
}

async fn staff_pages_need_the_second_factor_in_this_session(engine: Engine) {
    let app = spawn_app(engine).await;
    let customer = create_account(
        &app,
        "bukan-staf@webrana.test",
        "Bukan Staf",
        PASSWORD,
        Role::Customer,
    )
    .await;
    let cookie = app.sign_in(&customer.email, PASSWORD).await;
    let page = app.get_with("/admin/users", &browser(Some(&cookie))).await;
    assert_eq!(page.status(), 403, "a customer is told no, not shown the panel");

    // An admin whose account has 2FA but whose session signed in without it (it was
    // opened before 2FA was turned on) signs in again, with the code.
    let admin = create_account(&app, "staf-lama@webrana.test", "Staf Lama", PASSWORD, Role::Admin).await;
    let before = app.sign_in(&admin.email, PASSWORD).await;
    turn_on_totp(&app, &admin.id, STAFF_TOTP_SECRET).await;
    let page = app.get_with("/admin/users", &browser(Some(&before))).await;
    assert_eq!(page.status(), 303);
    assert_eq!(page.headers()["location"], "/login?next=%2Fadmin%2Fusers");
    let refused = app.post_fn("/api/admin/users", Some(&before), &[]).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(refused.text().await.unwrap(), "\"TwoFactorRequired\"");

    let with_code = sign_in_with_code(&app, &admin.email).await;
    assert_eq!(
        app.get_with("/admin/users", &browser(Some(&with_code)))
            .await
            .status(),
        200
    );
    assert!(
        app.post_fn("/api/admin/users", Some(&with_code), &[])
            .await
            .status()
            .is_success()
    );
}

on_both_engines!(
    signed_out_visitors_are_sent_to_sign_in_from_every_guarded_page,
    sign_in_returns_to_the_page_that_asked_for_it,
    staff_pages_need_the_second_factor_in_this_session,
);
