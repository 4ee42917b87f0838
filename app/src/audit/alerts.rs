//! Security alerts follow from the audit trail: every entry that changes how someone gets
//! into an account (a sign-in from an address not seen before, a password change or reset,
//! two-step verification switched) also tells the account's owner, in the same transaction.

use super::{Actor, AuditAction, AuditEntry};
use crate::clock::Clock;
use crate::db::Tx;
use crate::notifications::service::notify_in;
use crate::notifications::templates::{Notice, SecurityEvent};

/// Called by the audit log before it writes `entry`.
pub async fn alert_in(tx: &mut Tx, clock: &dyn Clock, entry: &AuditEntry) -> Result<(), sqlx::Error> {
    let Actor::User { id: user_id, .. } = &entry.actor else {
        return Ok(());
    };
    let alert = match entry.action {
        AuditAction::LoginSucceeded => {
            let ip = entry.ip.clone().unwrap_or_default();
            if !super::store::is_new_address_in(tx, user_id, &ip).await? {
                return Ok(());
            }
            SecurityEvent::NewSignIn { ip, device: device() }
        }
        AuditAction::PasswordChanged | AuditAction::PasswordReset => SecurityEvent::PasswordChanged,
        AuditAction::TwoFactorEnabled => SecurityEvent::TwoFactorEnabled,
        AuditAction::TwoFactorDisabled => SecurityEvent::TwoFactorDisabled,
        _ => return Ok(()),
    };
    notify_in(tx, clock, user_id, &Notice::SecurityAlert { alert })
        .await
        .map(|_| ())
}

/// "Chrome on Windows" from the request's User-Agent, when there is a request.
fn device() -> String {
    let agent = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_default();
    describe_agent(&agent)
}

pub fn describe_agent(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(needle, _)| agent.contains(needle))
    .map_or("browser", |(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| agent.contains(needle))
    .map(|(_, name)| name);
    match system {
        Some(system) => format!("{browser} · {system}"),
        None => browser.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_agents_become_short_device_names() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        assert_eq!(super::describe_agent(chrome), "Chrome · Windows");
        assert_eq!(super::describe_agent(""), "browser");
    }
}
