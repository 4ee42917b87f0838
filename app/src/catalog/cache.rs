//! The orderable catalog, kept in memory for a few seconds.
//!
//! Every storefront page and every order summary needs the whole catalog (five queries);
//! it changes only when an admin edits it. This instance drops its copy as soon as an admin
//! change commits here; other instances behind the load balancer pick it up when their copy
//! ages out (`ttl`). Placing an order never uses the cache: the price a customer pays is
//! always computed from the database.

use super::Catalog;
use super::store::load_orderable;
use crate::db::Db;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The catalog and when it was read.
type Stored = Option<(Instant, Arc<Catalog>)>;

#[derive(Clone)]
pub struct CatalogCache {
    ttl: Duration,
    copy: Arc<RwLock<Stored>>,
    /// One reload at a time: when the copy ages out under load, the other requests wait
    /// for that reload instead of all querying the database at once.
    reload: Arc<tokio::sync::Mutex<()>>,
    /// Raised by every invalidation, so a reload that read the database before an admin's
    /// change committed does not store what it read.
    generation: Arc<AtomicU64>,
}

impl CatalogCache {
    pub fn new(ttl: Duration) -> CatalogCache {
        CatalogCache {
            ttl,
            copy: Arc::default(),
            reload: Arc::default(),
            generation: Arc::default(),
        }
    }

    /// The orderable catalog, from memory while it is younger than the time to live.
    pub async fn orderable(&self, db: &Db) -> Result<Arc<Catalog>, sqlx::Error> {
        if self.ttl.is_zero() {
            return load_orderable(db).await.map(Arc::new);
        }
        if let Some(catalog) = self.fresh() {
            return Ok(catalog);
        }
        let _reloading = self.reload.lock().await;
        // Another request may have reloaded it while this one waited.
        if let Some(catalog) = self.fresh() {
            return Ok(catalog);
        }
        let (loaded_at, generation) = (Instant::now(), self.generation.load(Ordering::SeqCst));
        let catalog = Arc::new(load_orderable(db).await?);
        let mut copy = self.copy.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            *copy = Some((loaded_at, catalog.clone()));
        }
        Ok(catalog)
    }

    /// Forgets the copy: the next request reads the database.
    pub fn invalidate(&self) {
        let mut copy = self.copy.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        *copy = None;
    }

    /// Changes whenever this instance's copy is dropped: what was made from the catalog
    /// before is out of date (`server::page_cache`).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn fresh(&self) -> Option<Arc<Catalog>> {
        let copy = self.copy.read().unwrap_or_else(|e| e.into_inner());
        copy.as_ref()
            .filter(|(loaded_at, _)| loaded_at.elapsed() < self.ttl)
            .map(|(_, catalog)| catalog.clone())
    }
}

/// The orderable catalog through this instance's cache, inside a server function
/// (storefront reads only: placing an order reads the database).
pub async fn storefront_catalog() -> Result<Arc<Catalog>, crate::error::AppError> {
    use crate::error::AppError;
    let db = crate::state::AppState::from_context()?.db;
    let cache = crate::state::use_server::<CatalogCache>()?;
    cache.orderable(&db).await.map_err(AppError::internal)
}
