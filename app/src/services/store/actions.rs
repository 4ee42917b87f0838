//! The `service_actions` table: what customers and the lifecycle asked of a machine.

use crate::clock::{Clock, rfc3339};
use crate::db::{Db, Tx};
use crate::ids::ServiceId;
use crate::services::{ActionKind, ActionStatus, ActionView};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActionRow {
    pub id: String,
    pub service_id: ServiceId,
    pub action: ActionKind,
    pub image_id: Option<String>,
    pub status: ActionStatus,
    pub checks: i32,
    pub error: Option<String>,
    pub root_password_sealed: Option<String>,
    pub requested_by: Option<crate::ids::UserId>,
    /// A resize: the plan it moves to, the phase it is in and whether the machine is turned
    /// on again at the end (it ran before).
    pub plan_id: Option<String>,
    pub phase: Option<ResizePhase>,
    pub restart: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

const ACTION_COLUMNS: &str = "id, service_id, action, image_id, status, checks, error, root_password_sealed, \
    requested_by, plan_id, phase, restart, created_at, updated_at, finished_at";

/// A resize's steps: a running machine is turned off first (DigitalOcean and the simulated
/// cloud resize only a machine that is off), resized, and turned on again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResizePhase {
    Stop,
    Resize,
    Start,
}

impl ResizePhase {
    pub fn code(self) -> &'static str {
        match self {
            ResizePhase::Stop => "stop",
            ResizePhase::Resize => "resize",
            ResizePhase::Start => "start",
        }
    }

    pub fn from_code(code: &str) -> Option<ResizePhase> {
        [ResizePhase::Stop, ResizePhase::Resize, ResizePhase::Start]
            .into_iter()
            .find(|phase| phase.code() == code)
    }

    /// The phase after this one, if any.
    pub fn next(self, restart: bool) -> Option<ResizePhase> {
        match self {
            ResizePhase::Stop => Some(ResizePhase::Resize),
            ResizePhase::Resize if restart => Some(ResizePhase::Start),
            ResizePhase::Resize | ResizePhase::Start => None,
        }
    }
}

crate::stored_as_text!(ResizePhase);

/// A resize to record: the plan, and whether the machine runs now (then it is turned off
/// first and on again at the end).
pub struct NewResize<'a> {
    pub plan_id: &'a str,
    pub running: bool,
}

impl ActionRow {
    pub fn view(&self) -> ActionView {
        ActionView {
            id: self.id.clone(),
            kind: self.action,
            status: self.status,
            created_at: rfc3339(&self.created_at),
            finished_at: self.finished_at.as_ref().map(rfc3339),
        }
    }
}

/// Whether an action on the service is queued or running.
pub async fn has_open_action(tx: &mut Tx, service_id: &ServiceId) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM service_actions WHERE service_id = $1 AND status IN ('queued', 'running'))",
    )
    .bind(service_id)
    .fetch_one(&mut *conn)
    .await)
}

/// Records a requested action. `Ok(None)`: another action of this service is still open
/// (the partial unique index refuses a second one, whatever the race).
pub async fn insert_action(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    kind: ActionKind,
    image_id: Option<&str>,
    requested_by: Option<&crate::ids::UserId>,
) -> Result<Option<String>, sqlx::Error> {
    insert(tx, clock, service_id, kind, image_id, None, requested_by).await
}

/// Records a resize (see [`insert_action`]); it starts by turning a running machine off.
pub async fn insert_resize(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    resize: &NewResize<'_>,
    requested_by: Option<&crate::ids::UserId>,
) -> Result<Option<String>, sqlx::Error> {
    let kind = ActionKind::Resize;
    insert(tx, clock, service_id, kind, None, Some(resize), requested_by).await
}

async fn insert(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    kind: ActionKind,
    image_id: Option<&str>,
    resize: Option<&NewResize<'_>>,
    requested_by: Option<&crate::ids::UserId>,
) -> Result<Option<String>, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let phase = resize.map(|resize| match resize.running {
        true => ResizePhase::Stop,
        false => ResizePhase::Resize,
    });
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO service_actions (id, service_id, action, image_id, status, requested_by, plan_id, phase, \
         restart, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9, $9) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(service_id)
    .bind(kind.code())
    .bind(image_id)
    .bind(requested_by)
    .bind(resize.map(|resize| resize.plan_id))
    .bind(phase)
    .bind(resize.is_some_and(|resize| resize.running))
    .bind(clock.now())
    .execute(&mut *conn)
    .await?
    .rows_affected());
    Ok((inserted == 1).then_some(id))
}

/// A resize moves on to its next phase: queued again (the job sends that phase's request),
/// its checks counted afresh.
pub async fn next_phase(
    db: &Db,
    clock: &dyn Clock,
    id: &str,
    phase: ResizePhase,
) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "UPDATE service_actions SET phase = $2, status = 'queued', checks = 0, updated_at = $3 \
         WHERE id = $1 AND status = 'running'",
    )
    .bind(id)
    .bind(phase)
    .bind(clock.now())
    .execute(pool)
    .await
    .map(|done| done.rows_affected() == 1))
}

pub async fn find_action(db: &Db, id: &str) -> Result<Option<ActionRow>, sqlx::Error> {
    let sql = format!("SELECT {ACTION_COLUMNS} FROM service_actions WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// The newest actions of a service, newest first.
pub async fn actions_of(db: &Db, service_id: &ServiceId, limit: i64) -> Result<Vec<ActionRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ACTION_COLUMNS} FROM service_actions WHERE service_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(service_id).bind(limit).fetch_all(pool).await)
}

/// `queued` → `running`; true if this call moved it (a retry finds it running already).
pub async fn start_action(db: &Db, clock: &dyn Clock, id: &str) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "UPDATE service_actions SET status = 'running', updated_at = $2 WHERE id = $1 AND status = 'queued'",
    )
    .bind(id)
    .bind(clock.now())
    .execute(pool)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Counts one more status check; returns the new count.
pub async fn count_check(db: &Db, id: &str) -> Result<i32, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i32>(
        "UPDATE service_actions SET checks = checks + 1 WHERE id = $1 RETURNING checks",
    )
    .bind(id)
    .fetch_one(pool)
    .await)
}

/// Ends an open action as `done` or `failed` (with the provider's error for staff).
pub async fn finish_action(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &str,
    status: ActionStatus,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        // A finished action keeps no root password: a rebuild's is now the service's.
        "UPDATE service_actions SET status = $2, error = $3, updated_at = $4, finished_at = $4, \
         root_password_sealed = NULL WHERE id = $1 AND status IN ('queued', 'running')",
    )
    .bind(id)
    .bind(status.code())
    .bind(error)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// Keeps the root password a rebuild installs, before the provider is asked.
pub async fn set_action_password(db: &Db, id: &str, sealed: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("UPDATE service_actions SET root_password_sealed = $2 WHERE id = $1")
        .bind(id)
        .bind(sealed)
        .execute(pool)
        .await
        .map(|_| ()))
}
