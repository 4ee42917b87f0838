//! Admin: every order (filter, search, pages), manual bank-transfer payments and
//! cancellation. An order's detail is `orders::get_order`, which lets staff see any order.

use crate::error::AppError;
use crate::orders::OrderSummary;
use leptos::prelude::*;

/// Orders per page of the admin list.
pub const ORDER_PAGE_SIZE: i64 = 25;

/// Orders by status, provider and creation date (`YYYY-MM-DD` in WIB, both ends included),
/// searched by customer, host name or invoice number; newest first.
#[server(endpoint = "admin/orders")]
pub async fn admin_list_orders(
    #[server(default)] q: String,
    #[server(default)] status: String,
    #[server(default)] provider: String,
    #[server(default)] from: String,
    #[server(default)] until: String,
    #[server(default)] page: i64,
) -> Result<Vec<OrderSummary>, AppError> {
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    use crate::orders::store::{OrderFilter, list};
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let filter = OrderFilter {
        search: Some(q.trim().to_string()).filter(|q| !q.is_empty()),
        status: crate::orders::OrderStatus::from_code(&status),
        provider_slug: Some(provider).filter(|p| !p.is_empty()),
        from: super::ssr::day("from", &from, 0)?,
        until: super::ssr::day("until", &until, 1)?,
        offset: crate::db::page_offset(page, ORDER_PAGE_SIZE),
        limit: ORDER_PAGE_SIZE,
        ..OrderFilter::default()
    };
    let rows = list(&state.db, &filter).await.map_err(AppError::internal)?;
    Ok(rows
        .into_iter()
        .map(crate::orders::server_fns::ssr::summary)
        .collect())
}

/// Records a bank transfer that paid an unpaid invoice in full: the invoice becomes paid
/// and the order `PAID`, exactly as a gateway payment would. The reference is unique.
#[server(endpoint = "admin/invoices/mark-paid")]
pub async fn mark_invoice_paid(
    invoice: String,
    reference: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let invoice = crate::ids::InvoiceId::from(invoice);
    use crate::accounts::validation::field_error;
    use crate::audit::AuditAction;
    use crate::billing::payments::{IncomingPayment, PaymentError, PaymentOutcome};
    use crate::settlement::settle;
    use crate::ui::FormText;
    let mut change = super::change::AdminChange::begin().await?;
    let (reference, note) = (reference.trim(), note.trim());
    if reference.is_empty() {
        return Err(field_error("reference", FormText::ReferenceRequired));
    }
    let found = crate::billing::invoices::find_in(&mut change.tx, &invoice)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let clock = change.state.clock.clone();
    let payment = IncomingPayment {
        invoice_id: &found.id,
        gateway: "manual",
        reference,
        method: "bank_transfer",
        amount: found.total,
        received_at: clock.now(),
        actor: change.actor(),
        note,
    };
    // Nothing is kept unless it paid the invoice: an admin is told instead of leaving an
    // unapplied payment behind (dropping the transaction rolls it back).
    match settle(&mut change.tx, clock.as_ref(), payment).await {
        Ok(PaymentOutcome::Applied) => {}
        Ok(PaymentOutcome::Duplicate) => return Err(field_error("reference", FormText::ReferenceUsed)),
        Ok(PaymentOutcome::Unapplied) | Err(PaymentError::Conflict) => {
            return Err(field_error("invoice", FormText::OrderNotPayable));
        }
        Err(PaymentError::Database(error)) => return Err(AppError::internal(error)),
    }
    let details = serde_json::json!({
        "number": found.number, "order_id": found.order_id, "amount": found.total,
        "reference": reference, "note": note,
    });
    change
        .finish(AuditAction::InvoiceMarkedPaid, ("invoice", &found.id), details)
        .await?;
    let back = match &found.order_id {
        Some(order_id) => format!("/admin/orders/{order_id}"),
        None => format!("/admin/users/{}", found.user_id),
    };
    leptos_axum::redirect(&back);
    Ok(())
}

