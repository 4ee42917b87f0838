//! The delivery job: one notification to one outside channel (e-mail or Telegram), retried
//! with backoff, each attempt written to the delivery log. It runs again safely: a delivery
//! that is no longer pending is left alone.

use super::service::{DELIVER_JOB, DeliverJob};
use super::store::{self, DeliveryRow, NotificationRow};
use super::telegram::{TelegramBot, TelegramError};
use super::templates::Notice;
use super::texts::NotificationText;
use super::unsubscribe;
use super::{Channel, DeliveryStatus};
use crate::accounts::store::UserRow;
use crate::billing::InvoiceStatus;
use crate::clock::SharedClock;
use crate::db::Db;
use crate::jobs::{Job, JobError, JobRegistry};
use crate::mail::{Letter, MailError, SharedMailer, recipient};
use crate::security::SecretBox;

/// What the delivery job needs, captured at start-up.
#[derive(Clone)]
pub struct Deliveries {
    pub db: Db,
    pub clock: SharedClock,
    pub mailer: SharedMailer,
    pub telegram: Option<TelegramBot>,
    /// Base URL for links, without a trailing slash.
    pub public_url: String,
    /// Signs the unsubscribe links.
    pub secrets: SecretBox,
}

pub fn register(registry: &mut JobRegistry, context: Deliveries) {
    registry.register(DELIVER_JOB, move |job: Job| {
        let context = context.clone();
        async move { context.run(&job).await }
    });
}

/// How one attempt ended.
enum Attempt {
    Sent,
    /// Nothing to send any more (account gone, reminder already paid, chat unlinked).
    Skipped(&'static str),
    Failed(String),
    Retry(String, Option<std::time::Duration>),
}

impl Deliveries {
    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let retryable = |error: sqlx::Error| JobError::Retryable(error.to_string());
        let payload: DeliverJob = job.payload()?;
        let Some(delivery) = store::find_delivery(&self.db, &payload.delivery_id)
            .await
            .map_err(retryable)?
        else {
            return Ok(()); // pruned
        };
        if delivery.status != DeliveryStatus::Pending {
            return Ok(());
        }
        let attempt = self.attempt(&delivery).await.map_err(retryable)?;
        let now = self.clock.now();
        let (status, error, outcome) = match attempt {
            Attempt::Sent => (DeliveryStatus::Sent, None, Ok(())),
            Attempt::Skipped(why) => (DeliveryStatus::Skipped, Some(why.to_string()), Ok(())),
            Attempt::Failed(error) => (DeliveryStatus::Failed, Some(error), Ok(())),
            Attempt::Retry(error, _) if job.attempts >= job.max_attempts => {
                let error = format!("gave up after {} attempts: {error}", job.attempts);
                (DeliveryStatus::Failed, Some(error), Ok(()))
            }
            Attempt::Retry(error, after) => (
                DeliveryStatus::Pending,
                Some(error.clone()),
                Err(JobError::retry(error, after)),
            ),
        };
        if status == DeliveryStatus::Failed {
            tracing::warn!(delivery = %delivery.id, channel = delivery.channel.code(), error = error.as_deref().unwrap_or(""), "notification delivery failed");
        }
        store::record_attempt(&self.db, &delivery.id, status, error.as_deref(), now)
            .await
            .map_err(retryable)?;
        outcome
    }

    async fn attempt(&self, delivery: &DeliveryRow) -> Result<Attempt, sqlx::Error> {
        let Some(notification) = store::find_any(&self.db, &delivery.notification_id).await? else {
            return Ok(Attempt::Skipped("notification deleted"));
        };
        let user = crate::accounts::store::find_by_id(&self.db, &delivery.user_id).await?;
        let Some(user) = user.filter(|user| user.status == crate::accounts::AccountStatus::Active) else {
            return Ok(Attempt::Skipped("account closed"));
        };
        if self.moot(&notification).await? {
            return Ok(Attempt::Skipped("already paid"));
        }
        Ok(match delivery.channel {
            Channel::Email => self.email(&user, &notification).await,
            Channel::Telegram => {
                let mut tx = self.db.begin_read().await?;
                let settings = store::settings_in(&mut tx, &user.id).await?;
                tx.commit().await?;
                match (&self.telegram, settings.telegram_chat_id) {
                    (Some(bot), Some(chat)) => {
                        telegram(bot, &chat, &notification, &self.link(&notification)).await
                    }
                    (None, _) => Attempt::Skipped("telegram not configured"),
                    (_, None) => Attempt::Skipped("telegram not linked"),
                }
            }
            // In-app notifications are delivered by being stored.
            Channel::InApp => Attempt::Skipped("in-app"),
        })
    }

    /// A reminder to pay an invoice that has been paid (or voided) since.
    async fn moot(&self, notification: &NotificationRow) -> Result<bool, sqlx::Error> {
        let Ok(notice) = serde_json::from_str::<Notice>(&notification.metadata) else {
            return Ok(false);
        };
        let Some(invoice_id) = notice.moot_once_paid() else {
            return Ok(false);
        };
        Ok(crate::billing::invoices::find(&self.db, invoice_id)
            .await?
            .is_none_or(|invoice| invoice.status != InvoiceStatus::Unpaid))
    }

    fn link(&self, notification: &NotificationRow) -> String {
        let path = notification.action_url.as_deref().unwrap_or("/notifications");
        if path.starts_with('/') {
            format!("{}{path}", self.public_url)
        } else {
            path.to_string()
        }
    }

    async fn email(&self, user: &UserRow, notification: &NotificationRow) -> Attempt {
        let to = match recipient(&user.name, &user.email) {
            Ok(to) => to,
            Err(error) => return Attempt::Failed(error),
        };
        let lang = user.language();
        let text = |key: NotificationText| key.text(lang);
        let link = self.link(notification);
        let token = unsubscribe::token(&self.secrets, &user.id, &notification.kind);
        let unsubscribe = format!("{}/unsubscribe?token={token}", self.public_url);
        let mut mail = Letter {
            lang,
            to,
            subject: notification.title.clone(),
            greeting: text(NotificationText::Greeting),
            name: &user.name,
            paragraphs: vec![notification.message.clone()],
            button: (text(NotificationText::Open), &link),
            notes: vec![
                text(NotificationText::WhyThisMail).to_string(),
                format!("{} {unsubscribe}", text(NotificationText::UnsubscribeLine)),
            ],
            signature: text(NotificationText::Signature),
        }
        .into_mail();
        mail.unsubscribe = Some(format!(
            "{}{}?token={token}",
            self.public_url,
            unsubscribe::ONE_CLICK_PATH
        ));
        match self.mailer.send(&mail).await {
            Ok(()) => Attempt::Sent,
            Err(MailError::Retryable(error)) => Attempt::Retry(error, None),
            Err(MailError::Permanent(error)) => Attempt::Failed(error),
        }
    }
}

async fn telegram(bot: &TelegramBot, chat: &str, notification: &NotificationRow, link: &str) -> Attempt {
    let text = format!("{}\n\n{}\n\n{link}", notification.title, notification.message);
    match bot.send_message(chat, &text).await {
        Ok(()) => Attempt::Sent,
        Err(TelegramError::Retryable(error, after)) => Attempt::Retry(error, after),
        Err(TelegramError::Permanent(error)) => Attempt::Failed(error),
    }
}
