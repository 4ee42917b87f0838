//! Server functions of the inbox and the notification settings. Each works on the caller's
//! own notifications only.

use super::{InboxPage, NotificationSettings};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the caller's notifications, newest first (`before`: the previous page's cursor).
#[server(endpoint = "notifications/list")]
pub async fn list_notifications(
    #[server(default)] unread_only: bool,
    #[server(default)] kind: String,
    #[server(default)] before: String,
    #[server(default)] limit: i64,
) -> Result<InboxPage, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let limit = if limit <= 0 { super::PAGE_SIZE } else { limit };
    super::inbox::page(&state, &user.id, unread_only, Some(&kind), Some(before), limit).await
}

#[server(endpoint = "notifications/read")]
pub async fn mark_notification_read(id: String) -> Result<(), AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    super::inbox::mark_read(&state, &user.id, &id)
        .await
        .map_err(AppError::with_status)
}

#[server(endpoint = "notifications/read-all")]
pub async fn mark_all_notifications_read() -> Result<u64, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    super::inbox::mark_all_read(&state, &user.id).await
}

#[server(endpoint = "notifications/delete")]
pub async fn delete_notification(id: String) -> Result<(), AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    super::inbox::delete(&state, &user.id, &id)
        .await
        .map_err(AppError::with_status)
}

/// The caller's choices per type × channel, quiet hours and Telegram link.
#[server(endpoint = "notifications/settings")]
pub async fn get_notification_settings() -> Result<NotificationSettings, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    ssr::settings(&state, &user.id).await
}

/// Turns one type × channel on or off (security alerts stay in the inbox).
#[server(endpoint = "notifications/preference")]
pub async fn set_notification_preference(
    kind: String,
    channel: String,
    enabled: bool,
) -> Result<(), AppError> {
    use super::{Channel, NotificationKind};
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let invalid = || AppError::Validation(Default::default()).with_status();
    let kind = NotificationKind::from_code(&kind).ok_or_else(invalid)?;
    let channel = Channel::from_code(&channel).ok_or_else(invalid)?;
    if !kind.can_mute(channel) {
        return Err(AppError::Forbidden.with_status());
    }
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    super::store::set_preference_in(&mut tx, &user.id, kind, channel, enabled)
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)
}

/// Quiet hours as `HH:MM` WIB; both empty turns them off.
#[server(endpoint = "notifications/quiet-hours")]
pub async fn set_quiet_hours(
    #[server(default)] quiet_start: String,
    #[server(default)] quiet_end: String,
) -> Result<(), AppError> {
    use crate::accounts::validation::field_error;
    use crate::ui::FormText;
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let quiet = match (ssr::minutes(&quiet_start), ssr::minutes(&quiet_end)) {
        (Some(Some(start)), Some(Some(end))) => Some((start, end)),
        (Some(None), Some(None)) => None,
        (Some(_), _) => return Err(field_error("quiet_end", FormText::TimeOfDay).with_status()),
        (None, _) => return Err(field_error("quiet_start", FormText::TimeOfDay).with_status()),
    };
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    super::store::set_quiet_hours_in(&mut tx, &user.id, quiet, state.clock.now())
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)
}

/// A one-time code to send to our bot; it links the chat it comes from. Linking a chat
/// needs a confirmed address, like API keys.
#[server(endpoint = "notifications/telegram-code")]
pub async fn create_telegram_code() -> Result<String, AppError> {
    let user = crate::accounts::auth::ssr::require_verified_user().await?;
    let state = crate::state::AppState::from_context()?;
    ssr::bot()?;
    let code = super::linking::new_code();
    super::linking::store_code(&state.db, &user.id, &code, None, state.clock.now())
        .await
        .map_err(AppError::internal)?;
    Ok(code)
}

/// Sends a test message with a code to the chat the user entered; typing the code back
/// ([`confirm_telegram`]) proves the chat is theirs.
#[server(endpoint = "notifications/telegram-test")]
pub async fn send_telegram_test(chat_id: String) -> Result<(), AppError> {
    use super::NotificationText;
    use crate::accounts::validation::field_error;
    use crate::ui::FormText;
    let (state, user) = crate::accounts::auth::ssr::require_verified_user_row().await?;
    let bot = ssr::bot()?;
    let chat_id = chat_id.trim().to_string();
    let valid = !chat_id.is_empty()
        && chat_id.len() <= 32
        && chat_id
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit());
    if !valid {
        return Err(field_error("chat_id", FormText::TelegramChatId).with_status());
    }
    // Each test message goes to a chat of the user's choosing: a few per quarter hour.
    state
        .enforce_limit(
            &format!("telegram-test:{}", user.id),
            crate::security::Limit::TELEGRAM_TEST_PER_USER,
        )
        .await?;
    let code = super::linking::new_code();
    super::linking::store_code(&state.db, &user.id, &code, Some(&chat_id), state.clock.now())
        .await
        .map_err(AppError::internal)?;
    let text = format!(
        "{} {code}",
        NotificationText::TelegramTestMessage.text(user.language())
    );
    if let Err(error) = bot.send_message(&chat_id, &text).await {
        tracing::info!(%error, "telegram test message not delivered");
        return Err(field_error("chat_id", FormText::TelegramUnreachable).with_status());
    }
    Ok(())
}

