//! What the lifecycle tells the customer — a renewal invoice issued, the countdown
//! reminders, suspension and termination — through the notification service, in the
//! transaction of the step that decided it.

use crate::clock::Clock;
use crate::db::Tx;
use crate::ids::InvoiceId;
use crate::notifications::service::notify_in;
use crate::notifications::templates::Notice;
use crate::on_tx;
use crate::services::store::ServiceRow;
use chrono::{DateTime, Utc};

/// The invoice renewing the service's current period, if issued.
async fn renewal_invoice_in(tx: &mut Tx, service: &ServiceRow) -> Result<Option<InvoiceId>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT invoice_id FROM service_renewals WHERE service_id = $1 AND period_start = $2",
    )
    .bind(&service.id)
    .bind(service.expires_at)
    .fetch_optional(&mut *conn)
    .await)
}

pub async fn invoice_issued(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &ServiceRow,
    invoice_id: &InvoiceId,
) -> Result<(), sqlx::Error> {
    let Some(invoice) = crate::billing::invoices::find_in(tx, invoice_id).await? else {
        return Ok(());
    };
    let notice = Notice::InvoiceDue {
        invoice_id: invoice.id.clone(),
        invoice_number: invoice.number.clone(),
        service_id: service.id.clone(),
        hostname: service.hostname.clone(),
        total: invoice.total,
        due_at: invoice.due_at,
    };
    notify_in(tx, clock, &service.user_id, &notice).await.map(|_| ())
}

pub async fn reminder(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &ServiceRow,
    days: i64,
    suspend_on: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let notice = Notice::VpsExpiring {
        service_id: service.id.clone(),
        hostname: service.hostname.clone(),
        days,
        invoice_id: renewal_invoice_in(tx, service).await?,
        suspend_on,
    };
    notify_in(tx, clock, &service.user_id, &notice).await.map(|_| ())
}

/// `by_staff`: staff's reason; otherwise unpaid, deleted on `terminate_on`.
pub async fn suspended(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &ServiceRow,
    by_staff: Option<&str>,
    terminate_on: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    let notice = Notice::VpsSuspended {
        service_id: service.id.clone(),
        hostname: service.hostname.clone(),
        by_staff: by_staff.map(str::to_string),
        terminate_on,
    };
    notify_in(tx, clock, &service.user_id, &notice).await.map(|_| ())
}

pub async fn terminated(tx: &mut Tx, clock: &dyn Clock, service: &ServiceRow) -> Result<(), sqlx::Error> {
    let notice = Notice::VpsTerminated {
        service_id: service.id.clone(),
        hostname: service.hostname.clone(),
    };
    notify_in(tx, clock, &service.user_id, &notice).await.map(|_| ())
}
