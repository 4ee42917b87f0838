//! The overview's one read.

use super::CustomerOverview;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in customer's overview: unpaid invoices (not wallet top-ups; renewals first,
/// then soonest due), balance, latest notifications.
#[server(endpoint = "overview/mine")]
pub async fn get_overview() -> Result<CustomerOverview, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let gateways = crate::state::use_server::<crate::payments::PaymentGateways>()?;
    ssr::overview(&state, &gateways, &user.id).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::{CustomerOverview, LATEST_NOTIFICATIONS, MAX_TO_PAY, Payable};
    use crate::billing::{InvoicePurpose, InvoiceStatus};
    use crate::error::AppError;
    use crate::ids::UserId;
    use crate::state::AppState;

    pub async fn overview(
        state: &AppState,
        gateways: &crate::payments::PaymentGateways,
        user_id: &UserId,
    ) -> Result<CustomerOverview, AppError> {
        let db = &state.db;
        let mut unpaid: Vec<_> = crate::billing::invoices::for_user(db, user_id)
            .await
            .map_err(AppError::internal)?
            .into_iter()
            .filter(|invoice| {
                invoice.status == InvoiceStatus::Unpaid && invoice.purpose != InvoicePurpose::Deposit
            })
            .collect();
        // Renewals first: a server stops when one is left unpaid.
        unpaid.sort_by_key(|invoice| (invoice.purpose != InvoicePurpose::Renewal, invoice.due_at));
        let more_to_pay = unpaid.len().saturating_sub(MAX_TO_PAY);
        let mut to_pay = Vec::new();
        for invoice in unpaid.into_iter().take(MAX_TO_PAY) {
            let order = match &invoice.order_id {
                Some(order_id) => crate::orders::store::find(db, order_id)
                    .await
                    .map_err(AppError::internal)?,
                None => None,
            };
            to_pay.push(Payable {
                hostname: order.map(|order| order.hostname).unwrap_or_default(),
                invoice: invoice.summary(),
            });
        }
        let balance = crate::wallet::store::balance(db, user_id)
            .await
            .map_err(AppError::internal)?;
        let inbox =
            crate::notifications::inbox::page(state, user_id, false, None, None, LATEST_NOTIFICATIONS)
                .await?;
        let methods = gateways.available_methods(db).await.map_err(AppError::internal)?;
        Ok(CustomerOverview {
            to_pay,
            more_to_pay,
            balance,
            methods,
            notifications: inbox.items,
            unread: inbox.unread,
        })
    }
}
