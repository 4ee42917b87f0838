//! Which adapter serves which provider.

use super::CloudProvider;
use std::collections::HashMap;
use std::sync::Arc;

/// The adapters this instance is configured with, by catalog slug.
#[derive(Clone, Default)]
pub struct Providers {
    by_slug: HashMap<&'static str, Arc<dyn CloudProvider>>,
}

impl Providers {
    pub fn with(mut self, provider: Arc<dyn CloudProvider>) -> Providers {
        self.by_slug.insert(provider.slug(), provider);
        self
    }

    /// The adapter for a plan's provider; `None` if it is not configured here.
    pub fn get(&self, slug: &str) -> Option<Arc<dyn CloudProvider>> {
        self.by_slug.get(slug).cloned()
    }

    /// Every configured adapter, by slug.
    pub fn all(&self) -> Vec<Arc<dyn CloudProvider>> {
        let mut all: Vec<_> = self.by_slug.values().cloned().collect();
        all.sort_by_key(|provider| provider.slug());
        all
    }
}
