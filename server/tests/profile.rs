//! The owner's own account: profile, password, e-mail address and deletion, on both engines.

mod common;

use app::accounts::Role;
use app::db::Engine;
use common::{TestApp, create_account, spawn_app, token_in_mail};

const PASSWORD: &str = "gunung-rinjani-pagi-berkabut-41";
const NEW_PASSWORD: &str = "sawah-terasering-di-ubud-2026";

async fn signed_in(app: &TestApp) -> (app::accounts::User, String) {
    let user = create_account(app, "budi@webrana.test", "Budi Santoso", PASSWORD, Role::Customer).await;
    let cookie = app.sign_in("budi@webrana.test", PASSWORD).await;
    (user, cookie)
}

async fn errors(response: reqwest::Response) -> serde_json::Value {
    assert_eq!(response.status(), 422);
    response.json::<serde_json::Value>().await.unwrap()["Validation"].clone()
}

async fn profile(app: &TestApp, cookie: &str) -> serde_json::Value {
    app.post_fn("/api/account/profile", Some(cookie), &[])
        .await
        .json()
        .await
        .unwrap()
}

async fn the_profile_is_validated_and_saved(engine: Engine) {
    let app = spawn_app(engine).await;
    let (_, cookie) = signed_in(&app).await;
    let bad = [("name", ""), ("phone", "call me"), ("language", "fr")];
    let bad = errors(
        app.post_fn("/api/account/profile/update", Some(&cookie), &bad)
            .await,
    )
    .await;
    assert_eq!(bad["name"], "Required");
    assert_eq!(bad["phone"], "PhoneInvalid");
    assert_eq!(bad["language"], "Required");

    let form = [
        ("name", "Budi S."),
        ("phone", "+62 812-3456-7890"),
        ("company", "PT Maju Jaya"),
        ("address", "Jl. Sudirman 1, Jakarta"),
        ("language", "en"),
    ];
    let saved = app
        .post_fn("/api/account/profile/update", Some(&cookie), &form)
        .await;
    assert!(saved.status().is_success(), "{}", saved.status());
    let lang_cookie = saved
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("lang=en"));
    assert!(lang_cookie, "the site switches to the chosen language");
    let now = profile(&app, &cookie).await;
    assert_eq!(now["name"], "Budi S.");
    assert_eq!(now["phone"], "+62 812-3456-7890");
    assert_eq!(now["company"], "PT Maju Jaya");
    assert_eq!(now["language"], "en");
}

