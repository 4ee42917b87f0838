//! The `services` table: the one place that reads and writes it. Provisioning inserts
//! through [`insert_in`], the lifecycle changes a service's standing through [`lifecycle`],
//! customers' actions through [`actions`]; everyone reads the one [`ServiceRow`].

pub mod actions;
pub mod lifecycle;
pub mod upgrades;

pub use actions::{
    ActionRow, NewResize, ResizePhase, actions_of, count_check, find_action, finish_action, has_open_action,
    insert_action, insert_resize, next_phase, set_action_password, start_action,
};

use super::{ServiceLine, ServiceStatus, ServiceSummary};
use crate::clock::{Clock, rfc3339};
use crate::db::{Db, Tx};
use crate::ids::{OrderId, ServiceId, UserId};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

/// A service joined with its customer and its provider, plan, region and image names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: ServiceId,
    pub order_id: OrderId,
    pub user_id: UserId,
    pub customer_email: String,
    pub hostname: String,
    pub status: ServiceStatus,
    pub power_state: String,
    pub provider_slug: String,
    pub provider_instance_id: String,
    pub plan_id: String,
    pub region_id: String,
    pub image_id: String,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub cycle_months: i32,
    pub expires_at: DateTime<Utc>,
    /// `unpaid` or `admin` while suspended, with staff's note.
    pub suspension: Option<String>,
    pub suspension_note: Option<String>,
    /// The machine was on when suspended (lifting the suspension turns it on again).
    pub suspension_powered_off: bool,
    pub termination_requested_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
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

impl ServiceRow {
    pub fn summary(&self) -> ServiceSummary {
        ServiceSummary {
            id: self.id.to_string(),
            order_id: self.order_id.clone(),
            hostname: self.hostname.clone(),
            provider_slug: self.provider_slug.clone(),
            provider_name: self.provider_name.clone(),
            plan_name: self.plan_name.clone(),
            region_label: region_label(&self.region_city, &self.region_slug),
            image_label: format!("{} {}", self.image_distro, self.image_version),
            ipv4: self.ipv4.clone(),
            ipv6: self.ipv6.clone(),
            status: self.status,
            power_state: self.power_state.clone(),
            expires_at: rfc3339(&self.expires_at),
        }
    }

    /// Whether a payment can still bring the service back (or extend it).
    pub fn renewable(&self) -> bool {
        self.status != ServiceStatus::Terminated && self.termination_requested_at.is_none()
    }
}

/// The joins every read of services shares (a [`ServiceRow`] or a [`LineRow`]); every read
/// adds its own `WHERE`.
macro_rules! service_joins {
    () => {
        " FROM services s JOIN users u ON u.id = s.user_id JOIN providers p ON p.slug = s.provider_slug \
         JOIN plans pl ON pl.id = s.plan_id JOIN regions r ON r.id = s.region_id JOIN os_images i ON i.id = s.image_id"
    };
}

/// The columns and joins of a [`ServiceRow`].
const SELECT_ROW: &str = concat!(
    "SELECT s.id, s.order_id, s.user_id, u.email AS customer_email, s.hostname, s.status, \
     s.power_state, s.provider_slug, s.provider_instance_id, s.plan_id, s.region_id, s.image_id, s.ipv4, s.ipv6, \
     s.cycle_months, s.expires_at, s.suspension, s.suspension_note, s.suspension_powered_off, \
     s.termination_requested_at, s.created_at, p.name AS provider_name, pl.name AS plan_name, pl.vcpu, \
     pl.memory_mb, pl.disk_gb, r.city AS region_city, r.slug AS region_slug, i.distro AS image_distro, \
     i.version AS image_version, s.root_password_sealed",
    service_joins!()
);

/// The columns and joins of a [`LineRow`].
const SELECT_LINE: &str = concat!(
    "SELECT s.id, s.hostname, s.status, s.power_state, s.ipv4, s.expires_at, \
     p.name AS provider_name, pl.name AS plan_name, r.city AS region_city, r.slug AS region_slug",
    service_joins!()
);

/// What a line of the customer's server list shows, and no more: the dashboard reads a page
/// of these on every view, so it decodes 10 columns a service instead of a [`ServiceRow`]'s 31
/// (docs/BENCHMARKS.md "HTTP routes").
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub id: ServiceId,
    pub hostname: String,
    pub status: ServiceStatus,
    pub power_state: String,
    pub ipv4: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub provider_name: String,
    pub plan_name: String,
    pub region_city: String,
    pub region_slug: String,
}

