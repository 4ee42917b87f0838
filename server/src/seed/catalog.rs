//! The demo catalog: real size, region and image ids of each provider (so the adapters can
//! order them), with rupiah prices close to what a reseller charges.

use app::catalog::store::{ensure_image, ensure_plan, ensure_region, upsert_provider};
use app::catalog::{OsImage, Plan, Provider, Region};
use app::clock::Clock;
use app::db::Db;

struct ProviderSeed {
    slug: &'static str,
    name: &'static str,
    /// (slug, city, country)
    regions: &'static [(&'static str, &'static str, &'static str)],
    /// (slug, distro, version)
    images: &'static [(&'static str, &'static str, &'static str)],
    plans: &'static [PlanSeed],
}

/// (size slug, vCPU, memory GB, disk GB, transfer TB, rupiah per month, regions it is NOT
/// offered in)
type PlanSeed = (&'static str, i32, i32, i32, i32, i64, &'static [&'static str]);

const PROVIDERS: [ProviderSeed; 4] = [
    ProviderSeed {
        slug: "digitalocean",
        name: "DigitalOcean",
        regions: &[
            ("sgp1", "Singapore", "SG"),
            ("blr1", "Bangalore", "IN"),
            ("syd1", "Sydney", "AU"),
            ("fra1", "Frankfurt", "DE"),
            ("ams3", "Amsterdam", "NL"),
            ("lon1", "London", "GB"),
            ("nyc3", "New York", "US"),
            ("sfo3", "San Francisco", "US"),
        ],
        images: &[
            ("ubuntu-24-04-x64", "Ubuntu", "24.04 LTS"),
            ("ubuntu-22-04-x64", "Ubuntu", "22.04 LTS"),
            ("debian-12-x64", "Debian", "12"),
            ("rockylinux-9-x64", "Rocky Linux", "9"),
            ("almalinux-9-x64", "AlmaLinux", "9"),
        ],
        plans: &[
            ("s-1vcpu-1gb", 1, 1, 25, 1, 99_000, &[]),
            ("s-1vcpu-2gb", 1, 2, 50, 2, 195_000, &[]),
            ("s-2vcpu-2gb", 2, 2, 60, 3, 290_000, &[]),
            ("s-2vcpu-4gb", 2, 4, 80, 4, 389_000, &[]),
            ("s-4vcpu-8gb", 4, 8, 160, 5, 779_000, &[]),
            ("s-8vcpu-16gb", 8, 16, 320, 6, 1_559_000, &["blr1", "syd1"]),
        ],
    },
    ProviderSeed {
        slug: "vultr",
        name: "Vultr",
        regions: &[
            ("sgp", "Singapore", "SG"),
            ("nrt", "Tokyo", "JP"),
            ("icn", "Seoul", "KR"),
            ("bom", "Mumbai", "IN"),
            ("syd", "Sydney", "AU"),
            ("fra", "Frankfurt", "DE"),
            ("lax", "Los Angeles", "US"),
        ],
        images: &[
            ("2284", "Ubuntu", "24.04 LTS"),
            ("1743", "Ubuntu", "22.04 LTS"),
            ("2136", "Debian", "12"),
            ("1869", "Rocky Linux", "9"),
            ("1868", "AlmaLinux", "9"),
        ],
        plans: &[
            ("vhf-1c-1gb", 1, 1, 32, 1, 97_000, &[]),
            ("vhf-1c-2gb", 1, 2, 64, 2, 193_000, &[]),
            ("vhf-2c-4gb", 2, 4, 128, 3, 385_000, &[]),
            ("vhf-3c-8gb", 3, 8, 256, 4, 769_000, &[]),
            ("vhf-4c-16gb", 4, 16, 384, 5, 1_539_000, &["bom"]),
        ],
    },
    ProviderSeed {
        slug: "linode",
        name: "Linode",
        regions: &[
            ("id-cgk", "Jakarta", "ID"),
            ("ap-south", "Singapore", "SG"),
            ("jp-osa", "Osaka", "JP"),
            ("ap-northeast", "Tokyo", "JP"),
            ("ap-southeast", "Sydney", "AU"),
            ("in-maa", "Chennai", "IN"),
            ("eu-central", "Frankfurt", "DE"),
            ("us-east", "Newark", "US"),
        ],
        images: &[
            ("linode/ubuntu24.04", "Ubuntu", "24.04 LTS"),
            ("linode/ubuntu22.04", "Ubuntu", "22.04 LTS"),
            ("linode/debian12", "Debian", "12"),
            ("linode/rocky9", "Rocky Linux", "9"),
            ("linode/almalinux9", "AlmaLinux", "9"),
        ],
        plans: &[
            ("g6-nanode-1", 1, 1, 25, 1, 89_000, &[]),
            ("g6-standard-1", 1, 2, 50, 2, 189_000, &[]),
            ("g6-standard-2", 2, 4, 80, 4, 379_000, &[]),
            ("g6-standard-4", 4, 8, 160, 5, 759_000, &[]),
            ("g6-standard-6", 6, 16, 320, 8, 1_519_000, &["id-cgk", "in-maa"]),
        ],
    },
    ProviderSeed {
        slug: "simulated",
        name: "WeBrana Lab",
        regions: &[("jkt-lab", "Jakarta", "ID"), ("sgp-lab", "Singapore", "SG")],
        images: &[
            ("ubuntu-24.04", "Ubuntu", "24.04 LTS"),
            ("debian-12", "Debian", "12"),
            ("rocky-9", "Rocky Linux", "9"),
        ],
        plans: &[
            ("lab-1c-1gb", 1, 1, 20, 1, 49_000, &[]),
            ("lab-2c-4gb", 2, 4, 60, 2, 149_000, &["sgp-lab"]),
        ],
    },
];

/// Loads the demo catalog; entries that exist already are left as they are.
pub async fn seed_catalog(db: &Db, clock: &dyn Clock) -> anyhow::Result<String> {
    let mut tx = db.begin().await?;
    let mut plan_count = 0;
    for (order, seed) in PROVIDERS.iter().enumerate() {
        let provider = Provider {
            slug: seed.slug.into(),
            name: seed.name.into(),
            active: true,
            sort_order: order as i32,
        };
        upsert_provider(&mut tx, &provider).await?;
        let mut region_ids = Vec::new();
        for (slug, city, country) in seed.regions {
            let region = Region {
                id: String::new(),
                provider_slug: seed.slug.into(),
                slug: (*slug).into(),
                city: (*city).into(),
                country: (*country).into(),
                active: true,
            };
            region_ids.push((*slug, ensure_region(&mut tx, &region).await?));
        }
        for (position, (slug, distro, version)) in seed.images.iter().enumerate() {
            let image = OsImage {
                id: String::new(),
                provider_slug: seed.slug.into(),
                slug: (*slug).into(),
                distro: (*distro).into(),
                version: (*version).into(),
                active: true,
                sort_order: position as i32,
            };
            ensure_image(&mut tx, &image).await?;
        }
        for (position, (size, vcpu, gb, disk, transfer_tb, price, excluded)) in seed.plans.iter().enumerate()
        {
            let plan = Plan {
                id: String::new(),
                provider_slug: seed.slug.into(),
                size_slug: (*size).into(),
                name: format!("{} {vcpu} vCPU / {gb} GB", seed.name),
                vcpu: *vcpu,
                memory_mb: gb * 1024,
                disk_gb: *disk,
                transfer_gb: transfer_tb * 1000,
                monthly_price: app::money::Rupiah(*price),
                discount_3m: 5,
                discount_6m: 10,
                discount_12m: 15,
                active: true,
                sort_order: position as i32,
                region_ids: region_ids
                    .iter()
                    .filter(|(slug, _)| !excluded.contains(slug))
                    .map(|(_, id)| id.clone())
                    .collect(),
            };
            ensure_plan(&mut tx, clock, &plan).await?;
            plan_count += 1;
        }
    }
    tx.commit().await?;
    Ok(format!(
        "demo catalog: {} providers, {plan_count} plans",
        PROVIDERS.len()
    ))
}
