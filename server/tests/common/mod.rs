//! Test harness: a fresh database per test on either engine, and the real application
//! started on port 0 against it.
//!
//! PostgreSQL scenarios need `WEBRANA_TEST_POSTGRES_URL` (an admin URL of a throwaway
//! server; scripts/test.sh starts one). Without it they are skipped with a notice — unless
//! `WEBRANA_REQUIRE_POSTGRES` is set (as in CI), where a missing server fails the run.
#![allow(dead_code)]

pub mod authz;
pub mod gateways;
pub mod personas;
pub mod prism;
pub mod shop;

use app::clock::SharedClock;
use app::db::{DatabaseUrl, Db, Engine, PoolSettings};
use app::jobs::JobRegistry;
use app::state::AppState;
use server::config::Config;
use server::startup::{Application, ServerState};
use sqlx::Connection;
use std::collections::HashMap;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// Declares each scenario `async fn name(engine: Engine)` as two tests, `name::sqlite` and
/// `name::postgres`, so both engines run one shared suite.
#[macro_export]
macro_rules! on_both_engines {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$scenario(app::db::Engine::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::common::postgres_available() {
                        super::$scenario(app::db::Engine::Postgres).await;
                    }
                }
            }
        )*
    };
}

/// Declares PostgreSQL-only scenarios (e.g. several instances on one database).
#[macro_export]
macro_rules! on_postgres {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::common::postgres_available() {
                        super::$scenario().await;
                    }
                }
            }
        )*
    };
}

/// A test request that takes longer than this is a hang, reported as such.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

const POSTGRES_ADMIN_URL: &str = "WEBRANA_TEST_POSTGRES_URL";

pub fn postgres_available() -> bool {
    if std::env::var(POSTGRES_ADMIN_URL).is_ok() {
        return true;
    }
    if std::env::var("WEBRANA_REQUIRE_POSTGRES").is_ok() {
        panic!(
            "{POSTGRES_ADMIN_URL} is not set but WEBRANA_REQUIRE_POSTGRES is: start PostgreSQL (scripts/test.sh does)"
        );
    }
    eprintln!("skipped: {POSTGRES_ADMIN_URL} not set, PostgreSQL scenario not run");
    false
}

/// A database that exists only for one test. SQLite files are deleted with the guard;
/// PostgreSQL databases are dropped with it (else a test run leaves gigabytes behind).
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// PostgreSQL: the admin URL and the database's name, to drop it.
    postgres: Option<(String, String)>,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else {
            return;
        };
        // `Drop` cannot await, and the test's runtime may be shutting down: drop the
        // database from a thread with its own runtime. FORCE ends the app's connections.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await?;
                anyhow::Ok(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("warning: test database not dropped: {dropped:?}");
        }
    }
}

impl TestDatabase {
    pub async fn create(engine: Engine) -> TestDatabase {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}/test.db", dir.path().display());
                TestDatabase {
                    url,
                    _dir: Some(dir),
                    postgres: None,
                }
            }
            Engine::Postgres => {
                let admin = std::env::var(POSTGRES_ADMIN_URL).expect("checked by postgres_available");
                let name = format!("t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .expect("connect to test PostgreSQL");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let (base, _) = admin.rsplit_once('/').expect("admin URL ends with /<database>");
                TestDatabase {
                    url: format!("{base}/{name}"),
                    _dir: None,
                    postgres: Some((admin.clone(), name)),
                }
            }
        }
    }

    /// A migrated pool on this database.
    pub async fn connect(&self) -> Db {
        let url = DatabaseUrl::parse(&self.url).expect("valid test URL");
        let db = Db::connect(&url, PoolSettings::default()).await.expect("connect");
        db.migrate().await.expect("migrate");
        db
    }
}

/// A migrated test database and a clock that only moves when told to: for tests that
/// drive services directly (queues, stores) through time.
pub struct ClockedDb {
    pub db: Db,
    pub clock: app::clock::ManualClock,
    _database: TestDatabase,
}

