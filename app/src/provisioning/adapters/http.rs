//! The HTTP side every real adapter shares: bearer token, JSON, pacing below the provider's
//! rate limit, `429`/`Retry-After`, and one mapping of failures onto [`ProviderError`].

use super::super::provider::ProviderError;
use super::health::Health;
use crate::clock::SharedClock;
use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// How to reach one provider's API. The token is a secret: `Debug` hides it.
#[derive(Clone)]
pub struct ApiSettings {
    /// e.g. `https://api.digitalocean.com`; a mock's address in tests.
    pub base_url: String,
    pub token: String,
    /// Smallest gap between two calls, to stay under the provider's rate limit.
    pub min_interval: Duration,
    pub timeout: Duration,
}

impl std::fmt::Debug for ApiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiSettings")
            .field("base_url", &self.base_url)
            .field("token", &"[redacted]")
            .field("min_interval", &self.min_interval)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// What a call answered: `None` for 404, the JSON body (or `Null` when empty) otherwise.
pub type Reply = Option<Value>;

pub struct ApiClient {
    provider: &'static str,
    http: reqwest::Client,
    settings: ApiSettings,
    schedule: Mutex<Schedule>,
    health: Health,
    /// Tells when a `Retry-After` is over (injectable, so tests need not wait).
    clock: SharedClock,
}

/// When the next call may go out: paced by `min_interval`, held back by a `Retry-After`.
struct Schedule {
    next_slot: Instant,
    blocked_until: Option<DateTime<Utc>>,
}

impl ApiClient {
    pub fn new(provider: &'static str, settings: ApiSettings, clock: SharedClock) -> ApiClient {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .user_agent(concat!("webrana-cloud/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("HTTP client settings are valid");
        ApiClient::with_client(provider, settings, clock, http)
    }

    /// With a client of the caller's (tests add headers such as Prism's `Prefer`).
    pub fn with_client(
        provider: &'static str,
        settings: ApiSettings,
        clock: SharedClock,
        http: reqwest::Client,
    ) -> ApiClient {
        ApiClient {
            provider,
            http,
            settings,
            clock,
            schedule: Mutex::new(Schedule {
                next_slot: Instant::now(),
                blocked_until: None,
            }),
            health: Health::default(),
        }
    }

    pub fn health(&self) -> &Health {
        &self.health
    }

    pub async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Reply, ProviderError> {
        self.call(Method::GET, path, query, None).await
    }

