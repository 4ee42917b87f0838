//! Demo data for `seed-demo`. Idempotent: running it twice changes nothing the second time.
//! Later capabilities add their demo data here (catalog, orders …).

use app::accounts::password::hash_password;
use app::accounts::store::{NewUser, create_user, find_by_email};
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

/// Loads the demo data and returns lines describing what is there.
pub async fn seed_demo(db: &Db, clock: &dyn Clock) -> anyhow::Result<Vec<String>> {
    let mut report = Vec::new();
    for (email, name, role, password) in DEMO_ACCOUNTS {
        let email = Email::parse(email)?;
        if find_by_email(db, &email).await?.is_none() {
            let password_hash = hash_password(password.to_string()).await?;
            create_user(
                db,
                clock,
                NewUser {
                    email: email.clone(),
                    name: name.to_string(),
                    password_hash,
                    role,
                    email_verified: true,
                    language: app::i18n::Lang::Id,
                },
            )
            .await?;
        }
        report.push(format!("demo {:<8} {email}  password: {password}", role.code()));
    }
    Ok(report)
}
