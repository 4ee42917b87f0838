//! The provisioning job: a `PAID` order becomes a running VPS.
//!
//! Every step is safe to run again after a crash:
//! 1. the order moves to `PROVISIONING` (skipped if it already has);
//! 2. unless the task knows its instance, the provider is asked for one carrying the
//!    order's tag, and only if there is none is an instance created;
//! 3. the instance is checked; while it is still being built, another check is scheduled
//!    with a growing delay (on the injectable clock, so tests do not wait);
//! 4. once it runs with an address: the service row, the task `done` and the order `ACTIVE`
//!    in one transaction.
//!
//! A refusal by the provider, retries used up, or an instance that never comes up marks the
//! task `failed` and the order `PROVISIONING_FAILED`, keeping the error for admins.

use super::Providers;
use super::TaskStatus;
use super::outcomes::{ProvisioningMetrics, StepOutcome};
use super::provider::{CloudProvider, CreateInstance, Instance, InstanceState, ProviderError};
use super::store::{self, TaskRow};
use crate::audit::Actor;
use crate::clock::{Clock, SharedClock};
use crate::db::{Db, Tx};
use crate::ids::OrderId;
use crate::jobs::{Job, JobError, JobQueue, JobRegistry, NewJob};
use crate::orders::OrderStatus;
use crate::orders::store::{OrderRow, find, transition};
use crate::security::SecretBox;
use crate::services::store::NewService;
use rand::Rng;
use serde::{Deserialize, Serialize};

pub const PROVISION_JOB: &str = "provisioning.run";

/// Checks while waiting for an instance: 2 s, 4 s, 8 s … capped at 30 s, about 20 minutes
/// in all before giving up.
const MAX_CHECKS: i32 = 45;
const MAX_CHECK_DELAY_SECS: i64 = 30;

#[derive(Serialize, Deserialize)]
struct Payload {
    order_id: crate::ids::OrderId,
}

/// Starts provisioning a paid order, in the caller's transaction (the one that marked it
/// paid, or an admin's retry). `round` makes each retry's job distinct.
pub async fn start_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    order_id: &OrderId,
    round: &str,
) -> Result<(), sqlx::Error> {
    store::create_task(tx, clock, order_id).await?;
    let job = job(order_id, format!("{PROVISION_JOB}:{order_id}:{round}"), None)?;
    crate::jobs::enqueue_in(tx, clock, job).await.map(|_| ())
}

fn job(
    order_id: &OrderId,
    unique_key: String,
    run_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<NewJob, sqlx::Error> {
    let mut job = NewJob::new(
        PROVISION_JOB,
        Payload {
            order_id: order_id.clone(),
        },
    )
    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?
    .max_attempts(8)
    .unique_key(unique_key);
    if let Some(at) = run_at {
        job = job.run_at(at);
    }
    Ok(job)
}

pub fn register(
    registry: &mut JobRegistry,
    queue: JobQueue,
    providers: Providers,
    secrets: SecretBox,
    metrics: ProvisioningMetrics,
) {
    registry.register(PROVISION_JOB, move |job: Job| {
        let (queue, providers, secrets) = (queue.clone(), providers.clone(), secrets.clone());
        let metrics = metrics.clone();
        async move {
            let payload: Payload = job.payload()?;
            let run = Provisioning {
                db: queue.db().clone(),
                clock: queue.clock(),
                queue: &queue,
                providers: &providers,
                secrets: &secrets,
                metrics: &metrics,
            };
            let last_attempt = job.attempts >= job.max_attempts;
            run.step(&payload.order_id, last_attempt).await
        }
    });
}

/// Where one run of the job left the order.
enum Advanced {
    Active,
    /// The instance is still being built: a check is scheduled.
    Waiting,
    /// Refunded or moved on by someone else: nothing to build.
    Nothing,
}

struct Provisioning<'a> {
    db: Db,
    clock: SharedClock,
    queue: &'a JobQueue,
    providers: &'a Providers,
    secrets: &'a SecretBox,
    metrics: &'a ProvisioningMetrics,
}

fn actor() -> Actor {
    Actor::System {
        label: "job:provisioning".into(),
    }
}

/// A database error in the middle of provisioning: try the step again later.
impl From<sqlx::Error> for ProviderError {
    fn from(error: sqlx::Error) -> ProviderError {
        ProviderError::retryable(format!("database: {error}"))
    }
}

fn database(error: sqlx::Error) -> JobError {
    JobError::Retryable(format!("database: {error}"))
}

