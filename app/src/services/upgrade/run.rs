//! A paid upgrade carried out: its resize queued after payment, its end recorded when the
//! resize finishes.

use crate::clock::{Clock, SharedClock};
use crate::db::{Db, Tx};
use crate::ids::InvoiceId;
use crate::jobs::{Job, JobError, JobRegistry, NewJob};
use crate::services::store::upgrades::{self, UpgradeRow};
use crate::services::store::{self, ActionRow, NewResize};
use crate::services::{ActionKind, ServiceStatus, UpgradeStatus};
use serde::{Deserialize, Serialize};

/// Queued with a paid upgrade: records its resize action (waiting for any action under way).
pub const UPGRADE_PAID_JOB: &str = "services.upgrade.paid";
/// Queued when a paid upgrade fails: its payment goes back to the customer. Refunds are
/// above the services, so `settlement::refunds` registers the handler.
pub const UPGRADE_FAILED_JOB: &str = "services.upgrade.failed";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UpgradeJob {
    pub upgrade_id: String,
}

async fn enqueue_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    kind: &'static str,
    upgrade_id: &str,
) -> Result<(), sqlx::Error> {
    let payload = UpgradeJob {
        upgrade_id: upgrade_id.to_string(),
    };
    let job = NewJob::new(kind, payload)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
        .unique_key(format!("{kind}:{upgrade_id}"))
        .max_attempts(20);
    crate::jobs::enqueue_in(tx, clock, job).await.map(|_| ())
}

/// Queues the resize of a paid upgrade, in the caller's transaction.
pub async fn enqueue_paid_in(tx: &mut Tx, clock: &dyn Clock, upgrade_id: &str) -> Result<(), sqlx::Error> {
    enqueue_in(tx, clock, UPGRADE_PAID_JOB, upgrade_id).await
}

/// Whether an upgrade invoice can take a payment: its upgrade still waits for it, and the
/// service is still active, on the plan and in the period the price was for.
pub async fn accepts_payment(tx: &mut Tx, invoice_id: &InvoiceId) -> Result<bool, sqlx::Error> {
    let Some(upgrade) = upgrades::for_invoice_in(tx, invoice_id).await? else {
        return Ok(false);
    };
    Ok(upgrade.status == UpgradeStatus::Pending
        && store::find_in(tx, &upgrade.service_id)
            .await?
            .is_some_and(|service| {
                service.status == ServiceStatus::Active
                    && service.renewable()
                    && service.plan_id == upgrade.from_plan_id
                    && service.expires_at == upgrade.period_end
            }))
}

/// Applies a paid upgrade invoice, in the payment's transaction: the upgrade is paid and
/// its resize queued. `false` if it was not waiting for payment (the caller rolls back).
pub async fn paid_in(tx: &mut Tx, clock: &dyn Clock, invoice_id: &InvoiceId) -> Result<bool, sqlx::Error> {
    let Some(upgrade) = upgrades::for_invoice_in(tx, invoice_id).await? else {
        return Ok(false);
    };
    if !upgrades::transition_in(
        tx,
        clock,
        &upgrade.id,
        UpgradeStatus::Pending,
        UpgradeStatus::Paid,
    )
    .await?
    {
        return Ok(false);
    }
    enqueue_paid_in(tx, clock, &upgrade.id).await?;
    Ok(true)
}

/// The service the upgrade was for (its page), for the payment's notice.
pub async fn service_of_invoice(
    tx: &mut Tx,
    invoice_id: &InvoiceId,
) -> Result<Option<crate::ids::ServiceId>, sqlx::Error> {
    Ok(upgrades::for_invoice_in(tx, invoice_id)
        .await?
        .map(|upgrade| upgrade.service_id))
}

pub fn register(registry: &mut JobRegistry, db: Db, clock: SharedClock) {
    registry.register(UPGRADE_PAID_JOB, move |job: Job| {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            let payload: UpgradeJob = job.payload()?;
            let last_attempt = job.attempts >= job.max_attempts;
            start(&db, clock.as_ref(), &payload.upgrade_id, last_attempt).await
        }
    });
}

fn database(error: sqlx::Error) -> JobError {
    JobError::Retryable(format!("database: {error}"))
}

/// Records the resize of a paid upgrade and queues its job. While the machine is busy or
/// another action runs it waits (the job retries); a service that can no longer change
/// plan (deleted meanwhile), or one that stayed busy through every retry, fails the upgrade,
/// which gives the payment back.
async fn start(db: &Db, clock: &dyn Clock, upgrade_id: &str, last_attempt: bool) -> Result<(), JobError> {
    let mut tx = db.begin().await.map_err(database)?;
    let Some(upgrade) = upgrades::find_in(&mut tx, upgrade_id).await.map_err(database)? else {
        return Err(JobError::Permanent(format!("no upgrade {upgrade_id}")));
    };
    if upgrade.status != UpgradeStatus::Paid || upgrade.action_id.is_some() {
        return Ok(());
    }
    let service = store::find_in(&mut tx, &upgrade.service_id)
        .await
        .map_err(database)?
        .filter(|service| service.status == ServiceStatus::Active && service.renewable());
    let Some(service) = service else {
        fail_in(&mut tx, clock, &upgrade).await.map_err(database)?;
        return tx.commit().await.map_err(database);
    };
    let resize = NewResize {
        plan_id: &upgrade.to_plan_id,
        running: service.power_state == "running",
    };
    let action_id = match ActionKind::Resize.allowed(service.status, &service.power_state) {
        true => store::insert_resize(&mut tx, clock, &service.id, &resize, None)
            .await
            .map_err(database)?,
        false => None,
    };
    let Some(action_id) = action_id else {
        if last_attempt {
            fail_in(&mut tx, clock, &upgrade).await.map_err(database)?;
            return tx.commit().await.map_err(database);
        }
        return Err(JobError::Retryable("the server is busy; the resize waits".into()));
    };
    upgrades::set_action_in(&mut tx, clock, &upgrade.id, &action_id)
        .await
        .map_err(database)?;
    crate::services::actions::enqueue_in(&mut tx, clock, &action_id)
        .await
        .map_err(database)?;
    tx.commit().await.map_err(database)
}

/// A resize ended, in the transaction that finishes its action: done, the service is on the
/// new plan and the upgrade done; failed, the upgrade failed (its payment goes back).
pub async fn resized_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    action: &ActionRow,
    done: bool,
) -> Result<(), sqlx::Error> {
    if done && let Some(plan_id) = &action.plan_id {
        store::set_plan(tx, clock, &action.service_id, plan_id).await?;
    }
    let Some(upgrade) = upgrades::for_action_in(tx, &action.id).await? else {
        return Ok(());
    };
    match done {
        true => upgrades::transition_in(tx, clock, &upgrade.id, UpgradeStatus::Paid, UpgradeStatus::Done)
            .await
            .map(|_| ()),
        false => fail_in(tx, clock, &upgrade).await,
    }
}

async fn fail_in(tx: &mut Tx, clock: &dyn Clock, upgrade: &UpgradeRow) -> Result<(), sqlx::Error> {
    tracing::warn!(upgrade = %upgrade.id, service = %upgrade.service_id, "upgrade failed");
    if upgrades::transition_in(tx, clock, &upgrade.id, UpgradeStatus::Paid, UpgradeStatus::Failed).await?
        && upgrade.invoice_id.is_some()
    {
        enqueue_in(tx, clock, UPGRADE_FAILED_JOB, &upgrade.id).await?;
    }
    Ok(())
}
