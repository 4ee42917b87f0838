//! The WeBrana Cloud server: configuration, telemetry, router assembly, background workers
//! and the command line. Application logic lives in the `app` crate.

pub mod backup;
pub mod caching;
pub mod cli;
pub mod config;
pub mod guard;
pub mod headers;
pub mod installable;
pub mod ops;
pub mod page_cache;
pub mod rest;
pub mod seed;
pub mod startup;
pub mod telemetry;
