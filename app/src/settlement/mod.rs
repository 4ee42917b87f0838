//! Settlement: money arrived for an invoice; record it once, and do what the invoice is for.
//!
//! The one use case above billing, orders, the lifecycle and provisioning. Billing keeps the
//! invoice and the payment record; this module decides, by the invoice's stored purpose,
//! what paying it means — an `order` invoice moves its order to `PAID` and queues the
//! build, a `renewal` invoice runs its service another cycle, a `deposit` credits the wallet
//! (and its bonus), an `upgrade` queues its service's resize — in the caller's transaction, so
//! a payment is applied together with its consequences or not at all. Gateways (their
//! webhooks) and staff ("mark paid") both come in through [`settle`].

use crate::billing::InvoicePurpose;
use crate::billing::invoices::{self, InvoiceRow};
use crate::billing::payments::{self, IncomingPayment, PaymentError, PaymentOutcome};
use crate::clock::Clock;
use crate::db::Tx;
use crate::orders::OrderStatus;

pub mod balance;
pub mod refunds;

/// Records a payment and, if the invoice can take it (unpaid, the exact amount, and what
/// it pays for still wants paying), marks it paid and carries out its purpose. A repeat of
/// the same gateway transaction changes nothing; money that cannot be applied is kept as an
/// unapplied payment for staff. On `Err` the caller must roll back.
pub async fn settle(
    tx: &mut Tx,
    clock: &dyn Clock,
    payment: IncomingPayment<'_>,
) -> Result<PaymentOutcome, PaymentError> {
    let invoice = invoices::find_in(tx, payment.invoice_id).await?;
    let payable = match &invoice {
        Some(invoice) => invoice.total == payment.amount && accepts_payment(tx, invoice).await?,
        None => false,
    };
    if !payments::record_in(tx, &payment, payable).await? {
        return Ok(PaymentOutcome::Duplicate);
    }
    let Some(invoice) = invoice.filter(|_| payable) else {
        return Ok(PaymentOutcome::Unapplied);
    };
    // Guarded: if another payment or a cancellation got there first, nothing is applied
    // twice — the caller rolls back and the retry records the payment as unapplied.
    if !invoices::mark_paid(tx, clock, &invoice.id).await? {
        return Err(PaymentError::Conflict);
    }
    let notice = crate::notifications::templates::Notice::PaymentConfirmed {
        invoice_id: invoice.id.clone(),
        invoice_number: invoice.number.clone(),
        amount: payment.amount,
        path: return_path_in(tx, &invoice).await?,
    };
    crate::notifications::service::notify_in(tx, clock, &invoice.user_id, &notice).await?;
    let note = payments::payment_note(&payment);
    match invoice.purpose {
        InvoicePurpose::Renewal => {
            // The service runs another cycle (and comes back if it was suspended).
            let renewal = crate::lifecycle::store::renewal_for_invoice(tx, &invoice.id)
                .await?
                .ok_or(PaymentError::Conflict)?;
            if !crate::lifecycle::renewal::apply(tx, clock, &renewal, &payment.actor, &note).await? {
                return Err(PaymentError::Conflict);
            }
        }
        InvoicePurpose::Order => {
            let order_id = invoice.order_id.as_ref().ok_or(PaymentError::Conflict)?;
            crate::orders::store::transition(tx, clock, order_id, OrderStatus::Paid, &payment.actor, &note)
                .await?
                .map_err(|_| PaymentError::Conflict)?;
            // The VPS is built by a durable job, committed together with the payment.
            crate::provisioning::job::start_in(tx, clock, order_id, "paid").await?;
        }
        InvoicePurpose::Upgrade => {
            if !crate::services::upgrade::run::paid_in(tx, clock, &invoice.id).await? {
                return Err(PaymentError::Conflict);
            }
        }
        InvoicePurpose::Deposit => {
            // The money goes to the wallet, booked once per invoice.
            let (_, actor) = payment.actor.id_and_label();
            let reference = format!("invoice:{}", invoice.id);
            let credit = crate::wallet::store::Movement {
                user_id: &invoice.user_id,
                kind: crate::wallet::LedgerKind::Deposit,
                amount: invoice.total,
                reference: Some(&reference),
                actor: &actor,
                note: &invoice.number,
            };
            let mut balance = credit_once(tx, clock, &credit)
                .await?
                .ok_or(PaymentError::Conflict)?;
            let mut credited = invoice.total;
            // The best bonus that ran when the deposit was opened, as its own line (a top-up,
            // not the rest of a payment).
            let bonus = match invoice.pays_invoice_id {
                Some(_) => None,
                None => crate::wallet::bonuses::store::best_in(tx, invoice.total, &invoice.issued_at).await?,
            };
            if let Some((bonus, earned)) = bonus {
                let credit = crate::wallet::store::Movement {
                    kind: crate::wallet::LedgerKind::Bonus,
                    amount: earned,
                    note: &bonus.name,
                    ..credit
                };
                balance = credit_once(tx, clock, &credit)
                    .await?
                    .ok_or(PaymentError::Conflict)?;
                credited += earned;
            }
            let notice = crate::notifications::templates::Notice::WalletDeposit {
                amount: credited,
                balance,
                reference,
            };
            crate::notifications::service::notify_in(tx, clock, &invoice.user_id, &notice).await?;
            if let Some(target) = &invoice.pays_invoice_id {
                pay_rest_in(tx, clock, target, payment.actor.clone()).await?;
            }
        }
    }
    Ok(PaymentOutcome::Applied)
}

