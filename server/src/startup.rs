//! Builds the application (database, migrations, event bus, router, workers) and runs it
//! until shutdown. Tests build it the same way on port 0.

use crate::config::{Config, MailSettings};
use crate::guard::GuardSettings;
use crate::ops::{self, Lifecycle, Metrics, Ops};
use anyhow::Context;
use app::accounts::emails::AccountMail;
use app::accounts::sessions::{DbSessionStore, session_layer};
use app::clock::{SharedClock, SystemClock};
use app::db::{Db, PoolSettings};
use app::events::EventBus;
use app::jobs::{JobQueue, JobRegistry, Worker, WorkerSettings};
use app::mail::{OutboxMailer, SharedMailer, SmtpMailer};
use app::payments::intake;
use app::payments::simulated::{self, SimulatedGateway};
use app::state::{AppSettings, AppState};
use app::{App, shell};
use axum::Router;
use axum::extract::{Extension, FromRef};
use axum::handler::Handler;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use leptos::prelude::{LeptosOptions, provide_context};
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// What the router serves from: the core state every capability uses, and each feature's
/// own services and settings, registered here one by one. Handlers name what they use
/// (`State<PushHub>` …, through `FromRef`); server functions find each one in its own Leptos
/// context (`app::state::use_server`).
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub core: AppState,
    pub catalog: app::catalog::CatalogCache,
    /// The announcement banner every page shows.
    pub banners: app::notifications::banners::BannerCache,
    /// Service charts for a minute, so page reloads do not each call the provider.
    pub metrics: app::services::metrics_cache::MetricsCache,
    /// The cloud adapters this instance is configured with.
    pub providers: app::provisioning::Providers,
    /// The WebSocket sockets open on this instance.
    pub push: app::notifications::push::PushHub,
    /// The Telegram bot, when one is configured.
    pub telegram: Option<app::notifications::telegram::TelegramBot>,
    /// The payment gateways that are on (none: staff record payments).
    pub gateways: app::payments::PaymentGateways,
    /// When renewal invoices, suspension and termination come.
    pub lifecycle: app::lifecycle::schedule::LifecycleSettings,
    pub orders: app::orders::OrderSettings,
    pub wallet: app::wallet::WalletSettings,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> LeptosOptions {
        state.core.leptos_options.clone()
    }
}

impl ServerState {
    /// Each service as its own Leptos context, for server functions and server rendering.
    fn provide_contexts(&self) {
        provide_context(self.core.clone());
        provide_context(self.catalog.clone());
        provide_context(self.banners.clone());
        provide_context(self.metrics.clone());
        provide_context(self.providers.clone());
        provide_context(self.push.clone());
        provide_context(self.telegram.clone());
        provide_context(self.gateways.clone());
        provide_context(self.lifecycle);
        provide_context(self.orders);
        provide_context(self.wallet);
        app::security::headers::provide_request_nonce();
    }

    /// Each service in every request's extensions too (some resources read during server
    /// rendering run outside the context closure, leptos-rs/leptos#3013).
    fn add_extensions(&self, router: Router) -> Router {
        router
            .layer(Extension(self.core.clone()))
            .layer(Extension(self.catalog.clone()))
            .layer(Extension(self.banners.clone()))
            .layer(Extension(self.metrics.clone()))
            .layer(Extension(self.providers.clone()))
            .layer(Extension(self.push.clone()))
            .layer(Extension(self.telegram.clone()))
            .layer(Extension(self.gateways.clone()))
            .layer(Extension(self.lifecycle))
            .layer(Extension(self.orders))
            .layer(Extension(self.wallet))
    }
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: ServerState,
    ops: Ops,
    workers: Vec<Worker>,
    registry: Arc<JobRegistry>,
    worker_settings: WorkerSettings,
    shutdown: CancellationToken,
    shutdown_timeout: std::time::Duration,
}

impl Application {
    /// Connects and migrates the database, then binds the listener (port 0 picks a free one).
    pub async fn build(config: Config, registry: JobRegistry) -> anyhow::Result<Application> {
        Application::build_with_clock(config, registry, Arc::new(SystemClock)).await
    }

