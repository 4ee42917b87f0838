//! Configuration from the environment (and an optional `.env` file). Every variable is
//! documented in docs/CONFIGURATION.md. Secrets never appear in `Debug` output.

use app::db::{DEFAULT_DATABASE_URL, DatabaseUrl, DatabaseUrlError};
use app::provisioning::adapters::{ApiSettings, digitalocean, linode, vultr};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::time::Duration;

/// Leptos site settings compiled into the binary, used when no Leptos.toml is beside it.
const EMBEDDED_LEPTOS_TOML: &str = include_str!("../../Leptos.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub db_max_connections: u32,
    /// Leptos site settings: listen address, site root, bundle name.
    pub leptos: LeptosOptions,
    pub public_url: String,
    pub secure_cookies: bool,
    pub log_format: LogFormat,
    /// Job worker tasks in this instance; 0 runs none (e.g. a web-only instance).
    pub job_workers: usize,
    pub job_poll_interval: Duration,
    pub job_lease: Duration,
    /// How long shutdown waits for in-flight work before giving up.
    pub shutdown_timeout: Duration,
    /// Where e-mail goes: an SMTP server, or (default) `.eml` files in a folder.
    pub mail: MailSettings,
    /// The bearer token `/metrics` asks for; without one, only direct local requests get it.
    pub metrics_token: Option<Redacted>,
    /// Our reverse proxies: only they may tell the client's address (`X-Forwarded-For`).
    pub trusted_proxies: app::security::client_ip::TrustedProxies,
    /// Deposit limits of the prepaid wallet.
    pub wallet: app::wallet::WalletSettings,
    /// Requests per minute per tier (`WEBRANA_RATE_*_PER_MIN`).
    pub rate_limits: app::security::RateTiers,
    /// Origins whose pages may call the REST API (`WEBRANA_API_CORS_ORIGINS`; none by default).
    pub api_cors_origins: Vec<String>,
    pub payments: PaymentSettings,
    /// How long an instance serves the storefront catalog from memory (its own admin
    /// changes show at once; other instances' within this time). Zero turns the cache off.
    pub catalog_cache_ttl: Duration,
    /// How long an instance answers anonymous visitors' public pages from memory
    /// (`server::page_cache`). Zero turns it off.
    pub page_cache_ttl: Duration,
    /// How long the simulated cloud takes to build an instance, and to finish an action.
    pub simulated_cloud_create: Duration,
    pub simulated_cloud_action: Duration,
    /// The real clouds this instance may order from; a provider without a token is left
    /// out (its paid orders fail provisioning with "not configured", for admins to see).
    pub clouds: CloudSettings,
    /// The key that seals stored secrets (VPS root passwords, TOTP secrets).
    pub secret_key: SecretKeySource,
    /// The key being retired during a rotation (`WEBRANA_SECRET_KEY_PREVIOUS`): values sealed
    /// with it still open until `webrana reseal` has moved them (docs/SECURITY.md).
    pub previous_secret_key: Option<Redacted>,
    /// Where panics and server errors are reported (`WEBRANA_SENTRY_DSN`); none by default.
    pub error_tracking: Option<crate::ops::error_tracking::ErrorTracking>,
    /// Renewal invoice lead time and the grace periods before suspension and termination.
    pub lifecycle: app::lifecycle::schedule::LifecycleSettings,
    /// The Telegram bot (`WEBRANA_TELEGRAM_BOT_TOKEN`, `_BOT_USERNAME`, `_WEBHOOK_SECRET`,
    /// `_API_URL`); without a token the Telegram channel is off.
    pub telegram: Option<TelegramSettings>,
    /// Notifications older than this many days are deleted (`WEBRANA_NOTIFICATION_RETENTION_DAYS`).
    pub notification_retention: chrono::Duration,
}

#[derive(Clone)]
pub struct TelegramSettings {
    pub api_url: String,
    pub token: Redacted,
    pub username: String,
    pub webhook_secret: Redacted,
}

impl std::fmt::Debug for TelegramSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramSettings")
            .field("api_url", &self.api_url)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Where the sealing key comes from: `WEBRANA_SECRET_KEY`, else a key file created on
/// first start (fine for one instance; several instances must share a configured key).
#[derive(Debug, Clone)]
pub enum SecretKeySource {
    Value(Redacted),
    File(std::path::PathBuf),
}

