//! Ordering: the order wizard, checkout (one order per checkout, priced on the server),
//! the order state machine with its timeline, customer order pages and unpaid-order expiry.

pub mod checkout;
mod hostname;
pub mod pages;
pub mod pricing;
pub(crate) mod server_fns;
mod status;
pub mod texts;

pub use hostname::valid_hostname;
pub use server_fns::{CancelOrder, cancel_order, get_order, list_my_orders};
pub use status::OrderStatus;
pub use texts::OrderText;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod expiry;
#[cfg(feature = "ssr")]
pub mod store;

/// Ordering's settings, registered at start-up.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy)]
pub struct OrderSettings {
    /// How long an order may stay unpaid before it expires.
    pub payment_window: chrono::Duration,
}

use crate::billing::InvoiceSummary;
use crate::money::Rupiah;
use pricing::Quote;
use serde::{Deserialize, Serialize};

/// What the wizard sends: ids from the catalog and the customer's input, all checked
/// again on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDraft {
    pub plan: String,
    pub region: String,
    pub image: String,
    pub hostname: String,
    /// Months: 1, 3, 6 or 12.
    pub cycle: String,
    #[serde(default)]
    pub promo: String,
}

/// One order in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: String,
    pub status: OrderStatus,
    pub hostname: String,
    pub provider_name: String,
    pub plan_name: String,
    pub region_label: String,
    pub cycle_months: i32,
    pub total: Rupiah,
    /// RFC 3339.
    pub created_at: String,
    pub customer_email: String,
    pub invoice_number: Option<String>,
}

impl OrderSummary {
    /// A short reference customers can quote ("ORD-1A2B3C4D"); the id stays the key.
    pub fn reference(&self) -> String {
        order_reference(&self.id)
    }
}

/// The last 8 hex digits of the id (its random part), upper case.
pub fn order_reference(id: &str) -> String {
    let hex: String = id.chars().filter(char::is_ascii_hexdigit).collect();
    format!("ORD-{}", hex[hex.len().saturating_sub(8)..].to_uppercase())
}

/// Who made a timeline entry, as the viewer should read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineActor {
    /// The order's customer.
    Customer,
    /// Staff; the label (their e-mail) is only filled in for staff viewers.
    Staff(Option<String>),
    /// An automatic step (payment gateway, expiry job …), named.
    System(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub from_status: Option<OrderStatus>,
    pub to_status: Option<OrderStatus>,
    pub actor: TimelineActor,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub order: OrderSummary,
    pub image_label: String,
    pub quote: Quote,
    pub payment_due_at: String,
    pub timeline: Vec<TimelineEntry>,
    pub invoices: Vec<InvoiceSummary>,
    pub customer_name: String,
    /// The VPS, once provisioning has succeeded.
    pub service: Option<crate::provisioning::ServiceBrief>,
}

impl OrderDetail {
    /// The invoice to pay now, if the order is payable.
    pub fn open_invoice(&self) -> Option<&InvoiceSummary> {
        self.order
            .status
            .is_payable()
            .then(|| {
                self.invoices
                    .iter()
                    .find(|invoice| invoice.status == crate::billing::InvoiceStatus::Unpaid)
            })
            .flatten()
    }
}
