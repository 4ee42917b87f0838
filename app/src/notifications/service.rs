//! The one way to notify a user: [`notify_in`]. Domain code calls it inside the transaction
//! of the change it reports; the inbox row, a delivery job per channel the user wants, and
//! the real-time event all commit with that change or not at all.

use super::store::{self, NotificationRow};
use super::templates::Notice;
use super::{Channel, NotificationKind};
use crate::clock::Clock;
use crate::db::{Db, Tx};
use crate::events::{Event, PublishError, publish_in};
use crate::ids::UserId;
use crate::jobs::NewJob;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const DELIVER_JOB: &str = "notifications.deliver";
/// Topics of the events pushed to the browser.
pub const TOPIC_NEW: &str = "notification:new";
pub const TOPIC_READ: &str = "notification:read";
pub const TOPIC_DELETED: &str = "notification:deleted";
/// A batch (an announcement) reached many users: every open socket checks for it.
pub const TOPIC_BATCH: &str = "notification:batch";
/// E-mail and Telegram are retried this often before a delivery counts as failed.
pub const DELIVERY_ATTEMPTS: i32 = 8;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliverJob {
    pub delivery_id: String,
}

/// Writes the notification for `user_id` (in their language, by their choices) and queues
/// its deliveries. Returns its id, or `None` when this notice was already given (its
/// dedupe key) or the account is gone.
pub async fn notify_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    user_id: &UserId,
    notice: &Notice,
) -> Result<Option<String>, sqlx::Error> {
    write_in(tx, clock, user_id, notice, true).await
}

/// What writing a notification needs to know of its recipient: their language, their
/// choices of type × channel and their delivery settings.
#[derive(Debug, Clone)]
pub(crate) struct Recipient {
    lang: crate::i18n::Lang,
    choices: Choices,
    settings: store::SettingsRow,
}

impl Recipient {
    /// `None` for no such account, or a deleted one.
    async fn load(tx: &mut Tx, user_id: &UserId) -> Result<Option<Recipient>, sqlx::Error> {
        let Some(lang) = crate::accounts::store::language_in(tx, user_id).await? else {
            return Ok(None);
        };
        Ok(Some(Recipient {
            lang,
            choices: Choices::load(tx, user_id).await?,
            settings: store::settings_in(tx, user_id).await?,
        }))
    }

    /// Every live account with an id in `(after, last]`, in three queries whatever their
    /// number: an announcement's batch of 500 would otherwise cost 1500 (bench/push.sh).
    pub(crate) async fn load_range(
        tx: &mut Tx,
        after: &str,
        last: &str,
    ) -> Result<HashMap<UserId, Recipient>, sqlx::Error> {
        let mut choices: HashMap<UserId, Choices> = HashMap::new();
        for (user_id, kind, channel, enabled) in store::preferences_in_range(tx, after, last).await? {
            choices.entry(user_id).or_default().push(&kind, &channel, enabled);
        }
        let mut settings = store::settings_in_range(tx, after, last).await?;
        let languages = crate::accounts::store::languages_in_range(tx, after, last).await?;
        Ok(languages
            .into_iter()
            .map(|(user_id, lang)| {
                let recipient = Recipient {
                    lang,
                    choices: choices.remove(&user_id).unwrap_or_default(),
                    settings: settings.remove(&user_id).unwrap_or_default(),
                };
                (user_id, recipient)
            })
            .collect())
    }
}

async fn write_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    user_id: &UserId,
    notice: &Notice,
    push: bool,
) -> Result<Option<String>, sqlx::Error> {
    match Recipient::load(tx, user_id).await? {
        Some(recipient) => write_for(tx, clock, user_id, &recipient, notice, push).await,
        None => Ok(None),
    }
}

/// [`notify_in`] for a user whose [`Recipient`] is loaded.
async fn write_for(
    tx: &mut Tx,
    clock: &dyn Clock,
    user_id: &UserId,
    recipient: &Recipient,
    notice: &Notice,
    push: bool,
) -> Result<Option<String>, sqlx::Error> {
    let written = write_for_all(tx, clock, &[(user_id, recipient)], notice, push).await?;
    Ok(written.into_iter().next())
}

