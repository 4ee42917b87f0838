//! Services with what the control panel shows of them, and their action rows.

use super::{ActionKind, ActionStatus, ActionView, ServiceStatus, ServiceSummary};
use crate::clock::{Clock, rfc3339};
use crate::db::{Db, Tx};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

/// A service joined with its provider, plan, region and image names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceListRow {
    pub id: String,
    pub order_id: String,
    pub user_id: String,
    pub customer_email: String,
    pub hostname: String,
    pub status: ServiceStatus,
    pub power_state: String,
    pub provider_slug: String,
    pub provider_instance_id: String,
    pub image_id: String,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub cycle_months: i32,
    pub expires_at: DateTime<Utc>,
    pub provider_name: String,
    pub plan_name: String,
    pub vcpu: i32,
    pub memory_mb: i32,
    pub disk_gb: i32,
    pub region_city: String,
    pub region_slug: String,
    pub image_distro: String,
    pub image_version: String,
    /// Sealed with the order id as owner; never leaves the server sealed or not, except
    /// to its owner on request.
    pub root_password_sealed: Option<String>,
}

impl ServiceListRow {
    pub fn summary(&self) -> ServiceSummary {
        ServiceSummary {
            id: self.id.clone(),
            order_id: self.order_id.clone(),
            hostname: self.hostname.clone(),
            provider_slug: self.provider_slug.clone(),
            provider_name: self.provider_name.clone(),
            plan_name: self.plan_name.clone(),
            region_label: format!("{} ({})", self.region_city, self.region_slug),
            image_label: format!("{} {}", self.image_distro, self.image_version),
            ipv4: self.ipv4.clone(),
            ipv6: self.ipv6.clone(),
            status: self.status,
            power_state: self.power_state.clone(),
            expires_at: rfc3339(&self.expires_at),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    pub user_id: Option<String>,
    pub service_id: Option<String>,
    pub status: Option<ServiceStatus>,
    pub provider_slug: Option<String>,
    /// Host name, IPv4 address or customer e-mail (case-insensitive substring).
    pub search: Option<String>,
    /// Runs out before this instant.
    pub expires_before: Option<DateTime<Utc>>,
    /// Terminated services are left out unless asked for (or filtered for).
    pub include_terminated: bool,
    pub limit: i64,
    pub offset: i64,
}

pub async fn list(db: &Db, filter: &ServiceFilter) -> Result<Vec<ServiceListRow>, sqlx::Error> {
    // A filter that is not set still names its parameter (typed, for PostgreSQL), but as
    // its own condition: `$1 IS NULL OR s.user_id = $1` would keep SQLite from using the
    // (user_id, created_at, id) index and scan every service.
    let when = |set: bool, condition: &str, parameter: &str, kind: &str| {
        if set {
            condition.to_string()
        } else {
            format!("CAST({parameter} AS {kind}) IS NULL")
        }
    };
    let conditions = [
        when(filter.user_id.is_some(), "s.user_id = $1", "$1", "TEXT"),
        when(filter.service_id.is_some(), "s.id = $2", "$2", "TEXT"),
        when(filter.status.is_some(), "s.status = $6", "$6", "TEXT"),
        when(
            filter.provider_slug.is_some(),
            "s.provider_slug = $7",
            "$7",
            "TEXT",
        ),
        when(
            filter.search.is_some(),
            "(LOWER(s.hostname) LIKE $8 OR s.ipv4 LIKE $8 OR LOWER(u.email) LIKE $8)",
            "$8",
            "TEXT",
        ),
        when(
            filter.expires_before.is_some(),
            "s.expires_at < $9",
            "$9",
            timestamp_type(db),
        ),
    ]
    .join(" AND ");
    let sql = format!(
        "SELECT s.id, s.order_id, s.user_id, u.email AS customer_email, s.hostname, s.status, s.power_state, \
         s.provider_slug, s.provider_instance_id, s.image_id, s.ipv4, s.ipv6, s.cycle_months, s.expires_at, \
         p.name AS provider_name, pl.name AS plan_name, pl.vcpu, pl.memory_mb, pl.disk_gb, \
         r.city AS region_city, r.slug AS region_slug, i.distro AS image_distro, i.version AS image_version, \
         s.root_password_sealed \
         FROM services s JOIN users u ON u.id = s.user_id JOIN providers p ON p.slug = s.provider_slug \
         JOIN plans pl ON pl.id = s.plan_id JOIN regions r ON r.id = s.region_id JOIN os_images i ON i.id = s.image_id \
         WHERE {conditions} AND ($3 OR $6 IS NOT NULL OR s.status <> 'TERMINATED') \
         ORDER BY s.created_at DESC, s.id DESC LIMIT $4 OFFSET $5"
    );
    let search = filter
        .search
        .as_ref()
        .map(|text| format!("%{}%", text.to_lowercase().replace(['%', '_'], "")));
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(&filter.user_id)
        .bind(&filter.service_id)
        .bind(filter.include_terminated)
        .bind(filter.limit)
        .bind(filter.offset)
        .bind(filter.status.map(ServiceStatus::code))
        .bind(&filter.provider_slug)
        .bind(search)
        .bind(filter.expires_before)
        .fetch_all(pool)
        .await)
}

/// The column type of instants in casts (SQLite keeps them as text).
fn timestamp_type(db: &Db) -> &'static str {
    match db {
        Db::Sqlite(_) => "TEXT",
        Db::Postgres(_) => "TIMESTAMPTZ",
    }
}

