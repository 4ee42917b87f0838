//! Public catalog pages: `/plans` and the landing page's pricing section.

mod plan_card;
mod plans;
mod pricing;

pub use plan_card::PlanCardView;
pub use plans::PlansPage;
pub use pricing::PricingSection;
