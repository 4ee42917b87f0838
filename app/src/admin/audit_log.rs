//! Admin: browse the audit log, filtered by user (e-mail or id), action and date.

use crate::audit::AuditRecord;
use crate::error::AppError;
use leptos::prelude::*;

pub const PAGE_SIZE: i64 = 50;

/// Entries matching the filters, newest first; `before` (an entry id) pages back in time.
/// Dates are `YYYY-MM-DD` in UTC; `until` includes that whole day.
#[server(endpoint = "admin/audit")]
pub async fn list_audit(
    #[server(default)] user: String,
    #[server(default)] action: String,
    #[server(default)] from: String,
    #[server(default)] until: String,
    #[server(default)] before: String,
) -> Result<Vec<AuditRecord>, AppError> {
    use crate::accounts::auth::ssr::require_staff;
    use crate::accounts::store::find_by_email;
    use crate::accounts::{Email, Role};
    use crate::audit::{AuditAction, AuditFilter, list};
    use chrono::{NaiveDate, TimeZone, Utc};
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let user = user.trim();
    let user_id = match Email::parse(user) {
        Ok(email) => Some(
            find_by_email(&state.db, &email)
                .await
                .map_err(AppError::internal)?
                .map_or_else(|| "-".into(), |row| row.id),
        ),
        Err(_) => Some(user.into()).filter(|id: &crate::ids::UserId| !id.is_empty()),
    };
    let day = |text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
            .map(|midnight| Utc.from_utc_datetime(&midnight))
    };
    let filter = AuditFilter {
        user_id,
        action: AuditAction::from_code(action.trim()),
        from: day(&from),
        until: day(&until).map(|start| start + chrono::Duration::days(1)),
        before_id: Some(before.trim().to_string()).filter(|id| !id.is_empty()),
        limit: Some(PAGE_SIZE),
    };
    list(&state.db, &filter).await.map_err(AppError::internal)
}