#[derive(Debug, Clone, Default)]
pub struct CloudSettings {
    pub digitalocean: Option<ApiSettings>,
    pub vultr: Option<ApiSettings>,
    pub linode: Option<ApiSettings>,
}

/// Ordering and payment settings.
#[derive(Clone)]
pub struct PaymentSettings {
    /// How long an order may stay unpaid before it expires.
    pub payment_window: chrono::Duration,
    /// The simulated gateway is on (`WEBRANA_SIMULATED_GATEWAY`): for the demo and tests
    /// only, since with it any customer can "pay" for a server.
    pub simulated_gateway: bool,
    /// The simulated gateway's webhook signing secret. Random per process unless set: the
    /// gateway's webhooks are delivered by this instance's own jobs to itself.
    pub simulated_secret: String,
    /// Where the simulated gateway posts webhooks; default: this instance's own listener.
    pub simulated_webhook_url: Option<String>,
    /// Midtrans Snap, when a server key is set.
    pub midtrans: Option<MidtransSettings>,
    /// Xendit Invoices, when a secret key is set.
    pub xendit: Option<XenditSettings>,
    /// The gateway that opens new payments when several are on (`WEBRANA_PAYMENT_GATEWAY`);
    /// default: Midtrans, then Xendit, then the simulated one.
    pub preferred_gateway: Option<String>,
}

/// `WEBRANA_MIDTRANS_SERVER_KEY`; `WEBRANA_MIDTRANS_ENVIRONMENT` = `sandbox` (default) or
/// `production` picks the hosts, `WEBRANA_MIDTRANS_SNAP_URL`/`_API_URL` override them.
#[derive(Debug, Clone)]
pub struct MidtransSettings {
    pub server_key: Redacted,
    pub snap_url: String,
    pub api_url: String,
}

/// `WEBRANA_XENDIT_SECRET_KEY` and `WEBRANA_XENDIT_CALLBACK_TOKEN` (the dashboard's callback
/// verification token); `WEBRANA_XENDIT_API_URL` overrides the host.
#[derive(Debug, Clone)]
pub struct XenditSettings {
    pub secret_key: Redacted,
    pub callback_token: Redacted,
    pub api_url: String,
}

impl std::fmt::Debug for PaymentSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaymentSettings")
            .field("payment_window", &self.payment_window)
            .field("simulated_gateway", &self.simulated_gateway)
            .field("simulated_secret", &"[redacted]")
            .field("simulated_webhook_url", &self.simulated_webhook_url)
            .field("midtrans", &self.midtrans)
            .field("xendit", &self.xendit)
            .field("preferred_gateway", &self.preferred_gateway)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    /// Sender of every message, e.g. `WeBrana Cloud <no-reply@webrana.cloud>`.
    pub from: String,
    /// lettre SMTP URL; holds credentials, so `Debug` hides it.
    pub smtp_url: Option<Redacted>,
    /// Used when there is no SMTP URL.
    pub outbox: std::path::PathBuf,
}

