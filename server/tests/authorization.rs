//! Who may call what: the authorization matrix over every protected endpoint, on both
//! engines. New capabilities add their rows here.

mod common;

use app::db::Engine;
use common::authz::{ADMIN, OWNER, Row, SIGNED_IN, STAFF, assert_matrix};
use common::personas::{Persona, Personas, sign_in_with_code};
use common::{create_account, spawn_app};

async fn every_protected_endpoint_checks_who_calls_it(engine: Engine) {
    let app = spawn_app(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    // A user the admin rows act on (so the personas themselves stay as they are).
    let target = create_account(
        &app,
        "target@webrana.test",
        "Tara Target",
        common::personas::PASSWORD,
        app::accounts::Role::Customer,
    )
    .await;
    // One of the customer's sessions, named as the sessions page names it.
    let customer_sessions: serde_json::Value = app
        .post_fn("/api/account/sessions", personas.cookie(Persona::Customer), &[])
        .await
        .json()
        .await
        .unwrap();
    let customer_session = customer_sessions[0]["handle"].as_str().unwrap().to_string();
    let extra_session = app
        .sign_in("customer@webrana.test", common::personas::PASSWORD)
        .await;
    let sessions_now: serde_json::Value = app
        .post_fn("/api/account/sessions", Some(&extra_session), &[])
        .await
        .json()
        .await
        .unwrap();
    let other_device = sessions_now
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .map(|s| s["handle"].as_str().unwrap().to_string())
        .unwrap();
    assert_ne!(other_device, "", "{customer_session}");

    let rows = [
        Row::new("who am I", "/api/auth/me", &Persona::ALL),
        Row::new("my sessions", "/api/account/sessions", SIGNED_IN),
        Row::new("my 2FA state", "/api/account/2fa/status", SIGNED_IN),
        Row::new("resend verification", "/api/auth/resend-verification", SIGNED_IN),
        Row::new("my profile", "/api/account/profile", SIGNED_IN),
        // Invalid on purpose (empty name, wrong current password): authorization comes first.
        Row::new("update my profile", "/api/account/profile/update", SIGNED_IN)
            .field("name", "")
            .field("language", "id"),
        Row::new("change my password", "/api/account/password", SIGNED_IN)
            .field("current_password", "wrong")
            .field("password", "x")
            .field("password_confirm", "x"),
        Row::new("change my e-mail", "/api/account/email", SIGNED_IN)
            .field("new_email", "new@example.co.id")
            .field("current_password", "wrong"),
        Row::new("delete my account", "/api/account/delete", SIGNED_IN)
            .field("current_password", "wrong")
            .field("confirm", "x"),
        Row::new("confirm 2FA enrolment", "/api/account/2fa/confirm", SIGNED_IN).field("code", "000000"),
        Row::new("turn 2FA off", "/api/account/2fa/disable", SIGNED_IN)
            .field("password", "wrong")
            .field("code", "000000"),
        // Only the owner can sign out a session of theirs; others get "not found".
        Row::new(
            "sign out one of my sessions",
            "/api/account/sessions/revoke",
            OWNER,
        )
        .field("handle", other_device),
        Row::new("list users", "/api/admin/users", STAFF),
        Row::new("view a user", "/api/admin/users/get", STAFF).field("id", target.id.clone()),
        Row::new("audit log", "/api/admin/audit", STAFF),
        Row::new("suspend a user", "/api/admin/users/status", ADMIN)
            .field("id", target.id.clone())
            .field("suspend", "false"),
        Row::new("change a role", "/api/admin/users/role", ADMIN)
            .field("id", target.id.clone())
            .field("role", "customer"),
    ];
    assert_matrix(&app, &personas, &rows).await;
}

async fn staff_without_two_factor_are_kept_out_of_the_admin_panel(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = create_account(
        &app,
        "fresh-admin@webrana.test",
        "Fresh Admin",
        common::personas::PASSWORD,
        app::accounts::Role::Admin,
    )
    .await;
    let cookie = app.sign_in(&admin.email, common::personas::PASSWORD).await;
    let response = app.post_fn("/api/admin/users", Some(&cookie), &[]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.text().await.unwrap(), "\"TwoFactorRequired\"");
    let browser = |cookie| [("cookie", cookie), ("accept", "text/html")];
    let page = app.get_with("/admin", &browser(&cookie)).await;
    assert!(page.status().is_redirection(), "{}", page.status());
    assert_eq!(page.headers()["location"], "/account/security?required=1");

    app::accounts::store::set_totp(
        &app.state.db,
        app.state.clock.as_ref(),
        &admin.id,
        Some(common::personas::STAFF_TOTP_SECRET),
        true,
    )
    .await
    .unwrap();
    let with_2fa = sign_in_with_code(&app, &admin.email).await;
    assert!(
        app.post_fn("/api/admin/users", Some(&with_2fa), &[])
            .await
            .status()
            .is_success()
    );
    let page = app.get_with("/admin", &browser(&with_2fa)).await;
    assert_eq!(page.status(), 200);
}

on_both_engines!(
    every_protected_endpoint_checks_who_calls_it,
    staff_without_two_factor_are_kept_out_of_the_admin_panel,
);
