//! Refunds: staff give back the money of a paid order that produced no server (the build had
//! not begun, or it failed). In one transaction: the order is cancelled, its invoice gets a
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
    if request.method == RefundMethod::Wallet {
        let reference = format!("credit_note:{credit_note_id}");
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
