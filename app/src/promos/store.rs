//! Promo queries: look-up, eligibility, atomic redemption, and admin writes.

use super::{Promo, PromoKind};
use crate::clock::Clock;
use crate::db::{Db, Tx};
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
    pub min_order: i64,
    pub provider_slugs: String,
    pub plan_ids: String,
    pub cycles: String,
    pub first_order_only: bool,
    pub active: bool,
}

const COLUMNS: &str = "id, code, description, kind, amount, valid_from, valid_until, max_uses, \
    max_uses_per_customer, uses, min_order, provider_slugs, plan_ids, cycles, first_order_only, active";

fn list_of(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

impl PromoRow {
    pub fn value(&self) -> PromoValue {
        match PromoKind::from_code(&self.kind) {
            Some(PromoKind::Fixed) => PromoValue::Fixed(self.amount),
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
            provider_slugs: list_of(&self.provider_slugs),
            plan_ids: list_of(&self.plan_ids),
            cycles: list_of(&self.cycles)
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
    pub amount: i64,
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
    user_id: &str,
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
    pub min_order: i64,
    pub provider_slugs: Vec<String>,
    pub plan_ids: Vec<String>,
    pub cycles: Vec<i32>,
    pub first_order_only: bool,
}

/// Inserts a promo; `None` when the code exists already.
pub async fn create(db: &Db, clock: &dyn Clock, promo: &NewPromo) -> Result<Option<String>, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = clock.now();
    let cycles: Vec<String> = promo.cycles.iter().map(i32::to_string).collect();
    let inserted = on_db!(db, pool => sqlx::query(
        "INSERT INTO promo_codes (id, code, description, kind, amount, valid_from, valid_until, max_uses, \
         max_uses_per_customer, uses, min_order, provider_slugs, plan_ids, cycles, first_order_only, active, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $14, TRUE, $15, $15) \
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(&id)
    .bind(super::normalize_code(&promo.code))
    .bind(&promo.description)
    .bind(promo.kind.code())
    .bind(promo.amount)
    .bind(promo.valid_from)
    .bind(promo.valid_until)
    .bind(promo.max_uses)
    .bind(promo.max_uses_per_customer)
    .bind(promo.min_order)
    .bind(promo.provider_slugs.join(","))
    .bind(promo.plan_ids.join(","))
    .bind(cycles.join(","))
    .bind(promo.first_order_only)
    .bind(now)
    .execute(pool)
    .await
    .map(|done| done.rows_affected() == 1))?;
    Ok(inserted.then_some(id))
}

/// Gives back a use taken by an order that ended unpaid (cancelled or expired).
pub async fn release(tx: &mut Tx, promo_id: &str, user_id: &str) -> Result<(), sqlx::Error> {
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