/// A configuration value that must never be printed.
#[derive(Clone)]
pub struct Redacted(pub String);

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    DatabaseUrl(#[from] DatabaseUrlError),
    #[error("{name} has an invalid value: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("Leptos settings: {0}")]
    Leptos(String),
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (the environment, or a map in tests).
    /// LEPTOS_* variables override Leptos.toml as in cargo-leptos.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut leptos = leptos_settings(&lookup)?;
        if let Some(addr) = lookup("LEPTOS_SITE_ADDR") {
            leptos.site_addr = parse("LEPTOS_SITE_ADDR", &addr)?;
        }
        if let Some(root) = lookup("LEPTOS_SITE_ROOT") {
            leptos.site_root = root.into();
        }
        if let Some(version) = built_site_version(&leptos) {
            leptos.site_pkg_dir = format!("{}/{version}", leptos.site_pkg_dir).into();
        }
        let database_url =
            DatabaseUrl::parse(&lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string()))?;
        let public_url = lookup("WEBRANA_PUBLIC_URL")
            .unwrap_or_else(|| default_public_url(leptos.site_addr))
            .trim_end_matches('/')
            .to_string();
        let secure_cookies = match lookup("WEBRANA_SECURE_COOKIES") {
            Some(value) => parse_bool("WEBRANA_SECURE_COOKIES", &value)?,
            None => public_url.starts_with("https://"),
        };
        let log_format = match lookup("WEBRANA_LOG_FORMAT").as_deref() {
            None | Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(other) => {
                return Err(invalid(
                    "WEBRANA_LOG_FORMAT",
                    format!("'{other}' (expected json or pretty)"),
                ));
            }
        };
        let payments = PaymentSettings {
            payment_window: chrono::Duration::hours(number(&lookup, "WEBRANA_ORDER_PAYMENT_HOURS", 24)?),
            simulated_gateway: flag(&lookup, "WEBRANA_SIMULATED_GATEWAY")?,
            simulated_secret: lookup("WEBRANA_SIMULATED_GATEWAY_SECRET")
                .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()),
            simulated_webhook_url: lookup("WEBRANA_SIMULATED_GATEWAY_WEBHOOK_URL"),
            midtrans: midtrans_settings(&lookup)?,
            xendit: xendit_settings(&lookup)?,
            preferred_gateway: lookup("WEBRANA_PAYMENT_GATEWAY").filter(|name| !name.trim().is_empty()),
        };
        check_preferred_gateway(&payments)?;
        let clouds = cloud_settings(&lookup)?;
        refuse_simulated_money_in_production(&lookup, &payments, &public_url, &clouds)?;
        let mail = mail_settings(&lookup, &public_url)?;
        Ok(Config {
            database_url,
            db_max_connections: number(&lookup, "WEBRANA_DB_MAX_CONNECTIONS", 10)?,
            leptos,
            public_url,
            secure_cookies,
            log_format,
            job_workers: number(&lookup, "WEBRANA_JOB_WORKERS", 2)?,
            job_poll_interval: Duration::from_millis(number(&lookup, "WEBRANA_JOB_POLL_MS", 500)?),
            job_lease: Duration::from_secs(number(&lookup, "WEBRANA_JOB_LEASE_SECS", 60)?),
            shutdown_timeout: Duration::from_secs(number(&lookup, "WEBRANA_SHUTDOWN_TIMEOUT_SECS", 30)?),
            mail,
            trusted_proxies: trusted_proxies(&lookup)?,
            metrics_token: lookup("WEBRANA_METRICS_TOKEN")
                .filter(|token| !token.trim().is_empty())
                .map(Redacted),
            payments,
            wallet: wallet_settings(&lookup)?,
            rate_limits: rate_tiers(&lookup)?,
            api_cors_origins: cors_origins(&lookup)?,
            catalog_cache_ttl: Duration::from_secs(number(&lookup, "WEBRANA_CATALOG_CACHE_SECS", 5)?),
            page_cache_ttl: Duration::from_secs(number(&lookup, "WEBRANA_PAGE_CACHE_SECS", 2)?),
            simulated_cloud_create: Duration::from_secs(number(
                &lookup,
                "WEBRANA_SIMULATED_CLOUD_CREATE_SECS",
                8,
            )?),
            simulated_cloud_action: Duration::from_secs(number(
                &lookup,
                "WEBRANA_SIMULATED_CLOUD_ACTION_SECS",
                3,
            )?),
            clouds,
            lifecycle: app::lifecycle::schedule::LifecycleSettings {
                renewal_lead: chrono::Duration::days(number(&lookup, "WEBRANA_RENEWAL_LEAD_DAYS", 7)?),
                suspend_grace: chrono::Duration::days(number(&lookup, "WEBRANA_SUSPEND_GRACE_DAYS", 3)?),
                terminate_grace: chrono::Duration::days(number(&lookup, "WEBRANA_TERMINATE_GRACE_DAYS", 7)?),
            },
            telegram: telegram_settings(&lookup)?,
            notification_retention: chrono::Duration::days(number(
                &lookup,
                "WEBRANA_NOTIFICATION_RETENTION_DAYS",
                180,
            )?),
            secret_key: match lookup("WEBRANA_SECRET_KEY").filter(|key| !key.trim().is_empty()) {
                Some(key) => SecretKeySource::Value(Redacted(key.trim().to_string())),
                None => SecretKeySource::File(
                    lookup("WEBRANA_SECRET_KEY_FILE")
                        .unwrap_or_else(|| "data/secret.key".to_string())
                        .into(),
                ),
            },
            previous_secret_key: lookup("WEBRANA_SECRET_KEY_PREVIOUS")
                .filter(|key| !key.trim().is_empty())
                .map(|key| Redacted(key.trim().to_string())),
            error_tracking: error_tracking(&lookup)?,
        })
    }

    pub fn site_addr(&self) -> SocketAddr {
        self.leptos.site_addr
    }
}

