//! What browsers and caches may keep. A built asset's address changes with its content
//! (`pkg/<hash>/…`, see `config::built_site_version`), so it is kept for a year without
//! asking again; the site's other files (icons, pictures) keep their names, so for a day; a
//! page may show who is signed in, so it is never shared and always revalidated.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const PAGE: &str = "private, no-cache";
pub const SITE_FILE: &str = "public, max-age=86400";

/// Marks a response as a file of the built site (set by the file service, see `startup`).
#[derive(Clone, Copy)]
pub struct SiteFile;

/// Where built assets live: `/pkg/<16 hex digits>/…` (the current build, and the one before,
/// which `scripts/build-site.sh` keeps for pages loaded before a restart).
#[derive(Clone)]
pub struct VersionedAssets(pub Option<Arc<str>>);

impl VersionedAssets {
    /// From the served package folder, `pkg/<version>`; None for an unversioned site.
    pub fn from_pkg_dir(site_pkg_dir: &str) -> VersionedAssets {
        VersionedAssets(
            site_pkg_dir
                .rsplit_once('/')
                .map(|(base, _version)| format!("/{base}/").into()),
        )
    }

    fn holds(&self, path: &str) -> bool {
        let Some(rest) = self.0.as_deref().and_then(|base| path.strip_prefix(base)) else {
            return false;
        };
        rest.split_once('/')
            .is_some_and(|(version, _file)| is_build_version(version))
    }
}

/// Whether `name` names a build's folder: the first 16 hex digits of the hash of its files,
/// as `scripts/build-site.sh` makes it.
pub fn is_build_version(name: &str) -> bool {
    name.len() == 16 && name.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// Adds Cache-Control where the response does not say it already.
pub async fn cache_control(State(assets): State<VersionedAssets>, request: Request, next: Next) -> Response {
    let versioned = assets.holds(request.uri().path());
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("text/html"));
    let success = response.status().is_success();
    let policy = if versioned && success {
        IMMUTABLE
    } else if html {
        PAGE
    } else if success && response.extensions().get::<SiteFile>().is_some() {
        SITE_FILE
    } else {
        return response;
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::VersionedAssets;

    #[test]
    fn any_built_version_is_versioned_and_nothing_else() {
        let assets = VersionedAssets::from_pkg_dir("pkg/0123456789abcdef");
        assert!(assets.holds("/pkg/0123456789abcdef/webrana.wasm"));
        assert!(assets.holds("/pkg/fedcba9876543210/webrana.js"));
        assert!(!assets.holds("/pkg/current"));
        assert!(!assets.holds("/pkg/webrana.wasm"));
        assert!(!assets.holds("/pkg/0123456789abcdeg/webrana.wasm"));
        assert!(!assets.holds("/favicon.ico"));
        assert!(!VersionedAssets::from_pkg_dir("pkg").holds("/pkg/0123456789abcdef/x.js"));
    }
}
