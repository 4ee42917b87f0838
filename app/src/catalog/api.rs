//! The public catalog on the REST API (`/api/v1/catalog/…`): what can be ordered, with the
//! price of every billing cycle. No key needed; answers are shared caches' to keep for a
//! minute and carry an ETag. Filtering and pricing are the storefront's own rules
//! (`filter::listing`, `orders::pricing::quote`).

use super::plans::PlanFilter;
use super::{BillingCycle, Catalog, CatalogCache, OsImage, Plan, Region};
use crate::api::cache::{self, Keep};
use crate::api::{ApiError, Page, PageQuery};
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// How long shared caches may keep a catalog answer (admins' edits show within this).
const KEEP: Keep = Keep::Public { max_age_secs: 60 };

pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
    CatalogCache: FromRef<S>,
{
    OpenApiRouter::new()
        .routes(routes!(providers))
        .routes(routes!(regions))
        .routes(routes!(images))
        .routes(routes!(plans))
        .routes(routes!(plan))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderView {
    /// `digitalocean`, `vultr`, `linode` (or `simulated` in the demo).
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionView {
    /// Our id: pass it when ordering.
    pub id: String,
    pub provider: String,
    /// The provider's own region id, e.g. `sgp1`.
    pub slug: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImageView {
    /// Our id: pass it when ordering.
    pub id: String,
    pub provider: String,
    /// The provider's image id, e.g. `ubuntu-24-04-x64`.
    pub slug: String,
    pub distro: String,
    pub version: String,
}

impl From<&Region> for RegionView {
    fn from(region: &Region) -> RegionView {
        RegionView {
            id: region.id.clone(),
            provider: region.provider_slug.clone(),
            slug: region.slug.clone(),
            city: region.city.clone(),
            country: region.country.clone(),
        }
    }
}

impl From<&OsImage> for ImageView {
    fn from(image: &OsImage) -> ImageView {
        ImageView {
            id: image.id.clone(),
            provider: image.provider_slug.clone(),
            slug: image.slug.clone(),
            distro: image.distro.clone(),
            version: image.version.clone(),
        }
    }
}

/// What one billing cycle of a plan costs, paid at once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CyclePrice {
    /// `monthly`, `quarterly`, `semi-annual` or `annual`.
    pub cycle: String,
    pub months: i32,
    pub discount_percent: i32,
    /// Rupiah before tax, after the cycle's discount.
    pub price: i64,
    /// PPN (VAT) in rupiah.
    pub tax: i64,
    /// Rupiah to pay (without a promo code).
    pub total: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    /// Our id: pass it when ordering.
    pub id: String,
    pub provider: String,
    /// The provider's size id, e.g. `s-1vcpu-1gb`.
    pub size_slug: String,
    pub name: String,
    pub vcpu: i32,
    pub memory_mb: i32,
    pub disk_gb: i32,
    pub transfer_gb: i32,
    /// Rupiah per month, before tax.
    pub monthly_price: i64,
    /// Region ids the plan can be ordered in.
    pub region_ids: Vec<String>,
    pub prices: Vec<CyclePrice>,
}

impl PlanView {
    fn of(plan: &Plan) -> PlanView {
        let prices = BillingCycle::ALL
            .into_iter()
            .map(|cycle| {
                let quote = crate::orders::pricing::quote(
                    plan.monthly_price,
                    cycle.months(),
                    plan.discount_percent(cycle),
                    None,
                );
                CyclePrice {
                    cycle: cycle.code().to_string(),
                    months: cycle.months(),
                    discount_percent: quote.cycle_discount_percent,
                    price: quote.taxable.get(),
                    tax: quote.tax.get(),
                    total: quote.total.get(),
                }
            })
            .collect();
        PlanView {
            id: plan.id.clone(),
            provider: plan.provider_slug.clone(),
            size_slug: plan.size_slug.clone(),
            name: plan.name.clone(),
            vcpu: plan.vcpu,
            memory_mb: plan.memory_mb,
            disk_gb: plan.disk_gb,
            transfer_gb: plan.transfer_gb,
            monthly_price: plan.monthly_price.get(),
            region_ids: plan.region_ids.clone(),
            prices,
        }
    }
}

/// Narrows a list to one provider.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProviderQuery {
    /// A provider's slug.
    pub provider: Option<String>,
}

impl ProviderQuery {
    fn admits(&self, slug: &str) -> bool {
        self.provider.as_deref().is_none_or(|wanted| wanted == slug)
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlanOrder {
    /// Cheapest first (the default).
    Price,
    PriceDesc,
    /// Most vCPUs first.
    Cpu,
    /// Most memory first.
    Ram,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// A provider's slug.
    pub provider: Option<String>,
    /// Only plans available in this city (any of its regions).
    pub city: Option<String>,
    /// At most this many rupiah per month.
    #[param(minimum = 1)]
    pub max_price: Option<i64>,
    /// At least this many vCPUs.
    #[param(minimum = 1)]
    pub min_vcpu: Option<i32>,
    /// At least this many GB of memory.
    #[param(minimum = 1)]
    pub min_memory_gb: Option<i32>,
    /// Cheapest first unless said otherwise.
    #[param(inline)]
    pub sort: Option<PlanOrder>,
}

impl PlanQuery {
    /// The storefront's filter, so the API lists what `/plans` shows. The page ignores a
    /// number below 1 (a shared link keeps working); the API says so.
    fn filter(&self) -> Result<PlanFilter, AppError> {
        let number = |name: &str, value: Option<i64>| match value {
            Some(value) if value < 1 => Err(crate::api::page::invalid(name, "out_of_range")),
            Some(value) => Ok(value.to_string()),
            None => Ok(String::new()),
        };
        Ok(PlanFilter {
            provider: self.provider.clone().unwrap_or_default(),
            location: self.city.clone().unwrap_or_default(),
            max_price: number("max_price", self.max_price)?,
            cpu: number("min_vcpu", self.min_vcpu.map(i64::from))?,
            ram: number("min_memory_gb", self.min_memory_gb.map(i64::from))?,
            sort: match self.sort.unwrap_or(PlanOrder::Price) {
                PlanOrder::Price => "price",
                PlanOrder::PriceDesc => "price-desc",
                PlanOrder::Cpu => "cpu",
                PlanOrder::Ram => "ram",
            }
            .to_string(),
        })
    }
}

/// One page of what `pick` takes from the orderable catalog, with its ETag.
async fn catalog_page<T: Serialize>(
    state: &AppState,
    cache: &CatalogCache,
    page: &PageQuery,
    headers: &HeaderMap,
    pick: impl FnOnce(&Catalog) -> Result<Vec<T>, AppError>,
) -> Result<Response, ApiError> {
    let catalog = cache.orderable(&state.db).await.map_err(AppError::internal)?;
    let items = pick(&catalog)?;
    Ok(cache::json(headers, &Page::of_list(items, page)?, KEEP))
}

/// The providers that take orders.
#[utoipa::path(get, path = "/api/v1/catalog/providers", tag = "catalog",
    params(PageQuery),
    responses((status = 200, description = "A page of providers", body = Page<ProviderView>),
        (status = 304, description = "Unchanged since the ETag sent")))]
async fn providers(
    State(state): State<AppState>,
    State(catalog): State<CatalogCache>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalog_page(&state, &catalog, &page, &headers, |catalog| {
        Ok(catalog
            .providers
            .iter()
            .map(|provider| ProviderView {
                slug: provider.slug.clone(),
                name: provider.name.clone(),
            })
            .collect())
    })
    .await
}

/// The regions servers can be built in.
#[utoipa::path(get, path = "/api/v1/catalog/regions", tag = "catalog",
    params(ProviderQuery, PageQuery),
    responses((status = 200, description = "A page of regions", body = Page<RegionView>),
        (status = 304, description = "Unchanged since the ETag sent")))]
