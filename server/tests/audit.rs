//! The audit log on both engines: transactional writes, filters, pagination.

mod common;

use app::audit::{Actor, AuditAction, AuditEntry, AuditFilter, list, record, record_in};
use app::clock::Clock;
use app::db::Engine;
use common::ClockedDb;
use std::time::Duration;

fn budi() -> Actor {
    Actor::User {
        id: "user-budi".into(),
        email: "budi@webrana.test".into(),
    }
}

async fn entries_are_written_with_the_callers_transaction(engine: Engine) {
    let ClockedDb { db, clock, .. } = &ClockedDb::create(engine).await;
    let mut tx = db.begin().await.unwrap();
    record_in(
        &mut tx,
        clock,
        AuditEntry::new(budi(), AuditAction::PasswordChanged),
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert!(
        list(db, &AuditFilter::default()).await.unwrap().is_empty(),
        "rolled back with the action"
    );

    let entry = AuditEntry::new(budi(), AuditAction::LoginSucceeded)
        .ip("203.0.113.7")
        .details(serde_json::json!({ "user_agent": "Firefox" }));
    record(db, clock, entry).await.unwrap();
    let stored = list(db, &AuditFilter::default()).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].action, "auth.login");
    assert_eq!(stored[0].actor_id.as_deref(), Some("user-budi"));
    assert_eq!(stored[0].actor_label, "budi@webrana.test");
    assert_eq!(stored[0].ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(stored[0].details["user_agent"], "Firefox");
}

async fn entries_filter_by_user_action_and_date(engine: Engine) {
    let ClockedDb { db, clock, .. } = &ClockedDb::create(engine).await;
    let start = clock.now();
    record(db, clock, AuditEntry::new(budi(), AuditAction::LoginSucceeded))
        .await
        .unwrap();
    clock.advance(Duration::from_secs(3600));
    let anonymous = AuditEntry::new(Actor::Anonymous, AuditAction::LoginFailed)
        .details(serde_json::json!({ "email": "sari@webrana.test" }));
    record(db, clock, anonymous).await.unwrap();
    clock.advance(Duration::from_secs(3600));
    let admin = Actor::User {
        id: "user-admin".into(),
        email: "admin@webrana.test".into(),
    };
    let suspend = AuditEntry::new(admin, AuditAction::UserSuspended).target("user", "user-budi");
    record(db, clock, suspend).await.unwrap();

    let by_budi = list(
        db,
        &AuditFilter {
            user_id: Some("user-budi".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let actions: Vec<_> = by_budi.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["admin.user_suspended", "auth.login"],
        "by or about the user, newest first"
    );

    let failed = AuditFilter {
        action: Some(AuditAction::LoginFailed),
        ..Default::default()
    };
    let failed = list(db, &failed).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].actor_label, "anonymous");

    let first_hour = AuditFilter {
        from: Some(start),
        until: Some(start + chrono::Duration::minutes(30)),
        ..Default::default()
    };
    let first_hour = list(db, &first_hour).await.unwrap();
    assert_eq!(first_hour.len(), 1);
    assert_eq!(first_hour[0].action, "auth.login");
}

async fn entries_page_newest_first(engine: Engine) {
    let ClockedDb { db, clock, .. } = &ClockedDb::create(engine).await;
    for _ in 0..5 {
        record(db, clock, AuditEntry::new(budi(), AuditAction::LoginSucceeded))
            .await
            .unwrap();
        clock.advance(Duration::from_secs(1));
    }
    let first = list(
        db,
        &AuditFilter {
            limit: Some(2),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let rest = AuditFilter {
        limit: Some(10),
        before_id: Some(first[1].id.clone()),
        ..Default::default()
    };
    let rest = list(db, &rest).await.unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(rest.len(), 3);
    assert!(first[0].occurred_at > first[1].occurred_at);
    assert!(
        rest.iter().all(|e| e.occurred_at < first[1].occurred_at),
        "no overlap between pages"
    );
}

on_both_engines!(
    entries_are_written_with_the_callers_transaction,
    entries_filter_by_user_action_and_date,
    entries_page_newest_first,
);
