//! The lifecycle's step jobs. The sweep (and a renewal payment) queue them with a unique key
//! per service, period and step; each step checks again, in its own transaction, that it is
//! still due for the period it was queued for, and records what it did in a way the next
//! run sees. A step that has to wait for a customer's action to finish fails retryably and
//! is tried again later (the job queue's backoff).

use super::notices;
use super::renewal;
use super::schedule::{LifecycleSettings, REMINDER_DAYS};
use super::store;
use crate::audit::Actor;
use crate::clock::{Clock, SharedClock, rfc3339};
use crate::db::{Db, Tx};
use crate::ids::ServiceId;
use crate::jobs::{Job, JobError, JobRegistry, NewJob};
use crate::services::store::{self as services, ServiceRow};
use crate::services::{ActionKind, ServiceStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const STEP_JOB: &str = "lifecycle.step";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Issue the period's renewal invoice.
    Renew,
    /// Remind the customer `days` before expiry.
    Remind { days: i64 },
    /// Unpaid past the grace period: suspend and power off.
    Suspend,
    /// Still unpaid after the second grace period: delete at the provider.
    Terminate,
    /// A suspension ended: turn the machine on again.
    Resume,
}

impl Step {
    fn key(self) -> String {
        match self {
            Step::Remind { days } => format!("remind_{days}"),
            Step::Renew => "renew".into(),
            Step::Suspend => "suspend".into(),
            Step::Terminate => "terminate".into(),
            Step::Resume => "resume".into(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Payload {
    service_id: crate::ids::ServiceId,
    /// The expiry the step was decided on; a service renewed since is left alone.
    period_start: DateTime<Utc>,
    step: Step,
}

fn job(service_id: &ServiceId, period_start: DateTime<Utc>, step: Step) -> Result<NewJob, sqlx::Error> {
    let key = format!(
        "{STEP_JOB}:{service_id}:{}:{}",
        rfc3339(&period_start),
        step.key()
    );
    NewJob::new(
        STEP_JOB,
        Payload {
            service_id: service_id.clone(),
            period_start,
            step,
        },
    )
    .map(|job| job.max_attempts(12).unique_key(key))
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))
}

/// Queues a step in the caller's transaction (once per service, period and step).
pub async fn enqueue_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    period_start: DateTime<Utc>,
    step: Step,
) -> Result<(), sqlx::Error> {
    crate::jobs::enqueue_in(tx, clock, job(service_id, period_start, step)?)
        .await
        .map(|_| ())
}

/// Queues a step on its own.
pub async fn enqueue(
    db: &Db,
    clock: &dyn Clock,
    service_id: &ServiceId,
    period_start: DateTime<Utc>,
    step: Step,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    enqueue_in(&mut tx, clock, service_id, period_start, step).await?;
    tx.commit().await
}

pub fn register(registry: &mut JobRegistry, db: Db, clock: SharedClock, settings: LifecycleSettings) {
    registry.register(STEP_JOB, move |job: Job| {
        let (db, clock) = (db.clone(), clock.clone());
        async move {
            let payload: Payload = job.payload()?;
            run(&db, clock.as_ref(), &settings, &payload).await
        }
    });
}

/// How a step ended.
pub enum Outcome {
    /// Done: commit.
    Done,
    /// Nothing (any more) to do: roll back.
    Nothing,
    /// Another action of the service is still open: try again later.
    Busy,
}

fn database(error: sqlx::Error) -> JobError {
    JobError::Retryable(format!("database: {error}"))
}

async fn run(
    db: &Db,
    clock: &dyn Clock,
    settings: &LifecycleSettings,
    payload: &Payload,
) -> Result<(), JobError> {
    let Some(service) = services::find(db, &payload.service_id).await.map_err(database)? else {
        return Ok(());
    };
    if service.expires_at != payload.period_start {
        return Ok(()); // renewed (or changed by staff) since the step was queued
    }
    let now = clock.now();
    if payload.step == Step::Renew {
        if service.renewable() && now >= settings.renewal_at(service.expires_at) {
            renewal::issue_once(db, clock, &service).await.map_err(database)?;
        }
        return Ok(());
    }
    let mut tx = db.begin().await.map_err(database)?;
    let system = Actor::System {
        label: "job:lifecycle".into(),
    };
    let outcome = match payload.step {
        Step::Renew => Ok(Outcome::Nothing),
        Step::Remind { days } => remind(&mut tx, clock, settings, &service, days).await,
        Step::Suspend if now >= settings.suspend_at(service.expires_at) => {
            let terminate_on = settings.terminate_at(service.expires_at);
            suspend(
                &mut tx,
                clock,
                &service,
                "unpaid",
                None,
                Some(terminate_on),
                &system,
            )
            .await
        }
        Step::Terminate
            if service.status == ServiceStatus::Suspended
                && now >= settings.terminate_at(service.expires_at) =>
        {
            terminate(&mut tx, clock, &service, "unpaid", &system).await
        }
        Step::Resume => resume(&mut tx, clock, &service).await,
        Step::Suspend | Step::Terminate => Ok(Outcome::Nothing),
    }
    .map_err(database)?;
    match outcome {
        Outcome::Done => tx.commit().await.map_err(database),
        Outcome::Nothing => Ok(()),
        Outcome::Busy => Err(JobError::Retryable(
            "another action on the service is still open".into(),
        )),
    }
}

/// The countdown reminder, once per period and day count. Reminders before it that never
/// went out are recorded as passed, so none is sent late.
async fn remind(
    tx: &mut Tx,
    clock: &dyn Clock,
    settings: &LifecycleSettings,
    service: &ServiceRow,
    days: i64,
) -> Result<Outcome, sqlx::Error> {
    if service.status != ServiceStatus::Active
        || settings.due_reminder(service.expires_at, clock.now()) != Some(days)
    {
        return Ok(Outcome::Nothing);
    }
    for earlier in REMINDER_DAYS.into_iter().filter(|other| *other > days) {
        let event = format!("remind_{earlier}");
        store::record_event(tx, clock, &service.id, service.expires_at, &event).await?;
    }
    let event = format!("remind_{days}");
    if !store::record_event(tx, clock, &service.id, service.expires_at, &event).await? {
        return Ok(Outcome::Nothing);
    }
    notices::reminder(tx, clock, service, days, settings.suspend_at(service.expires_at)).await?;
    Ok(Outcome::Done)
}

/// Suspends an active service (for non-payment, or by staff with a reason) and powers it
/// off; the data stays.
pub async fn suspend(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &ServiceRow,
    kind: &str,
    note: Option<&str>,
    terminate_on: Option<DateTime<Utc>>,
    actor: &Actor,
) -> Result<Outcome, sqlx::Error> {
    if !services::lifecycle::suspend(tx, clock, service, kind, note).await? {
        return Ok(Outcome::Nothing);
    }
    if service.power_state != "off" && !system_action(tx, clock, &service.id, ActionKind::PowerOff).await? {
        return Ok(Outcome::Busy);
    }
    store::record_event(tx, clock, &service.id, service.expires_at, "suspended").await?;
    let by_staff = (kind == "admin").then(|| note.unwrap_or_default());
    notices::suspended(tx, clock, service, by_staff, terminate_on).await?;
    let note = format!(
        "{} · {kind}{}",
        ServiceStatus::Suspended.code(),
        note.map(|n| format!(" · {n}")).unwrap_or_default()
    );
    crate::orders::store::record_event(tx, clock, &service.order_id, None, None, actor, &note).await?;
    Ok(Outcome::Done)
}

/// Lifts a suspension (staff); the machine is powered on again if suspending turned it off.
pub async fn unsuspend(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &ServiceRow,
    actor: &Actor,
    note: &str,
) -> Result<Outcome, sqlx::Error> {
    if !services::lifecycle::unsuspend(tx, clock, &service.id).await? {
        return Ok(Outcome::Nothing);
    }
    if service.suspension_powered_off {
        // Keyed by this unsuspension, not only the period: a service suspended and lifted
        // twice in one period is powered on both times.
        let key = format!("{STEP_JOB}:{}:resume:{}", service.id, rfc3339(&clock.now()));
        let resume = job(&service.id, service.expires_at, Step::Resume)?.unique_key(key);
        crate::jobs::enqueue_in(tx, clock, resume).await?;
    }
    let note = format!("{} · {note}", ServiceStatus::Active.code());
    crate::orders::store::record_event(tx, clock, &service.order_id, None, None, actor, &note).await?;
    Ok(Outcome::Done)
}

/// Deletes the service's machine at the provider (the service becomes `TERMINATED` when the
/// provider confirms). From here no payment brings it back: its open renewal is voided.
pub async fn terminate(
    tx: &mut Tx,
    clock: &dyn Clock,
    service: &ServiceRow,
    reason: &str,
    actor: &Actor,
) -> Result<Outcome, sqlx::Error> {
    if !services::lifecycle::request_termination(tx, clock, &service.id).await? {
        return Ok(Outcome::Nothing);
    }
    if !system_action(tx, clock, &service.id, ActionKind::Delete).await? {
        return Ok(Outcome::Busy);
    }
    // Its unpaid renewal invoices can no longer be paid (voiding a paid one changes nothing).
    for invoice_id in store::renewal_invoices_in(tx, &service.id).await? {
        crate::billing::invoices::void(tx, clock, &invoice_id, "terminated").await?;
    }
    store::record_event(tx, clock, &service.id, service.expires_at, "terminating").await?;
    notices::terminated(tx, clock, service).await?;
    let note = format!("{} · {reason}", ServiceStatus::Terminated.code());
    crate::orders::store::record_event(tx, clock, &service.order_id, None, None, actor, &note).await?;
    Ok(Outcome::Done)
}

async fn resume(tx: &mut Tx, clock: &dyn Clock, service: &ServiceRow) -> Result<Outcome, sqlx::Error> {
    if service.status != ServiceStatus::Active {
        return Ok(Outcome::Nothing);
    }
    if service.power_state != "off" {
        // Lifted while the suspension's power-off still runs: the machine is about to be
        // off, so wait for that action and look again (or it would stay off for good).
        return Ok(if services::has_open_action(tx, &service.id).await? {
            Outcome::Busy
        } else {
            Outcome::Nothing
        });
    }
    if !system_action(tx, clock, &service.id, ActionKind::PowerOn).await? {
        return Ok(Outcome::Busy);
    }
    Ok(Outcome::Done)
}

/// Queues an action the system asks for; `false` if another action is still open.
async fn system_action(
    tx: &mut Tx,
    clock: &dyn Clock,
    service_id: &ServiceId,
    kind: ActionKind,
) -> Result<bool, sqlx::Error> {
    let Some(action_id) = services::insert_action(tx, clock, service_id, kind, None, None).await? else {
        return Ok(false);
    };
    crate::services::actions::enqueue_in(tx, clock, &action_id).await?;
    Ok(true)
}
