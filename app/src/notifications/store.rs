//! The notification rows: the inbox, the delivery log and each user's choices. Every read
//! and change of the inbox is scoped to one user, so no query can reach another's rows.

use super::{Channel, DeliveryStatus, NotificationKind, NotificationView};
use crate::clock::rfc3339;
use crate::db::{Db, Tx};
use crate::ids::UserId;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: UserId,
    #[sqlx(rename = "type")]
    pub kind: String,
    pub title: String,
    pub message: String,
    pub action_url: Option<String>,
    pub metadata: String,
    pub is_read: bool,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl NotificationRow {
    pub fn view(&self) -> NotificationView {
        NotificationView {
            id: self.id.clone(),
            kind: self.kind.clone(),
            title: self.title.clone(),
            message: self.message.clone(),
            action_url: self.action_url.clone(),
            is_read: self.is_read,
            created_at: rfc3339(&self.created_at),
        }
    }

    pub fn kind(&self) -> Option<NotificationKind> {
        NotificationKind::from_code(&self.kind)
    }
}

const COLUMNS: &str = "id, user_id, type, title, message, action_url, metadata, is_read, read_at, created_at";

/// Rows per INSERT: 11 values each stays far below either engine's limit of bound values.
const INSERT_CHUNK: usize = 1000;

/// Writes notifications, each with its dedupe key, in as few statements as their number
/// allows (an announcement's batch of 500 is one statement, not 500). Returns the ids
/// written: a row whose user already has one with the same dedupe key is left out.
pub async fn insert_all_in(
    tx: &mut Tx,
    rows: &[(NotificationRow, Option<String>)],
) -> Result<HashSet<String>, sqlx::Error> {
    let mut written = HashSet::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_CHUNK) {
        let ids: Vec<String> = on_tx!(&mut *tx, conn => {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO in_app_notifications (id, user_id, type, title, message, action_url, metadata, is_read, read_at, created_at, dedupe_key) ",
            );
            insert.push_values(chunk, |mut values, (row, dedupe_key)| {
                values
                    .push_bind(&row.id)
                    .push_bind(&row.user_id)
                    .push_bind(&row.kind)
                    .push_bind(&row.title)
                    .push_bind(&row.message)
                    .push_bind(&row.action_url)
                    .push_bind(&row.metadata)
                    .push_bind(row.is_read)
                    .push_bind(row.read_at)
                    .push_bind(row.created_at)
                    .push_bind(dedupe_key);
            });
            insert.push(" ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id");
            insert.build_query_scalar().fetch_all(&mut *conn).await
        })?;
        written.extend(ids);
    }
    Ok(written)
}

/// Which of a user's notifications to list.
#[derive(Debug, Clone, Default)]
pub struct InboxFilter {
    pub unread_only: bool,
    pub kind: Option<NotificationKind>,
    /// Only those older than this notification (ids are time-ordered UUIDv7).
    pub before: Option<String>,
    pub limit: i64,
}

/// Newest first.
pub async fn list(
    db: &Db,
    user_id: &UserId,
    filter: &InboxFilter,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM in_app_notifications WHERE user_id = $1 AND deleted_at IS NULL \
         AND ($2 = FALSE OR is_read = FALSE) AND ($3 IS NULL OR type = $3) AND ($4 IS NULL OR id < $4) \
         ORDER BY id DESC LIMIT $5"
    );
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(user_id)
        .bind(filter.unread_only)
        .bind(filter.kind.map(NotificationKind::code))
        .bind(filter.before.as_deref())
        .bind(filter.limit)
        .fetch_all(pool)
        .await)
}

/// What a reconnecting client may have missed: everything after the newest it holds, and
/// everything written lately (a transaction that began earlier can commit later, with an
/// older id). The client drops those it has. Oldest first.
pub async fn since(
    db: &Db,
    user_id: &UserId,
    after: Option<&str>,
    recent_from: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM in_app_notifications WHERE user_id = $1 AND deleted_at IS NULL \
         AND ($2 IS NULL OR id > $2 OR created_at >= $3) ORDER BY id DESC LIMIT $4"
    );
    let mut rows: Vec<NotificationRow> = on_db!(db, pool => sqlx::query_as(&sql)
        .bind(user_id)
        .bind(after)
        .bind(recent_from)
        .bind(limit)
        .fetch_all(pool)
        .await)?;
    rows.reverse();
    Ok(rows)
}

