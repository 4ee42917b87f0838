//! WeBrana Cloud application crate.
//!
//! Pages, components and server functions compile for both the server (`ssr`) and the
//! browser (`hydrate`). Everything that only the server may run — persistence, jobs, events,
//! password hashing — sits behind the `ssr` feature so it never reaches the WASM bundle.
//! One folder per capability; `server/` only assembles.

pub mod accounts;
pub mod admin;
pub mod analytics;
pub mod audit;
pub mod billing;
pub mod catalog;
pub mod error;
pub mod home;
pub mod i18n;
pub mod ids;
pub mod lifecycle;
pub mod money;
pub mod notifications;
pub mod orders;
pub mod overview;
pub mod payments;
pub mod preferences;
pub mod promos;
pub mod provisioning;
pub mod services;
pub mod ui;
pub mod url;
pub mod wallet;

mod shell;
#[cfg(feature = "hydrate")]
pub use shell::hydrate;
pub use shell::{App, installable, shell};

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod maintenance;
#[cfg(feature = "ssr")]
pub mod outcome_metrics;
#[cfg(feature = "ssr")]
pub mod qr;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod settlement;
#[cfg(feature = "ssr")]
pub mod state;