impl ClockedDb {
    pub async fn create(engine: Engine) -> ClockedDb {
        let database = TestDatabase::create(engine).await;
        let db = database.connect().await;
        let clock = app::clock::ManualClock::new(chrono::Utc::now());
        ClockedDb {
            db,
            clock,
            _database: database,
        }
    }

    pub fn shared_clock(&self) -> SharedClock {
        Arc::new(self.clock.clone())
    }
}

/// A running application on a random port.
pub struct TestApp {
    pub address: String,
    /// The core state (database, clock, events, settings, secrets).
    pub state: AppState,
    /// Every feature service the app was started with (providers, gateway, settings …).
    pub services: ServerState,
    /// The configuration the app was started with.
    pub config: Config,
    pub client: reqwest::Client,
    shutdown: CancellationToken,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    pub database: Arc<TestDatabase>,
    /// Runs this app's jobs on demand (test apps start no workers of their own).
    pub worker: app::jobs::Worker,
    /// Where this app's e-mails are written.
    pub outbox: Arc<tempfile::TempDir>,
}

/// Defaults run no job workers: job tests drive workers themselves, deterministically.
#[derive(Default)]
pub struct TestAppOptions {
    pub job_workers: usize,
    pub registry: JobRegistry,
    pub clock: Option<SharedClock>,
    /// Folder of static files to serve (default: the built site in target/site).
    pub site_root: Option<String>,
    /// Further configuration variables (e.g. `WEBRANA_SMTP_URL`).
    pub env: Vec<(&'static str, String)>,
}

/// An app whose catalog holds the seeded providers, regions, images and plans.
pub async fn spawn_app_with_catalog(engine: Engine) -> TestApp {
    let app = spawn_app(engine).await;
    server::seed::seed_catalog(&app.state.db, app.state.clock.as_ref())
        .await
        .expect("catalog seeds");
    app
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    let database = Arc::new(TestDatabase::create(engine).await);
    spawn_app_on(database, TestAppOptions::default()).await
}

/// An app on a fresh database with further configuration variables (e.g. `WEBRANA_SMTP_URL`).
pub async fn spawn_app_with_env(engine: Engine, env: Vec<(&'static str, String)>) -> TestApp {
    let database = Arc::new(TestDatabase::create(engine).await);
    spawn_app_on(
        database,
        TestAppOptions {
            env,
            ..TestAppOptions::default()
        },
    )
    .await
}

/// An app whose clock only moves when the test says so.
pub async fn spawn_app_with_clock(engine: Engine) -> (TestApp, app::clock::ManualClock) {
    let clock = app::clock::ManualClock::new(chrono::Utc::now());
    let database = Arc::new(TestDatabase::create(engine).await);
    let options = TestAppOptions {
        clock: Some(Arc::new(clock.clone())),
        ..TestAppOptions::default()
    };
    (spawn_app_on(database, options).await, clock)
}

/// Starts an app instance on an existing test database (several instances may share one).
pub async fn spawn_app_on(database: Arc<TestDatabase>, options: TestAppOptions) -> TestApp {
    let workers = options.job_workers.to_string();
    let outbox = Arc::new(tempfile::tempdir().expect("outbox dir"));
    let outbox_path = outbox.path().display().to_string();
    let site_root = options.site_root.clone().unwrap_or_else(|| {
        std::env::var("LEPTOS_SITE_ROOT")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_string())
    });
    let mut vars: HashMap<&str, &str> = HashMap::from([
        ("DATABASE_URL", database.url.as_str()),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0"),
        ("LEPTOS_SITE_ROOT", site_root.as_str()),
        ("WEBRANA_JOB_WORKERS", workers.as_str()),
        ("WEBRANA_JOB_POLL_MS", "20"),
        ("WEBRANA_SHUTDOWN_TIMEOUT_SECS", "10"),
        ("WEBRANA_MAIL_OUTBOX", outbox_path.as_str()),
        // On in tests as in the demo (a test turns it off through `options.env`), also
        // where a test points a provider at its mock or serves https: nothing here is paid.
        ("WEBRANA_SIMULATED_GATEWAY", "true"),
        ("WEBRANA_SIMULATED_GATEWAY_IN_PRODUCTION", "true"),
        // One key for every instance of a test (instances sharing a database read each
        // other's sealed values).
        (
            "WEBRANA_SECRET_KEY",
            "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0=",
        ),
    ]);
    vars.extend(options.env.iter().map(|(name, value)| (*name, value.as_str())));
    let config = Config::from_lookup(|name| vars.get(name).map(|v| v.to_string())).expect("test config");
    let started_with = config.clone();
    let build = async {
        match options.clock {
            Some(clock) => Application::build_with_clock(config, options.registry, clock).await,
            None => Application::build(config, options.registry).await,
        }
    };
    let application = tokio::time::timeout(REQUEST_TIMEOUT, build)
        .await
        .expect("application built in time")
        .expect("application builds");
    let address = format!("http://{}", application.local_addr());
    let services = application.state().clone();
    let state = services.core.clone();
    let shutdown = application.shutdown_token();
    let worker = application.extra_worker();
    let handle = tokio::spawn(application.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    TestApp {
        address,
        state,
        services,
        config: started_with,
        client,
        shutdown,
        handle: Some(handle),
        database,
        worker,
        outbox,
    }
}

impl TestApp {
    /// The simulated gateway's webhook signing secret (the gateway is on in tests).
    pub fn simulated_gateway_secret(&self) -> String {
        assert!(
            self.config.payments.simulated_gateway,
            "the simulated gateway is on"
        );
        self.config.payments.simulated_secret.clone()
    }

    /// The one number `sql` (with one text parameter) selects.
    pub async fn scalar(&self, sql: &str, bind: &str) -> i64 {
        app::on_db!(&self.state.db, pool => sqlx::query_scalar(sql).bind(bind).fetch_one(pool).await.unwrap())
    }

    /// The one text `sql` (with one text parameter) selects.
    pub async fn text(&self, sql: &str, bind: &str) -> String {
        app::on_db!(&self.state.db, pool => sqlx::query_scalar(sql).bind(bind).fetch_one(pool).await.unwrap())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, &[]).await
    }

    /// GET with extra request headers; no response within `REQUEST_TIMEOUT` fails the test
    /// instead of hanging it.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let request = headers
            .iter()
            .fold(self.client.get(self.url(path)), |request, (name, value)| {
                request.header(*name, *value)
            });
        tokio::time::timeout(REQUEST_TIMEOUT, request.send())
            .await
            .unwrap_or_else(|_| panic!("GET {path} got no response within {REQUEST_TIMEOUT:?}"))
            .expect("request sent")
    }