pub async fn find(db: &Db, user_id: &UserId, id: &str) -> Result<Option<NotificationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM in_app_notifications WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).bind(user_id).fetch_optional(pool).await)
}

/// One announcement batch's notification, with its owner's unread count.
#[derive(sqlx::FromRow)]
pub struct BatchRow {
    #[sqlx(flatten)]
    pub row: NotificationRow,
    pub unread: i64,
}

/// The notifications with dedupe key `key` of the users with ids in `(after, last]`, each
/// with its owner's unread count: one announcement batch, read in one query for all its
/// users' sockets (a query less on the way to them than rows and counts apart; bench/push.sh).
pub async fn find_batch_with_unread(
    db: &Db,
    key: &str,
    after: &str,
    last: &str,
) -> Result<Vec<BatchRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS}, (SELECT COUNT(*) FROM in_app_notifications c \
           WHERE c.user_id = n.user_id AND c.is_read = FALSE AND c.deleted_at IS NULL) AS unread \
         FROM in_app_notifications n \
         WHERE n.user_id > $1 AND n.user_id <= $2 AND n.dedupe_key = $3 AND n.deleted_at IS NULL"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(after).bind(last).bind(key).fetch_all(pool).await)
}

/// Any notification by id, for the delivery job (which runs for its owner).
pub async fn find_any(db: &Db, id: &str) -> Result<Option<NotificationRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM in_app_notifications WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn unread_count(db: &Db, user_id: &UserId) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM in_app_notifications WHERE user_id = $1 AND is_read = FALSE AND deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await)
}

/// Marks the user's unread notification `id` read — or all of them when `id` is `None`;
/// returns how many changed (0 for one read already, or not theirs).
pub async fn mark_read_in(
    tx: &mut Tx,
    user_id: &UserId,
    id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE in_app_notifications SET is_read = TRUE, read_at = $1 \
         WHERE user_id = $2 AND ($3 IS NULL OR id = $3) AND is_read = FALSE AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected()))
}

/// Hides a notification from its owner (the delivery log keeps it until retention).
pub async fn delete_in(
    tx: &mut Tx,
    user_id: &UserId,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE in_app_notifications SET deleted_at = $1, is_read = TRUE, read_at = COALESCE(read_at, $1) \
         WHERE id = $2 AND user_id = $3 AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Deletes notifications (and their delivery log) created before `cutoff`.
pub async fn prune_before(db: &Db, cutoff: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query(
            "DELETE FROM notification_deliveries WHERE notification_id IN \
             (SELECT id FROM in_app_notifications WHERE created_at < $1)",
        )
        .bind(cutoff)
        .execute(pool)
        .await?;
        sqlx::query("DELETE FROM in_app_notifications WHERE created_at < $1")
            .bind(cutoff)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })
}

// ---- Delivery log ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: String,
    pub notification_id: String,
    pub user_id: UserId,
    pub channel: Channel,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

const DELIVERY_COLUMNS: &str =
    "id, notification_id, user_id, channel, status, attempts, last_error, created_at, updated_at, sent_at";

pub async fn insert_delivery_in(
    tx: &mut Tx,
    id: &str,
    notification_id: &str,
    user_id: &UserId,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO notification_deliveries (id, notification_id, user_id, channel, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $5)",
    )
    .bind(id)
    .bind(notification_id)
    .bind(user_id)
    .bind(channel.code())
    .bind(now)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

