//! Linking a user's Telegram chat, proven either way round: the user sends our one-time
//! code to the bot (we learn the chat from the update), or enters their chat id and types
//! back the code our test message brought them. Codes are stored as digests and expire.

use super::telegram::TelegramBot;
use super::texts::NotificationText;
use crate::db::Db;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::on_db;
use crate::security::tokens::digest;
use chrono::{DateTime, Duration, Utc};

pub const CODE_LIFETIME_MINUTES: i64 = 15;

/// A short code that is easy to type on a phone (no 0/O, 1/I).
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..8)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Stores a fresh code for the user (replacing an older one). `chat_id` is the chat the
/// code was sent to, when the user entered it.
pub async fn store_code(
    db: &Db,
    user_id: &UserId,
    code: &str,
    chat_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let expires = now + Duration::minutes(CODE_LIFETIME_MINUTES);
    on_db!(db, pool => sqlx::query(
        "INSERT INTO notification_settings (user_id, telegram_code_digest, telegram_code_chat_id, telegram_code_expires_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET telegram_code_digest = excluded.telegram_code_digest, \
         telegram_code_chat_id = excluded.telegram_code_chat_id, telegram_code_expires_at = excluded.telegram_code_expires_at, \
         updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(digest(&normalise(code)))
    .bind(chat_id)
    .bind(expires)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))
}

fn normalise(code: &str) -> String {
    code.trim().to_uppercase()
}

/// Links the chat the code belongs to. From the bot (`from_chat` is the chat that sent the
/// code): any live code sent without a chat. Typed back by a signed-in user
/// (`for_user`): their own code, linking the chat it was sent to. Returns the user linked.
pub async fn redeem(
    db: &Db,
    code: &str,
    from_chat: Option<&str>,
    for_user: Option<&UserId>,
    now: DateTime<Utc>,
) -> Result<Option<UserId>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "UPDATE notification_settings SET telegram_chat_id = COALESCE($1, telegram_code_chat_id), telegram_linked_at = $2, \
         telegram_code_digest = NULL, telegram_code_chat_id = NULL, telegram_code_expires_at = NULL, updated_at = $2 \
         WHERE telegram_code_digest = $3 AND telegram_code_expires_at > $2 \
         AND (($1 IS NOT NULL AND telegram_code_chat_id IS NULL) OR ($4 IS NOT NULL AND user_id = $4 AND telegram_code_chat_id IS NOT NULL)) \
         RETURNING user_id",
    )
    .bind(from_chat)
    .bind(now)
    .bind(digest(&normalise(code)))
    .bind(for_user)
    .fetch_optional(pool)
    .await)
}

/// Handles [`ACCESS_REVOKED_JOB`]: a password change or reset, or "sign out everywhere",
/// unlinks the account's Telegram chat (whoever took over the account may have linked it).
pub fn register(registry: &mut crate::jobs::JobRegistry, db: Db, clock: crate::clock::SharedClock) {
    use crate::accounts::sessions::{ACCESS_REVOKED_JOB, AccessRevokedJob};
    registry.register(ACCESS_REVOKED_JOB, move |job: crate::jobs::Job| {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            let payload: AccessRevokedJob = job.payload()?;
            unlink(&db, &payload.user_id, clock.now())
                .await
                .map_err(|error| crate::jobs::JobError::Retryable(error.to_string()))
        }
    });
}

pub async fn unlink(db: &Db, user_id: &UserId, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "UPDATE notification_settings SET telegram_chat_id = NULL, telegram_linked_at = NULL, updated_at = $1 WHERE user_id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The chat a user linked, if any.
pub async fn linked_chat(db: &Db, user_id: &UserId) -> Result<Option<String>, sqlx::Error> {
    let chat: Option<Option<String>> = on_db!(db, pool => sqlx::query_scalar(
        "SELECT telegram_chat_id FROM notification_settings WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await)?;
    Ok(chat.flatten())
}

/// Tells the chat it is linked (best effort: the link stands even if this fails).
pub async fn confirm_in_chat(bot: &TelegramBot, chat_id: &str, lang: Lang) {
    if let Err(error) = bot
        .send_message(chat_id, NotificationText::TelegramLinkedMessage.text(lang))
        .await
    {
        tracing::warn!(%error, "could not confirm the Telegram link in the chat");
    }
}

/// The code a Telegram message carries: `/start CODE` (the bot's deep link) or the code alone.
pub fn code_in_message(text: &str) -> Option<&str> {
    let text = text.trim();
    let code = text.strip_prefix("/start").map(str::trim).unwrap_or(text);
    (code.len() == 8 && code.chars().all(|c| c.is_ascii_alphanumeric())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_start_commands_and_plain_messages() {
        let code = new_code();
        assert_eq!(code.len(), 8);
        assert_eq!(code_in_message(&format!("/start {code}")), Some(code.as_str()));
        assert_eq!(code_in_message(&format!("  {code} ")), Some(code.as_str()));
        assert_eq!(code_in_message("hello there"), None);
        assert_eq!(code_in_message("/start"), None);
    }
}

pub const WEBHOOK_PATH: &str = "/api/v1/telegram/webhook";

/// The part of a Telegram update we read: a message with its chat and text.
#[derive(serde::Deserialize)]
pub struct Update {
    message: Option<UpdateMessage>,
}

#[derive(serde::Deserialize)]
struct UpdateMessage {
    chat: UpdateChat,
    text: Option<String>,
}

#[derive(serde::Deserialize)]
struct UpdateChat {
    id: i64,
}

/// `POST /api/v1/telegram/webhook`: updates from Telegram (set with `setWebhook` and our
/// secret token). A message carrying a live link code links its chat. Always answers 200
/// to a genuine update, or Telegram would resend it.
pub async fn webhook(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    axum::extract::State(bot): axum::extract::State<Option<super::telegram::TelegramBot>>,
    headers: axum::http::HeaderMap,
    axum::Json(update): axum::Json<Update>,
) -> axum::http::StatusCode {
    use axum::http::StatusCode;
    use subtle::ConstantTimeEq;
    let Some(bot) = bot else {
        return StatusCode::NOT_FOUND;
    };
    let secret = headers
        .get("x-telegram-bot-api-secret-token")
        .map(|value| value.as_bytes())
        .unwrap_or_default();
    if !bool::from(secret.ct_eq(bot.webhook_secret.as_bytes())) {
        return StatusCode::UNAUTHORIZED;
    }
    let Some(message) = update.message else {
        return StatusCode::OK;
    };
    let (chat, text) = (message.chat.id.to_string(), message.text.unwrap_or_default());
    let Some(code) = code_in_message(&text) else {
        return StatusCode::OK;
    };
    match redeem(&state.db, code, Some(&chat), None, state.clock.now()).await {
        Ok(Some(user_id)) => {
            let lang = crate::accounts::store::find_by_id(&state.db, &user_id)
                .await
                .ok()
                .flatten()
                .map(|user| user.language())
                .unwrap_or_default();
            confirm_in_chat(&bot, &chat, lang).await;
            StatusCode::OK
        }
        Ok(None) => StatusCode::OK,
        Err(error) => {
            tracing::warn!(%error, "could not redeem a Telegram link code");
            // Telegram retries on errors: the code may work once the database is back.
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}
