//! Refunding a paid order through the gateway that took its money (Midtrans' refund API),
//! before staff book the refund (`settlement::refunds`). Called outside any database
//! transaction: a gateway call may take seconds. The refund key is the order's, so asking
//! again after a failure (or a crash before the booking) refunds once at the gateway.

use super::PaymentGateways;
use super::gateway::GatewayError;
use crate::db::Db;
use crate::ids::OrderId;

#[derive(Debug, thiserror::Error)]
pub enum GatewayRefundError {
    /// The order is not paid, already refunded, or a server came of it.
    #[error("the order cannot be refunded")]
    NotRefundable,
    /// Paid another way (balance, staff), or at a gateway that cannot refund by API.
    #[error("the payment cannot be refunded through a gateway's API")]
    NotByApi,
    #[error(transparent)]
    Gateway(#[from] GatewayError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The key a refund of `order_id` is asked for with (idempotent at the gateway).
pub fn refund_key(order_id: &OrderId) -> String {
    format!("refund-{order_id}")
}

/// Asks the gateway that took the order's payment to give it back; returns the gateway's
/// reference for the refund.
pub async fn refund_order(
    db: &Db,
    gateways: &PaymentGateways,
    order_id: &OrderId,
    reason: &str,
) -> Result<String, GatewayRefundError> {
    let order = crate::orders::store::find(db, order_id)
        .await?
        .filter(|order| order.status.is_refundable())
        .ok_or(GatewayRefundError::NotRefundable)?;
    let invoice = crate::billing::invoices::for_order(db, &order.id)
        .await?
        .into_iter()
        .find(|invoice| {
            invoice.purpose == crate::billing::InvoicePurpose::Order
                && invoice.status == crate::billing::InvoiceStatus::Paid
        })
        .ok_or(GatewayRefundError::NotRefundable)?;
    let intent = super::store::succeeded_for_invoice(db, &invoice.id)
        .await?
        .ok_or(GatewayRefundError::NotByApi)?;
    let gateway = gateways
        .get(&intent.gateway)
        .filter(|gateway| gateway.can_refund())
        .ok_or(GatewayRefundError::NotByApi)?;
    let reference = gateway
        .refund(&intent, invoice.total, &refund_key(order_id), reason)
        .await?;
    tracing::info!(order = %order_id, gateway = gateway.name(), "refunded at the gateway");
    Ok(reference)
}
