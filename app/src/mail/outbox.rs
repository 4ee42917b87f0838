use super::{Mail, MailError, Mailer, build_message};
use lettre::message::Mailbox;
use std::path::PathBuf;

/// Writes each message to `<folder>/<time>-<id>.eml` instead of sending it.
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    folder: PathBuf,
    from: Mailbox,
}

impl OutboxMailer {
    pub fn new(folder: impl Into<PathBuf>, from: Mailbox) -> OutboxMailer {
        OutboxMailer {
            folder: folder.into(),
            from,
        }
    }
}

#[async_trait::async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let message = build_message(&self.from, mail)?;
        let retryable = |error: std::io::Error| MailError::Retryable(error.to_string());
        tokio::fs::create_dir_all(&self.folder).await.map_err(retryable)?;
        // UUIDv7 sorts by time, so a directory listing shows messages in sending order.
        let name = format!("{}.eml", uuid::Uuid::now_v7());
        // Write under a temporary name and rename, so a reader never sees half a message.
        let partial = self.folder.join(format!(".{name}.part"));
        tokio::fs::write(&partial, message.formatted())
            .await
            .map_err(retryable)?;
        tokio::fs::rename(&partial, self.folder.join(&name))
            .await
            .map_err(retryable)?;
        tracing::info!(file = %name, "e-mail written to the outbox");
        Ok(())
    }
}
