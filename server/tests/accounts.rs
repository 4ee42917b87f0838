//! Account rules through the real endpoints, on both engines: sign-up and e-mail
//! verification, lockout, per-IP limits, password reset, session expiry and CSRF refusal.
//! Time moves by an injected clock; no test waits for anything to expire.

mod common;

use app::accounts::Role;
use app::db::Engine;
use common::{TestApp, create_account, session_cookie, spawn_app, spawn_app_with_clock, token_in_mail};
use std::time::Duration;

const PASSWORD: &str = "gunung-rinjani-pagi-berkabut-41";
const NEW_PASSWORD: &str = "sawah-terasering-di-ubud-2026";
const MINUTE: Duration = Duration::from_secs(60);

async fn sign_up(app: &TestApp, email: &str) -> reqwest::Response {
    let form = [
        ("name", "Siti Rahayu"),
        ("email", email),
        ("password", PASSWORD),
        ("accept_terms", "on"),
    ];
    app.post_fn("/api/auth/signup", None, &form).await
}

/// The field → message-key map of a 422 answer.
async fn field_errors(response: reqwest::Response) -> serde_json::Value {
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(status, 422, "{body}");
    body["Validation"].clone()
}

async fn assert_ok(response: reqwest::Response) -> reqwest::Response {
    if !response.status().is_success() {
        panic!("{}: {}", response.status(), response.text().await.unwrap());
    }
    response
}

async fn sign_up_verify_by_mail_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = assert_ok(sign_up(&app, "Siti@Example.co.id").await).await;
    let cookie = session_cookie(&response).expect("signed in after sign-up");
    let me = app.me(Some(&cookie)).await;
    assert_eq!(me["email"], "siti@example.co.id");
    assert_eq!(me["email_verified"], false, "not verified until the link is used");

    assert_eq!(app.run_jobs().await, 1, "one verification e-mail job");
    let mail = app.sent_mail();
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].contains("To: \"Siti Rahayu\" <siti@example.co.id>")
            || mail[0].contains("To: Siti Rahayu <siti@example.co.id>"),
        "{}",
        mail[0]
    );
    assert!(
        mail[0].contains("Subject: Konfirmasi alamat e-mail Anda"),
        "{}",
        mail[0]
    );
    let token = token_in_mail(&mail[0], "/verify-email");

    let verified = app
        .post_fn("/api/auth/verify-email", None, &[("token", &token)])
        .await;
    assert!(verified.status().is_success(), "{}", verified.status());
    assert_eq!(app.me(Some(&cookie)).await["email_verified"], true);

    let again = app
        .post_fn("/api/auth/verify-email", None, &[("token", &token)])
        .await;
    assert_eq!(
        field_errors(again).await["token"],
        "TokenInvalid",
        "a link works once"
    );
}

async fn verification_links_expire_after_a_day(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    sign_up(&app, "late@example.co.id").await;
    app.run_jobs().await;
    let token = token_in_mail(&app.sent_mail()[0], "/verify-email");
    clock.advance(Duration::from_secs(24 * 60 * 60 + 1));
    let late = app
        .post_fn("/api/auth/verify-email", None, &[("token", &token)])
        .await;
    assert_eq!(field_errors(late).await["token"], "TokenInvalid");
}

async fn sign_up_refuses_bad_input_field_by_field(engine: Engine) {
    let app = spawn_app(engine).await;
    let form = [("name", " "), ("email", "siti@"), ("password", "indonesia123")];
    let errors = field_errors(app.post_fn("/api/auth/signup", None, &form).await).await;
    assert_eq!(errors["name"], "Required");
    assert_eq!(errors["email"], "EmailInvalid");
    assert_eq!(errors["password"], "PasswordTooCommon");
    assert_eq!(errors["accept_terms"], "TermsRequired");

    create_account(&app, "taken@example.co.id", "Taken", PASSWORD, Role::Customer).await;
    let errors = field_errors(sign_up(&app, "TAKEN@example.co.id").await).await;
    assert_eq!(errors["email"], "EmailTaken");
    assert!(app.sent_mail().is_empty());
}