/// [`notify_in`] for many users at once (an announcement's batch), their [`Recipient`]s
/// loaded for the whole batch: the inbox rows go in one statement. `push` false leaves the
/// real-time event to the caller, who sends one for the whole batch. Returns the ids
/// written, in the order of `recipients`.
pub(crate) async fn write_for_all(
    tx: &mut Tx,
    clock: &dyn Clock,
    recipients: &[(&UserId, &Recipient)],
    notice: &Notice,
    push: bool,
) -> Result<Vec<String>, sqlx::Error> {
    let kind = notice.kind();
    let now = clock.now();
    let metadata = serde_json::to_string(notice).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    let mut rendered = HashMap::new();
    let rows: Vec<(NotificationRow, Option<String>)> = recipients
        .iter()
        .map(|(user_id, recipient)| {
            let text = rendered
                .entry(recipient.lang)
                .or_insert_with(|| notice.render(recipient.lang));
            let in_app = recipient.choices.wants(kind, Channel::InApp);
            let row = NotificationRow {
                id: uuid::Uuid::now_v7().to_string(),
                user_id: (*user_id).clone(),
                kind: kind.code().to_string(),
                title: text.title.clone(),
                message: text.message.clone(),
                action_url: text.action_url.clone(),
                metadata: metadata.clone(),
                // Muted in the inbox: kept in the history (it anchors the delivery log), never badged.
                is_read: !in_app,
                read_at: (!in_app).then_some(now),
                created_at: now,
            };
            (row, text.dedupe_key.clone())
        })
        .collect();
    let inserted = store::insert_all_in(tx, &rows).await?;
    let mut written = Vec::with_capacity(inserted.len());
    for ((row, _), (user_id, recipient)) in rows.iter().zip(recipients) {
        if !inserted.contains(&row.id) {
            continue;
        }
        queue_outside_deliveries(tx, clock, &row.id, user_id, recipient, kind).await?;
        if push && !row.is_read {
            publish_for(tx, TOPIC_NEW, user_id, serde_json::json!({ "id": row.id })).await?;
        }
        written.push(row.id.clone());
    }
    Ok(written)
}

/// A delivery and its job for each outside channel (e-mail, Telegram) the user wants this
/// kind of notice on and can be reached by, sent after their quiet hours.
async fn queue_outside_deliveries(
    tx: &mut Tx,
    clock: &dyn Clock,
    notification_id: &str,
    user_id: &UserId,
    recipient: &Recipient,
    kind: NotificationKind,
) -> Result<(), sqlx::Error> {
    let Recipient {
        choices, settings, ..
    } = recipient;
    let now = clock.now();
    let send_at = match (kind, settings.quiet_start, settings.quiet_end) {
        // A security alert is urgent by nature: it ignores quiet hours.
        (NotificationKind::SecurityAlert, _, _) => now,
        (_, Some(start), Some(end)) => after_quiet_hours(now, start, end),
        _ => now,
    };
    for channel in [Channel::Email, Channel::Telegram] {
        let reachable = channel != Channel::Telegram || settings.telegram_chat_id.is_some();
        if !reachable || !choices.wants(kind, channel) {
            continue;
        }
        let delivery_id = uuid::Uuid::now_v7().to_string();
        store::insert_delivery_in(tx, &delivery_id, notification_id, user_id, channel, now).await?;
        let job = NewJob::new(DELIVER_JOB, DeliverJob { delivery_id })
            .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
            .max_attempts(DELIVERY_ATTEMPTS)
            .run_at(send_at);
        crate::jobs::enqueue_in(tx, clock, job).await?;
    }
    Ok(())
}

/// [`notify_in`] in a transaction of its own.
pub async fn notify(
    db: &Db,
    clock: &dyn Clock,
    user_id: &UserId,
    notice: &Notice,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = notify_in(&mut tx, clock, user_id, notice).await?;
    tx.commit().await?;
    Ok(id)
}

/// Publishes a user's event with the transaction (an event too large is a bug, not a
/// reason to lose the change: it is logged and the browser catches up on reconnect).
pub async fn publish_for(
    tx: &mut Tx,
    topic: &str,
    user_id: &UserId,
    payload: serde_json::Value,
) -> Result<(), sqlx::Error> {
    match publish_in(tx, &Event::new(topic, Some(user_id.clone()), payload)).await {
        Ok(()) => Ok(()),
        Err(PublishError::Database(error)) => Err(error),
        Err(error) => {
            tracing::error!(%error, topic, "event not published");
            Ok(())
        }
    }
}

