//! The lifecycle's e-mails: the renewal reminders (7, 3 and 1 days before expiry), the
//! suspension and the termination notice. Sent by a job, in the customer's language, with
//! what is known when it runs (the invoice as it stands).

use super::schedule::LifecycleSettings;
use super::store;
use super::texts::LifecycleText;
use crate::billing::InvoiceStatus;
use crate::clock::{Clock, wib_date};
use crate::db::{Db, Tx};
use crate::jobs::{Job, JobError, JobRegistry, NewJob};
use crate::mail::{Letter, MailError, SharedMailer, recipient};
use crate::money::format_idr;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const MAIL_JOB: &str = "lifecycle.mail";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    Reminder { days: i64 },
    Suspended,
    Terminated,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    service_id: String,
    period_start: DateTime<Utc>,
    notice: Notice,
}

/// Queues a notice in the caller's transaction (the step that decided it commits both).
pub async fn queue_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &str,
    period_start: DateTime<Utc>,
    notice: Notice,
) -> Result<(), sqlx::Error> {
    let job = NewJob::new(
        MAIL_JOB,
        Payload {
            service_id: service_id.to_string(),
            period_start,
            notice,
        },
    )
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
    .max_attempts(8);
    crate::jobs::enqueue_in(tx, clock, job).await.map(|_| ())
}

/// What the mail job needs, captured at start-up.
#[derive(Clone)]
pub struct LifecycleMail {
    pub db: Db,
    pub mailer: SharedMailer,
    pub public_url: String,
    pub settings: LifecycleSettings,
}

pub fn register(registry: &mut JobRegistry, context: LifecycleMail) {
    registry.register(MAIL_JOB, move |job: Job| {
        let context = context.clone();
        async move {
            let payload: Payload = job
                .payload()
                .map_err(|error| JobError::Permanent(format!("bad payload: {error}")))?;
            send(&context, &payload).await
        }
    });
}

async fn send(context: &LifecycleMail, payload: &Payload) -> Result<(), JobError> {
    let retryable = |error: sqlx::Error| JobError::Retryable(error.to_string());
    let db = &context.db;
    let Some(service) = crate::services::store::find(db, &payload.service_id)
        .await
        .map_err(retryable)?
    else {
        return Ok(());
    };
    let Some(user) = crate::accounts::store::find_by_id(db, &service.user_id)
        .await
        .map_err(retryable)?
    else {
        return Ok(()); // the account is gone: nothing to send
    };
    let renewal = store::renewal_for_period(db, &service.id, payload.period_start)
        .await
        .map_err(retryable)?;
    let invoice = match &renewal {
        Some(renewal) => crate::billing::invoices::find(db, &renewal.invoice_id)
            .await
            .map_err(retryable)?,
        None => None,
    };
    // A reminder for an invoice paid since it was queued would only confuse.
    if matches!(payload.notice, Notice::Reminder { .. })
        && invoice
            .as_ref()
            .is_none_or(|invoice| invoice.status() != InvoiceStatus::Unpaid)
    {
        return Ok(());
    }
    let lang = user.language();
    let text = |msg: LifecycleText| msg.text(lang);
    let expires = payload.period_start;
    let server = format!(
        "{} ({})",
        service.hostname,
        service.ipv4.clone().unwrap_or_default()
    );
    let invoice_line = invoice.as_ref().map(|invoice| {
        format!(
            "{} {} · {} · {} {}",
            text(LifecycleText::InvoiceLine),
            invoice.number,
            format_idr(invoice.total),
            text(LifecycleText::DueOn),
            wib_date(&invoice.due_at)
        )
    });
    let settings = &context.settings;
    let (subject, intro, mut lines) = match payload.notice {
        Notice::Reminder { days } => (
            LifecycleText::ReminderSubject,
            LifecycleText::ReminderIntro,
            vec![
                format!("{} {days}", text(LifecycleText::DaysLeft)),
                format!(
                    "{} {}",
                    text(LifecycleText::SuspendOnLine),
                    wib_date(&settings.suspend_at(expires))
                ),
            ],
        ),
        Notice::Suspended => (
            LifecycleText::SuspendedSubject,
            LifecycleText::SuspendedIntro,
            vec![format!(
                "{} {}",
                text(LifecycleText::TerminateOnLine),
                wib_date(&settings.terminate_at(expires))
            )],
        ),
        Notice::Terminated => (
            LifecycleText::TerminatedSubject,
            LifecycleText::TerminatedIntro,
            Vec::new(),
        ),
    };
    let mut paragraphs = vec![text(intro).to_string(), server];
    if payload.notice != Notice::Terminated {
        paragraphs.extend(invoice_line);
    } else {
        lines.clear();
    }
    // The service page shows the renewal invoice with its pay form.
    let link = format!("{}/services/{}", context.public_url, service.id);
    let button = match payload.notice {
        Notice::Reminder { .. } | Notice::Suspended => text(LifecycleText::PayButton),
        Notice::Terminated => text(LifecycleText::OpenServer),
    };
    let to = recipient(&user.name, &user.email).map_err(JobError::Permanent)?;
    let mail = Letter {
        lang,
        to,
        subject: format!("{} · {}", text(subject), service.hostname),
        greeting: text(LifecycleText::Greeting),
        name: &user.name,
        paragraphs,
        button: (button, &link),
        notes: lines,
        signature: text(LifecycleText::Signature),
    }
    .into_mail();
    context.mailer.send(&mail).await.map_err(|error| match error {
        MailError::Retryable(message) => JobError::Retryable(message),
        MailError::Permanent(message) => JobError::Permanent(message),
    })
}
