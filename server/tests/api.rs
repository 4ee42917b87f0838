//! The REST API's conventions, seen from a client: problem documents for every error, the
//! public catalog with pages and ETags, the OpenAPI document and its interactive docs.

mod common;

use app::db::Engine;
use common::{spawn_app, spawn_app_with_catalog};
use serde_json::Value;

/// A problem document: status, media type, and the body.
async fn problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status, "{}", response.url());
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "{}",
        response.url()
    );
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_string();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert_eq!(body["request_id"], request_id, "the body quotes the request id");
    body
}

async fn every_error_is_a_problem_document(engine: Engine) {
    let app = spawn_app_with_catalog(engine).await;
    let unknown = problem(app.get("/api/v1/no-such-thing").await, 404).await;
    assert_eq!(unknown["type"], "tag:webrana.cloud,2026:problem/not-found");
    assert_eq!(unknown["instance"], "/api/v1/no-such-thing");

    let anonymous = problem(app.get("/api/v1/me").await, 401).await;
    assert_eq!(anonymous["type"], "tag:webrana.cloud,2026:problem/unauthorized");

    let wrong_method = app
        .client
        .delete(app.url("/api/v1/catalog/plans"))
        .send()
        .await
        .unwrap();
    assert!(
        wrong_method.headers().contains_key("allow"),
        "405 keeps its Allow header"
    );
    problem(wrong_method, 405).await;

    // axum's own rejection text is passed on as the detail.
    let malformed = problem(app.get("/api/v1/catalog/plans?min_vcpu=banyak").await, 400).await;
    assert!(
        malformed["detail"].as_str().unwrap().contains("min_vcpu"),
        "{malformed}"
    );

    let out_of_range = problem(app.get("/api/v1/catalog/plans?limit=0").await, 422).await;
    assert_eq!(out_of_range["errors"]["limit"], "out_of_range");
    let not_ours = problem(app.get("/api/v1/catalog/plans?cursor=bukan").await, 422).await;
    assert_eq!(not_ours["errors"]["cursor"], "invalid");
    let below_one = problem(app.get("/api/v1/catalog/plans?max_price=0").await, 422).await;
    assert_eq!(below_one["errors"]["max_price"], "out_of_range");

    let missing = problem(app.get("/api/v1/catalog/plans/no-such-plan").await, 404).await;
    assert_eq!(missing["title"], "Not found");
    app.stop().await.unwrap();
}

async fn the_catalog_is_public_paged_and_cached(engine: Engine) {
    let app = spawn_app_with_catalog(engine).await;
    // Walk the plans two at a time: every plan once, in the storefront's order (cheapest first).
    let mut seen: Vec<Value> = Vec::new();
    let mut cursor = String::new();
    loop {
        let response = app
            .get(&format!("/api/v1/catalog/plans?limit=2&cursor={cursor}"))
            .await;
        assert_eq!(response.status(), 200);
        let page: Value = response.json().await.unwrap();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    let everything: Value = app
        .get("/api/v1/catalog/plans?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(Value::Array(seen.clone()), everything["items"]);
    assert!(seen.len() > 2, "the seeded catalog has more than one page");
    let prices: Vec<i64> = seen
        .iter()
        .map(|plan| plan["monthly_price"].as_i64().unwrap())
        .collect();
    assert!(prices.windows(2).all(|pair| pair[0] <= pair[1]), "{prices:?}");

    // Each cycle is priced by the storefront's rule: the annual cycle's discount, then PPN.
    let plan = &seen[0];
    let annual = plan["prices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|price| price["cycle"] == "annual")
        .unwrap();
    let quote = app::orders::pricing::quote(
        app::money::Rupiah(plan["monthly_price"].as_i64().unwrap()),
        12,
        annual["discount_percent"].as_i64().unwrap() as i32,
        None,
    );
    assert_eq!(annual["total"], quote.total.get());

    // Filters narrow the list as on /plans.
    let big: Value = app
        .get("/api/v1/catalog/plans?min_memory_gb=8&sort=price-desc&limit=100")
        .await
        .json()
        .await
        .unwrap();
    let big = big["items"].as_array().unwrap();
    assert!(!big.is_empty());
    assert!(
        big.iter()
            .all(|plan| plan["memory_mb"].as_i64().unwrap() >= 8 * 1024)
    );
    let regions: Value = app
        .get("/api/v1/catalog/regions?provider=vultr&limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        regions["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|region| region["provider"] == "vultr")
    );

    // One plan; then the same answer again is "not modified", with no body.
    let id = plan["id"].as_str().unwrap();
    let first = app.get(&format!("/api/v1/catalog/plans/{id}")).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["cache-control"], "public, max-age=60");
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(&first.json::<Value>().await.unwrap(), plan);
    let again = app
        .get_with(
            &format!("/api/v1/catalog/plans/{id}"),
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());

    // A price change gives a new tag (this instance forgets its copy as an admin edit does).
    app::on_db!(&app.state.db, pool => sqlx::query("UPDATE plans SET monthly_price = monthly_price + 1000 WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    app.services.catalog.invalidate();
    let changed = app
        .get_with(
            &format!("/api/v1/catalog/plans/{id}"),
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    app.stop().await.unwrap();
}

async fn the_document_describes_every_route(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/v1/me",
        "/api/v1/catalog/plans",
        "/api/v1/catalog/plans/{id}",
        "/api/v1/notifications",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    // Every operation says how it fails, and the schemes are there.
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                operation["responses"]["default"]["content"]["application/problem+json"].is_object(),
                "{method} {path} documents its problem answer"
            );
        }
    }
    assert!(document["components"]["securitySchemes"]["api_key"].is_object());
    assert_eq!(
        server::rest::openapi().paths.paths.len(),
        paths.len(),
        "the served document is the generated one"
    );

    // The interactive docs come from the binary, with a policy that lets them run.
    let docs = app.get("/api/docs/").await;
    assert_eq!(docs.status(), 200);
    let policy = docs.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let html = docs.text().await.unwrap();
    assert!(html.contains("swagger-ui-bundle.js"));
    let config = app
        .get("/api/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(config.contains("/api/v1/openapi.json"), "{config}");
    let bundle = app.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), 200);
    app.stop().await.unwrap();
}

