//! Demo data for `seed-demo`. Idempotent: running it twice changes nothing the second time.
//! Later capabilities add their demo data here.

pub mod business;
mod catalog;

pub use catalog::seed_catalog;

use app::accounts::password::hash_password;
use app::accounts::store::{NewUser, create_user, find_by_email, set_totp};
use app::accounts::{Email, Role};
use app::clock::Clock;
use app::db::Db;
use app::security::SecretBox;

/// Demo accounts: (e-mail, name, role, password). The passwords are public by design; never
/// seed a production database.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 2] = [
    (
        "admin@webrana.test",
        "Admin Demo",
        Role::Admin,
        "rahasia-admin-demo-2026",
    ),
    (
        "budi@webrana.test",
        "Budi Santoso",
        Role::Customer,
        "rahasia-pelanggan-demo-2026",
    ),
];

/// TOTP secret of the demo admin (2FA is required for the admin panel). Public by design,
/// like the passwords: add it to an authenticator app to sign in as the demo admin locally.
pub const DEMO_ADMIN_TOTP_SECRET: &str = "WEBRANADEMOADMINTOTPSECRETKEY234";

/// Loads the demo data and returns lines describing what is there.
pub async fn seed_demo(db: &Db, clock: &dyn Clock, secrets: &SecretBox) -> anyhow::Result<Vec<String>> {
    let mut report = Vec::new();
    for (email, name, role, password) in DEMO_ACCOUNTS {
        let email = Email::parse(email)?;
        let existing = find_by_email(db, &email).await?;
        let id = match existing {
            Some(row) => row.id,
            None => {
                let password_hash = hash_password(password.to_string()).await?;
                let new = NewUser {
                    email: email.clone(),
                    name: name.to_string(),
                    password_hash,
                    role,
                    email_verified: true,
                    language: app::i18n::Lang::Id,
                };
                create_user(db, clock, new).await?.id
            }
        };
        let mut line = format!("demo {:<8} {email}  password: {password}", role.code());
        if role == Role::Admin {
            set_totp(db, clock, secrets, &id, Some(DEMO_ADMIN_TOTP_SECRET), true).await?;
            line.push_str(&format!("  2FA (TOTP) secret: {DEMO_ADMIN_TOTP_SECRET}"));
        }
        report.push(line);
    }
    report.push(catalog::seed_catalog(db, clock).await?);
    report.push(seed_promo(db, clock).await?);
    Ok(report)
}

/// The demo promo code: 10 % off any plan, 1000 uses, once per customer.
pub const DEMO_PROMO_CODE: &str = "HEMAT10";

async fn seed_promo(db: &Db, clock: &dyn Clock) -> anyhow::Result<String> {
    use app::promos::store::{NewPromo, create};
    let promo = NewPromo {
        code: DEMO_PROMO_CODE.into(),
        description: "Diskon 10 % untuk semua paket".into(),
        kind: app::promos::PromoKind::Percent,
        amount: 10,
        valid_from: clock.now() - chrono::Duration::days(1),
        valid_until: None,
        max_uses: Some(1000),
        max_uses_per_customer: Some(1),
        min_order: app::money::Rupiah::ZERO,
        provider_slugs: Vec::new(),
        plan_ids: Vec::new(),
        cycles: Vec::new(),
        first_order_only: false,
    };
    let mut tx = db.begin().await?;
    // An existing code is left as an admin may have changed it.
    create(&mut tx, clock, &promo).await?;
    tx.commit().await?;
    Ok(format!(
        "demo promo code {DEMO_PROMO_CODE}: 10 % off, once per customer"
    ))
}
