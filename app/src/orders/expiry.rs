//! Unpaid orders expire when their invoice falls due (default 24 h, `WEBRANA_ORDER_PAYMENT_HOURS`):
//! a durable job scheduled at checkout moves them to `EXPIRED`, voids the invoice and gives
//! the promo use back. If the order was paid or cancelled meanwhile, the job does nothing.

use super::OrderStatus;
use super::store::{TransitionError, find_in, transition};
use crate::audit::Actor;
use crate::billing::invoices::void_open_for_order;
use crate::clock::SharedClock;
use crate::db::{Db, Tx};
use crate::ids::OrderId;
use crate::jobs::{JobError, JobRegistry, NewJob};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const EXPIRE_JOB: &str = "orders.expire_unpaid";

#[derive(Serialize, Deserialize)]
struct ExpirePayload {
    order_id: crate::ids::OrderId,
}

pub async fn schedule(
    tx: &mut Tx,
    state: &AppState,
    order_id: &OrderId,
    due: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let queue = crate::jobs::JobQueue::new(state.db.clone(), state.clock.clone());
    let job = NewJob::new(
        EXPIRE_JOB,
        ExpirePayload {
            order_id: order_id.clone(),
        },
    )
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
    .run_at(due)
    .unique_key(format!("{EXPIRE_JOB}:{order_id}"));
    queue.enqueue_in(tx, job).await.map(|_| ())
}

pub fn register(registry: &mut JobRegistry, db: Db, clock: SharedClock) {
    registry.register(EXPIRE_JOB, move |job: crate::jobs::Job| {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            let payload: ExpirePayload = job.payload()?;
            expire(&db, &clock, &payload.order_id)
                .await
                .map(|_| ())
                .map_err(|error| JobError::Retryable(error.to_string()))
        }
    });
}

/// Expires the order if it is still unpaid and due. Returns whether it did.
pub async fn expire(db: &Db, clock: &SharedClock, order_id: &OrderId) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let Some(order) = find_in(&mut tx, order_id).await? else {
        return Ok(false);
    };
    if order.status != OrderStatus::PendingPayment || order.payment_due_at > clock.now() {
        return Ok(false);
    }
    let actor = Actor::System {
        label: "job:order-expiry".into(),
    };
    match transition(
        &mut tx,
        clock.as_ref(),
        order_id,
        OrderStatus::Expired,
        &actor,
        "",
    )
    .await?
    {
        Ok(_) => {}
        Err(TransitionError::Illegal { .. } | TransitionError::NotFound) => return Ok(false),
    }
    close_unpaid(&mut tx, clock, &order, "expired").await?;
    tx.commit().await?;
    Ok(true)
}

/// What ending an unpaid order (expiry or cancellation) undoes: its open invoice is voided,
/// pending payment attempts end, and its promo use is given back.
pub async fn close_unpaid(
    tx: &mut Tx,
    clock: &SharedClock,
    order: &super::store::OrderRow,
    reason: &str,
) -> Result<(), sqlx::Error> {
    void_open_for_order(tx, clock.as_ref(), &order.id, reason).await?;
    crate::payments::store::expire_for_order(tx, clock.as_ref(), &order.id).await?;
    if let Some(promo_id) = &order.promo_id {
        crate::promos::store::release(tx, promo_id, &order.user_id).await?;
    }
    Ok(())
}
