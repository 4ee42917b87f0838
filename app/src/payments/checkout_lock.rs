//! One press at a time opens a gateway attempt for an invoice.
//!
//! "Pay" reuses an open attempt, but two presses at the very same moment (a double click, two
//! tabs, two instances) would both find none and both ask the gateway: two Snap transactions
//! the customer could each pay. A transaction cannot guard this: it would be held open
//! across the gateway's HTTP call (on SQLite that stops every writer of the app). So the
//! first press takes a short lease on the invoice (`checkout_locks`), the others wait for the
//! attempt it opens, and a lease left by a crashed instance runs out by itself.

use crate::clock::Clock;
use crate::db::Db;
use crate::ids::InvoiceId;
use crate::on_db;
use chrono::Duration;

/// Longer than a gateway call may take (its client times out after 15 s).
const LEASE: Duration = Duration::seconds(60);

/// A lease on opening an attempt for one invoice; give it back with [`CheckoutLock::release`].
pub struct CheckoutLock {
    invoice_id: InvoiceId,
    holder: String,
}

impl CheckoutLock {
    /// Takes the lease unless another press holds a live one.
    pub async fn try_take(
        db: &Db,
        clock: &dyn Clock,
        invoice_id: &InvoiceId,
    ) -> Result<Option<Self>, sqlx::Error> {
        let holder = uuid::Uuid::now_v7().to_string();
        let now = clock.now();
        let taken = on_db!(db, pool => sqlx::query(
            "INSERT INTO checkout_locks (invoice_id, holder, locked_until) VALUES ($1, $2, $3) \
             ON CONFLICT (invoice_id) DO UPDATE SET holder = excluded.holder, locked_until = excluded.locked_until \
             WHERE checkout_locks.locked_until <= $4",
        )
        .bind(invoice_id)
        .bind(&holder)
        .bind(now + LEASE)
        .bind(now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?
            == 1;
        Ok(taken.then(|| Self {
            invoice_id: invoice_id.clone(),
            holder,
        }))
    }

    /// Gives the lease back (only this holder's: a lease that ran out and was taken by
    /// another press stays theirs).
    pub async fn release(self, db: &Db) -> Result<(), sqlx::Error> {
        on_db!(db, pool => sqlx::query("DELETE FROM checkout_locks WHERE invoice_id = $1 AND holder = $2")
            .bind(&self.invoice_id)
            .bind(&self.holder)
            .execute(pool)
            .await
            .map(|_| ()))
    }
}