pub async fn find(db: &Db, service_id: &str) -> Result<Option<ServiceListRow>, sqlx::Error> {
    let filter = ServiceFilter {
        service_id: Some(service_id.to_string()),
        include_terminated: true,
        limit: 1,
        ..ServiceFilter::default()
    };
    Ok(list(db, &filter).await?.pop())
}

/// What the provider last said about the machine.
/// The service's host name.
pub async fn hostname_in(tx: &mut Tx, service_id: &str) -> Result<String, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar("SELECT hostname FROM services WHERE id = $1")
        .bind(service_id)
        .fetch_one(&mut *conn)
        .await)
}

/// Why staff suspended the service, if they did.
pub async fn suspension_note(db: &Db, service_id: &str) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar("SELECT suspension_note FROM services WHERE id = $1")
        .bind(service_id)
        .fetch_optional(pool)
        .await)
    .map(Option::flatten)
}

pub async fn record_state(
    db: &Db,
    clock: &dyn Clock,
    service_id: &str,
    power_state: &str,
    ipv4: Option<&str>,
    ipv6: Option<&str>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    record_state_in(&mut tx, clock, service_id, power_state, ipv4, ipv6).await?;
    tx.commit().await
}

/// [`record_state`] in the caller's transaction.
pub async fn record_state_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &str,
    power_state: &str,
    ipv4: Option<&str>,
    ipv6: Option<&str>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET power_state = $2, ipv4 = COALESCE($3, ipv4), ipv6 = COALESCE($4, ipv6), updated_at = $5 \
         WHERE id = $1",
    )
    .bind(service_id)
    .bind(power_state)
    .bind(ipv4)
    .bind(ipv6)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActionRow {
    pub id: String,
    pub service_id: String,
    pub action: ActionKind,
    pub image_id: Option<String>,
    pub status: ActionStatus,
    pub checks: i32,
    pub error: Option<String>,
    pub root_password_sealed: Option<String>,
    pub requested_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

const ACTION_COLUMNS: &str = "id, service_id, action, image_id, status, checks, error, root_password_sealed, \
    requested_by, created_at, updated_at, finished_at";

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
pub async fn has_open_action(tx: &mut Tx, service_id: &str) -> Result<bool, sqlx::Error> {
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
    service_id: &str,
    kind: ActionKind,
    image_id: Option<&str>,
    requested_by: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO service_actions (id, service_id, action, image_id, status, requested_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'queued', $5, $6, $6) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(service_id)
    .bind(kind.code())
    .bind(image_id)
    .bind(requested_by)
    .bind(clock.now())
    .execute(&mut *conn)
    .await?
    .rows_affected());
    Ok((inserted == 1).then_some(id))
}

pub async fn find_action(db: &Db, id: &str) -> Result<Option<ActionRow>, sqlx::Error> {
    let sql = format!("SELECT {ACTION_COLUMNS} FROM service_actions WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// The newest actions of a service, newest first.
pub async fn actions_of(db: &Db, service_id: &str, limit: i64) -> Result<Vec<ActionRow>, sqlx::Error> {
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
        "UPDATE service_actions SET status = $2, error = $3, updated_at = $4, finished_at = $4 \
         WHERE id = $1 AND status IN ('queued', 'running')",
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

/// After a rebuild: the service runs the new image with the new root password.
pub async fn set_image(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &str,
    image_id: &str,
    root_password_sealed: Option<&str>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET image_id = $2, root_password_sealed = COALESCE($3, root_password_sealed), updated_at = $4 \
         WHERE id = $1",
    )
    .bind(service_id)
    .bind(image_id)
    .bind(root_password_sealed)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// After a delete: the service is gone for good.
pub async fn terminate(tx: &mut Tx, clock: &dyn Clock, service_id: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET status = 'TERMINATED', power_state = 'deleted', updated_at = $2 WHERE id = $1",
    )
    .bind(service_id)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}
