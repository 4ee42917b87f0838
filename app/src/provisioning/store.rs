//! The `provisioning_tasks` table: one task per paid order, until its machine is running.

use super::TaskStatus;
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::OrderId;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaskRow {
    pub order_id: OrderId,
    pub tag: String,
    pub status: TaskStatus,
    pub provider_instance_id: Option<String>,
    /// Status checks made while waiting for the instance.
    pub attempts: i32,
    pub last_error: Option<String>,
    /// The root password the instance is created with, sealed (owner: the order id).
    pub root_password_sealed: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const TASK_COLUMNS: &str = "order_id, tag, status, provider_instance_id, attempts, last_error, root_password_sealed, created_at, updated_at";

/// The tag our instances carry at the provider: derived from the order, so it is the same
/// on every attempt.
pub fn tag_for(order_id: &OrderId) -> String {
    format!("webrana-{order_id}")
}

/// Creates the order's task unless it exists (a duplicate payment event changes nothing).
pub async fn create_task(tx: &mut Tx, clock: &dyn Clock, order_id: &OrderId) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO provisioning_tasks (order_id, tag, status, attempts, created_at, updated_at) \
         VALUES ($1, $2, 'queued', 0, $3, $3) ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(order_id)
    .bind(tag_for(order_id))
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

pub async fn find_task(db: &Db, order_id: &OrderId) -> Result<Option<TaskRow>, sqlx::Error> {
    let sql = format!("SELECT {TASK_COLUMNS} FROM provisioning_tasks WHERE order_id = $1");
    on_db!(db, pool => sqlx::query_as::<_, TaskRow>(&sql).bind(order_id).fetch_optional(pool).await)
}

/// Moves the task on; `instance` and `error` are kept unless given.
pub async fn update_task(
    tx: &mut Tx,
    clock: &dyn Clock,
    order_id: &OrderId,
    status: TaskStatus,
    instance: Option<&str>,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE provisioning_tasks SET status = $2, provider_instance_id = COALESCE($3, provider_instance_id), \
         last_error = COALESCE($4, last_error), updated_at = $5 WHERE order_id = $1",
    )
    .bind(order_id)
    .bind(status)
    .bind(instance)
    .bind(error)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// Drops the task's copy of the root password once the service holds it (one sealed copy
/// per password, and none left behind in finished work).
pub async fn forget_task_password_in(tx: &mut Tx, order_id: &OrderId) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE provisioning_tasks SET root_password_sealed = NULL WHERE order_id = $1")
        .bind(order_id)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

/// Keeps the root password chosen for the instance, before it is created.
pub async fn set_task_password(db: &Db, order_id: &OrderId, sealed: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("UPDATE provisioning_tasks SET root_password_sealed = $2 WHERE order_id = $1")
        .bind(order_id)
        .bind(sealed)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Counts one more status check; returns the new count.
/// Moves the root passwords kept for unfinished tasks to the current key (key rotation).
pub async fn reseal_task_passwords(
    db: &Db,
    secrets: &crate::security::SecretBox,
) -> Result<crate::security::reseal::Resealed, sqlx::Error> {
    crate::security::reseal::reseal_column(
        db,
        secrets,
        "SELECT order_id, root_password_sealed, order_id FROM provisioning_tasks WHERE root_password_sealed IS NOT NULL",
        "UPDATE provisioning_tasks SET root_password_sealed = $1 WHERE order_id = $2 AND root_password_sealed = $3",
    )
    .await
}

pub async fn count_check(db: &Db, order_id: &OrderId) -> Result<i32, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i32>(
        "UPDATE provisioning_tasks SET attempts = attempts + 1 WHERE order_id = $1 RETURNING attempts",
    )
    .bind(order_id)
    .fetch_one(pool)
    .await)
}

/// An admin's retry: back to the start, error cleared, instance id kept (the tag finds it
/// anyway). Only from `failed`; returns whether it was.
pub async fn reset_failed_task(
    tx: &mut Tx,
    clock: &dyn Clock,
    order_id: &OrderId,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE provisioning_tasks SET status = 'queued', attempts = 0, last_error = NULL, updated_at = $2 \
         WHERE order_id = $1 AND status = 'failed'",
    )
    .bind(order_id)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// A task that has not finished well, with its order's host name, for the admins' queue.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaskListRow {
    pub order_id: OrderId,
    pub status: TaskStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub hostname: String,
    pub provider_slug: String,
}

/// Tasks not `done`, most recently changed first.
pub async fn unfinished_tasks(db: &Db, limit: i64) -> Result<Vec<TaskListRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT t.order_id, t.status, t.attempts, t.last_error, t.updated_at, o.hostname, o.provider_slug \
         FROM provisioning_tasks t JOIN orders o ON o.id = t.order_id WHERE t.status <> 'done' \
         ORDER BY t.updated_at DESC, t.order_id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await)
}
