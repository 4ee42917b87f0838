//! Demo data for `seed-demo`. Idempotent: running it twice changes nothing the second time.
//! Later capabilities add their demo data here.

mod catalog;

pub use catalog::seed_catalog;

use app::accounts::password::hash_password;
use app::accounts::store::{NewUser, create_user, find_by_email, set_totp};
use app::accounts::{Email, Role};
use app::clock::Clock;
use app::db::Db;

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
pub async fn seed_demo(db: &Db, clock: &dyn Clock) -> anyhow::Result<Vec<String>> {
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
            set_totp(db, clock, &id, Some(DEMO_ADMIN_TOTP_SECRET), true).await?;
            line.push_str(&format!("  2FA (TOTP) secret: {DEMO_ADMIN_TOTP_SECRET}"));
        }
        report.push(line);
    }
    report.push(catalog::seed_catalog(db, clock).await?);
    Ok(report)
}
