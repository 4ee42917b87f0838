use serde::{Deserialize, Serialize};

/// How many months are paid at once. Longer cycles earn the plan's cycle discount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BillingCycle {
    Monthly,
    Quarterly,
    SemiAnnual,
    Annual,
}

impl BillingCycle {
    pub const ALL: [BillingCycle; 4] = [
        BillingCycle::Monthly,
        BillingCycle::Quarterly,
        BillingCycle::SemiAnnual,
        BillingCycle::Annual,
    ];

    pub fn months(self) -> i32 {
        match self {
            BillingCycle::Monthly => 1,
            BillingCycle::Quarterly => 3,
            BillingCycle::SemiAnnual => 6,
            BillingCycle::Annual => 12,
        }
    }

    /// The cycle's name in the REST API.
    pub fn code(self) -> &'static str {
        match self {
            BillingCycle::Monthly => "monthly",
            BillingCycle::Quarterly => "quarterly",
            BillingCycle::SemiAnnual => "semi-annual",
            BillingCycle::Annual => "annual",
        }
    }

    pub fn from_months(months: i64) -> Option<BillingCycle> {
        BillingCycle::ALL
            .into_iter()
            .find(|cycle| i64::from(cycle.months()) == months)
    }
}
