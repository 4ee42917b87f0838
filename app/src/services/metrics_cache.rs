//! Service metrics kept for a minute per (service, range), so reloading a service page or
//! several tabs do not each call the provider: a provider's rate limit is per account, and
//! one customer's refreshing must not use up everyone's share (issue 20, item 6).
//!
//! Our own ~30 lines rather than a caching crate: expiry follows the app's injectable clock
//! (tests move time instead of waiting), and per-instance memory is enough for a minute's
//! worth of charts (each instance asks the provider at most once a minute per chart).

use super::metrics::{MetricsRange, ServiceMetrics};
use crate::ids::ServiceId;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type Key = (ServiceId, MetricsRange);
/// When the charts were fetched, and the charts.
type Entry = (DateTime<Utc>, ServiceMetrics);

#[derive(Clone, Default)]
pub struct MetricsCache {
    entries: Arc<Mutex<HashMap<Key, Entry>>>,
}

impl MetricsCache {
    pub const TTL: Duration = Duration::seconds(60);
    /// Above this many entries, expired ones are dropped on the next insert.
    const PRUNE_ABOVE: usize = 10_000;

    /// The charts stored less than [`Self::TTL`] before `now`.
    pub fn get(
        &self,
        service: &ServiceId,
        range: MetricsRange,
        now: DateTime<Utc>,
    ) -> Option<ServiceMetrics> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&(service.clone(), range))
            .filter(|(stored_at, _)| now - *stored_at < Self::TTL)
            .map(|(_, metrics)| metrics.clone())
    }

    pub fn put(&self, service: &ServiceId, range: MetricsRange, now: DateTime<Utc>, metrics: ServiceMetrics) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > Self::PRUNE_ABOVE {
            entries.retain(|_, (stored_at, _)| now - *stored_at < Self::TTL);
        }
        entries.insert((service.clone(), range), (now, metrics));
    }
}
