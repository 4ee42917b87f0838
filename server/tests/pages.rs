//! Server-rendered pages: language, theme, 404 — what a visitor without JavaScript gets.

mod common;

use app::db::Engine;
use common::{TestAppOptions, TestDatabase, spawn_app, spawn_app_on};
use std::sync::Arc;

async fn home_renders_in_indonesian_by_default(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="id""#), "{html}");
    assert!(html.contains("VPS andal, siap dalam hitungan menit"));
    assert!(
        html.contains("/webrana.js\""),
        "hydration script points at the bundle"
    );
}

async fn language_and_theme_cookies_shape_the_first_render(engine: Engine) {
    let app = spawn_app(engine).await;
    let html = app
        .get_with("/", &[("cookie", "lang=en; theme=dark")])
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"lang="en""#));
    assert!(html.contains(r#"class="dark""#));
    assert!(html.contains("Reliable VPS, ready in minutes"));
}

async fn switching_language_without_javascript_sets_a_cookie_and_redirects_back(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app
        .browser_form_post("/api/preferences/language", "/", &[("lang", "en")])
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap();
    assert_eq!(
        location.trim_end_matches('?'),
        app.url("/"),
        "back to the page the form was on"
    );
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

async fn an_unknown_language_is_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app
        .client
        .post(app.url("/api/preferences/language"))
        .header("accept", "application/json")
        .form(&[("lang", "xx")])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error() || response.status().is_server_error());
    assert!(response.headers().get("set-cookie").is_none());
}

async fn unknown_pages_are_404_with_a_friendly_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app.get("/halaman/yang/tidak/ada").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Halaman tidak ditemukan"), "{html}");
    assert!(html.contains("Kembali ke beranda"));
}

async fn static_files_are_served_and_missing_ones_are_404(engine: Engine) {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("robots.txt"), "User-agent: *\n").unwrap();
    let database = Arc::new(TestDatabase::create(engine).await);
    let options = TestAppOptions {
        site_root: Some(site.path().display().to_string()),
        ..Default::default()
    };
    let app = spawn_app_on(database, options).await;

    let response = app.get("/robots.txt").await;
    assert_eq!(response.status(), 200);
    let body = tokio::time::timeout(common::REQUEST_TIMEOUT, response.text())
        .await
        .expect("body within timeout");
    assert_eq!(body.unwrap(), "User-agent: *\n");
    assert_eq!(app.get("/pkg/missing.js").await.status(), 404);
}

/// A built site serves its assets from `pkg/<hash>/` (named in `pkg/current`): pages point
/// there, the assets may be kept for a year, pages are revalidated every time.
async fn built_assets_are_kept_a_year_and_pages_revalidated(engine: Engine) {
    let site = tempfile::tempdir().unwrap();
    let build = site.path().join("pkg").join("0123456789abcdef");
    std::fs::create_dir_all(&build).unwrap();
    std::fs::write(site.path().join("pkg").join("current"), "0123456789abcdef\n").unwrap();
    std::fs::write(build.join("webrana.css"), "body{margin:0}").unwrap();
    std::fs::write(site.path().join("favicon.ico"), [0u8; 16]).unwrap();
    let database = Arc::new(TestDatabase::create(engine).await);
    let options = TestAppOptions {
        site_root: Some(site.path().display().to_string()),
        ..Default::default()
    };
    let app = spawn_app_on(database, options).await;

    let page = app.get("/").await;
    assert_eq!(page.headers()["cache-control"], "private, no-cache");
    let html = page.text().await.unwrap();
    for asset in [
        "/pkg/0123456789abcdef/webrana.js",
        "/pkg/0123456789abcdef/webrana.css",
    ] {
        assert!(html.contains(asset), "{asset} in {html}");
    }
    let css = app.get("/pkg/0123456789abcdef/webrana.css").await;
    assert_eq!(css.status(), 200);
    assert_eq!(
        css.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let icon = app.get("/favicon.ico").await;
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers()["cache-control"], "public, max-age=86400");
    let missing = app.get("/pkg/0123456789abcdef/gone.js").await;
    assert_eq!(missing.status(), 404);
    assert_ne!(
        missing.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

on_both_engines!(
    built_assets_are_kept_a_year_and_pages_revalidated,
    home_renders_in_indonesian_by_default,
    language_and_theme_cookies_shape_the_first_render,
    switching_language_without_javascript_sets_a_cookie_and_redirects_back,
    an_unknown_language_is_refused,
    unknown_pages_are_404_with_a_friendly_page,
    static_files_are_served_and_missing_ones_are_404,
);
