//! The installable portal's service worker and offline page (addresses in
//! `app::installable`; the manifest and icons are files in `public/`). They are
//! answered here, not kept in `public/`, because both name the current build's asset folder
//! (`pkg/<hash>/`), which changes with every build: the worker caches that folder, and the
//! offline page links that build's stylesheet.

use app::installable::{OFFLINE_PATH, SERVICE_WORKER_PATH};
use app::security::headers::SERVICE_WORKER_POLICY;
use axum::Router;
use axum::http::header;
use axum::routing::get;
use leptos::config::LeptosOptions;

const SERVICE_WORKER: &str = include_str!("service-worker.js");
const OFFLINE_PAGE: &str = include_str!("offline.html");

/// The worker and the offline page for the build `options` serve.
fn fill(options: &LeptosOptions) -> (String, String) {
    let assets = format!("/{}/", options.site_pkg_dir);
    let stylesheet = format!("{assets}{}.css", options.output_name);
    let worker = SERVICE_WORKER
        .replace("__ASSETS__", &assets)
        .replace("__OFFLINE__", OFFLINE_PATH)
        .replace("__STYLESHEET__", &stylesheet);
    let offline = OFFLINE_PAGE.replace("__STYLESHEET__", &stylesheet);
    (worker, offline)
}

/// `GET /sw.js` and `GET /offline.html` for the build `options` serve.
pub fn routes<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let (worker, offline) = fill(options);
    Router::new()
        .route(
            SERVICE_WORKER_PATH,
            get(move || async move {
                // Revalidated on every check, so a new build's worker is found at once.
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "no-cache"),
                        (header::CONTENT_SECURITY_POLICY, SERVICE_WORKER_POLICY),
                    ],
                    worker,
                )
            }),
        )
        .route(
            OFFLINE_PATH,
            get(move || async move { axum::response::Html(offline) }),
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_current_build_is_filled_in() {
        let mut options = leptos::config::LeptosOptions::builder()
            .output_name("webrana")
            .build();
        options.site_pkg_dir = "pkg/0123456789abcdef".into();
        let (worker, offline) = super::fill(&options);
        assert!(worker.contains("const ASSETS = '/pkg/0123456789abcdef/';"));
        assert!(worker.contains("'/pkg/0123456789abcdef/webrana.css'"));
        assert!(worker.contains("const OFFLINE = '/offline.html';"));
        assert!(offline.contains(r#"href="/pkg/0123456789abcdef/webrana.css""#));
        assert!(!worker.contains("__") && !offline.contains("__"));
    }
}