async fn five_failures_lock_an_address_for_fifteen_minutes(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let login = |email: &'static str, password: &'static str| {
        let app = &app;
        async move { app.post_login(email, password).await }
    };
    for email in ["budi@webrana.test", "nobody@webrana.test"] {
        for attempt in 1..=4 {
            assert_eq!(
                login(email, "salah-salah-salah").await.status(),
                401,
                "{email} attempt {attempt}"
            );
        }
        let fifth = login(email, "salah-salah-salah").await;
        assert_eq!(fifth.status(), 429, "{email}: the fifth failure locks");
        assert_eq!(
            fifth.text().await.unwrap(),
            "\"AccountLocked\"",
            "same answer for known and unknown"
        );
    }
    assert_eq!(
        login("budi@webrana.test", PASSWORD).await.status(),
        429,
        "locked even with the right password"
    );

    clock.advance(14 * MINUTE);
    assert_eq!(login("budi@webrana.test", PASSWORD).await.status(), 429);
    clock.advance(MINUTE);
    assert_eq!(
        login("budi@webrana.test", PASSWORD).await.status(),
        200,
        "unlocked after 15 minutes"
    );

    let filter = app::audit::AuditFilter {
        action: Some(app::audit::AuditAction::AccountLocked),
        ..Default::default()
    };
    assert_eq!(
        app::audit::list(&app.state.db, &filter).await.unwrap().len(),
        2,
        "lockouts are audited"
    );
}

/// Failing on purpose from one client (or one IPv6 /64) locks that client out of the
/// address, not the owner signing in from elsewhere (issue 20, item 6); the per-IP limit and
/// the client come from the trusted proxy's `X-Forwarded-For`.
async fn a_lockout_holds_only_for_the_client_that_failed(engine: Engine) {
    let app = common::spawn_app_with_env(engine, vec![("WEBRANA_TRUSTED_PROXIES", "127.0.0.1".into())]).await;
    create_account(&app, "admin@webrana.test", "Admin", PASSWORD, Role::Admin).await;
    let login_from = |client: &'static str, password: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/auth/login"))
                .header("accept", "application/json")
                .header("x-forwarded-for", format!("198.51.100.77, {client}"))
                .form(&[("email", "admin@webrana.test"), ("password", password)])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let attacker = "2001:db8:bad:1::1";
    for _ in 0..4 {
        assert_eq!(login_from(attacker, "salah-salah-salah").await, 401);
    }
    assert_eq!(login_from(attacker, "salah-salah-salah").await, 429, "locked");
    assert_eq!(
        login_from("2001:db8:bad:1:ffff::9", PASSWORD).await,
        429,
        "the same /64 is the same client"
    );
    assert_eq!(
        login_from("203.0.113.9", PASSWORD).await,
        200,
        "the owner elsewhere still signs in"
    );
    assert_eq!(
        login_from("2001:db8:bad:2::1", PASSWORD).await,
        200,
        "another /64"
    );
    let recorded = app
        .text(
            "SELECT client FROM login_throttle WHERE email = $1",
            "admin@webrana.test",
        )
        .await;
    assert_eq!(
        recorded, "2001:db8:bad:1::/64",
        "counted by /64, not by the forged left entry"
    );
}

async fn failures_spread_over_more_than_fifteen_minutes_do_not_lock(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    for _ in 0..4 {
        let wrong = [("email", "budi@webrana.test"), ("password", "salah-salah-salah")];
        assert_eq!(app.post_fn("/api/auth/login", None, &wrong).await.status(), 401);
    }
    clock.advance(16 * MINUTE);
    let wrong = [("email", "budi@webrana.test"), ("password", "salah-salah-salah")];
    assert_eq!(
        app.post_fn("/api/auth/login", None, &wrong).await.status(),
        401,
        "a new window"
    );
}

async fn auth_endpoints_allow_thirty_requests_per_minute_per_ip(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    let form = [("email", "someone@example.co.id")];
    for attempt in 1..=30 {
        let response = app.post_fn("/api/auth/forgot-password", None, &form).await;
        assert!(
            response.status().is_success(),
            "attempt {attempt}: {}",
            response.status()
        );
    }
    let limited = app.post_fn("/api/auth/forgot-password", None, &form).await;
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.text().await.unwrap(), "\"RateLimited\"");
    let login = [("email", "someone@example.co.id"), ("password", "x")];
    assert_eq!(
        app.post_fn("/api/auth/login", None, &login).await.status(),
        429,
        "shared by all auth endpoints"
    );

    clock.advance(MINUTE);
    assert!(
        app.post_fn("/api/auth/forgot-password", None, &form)
            .await
            .status()
            .is_success()
    );
}

