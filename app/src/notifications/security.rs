//! Security alerts follow from the audit trail: every entry that changes how someone gets
//! into an account (a sign-in from an address not seen before, a password change or reset,
//! two-step verification switched) also tells the account's owner, in the same transaction.

use super::service::notify_in;
use super::templates::{Notice, SecurityEvent};
use crate::audit::{Actor, AuditAction, AuditEntry};
use crate::clock::Clock;
use crate::db::Tx;
use crate::on_tx;

/// Called by the audit log before it writes `entry`.
pub async fn alert_in(tx: &mut Tx, clock: &dyn Clock, entry: &AuditEntry) -> Result<(), sqlx::Error> {
    let Actor::User { id: user_id, .. } = &entry.actor else {
        return Ok(());
    };
    let alert = match entry.action {
        AuditAction::LoginSucceeded => {
            let ip = entry.ip.clone().unwrap_or_default();
            if !is_new_address(tx, user_id, &ip).await? {
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

/// Whether the account was used before (signed up or signed in), but never from `ip`: the
/// very first sign-in is no news, one from a new address is.
async fn is_new_address(tx: &mut Tx, user_id: &str, ip: &str) -> Result<bool, sqlx::Error> {
    let (before, from_here): (i64, i64) = on_tx!(tx, conn => sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN ip = $4 THEN 1 ELSE 0 END), 0) FROM \
         (SELECT ip FROM audit_log WHERE actor_id = $1 AND action IN ($2, $3) \
          ORDER BY occurred_at DESC LIMIT 200) recent",
    )
    .bind(user_id)
    .bind(AuditAction::LoginSucceeded.code())
    .bind(AuditAction::AccountCreated.code())
    .bind(ip)
    .fetch_one(&mut *conn)
    .await)?;
    Ok(before > 0 && from_here == 0)
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
