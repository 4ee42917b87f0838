//! The storefront's public pages, rendered once and served from memory for a moment.
//!
//! A visitor who is not signed in sees the same landing, plans, sign-in and sign-up page as
//! every other visitor with the same language and theme: the only per-request byte is the
//! Content-Security-Policy nonce. Rendering such a page costs several times what sending it
//! does (docs/BENCHMARKS.md), so this layer keeps each one as the text around its nonce and
//! puts the request's own nonce in when it answers from memory. An HTTP cache in front
//! (a CDN, a reverse proxy) could not do that part, hence our own; see docs/ARCHITECTURE.md.
//!
//! A kept page is dropped when this instance's catalog changes (an admin's edit), when an
//! announcement batch goes out on any instance (the banner: `BannerCache::generation`), and
//! at the latest after `ttl` by the wall clock and by the app's clock (a banner's end, other
//! instances' catalog edits). A page rendered while either changed is never answered.
//! Requests with a session cookie, other methods and other paths never touch it.

use app::accounts::sessions::SESSION_COOKIE;
use app::catalog::CatalogCache;
use app::clock::SharedClock;
use app::notifications::banners::BannerCache;
use app::preferences::{Theme, cookie_value, request_lang};
use app::security::headers::CspNonce;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The pages every anonymous visitor sees alike. Not the order wizard (it prices what the
/// address asks, and answers 422 to wrong input) nor a page with a token in its address.
const PUBLIC_PAGES: [&str; 5] = ["/", "/plans", "/login", "/signup", "/forgot-password"];

/// At most this many pages in memory (the plans page has a key per filter in its address):
/// a full cache first forgets what has aged out, then stops keeping new ones.
const MAX_PAGES: usize = 256;

/// What a page's text depends on besides the database.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    lang: &'static str,
    theme: &'static str,
}

/// A kept page: its headers, and its body cut where the nonce was.
struct Page {
    kept_at: Instant,
    kept_at_app: DateTime<Utc>,
    catalog: u64,
    banners: u64,
    headers: HeaderMap,
    around_nonce: Vec<Bytes>,
}

#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

struct Inner {
    ttl: Duration,
    clock: SharedClock,
    catalog: CatalogCache,
    banners: BannerCache,
    pages: RwLock<HashMap<Key, Arc<Page>>>,
}

impl PageCache {
    /// A zero `ttl` turns the cache off.
    pub fn new(ttl: Duration, clock: SharedClock, catalog: CatalogCache, banners: BannerCache) -> PageCache {
        PageCache {
            inner: Arc::new(Inner {
                ttl,
                clock,
                catalog,
                banners,
                pages: RwLock::default(),
            }),
        }
    }

    /// The key of a request this cache may answer.
    fn key(&self, request: &Request) -> Option<Key> {
        let headers = request.headers();
        let cacheable = !self.inner.ttl.is_zero()
            && request.method() == Method::GET
            && PUBLIC_PAGES.contains(&request.uri().path())
            && cookie_value(headers, SESSION_COOKIE).is_none();
        cacheable.then(|| Key {
            path_and_query: request
                .uri()
                .path_and_query()
                .map_or("/", |path| path.as_str())
                .to_owned(),
            lang: request_lang(headers).code(),
            theme: Theme::from_code(&cookie_value(headers, Theme::COOKIE).unwrap_or_default())
                .unwrap_or_default()
                .code(),
        })
    }

    fn fresh(&self, key: &Key) -> Option<Arc<Page>> {
        let pages = self.inner.pages.read().unwrap_or_else(|e| e.into_inner());
        pages.get(key).filter(|page| self.is_fresh(page)).cloned()
    }

    fn is_fresh(&self, page: &Page) -> bool {
        let app_age = (self.inner.clock.now() - page.kept_at_app).to_std();
        page.kept_at.elapsed() < self.inner.ttl
            && app_age.is_ok_and(|age| age < self.inner.ttl)
            && page.catalog == self.inner.catalog.generation()
            && page.banners == self.inner.banners.generation()
    }

    fn keep(&self, key: Key, page: Page) {
        let mut pages = self.inner.pages.write().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
            pages.retain(|_, kept| self.is_fresh(kept));
            if pages.len() >= MAX_PAGES {
                return;
            }
        }
        pages.insert(key, Arc::new(page));
    }
}

/// Answers a public page from memory when it can, and keeps what it renders otherwise.
/// Runs inside the security headers' layer, which made this request's nonce.
pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let nonce = request.extensions().get::<CspNonce>().cloned();
    let (Some(key), Some(CspNonce(nonce))) = (cache.key(&request), nonce) else {
        return next.run(request).await;
    };
    if let Some(page) = cache.fresh(&key) {
        return answer(&page, &nonce);
    }
    let (kept_at, kept_at_app) = (Instant::now(), cache.inner.clock.now());
    let (catalog, banners) = (cache.inner.catalog.generation(), cache.inner.banners.generation());
    let response = next.run(request).await;
    if !may_keep(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        tracing::error!("a public page's body failed while it was read");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        return Response::from_parts(parts, Body::from(body));
    };
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    let page = Page {
        kept_at,
        kept_at_app,
        catalog,
        banners,
        headers,
        around_nonce: text
            .split(&*nonce)
            .map(|piece| body.slice_ref(piece.as_bytes()))
            .collect(),
    };
    cache.keep(key, page);
    Response::from_parts(parts, Body::from(body))
}

/// A complete page that sets nothing for its visitor.
fn may_keep(response: &Response) -> bool {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("text/html"));
    response.status() == StatusCode::OK && html && !response.headers().contains_key(header::SET_COOKIE)
}

fn answer(page: &Page, nonce: &str) -> Response {
    let length = page.around_nonce.iter().map(Bytes::len).sum::<usize>()
        + nonce.len() * page.around_nonce.len().saturating_sub(1);
    let mut body = Vec::with_capacity(length);
    for (index, piece) in page.around_nonce.iter().enumerate() {
        if index > 0 {
            body.extend_from_slice(nonce.as_bytes());
        }
        body.extend_from_slice(piece);
    }
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = page.headers.clone();
    response
}