    /// `body: None` sends no body at all (actions that take none).
    pub async fn post(&self, path: &str, body: Option<&Value>) -> Result<Reply, ProviderError> {
        self.call(Method::POST, path, &[], body).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Result<Reply, ProviderError> {
        self.call(Method::PATCH, path, &[], Some(body)).await
    }

    /// Deleting what is already gone (404) succeeds.
    pub async fn delete(&self, path: &str) -> Result<(), ProviderError> {
        self.call(Method::DELETE, path, &[], None).await.map(|_| ())
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Reply, ProviderError> {
        self.wait_for_slot().await?;
        let url = format!("{}{path}", self.settings.base_url.trim_end_matches('/'));
        let mut request = self
            .http
            .request(method.clone(), &url)
            .bearer_auth(&self.settings.token)
            .header(reqwest::header::ACCEPT, "application/json");
        if !query.is_empty() {
            request = request.query(query);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let result = self.answer(request.send().await).await;
        match &result {
            Ok(_) => self.health.success(),
            Err(error) => {
                tracing::warn!(provider = self.provider, %method, path, %error, "provider call failed");
                self.health.failure(&error.to_string());
            }
        }
        result
    }

    async fn answer(&self, sent: Result<reqwest::Response, reqwest::Error>) -> Result<Reply, ProviderError> {
        let response = sent.map_err(|error| {
            ProviderError::retryable(format!("{}: {}", self.provider, without_url(&error)))
        })?;
        let status = response.status();
        if status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let retry_after = retry_after(response.headers());
        let text = response.text().await.map_err(|error| {
            ProviderError::retryable(format!(
                "{}: reading the answer: {}",
                self.provider,
                without_url(&error)
            ))
        })?;
        if status.is_success() {
            if text.trim().is_empty() {
                return Ok(Some(Value::Null));
            }
            return serde_json::from_str(&text).map(Some).map_err(|error| {
                ProviderError::retryable(format!("{}: unreadable answer: {error}", self.provider))
            });
        }
        let message = format!(
            "{}: HTTP {} {}",
            self.provider,
            status.as_u16(),
            error_text(&text)
        );
        if status == StatusCode::TOO_MANY_REQUESTS {
            let wait = retry_after.unwrap_or(Duration::from_secs(30));
            self.block_for(wait);
            return Err(ProviderError::Retryable {
                message,
                retry_after: Some(wait),
            });
        }
        if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
            return Err(ProviderError::Retryable { message, retry_after });
        }
        Err(ProviderError::permanent(message))
    }

    /// Waits for this client's next slot; while a `Retry-After` holds, refuses at once
    /// (a job should not sleep for minutes holding a worker).
    async fn wait_for_slot(&self) -> Result<(), ProviderError> {
        let slot = {
            let mut schedule = self.schedule.lock().expect("schedule lock");
            let today = self.clock.now();
            if let Some(until) = schedule.blocked_until.filter(|until| *until > today) {
                return Err(ProviderError::Retryable {
                    message: format!("{}: rate limited", self.provider),
                    retry_after: (until - today).to_std().ok(),
                });
            }
            let now = Instant::now();
            let slot = schedule.next_slot.max(now);
            schedule.next_slot = slot + self.settings.min_interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
        Ok(())
    }

    fn block_for(&self, wait: Duration) {
        let mut schedule = self.schedule.lock().expect("schedule lock");
        schedule.blocked_until =
            Some(self.clock.now() + chrono::Duration::from_std(wait).unwrap_or_default());
    }
}

/// How long the provider asks us to wait: `Retry-After` in seconds (an HTTP date counts as
/// 60 s), else the reset time of the rate-limit window (`ratelimit-reset` at DigitalOcean,
/// `X-RateLimit-Reset` at Linode, epoch seconds) when it lies ahead. At most an hour.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    };
    let wait = match header("retry-after") {
        Some(value) => match value.parse::<u64>() {
            Ok(seconds) => Duration::from_secs(seconds),
            Err(_) => Duration::from_secs(60),
        },
        None => {
            let reset: i64 = header("ratelimit-reset")
                .or(header("x-ratelimit-reset"))?
                .parse()
                .ok()?;
            let ahead = reset - chrono::Utc::now().timestamp();
            Duration::from_secs(u64::try_from(ahead).ok().filter(|ahead| *ahead > 0)?)
        }
    };
    Some(wait.min(Duration::from_secs(3600)))
}

/// The provider's own words from an error body: DigitalOcean `message`, Vultr `error`,
/// Linode `errors[].reason` (with the field), else the first 200 characters.
fn error_text(text: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let from_json = parsed.as_ref().and_then(|body| {
        if let Some(message) = body.get("message").and_then(Value::as_str) {
            return Some(message.to_string());
        }
        if let Some(message) = body.get("error").and_then(Value::as_str) {
            return Some(message.to_string());
        }
        let reasons: Vec<String> = body
            .get("errors")?
            .as_array()?
            .iter()
            .filter_map(|error| {
                let reason = error.get("reason")?.as_str()?;
                Some(match error.get("field").and_then(Value::as_str) {
                    Some(field) => format!("{field}: {reason}"),
                    None => reason.to_string(),
                })
            })
            .collect();
        (!reasons.is_empty()).then(|| reasons.join("; "))
    });
    from_json.unwrap_or_else(|| text.chars().take(200).collect())
}

/// reqwest's message without the URL (which could carry query values).
fn without_url(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut message = kind.to_string();
    if let Some(source) = std::error::Error::source(error) {
        message.push_str(&format!(" ({source})"));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_text_reads_each_providers_error_shape() {
        assert_eq!(
            error_text(r#"{"id":"unprocessable_entity","message":"Size is not available"}"#),
            "Size is not available"
        );
        assert_eq!(
            error_text(r#"{"error":"Invalid plan","status":400}"#),
            "Invalid plan"
        );
        assert_eq!(
            error_text(
                r#"{"errors":[{"field":"label","reason":"Label must be unique"},{"reason":"Try again"}]}"#
            ),
            "label: Label must be unique; Try again"
        );
        assert_eq!(error_text("<html>Bad gateway</html>"), "<html>Bad gateway</html>");
    }

    #[test]
    fn retry_after_takes_seconds_and_caps_them() {
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(reqwest::header::RETRY_AFTER, "17".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(17)));
        headers.insert(reqwest::header::RETRY_AFTER, "999999".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3600)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "Wed, 21 Oct 2026 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(60)));
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("ratelimit-reset", "1444931833".parse().unwrap());
        assert_eq!(
            retry_after(&headers),
            None,
            "a reset time in the past says nothing"
        );
        let soon = chrono::Utc::now().timestamp() + 40;
        headers.insert("ratelimit-reset", soon.to_string().parse().unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(
            (Duration::from_secs(38)..=Duration::from_secs(40)).contains(&wait),
            "{wait:?}"
        );
    }
}