/// Cancels a customer's unpaid order with a reason shown in its timeline.
#[server(endpoint = "admin/orders/cancel")]
pub async fn admin_cancel_order(id: String, #[server(default)] reason: String) -> Result<(), AppError> {
    let id = crate::ids::OrderId::from(id);
    use crate::audit::AuditAction;
    let mut change = super::change::AdminChange::begin().await?;
    let (clock, actor) = (change.state.clock.clone(), change.actor());
    let reason = reason.trim();
    crate::orders::server_fns::ssr::cancel_in(&mut change.tx, &clock, &id, &actor, reason).await?;
    change
        .finish(
            AuditAction::OrderCancelled,
            ("order", &id),
            serde_json::json!({ "reason": reason }),
        )
        .await?;
    leptos_axum::redirect(&format!("/admin/orders/{id}"));
    Ok(())
}

/// Refunds a paid order that produced no server (the build has not begun, or it failed):
/// to the customer's balance (`method` = "wallet", the default), through the gateway's
/// refund API ("gateway_api", Midtrans; asked before anything is booked, idempotent by the
/// order), or recorded as refunded at the gateway by hand ("gateway", with the gateway's
/// refund reference). The order is cancelled and its invoice gets a credit note; the
/// customer is notified.
#[server(endpoint = "admin/orders/refund")]
pub async fn refund_order(
    id: String,
    #[server(default)] method: String,
    #[server(default)] reference: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::accounts::validation::{Checks, field_error};
    use crate::billing::RefundMethod;
    use crate::settlement::refunds::{RefundError, RefundRequest, refund_order_in};
    use crate::ui::FormText;
    let id = crate::ids::OrderId::from(id);
    crate::accounts::auth::ssr::require_staff(crate::accounts::Role::Admin).await?;
    let mut checks = Checks::default();
    let by_api = method == "gateway_api";
    let method = if by_api {
        RefundMethod::Gateway
    } else {
        RefundMethod::from_code(&method).unwrap_or(RefundMethod::Wallet)
    };
    let reason = checks.optional_text("reason", &reason, 300);
    if reason.is_empty() {
        checks.fail("reason", FormText::Required);
    }
    let mut reference = checks.optional_text("reference", &reference, 100);
    if method == RefundMethod::Gateway && !by_api && reference.is_empty() {
        checks.fail("reference", FormText::Required);
    }
    checks.finish()?;
    if by_api {
        // Before the transaction: the gateway may take seconds to answer.
        use crate::payments::gateway_refunds::{GatewayRefundError, refund_order as refund_at_gateway};
        let state = crate::state::AppState::from_context()?;
        let gateways = crate::state::use_server::<crate::payments::PaymentGateways>()?;
        reference = match refund_at_gateway(&state.db, &gateways, &id, &reason).await {
            Ok(reference) => reference,
            Err(GatewayRefundError::NotRefundable) => {
                return Err(field_error("id", FormText::OrderNotRefundable));
            }
            Err(GatewayRefundError::NotByApi) => return Err(field_error("method", FormText::RefundNotByApi)),
            Err(GatewayRefundError::Gateway(error)) => {
                tracing::warn!(%error, order = %id, "the gateway did not refund");
                return Err(field_error("method", FormText::GatewayRefundFailed));
            }
            Err(GatewayRefundError::Database(error)) => return Err(AppError::internal(error)),
        };
    }
    let mut change = super::change::AdminChange::begin().await?;
    let (clock, actor) = (change.state.clock.clone(), change.actor());
    let request = RefundRequest {
        order_id: &id,
        method,
        reference: &reference,
        reason: &reason,
        actor: &actor,
    };
    let refunded = match refund_order_in(&mut change.tx, clock.as_ref(), &request).await {
        Ok(refunded) => refunded,
        Err(RefundError::NotFound) => return Err(AppError::NotFound.with_status()),
        Err(RefundError::NotRefundable) => return Err(field_error("id", FormText::OrderNotRefundable)),
        Err(RefundError::Database(error)) => return Err(AppError::internal(error)),
    };
    let details = serde_json::json!({
        "method": method.code(), "through_api": by_api, "reference": reference, "reason": reason,
        "credit_note": refunded.credit_note, "amount": refunded.amount,
    });
    change
        .finish(crate::audit::AuditAction::OrderRefunded, ("order", &id), details)
        .await?;
    leptos_axum::redirect(&format!("/admin/orders/{id}"));
    Ok(())
}
