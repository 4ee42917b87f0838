//! Paying an invoice from the wallet balance: the debit and the settlement in one
//! transaction, so the balance pays for exactly what it was taken for or is not taken.
//! The customer's "pay from balance" button and the automatic payment of a renewal invoice
//! (when the balance covers it) both come through `settlement::balance`.

use crate::error::AppError;
use leptos::prelude::*;

/// Pays one of the customer's invoices in full from their balance and opens the page of
/// what it paid for. Refused with a clear message when the balance does not cover it or
/// the invoice cannot be paid any more; nothing is taken then.
#[server(endpoint = "payments/wallet")]
pub async fn pay_from_wallet(invoice: String) -> Result<String, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let invoice = crate::ids::InvoiceId::from(invoice);
    let path = ssr::pay(&state, &user, &invoice).await?;
    // As after a gateway payment: the page sees `payment=sent` and reloads what it shows
    // (the same URL alone would not make it look again).
    leptos_axum::redirect(&format!("{path}?payment=sent"));
    Ok(path)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::accounts::User;
    use crate::accounts::validation::field_error;
    use crate::audit::Actor;
    use crate::billing::invoices;
    use crate::clock::{Clock, SharedClock};
    use crate::db::Db;
    use crate::error::AppError;
    use crate::ids::InvoiceId;
    use crate::jobs::{JobError, JobRegistry};
    use crate::state::AppState;
    use crate::ui::FormText;

    pub use crate::settlement::balance::{BalancePayError as WalletPayError, pay_from_balance_in as pay_in};

    /// Pays `user`'s invoice in full from their balance; the path of the page of what it
    /// paid for (the pay page goes there).
    pub async fn pay(state: &AppState, user: &User, invoice_id: &InvoiceId) -> Result<String, AppError> {
        let invoice = crate::billing::server_fns::ssr::own_invoice(state, invoice_id, user).await?;
        let clock = state.clock.as_ref();
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        match pay_in(&mut tx, clock, &invoice, Actor::user(&user.id, &user.email)).await {
            Ok(()) => {}
            Err(WalletPayError::NotPayable) => return Err(field_error("invoice", FormText::OrderNotPayable)),
            Err(WalletPayError::Insufficient) => {
                return Err(field_error("invoice", FormText::WalletInsufficient));
            }
            Err(WalletPayError::Conflict) => return Err(AppError::Conflict("invoice".into()).with_status()),
            Err(WalletPayError::Database(error)) => return Err(AppError::internal(error)),
        }
        let path = crate::settlement::return_path_in(&mut tx, &invoice)
            .await
            .map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)?;
        tracing::info!(invoice = %invoice.id, amount = invoice.total.get(), "invoice paid from the wallet");
        Ok(path)
    }

    /// Pays each renewal invoice from the balance as soon as it is issued, if the balance
    /// covers it and the customer has not turned this off (the lifecycle queues [`crate::lifecycle::renewal::RENEWAL_ISSUED_JOB`];
    /// the handler lives here because paying is above the lifecycle). Otherwise the invoice
    /// waits for the customer as before.
    pub fn register(registry: &mut JobRegistry, db: Db, clock: SharedClock) {
        use crate::lifecycle::renewal::{RENEWAL_ISSUED_JOB, RenewalIssued};
        registry.register(RENEWAL_ISSUED_JOB, move |job: crate::jobs::Job| {
            let (db, clock) = (db.clone(), clock.clone());
            async move {
                let issued: RenewalIssued = job.payload()?;
                auto_pay(&db, clock.as_ref(), &issued.invoice_id)
                    .await
                    .map_err(|error| JobError::Retryable(error.to_string()))
            }
        });
    }

    async fn auto_pay(db: &Db, clock: &dyn Clock, invoice_id: &InvoiceId) -> Result<(), WalletPayError> {
        let Some(invoice) = invoices::find(db, invoice_id).await? else {
            return Ok(());
        };
        if !crate::wallet::store::autopay(db, &invoice.user_id).await? {
            return Ok(());
        }
        let actor = Actor::System {
            label: "wallet:auto-pay".into(),
        };
        let mut tx = db.begin().await?;
        match pay_in(&mut tx, clock, &invoice, actor).await {
            Ok(()) => {
                tx.commit().await?;
                tracing::info!(invoice = %invoice.id, "renewal paid from the wallet");
                Ok(())
            }
            Err(WalletPayError::NotPayable | WalletPayError::Insufficient) => Ok(()),
            Err(error) => Err(error),
        }
    }
}
