use super::{AuditAction, AuditEntry, AuditRecord};
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::UserId;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};
use sqlx::types::Json;

/// Page size when the caller does not say, and the most one query returns.
const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 500;

/// Writes an entry inside the caller's transaction.
pub async fn record_in(tx: &mut Tx, clock: &dyn Clock, entry: AuditEntry) -> Result<String, sqlx::Error> {
    super::alerts::alert_in(tx, clock, &entry).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let (actor_id, actor_label) = entry.actor.id_and_label();
    let (target_type, target_id) = entry.target.unzip();
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO audit_log (id, occurred_at, actor_id, actor_label, action, target_type, target_id, ip, details) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(clock.now())
        .bind(&actor_id)
        .bind(&actor_label)
        .bind(entry.action.code())
        .bind(&target_type)
        .bind(&target_id)
        .bind(&entry.ip)
        .bind(Json(&entry.details))
        .execute(&mut *conn)
        .await
        .map(|_| ())
    })?;
    Ok(id)
}

/// Whether the account was used before (signed up or signed in), but never from `ip`: the
/// very first sign-in is no news, one from a new address is.
pub async fn is_new_address_in(tx: &mut Tx, user_id: &UserId, ip: &str) -> Result<bool, sqlx::Error> {
    let (before, from_here): (i64, i64) = on_tx!(tx, conn => sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN ip = $4 THEN 1 ELSE 0 END), 0) FROM \
         (SELECT ip FROM audit_log WHERE actor_id = $1 AND action IN ($2, $3) \
          ORDER BY occurred_at DESC LIMIT 200) recent",
    )
    .bind(user_id)
    .bind(AuditAction::LoginSucceeded.code())
    .bind(AuditAction::AccountCreated.code())
    .bind(ip)
    .fetch_one(&mut *conn)
    .await)?;
    Ok(before > 0 && from_here == 0)
}

/// Writes an entry in a transaction of its own (for actions that change nothing else).
pub async fn record(db: &Db, clock: &dyn Clock, entry: AuditEntry) -> Result<String, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = record_in(&mut tx, clock, entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// Which entries to list; every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Entries by this user, or about this user.
    pub user_id: Option<UserId>,
    pub action: Option<AuditAction>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound.
    pub until: Option<DateTime<Utc>>,
    /// Keyset pagination: only entries older than this entry id (ids are time-ordered).
    pub before_id: Option<String>,
    pub limit: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: String,
    occurred_at: DateTime<Utc>,
    actor_id: Option<String>,
    actor_label: String,
    action: String,
    target_type: Option<String>,
    target_id: Option<String>,
    ip: Option<String>,
    details: Json<serde_json::Value>,
}

/// Newest first.
pub async fn list(db: &Db, filter: &AuditFilter) -> Result<Vec<AuditRecord>, sqlx::Error> {
    let limit = filter.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let sql = "SELECT id, occurred_at, actor_id, actor_label, action, target_type, target_id, ip, details \
               FROM audit_log \
               WHERE ($1 IS NULL OR actor_id = $1 OR (target_type = 'user' AND target_id = $1)) \
                 AND ($2 IS NULL OR action = $2) \
                 AND ($3 IS NULL OR occurred_at >= $3) \
                 AND ($4 IS NULL OR occurred_at < $4) \
                 AND ($5 IS NULL OR id < $5) \
               ORDER BY id DESC LIMIT $6";
    let rows: Vec<AuditRow> = on_db!(db, pool => {
        sqlx::query_as(sql)
            .bind(&filter.user_id)
            .bind(filter.action.map(AuditAction::code))
            .bind(filter.from)
            .bind(filter.until)
            .bind(&filter.before_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
    });
    Ok(rows
        .into_iter()
        .map(|row| AuditRecord {
            id: row.id,
            occurred_at: crate::clock::rfc3339(&row.occurred_at),
            actor_id: row.actor_id,
            actor_label: row.actor_label,
            action: row.action,
            target_type: row.target_type,
            target_id: row.target_id,
            ip: row.ip,
            details: row.details.0,
        })
        .collect())
}
