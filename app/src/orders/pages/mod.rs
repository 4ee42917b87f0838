//! Ordering pages: the wizard (`/order`), my orders (`/orders`), an order (`/orders/:id`).

mod detail;
mod list;
mod parts;
mod wizard;

pub use detail::OrderDetailPage;
pub use list::{MyOrdersPage, OrderList};
pub use parts::{InvoiceLinks, OrderFacts, OrderTimeline, PriceBreakdown, StatusBadge};
pub use wizard::OrderWizardPage;