    /// Posts a form the way a browser without JavaScript does (HTML accepted, coming from
    /// `from_page`), so server functions answer with a redirect.
    pub async fn browser_form_post(
        &self,
        path: &str,
        from_page: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", self.url(from_page))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// Runs due jobs until none is left; returns how many ran.
    pub async fn run_jobs(&self) -> usize {
        let mut ran = 0;
        while !matches!(
            self.worker.try_execute_next().await.expect("job queue"),
            app::jobs::Outcome::Idle
        ) {
            ran += 1;
            assert!(ran < 1000, "jobs keep coming");
        }
        ran
    }

    /// The e-mails written so far, oldest first, as raw RFC 5322 text.
    pub fn sent_mail(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.outbox.path())
            .expect("outbox")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| std::fs::read_to_string(path).expect("readable mail"))
            .collect()
    }

    /// `GET path` on the REST API with an API key.
    pub async fn api_get(&self, key: &str, path: &str) -> reqwest::Response {
        let request = self.client.get(self.url(path)).bearer_auth(key);
        request.send().await.expect("request sent")
    }

    /// `POST path` on the REST API with an API key and, unless `null`, a JSON body.
    pub async fn api_post(&self, key: &str, path: &str, body: &serde_json::Value) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).bearer_auth(key);
        if !body.is_null() {
            request = request.json(body);
        }
        request.send().await.expect("request sent")
    }

    /// A new API key of the user signed in with `cookie`, with these `(area, access)` scopes.
    pub async fn api_key(&self, cookie: &str, scopes: &[(&str, &str)]) -> String {
        let mut form = vec![("name", "test")];
        form.extend_from_slice(scopes);
        let made = self
            .post_fn("/api/account/api-keys/create", Some(cookie), &form)
            .await;
        assert_eq!(made.status(), 200);
        made.json().await.unwrap()
    }

    /// Posts a form to a server function as the app's own page would (JSON answer).
    pub async fn post_fn(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("accept", "application/json")
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        tokio::time::timeout(REQUEST_TIMEOUT, request.send())
            .await
            .unwrap_or_else(|_| panic!("POST {path} got no response within {REQUEST_TIMEOUT:?}"))
            .expect("request sent")
    }

    /// Triggers a graceful shutdown and waits for it; returns the server's result.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        self.handle.take().expect("running").await.expect("server task")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// The `name=value` pair of the session cookie a response sets, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.starts_with("webrana_session="))
        .map(|cookie| cookie.split(';').next().unwrap().to_string())
}

