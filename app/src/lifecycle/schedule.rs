//! When each lifecycle step is due, from a service's expiry. Pure, so the sweep, the step
//! jobs and the service page all read the same dates.

use super::NextStep;
use crate::services::ServiceStatus;
use chrono::{DateTime, Duration, Utc};

/// Reminders go out this many days before expiry (the first with the renewal invoice).
pub const REMINDER_DAYS: [i64; 3] = [7, 3, 1];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifecycleSettings {
    /// How long before expiry the renewal invoice is issued.
    pub renewal_lead: Duration,
    /// How long after expiry an unpaid service is suspended.
    pub suspend_grace: Duration,
    /// How long after suspension a still unpaid service is terminated.
    pub terminate_grace: Duration,
}

impl Default for LifecycleSettings {
    fn default() -> Self {
        LifecycleSettings {
            renewal_lead: Duration::days(7),
            suspend_grace: Duration::days(3),
            terminate_grace: Duration::days(7),
        }
    }
}

impl LifecycleSettings {
    pub fn renewal_at(&self, expires_at: DateTime<Utc>) -> DateTime<Utc> {
        expires_at - self.renewal_lead
    }

    pub fn suspend_at(&self, expires_at: DateTime<Utc>) -> DateTime<Utc> {
        expires_at + self.suspend_grace
    }

    pub fn terminate_at(&self, expires_at: DateTime<Utc>) -> DateTime<Utc> {
        self.suspend_at(expires_at) + self.terminate_grace
    }

    /// The reminder due at `now` (days before expiry): the latest one whose time has come.
    /// Earlier ones that were missed (say the server was down) are not sent late: one
    /// message with the current countdown is better than three at once.
    pub fn due_reminder(&self, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<i64> {
        if now >= expires_at {
            return None;
        }
        REMINDER_DAYS
            .into_iter()
            .filter(|days| now >= expires_at - Duration::days(*days))
            .min()
    }

    /// What comes next for a service, and when.
    pub fn upcoming(
        &self,
        status: ServiceStatus,
        expires_at: DateTime<Utc>,
        renewal_issued: bool,
        termination_requested: bool,
        now: DateTime<Utc>,
    ) -> Option<(NextStep, DateTime<Utc>)> {
        match status {
            ServiceStatus::Terminated => None,
            _ if termination_requested => Some((NextStep::Terminating, now)),
            ServiceStatus::Suspended => Some((NextStep::Termination, self.terminate_at(expires_at))),
            ServiceStatus::Active if !renewal_issued && now < self.renewal_at(expires_at) => {
                Some((NextStep::RenewalInvoice, self.renewal_at(expires_at)))
            }
            ServiceStatus::Active => Some((NextStep::Suspension, self.suspend_at(expires_at))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::days(day)
    }

    #[test]
    fn reminders_count_down_and_stop_at_expiry() {
        let settings = LifecycleSettings::default();
        let expiry = at(30);
        assert_eq!(settings.due_reminder(expiry, at(22)), None);
        assert_eq!(settings.due_reminder(expiry, at(23)), Some(7));
        assert_eq!(settings.due_reminder(expiry, at(26)), Some(7));
        assert_eq!(settings.due_reminder(expiry, at(27)), Some(3));
        assert_eq!(settings.due_reminder(expiry, at(29)), Some(1));
        assert_eq!(settings.due_reminder(expiry, at(30)), None);
    }

    #[test]
    fn the_next_step_follows_the_calendar() {
        let settings = LifecycleSettings::default();
        let expiry = at(30);
        use ServiceStatus::*;
        assert_eq!(
            settings.upcoming(Active, expiry, false, false, at(1)),
            Some((NextStep::RenewalInvoice, at(23)))
        );
        assert_eq!(
            settings.upcoming(Active, expiry, true, false, at(24)),
            Some((NextStep::Suspension, at(33)))
        );
        assert_eq!(
            settings.upcoming(Suspended, expiry, true, false, at(34)),
            Some((NextStep::Termination, at(40)))
        );
        assert_eq!(
            settings
                .upcoming(Suspended, expiry, true, true, at(40))
                .map(|(step, _)| step),
            Some(NextStep::Terminating)
        );
        assert_eq!(settings.upcoming(Terminated, expiry, true, true, at(41)), None);
    }
}
