//! What needs staff now: the counts on the admin home and beside the staff navigation.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    /// Gateway events held for a decision and payments that paid nothing (`/admin/payments`).
    pub held_payments: i64,
    /// Orders whose provisioning failed (`/admin/provisioning`).
    pub failed_provisioning: i64,
    /// Jobs that ran out of attempts (`/admin/provisioning`).
    pub dead_jobs: i64,
    /// Unpaid renewal invoices, and their value in rupiah.
    pub open_renewals: i64,
    pub open_renewals_value: i64,
    /// Active services past their paid period: suspended once the grace period ends.
    pub due_to_suspend: i64,
}

impl Attention {
    /// How many things wait on staff (renewals wait on customers and are not counted).
    pub fn waiting(&self) -> i64 {
        self.held_payments + self.failed_provisioning + self.dead_jobs
    }
}

/// The counts, for support staff and admins.
#[server(endpoint = "admin/attention")]
pub async fn staff_attention() -> Result<Attention, AppError> {
    crate::accounts::auth::ssr::require_staff(crate::accounts::Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    ssr::count(&state.db, state.clock.now())
        .await
        .map_err(AppError::internal)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::Attention;
    use crate::db::Db;

    /// Each count through an index of its own (migration `analytics`), so the numbers stay
    /// quick however large the tables grow.
    pub async fn count(db: &Db, now: chrono::DateTime<chrono::Utc>) -> Result<Attention, sqlx::Error> {
        crate::on_db!(db, pool => {
            let held_events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_events WHERE outcome = 'held'")
                .fetch_one(pool).await?;
            let unapplied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE status = 'unapplied'")
                .fetch_one(pool).await?;
            let failed_provisioning: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM provisioning_tasks WHERE status = 'failed'")
                    .fetch_one(pool).await?;
            let dead_jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status = 'dead'")
                .fetch_one(pool).await?;
            let (open_renewals, open_renewals_value): (i64, i64) = sqlx::query_as(
                "SELECT COUNT(*), CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM invoices \
                 WHERE status = 'unpaid' AND purpose = 'renewal'",
            )
            .fetch_one(pool).await?;
            let due_to_suspend: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM services WHERE status = 'ACTIVE' AND expires_at < $1")
                    .bind(now)
                    .fetch_one(pool).await?;
            Ok(Attention {
                held_payments: held_events + unapplied,
                failed_provisioning,
                dead_jobs,
                open_renewals,
                open_renewals_value,
                due_to_suspend,
            })
        })
    }
}
