//! The OpenAPI 3.1 document: what utoipa collects from the handlers' `#[utoipa::path]`
//! attributes, plus what every operation shares (the auth schemes, the problem answer).

use super::problem::{PROBLEM_JSON, Problem};
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";
/// Where people read it (Swagger UI, served from the binary).
pub const DOCS_PATH: &str = "/api/docs";

/// The names of the two ways to authenticate, as operations list them in `security`.
pub const API_KEY: &str = "api_key";
pub const SESSION: &str = "session";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "WeBrana Cloud API",
        version = "1.0.0",
        description = "Order, pay for and run VPS servers on DigitalOcean, Vultr and Linode from \
            your own programs.\n\n\
            **Authentication.** Create a key on *Account → API keys* and send it as \
            `Authorization: Bearer wbr_…`. A key acts as you, limited to the scopes you gave it. \
            Pages of this site may call the API with their session cookie.\n\n\
            **Errors** are `application/problem+json` (RFC 9457): branch on `type`, show `title`, \
            quote `request_id` to support.\n\n\
            **Lists** take `cursor` and `limit` and answer `{\"items\": [...], \"next_cursor\": ...}`; \
            pass `next_cursor` back as `cursor` until it is `null`.\n\n\
            **Caching.** Reads carry an `ETag`; send it back as `If-None-Match` to get `304 Not Modified` \
            while nothing changed. Money is whole rupiah (IDR) as integers.",
    ),
    components(schemas(Problem)),
    tags(
        (name = "account", description = "Who the caller is"),
        (name = "catalog", description = "Providers, regions, OS images and plans: public, no key needed"),
        (name = "orders", description = "Quote, place (idempotently), list and cancel the caller's orders"),
        (name = "billing", description = "The caller's invoices (as data and PDF), payments and balance"),
        (name = "services", description = "The caller's servers and the actions on them"),
        (name = "notifications", description = "The caller's in-app notifications"),
    )
)]
pub struct ApiDoc;

/// Adds what every operation shares to the document the router collected.
pub fn complete(openapi: &mut utoipa::openapi::OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        API_KEY,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("wbr_…")
                .description(Some("A personal API key from Account → API keys."))
                .build(),
        ),
    );
    components.add_security_scheme(
        SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::accounts::sessions::SESSION_COOKIE,
            "The session of a signed-in browser (this site's own pages).",
        ))),
    );
    let problem = ResponseBuilder::new()
        .description("An error, as RFC 9457 problem details.")
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    "Problem",
                ))))
                .build(),
        )
        .build();
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            operation
                .responses
                .responses
                .entry("default".to_string())
                .or_insert_with(|| RefOr::T(problem.clone()));
        }
    }
}
