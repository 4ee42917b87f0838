//! Moving a server to a bigger plan of its provider (DigitalOcean, Vultr and Linode call it
//! a resize), paid for the rest of its period.
//!
//! 1. [`request`]: the customer picks one of the bigger plans ([`pricing::bigger_plans`]);
//!    the price difference for the rest of the paid period ([`pricing::price_for_rest`]) is
//!    invoiced on the service's order (purpose `upgrade`), once per choice — asking again
//!    gives the same invoice, another choice replaces it.
//! 2. `settlement` applies the payment ([`run::paid_in`]): the upgrade is `paid` and a job
//!    queues the `resize` action (after any action under way).
//! 3. The action (`services::actions`) turns a running machine off, resizes it and turns it
//!    on again; done, the service is on the new plan ([`run::resized_in`]) and renews at its
//!    price; failed, the payment goes back to the customer's balance with a credit note
//!    (`settlement::refunds`, on [`run::UPGRADE_FAILED_JOB`]).

pub mod api;
pub mod pricing;
pub mod request;
pub mod run;