async fn only_listed_origins_may_call_the_api_from_their_pages(engine: Engine) {
    let preflight = |app: &common::TestApp, origin: &str, path: &str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url(path))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization, idempotency-key")
            .send()
    };
    let closed = spawn_app(engine).await;
    let answer = preflight(
        &closed,
        "https://app.example.com",
        "/api/v1/notifications/read-all",
    )
    .await
    .unwrap();
    assert!(
        !answer.headers().contains_key("access-control-allow-origin"),
        "closed by default"
    );
    closed.stop().await.unwrap();

    let open = common::spawn_app_with_env(
        engine,
        vec![(
            "WEBRANA_API_CORS_ORIGINS",
            "https://app.example.com, http://localhost:5173".into(),
        )],
    )
    .await;
    let answer = preflight(&open, "https://app.example.com", "/api/v1/notifications/read-all")
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{}", answer.status());
    assert_eq!(
        answer.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let allowed = lowercase_header(&answer, "access-control-allow-headers");
    assert!(
        allowed.contains("authorization") && allowed.contains("idempotency-key"),
        "{allowed}"
    );
    assert!(
        !answer.headers().contains_key("access-control-allow-credentials"),
        "keys, never cookies"
    );
    let read = open
        .get_with(
            "/api/v1/catalog/providers",
            &[("origin", "http://localhost:5173")],
        )
        .await;
    assert_eq!(
        read.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let exposed = lowercase_header(&read, "access-control-expose-headers");
    assert!(
        exposed.contains("etag") && exposed.contains("ratelimit-remaining"),
        "{exposed}"
    );
    // Another origin, and the pages' own server functions, get nothing.
    let other = open
        .get_with("/api/v1/catalog/providers", &[("origin", "https://evil.example")])
        .await;
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    let page_function = preflight(&open, "https://app.example.com", "/api/auth/me")
        .await
        .unwrap();
    assert!(
        !page_function
            .headers()
            .contains_key("access-control-allow-origin")
    );
    open.stop().await.unwrap();
}

on_both_engines!(
    only_listed_origins_may_call_the_api_from_their_pages,
    every_error_is_a_problem_document,
    the_catalog_is_public_paged_and_cached,
    the_document_describes_every_route,
);

/// A header's value in lower case (header lists are case-insensitive).
fn lowercase_header(response: &reqwest::Response, name: &str) -> String {
    response.headers()[name].to_str().unwrap().to_lowercase()
}