/// The simulated gateway turns a click into a paid invoice. Where the site looks real (an
/// https public URL) or servers cost real money (a cloud token is set), starting with it on
/// is refused unless `WEBRANA_SIMULATED_GATEWAY_IN_PRODUCTION` says it is meant (a staging
/// site, say).
fn refuse_simulated_money_in_production(
    lookup: &impl Fn(&str) -> Option<String>,
    payments: &PaymentSettings,
    public_url: &str,
    clouds: &CloudSettings,
) -> Result<(), ConfigError> {
    if !payments.simulated_gateway || flag(lookup, "WEBRANA_SIMULATED_GATEWAY_IN_PRODUCTION")? {
        return Ok(());
    }
    let real_cloud = clouds.digitalocean.is_some() || clouds.vultr.is_some() || clouds.linode.is_some();
    let why = if public_url.starts_with("https://") {
        "the public URL is https"
    } else if real_cloud {
        "a real cloud provider token is set"
    } else if payments.midtrans.is_some() || payments.xendit.is_some() {
        "a real payment gateway is configured"
    } else {
        return Ok(());
    };
    Err(invalid(
        "WEBRANA_SIMULATED_GATEWAY",
        format!(
            "is on while {why}: anyone could get a server without paying. Turn it off, or set \
             WEBRANA_SIMULATED_GATEWAY_IN_PRODUCTION=true if this instance is meant to take no money"
        ),
    ))
}

/// `WEBRANA_TRUSTED_PROXIES`: addresses and networks of our own reverse proxies.
fn trusted_proxies(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<app::security::client_ip::TrustedProxies, ConfigError> {
    if lookup("WEBRANA_TRUST_PROXY").is_some() {
        // The old yes/no trusted any peer, so a client reaching the app directly could
        // choose its address: refuse it rather than guess which peers were meant.
        return Err(invalid(
            "WEBRANA_TRUST_PROXY",
            "is replaced by WEBRANA_TRUSTED_PROXIES, the addresses or networks of your reverse \
             proxies (e.g. 127.0.0.1,10.0.0.0/8)"
                .to_string(),
        ));
    }
    let list = lookup("WEBRANA_TRUSTED_PROXIES").unwrap_or_default();
    app::security::client_ip::TrustedProxies::parse(&list)
        .map_err(|reason| invalid("WEBRANA_TRUSTED_PROXIES", reason))
}

/// A yes/no variable; unset is no.
fn flag(lookup: &impl Fn(&str) -> Option<String>, name: &'static str) -> Result<bool, ConfigError> {
    lookup(name).map_or(Ok(false), |value| parse_bool(name, &value))
}

/// Leptos.toml from the working directory (or WEBRANA_LEPTOS_CONFIG), else the embedded copy.
fn leptos_settings(lookup: &impl Fn(&str) -> Option<String>) -> Result<LeptosOptions, ConfigError> {
    let path = lookup("WEBRANA_LEPTOS_CONFIG").unwrap_or_else(|| "Leptos.toml".to_string());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| EMBEDDED_LEPTOS_TOML.to_string());
    leptos::config::get_config_from_str(&text).map_err(|error| ConfigError::Leptos(error.to_string()))
}

/// The build `scripts/build-site.sh` made current: it puts each build's files in
/// `<pkg>/<hash of their content>/` and that hash in `<pkg>/current`. Serving from there
/// gives every asset an address that changes with its content (so browsers may keep it for
/// a year). None for a site without it (e.g. a test's folder of files).
fn built_site_version(options: &LeptosOptions) -> Option<String> {
    let current = std::path::Path::new(&*options.site_root)
        .join(&*options.site_pkg_dir)
        .join("current");
    let version = std::fs::read_to_string(current).ok()?.trim().to_string();
    crate::caching::is_build_version(&version).then_some(version)
}

/// `WEBRANA_WALLET_DEPOSIT_MIN` / `_MAX` in whole rupiah (defaults Rp 10.000 / Rp 10.000.000).
/// `https://app.example.com,http://localhost:5173`: each a bare origin (scheme, host, port).
fn error_tracking(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::ops::error_tracking::ErrorTracking>, ConfigError> {
    const NAME: &str = "WEBRANA_SENTRY_DSN";
    let Some(dsn) = lookup(NAME).filter(|dsn| !dsn.trim().is_empty()) else {
        return Ok(None);
    };
    // The parser's message would quote the DSN, whose key is a credential: say what is wrong.
    let dsn = dsn.trim().parse().map_err(|_| {
        invalid(
            NAME,
            "is not a DSN like https://KEY@sentry.example.com/PROJECT".to_string(),
        )
    })?;
    Ok(Some(crate::ops::error_tracking::ErrorTracking {
        dsn,
        environment: lookup("WEBRANA_SENTRY_ENVIRONMENT")
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| "production".to_string()),
    }))
}

