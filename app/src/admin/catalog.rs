//! Admin: the catalog. Providers, regions and images are switched on and off (customers
//! only see what is on), regions and images added, plans created and edited with their
//! prices, cycle discounts and regions. Orders keep the prices they were placed with.
// Form handlers take one argument per form field, so the forms post without JavaScript
// (the generated browser stub repeats the signature, so the allowance is module-wide).
#![allow(clippy::too_many_arguments)]

use crate::catalog::Catalog;
use crate::error::AppError;
use leptos::prelude::*;

/// The whole catalog, switched-off entries included.
#[server(endpoint = "admin/catalog")]
pub async fn admin_catalog() -> Result<Catalog, AppError> {
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    crate::catalog::store::load_catalog(&state.db)
        .await
        .map_err(AppError::internal)
}

/// Switches a provider (`kind` = provider, `id` = slug), region or image on or off.
#[server(endpoint = "admin/catalog/active")]
pub async fn set_catalog_active(kind: String, id: String, active: String) -> Result<(), AppError> {
    use crate::catalog::store::{Switchable, set_active};
    let entry = Switchable::from_code(&kind).ok_or_else(|| AppError::NotFound.with_status())?;
    let active = active == "true";
    let mut change = super::change::AdminChange::begin().await?;
    if !set_active(&mut change.tx, entry, &id, active)
        .await
        .map_err(AppError::internal)?
    {
        return Err(AppError::NotFound.with_status());
    }
    let details = serde_json::json!({ "active": active });
    finish_catalog_change(
        change,
        crate::audit::AuditAction::CatalogUpdated,
        (entry.code(), &id),
        details,
    )
    .await?;
    leptos_axum::redirect("/admin/catalog");
    Ok(())
}

/// Adds a region (`kind` = region: slug, city, country) or an OS image (`kind` = image:
/// slug, distro as `city`, version as `country`) to a provider; an existing slug is kept.
#[server(endpoint = "admin/catalog/add")]
pub async fn add_catalog_entry(
    kind: String,
    provider: String,
    slug: String,
    label: String,
    detail: String,
) -> Result<(), AppError> {
    use crate::accounts::validation::Checks;
    use crate::catalog::store::{Switchable, ensure_image, ensure_region};
    use crate::catalog::{OsImage, Region};
    let mut change = super::change::AdminChange::begin().await?;
    let catalog = crate::catalog::store::load_catalog(&change.state.db)
        .await
        .map_err(AppError::internal)?;
    let mut checks = Checks::default();
    if catalog.provider(&provider).is_none() {
        checks.fail("provider", crate::ui::FormText::Required);
    }
    let slug = checks.slug("slug", &slug);
    let label = checks.name("label", &label);
    let detail = checks.name("detail", &detail);
    checks.finish()?;
    let entry = Switchable::from_code(&kind).ok_or_else(|| AppError::NotFound.with_status())?;
    let id = match entry {
        Switchable::Region => {
            let region = Region {
                id: String::new(),
                provider_slug: provider,
                slug,
                city: label,
                country: detail.to_uppercase(),
                active: true,
            };
            ensure_region(&mut change.tx, &region).await
        }
        Switchable::Image => {
            let image = OsImage {
                id: String::new(),
                provider_slug: provider,
                slug,
                distro: label,
                version: detail,
                active: true,
                sort_order: 100,
            };
            ensure_image(&mut change.tx, &image).await
        }
        Switchable::Provider => return Err(AppError::NotFound.with_status()),
    }
    .map_err(AppError::internal)?;
    finish_catalog_change(
        change,
        crate::audit::AuditAction::CatalogUpdated,
        (entry.code(), &id),
        serde_json::json!({ "added": true }),
    )
    .await?;
    leptos_axum::redirect("/admin/catalog");
    Ok(())
}

