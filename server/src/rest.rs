//! The REST API v1 assembled: every capability's endpoints (`app::*::api::routes`), the
//! OpenAPI document utoipa collects from them, the interactive docs, and the conventions
//! layer that makes every error a problem document.

use crate::startup::ServerState;
use app::api::docs::{ApiDoc, DOCS_PATH, OPENAPI_PATH};
use app::api::problem::{Problem, ProblemType, with_problem_details};
use app::security::headers::API_DOCS_POLICY;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::any;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

/// Every `/api/v1` endpoint and the docs.
pub fn routes() -> Router<ServerState> {
    let (api, openapi) = collect();
    let api = api
        // An address under /api/v1 that names nothing is a problem too, not the site's 404 page.
        .route(
            "/api/v1/{*rest}",
            any(|| async { Problem::new(ProblemType::NotFound) }),
        )
        .layer(axum::middleware::from_fn(with_problem_details));
    let docs: Router<ServerState> = SwaggerUi::new(DOCS_PATH).url(OPENAPI_PATH, openapi).into();
    let docs = docs.layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(API_DOCS_POLICY),
    ));
    api.merge(docs)
}

/// The OpenAPI document (for `webrana openapi` and the tests) without serving anything.
pub fn openapi() -> utoipa::openapi::OpenApi {
    collect().1
}

fn collect() -> (Router<ServerState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(app::accounts::api::routes())
        .merge(app::catalog::api::routes())
        .merge(app::notifications::api::routes())
        .split_for_parts();
    app::api::docs::complete(&mut openapi);
    (router, openapi)
}