async fn regions(
    State(state): State<AppState>,
    State(catalog): State<CatalogCache>,
    Query(filter): Query<ProviderQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalog_page(&state, &catalog, &page, &headers, |catalog| {
        Ok(catalog
            .regions
            .iter()
            .filter(|region| filter.admits(&region.provider_slug))
            .map(RegionView::from)
            .collect())
    })
    .await
}

/// The operating systems a server can be built with.
#[utoipa::path(get, path = "/api/v1/catalog/images", tag = "catalog",
    params(ProviderQuery, PageQuery),
    responses((status = 200, description = "A page of OS images", body = Page<ImageView>),
        (status = 304, description = "Unchanged since the ETag sent")))]
async fn images(
    State(state): State<AppState>,
    State(catalog): State<CatalogCache>,
    Query(filter): Query<ProviderQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalog_page(&state, &catalog, &page, &headers, |catalog| {
        Ok(catalog
            .images
            .iter()
            .filter(|image| filter.admits(&image.provider_slug))
            .map(ImageView::from)
            .collect())
    })
    .await
}

/// Plans that can be ordered, filtered and sorted as on the plans page.
#[utoipa::path(get, path = "/api/v1/catalog/plans", tag = "catalog",
    params(PlanQuery, PageQuery),
    responses((status = 200, description = "A page of plans", body = Page<PlanView>),
        (status = 304, description = "Unchanged since the ETag sent")))]
async fn plans(
    State(state): State<AppState>,
    State(catalog): State<CatalogCache>,
    Query(query): Query<PlanQuery>,
    Query(page): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalog_page(&state, &catalog, &page, &headers, |catalog| {
        let listing = super::filter::listing(catalog, &query.filter()?);
        Ok(listing
            .plans
            .iter()
            .map(|card| PlanView::of(&card.plan))
            .collect())
    })
    .await
}

/// One orderable plan.
#[utoipa::path(get, path = "/api/v1/catalog/plans/{id}", tag = "catalog",
    params(("id" = String, Path, description = "The plan's id")),
    responses((status = 200, description = "The plan", body = PlanView),
        (status = 304, description = "Unchanged since the ETag sent")))]
async fn plan(
    State(state): State<AppState>,
    State(catalog): State<CatalogCache>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let catalog = catalog.orderable(&state.db).await.map_err(AppError::internal)?;
    let plan = catalog.plan(&id).ok_or(AppError::NotFound)?;
    Ok(cache::json(&headers, &PlanView::of(plan), KEEP))
}
