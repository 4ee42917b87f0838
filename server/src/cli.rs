//! The command line: `serve` (default), `migrate`, `seed-demo`, `reseal`, `backup`, `restore`,
//! `create-admin`.

use crate::config::Config;
use crate::startup::{Application, connect_and_migrate, secret_box};
use crate::{seed, telemetry};
use anyhow::{Context, bail};
use app::accounts::password::{check_policy, hash_password};
use app::accounts::store::{NewUser, create_user};
use app::accounts::tokens::{self, TokenPurpose};
use app::accounts::{Email, Role};
use app::audit::{Actor, AuditAction, AuditEntry};
use app::clock::SystemClock;
use app::jobs::JobRegistry;
use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal};

#[derive(Debug, Parser)]
#[command(name = "webrana", version, about = "WeBrana Cloud server")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server and job workers (default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Load demo data (idempotent): demo accounts and, as capabilities land, a demo catalog.
    SeedDemo,
    /// Move every sealed value (TOTP secrets, root passwords) to the current secret key, after
    /// a key rotation (`WEBRANA_SECRET_KEY_PREVIOUS` holds the old key; docs/SECURITY.md).
    Reseal,
    /// Copy the whole database into a folder as one file, keeping the newest `--keep`
    /// backups (docs/RUNBOOK.md, "Backups and restore").
    Backup {
        /// A folder, or an S3-compatible bucket as `s3://BUCKET/PREFIX` (credentials and
        /// endpoint from the `AWS_*` variables).
        #[arg(long, env = "WEBRANA_BACKUP_TO")]
        to: String,
        #[arg(long, env = "WEBRANA_BACKUP_KEEP", default_value_t = crate::backup::DEFAULT_KEEP)]
        keep: usize,
    },
    /// Put a backup (a file, or the newest in a folder or bucket) into the empty database
    /// DATABASE_URL names, then apply newer migrations.
    Restore {
        #[arg(long)]
        from: String,
    },
    /// Create an administrator. The password is prompted for, or read from stdin when piped.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Benchmarks only, never on a production database: write a generated business history
    /// (customers, orders, payments, servers) over the catalog, then roll up its closed days.
    GenerateBusiness {
        #[arg(long, default_value_t = 100_000)]
        customers: usize,
        #[arg(long, default_value_t = 1_000_000)]
        orders: usize,
        /// How many days before now the history covers.
        #[arg(long, default_value_t = 730)]
        days: i64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<()> {
        let config = Config::from_env()?;
        telemetry::init(config.log_format);
        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Migrate => {
                connect_and_migrate(&config).await?;
                println!("migrations applied to {}", config.database_url);
                Ok(())
            }
            Command::SeedDemo => {
                let db = connect_and_migrate(&config).await?;
                let secrets = secret_box(&config).await?;
                for line in seed::seed_demo(&db, &SystemClock, &secrets).await? {
                    println!("{line}");
                }
                Ok(())
            }
            Command::Reseal => reseal(&config).await,
            Command::Backup { to, keep } => {
                let place = crate::backup::Place::parse(&to)?;
                let made =
                    crate::backup::backup(&config.database_url, &place, keep, chrono::Utc::now()).await?;
                println!("backup written: {} ({} bytes)", made.location, made.bytes);
                for old in made.removed {
                    println!("removed the older backup {}", place.describe(&old));
                }
                Ok(())
            }
            Command::Restore { from } => {
                let (place, name) = crate::backup::resolve(&from, &config.database_url).await?;
                crate::backup::restore(&config.database_url, &place, &name).await?;
                let db = connect_and_migrate(&config).await?;
                let summary = crate::backup::summary(&db).await?;
                println!(
                    "restored {} into {}: {summary}",
                    place.describe(&name),
                    config.database_url
                );
                Ok(())
            }
            Command::CreateAdmin { email, name } => create_admin(&config, &email, &name).await,
            Command::GenerateBusiness {
                customers,
                orders,
                days,
                seed,
            } => {
                let db = connect_and_migrate(&config).await?;
                let spec = seed::business::BusinessSpec {
                    customers,
                    orders,
                    days,
                    end: chrono::Utc::now(),
                    seed,
                };
                let started = std::time::Instant::now();
                let business = seed::business::generate(&db, &spec).await?;
                let written = started.elapsed();
                let days = app::analytics::rollup::roll_up(&db, &SystemClock).await?;
                println!(
                    "generated {} customers and {} orders in {:.1} s; rolled up {days} days in {:.1} s",
                    business.customers.len(),
                    business.orders.len(),
                    written.as_secs_f64(),
                    (started.elapsed() - written).as_secs_f64()
                );
                Ok(())
            }
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    // Kept to the end: dropping it sends the events still queued.
    let _error_tracking = config
        .error_tracking
        .as_ref()
        .map(crate::ops::error_tracking::init);
    let app = Application::build(config, JobRegistry::default()).await?;
    tracing::info!(address = %app.local_addr(), "listening");
    let shutdown = app.shutdown_token();
    tokio::spawn(async move {
        wait_for_stop_signal().await;
        tracing::info!("stop signal received: finishing in-flight work");
        shutdown.cancel();
    });
    app.run_until_stopped().await
}

async fn wait_for_stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

async fn reseal(config: &Config) -> anyhow::Result<()> {
    let db = connect_and_migrate(config).await?;
    let secrets = secret_box(config).await?;
    app::accounts::store::seal_plain_totp_secrets(&db, &secrets).await?;
    let columns = [
        (
            "TOTP secrets",
            app::accounts::store::reseal_totp_secrets(&db, &secrets).await?,
        ),
        (
            "provisioning root passwords",
            app::provisioning::store::reseal_task_passwords(&db, &secrets).await?,
        ),
        (
            "service root passwords",
            app::services::store::reseal_root_passwords(&db, &secrets).await?,
        ),
    ];
    let mut unreadable = 0;
    for (what, done) in columns {
        println!(
            "{what}: {} moved to the current key, {} unreadable",
            done.moved, done.unreadable
        );
        unreadable += done.unreadable;
    }
    if unreadable > 0 {
        bail!(
            "{unreadable} sealed values open with no configured key: keep WEBRANA_SECRET_KEY_PREVIOUS until they are dealt with"
        );
    }
    Ok(())
}

async fn create_admin(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).context("--email is not a valid e-mail address")?;
    let password = read_new_password()?;
    if let Err(reason) = check_policy(&password, &[email.as_str(), name]) {
        bail!("password refused: {reason}");
    }
    let db = connect_and_migrate(config).await?;
    let password_hash = hash_password(password).await?;
    let user = create_user(
        &db,
        &SystemClock,
        NewUser {
            email,
            name: name.to_string(),
            password_hash,
            role: Role::Admin,
            email_verified: true,
            language: app::i18n::Lang::Id,
        },
    )
    .await?;
    let entry = AuditEntry::new(Actor::System { label: "cli".into() }, AuditAction::AdminCreated)
        .target("user", user.id.clone())
        .details(serde_json::json!({ "email": user.email }));
    app::audit::record(&db, &SystemClock, entry).await?;
    // Staff turn on 2FA through a one-time link (a stolen password alone cannot enrol).
    let mut tx = db.begin().await?;
    let token = tokens::issue(
        &mut tx,
        &SystemClock,
        &user.id,
        TokenPurpose::EnrolTwoFactor,
        &user.email,
    )
    .await?;
    tx.commit().await?;
    println!("administrator {} created", user.email);
    println!(
        "sign in, then open this link to turn on two-step sign-in (once, within 72 hours):\n{}",
        app::accounts::emails::link(&config.public_url, TokenPurpose::EnrolTwoFactor, &token)
    );
    Ok(())
}

/// Prompts twice on a terminal; reads one line from a pipe (for scripts).
fn read_new_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat password: ")?;
        if first != second {
            bail!("the passwords do not match");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
