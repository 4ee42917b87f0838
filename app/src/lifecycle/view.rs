//! What the service page shows of the lifecycle: the next step and its date, the open
//! renewal invoice, and whether the customer can renew ahead of time.

use super::schedule::LifecycleSettings;
use super::store;
use super::{LifecycleView, Upcoming};
use crate::billing::InvoiceStatus;
use crate::clock::rfc3339;
use crate::db::Db;
use crate::ids::ServiceId;
use crate::services::store::{self as services, ServiceRow};
use chrono::{DateTime, Utc};

/// The service as it is now with its lifecycle view, read so that the two agree: a renewal
/// paid between reading the service and reading its invoice (the invoice paid, the service
/// not yet seen extended) makes it read both again. `None` if there is no such service.
pub async fn current(
    db: &Db,
    settings: &LifecycleSettings,
    service_id: &ServiceId,
    now: DateTime<Utc>,
) -> Result<Option<(ServiceRow, LifecycleView)>, sqlx::Error> {
    for _ in 0..3 {
        let Some(service) = services::find(db, service_id).await? else {
            return Ok(None);
        };
        if let Some(view) = view(db, settings, &service, now).await? {
            return Ok(Some((service, view)));
        }
    }
    Err(sqlx::Error::Protocol(
        "the service kept changing while it was read".into(),
    ))
}

/// `None` when the row is older than its invoice (see [`current`]).
async fn view(
    db: &Db,
    settings: &LifecycleSettings,
    service: &ServiceRow,
    now: DateTime<Utc>,
) -> Result<Option<LifecycleView>, sqlx::Error> {
    let renewal = store::renewal_for_period(db, &service.id, service.expires_at).await?;
    let invoice = match &renewal {
        Some(renewal) => crate::billing::invoices::find(db, &renewal.invoice_id).await?,
        None => None,
    };
    // A paid renewal of the row's own period: the payment extended the service after the
    // row was read.
    if invoice
        .as_ref()
        .is_some_and(|invoice| invoice.status == InvoiceStatus::Paid)
    {
        return Ok(None);
    }
    let upcoming = settings
        .upcoming(
            service.status,
            service.expires_at,
            renewal.is_some(),
            service.termination_requested_at.is_some(),
            now,
        )
        .map(|(step, at)| Upcoming {
            step,
            at: rfc3339(&at),
        });
    Ok(Some(LifecycleView {
        upcoming,
        open_invoice: invoice
            .filter(|invoice| invoice.status == InvoiceStatus::Unpaid && service.renewable())
            .map(|invoice| invoice.summary()),
        suspended_by_staff: service.suspension.as_deref() == Some("admin"),
        can_renew_now: renewal.is_none() && service.renewable(),
    }))
}
