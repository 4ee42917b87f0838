//! What a customer may move their server to, and asking for it: the invoice for the rest of
//! the paid period on the bigger plan.

use crate::accounts::User;
use crate::accounts::validation::field_error;
use crate::billing::invoices::{self, NewInvoice};
use crate::billing::{InvoiceLine, InvoicePurpose, InvoiceStatus};
use crate::catalog::{Catalog, Plan};
use crate::clock::{Clock, wib_date};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::{InvoiceId, ServiceId};
use crate::money::Rupiah;
use crate::orders::pricing::Quote;
use crate::services::status::{ActionKind, UpgradeStatus};
use crate::services::store::ServiceRow;
use crate::services::store::upgrades::{self, NewUpgrade};
use crate::services::upgrade::pricing::{Size, bigger_plans, price_for_rest};
use crate::services::views::{UpgradeChoice, UpgradeView};
use crate::state::AppState;
use crate::ui::FormText;
use chrono::{DateTime, Utc};

/// Whether the service may change plan now: active, not on its way out, settled (on or
/// off, not in the middle of something), and with some of its paid period left (past its
/// expiry it is renewed first).
fn upgradable(row: &ServiceRow, now: DateTime<Utc>) -> bool {
    row.renewable() && ActionKind::Resize.allowed(row.status, &row.power_state) && row.expires_at > now
}

fn size(row: &ServiceRow) -> Size {
    Size {
        vcpu: row.vcpu,
        memory_mb: row.memory_mb,
        disk_gb: row.disk_gb,
    }
}

/// The monthly price the service runs at: its last paid upgrade's, else its order's.
async fn monthly_price(db: &Db, row: &ServiceRow) -> Result<Option<Rupiah>, sqlx::Error> {
    if let Some(upgrade) = upgrades::renewal_terms(db, &row.id).await? {
        return Ok(Some(upgrade.monthly_price));
    }
    let order = crate::orders::store::find(db, &row.order_id).await?;
    Ok(order.map(|order| order.monthly_price))
}

/// The bigger plans `row` may move to now, each with what is due now and the monthly price
/// it renews at; none when the service cannot change plan now.
pub async fn choices(
    db: &Db,
    catalog: &Catalog,
    row: &ServiceRow,
    now: DateTime<Utc>,
) -> Result<Vec<UpgradeChoice>, sqlx::Error> {
    if !upgradable(row, now) {
        return Ok(Vec::new());
    }
    let Some(monthly) = monthly_price(db, row).await? else {
        return Ok(Vec::new());
    };
    Ok(
        bigger_plans(catalog, &row.provider_slug, size(row), &row.region_id)
            .into_iter()
            .map(|plan| UpgradeChoice {
                plan_id: plan.id.clone(),
                name: plan.name.clone(),
                vcpu: plan.vcpu,
                memory_mb: plan.memory_mb,
                disk_gb: plan.disk_gb,
                monthly_price: plan.monthly_price,
                due_now: price_for_rest(monthly, plan, row.cycle_months, row.expires_at, now).total,
            })
            .collect(),
    )
}

/// Asks for `user`'s own service `row` to move to `plan_id`: returns the invoice to pay, or
/// `None` when nothing is due (the resize is queued at once). Asking again for the same
/// plan gives the same invoice; another plan replaces it (the first is voided).
pub async fn request(
    state: &AppState,
    catalog: &Catalog,
    user: &User,
    row: &ServiceRow,
    plan_id: &str,
) -> Result<Option<InvoiceId>, AppError> {
    if !upgradable(row, state.clock.now()) {
        return Err(field_error("plan", FormText::ActionNotAllowed));
    }
    let target = bigger_plans(catalog, &row.provider_slug, size(row), &row.region_id)
        .into_iter()
        .find(|plan| plan.id == plan_id)
        .ok_or_else(|| field_error("plan", FormText::ChooseBiggerPlan))?;
    let db = &state.db;
    // An unpaid renewal would renew at the old plan's price: it is paid first, and the
    // upgrade then covers the rest of the new period.
    let renewal_open = invoices::for_order(db, &row.order_id)
        .await
        .map_err(AppError::internal)?
        .iter()
        .any(|invoice| invoice.purpose == InvoicePurpose::Renewal && invoice.status == InvoiceStatus::Unpaid);
    if renewal_open {
        return Err(field_error("plan", FormText::PayRenewalFirst));
    }
    let monthly = monthly_price(db, row)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::internal("a service without its order"))?;
    let customer = crate::accounts::store::find_by_id(db, &user.id)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let clock = state.clock.as_ref();
    let quote = price_for_rest(monthly, target, row.cycle_months, row.expires_at, clock.now());
    let mut tx = db.begin().await.map_err(AppError::internal)?;
    if let Some(open) = upgrades::open_in(&mut tx, &row.id)
        .await
        .map_err(AppError::internal)?
    {
        let same = open.to_plan_id == target.id
            && open.from_plan_id == row.plan_id
            && open.period_end == row.expires_at;
        match open.status {
            UpgradeStatus::Pending if same => return Ok(open.invoice_id),
            UpgradeStatus::Pending => {
                withdraw_in(&mut tx, clock, &open.id, open.invoice_id.as_ref(), "replaced")
                    .await
                    .map_err(AppError::internal)?
            }
            _ => return Err(field_error("plan", FormText::UpgradeInProgress)),
        }
    }
    let invoice_id = match quote.total.is_positive() {
        true => Some(
            issue_invoice(&mut tx, clock, row, target, &quote, &customer)
                .await
                .map_err(AppError::internal)?,
        ),
        false => None,
    };
    let upgrade = NewUpgrade {
        service_id: &row.id,
        invoice_id: invoice_id.as_ref(),
        from_plan_id: &row.plan_id,
        to_plan_id: &target.id,
        monthly_price: target.monthly_price,
        discount_percent: quote.cycle_discount_percent,
        period_end: row.expires_at,
        status: match invoice_id {
            Some(_) => UpgradeStatus::Pending,
            None => UpgradeStatus::Paid,
        },
    };
    let upgrade_id = upgrades::insert_in(&mut tx, clock, &upgrade)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| field_error("plan", FormText::UpgradeInProgress))?;
    if invoice_id.is_none() {
        crate::services::upgrade::run::enqueue_paid_in(&mut tx, clock, &upgrade_id)
            .await
            .map_err(AppError::internal)?;
    }
    tx.commit().await.map_err(AppError::internal)?;
    tracing::info!(service = %row.id, plan = %target.id, upgrade = %upgrade_id, "upgrade requested");
    Ok(invoice_id)
}

