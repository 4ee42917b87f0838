//! Admin: an order's provisioning task (state, attempts, the provider's error) and retrying
//! it after a failure.

use crate::error::AppError;
use crate::ids::OrderId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What staff see of an order's provisioning. The error text is the provider's, for staff
/// only; customers see that it failed and that we are on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisioningInfo {
    pub status: crate::provisioning::TaskStatus,
    pub checks: i32,
    pub last_error: Option<String>,
    pub provider_instance_id: Option<String>,
    pub updated_at: String,
}

/// The provisioning task of an order, `None` before it was paid.
#[server(endpoint = "admin/orders/provisioning")]
pub async fn admin_order_provisioning(id: String) -> Result<Option<ProvisioningInfo>, AppError> {
    let id = crate::ids::OrderId::from(id);
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let task = crate::provisioning::store::find_task(&state.db, &id)
        .await
        .map_err(AppError::internal)?;
    Ok(task.map(|task| ProvisioningInfo {
        status: task.status,
        checks: task.attempts,
        last_error: task.last_error,
        provider_instance_id: task.provider_instance_id,
        updated_at: crate::clock::rfc3339(&task.updated_at),
    }))
}

/// Provisions a failed order again: the task starts over with its error cleared, the
/// order goes back to `PROVISIONING` and a new job is queued, with the audit entry, in one
/// transaction. Only from `PROVISIONING_FAILED` (anything else: 409, nothing changes).
#[server(endpoint = "admin/orders/retry-provisioning")]
pub async fn retry_provisioning(id: String) -> Result<(), AppError> {
    let id = crate::ids::OrderId::from(id);
    use crate::audit::AuditAction;
    use crate::orders::OrderStatus;
    let mut change = super::change::AdminChange::begin().await?;
    let (clock, actor) = (change.state.clock.clone(), change.actor());
    let conflict = || AppError::Conflict("provisioning".into()).with_status();
    let reset = crate::provisioning::store::reset_failed_task(&mut change.tx, clock.as_ref(), &id)
        .await
        .map_err(AppError::internal)?;
    if !reset {
        return Err(conflict());
    }
    crate::orders::store::transition(
        &mut change.tx,
        clock.as_ref(),
        &id,
        OrderStatus::Provisioning,
        &actor,
        "",
    )
    .await
    .map_err(AppError::internal)?
    .map_err(|_| conflict())?;
    let round = format!("retry-{}", uuid::Uuid::now_v7());
    crate::provisioning::job::start_in(&mut change.tx, clock.as_ref(), &id, &round)
        .await
        .map_err(AppError::internal)?;
    change
        .finish(
            AuditAction::ProvisioningRetried,
            ("order", &id),
            serde_json::Value::Null,
        )
        .await?;
    leptos_axum::redirect(&format!("/admin/orders/{id}"));
    Ok(())
}

/// A provisioning task that has not finished well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskLine {
    pub order_id: OrderId,
    pub hostname: String,
    pub provider_slug: String,
    pub status: crate::provisioning::TaskStatus,
    pub checks: i32,
    pub last_error: Option<String>,
    pub updated_at: String,
}

/// How one configured provider's API has been answering this instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderHealthLine {
    pub slug: String,
    /// `None` for the simulated cloud (it has no API).
    pub calls: Option<u64>,
    pub failures: u64,
    pub last_success_at: Option<String>,
    pub last_error: Option<String>,
}

/// A background job as staff see it (provisioning, actions, lifecycle, mail …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobLine {
    pub id: String,
    pub kind: String,
    /// `queued`, `running` or `dead`.
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    /// RFC 3339: when it runs (next), for queued jobs.
    pub run_at: String,
    pub last_error: Option<String>,
}

/// The provisioning queue, the providers' health and the simulated cloud's planned faults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisioningOverview {
    pub tasks: Vec<TaskLine>,
    /// Jobs waiting (first those that failed before), running, and dead.
    pub jobs: Vec<JobLine>,
    pub providers: Vec<ProviderHealthLine>,
    /// (fault code, calls it will still fail)
    pub faults: Vec<(String, i32)>,
}

