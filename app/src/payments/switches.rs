//! Payment methods staff switch off and on (a bank's virtual accounts during its maintenance,
//! an e-wallet with trouble). The `payment_method_switches` table; a method without a row is
//! on wherever the active gateway offers it.

use super::PaymentMethod;
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::{on_db, on_tx};

/// The methods switched off.
pub async fn switched_off(db: &Db) -> Result<Vec<PaymentMethod>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT method FROM payment_method_switches WHERE NOT enabled ORDER BY method",
    )
    .fetch_all(pool)
    .await)
}

/// Switches a method on or off.
pub async fn set(
    tx: &mut Tx,
    clock: &dyn Clock,
    method: PaymentMethod,
    enabled: bool,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO payment_method_switches (method, enabled, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (method) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
    )
    .bind(method)
    .bind(enabled)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}
