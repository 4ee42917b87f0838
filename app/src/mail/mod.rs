//! Sending e-mail. Capabilities hand a [`Mail`] to a [`Mailer`] from a job (so an SMTP
//! outage delays a message instead of failing the request that caused it).
//!
//! Two mailers: [`SmtpMailer`] (lettre, any SMTP server; `WEBRANA_SMTP_URL`) and, the
//! default for development and tests, [`OutboxMailer`], which writes each message as an
//! `.eml` file into a folder that a person can open and a test can read.

mod layout;
mod outbox;
mod smtp;

pub use layout::{Letter, recipient};

pub use outbox::OutboxMailer;
pub use smtp::SmtpMailer;

use lettre::Message;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use std::sync::Arc;

/// One message to one recipient, with a plain-text and an HTML body.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Mailbox,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// A link that unsubscribes the recipient from this kind of message (notifications):
    /// sent as `List-Unsubscribe`, with one-click unsubscribing (RFC 8058).
    pub unsubscribe: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Worth trying again later (connection refused, timeout, 4xx reply).
    #[error("temporary mail failure: {0}")]
    Retryable(String),
    /// Will fail again (invalid address, 5xx reply).
    #[error("permanent mail failure: {0}")]
    Permanent(String),
}

#[async_trait::async_trait]
pub trait Mailer: Send + Sync + 'static {
    async fn send(&self, mail: &Mail) -> Result<(), MailError>;
}

pub type SharedMailer = Arc<dyn Mailer>;

/// Builds the RFC 5322 message both mailers send.
fn build_message(from: &Mailbox, mail: &Mail) -> Result<Message, MailError> {
    let mut builder = Message::builder()
        .from(from.clone())
        .to(mail.to.clone())
        .subject(mail.subject.clone());
    if let Some(link) = &mail.unsubscribe {
        builder = builder
            .header(ListUnsubscribe(format!("<{link}>")))
            .header(ListUnsubscribePost);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|error| MailError::Permanent(error.to_string()))
}

/// Escapes text for HTML e-mail bodies.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `List-Unsubscribe: <link>`: mail clients show an unsubscribe button.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(value.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`: the link works with a plain POST.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}