    pub async fn build_with_clock(
        config: Config,
        mut registry: JobRegistry,
        clock: SharedClock,
    ) -> anyhow::Result<Application> {
        let db = connect_and_migrate(&config).await?;
        // Bound first: the simulated gateway's default webhook address is this listener.
        let listener = TcpListener::bind(config.site_addr())
            .await
            .with_context(|| format!("could not listen on {}", config.site_addr()))?;
        let simulated_gateway = config.payments.simulated_gateway.then(|| SimulatedGateway {
            secret: config.payments.simulated_secret.clone(),
            webhook_url: config.payments.simulated_webhook_url.clone().unwrap_or_else(|| {
                format!(
                    "http://{}{}",
                    listener.local_addr().expect("bound"),
                    intake::webhook_path(simulated::GATEWAY)
                )
            }),
        });
        let shutdown = CancellationToken::new();
        let events = EventBus::for_database(&db, shutdown.clone())
            .await
            .context("could not start the event bus")?;
        let simulated_cloud = app::provisioning::simulated::SimulatedCloud::new(
            db.clone(),
            clock.clone(),
            config.simulated_cloud_create,
            config.simulated_cloud_action,
        );
        let providers = providers(&config.clouds, simulated_cloud, &clock);
        let secrets = secret_box(&config).await?;
        let sealed = app::accounts::store::seal_plain_totp_secrets(&db, &secrets)
            .await
            .context("could not seal the stored TOTP secrets")?;
        if sealed > 0 {
            tracing::info!(sealed, "sealed TOTP secrets stored in plain text");
        }
        let push = app::notifications::push::PushHub::start(db.clone(), &events, shutdown.clone());
        // Kept as long as public pages are (WEBRANA_PAGE_CACHE_SECS).
        let banners =
            app::notifications::banners::BannerCache::start(config.page_cache_ttl, &events, shutdown.clone());
        let telegram = config.telegram.as_ref().map(|bot| {
            app::notifications::telegram::TelegramBot::new(
                &bot.api_url,
                &bot.token.0,
                &bot.username,
                &bot.webhook_secret.0,
            )
        });
        let core = AppState {
            leptos_options: config.leptos.clone(),
            db: db.clone(),
            events,
            clock: clock.clone(),
            settings: Arc::new(AppSettings {
                secure_cookies: config.secure_cookies,
                public_url: config.public_url.clone(),
                rate_limits: config.rate_limits,
            }),
            secrets,
        };
        let state = ServerState {
            core,
            catalog: app::catalog::CatalogCache::new(config.catalog_cache_ttl),
            banners,
            metrics: Default::default(),
            providers: providers.clone(),
            push,
            telegram,
            gateways: payment_gateways(&config.payments, simulated_gateway.clone()),
            lifecycle: config.lifecycle,
            orders: app::orders::OrderSettings {
                payment_window: config.payments.payment_window,
            },
            wallet: config.wallet,
        };
        let metrics = Arc::new(Metrics::new());
        let sessions = DbSessionStore::new(db.clone(), clock.clone());
        let queue = JobQueue::new(db.clone(), clock.clone());
        app::maintenance::register(
            &mut registry,
            queue.clone(),
            sessions.clone(),
            clock.clone(),
            config.notification_retention,
        );
        let mailer = build_mailer(&config.mail)?;
        let notification_mailer = mailer.clone();
        let account_mail = AccountMail {
            db,
            clock,
            mailer,
            public_url: config.public_url.clone(),
        };
        app::accounts::emails::register(&mut registry, account_mail);
        app::notifications::delivery::register(
            &mut registry,
            app::notifications::delivery::Deliveries {
                db: state.core.db.clone(),
                clock: state.core.clock.clone(),
                mailer: notification_mailer,
                telegram: state.telegram.clone(),
                public_url: config.public_url.clone(),
                secrets: state.core.secrets.clone(),
            },
        );
        app::notifications::linking::register(&mut registry, state.core.db.clone(), state.core.clock.clone());
        app::lifecycle::sweep::register(
            &mut registry,
            state.core.db.clone(),
            state.core.clock.clone(),
            config.lifecycle,
        );
        app::lifecycle::steps::register(
            &mut registry,
            state.core.db.clone(),
            state.core.clock.clone(),
            config.lifecycle,
        );
        app::orders::expiry::register(&mut registry, state.core.db.clone(), state.core.clock.clone());
        app::analytics::rollup::register(&mut registry, state.core.db.clone(), state.core.clock.clone());
        app::notifications::announcements::register(
            &mut registry,
            state.core.db.clone(),
            state.core.clock.clone(),
        );
        app::provisioning::job::register(
            &mut registry,
            queue.clone(),
            providers.clone(),
            state.core.secrets.clone(),
            metrics.provisioning.clone(),
        );
        app::services::actions::register(
            &mut registry,
            queue.clone(),
            providers,
            state.core.secrets.clone(),
        );
        app::payments::wallet::ssr::register(&mut registry, state.core.db.clone(), state.core.clock.clone());
        app::services::upgrade::run::register(&mut registry, state.core.db.clone(), state.core.clock.clone());
        app::settlement::refunds::register(&mut registry, state.core.db.clone(), state.core.clock.clone());
        intake::register(
            &mut registry,
            state.core.db.clone(),
            state.core.clock.clone(),
            state.gateways.clone(),
        );
        if let Some(gateway) = simulated_gateway {
            simulated::register(
                &mut registry,
                state.core.db.clone(),
                state.core.clock.clone(),
                gateway,
            );
        }
        let ops = Ops {
            metrics: metrics.clone(),
            queue: queue.clone(),
            push: state.push.clone(),
            lifecycle: Arc::new(Lifecycle::default()),
            metrics_token: config.metrics_token.as_ref().map(|token| token.0.as_str().into()),
        };
        metrics.jobs.start_at_zero(registry.kinds());
        let slugs: Vec<&str> = state
            .providers
            .all()
            .iter()
            .map(|provider| provider.slug())
            .collect();
        metrics.provisioning.start_at_zero(slugs);
        let registry = Arc::new(registry);
        let settings = WorkerSettings {
            lease: config.job_lease,
            poll_interval: config.job_poll_interval,
            ..WorkerSettings::default()
        };
        let workers = (0..config.job_workers)
            .map(|_| {
                Worker::new(queue.clone(), registry.clone(), settings)
                    .with_metrics(metrics.jobs.clone())
                    .waking_on(&state.core.events)
            })
            .collect();

        let guard = Arc::new(GuardSettings {
            public_origin: config.public_url.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
        });
        let pages = crate::page_cache::PageCache::new(
            config.page_cache_ttl,
            state.core.clock.clone(),
            state.catalog.clone(),
            state.banners.clone(),
        );
        let router = router(
            state.clone(),
            ops.clone(),
            sessions,
            guard,
            pages,
            &config.api_cors_origins,
        );
        Ok(Application {
            listener,
            router,
            state,
            ops,
            workers,
            registry,
            worker_settings: settings,
            shutdown,
            shutdown_timeout: config.shutdown_timeout,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> &ServerState {
        &self.state
    }

    /// A worker with every registered handler, for tests that run jobs step by step.
    pub fn extra_worker(&self) -> Worker {
        Worker::new(
            self.ops.queue.clone(),
            self.registry.clone(),
            self.worker_settings,
        )
    }

    /// Cancelling this token starts a graceful shutdown.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    /// Serves until the shutdown token fires, then stops accepting connections, lets
    /// in-flight requests and the workers' current jobs finish, and closes the pool.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Application {
            listener,
            router,
            state,
            ops,
            workers,
            shutdown,
            shutdown_timeout,
            ..
        } = self;
        if !workers.is_empty() {
            ops.lifecycle.expect_workers();
            tokio::spawn(request_maintenance(ops.queue.clone(), shutdown.clone()));
        }
        let worker_tasks: Vec<_> = workers
            .into_iter()
            .map(|worker| {
                let shutdown = shutdown.clone();
                let lifecycle = ops.lifecycle.clone();
                tokio::spawn(async move {
                    worker.run(shutdown.clone()).await;
                    if !shutdown.is_cancelled() {
                        lifecycle.worker_stopped();
                    }
                })
            })
            .collect();

        // Small responses must not wait on Nagle's algorithm (~40 ms each otherwise).
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let lifecycle = ops.lifecycle.clone();
        let stop = shutdown.clone();
        let serve = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            stop.cancelled().await;
            lifecycle.begin_shutdown();
        });
        // In-flight requests get the shutdown timeout to finish, then the process goes on
        // without them (a client that never reads its answer must not keep it alive).
        let deadline = async {
            shutdown.cancelled().await;
            tokio::time::sleep(shutdown_timeout).await;
        };
        tokio::select! {
            served = serve => served.context("HTTP server failed")?,
            () = deadline => tracing::warn!("connections still open after the shutdown timeout: leaving them"),
        }

