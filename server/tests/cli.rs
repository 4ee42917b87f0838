//! The command line, run as a real process: migrate, seed-demo, create-admin.

mod common;

use app::accounts::Email;
use app::accounts::store::find_by_email;
use app::db::Engine;
use common::TestDatabase;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn webrana(database: &TestDatabase, args: &[&str], stdin: &str) -> Output {
    webrana_with(database, args, stdin, &[])
}

/// `webrana` with extra environment variables.
fn webrana_with(database: &TestDatabase, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_webrana"))
        .args(args)
        .envs(env.iter().copied())
        .env("DATABASE_URL", &database.url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().expect("binary finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn migrate_then_seed_demo_is_idempotent(engine: Engine) {
    let database = TestDatabase::create(engine).await;
    let migrated = webrana(&database, &["migrate"], "");
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    for _ in 0..2 {
        let seeded = webrana(&database, &["seed-demo"], "");
        assert!(seeded.status.success(), "{}", stderr(&seeded));
        assert!(stdout(&seeded).contains("admin@webrana.test"));
    }
    let db = database.connect().await;
    assert_eq!(app::accounts::store::count_users(&db).await.unwrap(), 2);
}

async fn create_admin_refuses_a_weak_password(engine: Engine) {
    let database = TestDatabase::create(engine).await;
    let output = webrana(
        &database,
        &["create-admin", "--email", "ops@webrana.test"],
        "password123\n",
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("password refused"),
        "{}",
        stderr(&output)
    );
    let db = database.connect().await;
    let email = Email::parse("ops@webrana.test").unwrap();
    assert!(find_by_email(&db, &email).await.unwrap().is_none());
}

async fn create_admin_reads_the_password_from_stdin(engine: Engine) {
    let database = TestDatabase::create(engine).await;
    let password = "gunung-rinjani-pagi-berkabut-41";
    let output = webrana(
        &database,
        &["create-admin", "--email", "Ops@WeBrana.test", "--name", "Ops"],
        &format!("{password}\n"),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stdout(&output).contains(password) && !stderr(&output).contains(password),
        "password never echoed"
    );
    assert!(
        stdout(&output).contains("/account/security?token="),
        "the one-time link to turn on 2FA: {}",
        stdout(&output)
    );

    let db = database.connect().await;
    let admin = find_by_email(&db, &Email::parse("ops@webrana.test").unwrap())
        .await
        .unwrap()
        .expect("created");
    assert_eq!(admin.role, "admin");
    assert!(app::accounts::password::verify_password(password.into(), admin.password_hash.clone()).await);
    let audit = app::audit::list(&db, &Default::default()).await.unwrap();
    assert_eq!(audit.len(), 1, "the creation is audited");
    assert_eq!(audit[0].action, "admin.created");
    assert_eq!(audit[0].actor_label, "cli");
    assert_eq!(audit[0].target_id.as_deref(), Some(admin.id.as_str()));

    let again = webrana(
        &database,
        &["create-admin", "--email", "ops@webrana.test"],
        &format!("{password}\n"),
    );
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
}

async fn reseal_moves_sealed_secrets_to_a_rotated_key(engine: Engine) {
    use app::security::SecretBox;
    let database = TestDatabase::create(engine).await;
    let key = |bytes: [u8; 32]| data_encoding::BASE64.encode(&bytes);
    let (old, new) = (SecretBox::random_key(), SecretBox::random_key());
    assert!(
        webrana_with(&database, &["migrate"], "", &[("WEBRANA_SECRET_KEY", &key(old))])
            .status
            .success()
    );
    let db = database.connect().await;
    let clock = app::clock::SystemClock;
    let user = app::accounts::store::create_user(
        &db,
        &clock,
        app::accounts::store::NewUser {
            email: Email::parse("putar@webrana.test").unwrap(),
            name: "Putar Kunci".into(),
            password_hash: "x".into(),
            role: app::accounts::Role::Support,
            email_verified: true,
            language: app::i18n::Lang::Id,
        },
    )
    .await
    .unwrap();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let sealed_old = SecretBox::new(&old).unwrap();
    app::accounts::store::set_totp(&db, &clock, &sealed_old, &user.id, Some(secret), true)
        .await
        .unwrap();

    // Without the old key the secret cannot be opened: reseal says so and fails.
    let without = webrana_with(&database, &["reseal"], "", &[("WEBRANA_SECRET_KEY", &key(new))]);
    assert!(!without.status.success());
    assert!(
        stderr(&without).contains("WEBRANA_SECRET_KEY_PREVIOUS"),
        "{}",
        stderr(&without)
    );

    let rotating = [
        ("WEBRANA_SECRET_KEY", key(new)),
        ("WEBRANA_SECRET_KEY_PREVIOUS", key(old)),
    ];
    let rotating: Vec<(&str, &str)> = rotating
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let resealed = webrana_with(&database, &["reseal"], "", &rotating);
    assert!(resealed.status.success(), "{}", stderr(&resealed));
    assert!(
        stdout(&resealed).contains("TOTP secrets: 1 moved"),
        "{}",
        stdout(&resealed)
    );
    let again = webrana_with(&database, &["reseal"], "", &rotating);
    assert!(
        stdout(&again).contains("TOTP secrets: 0 moved"),
        "{}",
        stdout(&again)
    );

    let row = find_by_email(&db, &Email::parse("putar@webrana.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    let only_new = SecretBox::new(&new).unwrap();
    assert_eq!(
        app::accounts::store::open_totp_secret(&only_new, &row)
            .unwrap()
            .as_deref(),
        Some(secret)
    );
}

async fn an_unknown_database_scheme_is_a_clear_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_webrana"))
        .arg("migrate")
        .env("DATABASE_URL", "mysql://root@localhost/webrana")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("unsupported scheme 'mysql'"), "{message}");
}

/// A database that cannot be reached is named in the error, without its password.
async fn the_database_password_never_reaches_the_output() {
    let output = Command::new(env!("CARGO_BIN_EXE_webrana"))
        .arg("migrate")
        .env(
            "DATABASE_URL",
            "postgres://webrana:hunter2-rahasia@127.0.0.1:1/webrana",
        )
        .env("RUST_LOG", "debug")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(
        err.contains("postgres://webrana:***@127.0.0.1:1/webrana"),
        "{err}"
    );
    assert!(!format!("{out}{err}").contains("hunter2"), "{out}{err}");
}

on_both_engines!(
    migrate_then_seed_demo_is_idempotent,
    create_admin_refuses_a_weak_password,
    create_admin_reads_the_password_from_stdin,
    reseal_moves_sealed_secrets_to_a_rotated_key,
);

#[tokio::test]
async fn unknown_scheme() {
    an_unknown_database_scheme_is_a_clear_error().await;
}

#[tokio::test]
async fn database_password_redacted() {
    the_database_password_never_reaches_the_output().await;
}
