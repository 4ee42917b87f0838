//! The API's rate-limit tiers (`RateTiers`, numbers in settings): every call counts against
//! its client address (the public tier), a call with credentials also against its key or
//! session (the authenticated tier), and a call that changes something also against the
//! write tier. Counters live in the database, so every instance behind the load balancer
//! shares them (`security::rate_limit`). Each answer says where the tightest of its counters
//! stands (`RateLimit-Limit`, `-Remaining`, `-Reset`); over a limit the answer is a
//! `rate-limited` problem with `Retry-After`.

use super::ApiError;
use super::problem::{Problem, ProblemType};
use crate::accounts::api_keys::ssr::bearer;
use crate::error::AppError;
use crate::security::client_ip::ClientIp;
use crate::security::rate_limit::{Decision, Limit, RateLimiter, Usage};
use crate::security::tokens::digest;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn with_rate_limits(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let tiers = state.settings.rate_limits;
    let client = request
        .extensions()
        .get::<ClientIp>()
        .map(ClientIp::bucket)
        .unwrap_or_default();
    let caller = credential(request.headers());
    let mut counters: Vec<(String, Limit)> = vec![(format!("api:ip:{client}"), tiers.public_read)];
    if let Some(caller) = &caller {
        counters.push((format!("api:caller:{caller}"), tiers.authenticated));
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let who = caller.clone().unwrap_or_else(|| client.clone());
        counters.push((format!("api:write:{who}"), tiers.write));
    }
    let limiter = RateLimiter::new(state.db.clone(), state.clock.clone());
    let mut tightest: Option<Usage> = None;
    for (bucket, limit) in counters {
        match limiter.hit(&bucket, limit).await {
            Ok(Decision::Allowed(usage)) => {
                if tightest.is_none_or(|known| usage.remaining < known.remaining) {
                    tightest = Some(usage);
                }
            }
            Ok(Decision::Limited(usage)) => {
                let mut response = ApiError::from(Problem::new(ProblemType::RateLimited))
                    .with_header("retry-after", usage.reset_secs.to_string())
                    .into_response();
                describe(response.headers_mut(), usage);
                return response;
            }
            Err(error) => return ApiError::from(AppError::internal(error)).into_response(),
        }
    }
    let mut response = next.run(request).await;
    if let Some(usage) = tightest {
        describe(response.headers_mut(), usage);
    }
    response
}

/// Who is calling, for the counters: a digest of the API key or of the session cookie
/// (never the secret itself). Checked or not: an unknown key only shares its address's
/// public counter and gets its own, so inventing keys buys nothing.
fn credential(headers: &HeaderMap) -> Option<String> {
    if let Some(key) = bearer(headers) {
        return Some(digest(key)[..32].to_string());
    }
    let prefix = format!("{}=", crate::accounts::sessions::SESSION_COOKIE);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(prefix.as_str()))
        .map(|session| digest(session)[..32].to_string())
}

fn describe(headers: &mut HeaderMap, usage: Usage) {
    for (name, value) in [
        ("ratelimit-limit", usage.limit),
        ("ratelimit-remaining", usage.remaining),
        ("ratelimit-reset", usage.reset_secs),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
}
