//! Refunds: staff give back the money of a paid order that produced no server (the build had
//! not begun, or it failed); a paid upgrade whose resize failed gives its money back by
//! itself ([`refund_failed_upgrade`]). In one transaction: the order is cancelled, its invoice gets a
//! credit note (the invoice itself stays as issued), the money goes to the customer's
//! balance (the default) or is recorded as refunded at the gateway by hand, and the customer
//! is told. Guarded by the order's status, so a refund happens once and never races the
//! build: provisioning moves `PAID` → `PROVISIONING` before it asks the provider for anything,
//! and a cancelled order is never built.

use crate::billing::RefundMethod;
use crate::billing::credit_notes::{self, NewCreditNote};
use crate::clock::Clock;
use crate::db::Tx;
use crate::ids::OrderId;
use crate::money::Rupiah;
use crate::orders::OrderStatus;

/// What staff asked for.
pub struct RefundRequest<'a> {
    pub order_id: &'a OrderId,
    pub method: RefundMethod,
    /// The gateway's refund reference (required for `Gateway`).
    pub reference: &'a str,
    pub reason: &'a str,
    pub actor: &'a crate::audit::Actor,
}

/// The refund made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refunded {
    pub credit_note: String,
    pub amount: Rupiah,
}

#[derive(Debug, thiserror::Error)]
pub enum RefundError {
    #[error("no such order")]
    NotFound,
    /// Not paid, already refunded, or a server is being (or was) built from it.
    #[error("the order cannot be refunded in its state")]
    NotRefundable,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Refunds an order in the caller's transaction (which also holds the audit entry). On
/// `Err` the caller rolls back.
pub async fn refund_order_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    request: &RefundRequest<'_>,
) -> Result<Refunded, RefundError> {
    let order = crate::orders::store::find_in(tx, request.order_id)
        .await?
        .ok_or(RefundError::NotFound)?;
    if !order.status.is_refundable() {
        return Err(RefundError::NotRefundable);
    }
    let invoice = crate::billing::invoices::paid_for_order_in(tx, request.order_id)
        .await?
        .ok_or(RefundError::NotRefundable)?;
    let number = refund_invoice_in(tx, clock, &invoice, request).await?;
    let note = format!("{number} · {}", request.reason);
    // Guarded on the status read above: if the build began meanwhile, nothing is refunded.
    crate::orders::store::transition(
        tx,
        clock,
        request.order_id,
        OrderStatus::Cancelled,
        request.actor,
        &note,
    )
    .await?
    .map_err(|_| RefundError::NotRefundable)?;
    let notice = crate::notifications::templates::Notice::RefundIssued {
        order_id: request.order_id.clone(),
        credit_note: number.clone(),
        amount: invoice.total,
        to_wallet: request.method == RefundMethod::Wallet,
    };
    crate::notifications::service::notify_in(tx, clock, &invoice.user_id, &notice).await?;
    Ok(Refunded {
        credit_note: number,
        amount: invoice.total,
    })
}

/// The refund of a paid invoice: its credit note, and the money in the customer's balance
/// when that is the method. Returns the credit note's number.
async fn refund_invoice_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    invoice: &crate::billing::invoices::InvoiceRow,
    request: &RefundRequest<'_>,
) -> Result<String, RefundError> {
    let (_, actor) = request.actor.id_and_label();
    let (credit_note_id, number) = credit_notes::issue_in(
        tx,
        clock,
        &NewCreditNote {
            invoice_id: &invoice.id,
            user_id: &invoice.user_id,
            amount: invoice.total,
            method: request.method,
            reference: request.reference,
            reason: request.reason,
            actor: &actor,
        },
    )
    .await?
    .ok_or(RefundError::NotRefundable)?;
    if request.method == RefundMethod::Wallet {
        let reference = format!("credit_note:{credit_note_id}");
        let note = format!("{number} · {}", request.reason);
        let credit = crate::wallet::store::Movement {
            user_id: &invoice.user_id,
            kind: crate::wallet::LedgerKind::Refund,
            amount: invoice.total,
            reference: Some(&reference),
            actor: &actor,
            note: &note,
        };
        super::credit_once(tx, clock, &credit)
            .await?
            .ok_or(RefundError::NotRefundable)?;
    }
    Ok(number)
}

/// Registers the refund of failed upgrades ([`crate::services::upgrade::run::UPGRADE_FAILED_JOB`]).
pub fn register(
    registry: &mut crate::jobs::JobRegistry,
    db: crate::db::Db,
    clock: crate::clock::SharedClock,
) {
    use crate::services::upgrade::run::{UPGRADE_FAILED_JOB, UpgradeJob};
    registry.register(UPGRADE_FAILED_JOB, move |job: crate::jobs::Job| {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            let payload: UpgradeJob = job.payload()?;
            refund_failed_upgrade(&db, clock.as_ref(), &payload.upgrade_id)
                .await
                .map_err(|error| crate::jobs::JobError::Retryable(error.to_string()))
        }
    });
}

/// A paid upgrade whose resize failed: its invoice gets a credit note and the money goes to
/// the customer's balance, who is told. Once: a second run finds the credit note.
pub async fn refund_failed_upgrade(
    db: &crate::db::Db,
    clock: &dyn Clock,
    upgrade_id: &str,
) -> Result<(), sqlx::Error> {
    use crate::services::UpgradeStatus;
    use crate::services::store::upgrades;
    let mut tx = db.begin().await?;
    let Some(upgrade) = upgrades::find_in(&mut tx, upgrade_id).await? else {
        return Ok(());
    };
    let invoice = match &upgrade.invoice_id {
        Some(id) => crate::billing::invoices::find_in(&mut tx, id).await?,
        None => None,
    };
    let Some(invoice) = invoice.filter(|invoice| invoice.status == crate::billing::InvoiceStatus::Paid)
    else {
        return Ok(());
    };
    if upgrade.status != UpgradeStatus::Failed {
        return Ok(());
    }
    let Some(order_id) = invoice.order_id.clone() else {
        return Ok(());
    };
    let actor = crate::audit::Actor::System {
        label: "upgrade".into(),
    };
    let request = RefundRequest {
        order_id: &order_id,
        method: RefundMethod::Wallet,
        reference: "",
        reason: "resize failed",
        actor: &actor,
    };
    let number = match refund_invoice_in(&mut tx, clock, &invoice, &request).await {
        Ok(number) => number,
        Err(RefundError::Database(error)) => return Err(error),
        // Refunded before (a repeated job).
        Err(_) => return Ok(()),
    };
    let notice = crate::notifications::templates::Notice::RefundIssued {
        order_id,
        credit_note: number,
        amount: invoice.total,
        to_wallet: true,
    };
    crate::notifications::service::notify_in(&mut tx, clock, &invoice.user_id, &notice).await?;
    tx.commit().await
}
