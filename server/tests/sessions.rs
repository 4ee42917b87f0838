//! Browser sessions stored in our database (both engines) and the housekeeping job that
//! prunes them.

mod common;

use app::accounts::sessions::{DbSessionStore, SESSION_COOKIE, session_layer};
use app::clock::{Clock, ManualClock};
use app::db::Engine;
use app::jobs::{JobQueue, JobRegistry, NewJob, Outcome, Worker, WorkerSettings};
use axum::Router;
use axum::routing::get;
use common::ClockedDb;
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::Session;
use tower_sessions::cookie::time::{Duration as CookieDuration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::SessionStore;

struct Fixture {
    store: DbSessionStore,
    queue: JobQueue,
    clock: ManualClock,
    _db: ClockedDb,
}

async fn fixture(engine: Engine) -> Fixture {
    let db = ClockedDb::create(engine).await;
    Fixture {
        store: DbSessionStore::new(db.db.clone(), db.shared_clock()),
        queue: JobQueue::new(db.db.clone(), db.shared_clock()),
        clock: db.clock.clone(),
        _db: db,
    }
}

fn record_expiring_in(clock: &ManualClock, minutes: i64) -> Record {
    let now = OffsetDateTime::from_unix_timestamp(clock.now().timestamp()).unwrap();
    Record {
        id: Id::default(),
        data: [("user".to_string(), serde_json::json!("budi"))]
            .into_iter()
            .collect(),
        expiry_date: now + CookieDuration::minutes(minutes),
    }
}

async fn sessions_are_stored_loaded_and_expire(engine: Engine) {
    let f = fixture(engine).await;
    let mut record = record_expiring_in(&f.clock, 30);
    f.store.create(&mut record).await.unwrap();
    let loaded = f.store.load(&record.id).await.unwrap().expect("stored");
    assert_eq!(loaded.data, record.data);
    assert_eq!(
        loaded.expiry_date.unix_timestamp(),
        record.expiry_date.unix_timestamp()
    );

    record.data.insert("lang".into(), serde_json::json!("en"));
    f.store.save(&record).await.unwrap();
    assert_eq!(f.store.load(&record.id).await.unwrap().unwrap().data.len(), 2);

    f.clock.advance(Duration::from_secs(31 * 60));
    assert!(
        f.store.load(&record.id).await.unwrap().is_none(),
        "expired sessions do not load"
    );
    assert_eq!(f.store.delete_expired().await.unwrap(), 1);

    let mut other = record_expiring_in(&f.clock, 30);
    f.store.create(&mut other).await.unwrap();
    f.store.delete(&other.id).await.unwrap();
    assert!(f.store.load(&other.id).await.unwrap().is_none());
    // A request that loaded the session before the sign-out saves it at its end: the
    // session stays signed out (this once undid sign-outs in the browser).
    other.data.insert("lang".into(), serde_json::json!("en"));
    f.store.save(&other).await.unwrap();
    assert!(
        f.store.load(&other.id).await.unwrap().is_none(),
        "a late save does not resurrect"
    );
}

async fn a_session_survives_between_requests_through_its_cookie(engine: Engine) {
    let f = fixture(engine).await;
    async fn visits(session: Session) -> String {
        let count: u32 = session.get("visits").await.unwrap().unwrap_or(0) + 1;
        session.insert("visits", count).await.unwrap();
        count.to_string()
    }
    let router = Router::new()
        .route("/", get(visits))
        .layer(session_layer(f.store.clone(), false));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let client = reqwest::Client::new();
    let first = client.get(&url).send().await.unwrap();
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with(&format!("{SESSION_COOKIE}=")), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(first.text().await.unwrap(), "1");

    let pair = cookie.split(';').next().unwrap();
    let second = client.get(&url).header("cookie", pair).send().await.unwrap();
    assert_eq!(
        second.text().await.unwrap(),
        "2",
        "the session was read back from the database"
    );
}

async fn the_hourly_prune_runs_once_and_cleans_up(engine: Engine) {
    let f = fixture(engine).await;
    let mut registry = JobRegistry::default();
    app::maintenance::register(
        &mut registry,
        f.queue.clone(),
        f.store.clone(),
        Arc::new(f.clock.clone()),
        chrono::Duration::days(180),
    );
    let worker = Worker::new(f.queue.clone(), Arc::new(registry), WorkerSettings::default());

    let mut stale = record_expiring_in(&f.clock, 1);
    f.store.create(&mut stale).await.unwrap();
    let mut live = record_expiring_in(&f.clock, 60 * 24 * 8);
    f.store.create(&mut live).await.unwrap();
    let mut noop = JobRegistry::default();
    noop.register("noop", |_job| async { Ok(()) });
    let old_job = f.queue.enqueue(NewJob::new("noop", ()).unwrap()).await.unwrap();
    Worker::new(f.queue.clone(), Arc::new(noop), WorkerSettings::default())
        .try_execute_next()
        .await
        .unwrap();

    f.clock
        .advance(app::maintenance::SUCCEEDED_JOB_RETENTION + Duration::from_secs(60));
    let first = app::maintenance::request_prune(&f.queue).await.unwrap();
    let second = app::maintenance::request_prune(&f.queue).await.unwrap();
    assert_eq!(
        first, second,
        "several instances asking in the same hour get one job"
    );

    assert_eq!(
        worker.try_execute_next().await.unwrap(),
        Outcome::Succeeded { id: first }
    );
    assert!(f.store.load(&stale.id).await.unwrap().is_none());
    assert!(
        f.store.load(&live.id).await.unwrap().is_some(),
        "live sessions stay"
    );
    assert!(
        f.queue.get(&old_job).await.unwrap().is_none(),
        "old succeeded job deleted"
    );
    assert_eq!(
        f.store.delete_expired().await.unwrap(),
        0,
        "nothing left to prune"
    );
}

on_both_engines!(
    sessions_are_stored_loaded_and_expire,
    a_session_survives_between_requests_through_its_cookie,
    the_hourly_prune_runs_once_and_cleans_up,
);
