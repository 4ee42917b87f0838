//! Paying an invoice from the wallet balance: the debit and the settlement in one
//! transaction, so the balance pays for exactly what it was taken for or is not taken.

use crate::error::AppError;
use leptos::prelude::*;

/// Pays one of the customer's invoices in full from their balance and opens the page of
/// what it paid for. Refused with a clear message when the balance does not cover it or
/// the invoice cannot be paid any more; nothing is taken then.
#[server(endpoint = "payments/wallet")]
pub async fn pay_from_wallet(invoice: String) -> Result<String, AppError> {
    let invoice = crate::ids::InvoiceId::from(invoice);
    let path = ssr::pay(&invoice).await?;
    leptos_axum::redirect(&path);
    Ok(path)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::accounts::auth::ssr::require_user;
    use crate::accounts::validation::field_error;
    use crate::audit::Actor;
    use crate::billing::invoices;
    use crate::billing::payments::{IncomingPayment, PaymentError, PaymentOutcome};
    use crate::error::AppError;
    use crate::ids::InvoiceId;
    use crate::state::AppState;
    use crate::ui::FormText;
    use crate::wallet::LedgerKind;
    use crate::wallet::store::{Movement, WalletError, debit_in};

    /// The gateway name and method wallet payments are recorded under; the invoice id is
    /// the reference, so an invoice is paid from the wallet at most once.
    const GATEWAY: &str = "wallet";

    pub async fn pay(invoice_id: &InvoiceId) -> Result<String, AppError> {
        let user = require_user().await?;
        let state = AppState::from_context()?;
        let invoice = invoices::find(&state.db, invoice_id)
            .await
            .map_err(AppError::internal)?
            .filter(|invoice| invoice.user_id == user.id)
            .ok_or_else(|| AppError::NotFound.with_status())?;
        let clock = state.clock.as_ref();
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        // Said first: "cannot be paid any more" matters more than "not enough balance".
        if !crate::settlement::accepts_payment(&mut tx, &invoice)
            .await
            .map_err(AppError::internal)?
        {
            return Err(field_error("invoice", FormText::OrderNotPayable));
        }
        let debit = Movement {
            user_id: &user.id,
            kind: LedgerKind::Payment,
            amount: invoice.total,
            reference: Some(invoice.id.as_str()),
            actor: &user.email,
            note: &invoice.number,
        };
        match debit_in(&mut tx, clock, &debit).await {
            Ok(_) => {}
            Err(WalletError::Insufficient | WalletError::NotPositive) => {
                return Err(field_error("invoice", FormText::WalletInsufficient));
            }
            Err(WalletError::Duplicate) => return Err(field_error("invoice", FormText::OrderNotPayable)),
            Err(WalletError::Database(error)) => return Err(AppError::internal(error)),
        }
        let payment = IncomingPayment {
            invoice_id: &invoice.id,
            gateway: GATEWAY,
            reference: invoice.id.as_str(),
            method: GATEWAY,
            amount: invoice.total,
            received_at: clock.now(),
            actor: Actor::user(&user.id, &user.email),
            note: "",
        };
        match crate::settlement::settle(&mut tx, clock, payment).await {
            Ok(PaymentOutcome::Applied) => {}
            // Not payable (paid, cancelled, expired): the money stays in the wallet.
            Ok(PaymentOutcome::Duplicate | PaymentOutcome::Unapplied) => {
                return Err(field_error("invoice", FormText::OrderNotPayable));
            }
            Err(PaymentError::Conflict) => {
                return Err(AppError::Conflict("invoice".into()).with_status());
            }
            Err(PaymentError::Database(error)) => return Err(AppError::internal(error)),
        }
        let path = crate::settlement::return_path_in(&mut tx, &invoice)
            .await
            .map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)?;
        tracing::info!(invoice = %invoice.id, amount = invoice.total.get(), "invoice paid from the wallet");
        Ok(path)
    }
}
