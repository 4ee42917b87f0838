//! The `service_upgrades` table: moves of a service to a bigger plan (`services::upgrade`).

use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::{InvoiceId, ServiceId};
use crate::money::Rupiah;
use crate::services::UpgradeStatus;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UpgradeRow {
    pub id: String,
    pub service_id: ServiceId,
    pub invoice_id: Option<InvoiceId>,
    pub from_plan_id: String,
    pub to_plan_id: String,
    /// The new plan's name (from the catalog).
    pub plan_name: String,
    /// The new plan's monthly price and its discount for the service's cycle when it was
    /// bought: what the service renews at from then on.
    pub monthly_price: Rupiah,
    pub discount_percent: i32,
    /// The end of the paid period the price was for.
    pub period_end: DateTime<Utc>,
    pub status: UpgradeStatus,
    pub action_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT g.id, g.service_id, g.invoice_id, g.from_plan_id, g.to_plan_id, pl.name AS plan_name, \
    g.monthly_price, g.discount_percent, g.period_end, g.status, g.action_id, g.created_at \
    FROM service_upgrades g JOIN plans pl ON pl.id = g.to_plan_id";

/// An upgrade to record.
pub struct NewUpgrade<'a> {
    pub service_id: &'a ServiceId,
    pub invoice_id: Option<&'a InvoiceId>,
    pub from_plan_id: &'a str,
    pub to_plan_id: &'a str,
    pub monthly_price: Rupiah,
    pub discount_percent: i32,
    pub period_end: DateTime<Utc>,
    /// `Pending` with an invoice to pay, `Paid` when nothing was due.
    pub status: UpgradeStatus,
}

/// Records an upgrade; `Ok(None)` when the service has one under way already (the partial
/// unique index decides, whatever the race).
pub async fn insert_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    upgrade: &NewUpgrade<'_>,
) -> Result<Option<String>, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO service_upgrades (id, service_id, invoice_id, from_plan_id, to_plan_id, monthly_price, \
         discount_percent, period_end, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(upgrade.service_id)
    .bind(upgrade.invoice_id)
    .bind(upgrade.from_plan_id)
    .bind(upgrade.to_plan_id)
    .bind(upgrade.monthly_price)
    .bind(upgrade.discount_percent)
    .bind(upgrade.period_end)
    .bind(upgrade.status)
    .bind(clock.now())
    .execute(&mut *conn)
    .await?
    .rows_affected());
    Ok((inserted == 1).then_some(id))
}

pub async fn find_in(tx: &mut Tx, id: &str) -> Result<Option<UpgradeRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE g.id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

/// The upgrade an invoice pays for, if it is an upgrade invoice.
pub async fn for_invoice_in(tx: &mut Tx, invoice_id: &InvoiceId) -> Result<Option<UpgradeRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE g.invoice_id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(invoice_id).fetch_optional(&mut *conn).await)
}

/// The upgrade a resize action carries out.
pub async fn for_action_in(tx: &mut Tx, action_id: &str) -> Result<Option<UpgradeRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE g.action_id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(action_id).fetch_optional(&mut *conn).await)
}

/// The service's newest upgrade, whatever its status (the service page tells how it went).
pub async fn latest(db: &Db, service_id: &ServiceId) -> Result<Option<UpgradeRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE g.service_id = $1 ORDER BY g.created_at DESC, g.id DESC LIMIT 1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(service_id).fetch_optional(pool).await)
}

/// The upgrade under way (pending or paid), if any.
pub async fn open_in(tx: &mut Tx, service_id: &ServiceId) -> Result<Option<UpgradeRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE g.service_id = $1 AND g.status IN ('pending', 'paid')");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(service_id).fetch_optional(&mut *conn).await)
}

/// The newest paid (or done) upgrade: the terms the service renews at, if it was upgraded.
pub async fn renewal_terms(db: &Db, service_id: &ServiceId) -> Result<Option<UpgradeRow>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE g.service_id = $1 AND g.status IN ('paid', 'done') ORDER BY g.created_at DESC, g.id DESC LIMIT 1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(service_id).fetch_optional(pool).await)
}

/// Moves an upgrade from `from` to `to`; `false` if it was not in `from` (someone else
/// moved it first).
pub async fn transition_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &str,
    from: UpgradeStatus,
    to: UpgradeStatus,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE service_upgrades SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// The resize action that carries out a paid upgrade (set once).
pub async fn set_action_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &str,
    action_id: &str,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE service_upgrades SET action_id = $2, updated_at = $3 WHERE id = $1 AND action_id IS NULL",
    )
    .bind(id)
    .bind(action_id)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}
