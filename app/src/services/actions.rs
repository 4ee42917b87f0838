//! The job that carries out a customer's action at the provider.
//!
//! 1. A `queued` action is sent to the provider (power on/off, reboot, rebuild, delete) and
//!    then marked `running`. A crash between the two sends it again on retry, which is
//!    at-least-once for the one call and never a second VM.
//! 2. A `running` action is checked with growing delays (on the injectable clock) until the
//!    machine reaches the action's end state; the service's reported state is updated on
//!    every check, so the customer's page follows along.
//! 3. Done: the action `done`, with what follows from it (a rebuild's new image, a delete's
//!    terminated service, a resize's new plan) in one transaction. A refusal by the
//!    provider, retries used up or an action that never ends: `failed`, the provider's text
//!    kept for staff.
//!
//! A resize goes through phases (`ResizePhase`): a running machine is turned off, resized,
//! and turned on again; each phase is sent, then checked like an action of its own.

use super::store::{self, ActionRow, ResizePhase, ServiceRow};
use super::{ActionKind, ActionStatus};
use crate::clock::SharedClock;
use crate::db::{Db, Tx};
use crate::ids::OrderId;
use crate::jobs::{Job, JobError, JobQueue, JobRegistry, NewJob};
use crate::provisioning::{CloudProvider, Instance, InstanceAction, InstanceState, ProviderError, Providers};
use crate::security::SecretBox;
use serde::{Deserialize, Serialize};

pub const ACTION_JOB: &str = "services.action";

/// About 15 minutes of checks (2 s, 4 s, 8 s, then every 15 s) before giving up.
const MAX_CHECKS: i32 = 60;
const MAX_CHECK_DELAY_SECS: i64 = 15;

#[derive(Serialize, Deserialize)]
struct Payload {
    action_id: String,
}

fn job(action_id: &str, unique_key: String) -> Result<NewJob, sqlx::Error> {
    NewJob::new(
        ACTION_JOB,
        Payload {
            action_id: action_id.to_string(),
        },
    )
    .map(|job| job.max_attempts(8).unique_key(unique_key))
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))
}

/// Queues the job of a newly recorded action, in the caller's transaction.
pub async fn enqueue_in(
    tx: &mut Tx,
    clock: &dyn crate::clock::Clock,
    action_id: &str,
) -> Result<(), sqlx::Error> {
    let job = job(action_id, format!("{ACTION_JOB}:{action_id}"))?;
    crate::jobs::enqueue_in(tx, clock, job).await.map(|_| ())
}

pub fn register(registry: &mut JobRegistry, queue: JobQueue, providers: Providers, secrets: SecretBox) {
    registry.register(ACTION_JOB, move |job: Job| {
        let (queue, providers, secrets) = (queue.clone(), providers.clone(), secrets.clone());
        async move {
            let payload: Payload = job.payload()?;
            let run = Run {
                db: queue.db().clone(),
                clock: queue.clock(),
                queue: &queue,
                providers: &providers,
                secrets: &secrets,
            };
            run.step(&payload.action_id, job.attempts >= job.max_attempts)
                .await
        }
    });
}

struct Run<'a> {
    db: Db,
    clock: SharedClock,
    queue: &'a JobQueue,
    providers: &'a Providers,
    secrets: &'a SecretBox,
}

fn database(error: sqlx::Error) -> JobError {
    JobError::Retryable(format!("database: {error}"))
}

/// The state an action (or a resize's phase) ends in.
fn end_state(action: &ActionRow) -> InstanceState {
    match (action.action, action.phase) {
        (ActionKind::PowerOff, _) => InstanceState::Off,
        (ActionKind::Delete, _) => InstanceState::Deleted,
        (ActionKind::Resize, Some(ResizePhase::Stop | ResizePhase::Resize)) => InstanceState::Off,
        _ => InstanceState::Running,
    }
}

/// Whether the machine is where the action (or phase) ends: in its end state, and after a
/// resize at the new size where the provider tells the size.
async fn finished(
    db: &Db,
    action: &ActionRow,
    instance: Option<&Instance>,
    state: InstanceState,
) -> Result<bool, sqlx::Error> {
    if state != end_state(action) {
        return Ok(false);
    }
    let (Some(ResizePhase::Resize), Some(plan_id)) = (action.phase, &action.plan_id) else {
        return Ok(true);
    };
    let reported = instance.and_then(|instance| instance.size.as_deref());
    let wanted = crate::catalog::store::plan_size_slug(db, plan_id).await?;
    Ok(reported.is_none() || reported == wanted.as_deref())
}