        let drained = tokio::time::timeout(shutdown_timeout, join_workers(worker_tasks)).await;
        if drained.is_err() {
            tracing::warn!("workers did not finish within the shutdown timeout");
        }
        state.core.db.close().await;
        tracing::info!("shut down cleanly");
        Ok(())
    }
}

/// The gateways that are on, the one that opens new payments first.
fn payment_gateways(
    settings: &crate::config::PaymentSettings,
    simulated: Option<SimulatedGateway>,
) -> app::payments::PaymentGateways {
    use app::payments::gateway::{GatewayKey, PaymentGateway};
    use app::payments::{midtrans::Midtrans, xendit::Xendit};
    let mut gateways: Vec<Arc<dyn PaymentGateway>> = Vec::new();
    if let Some(midtrans) = &settings.midtrans {
        let key = GatewayKey::new(midtrans.server_key.0.clone());
        gateways.push(Arc::new(Midtrans::new(
            key,
            &midtrans.snap_url,
            &midtrans.api_url,
        )));
    }
    if let Some(xendit) = &settings.xendit {
        let key = GatewayKey::new(xendit.secret_key.0.clone());
        let token = GatewayKey::new(xendit.callback_token.0.clone());
        gateways.push(Arc::new(Xendit::new(key, token, &xendit.api_url)));
    }
    if let Some(simulated) = simulated {
        gateways.push(Arc::new(simulated));
    }
    if let Some(preferred) = &settings.preferred_gateway {
        // Stable: the others keep their order behind it.
        gateways.sort_by_key(|gateway| gateway.name() != preferred);
    }
    app::payments::PaymentGateways::new(gateways)
}

