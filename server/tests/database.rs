//! The data layer's promises: SQLite files are created with WAL and foreign keys on;
//! migrations are idempotent; both engines store and return the same values.

mod common;

use app::accounts::store::{NewUser, create_user, find_by_email};
use app::accounts::{Email, Role};
use app::clock::Clock;
use app::db::{Db, Engine};
use common::{ClockedDb, TestDatabase};

async fn migrations_are_idempotent(engine: Engine) {
    let database = TestDatabase::create(engine).await;
    let db = database.connect().await;
    db.migrate()
        .await
        .expect("running migrations again changes nothing");
}

async fn values_round_trip_identically(engine: Engine) {
    let ClockedDb { db, clock, .. } = &ClockedDb::create(engine).await;
    let email = Email::parse("sari@webrana.test").unwrap();
    let user = NewUser {
        email: email.clone(),
        name: "Sari Wulandari".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$x$y".into(),
        role: Role::Customer,
        email_verified: true,
        language: app::i18n::Lang::Id,
    };
    create_user(db, clock, user).await.unwrap();
    let row = find_by_email(db, &email).await.unwrap().expect("stored");
    assert_eq!(row.name, "Sari Wulandari");
    assert_eq!(
        row.created_at,
        clock.now(),
        "timestamps keep microsecond precision"
    );
    assert_eq!(row.email_verified_at, Some(clock.now()));
    assert_eq!(row.to_user().role, Role::Customer);
    assert!(uuid::Uuid::parse_str(&row.id).is_ok(), "ids are UUID text");
}

async fn duplicate_emails_are_refused(engine: Engine) {
    let ClockedDb { db, clock, .. } = &ClockedDb::create(engine).await;
    let new_user = || NewUser {
        email: Email::parse("dup@webrana.test").unwrap(),
        name: "Dup".into(),
        password_hash: "x".into(),
        role: Role::Customer,
        email_verified: false,
        language: app::i18n::Lang::Id,
    };
    create_user(db, clock, new_user()).await.unwrap();
    let second = create_user(db, clock, new_user()).await;
    assert!(matches!(
        second,
        Err(app::accounts::store::CreateUserError::EmailTaken)
    ));
}

on_both_engines!(
    migrations_are_idempotent,
    values_round_trip_identically,
    duplicate_emails_are_refused
);

#[tokio::test]
async fn sqlite_files_are_created_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/webrana.db");
    let url = app::db::DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap();
    let db = Db::connect(&url, Default::default())
        .await
        .expect("file and folders created");
    assert!(path.exists());
    let Db::Sqlite(pool, _) = &db else {
        panic!("sqlite URL gives a SQLite pool")
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(foreign_keys, 1);
}

/// A connection given back to the pool inside a transaction — as sqlx's SQLite `BEGIN`
/// leaves one when its caller is dropped at the wrong moment — must not keep the write lock
/// (every later writer would fail with "database is locked") nor take anyone's writes into
/// a transaction that never commits.
#[tokio::test]
async fn a_connection_given_back_inside_a_transaction_is_not_reused() {
    use sqlx::Connection;
    use std::time::Duration;
    let database = TestDatabase::create(Engine::Sqlite).await;
    let db = database.connect().await;
    let Db::Sqlite(pool, _) = &db else { unreachable!() };
    let mut conn = pool.acquire().await.unwrap();
    let mut stranded = conn.begin_with("BEGIN IMMEDIATE").await.unwrap();
    sqlx::query("CREATE TABLE stranded (id INTEGER)")
        .execute(&mut *stranded)
        .await
        .unwrap();
    // The transaction is never committed nor rolled back, and its connection goes back.
    std::mem::forget(stranded);
    drop(conn);

    for _ in 0..3 {
        let tx = tokio::time::timeout(Duration::from_secs(2), db.begin())
            .await
            .expect("the write lock is free, not held by the stranded transaction")
            .expect("no connection still inside a transaction is handed out");
        tx.commit().await.unwrap();
    }
    let other = database.connect().await;
    let Db::Sqlite(other, _) = &other else {
        unreachable!()
    };
    let stranded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'stranded'")
        .fetch_one(other)
        .await
        .unwrap();
    assert_eq!(stranded, 0, "the stranded transaction was rolled back");
}