/// The nonce a page's Content-Security-Policy allows its scripts.
pub fn policy_nonce(policy: &str) -> String {
    policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the page policy")
        .to_string()
}

/// Creates an active account directly in the database.
pub async fn create_account(
    app: &TestApp,
    email: &str,
    name: &str,
    password: &str,
    role: app::accounts::Role,
) -> app::accounts::User {
    use app::accounts::password::hash_password;
    use app::accounts::store::{NewUser, create_user};
    let user = NewUser {
        email: app::accounts::Email::parse(email).unwrap(),
        name: name.into(),
        password_hash: hash_password(password.into()).await.unwrap(),
        role,
        email_verified: true,
        language: app::i18n::Lang::Id,
    };
    create_user(&app.state.db, app.state.clock.as_ref(), user)
        .await
        .unwrap()
}

impl TestApp {
    /// Posts the sign-in form; the raw answer.
    pub async fn post_login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_fn(
            "/api/auth/login",
            None,
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// Signs in through the endpoint and returns the session cookie.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let response = self.post_login(email, password).await;
        assert!(
            response.status().is_success(),
            "sign-in failed: {}",
            response.status()
        );
        session_cookie(&response).expect("session cookie set")
    }

    /// Who the cookie's session belongs to (JSON `null` when nobody).
    pub async fn me(&self, cookie: Option<&str>) -> serde_json::Value {
        self.post_fn("/api/auth/me", cookie, &[])
            .await
            .json()
            .await
            .unwrap()
    }
}

/// Undoes quoted-printable transfer encoding (RFC 2045), which mailers use for long lines.
pub fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The token of the first link to `path` (e.g. `/verify-email`) in an e-mail.
pub fn token_in_mail(mail: &str, path: &str) -> String {
    let mail = decode_quoted_printable(mail);
    let marker = format!("{path}?token=");
    let start = mail
        .find(&marker)
        .unwrap_or_else(|| panic!("no {path} link in mail:\n{mail}"))
        + marker.len();
    mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Writes an announcement with a one-day banner, from a new admin (once per app); its job
/// sends it, and the banner shows, later.
pub async fn announce(app: &TestApp, title: &str) {
    use app::notifications::announcements::{NewAnnouncement, create_in};
    use app::notifications::templates::Bilingual;
    use app::notifications::{Audience, Severity};
    let admin = create_account(
        app,
        "indah@example.co.id",
        "Indah",
        "kata-sandi-admin-panjang",
        app::accounts::Role::Admin,
    )
    .await;
    let new = NewAnnouncement {
        title: Bilingual::new(title, format!("{title} (en)")),
        body: Bilingual::new("Jaringan dipelihara.", "Network maintenance."),
        severity: Severity::Warning,
        link: None,
        audience: Audience::All,
        banner_until: Some(app.state.clock.now() + chrono::Duration::days(1)),
    };
    let mut tx = app.state.db.begin().await.unwrap();
    create_in(&mut tx, app.state.clock.as_ref(), &String::from(admin.id), &new)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Waits until `check` holds, at most 10 s (an event reaches another task a moment after
/// the job that sent it); fails naming `what` otherwise.
pub async fn eventually<Check, Done>(what: &str, mut check: Check)
where
    Check: FnMut() -> Done,
    Done: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "never came: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
