//! The real server process killed with SIGKILL in the middle of provisioning: the machine
//! was created at the (simulated) provider but not yet handed over. Started again, the
//! server picks the job up once its lease has run out, finds the machine by our tag and
//! finishes — one machine, one service, nothing lost.

mod common;

use app::db::Engine;
use app::on_db;
use common::TestDatabase;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "crash-test-gateway-secret";
const DEMO_EMAIL: &str = "budi@webrana.test";
const DEMO_PASSWORD: &str = "rahasia-pelanggan-demo-2026";

fn webrana(database: &TestDatabase, dir: &std::path::Path, port: u16, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_webrana"));
    command
        .args(args)
        .env("DATABASE_URL", &database.url)
        .env("RUST_LOG", "warn")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("WEBRANA_MAIL_OUTBOX", dir.join("outbox"))
        .env("WEBRANA_SECRET_KEY_FILE", dir.join("secret.key"))
        .env("WEBRANA_SIMULATED_GATEWAY", "true")
        .env("WEBRANA_SIMULATED_GATEWAY_SECRET", SECRET)
        // Slow enough to be killed while the machine is being built; short leases so the
        // restarted server takes the orphaned job soon.
        .env("WEBRANA_SIMULATED_CLOUD_CREATE_SECS", "4")
        .env("WEBRANA_JOB_POLL_MS", "100")
        .env("WEBRANA_JOB_LEASE_SECS", "2")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    command
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(database: &TestDatabase, dir: &std::path::Path, port: u16) -> Child {
    let child = webrana(database, dir, port, &["serve"])
        .spawn()
        .expect("server starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let client = reqwest::Client::new();
    while client
        .get(format!("http://127.0.0.1:{port}/ready"))
        .send()
        .await
        .map_or(true, |response| !response.status().is_success())
    {
        assert!(Instant::now() < deadline, "the server did not get ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    child
}

/// Polls `sql` (one text column, bound to `bind`) until it gives `want`.
async fn wait_for(db: &app::db::Db, sql: &str, bind: &str, want: &str, seconds: u64) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let got: Option<String> =
            on_db!(db, pool => sqlx::query_scalar(sql).bind(bind).fetch_optional(pool).await.unwrap());
        if got.as_deref() == Some(want) {
            return;
        }
        assert!(Instant::now() < deadline, "{sql} is {got:?}, not {want}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn count(db: &app::db::Db, sql: &str, bind: &str) -> i64 {
    on_db!(db, pool => sqlx::query_scalar(sql).bind(bind).fetch_one(pool).await.unwrap())
}

async fn a_killed_server_resumes_provisioning_without_a_second_machine(engine: Engine) {
    let database = TestDatabase::create(engine).await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let seeded = webrana(&database, dir.path(), port, &["seed-demo"])
        .status()
        .unwrap();
    assert!(seeded.success());
    let db = database.connect().await;
    let mut server = start(&database, dir.path(), port).await;

    // The demo customer orders a VPS of the simulated cloud and pays (signed webhook).
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let post = |path: &str, cookie: Option<&str>, form: &[(&str, &str)]| {
        let mut request = client
            .post(format!("{base}{path}"))
            .header("accept", "application/json")
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    let login = post(
        "/api/auth/login",
        None,
        &[("email", DEMO_EMAIL), ("password", DEMO_PASSWORD)],
    )
    .await
    .unwrap();
    assert!(login.status().is_success(), "{}", login.status());
    let cookie = common::session_cookie(&login).unwrap();
    let catalog = app::catalog::store::load_orderable(&db).await.unwrap();
    let plan = catalog
        .plans
        .iter()
        .find(|p| p.size_slug == "lab-1c-1gb")
        .unwrap();
    let region = catalog
        .regions
        .iter()
        .find(|r| r.slug == "jkt-lab" && r.provider_slug == plan.provider_slug)
        .unwrap();
    let image = catalog
        .images
        .iter()
        .find(|i| i.slug == "ubuntu-24.04" && i.provider_slug == plan.provider_slug)
        .unwrap();
    let placed = post(
        "/api/orders/place",
        Some(&cookie),
        &[
            ("plan", &plan.id),
            ("region", &region.id),
            ("image", &image.id),
            ("hostname", "tahan-banting"),
            ("cycle", "1"),
            ("promo", ""),
            ("checkout", "crash"),
        ],
    )
    .await
    .unwrap();
    assert!(placed.status().is_success(), "{}", placed.status());
    let order: String = placed.json().await.unwrap();
    let invoice = app::billing::invoices::for_order(&db, &order.as_str().into())
        .await
        .unwrap()
        .remove(0);
    // The customer starts paying (the pay button), and the gateway reports it paid.
    let started = post(
        "/api/payments/start",
        Some(&cookie),
        &[("invoice", invoice.id.as_str()), ("method", "qris")],
    )
    .await
    .unwrap();
    assert!(started.status().is_success(), "{}", started.status());
    let intent: String = started.json().await.unwrap();
    let event = app::payments::simulated::WebhookEvent {
        event: "payment.succeeded".into(),
        transaction_id: "trx-crash".into(),
        intent_id: intent,
        method: "qris".into(),
        amount: invoice.total,
        occurred_at: chrono::Utc::now(),
    };
    let body = serde_json::to_vec(&event).unwrap();
    let signature = app::payments::simulated::sign(SECRET, chrono::Utc::now().timestamp(), &body);
    let paid = client
        .post(format!(
            "{base}{}",
            app::payments::intake::webhook_path("simulated")
        ))
        .header(app::payments::simulated::SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 200);

    // The machine exists at the provider and is being built: kill the server now.
    wait_for(
        &db,
        "SELECT status FROM provisioning_tasks WHERE order_id = $1",
        &order,
        "waiting",
        20,
    )
    .await;
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    let tag = app::provisioning::store::tag_for(&order.as_str().into());
    let machines = "SELECT COUNT(*) FROM simulated_instances WHERE tag = $1";
    assert_eq!(count(&db, machines, &tag).await, 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM services WHERE order_id = $1", &order).await,
        0
    );

    // Started again: the job is taken up after its lease and the same machine handed over.
    let mut server = start(&database, dir.path(), port).await;
    wait_for(
        &db,
        "SELECT status FROM orders WHERE id = $1",
        &order,
        "ACTIVE",
        60,
    )
    .await;
    assert_eq!(count(&db, machines, &tag).await, 1, "no second machine");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM services WHERE order_id = $1", &order).await,
        1
    );
    let payments = "SELECT COUNT(*) FROM payments WHERE invoice_id = $1";
    assert_eq!(count(&db, payments, &invoice.id).await, 1, "paid once");
    server.kill().unwrap();
    server.wait().unwrap();
}

on_both_engines!(a_killed_server_resumes_provisioning_without_a_second_machine);