fn cors_origins(lookup: &impl Fn(&str) -> Option<String>) -> Result<Vec<String>, ConfigError> {
    const NAME: &str = "WEBRANA_API_CORS_ORIGINS";
    let list = lookup(NAME).unwrap_or_default();
    list.split(',')
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
        .map(|origin| {
            let host = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .filter(|host| !host.is_empty() && !host.contains(['/', '?', '#', '*', ' ']));
            match host {
                Some(_) => Ok(origin.to_string()),
                None => Err(invalid(
                    NAME,
                    format!("{origin} is not an origin like https://app.example.com"),
                )),
            }
        })
        .collect()
}

/// Each tier's per-minute limit; a limit must be at least 1.
fn rate_tiers(lookup: &impl Fn(&str) -> Option<String>) -> Result<app::security::RateTiers, ConfigError> {
    use app::security::Limit;
    let defaults = app::security::RateTiers::default();
    let tier = |name: &'static str, default: Limit| -> Result<Limit, ConfigError> {
        let max: i64 = number(lookup, name, default.max)?;
        if max < 1 {
            return Err(invalid(name, "must be at least 1".to_string()));
        }
        Ok(Limit::per_minute(max))
    };
    Ok(app::security::RateTiers {
        auth: tier("WEBRANA_RATE_AUTH_PER_MIN", defaults.auth)?,
        public_read: tier("WEBRANA_RATE_PUBLIC_PER_MIN", defaults.public_read)?,
        authenticated: tier("WEBRANA_RATE_AUTHENTICATED_PER_MIN", defaults.authenticated)?,
        write: tier("WEBRANA_RATE_WRITE_PER_MIN", defaults.write)?,
        checkout: tier("WEBRANA_RATE_CHECKOUT_PER_MIN", defaults.checkout)?,
        payment: tier("WEBRANA_RATE_PAYMENT_PER_MIN", defaults.payment)?,
    })
}

