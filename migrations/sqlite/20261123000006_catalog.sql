-- Catalog (app/src/catalog): what can be ordered. Prices are whole rupiah (BIGINT);
-- per-cycle discounts are whole percents of the monthly price times the months.
CREATE TABLE providers (
    slug TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE regions (
    id TEXT PRIMARY KEY NOT NULL,
    provider_slug TEXT NOT NULL REFERENCES providers (slug),
    slug TEXT NOT NULL,
    city TEXT NOT NULL,
    -- ISO 3166-1 alpha-2
    country TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    UNIQUE (provider_slug, slug)
);

CREATE TABLE os_images (
    id TEXT PRIMARY KEY NOT NULL,
    provider_slug TEXT NOT NULL REFERENCES providers (slug),
    slug TEXT NOT NULL,
    distro TEXT NOT NULL,
    version TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL,
    UNIQUE (provider_slug, slug)
);

CREATE TABLE plans (
    id TEXT PRIMARY KEY NOT NULL,
    provider_slug TEXT NOT NULL REFERENCES providers (slug),
    size_slug TEXT NOT NULL,
    name TEXT NOT NULL,
    vcpu INTEGER NOT NULL CHECK (vcpu > 0),
    memory_mb INTEGER NOT NULL CHECK (memory_mb > 0),
    disk_gb INTEGER NOT NULL CHECK (disk_gb > 0),
    transfer_gb INTEGER NOT NULL CHECK (transfer_gb >= 0),
    monthly_price BIGINT NOT NULL CHECK (monthly_price > 0),
    discount_3m INTEGER NOT NULL CHECK (discount_3m BETWEEN 0 AND 90),
    discount_6m INTEGER NOT NULL CHECK (discount_6m BETWEEN 0 AND 90),
    discount_12m INTEGER NOT NULL CHECK (discount_12m BETWEEN 0 AND 90),
    active BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (provider_slug, size_slug)
);

-- A plan can be ordered only in the regions listed here.
CREATE TABLE plan_regions (
    plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    region_id TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, region_id)
);
CREATE INDEX plan_regions_region ON plan_regions (region_id);