/// The upgrade invoice, on the service's order: one line for the move over the rest of
/// the period, the cycle's discount, PPN.
async fn issue_invoice(
    tx: &mut Tx,
    clock: &dyn Clock,
    row: &ServiceRow,
    target: &Plan,
    quote: &Quote,
    customer: &crate::accounts::store::UserRow,
) -> Result<InvoiceId, sqlx::Error> {
    let lang = customer.language();
    let (what, until) = match lang {
        Lang::Id => ("Pindah paket VPS", "sisa periode s.d."),
        Lang::En => ("Plan change VPS", "rest of the period until"),
    };
    let first = InvoiceLine {
        description: format!(
            "{what} {} · {} → {} · {until} {}",
            row.hostname,
            row.plan_name,
            target.name,
            wib_date(&row.expires_at)
        ),
        quantity: 1,
        unit_price: quote.subtotal,
        amount: quote.subtotal,
    };
    let lines = crate::orders::pricing::quote_lines(first, quote, lang);
    let due_at = clock.now() + chrono::Duration::days(1);
    let invoice = NewInvoice::for_order(
        InvoicePurpose::Upgrade,
        &row.order_id,
        customer,
        lines,
        quote,
        due_at,
    );
    Ok(invoices::issue(tx, clock, invoice).await?.0)
}

/// A pending upgrade no longer wanted (another choice, or a renewal changes the period it
/// was priced for): it and its invoice are void.
async fn withdraw_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    upgrade_id: &str,
    invoice_id: Option<&InvoiceId>,
    reason: &str,
) -> Result<(), sqlx::Error> {
    if upgrades::transition_in(tx, clock, upgrade_id, UpgradeStatus::Pending, UpgradeStatus::Void).await?
        && let Some(invoice_id) = invoice_id
    {
        invoices::void(tx, clock, invoice_id, reason).await?;
    }
    Ok(())
}

/// Called as a renewal invoice is issued: a pending upgrade was priced for the period that
/// is about to change, so it is withdrawn (the customer asks again once the renewal is paid).
pub async fn withdraw_pending_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
) -> Result<(), sqlx::Error> {
    match upgrades::open_in(tx, service_id).await? {
        Some(open) if open.status == UpgradeStatus::Pending => {
            withdraw_in(tx, clock, &open.id, open.invoice_id.as_ref(), "renewal issued").await
        }
        _ => Ok(()),
    }
}

/// The service's latest upgrade as its page shows it, with its invoice while it waits for
/// payment.
pub async fn latest(db: &Db, service_id: &ServiceId) -> Result<Option<UpgradeView>, sqlx::Error> {
    let Some(upgrade) = upgrades::latest(db, service_id).await? else {
        return Ok(None);
    };
    let invoice = match (&upgrade.invoice_id, upgrade.status) {
        (Some(id), UpgradeStatus::Pending) => invoices::find(db, id).await?.map(|row| row.summary()),
        _ => None,
    };
    Ok(Some(UpgradeView {
        plan_name: upgrade.plan_name,
        status: upgrade.status,
        invoice,
    }))
}
