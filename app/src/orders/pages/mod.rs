//! Ordering pages: the wizard (`/order`), my orders (`/orders`), an order (`/orders/:id`).

mod detail;
mod list;
mod parts;
mod wizard;

pub use detail::OrderDetailPage;
pub use list::{MyOrdersPage, OrderList};
pub use parts::{OrderTimeline, PriceBreakdown, StatusBadge};
pub use wizard::OrderWizardPage;

/// "2026-11-23 14:05" from an RFC 3339 UTC time (shown as UTC, labelled by the page).
pub fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}
