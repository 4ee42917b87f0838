//! Announcements: staff write one in both languages for an audience; a job turns it into a
//! `SYSTEM_ANNOUNCEMENT` notification per user, a batch per transaction (so 100 000
//! users never hold up the request that sent it, and a crash resumes at the last batch),
//! with one real-time event per batch. Until its banner ends it shows across the site.

use super::service::{Recipient, TOPIC_BATCH, write_for_all};
use super::templates::{Bilingual, Notice};
use super::{Audience, BannerView, Severity};
use crate::clock::{Clock, SharedClock};
use crate::db::{Db, Tx};
use crate::events::{Event, publish_in};
use crate::i18n::Lang;
use crate::jobs::{Job, JobError, JobRegistry, NewJob};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const ANNOUNCE_JOB: &str = "notifications.announce";
/// Users written per transaction.
pub const BATCH: i64 = 500;

#[derive(Debug, Clone)]
pub struct NewAnnouncement {
    pub title: Bilingual,
    pub body: Bilingual,
    pub severity: Severity,
    pub link: Option<String>,
    pub audience: Audience,
    pub banner_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnnouncementRow {
    pub id: String,
    pub title_id: String,
    pub title_en: String,
    pub body_id: String,
    pub body_en: String,
    pub severity: String,
    pub link: Option<String>,
    pub audience: String,
    pub provider_slug: Option<String>,
    pub created_at: DateTime<Utc>,
    pub banner_until: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub recipients: i32,
}

impl AnnouncementRow {
    pub fn audience(&self) -> Audience {
        Audience::from_parts(&self.audience, self.provider_slug.as_deref())
    }

    fn notice(&self) -> Notice {
        Notice::Announcement {
            announcement_id: self.id.clone(),
            title: Bilingual::new(&self.title_id, &self.title_en),
            message: Bilingual::new(&self.body_id, &self.body_en),
            link: self.link.clone(),
        }
    }

    pub fn banner(&self, lang: Lang) -> BannerView {
        let (title, body) = match lang {
            Lang::Id => (&self.title_id, &self.body_id),
            Lang::En => (&self.title_en, &self.body_en),
        };
        BannerView {
            id: self.id.clone(),
            title: title.clone(),
            body: body.clone(),
            severity: Severity::from_code(&self.severity).unwrap_or(Severity::Info),
            link: self.link.clone(),
        }
    }
}

const COLUMNS: &str = "id, title_id, title_en, body_id, body_en, severity, link, audience, provider_slug, \
    created_at, banner_until, sent_at, recipients";

#[derive(Serialize, Deserialize)]
struct Payload {
    announcement_id: String,
    /// The last user id of the previous batch.
    after: Option<String>,
}

/// Writes the announcement and queues its first batch, in the admin's transaction.
pub async fn create_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    created_by: &str,
    new: &NewAnnouncement,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    let (audience, provider) = new.audience.parts();
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO announcements (id, title_id, title_en, body_id, body_en, severity, link, audience, provider_slug, \
         created_by, created_at, banner_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(&new.title.id)
    .bind(&new.title.en)
    .bind(&new.body.id)
    .bind(&new.body.en)
    .bind(new.severity.code())
    .bind(&new.link)
    .bind(audience)
    .bind(provider)
    .bind(created_by)
    .bind(clock.now())
    .bind(new.banner_until)
    .execute(&mut *conn)
    .await
    .map(|_| ()))?;
    queue_batch(tx, clock, &id, None).await?;
    Ok(id)
}

async fn queue_batch(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &str,
    after: Option<String>,
) -> Result<(), sqlx::Error> {
    let key = format!("{ANNOUNCE_JOB}:{id}:{}", after.as_deref().unwrap_or(""));
    let job = NewJob::new(
        ANNOUNCE_JOB,
        Payload {
            announcement_id: id.to_string(),
            after,
        },
    )
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
    .max_attempts(10)
    .unique_key(key);
    crate::jobs::enqueue_in(tx, clock, job).await.map(|_| ())
}

/// The audience's filter: active accounts; for `active` and `provider`, only those with a
/// running service (of that provider).
fn audience_filter() -> String {
    let has_service = crate::services::store::has_active_service("u.id", "$2");
    format!("u.status = 'active' AND ($1 = 'all' OR {has_service})")
}

