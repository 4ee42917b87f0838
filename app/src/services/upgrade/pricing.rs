//! Which plans a server may move to, and what the rest of its paid period costs there.
//! Sizes only grow: a provider grows a disk but never shrinks it, so a plan with less of
//! anything is never offered.

use crate::catalog::{BillingCycle, Catalog, Plan};
use crate::money::Rupiah;
use crate::orders::pricing::{Quote, quote};
use chrono::{DateTime, Utc};

/// A machine's size: vCPUs, memory (MB), disk (GB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub vcpu: i32,
    pub memory_mb: i32,
    pub disk_gb: i32,
}

impl Size {
    pub fn of(plan: &Plan) -> Size {
        Size {
            vcpu: plan.vcpu,
            memory_mb: plan.memory_mb,
            disk_gb: plan.disk_gb,
        }
    }

    /// No less of anything, more of something.
    fn grows_to(self, other: Size) -> bool {
        other != self
            && other.vcpu >= self.vcpu
            && other.memory_mb >= self.memory_mb
            && other.disk_gb >= self.disk_gb
    }
}

/// The plans a server of `provider` with `current` size in `region_id` may move to: the
/// provider's active plans sold in that region, with no less of anything and more of
/// something, cheapest first.
pub fn bigger_plans<'a>(
    catalog: &'a Catalog,
    provider: &str,
    current: Size,
    region_id: &str,
) -> Vec<&'a Plan> {
    let mut plans: Vec<&Plan> = catalog
        .plans
        .iter()
        .filter(|plan| {
            plan.active
                && plan.provider_slug == provider
                && plan.region_ids.iter().any(|id| id == region_id)
                && current.grows_to(Size::of(plan))
        })
        .collect();
    plans.sort_by_key(|plan| (plan.monthly_price, plan.sort_order));
    plans
}

/// What moving to `target` costs for the rest of the period paid until `expires_at`: the
/// difference of the monthly prices over the period's months, at the target's discount for
/// that cycle, for the share of the period still to come (by the second, rounded up to the
/// rupiah), with PPN. The quote is one amount: `subtotal` is that share. Nothing is due for
/// a period already over, or for a plan that costs no more.
pub fn price_for_rest(
    current_monthly: Rupiah,
    target: &Plan,
    cycle_months: i32,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Quote {
    let start = expires_at
        .checked_sub_months(chrono::Months::new(cycle_months.max(1) as u32))
        .unwrap_or(expires_at);
    let period = (expires_at - start).num_seconds().max(1);
    let left = (expires_at - now).num_seconds().clamp(0, period);
    let difference = (target.monthly_price - current_monthly).max(Rupiah::ZERO) * i64::from(cycle_months);
    // u128 (all three are at least zero): a year's difference in rupiah times a year in
    // seconds passes i64 for big plans.
    let unsigned = |value: i64| u128::try_from(value).unwrap_or(0);
    let share = (unsigned(difference.get()) * unsigned(left)).div_ceil(unsigned(period));
    let percent = BillingCycle::from_months(i64::from(cycle_months))
        .map(|cycle| target.discount_percent(cycle))
        .unwrap_or(0);
    quote(Rupiah(i64::try_from(share).unwrap_or(i64::MAX)), 1, percent, None)
}

#[cfg(test)]
mod tests {
    use crate::services::upgrade::pricing::*;
    use chrono::TimeZone;

    fn plan(id: &str, provider: &str, size: (i32, i32, i32), monthly: i64, regions: &[&str]) -> Plan {
        Plan {
            id: id.into(),
            provider_slug: provider.into(),
            size_slug: id.into(),
            name: id.into(),
            vcpu: size.0,
            memory_mb: size.1,
            disk_gb: size.2,
            transfer_gb: 1000,
            monthly_price: Rupiah(monthly),
            discount_3m: 5,
            discount_6m: 10,
            discount_12m: 15,
            active: true,
            sort_order: 0,
            region_ids: regions.iter().map(|region| region.to_string()).collect(),
        }
    }

    #[test]
    fn only_bigger_plans_of_the_provider_sold_in_the_region() {
        let current = plan("small", "do", (1, 1024, 25), 100_000, &["sgp"]);
        let mut retired = plan("retired", "do", (4, 8192, 160), 500_000, &["sgp"]);
        retired.active = false;
        let catalog = Catalog {
            plans: vec![
                current.clone(),
                plan("big", "do", (2, 4096, 80), 300_000, &["sgp", "ams"]),
                plan("medium", "do", (1, 2048, 50), 200_000, &["sgp"]),
                plan("less-disk", "do", (2, 2048, 20), 150_000, &["sgp"]),
                plan("elsewhere", "do", (2, 2048, 50), 180_000, &["ams"]),
                plan("other-cloud", "vultr", (2, 2048, 50), 90_000, &["sgp"]),
                plan("same-size", "do", (1, 1024, 25), 90_000, &["sgp"]),
                retired,
            ],
            ..Catalog::default()
        };
        let ids: Vec<&str> = bigger_plans(&catalog, "do", Size::of(&current), "sgp")
            .iter()
            .map(|plan| plan.id.as_str())
            .collect();
        assert_eq!(ids, ["medium", "big"]);
    }

    #[test]
    fn the_rest_of_the_period_is_charged_by_the_second() {
        let target = plan("big", "do", (2, 4096, 80), 300_000, &["sgp"]);
        let expires = Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap();
        // December has 31 days; 10 are left: 200,000 × 10/31 = 64,516.1… → 64,517.
        let now = Utc.with_ymd_and_hms(2026, 12, 21, 0, 0, 0).unwrap();
        let monthly = price_for_rest(Rupiah(100_000), &target, 1, expires, now);
        assert_eq!(monthly.subtotal, 64_517);
        assert_eq!(monthly.cycle_discount, 0);
        assert_eq!(monthly.tax, monthly.taxable.percent(11));
        assert_eq!(monthly.total, monthly.taxable + monthly.tax);
        // A year paid at 15 % off: the difference over 12 months, the same discount.
        let yearly = price_for_rest(Rupiah(100_000), &target, 12, expires, expires);
        assert_eq!(yearly.total, 0, "nothing left of the period");
        let start = Utc.with_ymd_and_hms(2025, 12, 31, 0, 0, 0).unwrap();
        let yearly = price_for_rest(Rupiah(100_000), &target, 12, expires, start);
        assert_eq!(yearly.subtotal, 2_400_000);
        assert_eq!(yearly.cycle_discount, 360_000);
        // A target that costs no more (a cheaper price than the customer ordered at).
        let cheap = price_for_rest(Rupiah(400_000), &target, 1, expires, now);
        assert_eq!(cheap.total, 0);
    }
}
