//! Control panel pages: `/dashboard` and `/services/:id`.

mod dashboard;
mod detail;
mod metrics;
mod parts;
mod upgrade;

pub use parts::{ProviderBadge, ServiceBadges};

pub use dashboard::DashboardPage;
pub use detail::ServicePage;
