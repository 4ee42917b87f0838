//! Business analytics for staff: the admin home's figures (each against the period before),
//! its charts, and what needs staff's attention.
//!
//! Numbers come from daily facts (`facts`): closed days are read from the daily rollup
//! (`rollup`, `store`), the days after it are counted live, so a figure is exact whether or
//! not the rollup has run, and stays fast with millions of orders (docs/BENCHMARKS.md).

pub mod attention;
pub mod pages;
pub mod report;
mod texts;

pub use attention::{Attention, staff_attention};
pub use report::{Bucket, BusinessReport, Figure, FigureKind, Grain, load_business_report};

#[cfg(feature = "ssr")]
pub mod facts;
#[cfg(feature = "ssr")]
pub mod rollup;
#[cfg(feature = "ssr")]
mod store;

/// The day after `day` (`YYYY-MM-DD`); `day` itself if it is not a date.
#[cfg(feature = "ssr")]
fn day_after(day: &str) -> String {
    shift_day(day, 1)
}

/// `days` after `day` (`YYYY-MM-DD`, negative: before); `day` itself if it is not a date.
#[cfg(feature = "ssr")]
fn shift_day(day: &str, days: i64) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|date| {
            (date + chrono::Duration::days(days))
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_else(|_| day.to_string())
}