/// Asks for the periodic jobs — hourly housekeeping, the lifecycle sweep and payment
/// reconciliation every few minutes —
/// each deduplicated across instances by its unique key per time slot.
async fn request_maintenance(queue: JobQueue, shutdown: CancellationToken) {
    let tick = app::lifecycle::sweep::SWEEP_INTERVAL;
    let prune_every = (app::maintenance::PRUNE_INTERVAL.as_secs() / tick.as_secs()).max(1);
    for round in 0u64.. {
        if round % prune_every == 0
            && let Err(error) = app::maintenance::request_prune(&queue).await
        {
            tracing::warn!(%error, "could not schedule maintenance");
        }
        if round % prune_every == 0
            && let Err(error) = app::analytics::rollup::request(&queue).await
        {
            tracing::warn!(%error, "could not schedule the analytics rollup");
        }
        if let Err(error) = app::lifecycle::sweep::request(&queue).await {
            tracing::warn!(%error, "could not schedule the lifecycle sweep");
        }
        if let Err(error) = intake::request_reconciliation(&queue).await {
            tracing::warn!(%error, "could not schedule payment reconciliation");
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(tick) => {}
        }
    }
}

/// Waits for every worker task to end (each finishes its current job first).
async fn join_workers(tasks: Vec<tokio::task::JoinHandle<()>>) {
    for task in tasks {
        let _ = task.await;
    }
}