fn wallet_settings(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<app::wallet::WalletSettings, ConfigError> {
    let defaults = app::wallet::WalletSettings::default();
    let settings = app::wallet::WalletSettings {
        deposit_min: app::money::Rupiah(number(
            lookup,
            "WEBRANA_WALLET_DEPOSIT_MIN",
            defaults.deposit_min.get(),
        )?),
        deposit_max: app::money::Rupiah(number(
            lookup,
            "WEBRANA_WALLET_DEPOSIT_MAX",
            defaults.deposit_max.get(),
        )?),
    };
    if !settings.deposit_min.is_positive() || settings.deposit_min > settings.deposit_max {
        return Err(invalid(
            "WEBRANA_WALLET_DEPOSIT_MIN",
            "must be positive and at most WEBRANA_WALLET_DEPOSIT_MAX".to_string(),
        ));
    }
    Ok(settings)
}

fn midtrans_settings(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<MidtransSettings>, ConfigError> {
    let Some(key) = lookup("WEBRANA_MIDTRANS_SERVER_KEY").filter(|key| !key.trim().is_empty()) else {
        return Ok(None);
    };
    use app::payments::midtrans::{
        PRODUCTION_API_URL, PRODUCTION_SNAP_URL, SANDBOX_API_URL, SANDBOX_SNAP_URL,
    };
    let (snap, api) = match lookup("WEBRANA_MIDTRANS_ENVIRONMENT").as_deref() {
        None | Some("sandbox") => (SANDBOX_SNAP_URL, SANDBOX_API_URL),
        Some("production") => (PRODUCTION_SNAP_URL, PRODUCTION_API_URL),
        Some(other) => {
            return Err(invalid(
                "WEBRANA_MIDTRANS_ENVIRONMENT",
                format!("'{other}' (expected sandbox or production)"),
            ));
        }
    };
    Ok(Some(MidtransSettings {
        server_key: Redacted(key.trim().to_string()),
        snap_url: lookup("WEBRANA_MIDTRANS_SNAP_URL").unwrap_or_else(|| snap.to_string()),
        api_url: lookup("WEBRANA_MIDTRANS_API_URL").unwrap_or_else(|| api.to_string()),
    }))
}

fn xendit_settings(lookup: &impl Fn(&str) -> Option<String>) -> Result<Option<XenditSettings>, ConfigError> {
    let Some(key) = lookup("WEBRANA_XENDIT_SECRET_KEY").filter(|key| !key.trim().is_empty()) else {
        return Ok(None);
    };
    let token = lookup("WEBRANA_XENDIT_CALLBACK_TOKEN").unwrap_or_default();
    if token.trim().len() < 16 {
        return Err(invalid(
            "WEBRANA_XENDIT_CALLBACK_TOKEN",
            "is required with a secret key: the callback verification token from the Xendit dashboard"
                .to_string(),
        ));
    }
    Ok(Some(XenditSettings {
        secret_key: Redacted(key.trim().to_string()),
        callback_token: Redacted(token.trim().to_string()),
        api_url: lookup("WEBRANA_XENDIT_API_URL")
            .unwrap_or_else(|| app::payments::xendit::API_URL.to_string()),
    }))
}

/// `WEBRANA_PAYMENT_GATEWAY` must name a gateway that is on.
fn check_preferred_gateway(payments: &PaymentSettings) -> Result<(), ConfigError> {
    let Some(name) = &payments.preferred_gateway else {
        return Ok(());
    };
    let on = match name.as_str() {
        "midtrans" => payments.midtrans.is_some(),
        "xendit" => payments.xendit.is_some(),
        "simulated" => payments.simulated_gateway,
        _ => false,
    };
    if on {
        Ok(())
    } else {
        Err(invalid(
            "WEBRANA_PAYMENT_GATEWAY",
            format!("'{name}' is not a gateway that is configured (midtrans, xendit or simulated)"),
        ))
    }
}

fn telegram_settings(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<TelegramSettings>, ConfigError> {
    let Some(token) = lookup("WEBRANA_TELEGRAM_BOT_TOKEN").filter(|token| !token.trim().is_empty()) else {
        return Ok(None);
    };
    let username = lookup("WEBRANA_TELEGRAM_BOT_USERNAME").unwrap_or_default();
    if username.trim().is_empty() {
        return Err(invalid(
            "WEBRANA_TELEGRAM_BOT_USERNAME",
            "is required with a bot token".to_string(),
        ));
    }
    let webhook_secret = lookup("WEBRANA_TELEGRAM_WEBHOOK_SECRET").unwrap_or_default();
    if webhook_secret.len() < 16 {
        return Err(invalid(
            "WEBRANA_TELEGRAM_WEBHOOK_SECRET",
            "must be at least 16 characters (Telegram sends it with every update)".to_string(),
        ));
    }
    Ok(Some(TelegramSettings {
        api_url: lookup("WEBRANA_TELEGRAM_API_URL").unwrap_or_else(|| "https://api.telegram.org".to_string()),
        token: Redacted(token.trim().to_string()),
        username: username.trim().to_string(),
        webhook_secret: Redacted(webhook_secret),
    }))
}

fn mail_settings(
    lookup: &impl Fn(&str) -> Option<String>,
    public_url: &str,
) -> Result<MailSettings, ConfigError> {
    let from =
        lookup("WEBRANA_MAIL_FROM").unwrap_or_else(|| "WeBrana Cloud <no-reply@webrana.test>".to_string());
    if from.parse::<lettre::message::Mailbox>().is_err() {
        return Err(invalid("WEBRANA_MAIL_FROM", format!("'{from}' is not a mailbox")));
    }
    let smtp_url = lookup("WEBRANA_SMTP_URL").filter(|url| !url.trim().is_empty());
    if let Some(url) = &smtp_url
        && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
    {
        return Err(invalid(
            "WEBRANA_SMTP_URL",
            "must start with smtp:// or smtps://".to_string(),
        ));
    }
    if smtp_url.is_none() && public_url.starts_with("https://") {
        // The outbox folder is for the demo: in production it would keep password-reset and
        // sign-in links on disk, readable by whoever reads the server's files.
        return Err(invalid(
            "WEBRANA_SMTP_URL",
            "is required when the public URL is https: account e-mails (password reset, \
             confirmation links) must be sent, not written to the outbox folder"
                .to_string(),
        ));
    }
    Ok(MailSettings {
        from,
        smtp_url: smtp_url.map(Redacted),
        outbox: lookup("WEBRANA_MAIL_OUTBOX")
            .unwrap_or_else(|| "data/outbox".to_string())
            .into(),
    })
}

fn cloud_settings(lookup: &impl Fn(&str) -> Option<String>) -> Result<CloudSettings, ConfigError> {
    let timeout = Duration::from_secs(number(lookup, "WEBRANA_PROVIDER_TIMEOUT_SECS", 30)?);
    let api = |token: &str, url: &'static str, default_url: &str, min_interval: Duration| {
        let token = lookup(token).filter(|token| !token.trim().is_empty())?;
        Some(ApiSettings {
            base_url: lookup(url).unwrap_or_else(|| default_url.to_string()),
            token: token.trim().to_string(),
            min_interval,
            timeout,
        })
    };
    let settings = CloudSettings {
        digitalocean: api(
            "WEBRANA_DIGITALOCEAN_TOKEN",
            "WEBRANA_DIGITALOCEAN_API_URL",
            digitalocean::DEFAULT_BASE_URL,
            digitalocean::MIN_INTERVAL,
        ),
        vultr: api(
            "WEBRANA_VULTR_TOKEN",
            "WEBRANA_VULTR_API_URL",
            vultr::DEFAULT_BASE_URL,
            vultr::MIN_INTERVAL,
        ),
        linode: api(
            "WEBRANA_LINODE_TOKEN",
            "WEBRANA_LINODE_API_URL",
            linode::DEFAULT_BASE_URL,
            linode::MIN_INTERVAL,
        ),
    };
    for (name, api) in [
        ("WEBRANA_DIGITALOCEAN_API_URL", &settings.digitalocean),
        ("WEBRANA_VULTR_API_URL", &settings.vultr),
        ("WEBRANA_LINODE_API_URL", &settings.linode),
    ] {
        if let Some(api) = api
            && !(api.base_url.starts_with("https://") || api.base_url.starts_with("http://"))
        {
            return Err(invalid(name, "must start with https:// or http://".to_string()));
        }
    }
    Ok(settings)
}

fn default_public_url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

fn invalid(name: &'static str, reason: String) -> ConfigError {
    ConfigError::Invalid { name, reason }
}

fn parse<T: std::str::FromStr>(name: &'static str, value: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    value
        .trim()
        .parse()
        .map_err(|error: T::Err| invalid(name, error.to_string()))
}

fn number<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    lookup(name).map_or(Ok(default), |value| parse(name, &value))
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(invalid(name, format!("'{other}' (expected true or false)"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_to_sqlite_and_the_leptos_toml_settings() {
        let config = config(&[]).unwrap();
        assert!(matches!(config.database_url, DatabaseUrl::Sqlite(_)));
        assert_eq!(&*config.leptos.output_name, "webrana");
        assert_eq!(config.site_addr().to_string(), "127.0.0.1:3000");
        assert!(!config.secure_cookies);
    }

    #[test]
    fn the_simulated_gateway_is_off_unless_asked_for_and_never_where_money_is_real() {
        assert!(!config(&[]).unwrap().payments.simulated_gateway);
        let on = ("WEBRANA_SIMULATED_GATEWAY", "true");
        assert!(config(&[on]).unwrap().payments.simulated_gateway);
        let https = ("WEBRANA_PUBLIC_URL", "https://webrana.cloud");
        let smtp = ("WEBRANA_SMTP_URL", "smtp://mail.webrana.cloud:587");
        let token = ("WEBRANA_DIGITALOCEAN_TOKEN", "dop_v1_secret");
        for production in [vec![on, https, smtp], vec![on, token]] {
            let error = config(&production).unwrap_err().to_string();
            assert!(error.contains("WEBRANA_SIMULATED_GATEWAY"), "{error}");
            assert!(!error.contains("dop_v1_secret"), "no secret in the message");
        }
        assert!(config(&[https, smtp, token]).is_ok(), "off: nothing to refuse");
        let meant = ("WEBRANA_SIMULATED_GATEWAY_IN_PRODUCTION", "true");
        assert!(
            config(&[on, https, smtp, token, meant])
                .unwrap()
                .payments
                .simulated_gateway
        );
    }

    #[test]
    fn gateways_are_configured_by_their_keys_and_keys_never_print() {
        let none = config(&[]).unwrap().payments;
        assert!(none.midtrans.is_none() && none.xendit.is_none());
        let midtrans = ("WEBRANA_MIDTRANS_SERVER_KEY", "SB-Mid-server-rahasia");
        let payments = config(&[midtrans]).unwrap().payments;
        let settings = payments.midtrans.as_ref().unwrap();
        assert_eq!(settings.snap_url, app::payments::midtrans::SANDBOX_SNAP_URL);
        assert!(!format!("{payments:?}").contains("rahasia"));
        let production = ("WEBRANA_MIDTRANS_ENVIRONMENT", "production");
        assert_eq!(
            config(&[midtrans, production])
                .unwrap()
                .payments
                .midtrans
                .unwrap()
                .api_url,
            app::payments::midtrans::PRODUCTION_API_URL
        );
        let xendit = ("WEBRANA_XENDIT_SECRET_KEY", "xnd_development_rahasia");
        let error = config(&[xendit]).unwrap_err().to_string();
        assert!(
            error.contains("WEBRANA_XENDIT_CALLBACK_TOKEN") && !error.contains("rahasia"),
            "{error}"
        );
        let token = ("WEBRANA_XENDIT_CALLBACK_TOKEN", "token-verifikasi-panggilan");
        assert!(config(&[xendit, token]).unwrap().payments.xendit.is_some());
        let prefer = ("WEBRANA_PAYMENT_GATEWAY", "xendit");
        assert!(config(&[midtrans, prefer]).is_err(), "xendit is not on");
        assert!(config(&[midtrans, xendit, token, prefer]).is_ok());
        let simulated = ("WEBRANA_SIMULATED_GATEWAY", "true");
        assert!(
            config(&[midtrans, simulated]).is_err(),
            "real money and a free gateway"
        );
    }

    #[test]
    fn bundle_name_matches_the_compile_time_name() {
        // Leptos names the JS/WASM it loads from LEPTOS_OUTPUT_NAME at compile time
        // (.cargo/config.toml); Leptos.toml must agree or hydration silently fails.
        assert_eq!(
            Some(&*config(&[]).unwrap().leptos.output_name),
            option_env!("LEPTOS_OUTPUT_NAME")
        );
    }

    #[test]
    fn https_public_url_turns_on_secure_cookies() {
        let https = ("WEBRANA_PUBLIC_URL", "https://webrana.cloud/");
        let config = config(&[https, ("WEBRANA_SMTP_URL", "smtp://mail:25")]).unwrap();
        assert!(config.secure_cookies);
        assert_eq!(config.public_url, "https://webrana.cloud");
    }

    #[test]
    fn production_needs_a_mail_server() {
        let https = ("WEBRANA_PUBLIC_URL", "https://webrana.cloud");
        let error = config(&[https]).unwrap_err().to_string();
        assert!(error.contains("WEBRANA_SMTP_URL"), "{error}");
        assert!(
            config(&[]).unwrap().mail.smtp_url.is_none(),
            "the demo writes files"
        );
    }

    #[test]
    fn only_listed_proxies_are_trusted() {
        let listed = config(&[("WEBRANA_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")]).unwrap();
        assert_ne!(listed.trusted_proxies, Default::default());
        let wrong = config(&[("WEBRANA_TRUSTED_PROXIES", "10.0.0.0/40")]).unwrap_err();
        assert!(wrong.to_string().contains("WEBRANA_TRUSTED_PROXIES"), "{wrong}");
        let old = config(&[("WEBRANA_TRUST_PROXY", "true")]).unwrap_err();
        assert!(old.to_string().contains("WEBRANA_TRUSTED_PROXIES"), "{old}");
    }

    #[test]
    fn bad_values_name_the_variable() {
        let error = config(&[("DATABASE_URL", "mysql://x")]).unwrap_err().to_string();
        assert!(error.contains("mysql"), "{error}");
        let error = config(&[("WEBRANA_JOB_WORKERS", "many")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("WEBRANA_JOB_WORKERS"), "{error}");
    }

    #[test]
    fn debug_output_hides_the_database_and_smtp_passwords() {
        let config = config(&[
            ("DATABASE_URL", "postgres://app:hunter2@db/webrana"),
            ("WEBRANA_SMTP_URL", "smtp://mailer:swordfish@mail.example:587"),
        ])
        .unwrap();
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("hunter2") && !printed.contains("swordfish"),
            "{printed}"
        );
    }

    #[test]
    fn mail_goes_to_the_outbox_unless_an_smtp_url_is_set() {
        let default = config(&[]).unwrap();
        assert!(default.mail.smtp_url.is_none());
        assert_eq!(default.mail.outbox, std::path::PathBuf::from("data/outbox"));
        let error = config(&[("WEBRANA_SMTP_URL", "http://mail")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("WEBRANA_SMTP_URL"), "{error}");
    }
}
