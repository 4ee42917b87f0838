//! Responses travel compressed (issue 21): site files are compressed once when the site is
//! built and sent as they are; pages and JSON are compressed on the fly; clients that take
//! neither get plain bytes.

mod common;

use app::db::Engine;
use common::{TestAppOptions, TestDatabase, spawn_app_on};
use std::sync::Arc;

async fn site_files_go_precompressed_and_pages_compressed(engine: Engine) {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let css = "body{margin:0}".repeat(100);
    std::fs::write(pkg.join("site.css"), &css).unwrap();
    // Markers rather than real encodings: the server must send the stored copy, not its own.
    std::fs::write(pkg.join("site.css.br"), "brotli copy").unwrap();
    std::fs::write(pkg.join("site.css.gz"), "gzip copy").unwrap();
    let app = spawn_app_on(
        Arc::new(TestDatabase::create(engine).await),
        TestAppOptions {
            site_root: Some(site.path().display().to_string()),
            ..Default::default()
        },
    )
    .await;
    let fetch = |path: &'static str, accepts: &'static str| {
        let app = &app;
        async move {
            let response = app.get_with(path, &[("accept-encoding", accepts)]).await;
            let encoding = response
                .headers()
                .get("content-encoding")
                .map(|value| value.to_str().unwrap().to_string());
            (
                response.status().as_u16(),
                encoding,
                response.bytes().await.unwrap(),
            )
        }
    };
    let (status, encoding, body) = fetch("/pkg/site.css", "gzip, deflate, br").await;
    assert_eq!((status, encoding.as_deref()), (200, Some("br")));
    assert_eq!(&body[..], b"brotli copy");
    let (_, encoding, body) = fetch("/pkg/site.css", "gzip").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert_eq!(&body[..], b"gzip copy");
    let (_, encoding, body) = fetch("/pkg/site.css", "identity").await;
    assert_eq!(encoding, None);
    assert_eq!(&body[..], css.as_bytes());

    let (status, encoding, page) = fetch("/plans", "br").await;
    assert_eq!(
        (status, encoding.as_deref()),
        (200, Some("br")),
        "a page, on the fly"
    );
    let plain = app.get_with("/plans", &[("accept-encoding", "identity")]).await;
    assert!(
        page.len() * 3 < plain.text().await.unwrap().len(),
        "a third at most"
    );
    let (status, encoding, _) = fetch("/no-such-page", "gzip").await;
    assert_eq!(
        (status, encoding.as_deref()),
        (404, Some("gzip")),
        "the 404 page too"
    );
}

on_both_engines!(site_files_go_precompressed_and_pages_compressed);
