//! The rolled-up days (`daily_stats`, `stats_rolled_days`, `stats_partial_days`) and their
//! running totals (`stats_running_totals`): written by the rollup, read by the report.

use super::facts::{self, Fact};
use crate::db::{Db, Tx};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

/// The last day rolled up, if any (`YYYY-MM-DD`).
pub async fn last_rolled_day(db: &Db) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar("SELECT MAX(day) FROM stats_rolled_days").fetch_one(pool).await)
}

/// The first day not rolled up yet: the day after the last rolled one, or the day of the
/// first account when none is (nothing happens before it); `None` without accounts.
pub async fn first_unrolled_day(db: &Db) -> Result<Option<String>, sqlx::Error> {
    if let Some(day) = last_rolled_day(db).await? {
        return Ok(Some(super::day_after(&day)));
    }
    let first_account: Option<DateTime<Utc>> =
        on_db!(db, pool => sqlx::query_scalar("SELECT MIN(created_at) FROM users").fetch_one(pool).await?);
    Ok(first_account.map(|at| crate::clock::wib_date(&at)))
}

/// Replaces `day`'s stored facts with `facts` and marks it rolled up (closed).
pub async fn replace_day(
    tx: &mut Tx,
    day: &str,
    facts: &[Fact],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_facts(tx, day, facts).await?;
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM stats_partial_days WHERE day = $1").bind(day).execute(&mut *conn).await?;
        sqlx::query(
            "INSERT INTO stats_rolled_days (day, rolled_at) VALUES ($1, $2) \
             ON CONFLICT (day) DO UPDATE SET rolled_at = excluded.rolled_at",
        )
        .bind(day)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map(|_| ())
    })?;
    carry_totals_forward(tx, day).await
}

/// Sums `day` into the running totals (the day before's totals plus its facts), then every
/// rolled day after it again: a day rolled a second time changes the totals of all later
/// ones. Closing the next day in order, as the rollup does, is one step.
async fn carry_totals_forward(tx: &mut Tx, day: &str) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        let last: Option<String> = sqlx::query_scalar("SELECT MAX(day) FROM stats_rolled_days")
            .fetch_one(&mut *conn)
            .await?;
        let last = last.unwrap_or_default().max(day.to_string());
        let mut current = day.to_string();
        while current <= last {
            sqlx::query("DELETE FROM stats_running_totals WHERE day = $1")
                .bind(&current)
                .execute(&mut *conn)
                .await?;
            // `WHERE true`: SQLite would otherwise read ON CONFLICT as a join's ON.
            sqlx::query(
                "INSERT INTO stats_running_totals (day, metric, dimension, count, amount) \
                 SELECT $1, metric, dimension, CAST(SUM(count) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM ( \
                     SELECT metric, dimension, count, amount FROM stats_running_totals WHERE day = $2 \
                     UNION ALL SELECT metric, dimension, count, amount FROM daily_stats WHERE day = $1 \
                 ) AS summed WHERE true GROUP BY metric, dimension \
                 ON CONFLICT (day, metric, dimension) DO UPDATE SET count = excluded.count, amount = excluded.amount",
            )
            .bind(&current)
            .bind(super::shift_day(&current, -1))
            .execute(&mut *conn)
            .await?;
            current = super::day_after(&current);
        }
        Ok(())
    })
}

/// Replaces the stored facts of `day`, not closed yet, with `facts` counted up to
/// `covered_until`.
pub async fn replace_partial_day(
    tx: &mut Tx,
    day: &str,
    facts: &[Fact],
    covered_until: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    write_facts(tx, day, facts).await?;
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO stats_partial_days (day, covered_until) VALUES ($1, $2) \
             ON CONFLICT (day) DO UPDATE SET covered_until = excluded.covered_until",
        )
        .bind(day)
        .bind(covered_until)
        .execute(&mut *conn)
        .await
        .map(|_| ())
    })
}

/// The stored facts of `day`, not closed yet, and up to when they count; `None` if none are.
pub async fn partial_day(db: &Db, day: &str) -> Result<Option<(DateTime<Utc>, Vec<Fact>)>, sqlx::Error> {
    let covered_until: Option<DateTime<Utc>> = on_db!(db, pool => {
        sqlx::query_scalar("SELECT covered_until FROM stats_partial_days WHERE day = $1")
            .bind(day)
            .fetch_optional(pool)
            .await?
    });
    let Some(covered_until) = covered_until else {
        return Ok(None);
    };
    let rows: Vec<(String, String, i64, i64)> = on_db!(db, pool => {
        sqlx::query_as("SELECT metric, dimension, count, amount FROM daily_stats WHERE day = $1")
            .bind(day)
            .fetch_all(pool)
            .await?
    });
    let stored = rows
        .into_iter()
        .filter_map(|(metric, dimension, count, amount)| fact(&metric, dimension, count, amount));
    Ok(Some((covered_until, stored.collect())))
}

/// Replaces `day`'s rows in `daily_stats` with `facts`.
async fn write_facts(tx: &mut Tx, day: &str, facts: &[Fact]) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM daily_stats WHERE day = $1").bind(day).execute(&mut *conn).await?;
        for fact in facts {
            // Another instance may roll the same day at the same time: both write the same.
            sqlx::query(
                "INSERT INTO daily_stats (day, metric, dimension, count, amount) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (day, metric, dimension) DO UPDATE SET count = excluded.count, amount = excluded.amount",
            )
            .bind(day)
            .bind(fact.metric)
            .bind(&fact.dimension)
            .bind(fact.count)
            .bind(fact.amount)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    })
}

/// The running totals at the end of each of `days` (rolled days; a day before the first
/// rolled one has none), of `metrics`, per day; summed over dimensions (the dimension is then
/// empty) when `summed`.
pub async fn running_totals(
    db: &Db,
    days: &[String],
    metrics: &[&'static str],
    summed: bool,
) -> Result<Vec<(String, Fact)>, sqlx::Error> {
    if days.is_empty() {
        return Ok(Vec::new());
    }
    // The metric names are our constants; the days are bound.
    let names = metrics
        .iter()
        .map(|metric| format!("'{metric}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let placeholders = (1..=days.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = if summed {
        format!(
            "SELECT day, metric, '', CAST(SUM(count) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM stats_running_totals \
             WHERE day IN ({placeholders}) AND metric IN ({names}) GROUP BY day, metric"
        )
    } else {
        format!(
            "SELECT day, metric, dimension, count, amount FROM stats_running_totals \
             WHERE day IN ({placeholders}) AND metric IN ({names})"
        )
    };
    let rows: Vec<(String, String, String, i64, i64)> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for day in days {
            query = query.bind(day);
        }
        query.fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(day, metric, dimension, count, amount)| {
            Some((day, fact(&metric, dimension, count, amount)?))
        })
        .collect())
}

/// A stored row as a fact; `None` for a metric this build does not know.
fn fact(metric: &str, dimension: String, count: i64, amount: i64) -> Option<Fact> {
    Some(Fact {
        metric: facts::metric(metric)?,
        dimension,
        count,
        amount,
    })
}
