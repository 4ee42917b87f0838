//! Two-factor sign-in on both engines: enrolment, the second sign-in step, replay refusal,
//! one-time recovery codes and turning it off. Codes are computed from the secret at the
//! injected clock's time.

mod common;

use app::accounts::Role;
use app::accounts::totp::{code_at_step, step_at};
use app::db::Engine;
use common::{TestApp, create_account, session_cookie, spawn_app_with_clock};
use std::time::Duration;

const PASSWORD: &str = "gunung-rinjani-pagi-berkabut-41";
const STEP: Duration = Duration::from_secs(30);

fn code(app: &TestApp, secret: &str) -> String {
    code_at_step(secret, step_at(app.state.clock.now())).unwrap()
}

async fn status(app: &TestApp, cookie: &str) -> serde_json::Value {
    app.post_fn("/api/account/2fa/status", Some(cookie), &[])
        .await
        .json()
        .await
        .unwrap()
}

/// Signs in with the password; returns the still-pending session cookie.
async fn password_step(app: &TestApp) -> String {
    let response = app.post_login("budi@webrana.test", PASSWORD).await;
    let cookie = session_cookie(&response).unwrap();
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        "SecondFactorRequired"
    );
    cookie
}

async fn code_step(app: &TestApp, pending: &str, code: &str) -> reqwest::Response {
    app.post_fn("/api/auth/login-2fa", Some(pending), &[("code", code)])
        .await
}

/// Enrols 2FA for the signed-in cookie; returns (the session's new cookie, secret,
/// recovery codes).
async fn enrol(app: &TestApp, cookie: &str) -> (String, String, Vec<String>) {
    let start = [("current_password", PASSWORD)];
    assert!(
        app.post_fn("/api/account/2fa/start", Some(cookie), &start)
            .await
            .status()
            .is_success()
    );
    let pending = status(app, cookie).await;
    assert_eq!(pending["enabled"], false);
    assert!(pending["pending"]["qr_svg"].as_str().unwrap().contains("<svg"));
    let secret = pending["pending"]["secret"].as_str().unwrap().to_string();

    let wrong = app
        .post_fn("/api/account/2fa/confirm", Some(cookie), &[("code", "000000")])
        .await;
    assert_eq!(wrong.status(), 422, "a wrong code does not turn 2FA on");
    let confirmed = app
        .post_fn(
            "/api/account/2fa/confirm",
            Some(cookie),
            &[("code", &code(app, &secret))],
        )
        .await;
    let cookie = session_cookie(&confirmed).expect("new session id after a privilege change");
    let waiting = app
        .text("SELECT data FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1) AND data LIKE '%recovery%'", "budi@webrana.test")
        .await;
    let on = status(app, &cookie).await;
    assert_eq!(on["enabled"], true);
    let codes: Vec<String> = serde_json::from_value(on["new_recovery_codes"].clone()).unwrap();
    assert_eq!(codes.len(), 10);
    assert_eq!(on["recovery_codes_left"], 10);
    assert!(
        codes.iter().all(|code| !waiting.contains(code.as_str())),
        "codes wait for the page sealed, never in plain text in the session row"
    );
    assert_eq!(
        status(app, &cookie).await["new_recovery_codes"],
        serde_json::json!([]),
        "recovery codes are shown once"
    );
    (cookie, secret, codes)
}

async fn enrolled_users_need_a_code_to_sign_in(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let cookie = app.sign_in("budi@webrana.test", PASSWORD).await;
    let (_, secret, codes) = enrol(&app, &cookie).await;

    let pending = password_step(&app).await;
    assert_eq!(
        app.me(Some(&pending)).await,
        serde_json::Value::Null,
        "not signed in after the password alone"
    );
    let wrong = code_step(&app, &pending, "123456").await;
    assert_eq!(wrong.status(), 422);
    clock.advance(STEP);
    let current = code(&app, &secret);
    let signed_in = code_step(&app, &pending, &current).await;
    assert!(signed_in.status().is_success(), "{}", signed_in.status());
    let session = session_cookie(&signed_in).unwrap();
    assert_eq!(app.me(Some(&session)).await["email"], "budi@webrana.test");

    let replay = password_step(&app).await;
    assert_eq!(
        code_step(&app, &replay, &current).await.status(),
        422,
        "a used code cannot be replayed"
    );

    let recovery = codes[0].to_lowercase().replace('-', " ");
    let with_recovery = code_step(&app, &replay, &recovery).await;
    assert!(
        with_recovery.status().is_success(),
        "recovery codes work, in any case and spacing"
    );
    let again = password_step(&app).await;
    assert_eq!(
        code_step(&app, &again, &codes[0]).await.status(),
        422,
        "each recovery code works once"
    );
    let session = session_cookie(&with_recovery).unwrap();
    assert_eq!(status(&app, &session).await["recovery_codes_left"], 9);

    let audit = app::audit::list(&app.state.db, &Default::default())
        .await
        .unwrap();
    assert!(audit.iter().any(|entry| entry.action == "account.2fa_enabled"));
}

