//! Public catalog endpoints: the filtered plan list of `/plans` and the landing page, and
//! the orderable catalog the order wizard steps through.

use super::{Catalog, Plan, Provider};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How `/plans` sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PlanSort {
    #[default]
    PriceLow,
    PriceHigh,
    Cpu,
    Memory,
}

impl PlanSort {
    pub const ALL: [PlanSort; 4] = [
        PlanSort::PriceLow,
        PlanSort::PriceHigh,
        PlanSort::Cpu,
        PlanSort::Memory,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlanSort::PriceLow => "price",
            PlanSort::PriceHigh => "price-desc",
            PlanSort::Cpu => "cpu",
            PlanSort::Memory => "ram",
        }
    }

    pub fn from_code(code: &str) -> PlanSort {
        PlanSort::ALL
            .into_iter()
            .find(|sort| sort.code() == code)
            .unwrap_or_default()
    }
}

/// The `/plans` filters, as they appear in the URL (`?provider=&location=&max_price=&cpu=&ram=&sort=`).
/// Unknown or malformed values are ignored rather than refused: a shared link keeps working.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFilter {
    pub provider: String,
    pub location: String,
    pub max_price: String,
    pub cpu: String,
    pub ram: String,
    pub sort: String,
}

impl PlanFilter {
    pub fn max_price(&self) -> Option<i64> {
        self.max_price.trim().parse().ok().filter(|price| *price > 0)
    }

    pub fn min_cpu(&self) -> Option<i32> {
        self.cpu.trim().parse().ok().filter(|cpu| *cpu > 0)
    }

    /// Minimum memory in GB.
    pub fn min_ram(&self) -> Option<i32> {
        self.ram.trim().parse().ok().filter(|ram| *ram > 0)
    }

    pub fn sort(&self) -> PlanSort {
        PlanSort::from_code(&self.sort)
    }

    /// The query string that reproduces this filter.
    pub fn query_string(&self) -> String {
        let pairs = [
            ("provider", &self.provider),
            ("location", &self.location),
            ("max_price", &self.max_price),
            ("cpu", &self.cpu),
            ("ram", &self.ram),
            ("sort", &self.sort),
        ];
        pairs
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| format!("{name}={}", crate::url::percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// One plan as the public lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCard {
    pub plan: Plan,
    pub provider_name: String,
    /// Cities the plan is available in, sorted.
    pub cities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanListing {
    pub plans: Vec<PlanCard>,
    /// Every orderable provider and city, for the filter form.
    pub providers: Vec<Provider>,
    pub cities: Vec<String>,
}

/// Orderable plans matching a filter.
#[server(endpoint = "catalog/plans")]
pub async fn list_plans(filter: PlanFilter) -> Result<PlanListing, AppError> {
    let catalog = super::cache::storefront_catalog().await?;
    Ok(super::filter::listing(&catalog, &filter))
}

/// The orderable catalog, for the order wizard.
#[server(endpoint = "catalog/orderable")]
pub async fn order_catalog() -> Result<Catalog, AppError> {
    let catalog = super::cache::storefront_catalog().await?;
    Ok(Catalog::clone(&catalog))
}

/// The landing page's pricing section: the cheapest plan per common memory size.
#[server(endpoint = "catalog/featured")]
pub async fn featured_plans() -> Result<Vec<PlanCard>, AppError> {
    /// Memory sizes (GB) the landing page shows, small to large.
    const SIZES_GB: [i32; 4] = [1, 2, 4, 8];
    let catalog = super::cache::storefront_catalog().await?;
    Ok(super::filter::featured(&catalog, &SIZES_GB))
}