/// SMTP when configured, else the outbox folder (development and tests).
/// The sealing key: configured (base64 or hex of 32 bytes), or read from its file, which is
/// created with a fresh random key (readable by us only) on the first start.
pub async fn secret_box(config: &Config) -> anyhow::Result<app::security::SecretBox> {
    use crate::config::SecretKeySource;
    let text = match &config.secret_key {
        SecretKeySource::Value(key) => key.0.clone(),
        SecretKeySource::File(path) => match tokio::fs::read_to_string(path).await {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = data_encoding::BASE64.encode(&app::security::SecretBox::random_key());
                if let Some(folder) = path.parent() {
                    tokio::fs::create_dir_all(folder).await?;
                }
                write_private(path, &key)
                    .await
                    .with_context(|| format!("could not create {}", path.display()))?;
                tracing::info!(path = %path.display(), "created a new secret key file");
                key
            }
            Err(error) => return Err(error).with_context(|| format!("could not read {}", path.display())),
        },
    };
    let secrets = app::security::SecretBox::new(&decode_key(&text, "WEBRANA_SECRET_KEY")?)
        .map_err(|error| anyhow::anyhow!("WEBRANA_SECRET_KEY: {error}"))?;
    match &config.previous_secret_key {
        None => Ok(secrets),
        Some(previous) => secrets
            .with_previous(&decode_key(&previous.0, "WEBRANA_SECRET_KEY_PREVIOUS")?)
            .map_err(|error| anyhow::anyhow!("WEBRANA_SECRET_KEY_PREVIOUS: {error}")),
    }
}

/// A 32-byte key written in base64 or hex.
fn decode_key(text: &str, name: &str) -> anyhow::Result<Vec<u8>> {
    let text = text.trim();
    data_encoding::BASE64
        .decode(text.as_bytes())
        .or_else(|_| data_encoding::HEXLOWER_PERMISSIVE.decode(text.as_bytes()))
        .map_err(|_| anyhow::anyhow!("{name} must be 32 bytes in base64 or hex"))
}

async fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(text.as_bytes()).await?;
    file.sync_all().await
}

fn build_mailer(settings: &MailSettings) -> anyhow::Result<SharedMailer> {
    let from: lettre::message::Mailbox = settings.from.parse().context("WEBRANA_MAIL_FROM")?;
    Ok(match &settings.smtp_url {
        Some(url) => Arc::new(SmtpMailer::from_url(&url.0, from).context("WEBRANA_SMTP_URL")?),
        None => {
            tracing::info!(outbox = %settings.outbox.display(), "no SMTP server configured: e-mails are written to the outbox folder");
            Arc::new(OutboxMailer::new(&settings.outbox, from))
        }
    })
}

pub async fn connect_and_migrate(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(
        &config.database_url,
        PoolSettings {
            max_connections: config.db_max_connections,
        },
    )
    .await
    .with_context(|| format!("could not open the database {}", config.database_url))?;
    db.migrate().await.context("database migration failed")?;
    Ok(db)
}

