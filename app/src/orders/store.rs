//! Order queries and the one place order status changes ([`transition`]).

use super::OrderStatus;
use crate::audit::Actor;
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::ids::{OrderId, UserId};
use crate::money::Rupiah;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: OrderId,
    pub user_id: UserId,
    pub status: OrderStatus,
    pub provider_slug: String,
    pub plan_id: String,
    pub region_id: String,
    pub image_id: String,
    pub hostname: String,
    pub cycle_months: i32,
    pub plan_name: String,
    pub region_label: String,
    pub image_label: String,
    pub monthly_price: Rupiah,
    pub subtotal: Rupiah,
    pub cycle_discount: Rupiah,
    pub promo_discount: Rupiah,
    pub tax: Rupiah,
    pub total: Rupiah,
    pub promo_id: Option<String>,
    pub promo_code: Option<String>,
    pub idempotency_key: String,
    pub payment_due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, user_id, status, provider_slug, plan_id, region_id, image_id, hostname, cycle_months, \
    plan_name, region_label, image_label, monthly_price, subtotal, cycle_discount, promo_discount, tax, total, \
    promo_id, promo_code, idempotency_key, payment_due_at, created_at, updated_at";

pub async fn insert(tx: &mut Tx, order: &OrderRow) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO orders ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"
    );
    on_tx!(tx, conn => sqlx::query(&sql)
        .bind(&order.id)
        .bind(&order.user_id)
        .bind(order.status)
        .bind(&order.provider_slug)
        .bind(&order.plan_id)
        .bind(&order.region_id)
        .bind(&order.image_id)
        .bind(&order.hostname)
        .bind(order.cycle_months)
        .bind(&order.plan_name)
        .bind(&order.region_label)
        .bind(&order.image_label)
        .bind(order.monthly_price)
        .bind(order.subtotal)
        .bind(order.cycle_discount)
        .bind(order.promo_discount)
        .bind(order.tax)
        .bind(order.total)
        .bind(&order.promo_id)
        .bind(&order.promo_code)
        .bind(&order.idempotency_key)
        .bind(order.payment_due_at)
        .bind(order.created_at)
        .bind(order.updated_at)
        .execute(&mut *conn)
        .await
        .map(|_| ()))
}

pub async fn find(db: &Db, id: &OrderId) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM orders WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn find_in(tx: &mut Tx, id: &OrderId) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM orders WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

/// The order a checkout already created, if the same key comes again.
pub async fn find_by_checkout(db: &Db, user_id: &UserId, key: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM orders WHERE user_id = $1 AND idempotency_key = $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).bind(key).fetch_optional(pool).await)
}

/// Whether the customer has an order that was not cancelled or expired (first-order promos).
pub async fn has_previous_order(db: &Db, user_id: &UserId) -> Result<bool, sqlx::Error> {
    let count: i64 = on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders WHERE user_id = $1 AND status NOT IN ('CANCELLED', 'EXPIRED')",
    ).bind(user_id).fetch_one(pool).await)?;
    Ok(count > 0)
}

#[derive(Debug, PartialEq, Eq)]
pub enum TransitionError {
    NotFound,
    /// The state machine does not allow this step.
    Illegal {
        from: OrderStatus,
        to: OrderStatus,
    },
}

/// Moves an order to `to` and writes the timeline entry, in the caller's transaction.
/// The update is conditional on the status just read, so two concurrent changes cannot
/// both succeed: the second sees the new status and is judged against it.
pub async fn transition(
    tx: &mut Tx,
    clock: &dyn Clock,
    order_id: &OrderId,
    to: OrderStatus,
    actor: &Actor,
    note: &str,
) -> Result<Result<OrderStatus, TransitionError>, sqlx::Error> {
    loop {
        let Some(order) = find_in(tx, order_id).await? else {
            return Ok(Err(TransitionError::NotFound));
        };
        let from = order.status;
        if !from.can_become(to) {
            return Ok(Err(TransitionError::Illegal { from, to }));
        }
        let changed = on_tx!(tx, conn => sqlx::query(
            "UPDATE orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(to.code())
        .bind(clock.now())
        .bind(order_id)
        .bind(from.code())
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected()))?;
        if changed == 1 {
            record_event(tx, clock, order_id, Some(from), Some(to), actor, note).await?;
            return Ok(Ok(from));
        }
    }
}

