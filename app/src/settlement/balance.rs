//! Paying an invoice from the customer's balance: the debit and the settlement in one
//! transaction, so the balance pays for exactly what it was taken for or is not taken. The
//! customer's "pay from balance" button, the automatic payment of renewals and the rest of a
//! payment started from the balance (a deposit that names the invoice) all come through
//! [`pay_from_balance_in`].

use crate::audit::Actor;
use crate::billing::invoices::InvoiceRow;
use crate::billing::payments::{IncomingPayment, PaymentError, PaymentOutcome};
use crate::clock::Clock;
use crate::db::Tx;
use crate::wallet::LedgerKind;
use crate::wallet::store::{Movement, WalletError, debit_in};

/// The gateway name and method wallet payments are recorded under; the invoice id is
/// the reference, so an invoice is paid from the wallet at most once.
const GATEWAY: &str = "wallet";

/// Why the wallet did not pay an invoice (nothing was taken).
#[derive(Debug, thiserror::Error)]
pub enum BalancePayError {
    #[error("the invoice cannot be paid any more")]
    NotPayable,
    #[error("the balance does not cover the invoice")]
    Insufficient,
    #[error("the invoice changed meanwhile")]
    Conflict,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Debits the invoice's total from its customer's balance and settles it, in `tx`. On
/// `Err` the caller rolls back.
pub async fn pay_from_balance_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    invoice: &InvoiceRow,
    actor: Actor,
) -> Result<(), BalancePayError> {
    // Said first: "cannot be paid any more" matters more than "not enough balance". A
    // deposit is paid with new money, never from the balance it would fill.
    if invoice.purpose == crate::billing::InvoicePurpose::Deposit
        || !crate::settlement::accepts_payment(tx, invoice).await?
    {
        return Err(BalancePayError::NotPayable);
    }
    let (_, label) = actor.id_and_label();
    let debit = Movement {
        user_id: &invoice.user_id,
        kind: LedgerKind::Payment,
        amount: invoice.total,
        reference: Some(invoice.id.as_str()),
        actor: &label,
        note: &invoice.number,
    };
    match debit_in(tx, clock, &debit).await {
        Ok(_) => {}
        Err(WalletError::Insufficient | WalletError::NotPositive) => {
            return Err(BalancePayError::Insufficient);
        }
        Err(WalletError::Duplicate) => return Err(BalancePayError::NotPayable),
        Err(WalletError::Database(error)) => return Err(error.into()),
    }
    let payment = IncomingPayment {
        invoice_id: &invoice.id,
        gateway: GATEWAY,
        reference: invoice.id.as_str(),
        method: GATEWAY,
        amount: invoice.total,
        received_at: clock.now(),
        actor,
        note: "",
    };
    match crate::settlement::settle(tx, clock, payment).await {
        Ok(PaymentOutcome::Applied) => Ok(()),
        // Not payable (paid, cancelled, expired): the caller rolls back, the money stays.
        Ok(PaymentOutcome::Duplicate | PaymentOutcome::Unapplied) => Err(BalancePayError::NotPayable),
        Err(PaymentError::Conflict) => Err(BalancePayError::Conflict),
        Err(PaymentError::Database(error)) => Err(error.into()),
    }
}
