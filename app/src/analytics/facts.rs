//! What one WIB day holds, counted from the business's own tables: the single definition
//! of every number on the admin home. The rollup stores a closed day's facts
//! (`crate::analytics::rollup`); days after the last rolled one are counted here live, so a
//! number reads the same whether or not its day was rolled up yet.

use crate::db::Db;
use crate::on_db;
use chrono::{DateTime, Utc};

/// One counted thing of one day: `count` events and, where money is involved, `amount`
/// rupiah. `dimension` splits a metric (invoice purpose, provider, `provider/region`, or a
/// duration bucket in seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub metric: &'static str,
    pub dimension: String,
    pub count: i64,
    pub amount: i64,
}

/// Paid invoices (not wallet top-ups) by purpose: what the business earned.
pub const REVENUE: &str = "revenue";
/// Credit notes issued: money given back.
pub const REFUNDS: &str = "refunds";
/// Customer accounts created.
pub const CUSTOMERS: &str = "customers";
/// Orders placed, by provider (amount: their totals).
pub const ORDERS_CREATED: &str = "orders.created";
/// Orders reaching a status, by provider.
pub const ORDERS_PAID: &str = "orders.paid";
pub const ORDERS_ACTIVE: &str = "orders.active";
pub const ORDERS_FAILED: &str = "orders.failed";
pub const ORDERS_CANCELLED: &str = "orders.cancelled";
pub const ORDERS_EXPIRED: &str = "orders.expired";
/// Orders that became active, by the time from payment to active (a bucket in seconds).
pub const TIME_TO_ACTIVE: &str = "orders.time_to_active";
/// Services created, ended and moved to a bigger plan, by `provider/region`; the amount
/// is the change in monthly recurring revenue (monthly list price).
pub const SERVICES_STARTED: &str = "services.started";
pub const SERVICES_ENDED: &str = "services.ended";
pub const SERVICES_UPGRADED: &str = "services.upgraded";

/// Every metric, to read stored rows back.
pub const ALL: [&str; 13] = [
    REVENUE,
    REFUNDS,
    CUSTOMERS,
    ORDERS_CREATED,
    ORDERS_PAID,
    ORDERS_ACTIVE,
    ORDERS_FAILED,
    ORDERS_CANCELLED,
    ORDERS_EXPIRED,
    TIME_TO_ACTIVE,
    SERVICES_STARTED,
    SERVICES_ENDED,
    SERVICES_UPGRADED,
];

/// The metric named `name`, if it is one of ours.
pub fn metric(name: &str) -> Option<&'static str> {
    ALL.iter().copied().find(|metric| *metric == name)
}

/// The order statuses counted, with their metric.
const ORDER_STATUS_METRICS: [(&str, &str); 5] = [
    ("PAID", ORDERS_PAID),
    ("ACTIVE", ORDERS_ACTIVE),
    ("PROVISIONING_FAILED", ORDERS_FAILED),
    ("CANCELLED", ORDERS_CANCELLED),
    ("EXPIRED", ORDERS_EXPIRED),
];

/// A service's monthly price now: its last finished upgrade's, else its order's.
const CURRENT_MONTHLY_PRICE: &str = "COALESCE((SELECT u.monthly_price FROM service_upgrades u \
     WHERE u.service_id = s.id AND u.status = 'done' ORDER BY u.updated_at DESC LIMIT 1), o.monthly_price)";

/// The bucket a payment-to-active duration is counted in: whole seconds below a minute,
/// 5 s below ten minutes, 30 s below an hour, then 5 minutes — a median to within a few
/// percent from a few hundred rows a day, whatever the volume.
pub fn duration_bucket(seconds: i64) -> i64 {
    let seconds = seconds.max(0);
    let step = match seconds {
        0..60 => 1,
        60..600 => 5,
        600..3600 => 30,
        _ => 300,
    };
    seconds - seconds % step
}

