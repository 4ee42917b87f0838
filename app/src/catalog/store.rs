//! Catalog queries. Reads return the whole catalog (it is small); writes are used by
//! `seed-demo` and the admin catalog pages.

use super::{Catalog, OsImage, Plan, Provider, Region};
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::money::Rupiah;
use crate::{on_db, on_tx};

#[derive(sqlx::FromRow)]
struct ProviderRow {
    slug: String,
    name: String,
    active: bool,
    sort_order: i32,
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: String,
    provider_slug: String,
    size_slug: String,
    name: String,
    vcpu: i32,
    memory_mb: i32,
    disk_gb: i32,
    transfer_gb: i32,
    monthly_price: Rupiah,
    discount_3m: i32,
    discount_6m: i32,
    discount_12m: i32,
    active: bool,
    sort_order: i32,
}

/// The whole catalog, inactive entries included (see [`Catalog::orderable`]).
pub async fn load_catalog(db: &Db) -> Result<Catalog, sqlx::Error> {
    let providers: Vec<ProviderRow> = on_db!(db, pool => sqlx::query_as(
        "SELECT slug, name, active, sort_order FROM providers ORDER BY sort_order, name",
    ).fetch_all(pool).await)?;
    let regions: Vec<Region> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, provider_slug, slug, city, country, active FROM regions ORDER BY provider_slug, city, slug",
    ).fetch_all(pool).await)?;
    let images: Vec<OsImage> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, provider_slug, slug, distro, version, active, sort_order FROM os_images \
         ORDER BY provider_slug, sort_order, distro, version",
    ).fetch_all(pool).await)?;
    let plans: Vec<PlanRow> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, provider_slug, size_slug, name, vcpu, memory_mb, disk_gb, transfer_gb, monthly_price, \
         discount_3m, discount_6m, discount_12m, active, sort_order FROM plans \
         ORDER BY provider_slug, sort_order, monthly_price",
    ).fetch_all(pool).await)?;
    let availability: Vec<(String, String)> = on_db!(db, pool => sqlx::query_as(
        "SELECT plan_id, region_id FROM plan_regions ORDER BY plan_id, region_id",
    ).fetch_all(pool).await)?;
    let plans = plans
        .into_iter()
        .map(|row| {
            let region_ids = availability
                .iter()
                .filter(|(plan_id, _)| *plan_id == row.id)
                .map(|(_, region_id)| region_id.clone())
                .collect();
            Plan {
                id: row.id,
                provider_slug: row.provider_slug,
                size_slug: row.size_slug,
                name: row.name,
                vcpu: row.vcpu,
                memory_mb: row.memory_mb,
                disk_gb: row.disk_gb,
                transfer_gb: row.transfer_gb,
                monthly_price: row.monthly_price,
                discount_3m: row.discount_3m,
                discount_6m: row.discount_6m,
                discount_12m: row.discount_12m,
                active: row.active,
                sort_order: row.sort_order,
                region_ids,
            }
        })
        .collect();
    Ok(Catalog {
        providers: providers
            .into_iter()
            .map(|row| Provider {
                slug: row.slug,
                name: row.name,
                active: row.active,
                sort_order: row.sort_order,
            })
            .collect(),
        regions,
        images,
        plans,
    })
}

/// What a customer may order right now.
pub async fn load_orderable(db: &Db) -> Result<Catalog, sqlx::Error> {
    Ok(load_catalog(db).await?.orderable())
}

/// Adds a provider, or updates its name and order; `active` is left as an admin set it.
pub async fn upsert_provider(tx: &mut Tx, provider: &Provider) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO providers (slug, name, active, sort_order) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, sort_order = excluded.sort_order",
    )
    .bind(&provider.slug)
    .bind(&provider.name)
    .bind(provider.active)
    .bind(provider.sort_order)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// Adds a region unless the provider already has one with this slug; returns its id.
