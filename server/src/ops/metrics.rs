use super::Ops;
use axum::extract::Extension;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The matched route pattern (`/orders/{id}`), never the raw path: bounded cardinality.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    pub status: &'static str,
}

/// Latency buckets in seconds: 1 ms … 10 s.
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 7.5, 10.0,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ConnectionLabels {
    /// busy | idle
    pub state: &'static str,
}

/// The Prometheus registry of one app instance (no global registry: each test app has its own).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram>,
    // Read at scrape time (`read_now`):
    jobs_by_status: Family<StatusLabels, Gauge>,
    job_wait: Gauge<f64, AtomicU64>,
    db_connections: Family<ConnectionLabels, Gauge>,
    db_connections_max: Gauge,
    push_sockets: Gauge,
    pub jobs: app::jobs::JobMetrics,
    pub provisioning: app::provisioning::outcomes::ProvisioningMetrics,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        let latency =
            Family::<RequestLabels, Histogram>::new_with_constructor(|| Histogram::new(LATENCY_BUCKETS));
        let jobs_by_status = Family::<StatusLabels, Gauge>::default();
        registry.register("http_requests", "HTTP requests served", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to response headers, by method, route and status",
            latency.clone(),
        );
        registry.register(
            "webrana_jobs",
            "Jobs in the queue, by status",
            jobs_by_status.clone(),
        );
        let job_wait = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "webrana_job_wait_seconds",
            "How long the job waiting longest has been due without a worker taking it",
            job_wait.clone(),
        );
        let db_connections = Family::<ConnectionLabels, Gauge>::default();
        registry.register(
            "webrana_db_connections",
            "Open database connections of this instance's pool, busy or idle",
            db_connections.clone(),
        );
        let db_connections_max = Gauge::default();
        registry.register(
            "webrana_db_connections_max",
            "The most connections this instance's pool opens",
            db_connections_max.clone(),
        );
        let push_sockets = Gauge::default();
        registry.register(
            "webrana_push_sockets",
            "Notification WebSockets open on this instance",
            push_sockets.clone(),
        );
        let jobs = app::jobs::metrics::register(&mut registry);
        let provisioning = app::provisioning::outcomes::ProvisioningMetrics::register(&mut registry);
        Metrics {
            registry,
            requests,
            latency,
            jobs_by_status,
            job_wait,
            db_connections,
            db_connections_max,
            push_sockets,
            jobs,
            provisioning,
        }
    }

    pub fn observe_request(&self, labels: RequestLabels, elapsed: Duration) {
        self.latency.get_or_create(&labels).observe(elapsed.as_secs_f64());
        self.requests.get_or_create(&labels).inc();
    }

    fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Who may read `/metrics` (it tells how the business runs): with `WEBRANA_METRICS_TOKEN`
/// set, whoever sends it as a bearer token; without, only requests made on this machine
/// straight to the app (a loopback peer and no `X-Forwarded-For`, so not through a proxy).
fn may_scrape(token: Option<&str>, peer: std::net::IpAddr, headers: &axum::http::HeaderMap) -> bool {
    match token {
        Some(token) => headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|sent| bool::from(subtle::ConstantTimeEq::ct_eq(sent.as_bytes(), token.as_bytes()))),
        None => peer.to_canonical().is_loopback() && !headers.contains_key("x-forwarded-for"),
    }
}

/// `GET /metrics` in the Prometheus text format. Queue depths are read at scrape time.
pub async fn metrics_endpoint(Extension(ops): Extension<Ops>, request: axum::extract::Request) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or([127, 0, 0, 1].into(), |info| info.0.ip());
    if !may_scrape(ops.metrics_token.as_deref(), peer, request.headers()) {
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics need WEBRANA_METRICS_TOKEN as a bearer token\n",
        )
            .into_response();
    }
    read_now(&ops).await;
    match ops.metrics.render() {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
            )],
            text,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The gauges that are read when scraped rather than kept up to date: queue depths and the
/// longest wait from the database, the pool and open sockets from this process.
async fn read_now(ops: &Ops) {
    let metrics = &ops.metrics;
    match ops.queue.counts().await {
        Ok(counts) => {
            for (status, n) in [
                ("queued", counts.queued),
                ("running", counts.running),
                ("succeeded", counts.succeeded),
                ("dead", counts.dead),
            ] {
                metrics
                    .jobs_by_status
                    .get_or_create(&StatusLabels { status })
                    .set(n);
            }
        }
        Err(error) => tracing::warn!(%error, "could not read job counts for /metrics"),
    }
    match ops.queue.oldest_wait().await {
        Ok(wait) => {
            metrics.job_wait.set(wait.as_secs_f64());
        }
        Err(error) => tracing::warn!(%error, "could not read the job queue's wait for /metrics"),
    }
    let pool = ops.queue.db().pool_usage();
    for (state, n) in [("busy", pool.busy), ("idle", pool.idle)] {
        metrics
            .db_connections
            .get_or_create(&ConnectionLabels { state })
            .set(n.into());
    }
    metrics.db_connections_max.set(pool.max.into());
    metrics
        .push_sockets
        .set(i64::try_from(ops.push.socket_count()).unwrap_or(i64::MAX));
}
