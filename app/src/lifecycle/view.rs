//! What the service page shows of the lifecycle: the next step and its date, the open
//! renewal invoice, and whether the customer can renew ahead of time.

use super::schedule::LifecycleSettings;
use super::store::{self, LifecycleRow};
use super::{LifecycleView, Upcoming};
use crate::billing::InvoiceStatus;
use crate::clock::rfc3339;
use crate::db::Db;
use chrono::{DateTime, Utc};

pub async fn view(
    db: &Db,
    settings: &LifecycleSettings,
    service: &LifecycleRow,
    now: DateTime<Utc>,
) -> Result<LifecycleView, sqlx::Error> {
    let renewal = store::renewal_for_period(db, &service.id, service.expires_at).await?;
    let invoice = match &renewal {
        Some(renewal) => crate::billing::invoices::find(db, &renewal.invoice_id).await?,
        None => None,
    };
    let upcoming = settings
        .upcoming(
            service.status(),
            service.expires_at,
            renewal.is_some(),
            service.termination_requested_at.is_some(),
            now,
        )
        .map(|(step, at)| Upcoming {
            step,
            at: rfc3339(&at),
        });
    Ok(LifecycleView {
        upcoming,
        open_invoice: invoice
            .filter(|invoice| invoice.status() == InvoiceStatus::Unpaid && service.renewable())
            .map(|invoice| invoice.summary()),
        suspended_by_staff: service.suspension.as_deref() == Some("admin"),
        can_renew_now: renewal.is_none() && service.renewable(),
    })
}
