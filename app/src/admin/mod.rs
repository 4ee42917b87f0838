//! The admin panel: users and their API keys, the catalog, promo codes and deposit bonuses, orders, payments, services, announcements and
//! the notification delivery log, and the audit log. Every server
//! function here checks the caller itself with `require_staff`: support staff may read,
//! only admins may change (through `change::AdminChange`, which audits); both need 2FA.

pub mod announcements;
pub mod api_keys;
pub mod audit_log;
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod change;
pub mod deposit_bonuses;
pub mod gateways;
pub mod orders;
pub mod pages;
pub mod payments;
pub mod promos;
pub mod provisioning;
pub mod services;
mod texts;
pub mod users;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use chrono::{DateTime, Utc};

    /// A date field (`YYYY-MM-DD`, WIB) as the instant its day starts, `days` later;
    /// `None` when empty.
    pub fn day(field: &str, date: &str, days: i64) -> Result<Option<DateTime<Utc>>, AppError> {
        if date.trim().is_empty() {
            return Ok(None);
        }
        crate::clock::wib_day_start(date, days)
            .map(Some)
            .ok_or_else(|| crate::accounts::validation::field_error(field, crate::ui::FormText::DateInvalid))
    }
}
