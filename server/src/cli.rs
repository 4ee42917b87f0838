//! The command line: `serve` (default), `migrate`, `seed-demo`, `reseal`, `create-admin`.

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
    /// Create an administrator. The password is prompted for, or read from stdin when piped.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
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
            Command::CreateAdmin { email, name } => create_admin(&config, &email, &name).await,
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
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
