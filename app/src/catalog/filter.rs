//! Filtering and sorting the public plan list (pure, so it is tested without a database).

use super::plans::{PlanCard, PlanFilter, PlanListing, PlanSort};
use super::{Catalog, Plan};

pub fn listing(catalog: &Catalog, filter: &PlanFilter) -> PlanListing {
    let mut plans: Vec<PlanCard> = catalog
        .plans
        .iter()
        .filter(|plan| matches(catalog, plan, filter))
        .map(|plan| card(catalog, plan))
        .collect();
    sort(&mut plans, filter.sort());
    PlanListing {
        plans,
        providers: catalog.providers.clone(),
        cities: catalog.cities(),
    }
}

pub fn card(catalog: &Catalog, plan: &Plan) -> PlanCard {
    let mut cities: Vec<String> = plan
        .region_ids
        .iter()
        .filter_map(|id| catalog.region(id))
        .map(|region| region.city.clone())
        .collect();
    cities.sort();
    cities.dedup();
    PlanCard {
        plan: plan.clone(),
        provider_name: catalog.provider_name(&plan.provider_slug),
        cities,
    }
}

fn matches(catalog: &Catalog, plan: &Plan, filter: &PlanFilter) -> bool {
    let provider = filter.provider.trim();
    let location = filter.location.trim();
    (provider.is_empty() || plan.provider_slug == provider)
        && (location.is_empty()
            || plan
                .region_ids
                .iter()
                .filter_map(|id| catalog.region(id))
                .any(|region| region.city.eq_ignore_ascii_case(location)))
        && filter
            .max_price()
            .is_none_or(|max| plan.monthly_price.get() <= max)
        && filter.min_cpu().is_none_or(|cpu| plan.vcpu >= cpu)
        && filter
            .min_ram()
            .is_none_or(|gb| i64::from(plan.memory_mb) >= i64::from(gb) * 1024)
        && !plan.region_ids.is_empty()
}

fn sort(plans: &mut [PlanCard], sort: PlanSort) {
    // Ties fall back to price, then provider and sort order, so the order is stable.
    plans.sort_by(|a, b| {
        let (a, b) = (&a.plan, &b.plan);
        let primary = match sort {
            PlanSort::PriceLow => a.monthly_price.cmp(&b.monthly_price),
            PlanSort::PriceHigh => b.monthly_price.cmp(&a.monthly_price),
            PlanSort::Cpu => b.vcpu.cmp(&a.vcpu),
            PlanSort::Memory => b.memory_mb.cmp(&a.memory_mb),
        };
        primary
            .then(a.monthly_price.cmp(&b.monthly_price))
            .then(a.provider_slug.cmp(&b.provider_slug))
            .then(a.sort_order.cmp(&b.sort_order))
    });
}

/// The landing page's pricing section: the cheapest plan of each memory size in `sizes_gb`.
pub fn featured(catalog: &Catalog, sizes_gb: &[i32]) -> Vec<PlanCard> {
    sizes_gb
        .iter()
        .filter_map(|gb| {
            catalog
                .plans
                .iter()
                .filter(|plan| plan.memory_mb == gb * 1024 && !plan.region_ids.is_empty())
                .min_by_key(|plan| (plan.monthly_price, plan.provider_slug.clone()))
        })
        .map(|plan| card(catalog, plan))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Provider, Region};

    fn catalog() -> Catalog {
        let provider = |slug: &str| Provider {
            slug: slug.into(),
            name: slug.to_uppercase(),
            active: true,
            sort_order: 0,
        };
        let region = |id: &str, provider: &str, city: &str| Region {
            id: id.into(),
            provider_slug: provider.into(),
            slug: id.into(),
            city: city.into(),
            country: "SG".into(),
            active: true,
        };
        let plan = |id: &str, provider: &str, vcpu: i32, gb: i32, price: i64, regions: &[&str]| Plan {
            id: id.into(),
            provider_slug: provider.into(),
            size_slug: id.into(),
            name: id.into(),
            vcpu,
            memory_mb: gb * 1024,
            disk_gb: 25,
            transfer_gb: 1000,
            monthly_price: crate::money::Rupiah(price),
            discount_3m: 5,
            discount_6m: 10,
            discount_12m: 15,
            active: true,
            sort_order: 0,
            region_ids: regions.iter().map(|r| r.to_string()).collect(),
        };
        Catalog {
            providers: vec![provider("a"), provider("b")],
            regions: vec![region("a-sg", "a", "Singapore"), region("b-jk", "b", "Jakarta")],
            images: vec![],
            plans: vec![
                plan("a1", "a", 1, 1, 100_000, &["a-sg"]),
                plan("a2", "a", 2, 4, 300_000, &["a-sg"]),
                plan("b1", "b", 1, 1, 90_000, &["b-jk"]),
                plan("b2", "b", 4, 8, 600_000, &["b-jk"]),
                plan("b-nowhere", "b", 8, 16, 900_000, &[]),
            ],
        }
    }

    fn ids(filter: PlanFilter) -> Vec<String> {
        listing(&catalog(), &filter)
            .plans
            .into_iter()
            .map(|c| c.plan.id)
            .collect()
    }

    #[test]
    fn default_is_cheapest_first_and_hides_plans_without_regions() {
        assert_eq!(ids(PlanFilter::default()), ["b1", "a1", "a2", "b2"]);
    }

    #[test]
    fn filters_combine() {
        let filter = PlanFilter {
            provider: "a".into(),
            ..PlanFilter::default()
        };
        assert_eq!(ids(filter), ["a1", "a2"]);
        let filter = PlanFilter {
            location: "jakarta".into(),
            cpu: "2".into(),
            ..PlanFilter::default()
        };
        assert_eq!(ids(filter), ["b2"]);
        let filter = PlanFilter {
            max_price: "300000".into(),
            ram: "2".into(),
            sort: "price-desc".into(),
            ..PlanFilter::default()
        };
        assert_eq!(ids(filter), ["a2"]);
    }

    #[test]
    fn malformed_values_are_ignored() {
        let filter = PlanFilter {
            max_price: "murah".into(),
            cpu: "-3".into(),
            sort: "whatever".into(),
            ..PlanFilter::default()
        };
        assert_eq!(ids(filter), ["b1", "a1", "a2", "b2"]);
    }

    #[test]
    fn a_huge_memory_wish_matches_nothing_instead_of_overflowing() {
        let filter = PlanFilter {
            ram: "2097152".into(),
            ..PlanFilter::default()
        };
        assert!(ids(filter).is_empty());
    }

    #[test]
    fn sorting_by_memory_and_cpu() {
        let by = |sort: &str| {
            ids(PlanFilter {
                sort: sort.into(),
                ..PlanFilter::default()
            })
        };
        assert_eq!(by("ram"), ["b2", "a2", "b1", "a1"]);
        assert_eq!(by("cpu"), ["b2", "a2", "b1", "a1"]);
    }

    #[test]
    fn featured_takes_the_cheapest_per_size() {
        let featured: Vec<String> = featured(&catalog(), &[1, 4, 2])
            .into_iter()
            .map(|card| card.plan.id)
            .collect();
        assert_eq!(featured, ["b1", "a2"]);
    }

    #[test]
    fn query_string_round_trips_the_filter() {
        let filter = PlanFilter {
            location: "Kuala Lumpur".into(),
            cpu: "2".into(),
            ..PlanFilter::default()
        };
        assert_eq!(filter.query_string(), "location=Kuala%20Lumpur&cpu=2");
    }
}