async fn turning_two_factor_off_needs_password_and_code(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let cookie = app.sign_in("budi@webrana.test", PASSWORD).await;
    let (enrolled, secret, _) = enrol(&app, &cookie).await;
    clock.advance(STEP);
    let pending = password_step(&app).await;
    let session = session_cookie(&code_step(&app, &pending, &code(&app, &secret)).await).unwrap();
    clock.advance(STEP);

    // A wrong password and a wrong code get the same answer, and count towards the lockout.
    let disable = |password: &'static str, code: String| {
        let (app, session) = (&app, session.clone());
        async move {
            app.post_fn(
                "/api/account/2fa/disable",
                Some(&session),
                &[("password", password), ("code", code.as_str())],
            )
            .await
        }
    };
    let mut answers = Vec::new();
    for (password, code) in [
        ("salah-salah-salah", code(&app, &secret)),
        (PASSWORD, "000000".to_string()),
        ("salah-salah-salah", "000000".to_string()),
    ] {
        let refused = disable(password, code).await;
        assert_eq!(refused.status(), 422);
        answers.push(refused.text().await.unwrap());
    }
    assert!(answers.iter().all(|answer| answer == &answers[0]), "{answers:?}");
    assert!(answers[0].contains("PasswordOrCodeWrong"), "{}", answers[0]);
    for _ in 0..2 {
        disable("salah-salah-salah", "000000".into()).await;
    }
    let locked = disable(PASSWORD, code(&app, &secret)).await;
    assert_eq!(
        locked.status(),
        429,
        "five failures lock the account, as at sign-in"
    );
    assert!(locked.text().await.unwrap().contains("AccountLocked"));
    clock.advance(std::time::Duration::from_secs(16 * 60));
    let form = [("password", PASSWORD), ("code", &code(&app, &secret))];
    assert!(
        app.post_fn("/api/account/2fa/disable", Some(&session), &form)
            .await
            .status()
            .is_success()
    );
    assert_eq!(status(&app, &session).await["enabled"], false);
    assert_eq!(
        app.me(Some(&enrolled)).await,
        serde_json::Value::Null,
        "turning 2FA off signs out the other sessions"
    );
    app.sign_in("budi@webrana.test", PASSWORD).await;
}

async fn the_code_step_expires_and_counts_towards_lockout(engine: Engine) {
    let (app, clock) = spawn_app_with_clock(engine).await;
    let user = create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    common::personas::turn_on_totp(&app, &user.id, secret).await;
    let pending = password_step(&app).await;
    for _ in 0..4 {
        assert_eq!(code_step(&app, &pending, "111111").await.status(), 422);
    }
    assert_eq!(
        code_step(&app, &pending, "111111").await.status(),
        429,
        "fifth failure locks"
    );

    clock.advance(Duration::from_secs(16 * 60));
    let pending = password_step(&app).await;
    clock.advance(Duration::from_secs(11 * 60));
    let late = code_step(&app, &pending, &code(&app, secret)).await;
    assert_eq!(late.status(), 401, "the password step is valid for 10 minutes");
}