pub async fn ensure_region(tx: &mut Tx, region: &Region) -> Result<String, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO regions (id, provider_slug, slug, city, country, active) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (provider_slug, slug) DO NOTHING",
        )
        .bind(new_id())
        .bind(&region.provider_slug)
        .bind(&region.slug)
        .bind(&region.city)
        .bind(&region.country)
        .bind(region.active)
        .execute(&mut *conn)
        .await?;
        sqlx::query_scalar("SELECT id FROM regions WHERE provider_slug = $1 AND slug = $2")
            .bind(&region.provider_slug)
            .bind(&region.slug)
            .fetch_one(&mut *conn)
            .await
    })
}

/// Adds an OS image unless the provider already has one with this slug; returns its id.
pub async fn ensure_image(tx: &mut Tx, image: &OsImage) -> Result<String, sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO os_images (id, provider_slug, slug, distro, version, active, sort_order) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (provider_slug, slug) DO NOTHING",
        )
        .bind(new_id())
        .bind(&image.provider_slug)
        .bind(&image.slug)
        .bind(&image.distro)
        .bind(&image.version)
        .bind(image.active)
        .bind(image.sort_order)
        .execute(&mut *conn)
        .await?;
        sqlx::query_scalar("SELECT id FROM os_images WHERE provider_slug = $1 AND slug = $2")
            .bind(&image.provider_slug)
            .bind(&image.slug)
            .fetch_one(&mut *conn)
            .await
    })
}

/// Binds `$1` id, `$2` provider, `$3`… the plan's fields in column order, `$15` the time:
/// one list for inserting and updating a plan.
macro_rules! bind_plan {
    ($query:expr, $id:expr, $plan:expr, $now:expr) => {
        $query
            .bind($id)
            .bind(&$plan.provider_slug)
            .bind(&$plan.size_slug)
            .bind(&$plan.name)
            .bind($plan.vcpu)
            .bind($plan.memory_mb)
            .bind($plan.disk_gb)
            .bind($plan.transfer_gb)
            .bind($plan.monthly_price)
            .bind($plan.discount_3m)
            .bind($plan.discount_6m)
            .bind($plan.discount_12m)
            .bind($plan.active)
            .bind($plan.sort_order)
            .bind($now)
    };
}

/// Adds a plan unless the provider already has one with this size slug (with its regions);
/// returns its id.
pub async fn ensure_plan(tx: &mut Tx, clock: &dyn Clock, plan: &Plan) -> Result<String, sqlx::Error> {
    if let Some(id) = insert_plan(tx, clock, plan).await? {
        set_plan_regions(tx, &id, &plan.region_ids).await?;
        return Ok(id);
    }
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT id FROM plans WHERE provider_slug = $1 AND size_slug = $2",
    )
    .bind(&plan.provider_slug)
    .bind(&plan.size_slug)
    .fetch_one(&mut *conn)
    .await)
}

/// Inserts a plan (without regions); `None` when the provider has this size slug already.
pub async fn insert_plan(tx: &mut Tx, clock: &dyn Clock, plan: &Plan) -> Result<Option<String>, sqlx::Error> {
    let id = new_id();
    let inserted = on_tx!(tx, conn => bind_plan!(sqlx::query(
        "INSERT INTO plans (id, provider_slug, size_slug, name, vcpu, memory_mb, disk_gb, transfer_gb, \
         monthly_price, discount_3m, discount_6m, discount_12m, active, sort_order, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
         ON CONFLICT (provider_slug, size_slug) DO NOTHING",
    ), &id, plan, clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))?;
    Ok(inserted.then_some(id))
}

