//! Account lockout: 5 failed sign-ins for one e-mail address from one client within 15 minutes
//! lock sign-in for that address from that client for 15 minutes. Per client (its IP, an IPv6
//! /64), so that failing on purpose elsewhere cannot keep the owner (an admin) out; guessing
//! from many addresses is slowed by the per-IP limit of the sign-in endpoints as well.
//! Counted per submitted address whether or not an account has it, so the lock message cannot
//! be used to find out which addresses are registered.

use crate::clock::Clock;
use crate::db::Db;
use crate::{on_db, on_tx};
use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
pub const LOCK_DURATION: Duration = Duration::minutes(15);

/// When sign-in for `email` from `client` unlocks, if it is locked now.
pub async fn locked_until(
    db: &Db,
    clock: &dyn Clock,
    email: &str,
    client: &str,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let now = clock.now();
    on_db!(db, pool => {
        sqlx::query_scalar(
            "SELECT locked_until FROM login_throttle \
             WHERE email = $1 AND client = $2 AND locked_until > $3",
        )
        .bind(email)
        .bind(client)
        .bind(now)
        .fetch_optional(pool)
        .await
    })
}

/// Counts a failed sign-in; returns `true` when this failure locked the address for `client`.
pub async fn record_failure(
    db: &Db,
    clock: &dyn Clock,
    email: &str,
    client: &str,
) -> Result<bool, sqlx::Error> {
    let now = clock.now();
    let mut tx = db.begin().await?;
    // A failure outside the running window starts a new one.
    let failures: i64 = on_tx!(&mut tx, conn => {
        sqlx::query_scalar(
            "INSERT INTO login_throttle (email, client, failures, window_started_at) \
             VALUES ($1, $4, 1, $2) \
             ON CONFLICT (email, client) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_started_at <= $3 THEN 1 \
                               ELSE login_throttle.failures + 1 END, \
               window_started_at = CASE WHEN login_throttle.window_started_at <= $3 THEN $2 \
                                        ELSE login_throttle.window_started_at END \
             RETURNING failures",
        )
        .bind(email)
        .bind(now)
        .bind(now - FAILURE_WINDOW)
        .bind(client)
        .fetch_one(&mut *conn)
        .await
    })?;
    let locks = failures >= MAX_FAILURES;
    if locks {
        on_tx!(&mut tx, conn => {
            sqlx::query(
                "UPDATE login_throttle SET failures = 0, window_started_at = $2, locked_until = $3 \
                 WHERE email = $1 AND client = $4",
            )
            .bind(email)
            .bind(now)
            .bind(now + LOCK_DURATION)
            .bind(client)
            .execute(&mut *conn)
            .await
            .map(|_| ())
        })?;
    }
    tx.commit().await?;
    Ok(locks)
}

/// Forgets the failures of `email` from `client` (it just signed in there).
pub async fn clear(db: &Db, email: &str, client: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM login_throttle WHERE email = $1 AND client = $2")
            .bind(email)
            .bind(client)
            .execute(pool)
            .await
            .map(|_| ())
    })
}

/// Forgets the failures of `email` from everywhere (its password was just reset).
pub async fn clear_everywhere(db: &Db, email: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query("DELETE FROM login_throttle WHERE email = $1").bind(email).execute(pool).await.map(|_| ())
    })
}

/// Deletes entries whose window and lock are both over; returns how many.
pub async fn delete_stale(db: &Db, clock: &dyn Clock) -> Result<u64, sqlx::Error> {
    let now = clock.now();
    on_db!(db, pool => {
        sqlx::query(
            "DELETE FROM login_throttle WHERE window_started_at <= $1 \
             AND (locked_until IS NULL OR locked_until <= $2)",
        )
        .bind(now - FAILURE_WINDOW)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
    })
}
