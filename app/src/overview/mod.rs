//! The customer's overview at the top of `/dashboard`: what they owe (unpaid invoices with
//! their pay buttons, renewals first, then soonest due), their wallet balance and their
//! latest notifications. It sits above billing, the wallet and notifications and only reads
//! them, in one server function.

mod pages;
mod server_fns;
mod texts;

pub use pages::Overview;
pub use server_fns::get_overview;
pub use texts::OverviewText;

use crate::billing::InvoiceSummary;
use crate::money::Rupiah;
use crate::notifications::NotificationView;
use serde::{Deserialize, Serialize};

/// Invoices shown at most (the invoices page has them all).
pub const MAX_TO_PAY: usize = 5;
/// Notifications shown (the inbox has them all).
pub const LATEST_NOTIFICATIONS: i64 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOverview {
    pub to_pay: Vec<Payable>,
    /// Unpaid invoices beyond those shown.
    pub more_to_pay: usize,
    pub balance: Rupiah,
    pub notifications: Vec<NotificationView>,
    pub unread: i64,
}

/// An unpaid invoice with the server (or order) it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payable {
    pub invoice: InvoiceSummary,
    pub hostname: String,
    /// Where it is paid: the order's page, or the server's renewal or plan change.
    pub pay_url: String,
}
