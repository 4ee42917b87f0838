//! `webrana backup` / `webrana restore` on both engines: a business with a paid order and
//! its running server is backed up while the app runs, restored into an empty database,
//! and the restored one holds the same orders, invoices and services; retention keeps the
//! newest backups; a restore never touches a database that holds data.

mod common;

use app::db::{DatabaseUrl, Db, Engine, PoolSettings};
use app::on_db;
use common::TestDatabase;
use common::shop::shop;
use server::backup;

type Rows = Vec<(String, String, String)>;

/// What the business is: every order, invoice and service with what identifies it.
async fn business(db: &Db) -> (Rows, Rows, Rows) {
    on_db!(db, pool => {
        let orders: Rows = sqlx::query_as("SELECT id, status, hostname FROM orders ORDER BY id")
            .fetch_all(pool).await.unwrap();
        let invoices: Rows = sqlx::query_as("SELECT id, status, number FROM invoices ORDER BY id")
            .fetch_all(pool).await.unwrap();
        let services: Rows = sqlx::query_as(
            "SELECT id, status, COALESCE(ipv4, '') FROM services ORDER BY id",
        )
        .fetch_all(pool).await.unwrap();
        (orders, invoices, services)
    })
}

async fn a_backup_restores_into_an_empty_database_with_the_same_business(engine: Engine) {
    let shop = shop(engine).await;
    let cookie = shop.customer("rina@webrana.test").await;
    let order = shop.paid_order(&cookie, "k").await;
    shop.wait(40).await;
    assert_eq!(
        shop.text("SELECT status FROM orders WHERE id = $1", &order).await,
        "ACTIVE"
    );
    // A second one paid, its server not built yet: a job waits in the backup too.
    let _second = shop.paid_order(&cookie, "l").await;
    let before = business(&shop.app.state.db).await;
    assert_eq!((before.0.len(), before.2.len()), (2, 1), "{before:?}");

    let folder = tempfile::tempdir().unwrap();
    let place = backup::Place::parse(folder.path().to_str().unwrap()).unwrap();
    let source = DatabaseUrl::parse(&shop.app.database.url).unwrap();
    let start = chrono::Utc::now();
    let mut made = Vec::new();
    for second in 0..3 {
        let at = start + chrono::Duration::seconds(second);
        made.push(backup::backup(&source, &place, 2, at).await.expect("backup"));
    }
    assert!(made[0].bytes > 10_000, "{:?}", made[0]);
    assert_eq!(
        made[2].removed,
        vec![made[0].name.clone()],
        "the newest 2 are kept"
    );
    let mut left: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [made[1].name.clone(), made[2].name.clone()],
        "no partial file left"
    );

    // Restored from the folder: the newest backup of this engine.
    let empty = TestDatabase::create(engine).await;
    let target = DatabaseUrl::parse(&empty.url).unwrap();
    let (from, chosen) = backup::resolve(folder.path().to_str().unwrap(), &target)
        .await
        .unwrap();
    assert_eq!(chosen, made[2].name);
    backup::restore(&target, &from, &chosen).await.expect("restore");
    let restored = Db::connect(&target, PoolSettings::default()).await.unwrap();
    restored
        .migrate()
        .await
        .expect("a restored database is at the current migration");
    assert_eq!(business(&restored).await, before);
    let summary = backup::summary(&restored).await.unwrap();
    assert!(
        summary.contains("2 orders") && summary.contains("1 services"),
        "{summary}"
    );

    // Never over data: a second restore into it is refused and changes nothing.
    let refused = backup::restore(&target, &from, &chosen)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("already holds"), "{refused}");
    assert_eq!(business(&restored).await, before);
}

async fn a_restore_names_what_is_wrong_with_its_source(engine: Engine) {
    let folder = tempfile::tempdir().unwrap();
    let path = |name: &str| folder.path().join(name).to_str().unwrap().to_string();
    let empty = TestDatabase::create(engine).await;
    let target = DatabaseUrl::parse(&empty.url).unwrap();
    let error = |result: anyhow::Result<(backup::Place, String)>| match result {
        Ok((_, name)) => panic!("resolved to {name}"),
        Err(error) => error.to_string(),
    };
    let none = error(backup::resolve(&path(""), &target).await);
    assert!(none.contains("holds no"), "{none}");
    let (ours, other) = match engine {
        Engine::Sqlite => (
            "webrana-sqlite-20261206T160000Z.db",
            "webrana-postgres-20261206T160000Z.dump",
        ),
        Engine::Postgres => (
            "webrana-postgres-20261206T160000Z.dump",
            "webrana-sqlite-20261206T160000Z.db",
        ),
    };
    std::fs::write(path(other), b"not ours").unwrap();
    let mismatch = error(backup::resolve(&path(other), &target).await);
    assert!(mismatch.contains("DATABASE_URL is a"), "{mismatch}");
    let missing = error(backup::resolve(&path(ours), &target).await);
    assert!(missing.contains("does not exist"), "{missing}");
    let nowhere = error(backup::resolve(&path("nowhere"), &target).await);
    assert!(nowhere.contains("not a backup file or folder"), "{nowhere}");

    // A file named like a backup that is none fails cleanly and leaves the target empty.
    std::fs::write(path(ours), b"not a database at all").unwrap();
    let (place, name) = backup::resolve(&path(ours), &target).await.unwrap();
    assert!(backup::restore(&target, &place, &name).await.is_err());
    let db = Db::connect(&target, PoolSettings::default()).await.unwrap();
    let tables: i64 = on_db!(&db, pool => {
        sqlx::query_scalar(match engine {
            Engine::Sqlite => "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'",
            Engine::Postgres => "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()",
        })
        .fetch_one(pool)
        .await
        .unwrap()
    });
    assert_eq!(tables, 0);
}

on_both_engines!(
    a_backup_restores_into_an_empty_database_with_the_same_business,
    a_restore_names_what_is_wrong_with_its_source,
);
