//! Time as a dependency: services ask the clock instead of the OS, so lifecycle and retry
//! tests move time forward instantly.

use chrono::{DateTime, Duration, DurationRound, SecondsFormat, Utc};
use std::sync::{Arc, Mutex};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub type SharedClock = Arc<dyn Clock>;

/// Truncates to whole microseconds: the precision both databases store, so a value read
/// back compares equal to the value written.
fn to_db_precision(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::microseconds(1)).unwrap_or(t)
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        to_db_precision(Utc::now())
    }
}

/// A clock that only moves when told to. For tests.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(to_db_precision(start))))
    }

    pub fn advance(&self, by: std::time::Duration) {
        let by = Duration::from_std(by).expect("test durations fit in chrono");
        *self.0.lock().expect("clock lock is never poisoned") += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock lock is never poisoned")
    }
}

/// A time as RFC 3339 UTC with whole seconds ("2026-11-23T14:05:00Z"), as pages receive it.
pub fn rfc3339(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Western Indonesian Time (WIB, UTC+7): the calendar admins enter dates in.
fn wib() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Midnight WIB at the start of `date` (`YYYY-MM-DD`) plus `days`; `None` if not a date.
pub fn wib_day_start(date: &str, days: i64) -> Option<DateTime<Utc>> {
    let day = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()? + chrono::Duration::days(days);
    let midnight = day.and_hms_opt(0, 0, 0)?.and_local_timezone(wib()).single()?;
    Some(midnight.with_timezone(&Utc))
}

/// The WIB calendar day of `at`, as `YYYY-MM-DD`.
pub fn wib_date(at: &DateTime<Utc>) -> String {
    at.with_timezone(&wib()).format("%Y-%m-%d").to_string()
}

/// `months` calendar months after `at` (the same day of the month, or the month's last day
/// when it has fewer days): when a service paid for `months` runs out.
pub fn add_months(at: DateTime<Utc>, months: i32) -> DateTime<Utc> {
    at.checked_add_months(chrono::Months::new(months.max(0) as u32))
        .unwrap_or(at)
}
