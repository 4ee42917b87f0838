//! Applying money received to an invoice, exactly once per gateway transaction.

use super::invoices;
use crate::audit::Actor;
use crate::clock::Clock;
use crate::db::Tx;
use crate::money::Rupiah;
use crate::on_tx;
use crate::orders::OrderStatus;
use crate::orders::store::transition;
use chrono::{DateTime, Utc};

/// A payment reported by a gateway (webhook) or recorded by an admin (bank transfer).
pub struct IncomingPayment<'a> {
    pub invoice_id: &'a crate::ids::InvoiceId,
    pub gateway: &'a str,
    /// The gateway's transaction id (or the bank reference): unique per gateway.
    pub reference: &'a str,
    pub method: &'a str,
    pub amount: Rupiah,
    pub received_at: DateTime<Utc>,
    pub actor: Actor,
    pub note: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The invoice is paid and its order moved to `PAID`.
    Applied,
    /// This transaction was recorded before; nothing changed.
    Duplicate,
    /// Recorded, but the invoice could not take it (not unpaid any more, or the amount
    /// differs): kept for an admin to refund or apply, money is never dropped.
    Unapplied,
}

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The order changed while the payment was applied; roll back and try again.
    #[error("the order changed concurrently")]
    Conflict,
}

/// Records a payment and, if the invoice can take it, marks the invoice paid and the order
/// `PAID`, all in the caller's transaction. On `Err` the caller must roll back.
pub async fn record_payment(
    tx: &mut Tx,
    clock: &dyn Clock,
    payment: IncomingPayment<'_>,
) -> Result<PaymentOutcome, PaymentError> {
    let invoice = invoices::find_in(tx, payment.invoice_id).await?;
    let payable = match &invoice {
        Some(invoice) => invoice.total == payment.amount && accepts_payment(tx, invoice).await?,
        None => false,
    };
    let (_, recorded_by) = payment.actor.id_and_label();
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO payments (id, invoice_id, gateway, gateway_reference, method, amount, status, note, recorded_by, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (gateway, gateway_reference) DO NOTHING",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(payment.invoice_id)
    .bind(payment.gateway)
    .bind(payment.reference)
    .bind(payment.method)
    .bind(payment.amount)
    .bind(if payable { "applied" } else { "unapplied" })
    .bind(payment.note)
    .bind(&recorded_by)
    .bind(payment.received_at)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))?;
    if !inserted {
        return Ok(PaymentOutcome::Duplicate);
    }
    let Some(invoice) = invoice.filter(|_| payable) else {
        return Ok(PaymentOutcome::Unapplied);
    };
    // Both guarded: if another payment or a cancellation got there first, nothing is
    // applied twice — the caller rolls back and the retry records the payment as unapplied.
    if !invoices::mark_paid(tx, clock, &invoice.id).await? {
        return Err(PaymentError::Conflict);
    }
    let note = payment_note(&payment);
    let renewal = crate::lifecycle::store::renewal_for_invoice(tx, &invoice.id).await?;
    let notice = crate::notifications::templates::Notice::PaymentConfirmed {
        invoice_id: invoice.id.clone(),
        invoice_number: invoice.number.clone(),
        amount: payment.amount,
        path: match &renewal {
            Some(renewal) => format!("/services/{}", renewal.service_id),
            None => format!("/orders/{}", invoice.order_id),
        },
    };
    crate::notifications::service::notify_in(tx, clock, &invoice.user_id, &notice).await?;
    if let Some(renewal) = renewal {
        // A renewal: the service runs another cycle (and comes back if it was suspended).
        if !crate::lifecycle::renewal::apply(tx, clock, &renewal, &payment.actor, &note).await? {
            return Err(PaymentError::Conflict);
        }
        return Ok(PaymentOutcome::Applied);
    }
    transition(
        tx,
        clock,
        &invoice.order_id,
        OrderStatus::Paid,
        &payment.actor,
        &note,
    )
    .await?
    .map_err(|_| PaymentError::Conflict)?;
    // Paid: the VPS is built by a durable job, committed together with the payment.
    crate::provisioning::job::start_in(tx, clock, &invoice.order_id, "paid").await?;
    Ok(PaymentOutcome::Applied)
}

/// Whether an invoice can take a payment now: it is unpaid, and its order still waits for
/// payment — or, for a renewal invoice, its service can still be renewed.
pub async fn accepts_payment(tx: &mut Tx, invoice: &invoices::InvoiceRow) -> Result<bool, sqlx::Error> {
    if invoice.status != super::InvoiceStatus::Unpaid {
        return Ok(false);
    }
    if let Some(renewal) = crate::lifecycle::store::renewal_for_invoice(tx, &invoice.id).await? {
        return crate::lifecycle::renewal::accepts_payment(tx, &renewal).await;
    }
    Ok(crate::orders::store::find_in(tx, &invoice.order_id)
        .await?
        .is_some_and(|order| order.status.is_payable()))
}

fn payment_note(payment: &IncomingPayment<'_>) -> String {
    let mut note = format!("{} · {} · {}", payment.gateway, payment.method, payment.reference);
    if !payment.note.is_empty() {
        note.push_str(" · ");
        note.push_str(payment.note);
    }
    note
}
