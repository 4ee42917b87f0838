//! Test harness: a fresh database per test on either engine, and the real application
//! started on port 0 against it.
//!
//! PostgreSQL scenarios need `WEBRANA_TEST_POSTGRES_URL` (an admin URL of a throwaway
//! server; scripts/test.sh starts one). Without it they are skipped with a notice — unless
//! `WEBRANA_REQUIRE_POSTGRES` is set (as in CI), where a missing server fails the run.
#![allow(dead_code)]

use app::clock::SharedClock;
use app::db::{DatabaseUrl, Db, Engine, PoolSettings};
use app::jobs::JobRegistry;
use app::state::AppState;
use server::config::Config;
use server::startup::Application;
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

/// A database that exists only for one test. SQLite files are deleted with the guard.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDatabase {
    pub async fn create(engine: Engine) -> TestDatabase {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}/test.db", dir.path().display());
                TestDatabase { url, _dir: Some(dir) }
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
    pub state: AppState,
    pub client: reqwest::Client,
    shutdown: CancellationToken,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    pub database: Arc<TestDatabase>,
}

/// Defaults run no job workers: job tests drive workers themselves, deterministically.
#[derive(Default)]
pub struct TestAppOptions {
    pub job_workers: usize,
    pub registry: JobRegistry,
    pub clock: Option<SharedClock>,
    /// Folder of static files to serve (default: the built site in target/site).
    pub site_root: Option<String>,
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    let database = Arc::new(TestDatabase::create(engine).await);
    spawn_app_on(database, TestAppOptions::default()).await
}

/// Starts an app instance on an existing test database (several instances may share one).
pub async fn spawn_app_on(database: Arc<TestDatabase>, options: TestAppOptions) -> TestApp {
    let workers = options.job_workers.to_string();
    let site_root = options.site_root.clone().unwrap_or_else(|| {
        std::env::var("LEPTOS_SITE_ROOT")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_string())
    });
    let vars: HashMap<&str, &str> = HashMap::from([
        ("DATABASE_URL", database.url.as_str()),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0"),
        ("LEPTOS_SITE_ROOT", site_root.as_str()),
        ("WEBRANA_JOB_WORKERS", workers.as_str()),
        ("WEBRANA_JOB_POLL_MS", "20"),
        ("WEBRANA_SHUTDOWN_TIMEOUT_SECS", "10"),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).map(|v| v.to_string())).expect("test config");
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
    let state = application.state().clone();
    let shutdown = application.shutdown_token();
    let handle = tokio::spawn(application.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    TestApp {
        address,
        state,
        client,
        shutdown,
        handle: Some(handle),
        database,
    }
}

impl TestApp {
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
