//! What can be ordered: providers, their regions and OS images, plans with per-cycle
//! discounts, and which plan is available in which region.
//!
//! The catalog is small (a few hundred rows), so pages load one [`Catalog`] and filter it in
//! memory; the order wizard gets the whole public catalog once and steps through it in the
//! browser, while prices are always computed again on the server.

#[cfg(feature = "ssr")]
mod cache;
mod cycle;
pub mod pages;
mod plans;
mod texts;

#[cfg(feature = "ssr")]
pub use cache::{CatalogCache, storefront_catalog};
pub use cycle::BillingCycle;
pub use plans::{PlanCard, PlanFilter, PlanListing, PlanSort, featured_plans, list_plans, order_catalog};
pub use texts::CatalogText;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod filter;
#[cfg(feature = "ssr")]
pub mod store;

use crate::money::Rupiah;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub slug: String,
    pub name: String,
    pub active: bool,
    pub sort_order: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Region {
    pub id: String,
    pub provider_slug: String,
    /// The provider's own region id, e.g. `sgp1`.
    pub slug: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub active: bool,
}

impl Region {
    /// "Singapore (sgp1)": what a customer picks.
    pub fn label(&self) -> String {
        format!("{} ({})", self.city, self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OsImage {
    pub id: String,
    pub provider_slug: String,
    /// The provider's image id, e.g. `ubuntu-24-04-x64`.
    pub slug: String,
    pub distro: String,
    pub version: String,
    pub active: bool,
    pub sort_order: i32,
}

impl OsImage {
    pub fn label(&self) -> String {
        format!("{} {}", self.distro, self.version)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: String,
    pub provider_slug: String,
    /// The provider's size id, e.g. `s-1vcpu-1gb`.
    pub size_slug: String,
    pub name: String,
    pub vcpu: i32,
    pub memory_mb: i32,
    pub disk_gb: i32,
    pub transfer_gb: i32,
    /// Rupiah per month, before tax.
    pub monthly_price: Rupiah,
    /// Whole-percent discount for 3, 6 and 12 months paid at once.
    pub discount_3m: i32,
    pub discount_6m: i32,
    pub discount_12m: i32,
    pub active: bool,
    pub sort_order: i32,
    /// Regions this plan can be ordered in.
    pub region_ids: Vec<String>,
}

impl Plan {
    pub fn discount_percent(&self, cycle: BillingCycle) -> i32 {
        match cycle {
            BillingCycle::Monthly => 0,
            BillingCycle::Quarterly => self.discount_3m,
            BillingCycle::SemiAnnual => self.discount_6m,
            BillingCycle::Annual => self.discount_12m,
        }
    }

    pub fn memory_label(&self) -> String {
        if self.memory_mb % 1024 == 0 {
            format!("{} GB", self.memory_mb / 1024)
        } else {
            format!("{} MB", self.memory_mb)
        }
    }

    pub fn transfer_label(&self) -> String {
        if self.transfer_gb >= 1000 && self.transfer_gb % 1000 == 0 {
            format!("{} TB", self.transfer_gb / 1000)
        } else {
            format!("{} GB", self.transfer_gb)
        }
    }

    pub fn available_in(&self, region_id: &str) -> bool {
        self.region_ids.iter().any(|id| id == region_id)
    }
}

/// A consistent view of the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub providers: Vec<Provider>,
    pub regions: Vec<Region>,
    pub images: Vec<OsImage>,
    pub plans: Vec<Plan>,
}

impl Catalog {
    pub fn provider(&self, slug: &str) -> Option<&Provider> {
        self.providers.iter().find(|provider| provider.slug == slug)
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|plan| plan.id == id)
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|region| region.id == id)
    }

    pub fn image(&self, id: &str) -> Option<&OsImage> {
        self.images.iter().find(|image| image.id == id)
    }

    pub fn provider_name(&self, slug: &str) -> String {
        self.provider(slug)
            .map(|provider| provider.name.clone())
            .unwrap_or_else(|| slug.to_string())
    }

    /// Only what a customer may order: active providers and their active regions, images
    /// and plans, each plan limited to active regions.
    pub fn orderable(mut self) -> Catalog {
        self.providers.retain(|provider| provider.active);
        let live = |slug: &str, providers: &[Provider]| providers.iter().any(|p| p.slug == slug);
        self.regions
            .retain(|region| region.active && live(&region.provider_slug, &self.providers));
        self.images
            .retain(|image| image.active && live(&image.provider_slug, &self.providers));
        let regions = &self.regions;
        self.plans
            .retain(|plan| plan.active && live(&plan.provider_slug, &self.providers));
        for plan in &mut self.plans {
            plan.region_ids
                .retain(|id| regions.iter().any(|region| &region.id == id));
        }
        self
    }

    /// Distinct cities of the listed regions, sorted, for location filters.
    pub fn cities(&self) -> Vec<String> {
        let mut cities: Vec<String> = self.regions.iter().map(|r| r.city.clone()).collect();
        cities.sort();
        cities.dedup();
        cities
    }
}