async fn password_reset_works_once_and_signs_out_everywhere(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let laptop = app.sign_in("budi@webrana.test", PASSWORD).await;
    let phone = app.sign_in("budi@webrana.test", PASSWORD).await;

    for email in ["budi@webrana.test", "nobody@webrana.test"] {
        let response = app
            .post_fn("/api/auth/forgot-password", None, &[("email", email)])
            .await;
        assert!(response.status().is_success(), "same answer for {email}");
    }
    app.run_jobs().await;
    let mail = app.sent_mail();
    assert_eq!(mail.len(), 1, "only the existing account gets a link");
    let token = token_in_mail(&mail[0], "/reset-password");

    let weak = [
        ("token", token.as_str()),
        ("password", "password123"),
        ("password_confirm", "password123"),
    ];
    let errors = field_errors(app.post_fn("/api/auth/reset-password", None, &weak).await).await;
    assert_eq!(errors["password"], "PasswordTooCommon", "{errors}");

    clock.advance(30 * MINUTE);
    let form = [
        ("token", token.as_str()),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    let reset = app.post_fn("/api/auth/reset-password", None, &form).await;
    assert!(reset.status().is_success(), "{}", reset.status());
    assert_eq!(
        app.me(Some(&laptop)).await,
        serde_json::Value::Null,
        "other sessions revoked"
    );
    assert_eq!(app.me(Some(&phone)).await, serde_json::Value::Null);

    let reuse = app.post_fn("/api/auth/reset-password", None, &form).await;
    assert_eq!(field_errors(reuse).await["token"], "TokenInvalid");
    let old = [("email", "budi@webrana.test"), ("password", PASSWORD)];
    assert_eq!(app.post_fn("/api/auth/login", None, &old).await.status(), 401);
    app.sign_in("budi@webrana.test", NEW_PASSWORD).await;
}

/// Asks for a reset link for `email` and returns the token it carries.
async fn reset_token(app: &TestApp, email: &str) -> String {
    app.post_fn("/api/auth/forgot-password", None, &[("email", email)])
        .await;
    app.run_jobs().await;
    token_in_mail(&app.sent_mail()[0], "/reset-password")
}

async fn reset_links_expire_after_an_hour(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let token = reset_token(&app, "budi@webrana.test").await;
    clock.advance(61 * MINUTE);
    let form = [
        ("token", token.as_str()),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    let late = app.post_fn("/api/auth/reset-password", None, &form).await;
    assert_eq!(field_errors(late).await["token"], "TokenInvalid");
}

/// Budi signed in twice: without "remember me" (a browser session) and with it.
async fn two_sessions(app: &common::TestApp) -> (String, String) {
    create_account(app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let browser_session = app.sign_in("budi@webrana.test", PASSWORD).await;
    let form = [
        ("email", "budi@webrana.test"),
        ("password", PASSWORD),
        ("remember", "on"),
    ];
    let remembered = session_cookie(&app.post_fn("/api/auth/login", None, &form).await).unwrap();
    (browser_session, remembered)
}

async fn sessions_end_after_idle_and_absolute_limits(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    let (browser_session, remembered) = two_sessions(&app).await;

    clock.advance(13 * 60 * MINUTE);
    assert_eq!(
        app.me(Some(&browser_session)).await,
        serde_json::Value::Null,
        "12 h idle limit"
    );
    assert_eq!(
        app.me(Some(&remembered)).await["email"],
        "budi@webrana.test",
        "remember me outlives it"
    );

    for month in 1..=3 {
        clock.advance(29 * 24 * 60 * MINUTE);
        assert_eq!(
            app.me(Some(&remembered)).await["email"],
            "budi@webrana.test",
            "kept alive by use ({month})"
        );
    }
    clock.advance(3 * 24 * 60 * MINUTE);
    assert_eq!(
        app.me(Some(&remembered)).await,
        serde_json::Value::Null,
        "90-day absolute limit"
    );
}

/// The cookie a signed-in view of the dashboard sets, if any.
async fn set_cookie_of_a_page_view(app: &common::TestApp, cookie: &str) -> Option<String> {
    let page = app.get_with("/dashboard", &[("cookie", cookie)]).await;
    assert_eq!(page.status(), 200);
    page.headers()
        .get("set-cookie")
        .map(|value| value.to_str().unwrap().to_owned())
}

/// Reading pages signed in writes nothing back: no session save, no new cookie, until the
/// session's "last seen" is due (every few minutes); that save keeps the session's own
/// cookie policy (a browser session's cookie has no expiry, a remembered one 30 days).
async fn signed_in_pages_leave_the_session_alone_until_it_is_due(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    let (browser_session, remembered) = two_sessions(&app).await;
    for _ in 0..3 {
        assert_eq!(
            set_cookie_of_a_page_view(&app, &browser_session).await,
            None,
            "nothing to save"
        );
        assert_eq!(
            set_cookie_of_a_page_view(&app, &remembered).await,
            None,
            "nothing to save"
        );
    }
    clock.advance(6 * MINUTE);
    let browser_cookie = set_cookie_of_a_page_view(&app, &browser_session)
        .await
        .expect("last seen saved");
    assert!(!browser_cookie.contains("Max-Age"), "{browser_cookie}");
    let remembered_cookie = set_cookie_of_a_page_view(&app, &remembered)
        .await
        .expect("last seen saved");
    assert!(
        remembered_cookie.contains("Max-Age=2592000"),
        "{remembered_cookie}"
    );
}

async fn cross_site_posts_are_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let cookie = app.sign_in("budi@webrana.test", PASSWORD).await;
    let forged = |headers: &'static [(&'static str, &'static str)]| {
        let request = headers.iter().fold(
            app.client
                .post(app.url("/api/auth/logout"))
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded"),
            |request, (name, value)| request.header(*name, *value),
        );
        async move { request.send().await.unwrap() }
    };
    let from_evil_page = forged(&[
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ])
    .await;
    assert_eq!(from_evil_page.status(), 403);
    let old_browser = forged(&[("origin", "https://evil.example")]).await;
    assert_eq!(old_browser.status(), 403);
    let sandboxed = forged(&[("origin", "null")]).await;
    assert_eq!(sandboxed.status(), 403);
    assert_eq!(
        app.me(Some(&cookie)).await["email"],
        "budi@webrana.test",
        "still signed in"
    );

    let own_page = forged(&[("sec-fetch-site", "same-origin")]).await;
    assert!(own_page.status().is_success() || own_page.status().is_redirection());
    assert_eq!(app.me(Some(&cookie)).await, serde_json::Value::Null);
}

async fn a_reset_link_used_twice_at_once_works_once(engine: Engine) {
    let app = spawn_app(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let token = reset_token(&app, "budi@webrana.test").await;
    let form = [
        ("token", token.as_str()),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    // A double click: both requests race for the same single-use token.
    let (first, second) = tokio::join!(
        app.post_fn("/api/auth/reset-password", None, &form),
        app.post_fn("/api/auth/reset-password", None, &form),
    );
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 422], "exactly one use succeeds");
    let filter = app::audit::AuditFilter {
        action: Some(app::audit::AuditAction::PasswordReset),
        ..Default::default()
    };
    assert_eq!(app::audit::list(&app.state.db, &filter).await.unwrap().len(), 1);
}

async fn the_session_cookie_is_secure_behind_https(engine: Engine) {
    let app = common::spawn_app_with_env(
        engine,
        vec![
            ("WEBRANA_PUBLIC_URL", "https://webrana.example".to_string()),
            ("WEBRANA_SMTP_URL", "smtp://127.0.0.1:2525".to_string()),
        ],
    )
    .await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let response = app.post_login("budi@webrana.test", PASSWORD).await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_string())
        .find(|cookie| cookie.starts_with("webrana_session="))
        .expect("session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
}

on_both_engines!(
    a_reset_link_used_twice_at_once_works_once,
    the_session_cookie_is_secure_behind_https,
    sign_up_verify_by_mail_once,
    verification_links_expire_after_a_day,
    sign_up_refuses_bad_input_field_by_field,
    five_failures_lock_an_address_for_fifteen_minutes,
    a_lockout_holds_only_for_the_client_that_failed,
    failures_spread_over_more_than_fifteen_minutes_do_not_lock,
    auth_endpoints_allow_thirty_requests_per_minute_per_ip,
    password_reset_works_once_and_signs_out_everywhere,
    reset_links_expire_after_an_hour,
    sessions_end_after_idle_and_absolute_limits,
    signed_in_pages_leave_the_session_alone_until_it_is_due,
    cross_site_posts_are_refused,
);