impl LineRow {
    pub fn line(self) -> ServiceLine {
        ServiceLine {
            id: self.id.into(),
            region_label: region_label(&self.region_city, &self.region_slug),
            hostname: self.hostname,
            provider_name: self.provider_name,
            plan_name: self.plan_name,
            ipv4: self.ipv4,
            status: self.status,
            power_state: self.power_state,
            expires_at: rfc3339(&self.expires_at),
        }
    }
}

/// "Jakarta (jkt)": where a service runs, as the pages write it.
fn region_label(city: &str, slug: &str) -> String {
    format!("{city} ({slug})")
}

/// A service as provisioning creates it, from its paid order and the machine.
#[derive(Debug, Clone)]
pub struct NewService {
    pub order_id: OrderId,
    pub user_id: UserId,
    pub provider_slug: String,
    pub plan_id: String,
    pub region_id: String,
    pub image_id: String,
    pub hostname: String,
    pub power_state: String,
    pub provider_instance_id: String,
    pub ipv4: Option<String>,
    pub ipv6: Option<String>,
    pub cycle_months: i32,
    pub expires_at: DateTime<Utc>,
    pub root_password_sealed: Option<String>,
}

/// Inserts the order's service, `ACTIVE`, unless it has one; returns the service's id
/// (the existing one on a repeat).
pub async fn insert_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &NewService,
) -> Result<ServiceId, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO services (id, order_id, user_id, provider_slug, plan_id, region_id, image_id, hostname, \
             status, power_state, provider_instance_id, ipv4, ipv6, cycle_months, expires_at, root_password_sealed, \
             created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) \
             ON CONFLICT (order_id) DO NOTHING",
        )
        .bind(ServiceId::generate())
        .bind(&service.order_id)
        .bind(&service.user_id)
        .bind(&service.provider_slug)
        .bind(&service.plan_id)
        .bind(&service.region_id)
        .bind(&service.image_id)
        .bind(&service.hostname)
        .bind(ServiceStatus::Active)
        .bind(&service.power_state)
        .bind(&service.provider_instance_id)
        .bind(&service.ipv4)
        .bind(&service.ipv6)
        .bind(service.cycle_months)
        .bind(service.expires_at)
        .bind(&service.root_password_sealed)
        .bind(clock.now())
        .execute(&mut *conn)
        .await?;
        sqlx::query_scalar::<_, ServiceId>("SELECT id FROM services WHERE order_id = $1")
            .bind(&service.order_id)
            .fetch_one(&mut *conn)
            .await
    })
}

/// The service an order became, if it has been provisioned.
pub async fn for_order(db: &Db, order_id: &OrderId) -> Result<Option<ServiceRow>, sqlx::Error> {
    let sql = format!("{SELECT_ROW} WHERE s.order_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(order_id).fetch_optional(pool).await)
}

/// How many services the user still has (active or suspended, not yet deleted at the
/// provider), counting orders paid and still being provisioned: an account with any of
/// them cannot be deleted.
pub async fn count_held_in(tx: &mut Tx, user_id: &UserId) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM services WHERE user_id = $1 AND status <> 'TERMINATED') \
         + (SELECT COUNT(*) FROM orders o WHERE o.user_id = $1 AND o.status IN ('PAID', 'PROVISIONING') \
            AND NOT EXISTS (SELECT 1 FROM services s WHERE s.order_id = o.id))",
    )
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await)
}

/// [`find`] in the caller's transaction (what a lifecycle step decides on).
pub async fn find_in(tx: &mut Tx, service_id: &ServiceId) -> Result<Option<ServiceRow>, sqlx::Error> {
    let sql = format!("{SELECT_ROW} WHERE s.id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(service_id).fetch_optional(&mut *conn).await)
}

#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    pub user_id: Option<UserId>,
    pub service_id: Option<ServiceId>,
    pub status: Option<ServiceStatus>,
    pub provider_slug: Option<String>,
    /// Host name, IPv4 address or customer e-mail (case-insensitive substring).
    pub search: Option<String>,
    /// Runs out before this instant.
    pub expires_before: Option<DateTime<Utc>>,
    /// Terminated services are left out unless asked for (or filtered for).
    pub include_terminated: bool,
    /// Keyset pagination: only services after this one (`offset` pages by position).
    pub after: Option<crate::db::After>,
    pub limit: i64,
    pub offset: i64,
}

/// The services `filter` picks, newest first.
pub async fn list(db: &Db, filter: &ServiceFilter) -> Result<Vec<ServiceRow>, sqlx::Error> {
    select(db, SELECT_ROW, filter).await
}

/// [`list`] as the customer's server list shows it.
pub async fn lines(db: &Db, filter: &ServiceFilter) -> Result<Vec<LineRow>, sqlx::Error> {
    select(db, SELECT_LINE, filter).await
}

