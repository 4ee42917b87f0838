//! How a provider's API has been answering this instance: for the admins' provider health
//! view. In memory, per instance (a restart starts afresh).

use chrono::{DateTime, Utc};
use std::sync::Mutex;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HealthReport {
    pub calls: u64,
    pub failures: u64,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_failure_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

#[derive(Default)]
pub struct Health(Mutex<HealthReport>);

impl Health {
    pub fn success(&self) {
        let mut report = self.0.lock().expect("health lock");
        report.calls += 1;
        report.last_success_at = Some(Utc::now());
    }

    pub fn failure(&self, error: &str) {
        let mut report = self.0.lock().expect("health lock");
        report.calls += 1;
        report.failures += 1;
        report.last_failure_at = Some(Utc::now());
        report.last_error = Some(error.chars().take(300).collect());
    }

    pub fn report(&self) -> HealthReport {
        self.0.lock().expect("health lock").clone()
    }
}