/// Creates a plan (`id` empty) or updates one. Prices in rupiah per month; discounts in
/// whole percent for 3, 6 and 12 months.
#[server(endpoint = "admin/catalog/plan")]
pub async fn save_plan(
    #[server(default)] id: String,
    provider: String,
    size_slug: String,
    name: String,
    vcpu: String,
    memory_mb: String,
    disk_gb: String,
    transfer_gb: String,
    monthly_price: String,
    discount_3m: String,
    discount_6m: String,
    discount_12m: String,
    #[server(default)] sort_order: String,
    #[server(default)] active: String,
) -> Result<(), AppError> {
    use crate::accounts::validation::{Checks, field_error};
    use crate::audit::AuditAction;
    use crate::catalog::Plan;
    use crate::catalog::store::{insert_plan, update_plan};
    use crate::ui::FormText;
    let mut change = super::change::AdminChange::begin().await?;
    let catalog = crate::catalog::store::load_catalog(&change.state.db)
        .await
        .map_err(AppError::internal)?;
    let existing = (!id.is_empty()).then(|| catalog.plan(&id).cloned());
    let provider = match &existing {
        Some(None) => return Err(AppError::NotFound.with_status()),
        Some(Some(plan)) => plan.provider_slug.clone(),
        None => provider,
    };
    let mut checks = Checks::default();
    if catalog.provider(&provider).is_none() {
        checks.fail("provider", FormText::Required);
    }
    let small =
        |checks: &mut Checks, field: &str, text: &str, max: i64| checks.number(field, text, 0, max) as i32;
    let percent = |checks: &mut Checks, field: &str, text: &str| checks.number(field, text, 0, 100) as i32;
    let plan = Plan {
        id: id.clone(),
        provider_slug: provider,
        size_slug: checks.slug("size_slug", &size_slug),
        name: checks.name("name", &name),
        vcpu: small(&mut checks, "vcpu", &vcpu, 512),
        memory_mb: small(&mut checks, "memory_mb", &memory_mb, 4_194_304),
        disk_gb: small(&mut checks, "disk_gb", &disk_gb, 1_000_000),
        transfer_gb: small(&mut checks, "transfer_gb", &transfer_gb, 1_000_000),
        monthly_price: crate::money::Rupiah(checks.number(
            "monthly_price",
            &monthly_price,
            1_000,
            1_000_000_000,
        )),
        discount_3m: percent(&mut checks, "discount_3m", &discount_3m),
        discount_6m: percent(&mut checks, "discount_6m", &discount_6m),
        discount_12m: percent(&mut checks, "discount_12m", &discount_12m),
        active: active == "true",
        sort_order: checks
            .optional_number("sort_order", &sort_order, 0, 10_000)
            .unwrap_or(0) as i32,
        region_ids: Vec::new(),
    };
    checks.finish()?;
    let clock = change.state.clock.clone();
    let saved = match &existing {
        None => insert_plan(&mut change.tx, clock.as_ref(), &plan).await,
        Some(_) => update_plan(&mut change.tx, clock.as_ref(), &plan)
            .await
            .map(|updated| updated.then(|| plan.id.clone())),
    };
    let plan_id = match saved {
        Ok(Some(plan_id)) => plan_id,
        Ok(None) if existing.is_some() => return Err(AppError::NotFound.with_status()),
        Ok(None) => return Err(field_error("size_slug", FormText::PlanExists)),
        Err(error) if crate::db::is_unique_violation(&error) => {
            return Err(field_error("size_slug", FormText::PlanExists));
        }
        Err(error) => return Err(AppError::internal(error)),
    };
    let (action, before) = match existing.flatten() {
        Some(before) => (
            AuditAction::PlanUpdated,
            serde_json::to_value(before).unwrap_or_default(),
        ),
        None => (AuditAction::PlanCreated, serde_json::Value::Null),
    };
    let mut after = serde_json::to_value(&plan).unwrap_or_default();
    after["id"] = plan_id.clone().into();
    let details = serde_json::json!({ "before": before, "after": after });
    finish_catalog_change(change, action, ("plan", &plan_id), details).await?;
    leptos_axum::redirect(&format!("/admin/catalog/plans/{plan_id}"));
    Ok(())
}

/// Makes a plan orderable in one of its provider's regions (`available` = "true") or not.
#[server(endpoint = "admin/catalog/plan-region")]
pub async fn set_plan_region(plan: String, region: String, available: String) -> Result<(), AppError> {
    let available = available == "true";
    let mut change = super::change::AdminChange::begin().await?;
    let catalog = crate::catalog::store::load_catalog(&change.state.db)
        .await
        .map_err(AppError::internal)?;
    let same_provider = match (catalog.plan(&plan), catalog.region(&region)) {
        (Some(plan), Some(region)) => plan.provider_slug == region.provider_slug,
        _ => false,
    };
    if !same_provider {
        return Err(AppError::NotFound.with_status());
    }
    crate::catalog::store::set_plan_region(&mut change.tx, &plan, &region, available)
        .await
        .map_err(AppError::internal)?;
    let details = serde_json::json!({ "region_id": region, "available": available });
    finish_catalog_change(
        change,
        crate::audit::AuditAction::CatalogUpdated,
        ("plan", &plan),
        details,
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/catalog/plans/{plan}"));
    Ok(())
}

/// Commits a catalog change with its audit entry, then drops this instance's cached
/// catalog so the storefront shows the change at once.
#[cfg(feature = "ssr")]
async fn finish_catalog_change(
    change: super::change::AdminChange,
    action: crate::audit::AuditAction,
    target: (&str, &str),
    details: serde_json::Value,
) -> Result<(), AppError> {
    let cache = crate::state::use_server::<crate::catalog::CatalogCache>()?;
    change.finish(action, target, details).await?;
    cache.invalidate();
    Ok(())
}