/// All routes: operations endpoints, Leptos pages and server functions, static files.
fn router(
    state: ServerState,
    ops: Ops,
    sessions: DbSessionStore,
    guard: Arc<GuardSettings>,
    pages: crate::page_cache::PageCache,
    api_cors_origins: &[String],
) -> Router {
    let secure_cookies = state.core.settings.secure_cookies;
    let https = state.core.settings.public_url.starts_with("https://");
    let routes = generate_route_list(App);
    let leptos_options = state.core.leptos_options.clone();
    let context_state = state.clone();
    let provide_state = move || context_state.provide_contexts();
    let routes = Router::new()
        .route("/health", get(ops::health))
        .route("/ready", get(ops::ready))
        .route("/metrics", get(ops::metrics_endpoint))
        .route(intake::WEBHOOK_ROUTE, post(intake::webhook))
        .route(app::billing::pdf::PDF_PATH, get(app::billing::pdf::download))
        .route(app::wallet::export::CSV_PATH, get(app::wallet::export::download))
        .merge(crate::rest::routes(&state, api_cors_origins))
        .merge(app::notifications::api::channel_routes())
        .merge(crate::installable::routes(&leptos_options))
        .leptos_routes_with_context(&state, routes, provide_state.clone(), {
            let leptos_options = leptos_options.clone();
            move || shell(leptos_options.clone())
        })
        // Files of the built site straight from tower-http; anything else gets the app's
        // 404 page. (Leptos's own file handler makes its reactive owner under whichever
        // owner is current on the thread, and then takes that request's pending headers and
        // status — a page answered at the same moment lost them.)
        .fallback_service(
            // `scripts/build-site.sh` writes a .br and a .gz copy of every file: sent as
            // they are to browsers that take them.
            ServiceExt::<axum::extract::Request>::map_response(
                ServeDir::new(&*leptos_options.site_root)
                    .precompressed_br()
                    .precompressed_gzip()
                    .fallback(
                        file_and_error_handler_with_context::<ServerState, _>(provide_state, shell)
                            .with_state(state.clone()),
                    ),
                // Marked, so `caching` lets browsers keep the site's files.
                |mut response: axum::response::Response<_>| {
                    response.extensions_mut().insert(crate::caching::SiteFile);
                    response
                },
            ),
        )
        .with_state(state.clone());
    let guard_pages =
        axum::middleware::from_fn_with_state(state.core.clone(), app::accounts::page_guard::ssr::guard_pages);
    let router = state
        .add_extensions(routes)
        .layer(guard_pages)
        // Outside the guard: the guard and the page's server functions share one read.
        .layer(axum::middleware::from_fn(
            app::accounts::account_memo::memo_account_reads,
        ))
        .layer(axum::middleware::from_fn(
            app::accounts::auth::ssr::restore_expiry_policy,
        ))
        .layer(session_layer(sessions, secure_cookies))
        // Anonymous visitors' public pages from memory: past the CSRF guard (which only
        // refuses other methods), before the session store and the render.
        .layer(axum::middleware::from_fn_with_state(
            pages,
            crate::page_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(guard, crate::guard::guard))
        // No request runs longer than this (the notification socket is an upgrade: its answer
        // comes at once). Inside `observe`, so a timed-out request is logged with its route.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ));
    let router = ops::observed(router)
        .layer(Extension(ops))
        // A body too large for any form, server function, webhook or REST call
        // is refused with 413 before anything reads it.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_REQUEST_BODY_BYTES,
        ))
        // Pages, JSON and anything else not already compressed: Brotli or gzip as the client
        // accepts (site files come precompressed and are left alone).
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            crate::caching::VersionedAssets::from_pkg_dir(&leptos_options.site_pkg_dir),
            crate::caching::cache_control,
        ));
    // Outside everything else, so refusals (413, 403) carry the headers too.
    crate::headers::with_security_headers(router, https)
}

/// The longest any request may take (a page waits for its data, a server function for a
/// provider's answer, which times out after 30 s by default).
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The largest request body we accept: forms and webhooks are a few kilobytes.
pub const MAX_REQUEST_BODY_BYTES: usize = 1024 * 1024;

/// The simulated cloud, and every real cloud that has a token.
fn providers(
    clouds: &crate::config::CloudSettings,
    simulated: app::provisioning::simulated::SimulatedCloud,
    clock: &SharedClock,
) -> app::provisioning::Providers {
    use app::provisioning::adapters::{digitalocean::DigitalOcean, linode::Linode, vultr::Vultr};
    let mut providers = app::provisioning::Providers::default().with(Arc::new(simulated));
    if let Some(api) = &clouds.digitalocean {
        providers = providers.with(Arc::new(DigitalOcean::new(api.clone(), clock.clone())));
    }
    if let Some(api) = &clouds.vultr {
        providers = providers.with(Arc::new(Vultr::new(api.clone(), clock.clone())));
    }
    if let Some(api) = &clouds.linode {
        providers = providers.with(Arc::new(Linode::new(api.clone(), clock.clone())));
    }
    providers
}
