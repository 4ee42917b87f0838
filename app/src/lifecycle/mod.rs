//! The service lifecycle: a renewal invoice some days before a service runs out (default 7),
//! reminders 7, 3 and 1 days before, suspension (powered off, data kept) when still unpaid
//! a grace period after expiry (default 3 days), termination (deleted at the provider) after
//! a second grace period (default 7 days); paying the renewal invoice extends the service
//! and lifts a suspension for non-payment.
//!
//! - `schedule` (ssr): the settings and the dates that follow from an expiry (pure).
//! - `sweep` (ssr): the periodic job that finds what is due and queues one step job each.
//! - `steps` (ssr): the step jobs; each checks again in its own transaction, so running one
//!   twice (or on two instances) does it once.
//! - `renewal` (ssr): issuing renewal invoices and applying their payment.
//! - `notices` (ssr): what the customer is told (invoice issued, reminders, suspension,
//!   termination), through the notification service.
//! - `view` (ssr): what the service page shows of it.

pub mod texts;

#[cfg(feature = "ssr")]
pub mod notices;
#[cfg(feature = "ssr")]
pub mod renewal;
#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod steps;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod sweep;
#[cfg(feature = "ssr")]
pub mod view;

pub use texts::LifecycleText;

use serde::{Deserialize, Serialize};

/// What happens to a service next if nobody acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextStep {
    /// The renewal invoice is issued.
    RenewalInvoice,
    /// Unpaid: the service is suspended (powered off, data kept).
    Suspension,
    /// Suspended: the service is deleted at the provider unless paid.
    Termination,
    /// The deletion has been asked for; no payment brings it back.
    Terminating,
}

/// The next step and when it comes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upcoming {
    pub step: NextStep,
    /// RFC 3339.
    pub at: String,
}

/// The lifecycle as the service page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleView {
    pub upcoming: Option<Upcoming>,
    /// The unpaid renewal invoice of the current period.
    pub open_invoice: Option<crate::billing::InvoiceSummary>,
    /// Suspended by staff (paying does not lift it), rather than for non-payment.
    pub suspended_by_staff: bool,
    /// The customer may ask for the renewal invoice now, ahead of the schedule.
    pub can_renew_now: bool,
}