/// Reads `select`'s columns of the services `filter` picks.
async fn select<R>(db: &Db, select: &str, filter: &ServiceFilter) -> Result<Vec<R>, sqlx::Error>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
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
    let after = match filter.after {
        Some(_) => "(s.created_at < $10 OR (s.created_at = $10 AND s.id < $11))".to_string(),
        None => format!(
            "CAST($10 AS {}) IS NULL AND CAST($11 AS TEXT) IS NULL",
            timestamp_type(db)
        ),
    };
    let sql = format!(
        "{select} \
         WHERE {conditions} AND {after} AND ($3 OR $6 IS NOT NULL OR s.status <> 'TERMINATED') \
         ORDER BY s.created_at DESC, s.id DESC LIMIT $4 OFFSET $5"
    );
    let search = filter.search.as_deref().map(crate::db::like_pattern);
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
        .bind(filter.after.as_ref().map(|after| after.created_at))
        .bind(filter.after.as_ref().map(|after| after.id.as_str()))
        .fetch_all(pool)
        .await)
}

/// The column type of instants in casts (SQLite keeps them as text).
fn timestamp_type(db: &Db) -> &'static str {
    match db {
        Db::Sqlite(..) => "TEXT",
        Db::Postgres(_) => "TIMESTAMPTZ",
    }
}

pub async fn find(db: &Db, service_id: &ServiceId) -> Result<Option<ServiceRow>, sqlx::Error> {
    let filter = ServiceFilter {
        service_id: Some(service_id.clone()),
        include_terminated: true,
        limit: 1,
        ..ServiceFilter::default()
    };
    Ok(list(db, &filter).await?.pop())
}

/// The service's host name.
pub async fn hostname_in(tx: &mut Tx, service_id: &ServiceId) -> Result<String, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar("SELECT hostname FROM services WHERE id = $1")
        .bind(service_id)
        .fetch_one(&mut *conn)
        .await)
}

/// What the provider last said about the machine.
pub async fn record_state(
    db: &Db,
    clock: &dyn Clock,
    service_id: &ServiceId,
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
    service_id: &ServiceId,
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

/// The owner has seen the root password: the stored copy is deleted. `false` when it was
/// already gone (a second reveal at the same moment shows nothing).
pub async fn forget_root_password_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    sealed: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET root_password_sealed = NULL, updated_at = $3 \
         WHERE id = $1 AND root_password_sealed = $2",
    )
    .bind(service_id)
    .bind(sealed)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// After a rebuild: the service runs the new image with the new root password.
pub async fn set_image(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
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

/// Moves the services' and rebuilds' root passwords to the current key (key rotation).
pub async fn reseal_root_passwords(
    db: &Db,
    secrets: &crate::security::SecretBox,
) -> Result<crate::security::reseal::Resealed, sqlx::Error> {
    use crate::security::reseal::reseal_column;
    let mut done = reseal_column(
        db,
        secrets,
        "SELECT id, root_password_sealed, order_id FROM services WHERE root_password_sealed IS NOT NULL",
        "UPDATE services SET root_password_sealed = $1 WHERE id = $2 AND root_password_sealed = $3",
    )
    .await?;
    done += reseal_column(
        db,
        secrets,
        "SELECT a.id, a.root_password_sealed, s.order_id FROM service_actions a JOIN services s ON s.id = a.service_id \
         WHERE a.root_password_sealed IS NOT NULL",
        "UPDATE service_actions SET root_password_sealed = $1 WHERE id = $2 AND root_password_sealed = $3",
    )
    .await?;
    Ok(done)
}

/// After a resize: the service is on its new plan.
pub async fn set_plan(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    plan_id: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE services SET plan_id = $2, updated_at = $3 WHERE id = $1")
        .bind(service_id)
        .bind(plan_id)
        .bind(clock.now())
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

/// After a delete: the service is gone for good.
pub async fn terminate(tx: &mut Tx, clock: &dyn Clock, service_id: &ServiceId) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE services SET status = 'TERMINATED', power_state = 'deleted', terminated_at = $2, updated_at = $2 \
         WHERE id = $1 AND status <> 'TERMINATED'",
    )
    .bind(service_id)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// SQL condition: user `{user}` has an active service, of provider `{provider}` unless that
/// parameter is NULL (the announcement audiences).
pub fn has_active_service(user: &str, provider: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM services s WHERE s.user_id = {user} AND s.status = 'ACTIVE' \
         AND (CAST({provider} AS TEXT) IS NULL OR s.provider_slug = {provider}))"
    )
}
