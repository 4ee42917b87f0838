//! Reading and cancelling orders: customers see their own, staff see all.

use super::{OrderDetail, OrderSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in customer's orders, newest first, optionally by status.
#[server(endpoint = "orders/mine")]
pub async fn list_my_orders(#[server(default)] status: String) -> Result<Vec<OrderSummary>, AppError> {
    use super::store::{OrderFilter, list};
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let filter = OrderFilter {
        user_id: Some(user.id),
        status: super::OrderStatus::from_code(&status),
        limit: 200,
        ..OrderFilter::default()
    };
    let rows = list(&state.db, &filter).await.map_err(AppError::internal)?;
    Ok(rows.into_iter().map(ssr::summary).collect())
}

/// One order with its timeline and invoices: its owner, or staff.
#[server(endpoint = "orders/get")]
pub async fn get_order(id: String) -> Result<OrderDetail, AppError> {
    let id = crate::ids::OrderId::from(id);
    let (state, viewer) = ssr::viewer().await?;
    ssr::detail(&state, &id, &viewer).await
}

/// Cancels an unpaid order (its owner; staff use the admin action).
#[server(endpoint = "orders/cancel")]
pub async fn cancel_order(id: String) -> Result<(), AppError> {
    let id = crate::ids::OrderId::from(id);
    use crate::audit::Actor;
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let order = super::store::find(&state.db, &id)
        .await
        .map_err(AppError::internal)?
        .filter(|order| order.user_id == user.id)
        .ok_or_else(|| AppError::NotFound.with_status())?;
    ssr::cancel(&state, &order.id, &Actor::user(&user.id, &user.email), "").await?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::store::{
        OrderFilter, OrderListRow, TransitionError, find_in, list, timeline, transition,
    };
    use super::super::{OrderDetail, OrderStatus, OrderSummary, TimelineActor, TimelineEntry};
    use crate::accounts::User;
    use crate::accounts::auth::ssr::require_user;
    use crate::accounts::validation::field_error;
    use crate::audit::Actor;
    use crate::billing::invoices;
    use crate::clock::{SharedClock, rfc3339};
    use crate::db::Tx;
    use crate::error::AppError;
    use crate::state::AppState;
    use crate::ui::FormText;

    pub fn summary(row: OrderListRow) -> OrderSummary {
        let order = row.order;
        OrderSummary {
            status: order.status,
            id: order.id.into(),
            hostname: order.hostname,
            provider_name: row.provider_name,
            plan_name: order.plan_name,
            region_label: order.region_label,
            cycle_months: order.cycle_months,
            total: order.total,
            created_at: rfc3339(&order.created_at),
            customer_email: row.customer_email,
            invoice_number: row.invoice_number,
        }
    }

    pub async fn viewer() -> Result<(AppState, User), AppError> {
        let user = require_user().await?;
        let state = AppState::from_context()?;
        Ok((state, user))
    }

    /// The order as `viewer` may see it: another customer's order is "not found".
    pub async fn detail(
        state: &AppState,
        id: &crate::ids::OrderId,
        viewer: &User,
    ) -> Result<OrderDetail, AppError> {
        let staff = viewer.is_staff();
        let filter = OrderFilter {
            order_id: Some(id.clone()),
            limit: 1,
            ..OrderFilter::default()
        };
        let listed = list(&state.db, &filter)
            .await
            .map_err(AppError::internal)?
            .pop()
            .filter(|row| row.order.user_id == viewer.id || staff)
            .ok_or_else(|| AppError::NotFound.with_status())?;
        let order = listed.order.clone();
        let events = timeline(&state.db, id).await.map_err(AppError::internal)?;
        let invoices = invoices::for_order(&state.db, id)
            .await
            .map_err(AppError::internal)?;
        let customer_name = invoices
            .first()
            .map(|invoice| invoice.customer_name.clone())
            .unwrap_or_default();
        let service = crate::services::store::for_order(&state.db, id)
            .await
            .map_err(AppError::internal)?
            .map(|service| crate::provisioning::ServiceBrief {
                id: service.id.into(),
                ipv4: service.ipv4,
                ipv6: service.ipv6,
                power_state: service.power_state,
            });
        let quote = crate::orders::pricing::order_quote(&order);
        let timeline = events
            .into_iter()
            .map(|event| TimelineEntry {
                at: rfc3339(&event.occurred_at),
                from_status: event.from_status.as_deref().and_then(OrderStatus::from_code),
                to_status: event.to_status.as_deref().and_then(OrderStatus::from_code),
                actor: match event.actor_id {
                    Some(actor) if actor == order.user_id => TimelineActor::Customer,
                    Some(_) => TimelineActor::Staff(staff.then(|| event.actor_label.clone())),
                    None => TimelineActor::System(event.actor_label),
                },
                note: event.note,
            })
            .collect();
        Ok(OrderDetail {
            order: summary(listed),
            image_label: order.image_label,
            quote,
            payment_due_at: rfc3339(&order.payment_due_at),
            timeline,
            invoices: invoices.iter().map(|invoice| invoice.summary()).collect(),
            customer_name,
            service,
        })
    }

    /// Cancels an unpaid order: voids its invoice and gives its promo use back.
    pub async fn cancel(
        state: &AppState,
        id: &crate::ids::OrderId,
        actor: &Actor,
        note: &str,
    ) -> Result<(), AppError> {
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        cancel_in(&mut tx, &state.clock, id, actor, note).await?;
        tx.commit().await.map_err(AppError::internal)
    }

    /// [`cancel`] inside the caller's transaction (admins record the audit entry with it).
    pub async fn cancel_in(
        tx: &mut Tx,
        clock: &SharedClock,
        id: &crate::ids::OrderId,
        actor: &Actor,
        note: &str,
    ) -> Result<(), AppError> {
        let order = find_in(tx, id)
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| AppError::NotFound.with_status())?;
        // A paid order is never just cancelled: its money goes back by a refund
        // (`settlement::refunds`), which cancels it with a credit note.
        if !order.status.is_payable() {
            return Err(field_error("order", FormText::OrderNotPayable));
        }
        match transition(tx, clock.as_ref(), id, OrderStatus::Cancelled, actor, note)
            .await
            .map_err(AppError::internal)?
        {
            Ok(_) => {}
            Err(TransitionError::NotFound) => return Err(AppError::NotFound.with_status()),
            Err(TransitionError::Illegal { .. }) => {
                return Err(field_error("order", FormText::OrderNotPayable));
            }
        }
        super::super::expiry::close_unpaid(tx, clock, &order, "cancelled")
            .await
            .map_err(AppError::internal)
    }
}
