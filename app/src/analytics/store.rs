//! The rolled-up days (`daily_stats`, `stats_rolled_days`, `stats_partial_days`): written by
//! the rollup, read by the report.

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
    let stored = rolled(db, day, day, &facts::ALL, false).await?;
    Ok(Some((
        covered_until,
        stored.into_iter().map(|(_, fact)| fact).collect(),
    )))
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

/// Stored facts of the days `from..=until` (`YYYY-MM-DD`): per day when `by_day`, else
/// summed over the days (the day is then empty). Only `metrics`.
pub async fn rolled(
    db: &Db,
    from: &str,
    until: &str,
    metrics: &[&'static str],
    by_day: bool,
) -> Result<Vec<(String, Fact)>, sqlx::Error> {
    let names = metrics
        .iter()
        .map(|metric| format!("'{metric}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let (day, group) = if by_day { ("day", "day, ") } else { ("''", "") };
    let sql = format!(
        "SELECT {day}, metric, dimension, CAST(SUM(count) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM daily_stats \
         WHERE day >= $1 AND day <= $2 AND metric IN ({names}) GROUP BY {group}metric, dimension"
    );
    let rows: Vec<(String, String, String, i64, i64)> = on_db!(db, pool => {
        sqlx::query_as(&sql).bind(from).bind(until).fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .filter_map(|(day, metric, dimension, count, amount)| {
            let metric = facts::metric(&metric)?;
            Some((
                day,
                Fact {
                    metric,
                    dimension,
                    count,
                    amount,
                },
            ))
        })
        .collect())
}