/// Adds a timeline entry (a status change, or a note when both statuses are `None`).
pub async fn record_event(
    tx: &mut Tx,
    clock: &dyn Clock,
    order_id: &OrderId,
    from: Option<OrderStatus>,
    to: Option<OrderStatus>,
    actor: &Actor,
    note: &str,
) -> Result<(), sqlx::Error> {
    let (actor_id, actor_label) = actor.id_and_label();
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO order_events (id, order_id, occurred_at, from_status, to_status, actor_id, actor_label, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(order_id)
    .bind(clock.now())
    .bind(from.map(OrderStatus::code))
    .bind(to.map(OrderStatus::code))
    .bind(actor_id)
    .bind(actor_label)
    .bind(note)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub occurred_at: DateTime<Utc>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub note: String,
}

pub async fn timeline(db: &Db, order_id: &OrderId) -> Result<Vec<EventRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT occurred_at, from_status, to_status, actor_id, actor_label, note FROM order_events \
         WHERE order_id = $1 ORDER BY occurred_at, id",
    ).bind(order_id).fetch_all(pool).await)
}

/// An order list row with what lists show beside it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderListRow {
    #[sqlx(flatten)]
    pub order: OrderRow,
    pub provider_name: String,
    pub customer_email: String,
    pub invoice_number: Option<String>,
}

/// Which orders to list; every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub order_id: Option<OrderId>,
    pub user_id: Option<UserId>,
    pub status: Option<OrderStatus>,
    pub provider_slug: Option<String>,
    /// Customer e-mail or name, host name or invoice number (case-insensitive substring).
    pub search: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Keyset pagination: only orders after this one (`offset` pages by position).
    pub after: Option<crate::db::After>,
    pub offset: i64,
    pub limit: i64,
}

pub async fn list(db: &Db, filter: &OrderFilter) -> Result<Vec<OrderListRow>, sqlx::Error> {
    let columns = COLUMNS
        .split(", ")
        .map(|column| format!("o.{}", column.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    // The latest invoice's number (a voided invoice is replaced by a newer one).
    let sql = format!(
        "SELECT {columns}, p.name AS provider_name, u.email AS customer_email, \
         (SELECT i.number FROM invoices i WHERE i.order_id = o.id ORDER BY i.issued_at DESC, i.sequence DESC LIMIT 1) AS invoice_number \
         FROM orders o JOIN providers p ON p.slug = o.provider_slug JOIN users u ON u.id = o.user_id \
         WHERE ($1 IS NULL OR o.user_id = $1) AND ($2 IS NULL OR o.status = $2) \
         AND ($3 IS NULL OR o.provider_slug = $3) \
         AND ($4 IS NULL OR LOWER(u.email) LIKE $4 OR LOWER(u.name) LIKE $4 OR LOWER(o.hostname) LIKE $4 \
              OR EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id AND LOWER(i.number) LIKE $4)) \
         AND ($5 IS NULL OR o.created_at >= $5) AND ($6 IS NULL OR o.created_at < $6) \
         AND ($9 IS NULL OR o.id = $9) \
         AND ($10 IS NULL OR o.created_at < $10 OR (o.created_at = $10 AND o.id < $11)) \
         ORDER BY o.created_at DESC, o.id DESC LIMIT $7 OFFSET $8"
    );
    let after = filter.after.as_ref();
    let search = filter.search.as_deref().map(crate::db::like_pattern);
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(&filter.user_id)
        .bind(filter.status.map(OrderStatus::code))
        .bind(&filter.provider_slug)
        .bind(search)
        .bind(filter.from)
        .bind(filter.until)
        .bind(filter.limit)
        .bind(filter.offset)
        .bind(&filter.order_id)
        .bind(after.map(|after| after.created_at))
        .bind(after.map(|after| after.id.as_str()))
        .fetch_all(pool)
        .await)
}
