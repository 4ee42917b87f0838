//! Renewal invoices: issued on the service's order (so its timeline, invoices and payment
//! pages serve renewals too), one per service and period, due when the service runs out.
//! Paying one extends the service by its billing cycle and lifts a suspension for
//! non-payment.

use super::steps::{self, Step};
use super::store::{self, RenewalRow};
use crate::audit::Actor;
use crate::billing::InvoicePurpose;
use crate::billing::invoices::{self, NewInvoice};
use crate::clock::{Clock, add_months, wib_date};
use crate::db::{Db, Tx};
use crate::ids::InvoiceId;
use crate::services::ServiceStatus;
use crate::services::store::{self as services, ServiceRow};

/// What the customer and the order need for an invoice, read before the transaction.
pub struct RenewalContext {
    order: crate::orders::store::OrderRow,
    customer: crate::accounts::store::UserRow,
    provider_name: String,
}

impl RenewalContext {
    pub async fn load(db: &Db, service: &ServiceRow) -> Result<Option<RenewalContext>, sqlx::Error> {
        let Some(mut order) = crate::orders::store::find(db, &service.order_id).await? else {
            return Ok(None);
        };
        // A service moved to a bigger plan renews on that plan's terms, as bought.
        if let Some(upgrade) = crate::services::store::upgrades::renewal_terms(db, &service.id).await? {
            order.plan_id = upgrade.to_plan_id;
            order.plan_name = upgrade.plan_name;
            order.monthly_price = upgrade.monthly_price;
            order.cycle_discount = (upgrade.monthly_price * i64::from(order.cycle_months))
                .percent(i64::from(upgrade.discount_percent));
        }
        let Some(customer) = crate::accounts::store::find_by_id(db, &service.user_id).await? else {
            return Ok(None);
        };
        let provider_name = crate::catalog::store::provider_name(db, &order.provider_slug)
            .await?
            .unwrap_or_else(|| order.provider_slug.clone());
        Ok(Some(RenewalContext {
            order,
            customer,
            provider_name,
        }))
    }
}

/// Issues the renewal invoice of the service's current period, in the caller's transaction.
/// `Ok(None)` when the period has one already: the caller must then roll back, which also
/// gives back the invoice number taken.
pub async fn issue(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &ServiceRow,
    context: &RenewalContext,
) -> Result<Option<InvoiceId>, sqlx::Error> {
    let order = &context.order;
    let customer = &context.customer;
    let quote = crate::orders::pricing::renewal_quote(order);
    let period_end = add_months(service.expires_at, order.cycle_months);
    let period = format!("{} – {}", wib_date(&service.expires_at), wib_date(&period_end));
    let lines = crate::orders::pricing::invoice_lines(
        order,
        &context.provider_name,
        &quote,
        customer.language(),
        Some(&period),
    );
    let (invoice_id, _) = invoices::issue(
        tx,
        clock,
        NewInvoice::for_order(
            InvoicePurpose::Renewal,
            &order.id,
            customer,
            lines,
            &quote,
            service.expires_at,
        ),
    )
    .await?;
    let renewal = RenewalRow {
        invoice_id: invoice_id.clone(),
        service_id: service.id.clone(),
        period_start: service.expires_at,
        period_end,
    };
    if !store::insert_renewal(tx, clock, &renewal).await? {
        return Ok(None);
    }
    // A pending upgrade was priced for the period this invoice ends.
    crate::services::upgrade::request::withdraw_pending_in(tx, clock, &service.id).await?;
    super::notices::invoice_issued(tx, clock, service, &invoice_id).await?;
    auto_pay(tx, clock, &invoice_id).await?;
    Ok(Some(invoice_id))
}

/// Queued with every renewal invoice, in the transaction that issues it. Paying is above the
/// lifecycle, so the handler is registered by `payments::wallet` (it pays the invoice from
/// the customer's balance when the balance covers it).
pub const RENEWAL_ISSUED_JOB: &str = "lifecycle.renewal.issued";

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RenewalIssued {
    pub invoice_id: InvoiceId,
}

async fn auto_pay(tx: &mut Tx, clock: &dyn Clock, invoice_id: &InvoiceId) -> Result<(), sqlx::Error> {
    let job = crate::jobs::NewJob::new(
        RENEWAL_ISSUED_JOB,
        RenewalIssued {
            invoice_id: invoice_id.clone(),
        },
    )
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
    .unique_key(format!("{RENEWAL_ISSUED_JOB}:{invoice_id}"))
    .max_attempts(5);
    crate::jobs::enqueue_in(tx, clock, job).await.map(|_| ())
}

/// Issues the renewal invoice now unless the period has one; returns the period's invoice.
/// For the customer's "renew now" and for the sweep's renewal step alike.
pub async fn issue_once(
    db: &Db,
    clock: &dyn Clock,
    service: &ServiceRow,
) -> Result<Option<InvoiceId>, sqlx::Error> {
    if let Some(existing) = store::renewal_for_period(db, &service.id, service.expires_at).await? {
        return Ok(Some(existing.invoice_id));
    }
    let Some(context) = RenewalContext::load(db, service).await? else {
        return Ok(None);
    };
    let mut tx = db.begin().await?;
    match issue(&mut tx, clock, service, &context).await? {
        Some(invoice_id) => {
            tx.commit().await?;
            tracing::info!(service = %service.id, invoice = %invoice_id, "renewal invoice issued");
            Ok(Some(invoice_id))
        }
        None => {
            drop(tx);
            Ok(store::renewal_for_period(db, &service.id, service.expires_at)
                .await?
                .map(|renewal| renewal.invoice_id))
        }
    }
}

/// Whether the renewal can still take a payment: its service is not being deleted and
/// still runs out at the renewal's start (it was not renewed by another invoice).
pub async fn accepts_payment(tx: &mut Tx, renewal: &RenewalRow) -> Result<bool, sqlx::Error> {
    Ok(services::find_in(tx, &renewal.service_id)
        .await?
        .is_some_and(|service| service.renewable() && service.expires_at == renewal.period_start))
}

/// Applies a paid renewal invoice, in the payment's transaction: the service runs another
/// cycle; a suspension for non-payment ends and the machine is turned on again if the
/// suspension turned it off. `false` if the service changed meanwhile (the caller rolls back).
pub async fn apply(
    tx: &mut Tx,
    clock: &dyn Clock,
    renewal: &RenewalRow,
    actor: &Actor,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let Some(service) = services::find_in(tx, &renewal.service_id).await? else {
        return Ok(false);
    };
    if !services::lifecycle::extend(
        tx,
        clock,
        &renewal.service_id,
        renewal.period_start,
        renewal.period_end,
    )
    .await?
    {
        return Ok(false);
    }
    store::record_event(tx, clock, &service.id, renewal.period_start, "renewed").await?;
    if service.status == ServiceStatus::Suspended && service.suspension.as_deref() == Some("unpaid") {
        services::lifecycle::unsuspend(tx, clock, &service.id).await?;
        if service.suspension_powered_off {
            steps::enqueue_in(tx, clock, &service.id, renewal.period_end, Step::Resume).await?;
        }
    }
    let number = invoices::find_in(tx, &renewal.invoice_id)
        .await?
        .map(|invoice| invoice.number)
        .unwrap_or_default();
    let note = format!("{note} · {number} · → {}", wib_date(&renewal.period_end));
    crate::orders::store::record_event(tx, clock, &service.order_id, None, None, actor, &note).await?;
    Ok(true)
}
