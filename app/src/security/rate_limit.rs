//! Fixed-window rate limits counted in the database, so every app instance shares one
//! count per client (an in-memory counter per instance would multiply the limit by the
//! number of instances behind the load balancer).

use crate::clock::SharedClock;
use crate::db::Db;
use crate::error::AppError;
use crate::on_db;
use chrono::{DateTime, Duration, DurationRound, Utc};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

impl Limit {
    pub const fn per_minute(max: i64) -> Limit {
        Limit {
            max,
            window: Duration::minutes(1),
        }
    }

    /// Order quotes that try a promo code, per client: a quote tells whether a code exists.
    pub const PROMO_QUOTE_PER_CLIENT: Limit = Limit::per_minute(30);
    /// Service metrics, per user: each miss of the metrics cache calls the provider.
    pub const METRICS_PER_USER: Limit = Limit::per_minute(30);
    /// Console links, per user: each one is a live call to the provider.
    pub const CONSOLE_PER_USER: Limit = Limit::per_minute(10);
    /// Telegram test messages, per user: each goes to a chat of the user's choosing.
    pub const TELEGRAM_TEST_PER_USER: Limit = Limit {
        max: 5,
        window: Duration::minutes(15),
    };
}

/// The tiers every request falls in, per minute (defaults below; each is a setting,
/// `WEBRANA_RATE_*_PER_MIN`, docs/CONFIGURATION.md).
#[derive(Debug, Clone, Copy)]
pub struct RateTiers {
    /// Sign-in, sign-up, password reset and 2FA, per client address.
    pub auth: Limit,
    /// API reads without credentials (the public catalog), per client address.
    pub public_read: Limit,
    /// API calls with credentials, per key or session.
    pub authenticated: Limit,
    /// API calls that change something, per key or session (on top of `authenticated`).
    pub write: Limit,
    /// Orders placed, per customer.
    pub checkout: Limit,
    /// Payment attempts started, per customer.
    pub payment: Limit,
}

impl Default for RateTiers {
    fn default() -> RateTiers {
        RateTiers {
            auth: Limit::per_minute(30),
            public_read: Limit::per_minute(600),
            authenticated: Limit::per_minute(300),
            write: Limit::per_minute(60),
            checkout: Limit::per_minute(10),
            payment: Limit::per_minute(5),
        }
    }
}

/// One counted hit: whether it is allowed, and what the `RateLimit-*` headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub limit: i64,
    /// Hits left in this window (0 once over).
    pub remaining: i64,
    /// Seconds until the window ends and the count starts again.
    pub reset_secs: i64,
}

impl Usage {
    pub fn allowed(&self, hits: i64) -> bool {
        hits <= self.limit
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed(Usage),
    /// Over the limit until the current window ends (`reset_secs`).
    Limited(Usage),
}

impl Decision {
    pub fn usage(&self) -> Usage {
        match self {
            Decision::Allowed(usage) | Decision::Limited(usage) => *usage,
        }
    }
}

/// Windows older than this are deleted by the maintenance job.
const RETENTION: Duration = Duration::hours(1);

#[derive(Clone)]
pub struct RateLimiter {
    db: Db,
    clock: SharedClock,
}

impl RateLimiter {
    pub fn new(db: Db, clock: SharedClock) -> RateLimiter {
        RateLimiter { db, clock }
    }

    /// Counts one hit on `bucket` (e.g. `auth:203.0.113.9`) and says whether it is allowed.
    pub async fn hit(&self, bucket: &str, limit: Limit) -> Result<Decision, sqlx::Error> {
        let now = self.clock.now();
        let window_start = window_start(now, limit.window);
        let hits: i64 = on_db!(&self.db, pool => {
            sqlx::query_scalar(
                "INSERT INTO rate_limit_hits (bucket, window_start, hits) VALUES ($1, $2, 1) \
                 ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 \
                 RETURNING hits",
            )
            .bind(bucket)
            .bind(window_start)
            .fetch_one(pool)
            .await
        })?;
        let usage = Usage {
            limit: limit.max,
            remaining: (limit.max - hits).max(0),
            reset_secs: (window_start + limit.window - now).num_seconds().max(1),
        };
        Ok(if usage.allowed(hits) {
            Decision::Allowed(usage)
        } else {
            Decision::Limited(usage)
        })
    }

    /// Counts one hit on `bucket`; over the limit, refuses with `RateLimited` (HTTP 429) and
    /// says when to come back (`Retry-After`).
    pub async fn enforce(&self, bucket: &str, limit: Limit) -> Result<(), AppError> {
        match self.hit(bucket, limit).await.map_err(AppError::internal)? {
            Decision::Allowed(_) => Ok(()),
            Decision::Limited(usage) => {
                if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    response.insert_header(
                        axum::http::header::RETRY_AFTER,
                        axum::http::HeaderValue::from(usage.reset_secs),
                    );
                }
                Err(AppError::RateLimited.with_status())
            }
        }
    }

    /// Deletes finished windows; returns how many.
    pub async fn delete_old(&self) -> Result<u64, sqlx::Error> {
        let cutoff = self.clock.now() - RETENTION;
        on_db!(&self.db, pool => {
            sqlx::query("DELETE FROM rate_limit_hits WHERE window_start < $1")
                .bind(cutoff)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })
    }
}

fn window_start(now: DateTime<Utc>, window: Duration) -> DateTime<Utc> {
    now.duration_trunc(window).unwrap_or(now)
}