/// Links the chat the test message went to, if `code` is the one it carried.
#[server(endpoint = "notifications/telegram-confirm")]
pub async fn confirm_telegram(code: String) -> Result<(), AppError> {
    use crate::accounts::validation::field_error;
    use crate::ui::FormText;
    let (state, user) = crate::accounts::auth::ssr::require_verified_user_row().await?;
    let bot = ssr::bot()?;
    let linked = super::linking::redeem(&state.db, &code, None, Some(&user.id), state.clock.now())
        .await
        .map_err(AppError::internal)?;
    if linked.is_none() {
        return Err(field_error("code", FormText::TelegramCodeInvalid).with_status());
    }
    if let Some(chat) = super::linking::linked_chat(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?
    {
        super::linking::confirm_in_chat(&bot, &chat, user.language()).await;
    }
    Ok(())
}

#[server(endpoint = "notifications/telegram-unlink")]
pub async fn unlink_telegram() -> Result<(), AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    super::linking::unlink(&state.db, &user.id, state.clock.now())
        .await
        .map_err(AppError::internal)
}

/// Turns off e-mail for the type an unsubscribe link names; works without signing in (the
/// link is sealed with the server key). Returns the type's code.
#[server(endpoint = "notifications/unsubscribe")]
pub async fn unsubscribe_email(token: String) -> Result<String, AppError> {
    let state = crate::state::AppState::from_context()?;
    super::unsubscribe::apply(&state, &token)
        .await
        .map_err(AppError::with_status)
}

/// The announcements whose banner shows now, each in (Indonesian, English). Public.
#[server(endpoint = "notifications/announcements")]
pub async fn active_announcements() -> Result<Vec<(super::BannerView, super::BannerView)>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let cache = crate::state::use_server::<super::banners::BannerCache>()?;
    let banners = cache
        .active(&state.db, state.clock.as_ref())
        .await
        .map_err(AppError::internal)?;
    Ok(banners.as_ref().clone())
}

#[cfg(feature = "ssr")]
pub(super) mod ssr {
    use super::super::service::Choices;
    use super::super::telegram::TelegramBot;
    use super::super::{Channel, NotificationKind, NotificationSettings, PreferenceRow, TelegramState};
    use crate::error::AppError;
    use crate::state::AppState;

    /// The Telegram bot, when this site has one configured.
    pub fn configured_bot() -> Result<Option<TelegramBot>, AppError> {
        crate::state::use_server::<Option<TelegramBot>>()
    }

    pub fn bot() -> Result<TelegramBot, AppError> {
        configured_bot()?.ok_or_else(|| AppError::Conflict("telegram unavailable".into()).with_status())
    }

    /// `HH:MM` as minutes after midnight: `Some(None)` for empty, `None` for nonsense.
    pub fn minutes(text: &str) -> Option<Option<i32>> {
        let text = text.trim();
        if text.is_empty() {
            return Some(None);
        }
        let (hours, minutes) = text.split_once(':')?;
        let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
        ((0..24).contains(&hours) && (0..60).contains(&minutes)).then_some(Some(hours * 60 + minutes))
    }

    fn clock_text(minutes: Option<i32>) -> String {
        minutes.map_or_else(String::new, |m| format!("{:02}:{:02}", m / 60, m % 60))
    }

    pub async fn settings(
        state: &AppState,
        user_id: &crate::ids::UserId,
    ) -> Result<NotificationSettings, AppError> {
        let mut tx = state.db.begin_read().await.map_err(AppError::internal)?;
        let choices = Choices::load(&mut tx, user_id)
            .await
            .map_err(AppError::internal)?;
        let saved = super::super::store::settings_in(&mut tx, user_id)
            .await
            .map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)?;
        let rows = NotificationKind::ALL
            .iter()
            .map(|kind| PreferenceRow {
                kind: *kind,
                channels: Channel::ALL
                    .iter()
                    .map(|channel| (choices.wants(*kind, *channel), kind.can_mute(*channel)))
                    .collect(),
            })
            .collect();
        let telegram = match (configured_bot()?, saved.telegram_chat_id) {
            (None, _) => TelegramState::Unavailable,
            (Some(_), Some(chat_id)) => TelegramState::Linked { chat_id },
            (Some(bot), None) => TelegramState::NotLinked {
                bot_username: bot.username,
            },
        };
        Ok(NotificationSettings {
            rows,
            quiet_start: clock_text(saved.quiet_start),
            quiet_end: clock_text(saved.quiet_end),
            telegram,
        })
    }
}
