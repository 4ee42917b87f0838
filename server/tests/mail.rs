//! E-mail over real SMTP: the account e-mails reach an SMTP server (Python's aiosmtpd,
//! writing a Maildir) through lettre, exactly as in production.
//!
//! Needs `python3 -m aiosmtpd` (Debian: python3-aiosmtpd; scripts/setup.sh --test installs
//! it). Without it the test is skipped with a notice, unless WEBRANA_REQUIRE_SMTP_SINK is
//! set (CI), where that fails the run.

mod common;

use app::db::Engine;
use common::{decode_quoted_printable, spawn_app_with_env, token_in_mail};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PYTHON: &str = "/usr/bin/python3";

const SIGN_UP: [(&str, &str); 4] = [
    ("name", "Dewi Lestari"),
    ("email", "dewi@example.co.id"),
    ("password", "gunung-rinjani-pagi-berkabut-41"),
    ("accept_terms", "on"),
];

/// An aiosmtpd process that stores every message it accepts in a Maildir.
struct SmtpSink {
    process: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl SmtpSink {
    fn start() -> Option<SmtpSink> {
        let available = Command::new(PYTHON)
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|status| status.success());
        if !available {
            if std::env::var("WEBRANA_REQUIRE_SMTP_SINK").is_ok() {
                panic!("aiosmtpd is not installed but WEBRANA_REQUIRE_SMTP_SINK is set");
            }
            eprintln!("skipped: python3-aiosmtpd not installed, SMTP test not run");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("free port")
            .port();
        let maildir = tempfile::tempdir().expect("maildir");
        let process = Command::new(PYTHON)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        Some(SmtpSink {
            process,
            port,
            maildir,
        })
    }

    async fn wait_until_listening(&self) {
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("aiosmtpd did not start listening");
    }

    fn received(&self) -> Vec<String> {
        let new = self.maildir.path().join("mail").join("new");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&new)
            .map(|dir| dir.filter_map(Result::ok).map(|entry| entry.path()).collect())
            .unwrap_or_default();
        files.sort();
        files.iter().map(|path| read(path)).collect()
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable message")
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_mail_is_delivered_over_smtp() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    sink.wait_until_listening().await;
    let app = spawn_app_with_env(
        Engine::Sqlite,
        vec![
            ("WEBRANA_SMTP_URL", format!("smtp://127.0.0.1:{}", sink.port)),
            (
                "WEBRANA_MAIL_FROM",
                "WeBrana Cloud <no-reply@webrana.example>".to_string(),
            ),
        ],
    )
    .await;
    let response = app.post_fn("/api/auth/signup", None, &SIGN_UP).await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(app.run_jobs().await, 1);

    assert!(
        app.sent_mail().is_empty(),
        "nothing in the outbox when SMTP is configured"
    );
    let received = sink.received();
    assert_eq!(received.len(), 1, "the SMTP server accepted one message");
    let message = decode_quoted_printable(&received[0]);
    assert!(
        message.contains("From: \"WeBrana Cloud\" <no-reply@webrana.example>"),
        "{message}"
    );
    assert!(message.contains("dewi@example.co.id"), "{message}");
    assert!(
        message.contains("multipart/alternative"),
        "text and HTML parts: {message}"
    );
    let token = token_in_mail(&received[0], "/verify-email");
    let verified = app
        .post_fn("/api/auth/verify-email", None, &[("token", &token)])
        .await;
    assert!(verified.status().is_success(), "the mailed link works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_smtp_server_makes_the_job_retry_not_vanish() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with_env(
        Engine::Sqlite,
        vec![("WEBRANA_SMTP_URL", format!("smtp://127.0.0.1:{port}"))],
    )
    .await;
    assert!(
        app.post_fn("/api/auth/signup", None, &SIGN_UP)
            .await
            .status()
            .is_success()
    );
    let outcome = app.worker.try_execute_next().await.unwrap();
    assert!(
        matches!(outcome, app::jobs::Outcome::Retrying { .. }),
        "connection refused is temporary: {outcome:?}"
    );
}

/// A notification's e-mail over real SMTP, on both engines: HTML and text, the link to
/// follow, and the unsubscribe link and header; the delivery log says it went.
async fn notification_mail_is_delivered_over_smtp(engine: Engine) {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    sink.wait_until_listening().await;
    let app = spawn_app_with_env(
        engine,
        vec![("WEBRANA_SMTP_URL", format!("smtp://127.0.0.1:{}", sink.port))],
    )
    .await;
    let user = common::create_account(
        &app,
        "dewi@example.co.id",
        "Dewi Lestari",
        SIGN_UP[2].1,
        app::accounts::Role::Customer,
    )
    .await;
    let notice = app::notifications::templates::Notice::VpsActive {
        service_id: "svc-1".into(),
        hostname: "toko-dewi".into(),
        ipv4: Some("203.0.113.20".into()),
    };
    app::notifications::service::notify(&app.state.db, app.state.clock.as_ref(), &user.id, &notice)
        .await
        .unwrap();
    assert_eq!(app.run_jobs().await, 1);
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let message = decode_quoted_printable(&received[0]);
    assert!(message.contains("Subject: Server toko-dewi aktif"), "{message}");
    assert!(message.contains("203.0.113.20"));
    assert!(message.contains("/services/svc-1"));
    assert!(message.contains("List-Unsubscribe: <"), "{message}");
    assert!(message.contains("multipart/alternative"));
    let token = token_in_mail(&received[0], "/unsubscribe");
    let done = app
        .post_fn("/api/notifications/unsubscribe", None, &[("token", &token)])
        .await;
    assert_eq!(done.status(), 200, "the mailed unsubscribe link works");
}

on_both_engines!(notification_mail_is_delivered_over_smtp);