/// Updates a plan's specifications, prices and visibility (not its provider or regions);
/// `false` when there is no such plan. Orders keep the price they were placed with.
pub async fn update_plan(tx: &mut Tx, clock: &dyn Clock, plan: &Plan) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => bind_plan!(sqlx::query(
        "UPDATE plans SET size_slug = $3, name = $4, vcpu = $5, memory_mb = $6, disk_gb = $7, transfer_gb = $8, \
         monthly_price = $9, discount_3m = $10, discount_6m = $11, discount_12m = $12, active = $13, \
         sort_order = $14, updated_at = $15 WHERE id = $1 AND provider_slug = $2",
    ), &plan.id, plan, clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Makes a plan orderable in a region, or not.
pub async fn set_plan_region(
    tx: &mut Tx,
    plan_id: &str,
    region_id: &str,
    available: bool,
) -> Result<(), sqlx::Error> {
    let sql = if available {
        "INSERT INTO plan_regions (plan_id, region_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM plan_regions WHERE plan_id = $1 AND region_id = $2"
    };
    on_tx!(tx, conn => sqlx::query(sql).bind(plan_id).bind(region_id).execute(&mut *conn).await.map(|_| ()))
}

/// The catalog entries that can be switched on and off on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switchable {
    Provider,
    Region,
    Image,
}

impl Switchable {
    pub fn from_code(code: &str) -> Option<Switchable> {
        match code {
            "provider" => Some(Switchable::Provider),
            "region" => Some(Switchable::Region),
            "image" => Some(Switchable::Image),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Switchable::Provider => "provider",
            Switchable::Region => "region",
            Switchable::Image => "image",
        }
    }
}

/// Switches a provider (by slug), region or image (by id) on or off; `false` if unknown.
pub async fn set_active(
    tx: &mut Tx,
    entry: Switchable,
    key: &str,
    active: bool,
) -> Result<bool, sqlx::Error> {
    let sql = match entry {
        Switchable::Provider => "UPDATE providers SET active = $2 WHERE slug = $1",
        Switchable::Region => "UPDATE regions SET active = $2 WHERE id = $1",
        Switchable::Image => "UPDATE os_images SET active = $2 WHERE id = $1",
    };
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(key)
        .bind(active)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Replaces the regions a plan is available in.
pub async fn set_plan_regions(tx: &mut Tx, plan_id: &str, region_ids: &[String]) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => {
        sqlx::query("DELETE FROM plan_regions WHERE plan_id = $1")
            .bind(plan_id)
            .execute(&mut *conn)
            .await?;
        for region_id in region_ids {
            sqlx::query("INSERT INTO plan_regions (plan_id, region_id) VALUES ($1, $2)")
                .bind(plan_id)
                .bind(region_id)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    })
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The provider's own ids (size, region, image) of a plan, region and image of ours.
pub struct ProviderIds {
    pub size: String,
    pub region: String,
    pub image: String,
}

/// Looks the ids up whether or not the entries are still orderable: a paid order is
/// provisioned even if the plan was switched off after it was placed.
pub async fn provider_ids(
    db: &Db,
    plan: &str,
    region: &str,
    image: &str,
) -> Result<Option<ProviderIds>, sqlx::Error> {
    let row: Option<(String, String, String)> = on_db!(db, pool => sqlx::query_as(
        "SELECT p.size_slug, r.slug, i.slug FROM plans p, regions r, os_images i WHERE p.id = $1 AND r.id = $2 AND i.id = $3",
    )
    .bind(plan)
    .bind(region)
    .bind(image)
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(|(size, region, image)| ProviderIds { size, region, image }))
}

/// The provider's id of a catalog image (active or not: a rebuild picks from active ones).
pub async fn image_slug(db: &Db, image_id: &str) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar("SELECT slug FROM os_images WHERE id = $1")
        .bind(image_id)
        .fetch_optional(pool)
        .await)
}

/// A plan's size id at its provider (what a resize asks for).
pub async fn plan_size_slug(db: &Db, plan_id: &str) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar("SELECT size_slug FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_optional(pool)
        .await)
}

/// A provider's display name.
pub async fn provider_name(db: &Db, slug: &str) -> Result<Option<String>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar("SELECT name FROM providers WHERE slug = $1")
        .bind(slug)
        .fetch_optional(pool)
        .await)
}