async fn enrolment_needs_the_password_and_happens_in_one_session(engine: Engine) {
    let (app, _clock) = spawn_app_with_clock(engine).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let other_device = app.sign_in("budi@webrana.test", PASSWORD).await;
    let cookie = app.sign_in("budi@webrana.test", PASSWORD).await;

    // A session alone (say, a stolen cookie) cannot start enrolment: the password is asked
    // again, and a wrong one counts towards the lockout.
    let wrong = app
        .post_fn(
            "/api/account/2fa/start",
            Some(&cookie),
            &[("current_password", "bukan-ini-sandinya")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("CurrentPasswordWrong"));
    let failures = app
        .scalar(
            "SELECT failures FROM login_throttle WHERE email = $1",
            "budi@webrana.test",
        )
        .await;
    assert_eq!(failures, 1);
    assert_eq!(status(&app, &cookie).await["pending"], serde_json::Value::Null);

    let start = [("current_password", PASSWORD)];
    assert!(
        app.post_fn("/api/account/2fa/start", Some(&cookie), &start)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        status(&app, &other_device).await["pending"],
        serde_json::Value::Null,
        "the pending secret shows only in the session that started enrolment"
    );
    let secret = status(&app, &cookie).await["pending"]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let elsewhere = app
        .post_fn(
            "/api/account/2fa/confirm",
            Some(&other_device),
            &[("code", &code(&app, &secret))],
        )
        .await;
    assert_eq!(elsewhere.status(), 409, "nor can another session confirm it");

    let (enrolled, secret, codes) = enrol(&app, &cookie).await;
    assert_eq!(
        app.me(Some(&other_device)).await,
        serde_json::Value::Null,
        "turning 2FA on signs out the sessions that got in with the password alone"
    );
    assert_eq!(app.me(Some(&enrolled)).await["second_factor_passed"], true);

    // Stored sealed: neither the secret nor a recovery code's plain digest is in the table.
    let stored = app
        .text(
            "SELECT totp_secret FROM users WHERE email = $1",
            "budi@webrana.test",
        )
        .await;
    assert!(!stored.contains(&secret) && stored.len() > 60, "{stored}");
    let plain_digest = app::security::tokens::digest(&codes[0].replace('-', ""));
    let found = app
        .scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE code_hash = $1",
            &plain_digest,
        )
        .await;
    assert_eq!(found, 0, "recovery codes are stored as keyed digests");
}

async fn staff_turn_on_two_factor_with_a_link_from_their_mailbox(engine: Engine) {
    let (app, _clock) = spawn_app_with_clock(engine).await;
    create_account(&app, "staf@webrana.test", "Staf Baru", PASSWORD, Role::Support).await;
    create_account(&app, "budi@webrana.test", "Budi", PASSWORD, Role::Customer).await;
    let cookie = app.sign_in("staf@webrana.test", PASSWORD).await;
    assert_eq!(status(&app, &cookie).await["needs_link"], true);

    // The password alone is not enough for staff.
    let start = |token: String| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            app.post_fn(
                "/api/account/2fa/start",
                Some(&cookie),
                &[("current_password", PASSWORD), ("token", token.as_str())],
            )
            .await
        }
    };
    let without = start(String::new()).await;
    assert_eq!(without.status(), 422);
    assert!(without.text().await.unwrap().contains("EnrolmentLinkInvalid"));

    // Someone else's link does not work (and stays unused for them).
    let customer = app.sign_in("budi@webrana.test", PASSWORD).await;
    assert_eq!(
        app.post_fn("/api/account/2fa/send-link", Some(&customer), &[])
            .await
            .status(),
        409
    );

    assert!(
        app.post_fn("/api/account/2fa/send-link", Some(&cookie), &[])
            .await
            .status()
            .is_redirection()
            || app
                .post_fn("/api/account/2fa/send-link", Some(&cookie), &[])
                .await
                .status()
                .is_success()
    );
    app.run_jobs().await;
    let mail = app
        .sent_mail()
        .into_iter()
        .find(|mail| mail.contains("staf@webrana.test"))
        .expect("a link was sent");
    let token = common::token_in_mail(&mail, "/account/security");
    assert!(start(token.clone()).await.status().is_success());
    assert!(status(&app, &cookie).await["pending"]["secret"].is_string());
    let again = start(token).await;
    assert_eq!(again.status(), 422, "the link works once");
}

on_both_engines!(
    enrolment_needs_the_password_and_happens_in_one_session,
    staff_turn_on_two_factor_with_a_link_from_their_mailbox,
    enrolled_users_need_a_code_to_sign_in,
    turning_two_factor_off_needs_password_and_code,
    the_code_step_expires_and_counts_towards_lockout,
);