/// The rest of a payment started from the balance arrived (and is in the balance now): pay
/// the invoice it was for from the balance. If that invoice can no longer be paid, or the
/// balance was spent meanwhile, the money simply stays in the balance.
async fn pay_rest_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    target: &crate::ids::InvoiceId,
    actor: crate::audit::Actor,
) -> Result<(), PaymentError> {
    let Some(target) = invoices::find_in(tx, target).await? else {
        return Ok(());
    };
    // Boxed: settling the target goes through `settle` again.
    match Box::pin(balance::pay_from_balance_in(tx, clock, &target, actor)).await {
        Ok(()) | Err(balance::BalancePayError::NotPayable | balance::BalancePayError::Insufficient) => Ok(()),
        Err(balance::BalancePayError::Conflict) => Err(PaymentError::Conflict),
        Err(balance::BalancePayError::Database(error)) => Err(error.into()),
    }
}

/// Books a credit that must happen exactly once with what causes it; returns the new
/// balance, or `None` when it was booked before (the caller rolls back).
async fn credit_once(
    tx: &mut Tx,
    clock: &dyn Clock,
    credit: &crate::wallet::store::Movement<'_>,
) -> Result<Option<crate::money::Rupiah>, sqlx::Error> {
    match crate::wallet::store::credit_in(tx, clock, credit).await {
        Ok(balance) => Ok(Some(balance)),
        Err(crate::wallet::store::WalletError::Database(error)) => Err(error),
        Err(_) => Ok(None),
    }
}

/// Whether an invoice can take a payment now: it is unpaid, and what it pays for still
/// wants paying — its order waits for payment, or its service can still be renewed.
pub async fn accepts_payment(tx: &mut Tx, invoice: &InvoiceRow) -> Result<bool, sqlx::Error> {
    if invoice.status != crate::billing::InvoiceStatus::Unpaid {
        return Ok(false);
    }
    match invoice.purpose {
        InvoicePurpose::Renewal => match crate::lifecycle::store::renewal_for_invoice(tx, &invoice.id).await?
        {
            Some(renewal) => crate::lifecycle::renewal::accepts_payment(tx, &renewal).await,
            None => Ok(false),
        },
        InvoicePurpose::Order => match &invoice.order_id {
            Some(order_id) => Ok(crate::orders::store::find_in(tx, order_id)
                .await?
                .is_some_and(|order| order.status.is_payable())),
            None => Ok(false),
        },
        InvoicePurpose::Upgrade => crate::services::upgrade::run::accepts_payment(tx, &invoice.id).await,
        // Money for the wallet is welcome for as long as the invoice is unpaid.
        InvoicePurpose::Deposit => Ok(true),
    }
}

/// The page where the customer follows what the invoice pays for: the service it renews or
/// upgrades, or the order.
pub async fn return_path_in(tx: &mut Tx, invoice: &InvoiceRow) -> Result<String, sqlx::Error> {
    if invoice.purpose == InvoicePurpose::Renewal
        && let Some(renewal) = crate::lifecycle::store::renewal_for_invoice(tx, &invoice.id).await?
    {
        return Ok(format!("/services/{}", renewal.service_id));
    }
    if invoice.purpose == InvoicePurpose::Upgrade
        && let Some(service_id) = crate::services::upgrade::run::service_of_invoice(tx, &invoice.id).await?
    {
        return Ok(format!("/services/{service_id}"));
    }
    // The rest of a payment started from the balance: where the paid invoice leads.
    if let Some(target) = &invoice.pays_invoice_id
        && let Some(target) = invoices::find_in(tx, target).await?
        && target.pays_invoice_id.is_none()
    {
        return Box::pin(return_path_in(tx, &target)).await;
    }
    Ok(match &invoice.order_id {
        Some(order_id) => format!("/orders/{order_id}"),
        None => "/wallet".to_string(),
    })
}

/// Why an unapplied payment could not be credited.
#[derive(Debug, thiserror::Error)]
pub enum CreditError {
    /// No such unapplied payment, or it was credited before.
    #[error("the payment is not an uncredited unapplied payment")]
    NotCreditable,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Gives money that arrived for an invoice that could no longer take it (paid twice, the
/// order cancelled, a different amount released by staff) to its customer as balance: one
/// `refund` ledger line per payment, in the caller's transaction (with its audit entry).
/// Returns the new balance.
pub async fn credit_unapplied_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    payment_id: &str,
    actor: &crate::audit::Actor,
    reason: &str,
) -> Result<crate::money::Rupiah, CreditError> {
    let payment = payments::unapplied_in(tx, payment_id)
        .await?
        .ok_or(CreditError::NotCreditable)?;
    let (_, label) = actor.id_and_label();
    let reference = payments::credit_reference(&payment.id);
    let note = format!("{} · {reason}", payment.invoice_number);
    let credit = crate::wallet::store::Movement {
        user_id: &payment.user_id,
        kind: crate::wallet::LedgerKind::Refund,
        amount: payment.amount,
        reference: Some(&reference),
        actor: &label,
        note: &note,
    };
    let balance = credit_once(tx, clock, &credit)
        .await?
        .ok_or(CreditError::NotCreditable)?;
    let notice = crate::notifications::templates::Notice::WalletDeposit {
        amount: payment.amount,
        balance,
        reference,
    };
    crate::notifications::service::notify_in(tx, clock, &payment.user_id, &notice).await?;
    Ok(balance)
}