/// Everything that happened in `[start, end)`.
pub async fn between(db: &Db, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<Fact>, sqlx::Error> {
    let mut facts = Vec::new();
    let grouped: [(&'static str, &str); 5] = [
        (
            REVENUE,
            "SELECT purpose, COUNT(*), CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM invoices \
             WHERE status = 'paid' AND paid_at >= $1 AND paid_at < $2 AND purpose <> 'deposit' GROUP BY purpose",
        ),
        (
            REFUNDS,
            "SELECT '', COUNT(*), CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM credit_notes \
             WHERE issued_at >= $1 AND issued_at < $2",
        ),
        (
            CUSTOMERS,
            "SELECT '', COUNT(*), CAST(0 AS BIGINT) FROM users \
             WHERE created_at >= $1 AND created_at < $2 AND role = 'customer'",
        ),
        (
            ORDERS_CREATED,
            "SELECT provider_slug, COUNT(*), CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM orders \
             WHERE created_at >= $1 AND created_at < $2 GROUP BY provider_slug",
        ),
        (
            SERVICES_STARTED,
            "SELECT s.provider_slug || '/' || s.region_id, COUNT(*), CAST(COALESCE(SUM(o.monthly_price), 0) AS BIGINT) \
             FROM services s JOIN orders o ON o.id = s.order_id \
             WHERE s.created_at >= $1 AND s.created_at < $2 GROUP BY s.provider_slug, s.region_id",
        ),
    ];
    for (metric, sql) in grouped {
        facts.extend(grouped_facts(db, metric, sql, start, end).await?);
    }
    let ended = format!(
        "SELECT s.provider_slug || '/' || s.region_id, COUNT(*), CAST(COALESCE(SUM({CURRENT_MONTHLY_PRICE}), 0) AS BIGINT) \
         FROM services s JOIN orders o ON o.id = s.order_id \
         WHERE s.terminated_at >= $1 AND s.terminated_at < $2 GROUP BY s.provider_slug, s.region_id"
    );
    facts.extend(grouped_facts(db, SERVICES_ENDED, &ended, start, end).await?);
    // The price before an upgrade: the finished upgrade before it, else the order's.
    let upgraded = "SELECT s.provider_slug || '/' || s.region_id, COUNT(*), CAST(COALESCE(SUM(u.monthly_price - \
         COALESCE((SELECT p.monthly_price FROM service_upgrades p WHERE p.service_id = u.service_id \
         AND p.status = 'done' AND p.updated_at < u.updated_at ORDER BY p.updated_at DESC LIMIT 1), o.monthly_price)), 0) AS BIGINT) \
         FROM service_upgrades u JOIN services s ON s.id = u.service_id JOIN orders o ON o.id = s.order_id \
         WHERE u.status = 'done' AND u.updated_at >= $1 AND u.updated_at < $2 GROUP BY s.provider_slug, s.region_id";
    facts.extend(grouped_facts(db, SERVICES_UPGRADED, upgraded, start, end).await?);
    facts.extend(order_status_facts(db, start, end).await?);
    facts.extend(time_to_active(db, start, end).await?);
    Ok(facts)
}

/// Rows of `(dimension, count, amount)` from `sql` over `[$1, $2)`, as facts of `metric`.
async fn grouped_facts(
    db: &Db,
    metric: &'static str,
    sql: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<Fact>, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = on_db!(db, pool => {
        sqlx::query_as(sql).bind(start).bind(end).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .filter(|(_, count, _)| *count > 0)
        .map(|(dimension, count, amount)| Fact {
            metric,
            dimension,
            count,
            amount,
        })
        .collect())
}

/// Orders reaching paid, active, failed, cancelled and expired, by provider (amount: their
/// totals), from the orders' timelines.
async fn order_status_facts(
    db: &Db,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<Fact>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64)> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT e.to_status, o.provider_slug, COUNT(*), CAST(COALESCE(SUM(o.total), 0) AS BIGINT) \
             FROM order_events e JOIN orders o ON o.id = e.order_id \
             WHERE e.occurred_at >= $1 AND e.occurred_at < $2 \
               AND e.to_status IN ('PAID', 'ACTIVE', 'PROVISIONING_FAILED', 'CANCELLED', 'EXPIRED') \
             GROUP BY e.to_status, o.provider_slug",
        )
        .bind(start)
        .bind(end)
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(status, provider, count, amount)| {
            let (_, metric) = ORDER_STATUS_METRICS.iter().find(|(code, _)| *code == status)?;
            Some(Fact {
                metric,
                dimension: provider,
                count,
                amount,
            })
        })
        .collect())
}

/// Orders that became active, by how long after their payment (`duration_bucket`).
async fn time_to_active(db: &Db, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<Fact>, sqlx::Error> {
    let rows: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = on_db!(db, pool => {
        sqlx::query_as(
            "SELECT e.occurred_at, (SELECT MIN(p.occurred_at) FROM order_events p \
                 WHERE p.order_id = e.order_id AND p.to_status = 'PAID') \
             FROM order_events e WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND e.to_status = 'ACTIVE'",
        )
        .bind(start)
        .bind(end)
        .fetch_all(pool)
        .await?
    });
    let mut buckets = std::collections::BTreeMap::<i64, i64>::new();
    for (active, paid) in rows {
        let Some(paid) = paid else { continue };
        *buckets
            .entry(duration_bucket((active - paid).num_seconds()))
            .or_default() += 1;
    }
    Ok(buckets
        .into_iter()
        .map(|(seconds, count)| Fact {
            metric: TIME_TO_ACTIVE,
            dimension: seconds.to_string(),
            count,
            amount: 0,
        })
        .collect())
}
