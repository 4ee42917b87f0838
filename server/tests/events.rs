//! The event bus: delivery within an instance on both engines, and across instances that
//! share one PostgreSQL database.

mod common;

use app::db::Engine;
use app::events::Event;
use common::{TestAppOptions, TestDatabase, spawn_app, spawn_app_on};
use std::sync::Arc;
use std::time::Duration;

const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);

fn order_paid(n: u32) -> Event {
    Event::new(
        "order:paid",
        Some("user-1".into()),
        serde_json::json!({ "order": n }),
    )
}

async fn subscribers_of_an_instance_receive_its_events(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut first = app.state.events.subscribe();
    let mut second = app.state.events.subscribe();
    app.state.events.publish(&order_paid(1)).await.unwrap();
    for receiver in [&mut first, &mut second] {
        let event = tokio::time::timeout(DELIVERY_TIMEOUT, receiver.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(event, order_paid(1));
    }
}

async fn publishing_with_nobody_listening_is_fine(engine: Engine) {
    let app = spawn_app(engine).await;
    app.state.events.publish(&order_paid(2)).await.unwrap();
}

async fn events_cross_instances_on_one_postgres_database() {
    let database = Arc::new(TestDatabase::create(Engine::Postgres).await);
    let a = spawn_app_on(database.clone(), TestAppOptions::default()).await;
    let b = spawn_app_on(database.clone(), TestAppOptions::default()).await;
    let mut at_a = a.state.events.subscribe();
    let mut at_b = b.state.events.subscribe();

    for n in 0..3 {
        a.state.events.publish(&order_paid(n)).await.unwrap();
    }
    b.state.events.publish(&order_paid(99)).await.unwrap();

    for expected in [0, 1, 2, 99] {
        let event = tokio::time::timeout(DELIVERY_TIMEOUT, at_b.recv())
            .await
            .expect("B receives in time")
            .unwrap();
        assert_eq!(
            event,
            order_paid(expected),
            "B sees A's events in order, then its own"
        );
        let event = tokio::time::timeout(DELIVERY_TIMEOUT, at_a.recv())
            .await
            .expect("A receives in time")
            .unwrap();
        assert_eq!(event, order_paid(expected), "A sees its own and B's events");
    }
}

async fn oversized_events_are_refused_on_postgres() {
    let app = spawn_app(Engine::Postgres).await;
    let huge = Event::new("x", None, serde_json::json!("a".repeat(10_000)));
    assert!(app.state.events.publish(&huge).await.is_err());
}

/// SQLite: a committed event reaches subscribers while another transaction holds the write
/// lock (an announcement's next batch being written). The relay once deleted the outbox
/// rows before sending them, so the events waited for that transaction to end.
#[tokio::test]
async fn sqlite_events_are_relayed_while_another_transaction_writes() {
    let app = spawn_app(Engine::Sqlite).await;
    let mut receiver = app.state.events.subscribe();
    let app::db::Db::Sqlite(pool, _) = &app.state.db else {
        unreachable!("a SQLite app")
    };
    // Written as another process would (no wake-up): the relay's poll finds it.
    sqlx::query("INSERT INTO event_outbox (payload) VALUES ($1)")
        .bind(serde_json::to_string(&order_paid(7)).unwrap())
        .execute(pool)
        .await
        .unwrap();
    let mut writer = pool.begin().await.unwrap();
    sqlx::query("INSERT INTO event_outbox (payload) VALUES ('held')")
        .execute(&mut *writer)
        .await
        .unwrap();
    let event = tokio::time::timeout(DELIVERY_TIMEOUT, receiver.recv())
        .await
        .expect("the event arrives while the other transaction still writes")
        .unwrap();
    assert_eq!(event, order_paid(7));
    writer.rollback().await.unwrap();
}

on_both_engines!(
    subscribers_of_an_instance_receive_its_events,
    publishing_with_nobody_listening_is_fine
);

on_postgres!(
    events_cross_instances_on_one_postgres_database,
    oversized_events_are_refused_on_postgres
);
