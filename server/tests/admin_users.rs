//! The admin users page and audit log through their endpoints, on both engines.

mod common;

use app::accounts::Role;
use app::db::Engine;
use common::personas::{PASSWORD, Persona, Personas};
use common::{TestApp, create_account, spawn_app};

async fn admin_post(
    app: &TestApp,
    personas: &Personas,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.post_fn(path, personas.cookie(Persona::Admin), form).await
}

async fn users_are_searched_and_filtered(engine: Engine) {
    let app = spawn_app(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    create_account(
        &app,
        "dewi.lestari@example.co.id",
        "Dewi Lestari",
        PASSWORD,
        Role::Customer,
    )
    .await;
    let names = |value: serde_json::Value| -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap().to_string())
            .collect()
    };
    let found = admin_post(&app, &personas, "/api/admin/users", &[("q", "LESTARI")]).await;
    assert_eq!(
        names(found.json().await.unwrap()),
        ["Dewi Lestari"],
        "search ignores case"
    );
    let by_mail = admin_post(&app, &personas, "/api/admin/users", &[("q", "example.co")]).await;
    assert_eq!(names(by_mail.json().await.unwrap()), ["Dewi Lestari"]);
    let wildcard = admin_post(&app, &personas, "/api/admin/users", &[("q", "%")]).await;
    assert!(
        names(wildcard.json().await.unwrap()).is_empty(),
        "% is a character, not a wildcard"
    );
    let staff = admin_post(&app, &personas, "/api/admin/users", &[("role", "support")]).await;
    assert_eq!(names(staff.json().await.unwrap()), ["Sari Support"]);
}

async fn suspension_signs_out_and_blocks_sign_in_until_lifted(engine: Engine) {
    let app = spawn_app(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    let customer = personas.cookie(Persona::Customer).unwrap().to_string();
    let id = personas.customer_id.clone();
    let suspend = admin_post(
        &app,
        &personas,
        "/api/admin/users/status",
        &[("id", &id), ("suspend", "true")],
    )
    .await;
    assert!(suspend.status().is_success(), "{}", suspend.status());
    assert_eq!(
        app.me(Some(&customer)).await,
        serde_json::Value::Null,
        "signed out everywhere"
    );
    let login = [("email", "customer@webrana.test"), ("password", PASSWORD)];
    let refused = app.post_fn("/api/auth/login", None, &login).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(refused.text().await.unwrap(), "\"AccountSuspended\"");

    let lift = admin_post(
        &app,
        &personas,
        "/api/admin/users/status",
        &[("id", &id), ("suspend", "false")],
    )
    .await;
    assert!(lift.status().is_success());
    app.sign_in("customer@webrana.test", PASSWORD).await;

    let own = admin_post(
        &app,
        &personas,
        "/api/admin/users/status",
        &[("id", &personas.admin_id), ("suspend", "true")],
    )
    .await;
    assert_eq!(own.status(), 422, "admins cannot suspend themselves");

    let filter = app::audit::AuditFilter {
        user_id: Some(id.into()),
        ..Default::default()
    };
    let actions: Vec<String> = app::audit::list(&app.state.db, &filter)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert!(
        actions.contains(&"admin.user_suspended".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"admin.user_unsuspended".to_string()),
        "{actions:?}"
    );
}

async fn role_changes_are_audited_and_start_new_sessions(engine: Engine) {
    let app = spawn_app(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    let customer = personas.cookie(Persona::Customer).unwrap().to_string();
    let form = [("id", personas.customer_id.as_str()), ("role", "support")];
    assert!(
        admin_post(&app, &personas, "/api/admin/users/role", &form)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        app.me(Some(&customer)).await,
        serde_json::Value::Null,
        "old session ended"
    );
    let cookie = app.sign_in("customer@webrana.test", PASSWORD).await;
    assert_eq!(app.me(Some(&cookie)).await["role"], "Support");

    let audit: serde_json::Value = admin_post(
        &app,
        &personas,
        "/api/admin/audit",
        &[("action", "admin.role_changed")],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(audit.as_array().unwrap().len(), 1);
    assert_eq!(audit[0]["details"]["role"], "support");
    assert_eq!(audit[0]["details"]["previous_role"], "customer");
    assert_eq!(audit[0]["actor_label"], "admin@webrana.test");
}

async fn the_audit_log_filters_by_user_action_and_date(engine: Engine) {
    let app = spawn_app(engine).await;
    let personas = Personas::sign_up_all(&app).await;
    let post = |form: Vec<(&'static str, String)>| {
        let app = &app;
        let personas = &personas;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let entries: serde_json::Value = admin_post(app, personas, "/api/admin/audit", &form)
                .await
                .json()
                .await
                .unwrap();
            entries.as_array().unwrap().clone()
        }
    };
    let by_mail = post(vec![("user", "customer@webrana.test".into())]).await;
    assert!(!by_mail.is_empty());
    assert!(
        by_mail
            .iter()
            .all(|e| e["actor_id"] == personas.customer_id.as_str())
    );
    let logins = post(vec![("action", "auth.login".into())]).await;
    assert_eq!(logins.len(), 4, "four personas signed in");
    let today = app.state.clock.now().format("%Y-%m-%d").to_string();
    assert_eq!(
        post(vec![("from", today.clone()), ("until", today)]).await.len(),
        post(vec![]).await.len()
    );
    assert!(post(vec![("from", "2999-01-01".into())]).await.is_empty());
    assert!(
        post(vec![("user", "nobody@webrana.test".into())])
            .await
            .is_empty(),
        "an unknown e-mail matches nothing"
    );
}

on_both_engines!(
    users_are_searched_and_filtered,
    suspension_signs_out_and_blocks_sign_in_until_lifted,
    role_changes_are_audited_and_start_new_sessions,
    the_audit_log_filters_by_user_action_and_date,
);
