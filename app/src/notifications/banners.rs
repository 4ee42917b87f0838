//! The banner's announcements, kept in memory.
//!
//! Every page of every visitor shows the banner, so every render asked the database for
//! it. The set changes only when an announcement finishes sending (its banner then shows
//! until `banner_until`), and each batch of one is an event on the bus, from any instance
//! on PostgreSQL. A copy is kept until the next such event, until the first of its banners
//! ends, or for `ttl` at most (so a missed event cannot keep a banner up, or away, longer).
//! The anonymous page cache (`server::page_cache`) drops its pages on the same signal,
//! through [`BannerCache::generation`].

use super::BannerView;
use super::announcements::with_banner;
use super::service::TOPIC_BATCH;
use crate::clock::Clock;
use crate::db::Db;
use crate::events::{Event, EventBus};
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

/// The banners that show now, each in (Indonesian, English), newest first.
pub type Banners = Vec<(BannerView, BannerView)>;

#[derive(Clone)]
pub struct BannerCache {
    inner: Arc<Inner>,
}

struct Inner {
    ttl: Duration,
    copy: RwLock<Option<Kept>>,
    /// Raised by every batch event, so a read that began before one is not kept after it.
    generation: AtomicU64,
}

struct Kept {
    banners: Arc<Banners>,
    read_at: Instant,
    /// The app's time at which the first of these banners ends.
    until: Option<DateTime<Utc>>,
    generation: u64,
}

impl BannerCache {
    /// A zero `ttl` reads the database every time. The cache follows the bus until `shutdown`.
    pub fn start(ttl: Duration, events: &EventBus, shutdown: CancellationToken) -> BannerCache {
        let cache = BannerCache {
            inner: Arc::new(Inner {
                ttl,
                copy: RwLock::default(),
                generation: AtomicU64::new(0),
            }),
        };
        tokio::spawn(cache.clone().follow(events.subscribe(), shutdown));
        cache
    }

    /// The banners that show at the app's `clock` time.
    pub async fn active(&self, db: &Db, clock: &dyn Clock) -> Result<Arc<Banners>, sqlx::Error> {
        let now = clock.now();
        if let Some(banners) = self.fresh(now) {
            return Ok(banners);
        }
        let (read_at, generation) = (Instant::now(), self.generation());
        let rows = with_banner(db, now).await?;
        let until = rows.iter().filter_map(|row| row.banner_until).min();
        let banners: Arc<Banners> = Arc::new(
            rows.iter()
                .map(|row| (row.banner(Lang::Id), row.banner(Lang::En)))
                .collect(),
        );
        if !self.inner.ttl.is_zero() && self.generation() == generation {
            let kept = Kept {
                banners: banners.clone(),
                read_at,
                until,
                generation,
            };
            *self.inner.copy.write().unwrap_or_else(|e| e.into_inner()) = Some(kept);
        }
        Ok(banners)
    }

    /// Changes on every announcement batch this instance hears of: pages made with the
    /// banner before are out of date.
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::SeqCst)
    }

    fn fresh(&self, now: DateTime<Utc>) -> Option<Arc<Banners>> {
        let copy = self.inner.copy.read().unwrap_or_else(|e| e.into_inner());
        copy.as_ref()
            .filter(|kept| {
                kept.generation == self.generation()
                    && kept.read_at.elapsed() < self.inner.ttl
                    && kept.until.is_none_or(|until| now < until)
            })
            .map(|kept| kept.banners.clone())
    }

    async fn follow(self, mut events: tokio::sync::broadcast::Receiver<Event>, shutdown: CancellationToken) {
        loop {
            let event = tokio::select! {
                _ = shutdown.cancelled() => return,
                event = events.recv() => event,
            };
            match event {
                Ok(event) if event.topic != TOPIC_BATCH && event.topic != Event::RESYNC => {}
                // A missed event may have been a batch.
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    self.inner.generation.fetch_add(1, Ordering::SeqCst);
                }
                Err(RecvError::Closed) => return,
            }
        }
    }
}
