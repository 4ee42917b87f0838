//! Admin: an order's provisioning task (state, attempts, the provider's error) and retrying
//! it after a failure.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What staff see of an order's provisioning. The error text is the provider's, for staff
/// only; customers see that it failed and that we are on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisioningInfo {
    /// `queued`, `creating`, `waiting`, `done` or `failed`.
    pub status: String,
    pub checks: i32,
    pub last_error: Option<String>,
    pub provider_instance_id: Option<String>,
    pub updated_at: String,
}

/// The provisioning task of an order, `None` before it was paid.
#[server(endpoint = "admin/orders/provisioning")]
pub async fn admin_order_provisioning(id: String) -> Result<Option<ProvisioningInfo>, AppError> {
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
