//! Promo queries: look-up, eligibility, atomic redemption, and admin writes.

use super::{Promo, PromoKind};
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::UserId;
use crate::money::Rupiah;
use crate::orders::pricing::PromoValue;
use crate::ui::FormText;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PromoRow {
    pub id: String,
    pub code: String,
    pub description: String,
    pub kind: String,
    pub amount: i64,
    pub valid_from: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub max_uses: Option<i32>,
    pub max_uses_per_customer: Option<i32>,
    pub uses: i32,
    pub min_order: Rupiah,
    pub provider_slugs: String,
    pub plan_ids: String,
    pub cycles: String,
    pub first_order_only: bool,
    pub active: bool,
}

const COLUMNS: &str = "id, code, description, kind, amount, valid_from, valid_until, max_uses, \
    max_uses_per_customer, uses, min_order, provider_slugs, plan_ids, cycles, first_order_only, active";

impl PromoRow {
    pub fn value(&self) -> PromoValue {
        match PromoKind::from_code(&self.kind) {
            Some(PromoKind::Fixed) => PromoValue::Fixed(Rupiah(self.amount)),
            _ => PromoValue::Percent(self.amount),
        }
    }

    pub fn to_promo(&self) -> Promo {
        let time = crate::clock::rfc3339;
        Promo {
            id: self.id.clone(),
            code: self.code.clone(),
            description: self.description.clone(),
            kind: PromoKind::from_code(&self.kind).unwrap_or(PromoKind::Percent),
            amount: self.amount,
            valid_from: time(&self.valid_from),
            valid_until: self.valid_until.as_ref().map(time),
            max_uses: self.max_uses,
            max_uses_per_customer: self.max_uses_per_customer,
            uses: self.uses,
            min_order: self.min_order,
            provider_slugs: super::split_list(&self.provider_slugs),
            plan_ids: super::split_list(&self.plan_ids),
            cycles: super::split_list(&self.cycles)
                .iter()
                .filter_map(|c| c.parse().ok())
                .collect(),
            first_order_only: self.first_order_only,
            active: self.active,
        }
    }
}

/// What the promo is checked against.
pub struct PromoContext<'a> {
    pub now: DateTime<Utc>,
    pub provider_slug: &'a str,
    pub plan_id: &'a str,
    pub months: i32,
    /// The order amount after the cycle discount.
    pub amount: Rupiah,
    /// The customer has placed an order before (not counting cancelled or expired ones).
    pub has_previous_order: bool,
}

/// Why a promo cannot be used, as the message the customer sees. Use limits are checked
/// here for a clear early answer, and again atomically by [`redeem`].
pub fn eligibility(promo: &PromoRow, context: &PromoContext<'_>) -> Result<(), FormText> {
    let promo_view = promo.to_promo();
    if !promo.active {
        return Err(FormText::PromoUnknown);
    }
    if context.now < promo.valid_from {
        return Err(FormText::PromoNotYetValid);
    }
    if promo.valid_until.is_some_and(|until| context.now >= until) {
        return Err(FormText::PromoExpired);
    }
    if promo.max_uses.is_some_and(|max| promo.uses >= max) {
        return Err(FormText::PromoUsedUp);
    }
    let restricted = |list: &[String], value: &str| !list.is_empty() && !list.iter().any(|v| v == value);
    if restricted(&promo_view.provider_slugs, context.provider_slug)
        || restricted(&promo_view.plan_ids, context.plan_id)
        || (!promo_view.cycles.is_empty() && !promo_view.cycles.contains(&context.months))
    {
        return Err(FormText::PromoNotApplicable);
    }
    if context.amount < promo.min_order {
        return Err(FormText::PromoMinimumNotReached);
    }
    if promo.first_order_only && context.has_previous_order {
        return Err(FormText::PromoFirstOrderOnly);
    }
    Ok(())
}

pub async fn find_by_code(db: &Db, code: &str) -> Result<Option<PromoRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM promo_codes WHERE code = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(code).fetch_optional(pool).await)
}

pub async fn find_by_id(db: &Db, id: &str) -> Result<Option<PromoRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM promo_codes WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn list(db: &Db) -> Result<Vec<PromoRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM promo_codes ORDER BY created_at DESC");
    on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

/// Takes one use of the promo for `user_id` inside the checkout transaction. Both counters
/// are raised by guarded statements, so under any concurrency the limits hold: the loser
/// of a race for the last use gets `PromoUsedUp` (or `PromoUsedUpForYou`).
pub async fn redeem(
    tx: &mut Tx,
    promo: &PromoRow,
    user_id: &UserId,
) -> Result<Result<(), FormText>, sqlx::Error> {
    let taken = on_tx!(tx, conn => sqlx::query(
        "UPDATE promo_codes SET uses = uses + 1 WHERE id = $1 AND active AND (max_uses IS NULL OR uses < max_uses)",
    )
    .bind(&promo.id)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected()))?;
    if taken == 0 {
        return Ok(Err(FormText::PromoUsedUp));
    }
    let per_customer = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO promo_customer_uses (promo_id, user_id, uses) VALUES ($1, $2, 1) \
         ON CONFLICT (promo_id, user_id) DO UPDATE SET uses = promo_customer_uses.uses + 1 \
         WHERE $3 IS NULL OR promo_customer_uses.uses < $3",
    )
    .bind(&promo.id)
    .bind(user_id)
    .bind(promo.max_uses_per_customer)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected()))?;
    if per_customer == 0 {
        return Ok(Err(FormText::PromoUsedUpForYou));
    }
    Ok(Ok(()))
}