impl Run<'_> {
    async fn step(&self, action_id: &str, last_attempt: bool) -> Result<(), JobError> {
        let Some(action) = store::find_action(&self.db, action_id).await.map_err(database)? else {
            return Err(JobError::Permanent(format!("no service action {action_id}")));
        };
        if !action.status.is_open() {
            return Ok(());
        }
        let Some(service) = store::find(&self.db, &action.service_id)
            .await
            .map_err(database)?
        else {
            return Err(JobError::Permanent(format!(
                "service {} not found",
                action.service_id
            )));
        };
        match self.advance(&action, &service).await {
            Ok(()) => Ok(()),
            Err(ProviderError::Retryable { message, retry_after }) if !last_attempt => {
                Err(JobError::retry(message, retry_after))
            }
            Err(error) => self.fail(&action, &error.to_string()).await,
        }
    }

    async fn advance(&self, action: &ActionRow, service: &ServiceRow) -> Result<(), ProviderError> {
        let provider = self.providers.get(&service.provider_slug).ok_or_else(|| {
            ProviderError::permanent(format!("provider {} is not configured", service.provider_slug))
        })?;
        let id = &service.provider_instance_id;
        if action.status == ActionStatus::Queued {
            self.send(provider.as_ref(), action, service).await?;
            store::start_action(&self.db, self.clock.as_ref(), &action.id).await?;
            return self.check_later(action).await;
        }
        let instance = provider.get(id).await?;
        let state = instance
            .as_ref()
            .map_or(InstanceState::Deleted, |instance| instance.state);
        self.record(service, instance.as_ref(), state).await?;
        if finished(&self.db, action, instance.as_ref(), state).await? {
            if let Some(next) = action.phase.and_then(|phase| phase.next(action.restart)) {
                return self.next_phase(action, next).await;
            }
            return Ok(self.complete(action, service).await?);
        }
        if instance.is_none() {
            return Err(ProviderError::permanent(
                "the instance no longer exists at the provider",
            ));
        }
        self.check_later(action).await
    }

    async fn send(
        &self,
        provider: &dyn CloudProvider,
        action: &ActionRow,
        service: &ServiceRow,
    ) -> Result<(), ProviderError> {
        let id = service.provider_instance_id.as_str();
        let request = match action.action {
            ActionKind::Delete => return provider.delete(id).await,
            ActionKind::Resize => match self.resize_request(provider, action, id).await? {
                Some(request) => request,
                None => return Ok(()),
            },
            ActionKind::PowerOn => InstanceAction::PowerOn,
            ActionKind::PowerOff => InstanceAction::PowerOff,
            ActionKind::Reboot => InstanceAction::Reboot,
            ActionKind::Rebuild => {
                let image_id = action.image_id.as_deref().unwrap_or_default();
                let image = crate::catalog::store::image_slug(&self.db, image_id)
                    .await?
                    .ok_or_else(|| {
                        ProviderError::permanent("the chosen image is no longer in the catalog")
                    })?;
                InstanceAction::Rebuild {
                    image,
                    root_password: self.rebuild_password(action, &service.order_id).await?,
                }
            }
        };
        provider.act(id, &request).await
    }

    /// What a resize's phase asks of the provider; `None` when the machine is off already
    /// at the start (turned off meanwhile), so there is nothing to send.
    async fn resize_request(
        &self,
        provider: &dyn CloudProvider,
        action: &ActionRow,
        id: &str,
    ) -> Result<Option<InstanceAction>, ProviderError> {
        Ok(Some(match action.phase {
            Some(ResizePhase::Stop) => {
                let state = provider.get(id).await?.map(|instance| instance.state);
                if state == Some(InstanceState::Off) {
                    return Ok(None);
                }
                InstanceAction::PowerOff
            }
            Some(ResizePhase::Start) => InstanceAction::PowerOn,
            Some(ResizePhase::Resize) | None => {
                let plan_id = action.plan_id.as_deref().unwrap_or_default();
                let size = crate::catalog::store::plan_size_slug(&self.db, plan_id)
                    .await?
                    .ok_or_else(|| ProviderError::permanent("the chosen plan is no longer in the catalog"))?;
                InstanceAction::Resize { size }
            }
        }))
    }

    /// A resize's phase is over: the next one is queued and sent at once.
    async fn next_phase(&self, action: &ActionRow, next: ResizePhase) -> Result<(), ProviderError> {
        if store::next_phase(&self.db, self.clock.as_ref(), &action.id, next).await? {
            let key = format!("{ACTION_JOB}:{}:{}", action.id, next.code());
            self.queue.enqueue(job(&action.id, key)?).await?;
        }
        Ok(())
    }

    /// The password a rebuild installs: chosen once, kept sealed on the action before the
    /// provider is asked (a retry sends the same one).
    async fn rebuild_password(
        &self,
        action: &ActionRow,
        order_id: &OrderId,
    ) -> Result<String, ProviderError> {
        let sealed = action.root_password_sealed.as_deref();
        let store =
            |sealed: String| async move { store::set_action_password(&self.db, &action.id, &sealed).await };
        Ok(crate::provisioning::job::root_password_once(self.secrets, sealed, order_id, store).await?)
    }

    /// The provider's latest word on the machine, for the customer's page.
    async fn record(
        &self,
        service: &ServiceRow,
        instance: Option<&Instance>,
        state: InstanceState,
    ) -> Result<(), sqlx::Error> {
        let ipv4 = instance.and_then(|instance| instance.ipv4.as_deref());
        let ipv6 = instance.and_then(|instance| instance.ipv6.as_deref());
        let unchanged = service.power_state == state.code()
            && ipv4.is_none_or(|ip| service.ipv4.as_deref() == Some(ip))
            && ipv6.is_none_or(|ip| service.ipv6.as_deref() == Some(ip));
        if unchanged {
            return Ok(()); // nothing new to tell the page: no write
        }
        store::record_state(
            &self.db,
            self.clock.as_ref(),
            &service.id,
            state.code(),
            ipv4,
            ipv6,
        )
        .await
    }

    async fn check_later(&self, action: &ActionRow) -> Result<(), ProviderError> {
        let checks = store::count_check(&self.db, &action.id).await?;
        if checks > MAX_CHECKS {
            return Err(ProviderError::permanent("the action did not finish in time"));
        }
        let delay = (1_i64 << checks.min(4)).min(MAX_CHECK_DELAY_SECS);
        let at = self.clock.now() + chrono::Duration::seconds(delay);
        // Each phase of a resize counts its checks afresh: its keys name the phase.
        let phase = action
            .phase
            .map_or(String::new(), |phase| format!("{}-", phase.code()));
        let key = format!("{ACTION_JOB}:{}:{phase}check-{checks}", action.id);
        let next = job(&action.id, key)?.run_at(at);
        self.queue.enqueue(next).await?;
        Ok(())
    }

    async fn complete(&self, action: &ActionRow, service: &ServiceRow) -> Result<(), sqlx::Error> {
        let clock = self.clock.as_ref();
        let mut tx = self.db.begin().await?;
        match (action.action, action.image_id.as_deref()) {
            // The action was sent (and its password stored) in an earlier run than this one,
            // which loaded the row afresh.
            (ActionKind::Rebuild, Some(image)) => {
                let sealed = action.root_password_sealed.as_deref();
                store::set_image(&mut tx, clock, &service.id, image, sealed).await?
            }
            (ActionKind::Delete, _) => store::terminate(&mut tx, clock, &service.id).await?,
            (ActionKind::Resize, _) => super::upgrade::run::resized_in(&mut tx, clock, action, true).await?,
            _ => {}
        }
        store::finish_action(&mut tx, clock, &action.id, ActionStatus::Done, None).await?;
        tx.commit().await
    }

    async fn fail(&self, action: &ActionRow, error: &str) -> Result<(), JobError> {
        tracing::warn!(action_id = %action.id, error, "service action failed");
        let mut tx = self.db.begin().await.map_err(database)?;
        store::finish_action(
            &mut tx,
            self.clock.as_ref(),
            &action.id,
            ActionStatus::Failed,
            Some(error),
        )
        .await
        .map_err(database)?;
        if action.action == ActionKind::Resize {
            // Failing to turn the machine on again comes after the resize itself.
            let resized = action.phase == Some(ResizePhase::Start);
            super::upgrade::run::resized_in(&mut tx, self.clock.as_ref(), action, resized)
                .await
                .map_err(database)?;
            self.restart_after_failed_resize(&mut tx, action)
                .await
                .map_err(database)?;
        }
        tx.commit().await.map_err(database)
    }

    /// A resize that failed after turning the machine off turns it on again (as it was).
    async fn restart_after_failed_resize(&self, tx: &mut Tx, action: &ActionRow) -> Result<(), sqlx::Error> {
        if !action.restart || action.phase == Some(ResizePhase::Stop) {
            return Ok(());
        }
        let clock = self.clock.as_ref();
        let power_on =
            store::insert_action(tx, clock, &action.service_id, ActionKind::PowerOn, None, None).await?;
        match power_on {
            Some(power_on) => enqueue_in(tx, clock, &power_on).await,
            None => Ok(()),
        }
    }
}