pub async fn find_delivery(db: &Db, id: &str) -> Result<Option<DeliveryRow>, sqlx::Error> {
    let sql = format!("SELECT {DELIVERY_COLUMNS} FROM notification_deliveries WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Records an attempt's outcome: `sent`, `failed` (for good), `skipped`, or still
/// `pending` with the error of the attempt that will be retried.
pub async fn record_attempt(
    db: &Db,
    id: &str,
    status: DeliveryStatus,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "UPDATE notification_deliveries SET status = $1, attempts = attempts + 1, last_error = $2, updated_at = $3, \
         sent_at = CASE WHEN $1 = 'sent' THEN $3 ELSE sent_at END WHERE id = $4 AND status = 'pending'",
    )
    .bind(status)
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// A delivery with its notification's title and the recipient, for the admin log.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryLogRow {
    pub id: String,
    pub channel: Channel,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub title: String,
    #[sqlx(rename = "type")]
    pub kind: String,
    pub email: String,
}

/// The latest deliveries, newest first; only failures when `failed_only`.
pub async fn delivery_log(
    db: &Db,
    failed_only: bool,
    limit: i64,
) -> Result<Vec<DeliveryLogRow>, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT d.id, d.channel, d.status, d.attempts, d.last_error, d.updated_at, n.title, n.type, u.email \
         FROM notification_deliveries d JOIN in_app_notifications n ON n.id = d.notification_id \
         JOIN users u ON u.id = d.user_id \
         WHERE ($1 = FALSE OR d.status = 'failed' OR (d.status = 'pending' AND d.last_error IS NOT NULL)) \
         ORDER BY d.updated_at DESC, d.id DESC LIMIT $2",
    )
    .bind(failed_only)
    .bind(limit)
    .fetch_all(pool)
    .await)
}

// ---- Preferences and settings ----

/// The choices a user made (types and channels without a row keep their default).
pub async fn preferences_in(
    tx: &mut Tx,
    user_id: &UserId,
) -> Result<Vec<(String, String, bool)>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_as(
        "SELECT type, channel, enabled FROM notification_preferences WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await)
}

/// [`preferences_in`] of every user with an id in `(after, last]` (an announcement's batch).
pub async fn preferences_in_range(
    tx: &mut Tx,
    after: &str,
    last: &str,
) -> Result<Vec<(UserId, String, String, bool)>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_as(
        "SELECT user_id, type, channel, enabled FROM notification_preferences WHERE user_id > $1 AND user_id <= $2",
    )
    .bind(after)
    .bind(last)
    .fetch_all(&mut *conn)
    .await)
}

pub async fn set_preference_in(
    tx: &mut Tx,
    user_id: &UserId,
    kind: NotificationKind,
    channel: Channel,
    enabled: bool,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO notification_preferences (user_id, type, channel, enabled) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, type, channel) DO UPDATE SET enabled = excluded.enabled",
    )
    .bind(user_id)
    .bind(kind.code())
    .bind(channel.code())
    .bind(enabled)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SettingsRow {
    pub quiet_start: Option<i32>,
    pub quiet_end: Option<i32>,
    pub telegram_chat_id: Option<String>,
}

pub async fn settings_in(tx: &mut Tx, user_id: &UserId) -> Result<SettingsRow, sqlx::Error> {
    let row = on_tx!(tx, conn => sqlx::query_as(
        "SELECT quiet_start, quiet_end, telegram_chat_id FROM notification_settings WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await)?;
    Ok(row.unwrap_or_default())
}

/// [`settings_in`] of every user with an id in `(after, last]` who has any.
pub async fn settings_in_range(
    tx: &mut Tx,
    after: &str,
    last: &str,
) -> Result<std::collections::HashMap<UserId, SettingsRow>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        user_id: UserId,
        #[sqlx(flatten)]
        settings: SettingsRow,
    }
    let rows: Vec<Row> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT user_id, quiet_start, quiet_end, telegram_chat_id FROM notification_settings \
         WHERE user_id > $1 AND user_id <= $2",
    )
    .bind(after)
    .bind(last)
    .fetch_all(&mut *conn)
    .await)?;
    Ok(rows.into_iter().map(|row| (row.user_id, row.settings)).collect())
}

pub async fn set_quiet_hours_in(
    tx: &mut Tx,
    user_id: &UserId,
    quiet: Option<(i32, i32)>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO notification_settings (user_id, quiet_start, quiet_end, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, \
         updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(quiet.map(|(start, _)| start))
    .bind(quiet.map(|(_, end)| end))
    .bind(now)
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}