async fn changing_the_password_needs_the_current_one_and_signs_out_elsewhere(engine: Engine) {
    let app = spawn_app(engine).await;
    let (_, cookie) = signed_in(&app).await;
    let elsewhere = app.sign_in("budi@webrana.test", PASSWORD).await;
    let wrong = [
        ("current_password", "salah-salah-salah"),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    assert_eq!(
        errors(app.post_fn("/api/account/password", Some(&cookie), &wrong).await).await["current_password"],
        "CurrentPasswordWrong"
    );
    let mismatch = [
        ("current_password", PASSWORD),
        ("password", NEW_PASSWORD),
        ("password_confirm", "lain"),
    ];
    assert_eq!(
        errors(
            app.post_fn("/api/account/password", Some(&cookie), &mismatch)
                .await
        )
        .await["password_confirm"],
        "PasswordMismatch"
    );

    let form = [
        ("current_password", PASSWORD),
        ("password", NEW_PASSWORD),
        ("password_confirm", NEW_PASSWORD),
    ];
    assert!(
        app.post_fn("/api/account/password", Some(&cookie), &form)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        app.me(Some(&cookie)).await["email"],
        "budi@webrana.test",
        "this session stays"
    );
    assert_eq!(
        app.me(Some(&elsewhere)).await,
        serde_json::Value::Null,
        "others are signed out"
    );
    app.sign_in("budi@webrana.test", NEW_PASSWORD).await;
}

async fn a_new_email_address_counts_once_confirmed(engine: Engine) {
    let app = spawn_app(engine).await;
    let (_, cookie) = signed_in(&app).await;
    create_account(&app, "taken@webrana.test", "Taken", PASSWORD, Role::Customer).await;
    let taken = [
        ("new_email", "taken@webrana.test"),
        ("current_password", PASSWORD),
    ];
    assert_eq!(
        errors(app.post_fn("/api/account/email", Some(&cookie), &taken).await).await["new_email"],
        "EmailTaken"
    );
    let no_password = [
        ("new_email", "budi.baru@example.co.id"),
        ("current_password", "x"),
    ];
    assert_eq!(
        errors(
            app.post_fn("/api/account/email", Some(&cookie), &no_password)
                .await
        )
        .await["current_password"],
        "CurrentPasswordWrong"
    );

    let form = [
        ("new_email", "Budi.Baru@Example.co.id"),
        ("current_password", PASSWORD),
    ];
    assert!(
        app.post_fn("/api/account/email", Some(&cookie), &form)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        profile(&app, &cookie).await["email"],
        "budi@webrana.test",
        "unchanged until confirmed"
    );
    app.run_jobs().await;
    let mail = app.sent_mail();
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].contains("budi.baru@example.co.id"),
        "sent to the new address"
    );
    let token = token_in_mail(&mail[0], "/verify-email");
    assert!(
        app.post_fn("/api/auth/verify-email", None, &[("token", &token)])
            .await
            .status()
            .is_success()
    );
    let now = profile(&app, &cookie).await;
    assert_eq!(now["email"], "budi.baru@example.co.id");
    assert_eq!(now["email_verified"], true);
    app.sign_in("budi.baru@example.co.id", PASSWORD).await;

    let filter = app::audit::AuditFilter {
        action: Some(app::audit::AuditAction::EmailChanged),
        ..Default::default()
    };
    assert_eq!(app::audit::list(&app.state.db, &filter).await.unwrap().len(), 1);
}

async fn deleting_the_account_anonymises_it(engine: Engine) {
    let app = spawn_app(engine).await;
    let (user, cookie) = signed_in(&app).await;
    let elsewhere = app.sign_in("budi@webrana.test", PASSWORD).await;
    let unconfirmed = [("current_password", PASSWORD), ("confirm", "someone@else.id")];
    assert_eq!(
        errors(
            app.post_fn("/api/account/delete", Some(&cookie), &unconfirmed)
                .await
        )
        .await["confirm"],
        "ConfirmEmailMismatch"
    );

    let form = [("current_password", PASSWORD), ("confirm", "budi@webrana.test")];
    assert!(
        app.post_fn("/api/account/delete", Some(&cookie), &form)
            .await
            .status()
            .is_success()
    );
    assert_eq!(app.me(Some(&cookie)).await, serde_json::Value::Null);
    assert_eq!(app.me(Some(&elsewhere)).await, serde_json::Value::Null);
    let row = app::accounts::store::find_by_id(&app.state.db, &user.id)
        .await
        .unwrap()
        .expect("row kept for invoices");
    assert_eq!(row.status, app::accounts::AccountStatus::Deleted);
    assert!(!row.email.contains("budi") && row.name == "Deleted user" && row.phone.is_empty());
    let login = [("email", "budi@webrana.test"), ("password", PASSWORD)];
    assert_eq!(app.post_fn("/api/auth/login", None, &login).await.status(), 401);
    let again = create_account(&app, "budi@webrana.test", "Budi Baru", PASSWORD, Role::Customer).await;
    assert_ne!(again.id, user.id, "the address is free again");
}

on_both_engines!(
    the_profile_is_validated_and_saved,
    changing_the_password_needs_the_current_one_and_signs_out_elsewhere,
    a_new_email_address_counts_once_confirmed,
    deleting_the_account_anonymises_it,
);