impl Provisioning<'_> {
    async fn step(&self, order_id: &OrderId, last_attempt: bool) -> Result<(), JobError> {
        let Some(task) = store::find_task(&self.db, order_id).await.map_err(database)? else {
            return Err(JobError::Permanent(format!(
                "no provisioning task for order {order_id}"
            )));
        };
        if task.status.is_final() {
            return Ok(());
        }
        let Some(order) = find(&self.db, order_id).await.map_err(database)? else {
            return Err(JobError::Permanent(format!("order {order_id} not found")));
        };
        let provider = order.provider_slug.as_str();
        match self.advance(&task, &order).await {
            Ok(Advanced::Active) => {
                let waited = self.clock.now() - task.created_at;
                self.metrics.ready(provider, waited.to_std().unwrap_or_default());
                Ok(())
            }
            Ok(Advanced::Waiting) => {
                self.metrics.step(provider, StepOutcome::Waiting);
                Ok(())
            }
            Ok(Advanced::Nothing) => Ok(()),
            Err(ProviderError::Retryable { message, retry_after }) if !last_attempt => {
                self.metrics.step(provider, StepOutcome::Retrying);
                Err(JobError::retry(message, retry_after))
            }
            Err(error) => {
                self.fail(order_id, &error.to_string()).await?;
                self.metrics.step(provider, StepOutcome::Failed);
                Ok(())
            }
        }
    }

    async fn advance(&self, task: &TaskRow, order: &OrderRow) -> Result<Advanced, ProviderError> {
        let provider = self.providers.get(&order.provider_slug).ok_or_else(|| {
            ProviderError::permanent(format!("provider {} is not configured", order.provider_slug))
        })?;
        match order.status {
            OrderStatus::Paid => {
                if !self.begin(order).await? {
                    return Ok(Advanced::Nothing);
                }
            }
            OrderStatus::Provisioning => {}
            // Refunded (cancelled) or otherwise done with: nothing is built for it.
            _ => return Ok(Advanced::Nothing),
        }
        let instance = match &task.provider_instance_id {
            Some(id) => provider.get(id).await?,
            None => None,
        };
        let instance = match instance {
            Some(instance) => instance,
            None => self.find_or_create(provider.as_ref(), task, order).await?,
        };
        if instance.state == InstanceState::Running && instance.ipv4.is_some() {
            self.activate(order, &instance).await?;
            return Ok(Advanced::Active);
        }
        self.check_later(task).await?;
        Ok(Advanced::Waiting)
    }

    /// `PAID` → `PROVISIONING`, with the timeline entry; `false` when the order was refunded
    /// meanwhile (then nothing may be built). A concurrent run that moved it first is fine.
    async fn begin(&self, order: &OrderRow) -> Result<bool, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let moved = transition(
            &mut tx,
            self.clock.as_ref(),
            &order.id,
            OrderStatus::Provisioning,
            &actor(),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(match moved {
            Ok(_) => true,
            Err(crate::orders::store::TransitionError::Illegal { from, .. }) => {
                from == OrderStatus::Provisioning
            }
            Err(crate::orders::store::TransitionError::NotFound) => false,
        })
    }

    async fn find_or_create(
        &self,
        provider: &dyn CloudProvider,
        task: &TaskRow,
        order: &OrderRow,
    ) -> Result<Instance, ProviderError> {
        let instance = match provider.find_by_tag(&task.tag).await? {
            Some(instance) => instance,
            None => {
                let request = self.request(task, order).await?;
                provider.create(&request).await?
            }
        };
        let mut tx = self.db.begin().await?;
        store::update_task(
            &mut tx,
            self.clock.as_ref(),
            &order.id,
            TaskStatus::Waiting,
            Some(&instance.id),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(instance)
    }

    /// The provider's own ids for what the customer ordered, from the catalog.
    async fn request(&self, task: &TaskRow, order: &OrderRow) -> Result<CreateInstance, ProviderError> {
        let ids =
            crate::catalog::store::provider_ids(&self.db, &order.plan_id, &order.region_id, &order.image_id)
                .await?
                .ok_or_else(|| {
                    ProviderError::permanent("the order's plan, region or image is no longer in the catalog")
                })?;
        Ok(CreateInstance {
            tag: task.tag.clone(),
            hostname: order.hostname.clone(),
            region: ids.region,
            size: ids.size,
            image: ids.image,
            root_password: self.password_for(task).await?,
        })
    }

    /// The instance's root password: the one chosen before an earlier attempt, or a new one,
    /// kept sealed on the task before the provider hears of it.
    async fn password_for(&self, task: &TaskRow) -> Result<String, ProviderError> {
        let sealed = task.root_password_sealed.as_deref();
        let store =
            |sealed: String| async move { store::set_task_password(&self.db, &task.order_id, &sealed).await };
        Ok(root_password_once(self.secrets, sealed, &task.order_id, store).await?)
    }

    /// Schedules the next check, or gives up when the instance takes far too long.
    async fn check_later(&self, task: &TaskRow) -> Result<(), ProviderError> {
        let checks = store::count_check(&self.db, &task.order_id).await?;
        if checks > MAX_CHECKS {
            return Err(ProviderError::permanent(
                "the instance did not become active in time",
            ));
        }
        let delay = (1_i64 << checks.min(5)).min(MAX_CHECK_DELAY_SECS);
        let at = self.clock.now() + chrono::Duration::seconds(delay);
        let next = job(
            &task.order_id,
            format!(
                "{PROVISION_JOB}:{}:check-{checks}:{}",
                task.order_id,
                task.updated_at.timestamp_millis()
            ),
            Some(at),
        )?;
        self.queue.enqueue(next).await?;
        Ok(())
    }

    /// The service, the task done and the order `ACTIVE`, together.
    async fn activate(&self, order: &OrderRow, instance: &Instance) -> Result<(), sqlx::Error> {
        let now = self.clock.now();
        let sealed_password = store::find_task(&self.db, &order.id)
            .await?
            .and_then(|task| task.root_password_sealed);
        let mut tx = self.db.begin().await?;
        let service = NewService {
            order_id: order.id.clone(),
            user_id: order.user_id.clone(),
            provider_slug: order.provider_slug.clone(),
            plan_id: order.plan_id.clone(),
            region_id: order.region_id.clone(),
            image_id: order.image_id.clone(),
            hostname: order.hostname.clone(),
            power_state: instance.state.code().into(),
            provider_instance_id: instance.id.clone(),
            ipv4: instance.ipv4.clone(),
            ipv6: instance.ipv6.clone(),
            cycle_months: order.cycle_months,
            expires_at: crate::clock::add_months(now, order.cycle_months),
            root_password_sealed: sealed_password,
        };
        let service_id = crate::services::store::insert_in(&mut tx, self.clock.as_ref(), &service).await?;
        let notice = crate::notifications::templates::Notice::VpsActive {
            service_id,
            hostname: service.hostname.clone(),
            ipv4: service.ipv4.clone(),
        };
        crate::notifications::service::notify_in(&mut tx, self.clock.as_ref(), &order.user_id, &notice)
            .await?;
        store::update_task(
            &mut tx,
            self.clock.as_ref(),
            &order.id,
            TaskStatus::Done,
            Some(&instance.id),
            None,
        )
        .await?;
        store::forget_task_password_in(&mut tx, &order.id).await?;
        let note = instance.ipv4.clone().unwrap_or_default();
        let _ = transition(
            &mut tx,
            self.clock.as_ref(),
            &order.id,
            OrderStatus::Active,
            &actor(),
            &note,
        )
        .await?;
        tx.commit().await
    }

    async fn fail(&self, order_id: &OrderId, error: &str) -> Result<(), JobError> {
        tracing::warn!(%order_id, error, "provisioning failed");
        let mut tx = self.db.begin().await.map_err(database)?;
        store::update_task(
            &mut tx,
            self.clock.as_ref(),
            order_id,
            TaskStatus::Failed,
            None,
            Some(error),
        )
        .await
        .map_err(database)?;
        // The customer sees that it failed and that we are on it, never the provider's text.
        let changed = transition(
            &mut tx,
            self.clock.as_ref(),
            order_id,
            OrderStatus::ProvisioningFailed,
            &actor(),
            "",
        )
        .await
        .map_err(database)?;
        if changed.is_ok()
            && let Some(order) = crate::orders::store::find_in(&mut tx, order_id)
                .await
                .map_err(database)?
        {
            let notice = crate::notifications::templates::Notice::ProvisioningFailed {
                order_id: order.id.clone(),
                hostname: order.hostname.clone(),
            };
            crate::notifications::service::notify_in(&mut tx, self.clock.as_ref(), &order.user_id, &notice)
                .await
                .map_err(database)?;
        }
        tx.commit().await.map_err(database)
    }
}

/// The root password kept sealed (for `owner`), or a new one, sealed and stored with
/// `store` before it is returned: a retry then sends the provider the same password.
pub async fn root_password_once<F, Fut>(
    secrets: &crate::security::SecretBox,
    sealed: Option<&str>,
    owner: &str,
    store: F,
) -> Result<String, sqlx::Error>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>>,
{
    if let Some(password) = sealed.and_then(|sealed| secrets.open(sealed, owner).ok()) {
        return Ok(password);
    }
    let password = root_password();
    store(secrets.seal(&password, owner)).await?;
    Ok(password)
}

/// A root password for a new instance: 24 characters from an alphabet without look-alikes,
/// with upper, lower and digits as providers' password rules require.
pub fn root_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rng();
    loop {
        let password: String = (0..24)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
        if has(char::is_ascii_uppercase) && has(char::is_ascii_lowercase) && has(char::is_ascii_digit) {
            return password;
        }
    }
}
