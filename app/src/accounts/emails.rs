//! The account e-mails (address verification, password reset, staff 2FA enrolment), sent
//! by durable jobs.
//!
//! The job carries only the user id and the address; the handler creates the single-use
//! token when it runs, so no working link is ever stored in plain text (a retry simply
//! creates another token; unused ones expire).

use super::mail_texts::MailText;
use super::store::find_by_id;
use super::tokens::{self, TokenPurpose};
use crate::clock::SharedClock;
use crate::db::{Db, Tx};
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::jobs::{JobError, JobQueue, JobRegistry, NewJob};
use crate::mail::{Letter, Mail, MailError, SharedMailer, recipient};
use serde::{Deserialize, Serialize};

pub const VERIFY_EMAIL_JOB: &str = "accounts.verify_email";
pub const RESET_PASSWORD_JOB: &str = "accounts.reset_password";
pub const ENROL_TWO_FACTOR_JOB: &str = "accounts.enrol_2fa";
const MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AccountMailJob {
    user_id: crate::ids::UserId,
    /// Where to send (for a verification, the address being confirmed).
    email: String,
}

/// What the handlers need, captured at start-up.
#[derive(Clone)]
pub struct AccountMail {
    pub db: Db,
    pub clock: SharedClock,
    pub mailer: SharedMailer,
    /// Base URL for links, without a trailing slash.
    pub public_url: String,
}

/// Which account e-mail to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountMailKind {
    /// Confirm an address (for a new or changed e-mail).
    Verification,
    PasswordReset,
    /// The one-time link with which a staff account turns on 2FA.
    TwoFactorEnrolment,
}

impl AccountMailKind {
    fn job_kind(self) -> &'static str {
        match self {
            AccountMailKind::Verification => VERIFY_EMAIL_JOB,
            AccountMailKind::PasswordReset => RESET_PASSWORD_JOB,
            AccountMailKind::TwoFactorEnrolment => ENROL_TWO_FACTOR_JOB,
        }
    }
}

/// Queues an account e-mail to `email` inside the caller's transaction.
pub async fn queue(
    queue: &JobQueue,
    tx: &mut Tx,
    kind: AccountMailKind,
    user_id: &UserId,
    email: &str,
) -> Result<String, sqlx::Error> {
    queue_mail(queue, tx, kind.job_kind(), user_id, email).await
}

/// Queues an account e-mail in a transaction of its own.
pub async fn queue_alone(
    db: &Db,
    clock: SharedClock,
    kind: AccountMailKind,
    user_id: &UserId,
    email: &str,
) -> Result<String, sqlx::Error> {
    let jobs = JobQueue::new(db.clone(), clock);
    let mut tx = db.begin().await?;
    let id = queue(&jobs, &mut tx, kind, user_id, email).await?;
    tx.commit().await?;
    Ok(id)
}

async fn queue_mail(
    queue: &JobQueue,
    tx: &mut Tx,
    kind: &str,
    user_id: &UserId,
    email: &str,
) -> Result<String, sqlx::Error> {
    let payload = AccountMailJob {
        user_id: user_id.clone(),
        email: email.to_string(),
    };
    let job = NewJob::new(kind, payload).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    // One message per address and minute: a double click or a resent form sends one e-mail.
    let minute = queue.now().format("%Y-%m-%dT%H:%M");
    let key = format!("{kind}:{user_id}:{email}:{minute}");
    queue
        .enqueue_in(tx, job.max_attempts(MAX_ATTEMPTS).unique_key(key))
        .await
}

pub fn register(registry: &mut JobRegistry, context: AccountMail) {
    for (kind, purpose) in [
        (VERIFY_EMAIL_JOB, TokenPurpose::VerifyEmail),
        (RESET_PASSWORD_JOB, TokenPurpose::ResetPassword),
        (ENROL_TWO_FACTOR_JOB, TokenPurpose::EnrolTwoFactor),
    ] {
        let context = context.clone();
        registry.register(kind, move |job: crate::jobs::Job| {
            let context = context.clone();
            async move {
                let payload: AccountMailJob = job.payload()?;
                send(&context, purpose, payload).await
            }
        });
    }
}

async fn send(context: &AccountMail, purpose: TokenPurpose, job: AccountMailJob) -> Result<(), JobError> {
    let retryable = |error: sqlx::Error| JobError::Retryable(error.to_string());
    let Some(user) = find_by_id(&context.db, &job.user_id).await.map_err(retryable)? else {
        return Ok(()); // the account is gone: nothing to send
    };
    let mut tx = context.db.begin().await.map_err(retryable)?;
    let token = tokens::issue(&mut tx, context.clock.as_ref(), &user.id, purpose, &job.email)
        .await
        .map_err(retryable)?;
    tx.commit().await.map_err(retryable)?;

    let link = link(&context.public_url, purpose, &token);
    let to = recipient(&user.name, &job.email).map_err(JobError::Permanent)?;
    let mail = render(purpose, user.language(), &user.name, &link, to);
    context.mailer.send(&mail).await.map_err(|error| match error {
        MailError::Retryable(message) => JobError::Retryable(message),
        MailError::Permanent(message) => JobError::Permanent(message),
    })
}

/// The link that carries `token` to the page that uses it.
pub fn link(public_url: &str, purpose: TokenPurpose, token: &str) -> String {
    let path = match purpose {
        TokenPurpose::VerifyEmail => "/verify-email",
        TokenPurpose::ResetPassword => "/reset-password",
        TokenPurpose::EnrolTwoFactor => "/account/security",
    };
    format!("{public_url}{path}?token={token}")
}

fn render(purpose: TokenPurpose, lang: Lang, name: &str, link: &str, to: lettre::message::Mailbox) -> Mail {
    let (subject, intro, button, expiry) = match purpose {
        TokenPurpose::VerifyEmail => (
            MailText::VerifySubject,
            MailText::VerifyIntro,
            MailText::VerifyButton,
            MailText::VerifyExpiry,
        ),
        TokenPurpose::ResetPassword => (
            MailText::ResetSubject,
            MailText::ResetIntro,
            MailText::ResetButton,
            MailText::ResetExpiry,
        ),
        TokenPurpose::EnrolTwoFactor => (
            MailText::EnrolSubject,
            MailText::EnrolIntro,
            MailText::EnrolButton,
            MailText::EnrolExpiry,
        ),
    };
    let text = |msg: MailText| msg.text(lang);
    Letter {
        lang,
        to,
        subject: text(subject).to_string(),
        greeting: text(MailText::Greeting),
        name,
        paragraphs: vec![text(intro).to_string()],
        button: (text(button), link),
        notes: vec![
            text(expiry).to_string(),
            text(MailText::IgnoreIfNotYou).to_string(),
        ],
        signature: text(MailText::Signature),
    }
    .into_mail()
}
