//! The REST API v1 assembled: every capability's endpoints (`app::*::api::routes`), the
//! OpenAPI document utoipa collects from them, the interactive docs, and the conventions
//! layer that makes every error a problem document.

use crate::startup::ServerState;
use app::api::docs::{ApiDoc, DOCS_PATH, OPENAPI_PATH};
use app::api::problem::{Problem, ProblemType, with_problem_details};
use app::security::headers::API_DOCS_POLICY;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::routing::any;
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

/// Every `/api/v1` endpoint and the docs. `cors_origins` may call the API from their pages
/// (none by default: browsers then keep other sites' pages from reading our answers).
pub fn routes(state: &ServerState, cors_origins: &[String]) -> Router<ServerState> {
    let (api, openapi) = collect();
    let api = api
        // An address under /api/v1 that names nothing is a problem too, not the site's 404 page.
        .route(
            "/api/v1/{*rest}",
            any(|| async { Problem::new(ProblemType::NotFound) }),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.core.clone(),
            app::api::limits::with_rate_limits,
        ))
        .layer(axum::middleware::from_fn(with_problem_details));
    let api = match cors(cors_origins) {
        Some(cors) => api.layer(cors),
        None => api,
    };
    let docs: Router<ServerState> = SwaggerUi::new(DOCS_PATH).url(OPENAPI_PATH, openapi).into();
    let docs = docs.layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(API_DOCS_POLICY),
    ));
    api.merge(docs)
}

/// The CORS policy for the allowed origins: keys only (no cookies: `allow_credentials` stays
/// off, so another site's page cannot act with a visitor's session), the methods and
/// headers the API uses, and the headers a client needs to read.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|origin| origin.parse().ok()).collect();
    if origins.is_empty() {
        return None;
    }
    let header = |name: &'static str| HeaderName::from_static(name);
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::IF_NONE_MATCH,
                header("idempotency-key"),
            ])
            .expose_headers([
                header::ETAG,
                header::LOCATION,
                header::RETRY_AFTER,
                header("ratelimit-limit"),
                header("ratelimit-remaining"),
                header("ratelimit-reset"),
                header("x-request-id"),
            ])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

/// The OpenAPI document (for `webrana openapi` and the tests) without serving anything.
pub fn openapi() -> utoipa::openapi::OpenApi {
    collect().1
}

fn collect() -> (Router<ServerState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(app::accounts::api::routes())
        .merge(app::catalog::api::routes())
        .merge(app::orders::api::routes())
        .merge(app::billing::api::routes())
        .merge(app::payments::api::routes())
        .merge(app::services::api::routes())
        .merge(app::notifications::api::routes())
        .split_for_parts();
    app::api::docs::complete(&mut openapi);
    (router, openapi)
}
