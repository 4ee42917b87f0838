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
    ssr::overview(&state, &user.id).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::{CustomerOverview, LATEST_NOTIFICATIONS, MAX_TO_PAY, Payable};
    use crate::billing::InvoicePurpose;
    use crate::error::AppError;
    use crate::ids::{OrderId, UserId};
    use crate::state::AppState;

    pub async fn overview(state: &AppState, user_id: &UserId) -> Result<CustomerOverview, AppError> {
        let db = &state.db;
        // Not wallet top-ups: the top-up page has them.
        let mut unpaid = crate::billing::invoices::unpaid_orders_of(db, user_id)
            .await
            .map_err(AppError::internal)?;
        // Renewals first: a server stops when one is left unpaid.
        unpaid.sort_by_key(|invoice| (invoice.purpose != InvoicePurpose::Renewal, invoice.due_at));
        let more_to_pay = unpaid.len().saturating_sub(MAX_TO_PAY);
        let mut to_pay = Vec::new();
        for invoice in unpaid.into_iter().take(MAX_TO_PAY) {
            let Some(order_id) = &invoice.order_id else {
                continue;
            };
            let order = crate::orders::store::find(db, order_id)
                .await
                .map_err(AppError::internal)?;
            to_pay.push(Payable {
                hostname: order.map(|order| order.hostname).unwrap_or_default(),
                pay_url: pay_url(db, invoice.purpose, order_id).await?,
                invoice: invoice.summary(),
            });
        }
        let balance = crate::wallet::store::balance(db, user_id)
            .await
            .map_err(AppError::internal)?;
        let inbox =
            crate::notifications::inbox::page(state, user_id, false, None, None, LATEST_NOTIFICATIONS)
                .await?;
        Ok(CustomerOverview {
            to_pay,
            more_to_pay,
            balance,
            notifications: inbox.items,
            unread: inbox.unread,
        })
    }

    /// The page whose pay form pays an invoice: the order's, or once the server exists its
    /// renewal or plan-change box.
    async fn pay_url(
        db: &crate::db::Db,
        purpose: InvoicePurpose,
        order_id: &OrderId,
    ) -> Result<String, AppError> {
        let anchor = match purpose {
            InvoicePurpose::Renewal => "renewal",
            InvoicePurpose::Upgrade => "upgrade",
            InvoicePurpose::Order | InvoicePurpose::Deposit => return Ok(format!("/orders/{order_id}")),
        };
        let service = crate::services::store::for_order(db, order_id)
            .await
            .map_err(AppError::internal)?;
        Ok(match service {
            Some(service) => format!("/services/{}#{anchor}", service.id),
            None => format!("/orders/{order_id}"),
        })
    }
}