/// A new promo code (from the admin form or the demo seed).
pub struct NewPromo {
    pub code: String,
    pub description: String,
    pub kind: PromoKind,
    pub amount: i64,
    pub valid_from: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub max_uses: Option<i32>,
    pub max_uses_per_customer: Option<i32>,
    pub min_order: Rupiah,
    pub provider_slugs: Vec<String>,
    pub plan_ids: Vec<String>,
    pub cycles: Vec<i32>,
    pub first_order_only: bool,
}

/// Binds `$1` id, `$2` code, `$3`… the promo's terms in column order, `$15` the time: one
/// list for inserting and updating.
macro_rules! bind_promo {
    ($query:expr, $id:expr, $promo:expr, $now:expr) => {
        $query
            .bind($id)
            .bind(super::normalize_code(&$promo.code))
            .bind(&$promo.description)
            .bind($promo.kind.code())
            .bind($promo.amount)
            .bind($promo.valid_from)
            .bind($promo.valid_until)
            .bind($promo.max_uses)
            .bind($promo.max_uses_per_customer)
            .bind($promo.min_order)
            .bind($promo.provider_slugs.join(","))
            .bind($promo.plan_ids.join(","))
            .bind(
                $promo
                    .cycles
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            )
            .bind($promo.first_order_only)
            .bind($now)
    };
}

/// Inserts a promo; `None` when the code exists already.
pub async fn create(tx: &mut Tx, clock: &dyn Clock, promo: &NewPromo) -> Result<Option<String>, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = clock.now();
    let inserted = on_tx!(tx, conn => bind_promo!(sqlx::query(
        "INSERT INTO promo_codes (id, code, description, kind, amount, valid_from, valid_until, max_uses, \
         max_uses_per_customer, uses, min_order, provider_slugs, plan_ids, cycles, first_order_only, active, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $14, TRUE, $15, $15) \
         ON CONFLICT (code) DO NOTHING",
    ), &id, promo, now)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))?;
    Ok(inserted.then_some(id))
}

/// Changes a promo's terms (not its code; uses so far are kept); `false` if unknown.
pub async fn update(tx: &mut Tx, clock: &dyn Clock, id: &str, promo: &NewPromo) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => bind_promo!(sqlx::query(
        "UPDATE promo_codes SET description = $3, kind = $4, amount = $5, valid_from = $6, valid_until = $7, \
         max_uses = $8, max_uses_per_customer = $9, min_order = $10, provider_slugs = $11, plan_ids = $12, \
         cycles = $13, first_order_only = $14, updated_at = $15 WHERE id = $1 AND code = $2",
    ), id, promo, clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Switches a promo on or off; `false` if unknown.
pub async fn set_active(tx: &mut Tx, clock: &dyn Clock, id: &str, active: bool) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE promo_codes SET active = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(active)
        .bind(clock.now())
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// What a promo brought in: paid orders, distinct customers and rupiah given away.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct PromoUsageRow {
    pub promo_id: String,
    pub paid_orders: i64,
    pub customers: i64,
    pub discount_given: Rupiah,
}

/// Usage of every promo, counting orders that were paid (whatever happened after).
pub async fn usage(db: &Db) -> Result<Vec<PromoUsageRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT promo_id, COUNT(*) AS paid_orders, COUNT(DISTINCT user_id) AS customers, \
         CAST(COALESCE(SUM(promo_discount), 0) AS BIGINT) AS discount_given FROM orders \
         WHERE promo_id IS NOT NULL AND status IN ('PAID', 'PROVISIONING', 'ACTIVE', 'PROVISIONING_FAILED') \
         GROUP BY promo_id",
    )
    .fetch_all(pool)
    .await)
}

/// Gives back a use taken by an order that ended unpaid (cancelled or expired).
pub async fn release(tx: &mut Tx, promo_id: &str, user_id: &UserId) -> Result<(), sqlx::Error> {
    // Delete a count of one before lowering larger ones, so no count is lowered twice.
    on_tx!(tx, conn => {
        sqlx::query("UPDATE promo_codes SET uses = uses - 1 WHERE id = $1 AND uses > 0")
            .bind(promo_id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM promo_customer_uses WHERE promo_id = $1 AND user_id = $2 AND uses = 1")
            .bind(promo_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE promo_customer_uses SET uses = uses - 1 WHERE promo_id = $1 AND user_id = $2 AND uses > 1")
            .bind(promo_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await
            .map(|_| ())
    })
}
