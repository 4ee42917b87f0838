//! Signing in and out through the real HTTP endpoints, on both engines.

mod common;

use app::accounts::Role;
use app::db::Engine;
use common::{TestApp, create_account, session_cookie, spawn_app};

const PASSWORD: &str = "gunung-rinjani-pagi-berkabut-41";

async fn app_with_user(engine: Engine) -> TestApp {
    let app = spawn_app(engine).await;
    create_account(
        &app,
        "budi@webrana.test",
        "Budi Santoso",
        PASSWORD,
        Role::Customer,
    )
    .await;
    app
}

async fn signing_in_starts_a_session_and_signing_out_ends_it(engine: Engine) {
    let app = app_with_user(engine).await;
    let response = app.post_login("Budi@WeBrana.test", PASSWORD).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    let cookie = session_cookie(&response).expect("session cookie set");
    assert_eq!(app.me(Some(&cookie)).await["email"], "budi@webrana.test");
    assert_eq!(
        app.me(None).await,
        serde_json::Value::Null,
        "no cookie, nobody signed in"
    );

    let logout = app
        .client
        .post(app.url("/api/auth/logout"))
        .header("accept", "application/json")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(logout.status().is_success() || logout.status().is_redirection());
    assert_eq!(
        app.me(Some(&cookie)).await,
        serde_json::Value::Null,
        "the session is gone on the server"
    );

    let audit = app::audit::list(&app.state.db, &Default::default())
        .await
        .unwrap();
    assert_eq!(audit[0].action, "auth.login");
}

async fn wrong_password_and_unknown_email_get_the_same_answer(engine: Engine) {
    let app = app_with_user(engine).await;
    let wrong = app
        .post_login("budi@webrana.test", "not-the-password-at-all")
        .await;
    let unknown = app
        .post_login("nobody@webrana.test", "not-the-password-at-all")
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(session_cookie(&wrong).is_none());
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());

    let filter = app::audit::AuditFilter {
        action: Some(app::audit::AuditAction::LoginFailed),
        ..Default::default()
    };
    assert_eq!(
        app::audit::list(&app.state.db, &filter).await.unwrap().len(),
        2,
        "failed logins are audited"
    );
}

async fn a_browser_form_post_signs_in_and_redirects_home(engine: Engine) {
    let app = app_with_user(engine).await;
    let form = [("email", "budi@webrana.test"), ("password", PASSWORD)];
    let response = app.browser_form_post("/api/auth/login", "/login", &form).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()["location"], "/");
    let cookie = session_cookie(&response).expect("session cookie set");
    let home = app
        .client
        .get(app.url("/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(
        home.text().await.unwrap().contains("Budi Santoso"),
        "the header shows who is signed in"
    );
}

on_both_engines!(
    signing_in_starts_a_session_and_signing_out_ends_it,
    wrong_password_and_unknown_email_get_the_same_answer,
    a_browser_form_post_signs_in_and_redirects_home,
);