/// How many users an announcement to `audience` reaches now (for the preview).
pub async fn audience_size(db: &Db, audience: &Audience) -> Result<i64, sqlx::Error> {
    let (kind, provider) = audience.parts();
    let sql = format!("SELECT COUNT(*) FROM users u WHERE {}", audience_filter());
    on_db!(db, pool => sqlx::query_scalar(&sql).bind(kind).bind(provider).fetch_one(pool).await)
}

async fn next_batch(
    tx: &mut Tx,
    audience: &Audience,
    after: Option<&str>,
) -> Result<Vec<crate::ids::UserId>, sqlx::Error> {
    let (kind, provider) = audience.parts();
    let sql = format!(
        "SELECT u.id FROM users u WHERE {} AND ($3 IS NULL OR u.id > $3) ORDER BY u.id LIMIT $4",
        audience_filter()
    );
    on_tx!(tx, conn => sqlx::query_scalar(&sql)
        .bind(kind)
        .bind(provider)
        .bind(after)
        .bind(BATCH)
        .fetch_all(&mut *conn)
        .await)
}

pub async fn find(db: &Db, id: &str) -> Result<Option<AnnouncementRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM announcements WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn recent(db: &Db, limit: i64) -> Result<Vec<AnnouncementRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM announcements ORDER BY created_at DESC, id DESC LIMIT $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)
}

/// Announcements whose banner shows now, newest first.
pub async fn with_banner(db: &Db, now: DateTime<Utc>) -> Result<Vec<AnnouncementRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM announcements WHERE sent_at IS NOT NULL AND banner_until > $1 \
         ORDER BY created_at DESC, id DESC LIMIT 3"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(now).fetch_all(pool).await)
}

pub fn register(registry: &mut JobRegistry, db: Db, clock: SharedClock) {
    registry.register(ANNOUNCE_JOB, move |job: Job| {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            let payload: Payload = job.payload()?;
            send_batch(&db, clock.as_ref(), &payload)
                .await
                .map_err(|error| JobError::Retryable(error.to_string()))
        }
    });
}

/// Writes one batch; queues the next, or marks the announcement sent. Running it again
/// writes nothing twice (each user's notification has the announcement's dedupe key).
async fn send_batch(db: &Db, clock: &dyn Clock, payload: &Payload) -> Result<(), sqlx::Error> {
    let Some(announcement) = find(db, &payload.announcement_id).await? else {
        return Ok(());
    };
    if announcement.sent_at.is_some() {
        return Ok(());
    }
    let notice = announcement.notice();
    let started = std::time::Instant::now();
    let mut tx = db.begin().await?;
    let users = next_batch(&mut tx, &announcement.audience(), payload.after.as_deref()).await?;
    let written = match users.last() {
        Some(last) => {
            let recipients =
                Recipient::load_range(&mut tx, payload.after.as_deref().unwrap_or(""), last.as_str()).await?;
            let batch: Vec<_> = users
                .iter()
                .filter_map(|user| recipients.get(user).map(|recipient| (user, recipient)))
                .collect();
            write_for_all(&mut tx, clock, &batch, &notice, false).await?.len() as i64
        }
        None => 0,
    };
    let wrote = started.elapsed();
    let done = (users.len() as i64) < BATCH;
    on_tx!(&mut tx, conn => sqlx::query(
        "UPDATE announcements SET recipients = recipients + $1, sent_at = CASE WHEN $2 THEN $3 ELSE sent_at END WHERE id = $4",
    )
    .bind(written)
    .bind(done)
    .bind(clock.now())
    .bind(&announcement.id)
    .execute(&mut *conn)
    .await
    .map(|_| ()))?;
    if !done {
        queue_batch(
            &mut tx,
            clock,
            &announcement.id,
            users.last().cloned().map(String::from),
        )
        .await?;
    }
    // The batch's users are those with ids in (after, last]: sockets of others ignore it.
    let event = Event::new(
        TOPIC_BATCH,
        None,
        serde_json::json!({
            "key": format!("announcement:{}", announcement.id),
            "after": payload.after,
            "last": users.last(),
        }),
    );
    if let Err(error) = publish_in(&mut tx, &event).await {
        tracing::warn!(%error, "announcement batch event not published");
    }
    tx.commit().await?;
    tracing::debug!(written, ?wrote, committed = ?started.elapsed(), "announcement batch written");
    Ok(())
}