/// A user's choices of type × channel, over the defaults.
#[derive(Debug, Clone, Default)]
pub struct Choices(Vec<(NotificationKind, Channel, bool)>);

impl Choices {
    pub async fn load(tx: &mut Tx, user_id: &UserId) -> Result<Choices, sqlx::Error> {
        let mut choices = Choices::default();
        for (kind, channel, enabled) in store::preferences_in(tx, user_id).await? {
            choices.push(&kind, &channel, enabled);
        }
        Ok(choices)
    }

    /// One stored choice (codes this version does not know are ignored).
    fn push(&mut self, kind: &str, channel: &str, enabled: bool) {
        if let (Some(kind), Some(channel)) = (NotificationKind::from_code(kind), Channel::from_code(channel))
        {
            self.0.push((kind, channel, enabled));
        }
    }

    pub fn wants(&self, kind: NotificationKind, channel: Channel) -> bool {
        if !kind.can_mute(channel) {
            return true;
        }
        self.0
            .iter()
            .find(|(k, c, _)| *k == kind && *c == channel)
            .map_or_else(|| kind.enabled_by_default(channel), |(_, _, enabled)| *enabled)
    }
}

/// When outside messages may go: `now`, or the end of the quiet hours (minutes after
/// midnight WIB, `start..end`, possibly across midnight) that `now` falls in.
pub fn after_quiet_hours(now: DateTime<Utc>, start: i32, end: i32) -> DateTime<Utc> {
    if start == end {
        return now;
    }
    let wib = now + Duration::hours(7);
    let minute = (wib.timestamp().rem_euclid(86_400) / 60) as i32;
    let quiet = if start < end {
        (start..end).contains(&minute)
    } else {
        minute >= start || minute < end
    };
    if !quiet {
        return now;
    }
    let wait = (end - minute).rem_euclid(24 * 60);
    // To the start of that minute, so the wait never ends inside the quiet hours.
    now + Duration::minutes(i64::from(wait)) - Duration::seconds(wib.timestamp().rem_euclid(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn quiet_hours_hold_messages_until_they_end() {
        // 22:00–07:00 WIB; 23:30 WIB is 16:30 UTC.
        let (start, end) = (22 * 60, 7 * 60);
        assert_eq!(
            after_quiet_hours(at("2026-12-01T16:30:20Z"), start, end),
            at("2026-12-02T00:00:00Z")
        );
        // 06:59 WIB: one minute left.
        assert_eq!(
            after_quiet_hours(at("2026-12-01T23:59:00Z"), start, end),
            at("2026-12-02T00:00:00Z")
        );
        // 12:00 WIB is not quiet.
        let noon = at("2026-12-02T05:00:00Z");
        assert_eq!(after_quiet_hours(noon, start, end), noon);
        // Same start and end: no quiet hours.
        assert_eq!(after_quiet_hours(noon, 600, 600), noon);
        // Daytime window 09:00–17:00 WIB at 12:00 WIB: until 17:00 WIB (10:00 UTC).
        assert_eq!(
            after_quiet_hours(noon, 9 * 60, 17 * 60),
            at("2026-12-02T10:00:00Z")
        );
    }

    #[test]
    fn choices_fall_back_to_defaults_and_cannot_silence_security_alerts() {
        let choices = Choices(vec![
            (NotificationKind::VpsActive, Channel::Email, false),
            (NotificationKind::SecurityAlert, Channel::InApp, false),
            (NotificationKind::SystemAnnouncement, Channel::Email, true),
        ]);
        assert!(!choices.wants(NotificationKind::VpsActive, Channel::Email));
        assert!(choices.wants(NotificationKind::VpsActive, Channel::InApp));
        assert!(choices.wants(NotificationKind::SecurityAlert, Channel::InApp));
        assert!(choices.wants(NotificationKind::SystemAnnouncement, Channel::Email));
        assert!(!choices.wants(NotificationKind::OrderCreated, Channel::Email));
    }
}