#[server(endpoint = "admin/provisioning")]
pub async fn admin_provisioning_overview() -> Result<ProvisioningOverview, AppError> {
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    use crate::clock::rfc3339;
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let tasks = crate::provisioning::store::unfinished_tasks(&state.db, 100)
        .await
        .map_err(AppError::internal)?;
    let faults = crate::provisioning::simulated::pending_faults(&state.db)
        .await
        .map_err(AppError::internal)?;
    let queue = crate::jobs::JobQueue::new(state.db.clone(), state.clock.clone());
    let mut jobs = Vec::new();
    for status in [
        crate::jobs::JobStatus::Dead,
        crate::jobs::JobStatus::Running,
        crate::jobs::JobStatus::Queued,
    ] {
        let mut listed = queue.list(Some(status), 50).await.map_err(AppError::internal)?;
        // Waiting jobs that have failed before first: they are the ones to look at.
        listed.sort_by_key(|job| job.last_error.is_none());
        jobs.extend(listed.into_iter().map(|job| JobLine {
            id: job.id,
            kind: job.kind,
            status: job.status.code().into(),
            attempts: job.attempts,
            max_attempts: job.max_attempts,
            run_at: rfc3339(&job.run_at),
            last_error: job.last_error,
        }));
    }
    let providers = crate::state::use_server::<crate::provisioning::Providers>()?
        .all()
        .into_iter()
        .map(|provider| {
            let report = provider.health();
            ProviderHealthLine {
                slug: provider.slug().to_string(),
                calls: report.as_ref().map(|report| report.calls),
                failures: report.as_ref().map_or(0, |report| report.failures),
                last_success_at: report
                    .as_ref()
                    .and_then(|report| report.last_success_at.as_ref().map(rfc3339)),
                last_error: report.and_then(|report| report.last_error),
            }
        })
        .collect();
    Ok(ProvisioningOverview {
        jobs,
        tasks: tasks
            .into_iter()
            .map(|task| TaskLine {
                order_id: task.order_id,
                hostname: task.hostname,
                provider_slug: task.provider_slug,
                status: task.status,
                checks: task.attempts,
                last_error: task.last_error,
                updated_at: rfc3339(&task.updated_at),
            })
            .collect(),
        providers,
        faults: faults
            .into_iter()
            .map(|(fault, remaining)| (fault.code().to_string(), remaining))
            .collect(),
    })
}

/// Makes the simulated cloud fail its next `count` calls of one kind (demos, drills); 0
/// clears it. Admins only, audited.
#[server(endpoint = "admin/provisioning/fault")]
pub async fn set_simulated_fault(kind: String, count: String) -> Result<(), AppError> {
    use crate::accounts::validation::field_error;
    use crate::audit::AuditAction;
    use crate::provisioning::simulated::{Fault, set_fault_in};
    use crate::ui::FormText;
    let mut change = super::change::AdminChange::begin().await?;
    let fault =
        Fault::from_code(&kind).ok_or_else(|| field_error("kind", FormText::NumberInvalid).with_status())?;
    let count: i32 = count
        .trim()
        .parse()
        .ok()
        .filter(|count| (0..=100).contains(count))
        .ok_or_else(|| field_error("count", FormText::NumberInvalid).with_status())?;
    set_fault_in(&mut change.tx, fault, count)
        .await
        .map_err(AppError::internal)?;
    change
        .finish(
            AuditAction::SimulatedFaultSet,
            ("simulated_fault", fault.code()),
            serde_json::json!({ "remaining": count }),
        )
        .await?;
    leptos_axum::redirect("/admin/provisioning");
    Ok(())
}

/// Puts a dead job back in the queue with fresh attempts (after the cause was fixed, say a
/// provider token). 409 unless the job is dead. Admins; audited.
#[server(endpoint = "admin/jobs/retry")]
pub async fn retry_job(id: String) -> Result<(), AppError> {
    use crate::audit::AuditAction;
    let mut change = super::change::AdminChange::begin().await?;
    let clock = change.state.clock.clone();
    if !crate::jobs::requeue_dead_in(&mut change.tx, clock.as_ref(), &id)
        .await
        .map_err(AppError::internal)?
    {
        return Err(AppError::Conflict("job".into()).with_status());
    }
    change
        .finish(AuditAction::JobRequeued, ("job", &id), serde_json::Value::Null)
        .await?;
    leptos_axum::redirect("/admin/provisioning");
    Ok(())
}
