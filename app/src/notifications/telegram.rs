//! The Telegram channel: the Bot API's `sendMessage`, and what a failure means for retrying.
//! The bot token is part of every request path, so it never appears in logs or errors.

use serde::Deserialize;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct TelegramBot {
    http: reqwest::Client,
    /// `https://api.telegram.org` in production; a mock in tests.
    api_base: String,
    token: String,
    /// The bot's @username, for the link that opens a chat with it.
    pub username: String,
    /// Telegram repeats it in the `X-Telegram-Bot-Api-Secret-Token` header of every update
    /// it sends to our webhook, so nobody else can post updates.
    pub webhook_secret: String,
}

impl std::fmt::Debug for TelegramBot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramBot")
            .field("api_base", &self.api_base)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TelegramError {
    #[error("telegram unavailable: {0}")]
    Retryable(String, Option<Duration>),
    /// The chat is gone, the bot was blocked, or the request is wrong.
    #[error("telegram refused: {0}")]
    Permanent(String),
}

#[derive(Deserialize)]
struct Reply {
    ok: bool,
    description: Option<String>,
    parameters: Option<ReplyParameters>,
}

#[derive(Deserialize)]
struct ReplyParameters {
    retry_after: Option<u64>,
}

impl TelegramBot {
    pub fn new(api_base: &str, token: &str, username: &str, webhook_secret: &str) -> TelegramBot {
        TelegramBot {
            http: reqwest::Client::builder()
                .timeout(TIMEOUT)
                .build()
                .expect("a client with a timeout builds"),
            api_base: api_base.trim_end_matches('/').to_string(),
            token: token.to_string(),
            username: username.trim_start_matches('@').to_string(),
            webhook_secret: webhook_secret.to_string(),
        }
    }

    /// Sends plain text (no parse mode: nothing in a message needs escaping).
    pub async fn send_message(&self, chat_id: &str, text: &str) -> Result<(), TelegramError> {
        let url = format!("{}/bot{}/sendMessage", self.api_base, self.token);
        let body = serde_json::json!({
            "chat_id": chat_id,
            "text": text,
            "link_preview_options": { "is_disabled": true },
        });
        let response = self
            .http
            .post(url)
            .json(&body)
            .send()
            .await
            // Without the URL: it holds the token.
            .map_err(|error| TelegramError::Retryable(error.without_url().to_string(), None))?;
        let status = response.status();
        let reply: Option<Reply> = response.json().await.ok();
        if status.is_success() && reply.as_ref().is_some_and(|reply| reply.ok) {
            return Ok(());
        }
        let description = reply
            .as_ref()
            .and_then(|reply| reply.description.clone())
            .unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
        let retry_after = reply
            .and_then(|reply| reply.parameters)
            .and_then(|parameters| parameters.retry_after)
            .map(Duration::from_secs);
        if status.as_u16() == 429 || status.is_server_error() {
            Err(TelegramError::Retryable(description, retry_after))
        } else {
            Err(TelegramError::Permanent(description))
        }
    }
}
