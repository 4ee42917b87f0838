//! Admin: every service (filter by provider, status, expiry; search), one service with what
//! the provider says of it, and what staff may do to it: read its state again (force
//! sync), suspend and unsuspend with a reason, terminate with a reason. Support staff read;
//! admins change, each change audited.

use crate::error::AppError;
use crate::services::ServiceSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Services per page of the admin list.
pub const SERVICE_PAGE_SIZE: i64 = 25;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminServiceLine {
    pub service: ServiceSummary,
    pub customer_email: String,
}

/// One action as staff see it: who asked, and the provider's error if it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminActionLine {
    pub action: crate::services::ActionKind,
    pub status: crate::services::ActionStatus,
    /// `None`: the system (the lifecycle).
    pub requested_by: Option<String>,
    pub error: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminServiceDetail {
    pub line: AdminServiceLine,
    pub provider_instance_id: String,
    /// `unpaid` or `admin` while suspended, with staff's note.
    pub suspension: Option<String>,
    pub suspension_note: Option<String>,
    pub termination_requested: bool,
    pub upcoming: Option<crate::lifecycle::Upcoming>,
    pub actions: Vec<AdminActionLine>,
    /// (RFC 3339, event) — reminders, suspension, renewal …
    pub lifecycle_events: Vec<(String, String)>,
}

/// Services by status, provider and expiry (runs out within `expiring` days), searched by
/// host name, IP address or customer e-mail; newest first. Terminated ones only when
/// filtered for.
#[server(endpoint = "admin/services")]
pub async fn admin_list_services(
    #[server(default)] q: String,
    #[server(default)] status: String,
    #[server(default)] provider: String,
    #[server(default)] expiring: String,
    #[server(default)] page: i64,
) -> Result<Vec<AdminServiceLine>, AppError> {
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    use crate::accounts::validation::field_error;
    use crate::services::store::{ServiceFilter, list};
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let expires_before = match expiring.trim() {
        "" => None,
        days => {
            let days: i64 = days
                .parse()
                .ok()
                .filter(|days| (0..=3650).contains(days))
                .ok_or_else(|| field_error("expiring", crate::ui::FormText::NumberInvalid))?;
            Some(state.clock.now() + chrono::Duration::days(days))
        }
    };
    let filter = ServiceFilter {
        search: Some(q.trim().to_string()).filter(|q| !q.is_empty()),
        status: crate::services::ServiceStatus::from_code(&status),
        provider_slug: Some(provider).filter(|p| !p.is_empty()),
        expires_before,
        offset: crate::db::page_offset(page, SERVICE_PAGE_SIZE),
        limit: SERVICE_PAGE_SIZE,
        ..ServiceFilter::default()
    };
    let rows = list(&state.db, &filter).await.map_err(AppError::internal)?;
    Ok(rows.iter().map(ssr::line).collect())
}

#[server(endpoint = "admin/services/get")]
pub async fn admin_get_service(id: String) -> Result<AdminServiceDetail, AppError> {
    let id = crate::ids::ServiceId::from(id);
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    use crate::clock::rfc3339;
    require_staff(Role::Support).await?;
    use crate::state::use_server;
    let state = crate::state::AppState::from_context()?;
    let db = &state.db;
    let row = ssr::find(&state, &id).await?;
    let (lifecycle, view) = crate::lifecycle::view::current(db, &use_server()?, &id, state.clock.now())
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let actions = crate::services::store::actions_of(db, &id, 20)
        .await
        .map_err(AppError::internal)?;
    let events = crate::lifecycle::store::events_of(db, &id)
        .await
        .map_err(AppError::internal)?;
    let mut requesters = std::collections::HashMap::new();
    for user_id in actions.iter().filter_map(|action| action.requested_by.clone()) {
        if let std::collections::hash_map::Entry::Vacant(entry) = requesters.entry(user_id) {
            let email = crate::accounts::store::find_by_id(db, entry.key())
                .await
                .map_err(AppError::internal)?
                .map(|user| user.email);
            entry.insert(email);
        }
    }
    Ok(AdminServiceDetail {
        line: ssr::line(&row),
        provider_instance_id: row.provider_instance_id.clone(),
        suspension: lifecycle.suspension.clone(),
        suspension_note: row.suspension_note.clone(),
        termination_requested: lifecycle.termination_requested_at.is_some(),
        upcoming: view.upcoming,
        actions: actions
            .into_iter()
            .map(|action| AdminActionLine {
                requested_by: action
                    .requested_by
                    .as_ref()
                    .and_then(|id| requesters.get(id).cloned().flatten()),
                action: action.action,
                status: action.status,
                error: action.error,
                created_at: rfc3339(&action.created_at),
            })
            .collect(),
        lifecycle_events: events
            .into_iter()
            .map(|(at, event)| (rfc3339(&at), event))
            .collect(),
    })
}

/// What the provider says of the machine right now, as it said it (pretty JSON) less what
/// opens the machine (console links, passwords, tokens), or `None` when it does not know
/// the machine. A provider error is reported to staff as is.
#[server(endpoint = "admin/services/provider-state")]
pub async fn admin_provider_state(id: String) -> Result<Option<String>, AppError> {
    let id = crate::ids::ServiceId::from(id);
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let row = ssr::find(&state, &id).await?;
    let instance = ssr::provider_instance(&row).await?;
    Ok(instance.map(|instance| serde_json::to_string_pretty(&instance.redacted_raw()).unwrap_or_default()))
}

/// Reads the machine's state from the provider and stores it (power state, addresses),
/// for when the page and the provider disagree. Admins; audited.
#[server(endpoint = "admin/services/sync")]
pub async fn admin_sync_service(id: String) -> Result<(), AppError> {
    let id = crate::ids::ServiceId::from(id);
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    use crate::audit::AuditAction;
    use crate::provisioning::InstanceState;
    require_staff(Role::Admin).await?;
    // The provider is asked before the transaction opens: no lock is held across the call.
    let state = crate::state::AppState::from_context()?;
    let row = ssr::find(&state, &id).await?;
    let instance = ssr::provider_instance(&row).await?;
    let state = instance
        .as_ref()
        .map_or(InstanceState::Deleted, |instance| instance.state);
    let mut change = super::change::AdminChange::begin().await?;
    let clock = change.state.clock.clone();
    crate::services::store::record_state_in(
        &mut change.tx,
        clock.as_ref(),
        &row.id,
        state.code(),
        instance.as_ref().and_then(|instance| instance.ipv4.as_deref()),
        instance.as_ref().and_then(|instance| instance.ipv6.as_deref()),
    )
    .await
    .map_err(AppError::internal)?;
    change
        .finish(
            AuditAction::ServiceSynced,
            ("service", &row.id),
            serde_json::json!({ "power_state": state.code() }),
        )
        .await?;
    leptos_axum::redirect(&format!("/admin/services/{}", row.id));
    Ok(())
}

/// What staff can do to a service's standing, each with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffStep {
    Suspend,
    Unsuspend,
    Terminate,
}

/// Suspends (powered off, data kept; paying does not lift it), unsuspends, or terminates
/// (deleted at the provider — the host name must be typed) a service, with a reason the
/// order's timeline keeps. 409 when the service is not in a state for it, or another
/// action on it is still running. Admins; audited.
#[server(endpoint = "admin/services/standing")]
pub async fn admin_change_standing(
    id: String,
    step: String,
    reason: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    let id = crate::ids::ServiceId::from(id);
    use crate::accounts::validation::field_error;
    use crate::audit::AuditAction;
    use crate::lifecycle::steps::{self, Outcome};
    use crate::ui::FormText;
    let mut change = super::change::AdminChange::begin().await?;
    let step = match step.as_str() {
        "suspend" => StaffStep::Suspend,
        "unsuspend" => StaffStep::Unsuspend,
        "terminate" => StaffStep::Terminate,
        _ => return Err(field_error("step", FormText::ActionNotAllowed).with_status()),
    };
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(field_error("reason", FormText::ReasonRequired));
    }
    let hostname = ssr::find(&change.state, &id).await?.hostname;
    if step == StaffStep::Terminate && confirm.trim() != hostname {
        return Err(field_error("confirm", FormText::ConfirmHostname));
    }
    let service = crate::services::store::find_in(&mut change.tx, &id)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let (clock, actor) = (change.state.clock.clone(), change.actor());
    let (clock, tx) = (clock.as_ref(), &mut change.tx);
    let (outcome, audit) = match step {
        StaffStep::Suspend => (
            steps::suspend(tx, clock, &service, "admin", Some(&reason), None, &actor).await,
            AuditAction::ServiceSuspended,
        ),
        StaffStep::Unsuspend => (
            steps::unsuspend(tx, clock, &service, &actor, &reason).await,
            AuditAction::ServiceUnsuspended,
        ),
        StaffStep::Terminate => (
            steps::terminate(tx, clock, &service, &reason, &actor).await,
            AuditAction::ServiceTerminated,
        ),
    };
    match outcome.map_err(AppError::internal)? {
        Outcome::Done => {}
        Outcome::Nothing => return Err(AppError::Conflict("service standing".into()).with_status()),
        Outcome::Busy => return Err(field_error("step", FormText::ActionInProgress).with_status()),
    }
    change
        .finish(audit, ("service", &id), serde_json::json!({ "reason": reason }))
        .await?;
    leptos_axum::redirect(&format!("/admin/services/{id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AdminServiceLine;
    use crate::error::AppError;
    use crate::provisioning::Instance;
    use crate::services::store::ServiceRow;
    use crate::state::AppState;

    pub fn line(row: &ServiceRow) -> AdminServiceLine {
        AdminServiceLine {
            service: row.summary(),
            customer_email: row.customer_email.clone(),
        }
    }

    pub async fn find(state: &AppState, id: &crate::ids::ServiceId) -> Result<ServiceRow, AppError> {
        crate::services::store::find(&state.db, id)
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| AppError::NotFound.with_status())
    }

    /// The provider's view of the machine. Its error goes to staff as a conflict with the
    /// provider's text (they need it; customers never see this endpoint).
    pub async fn provider_instance(row: &ServiceRow) -> Result<Option<Instance>, AppError> {
        let providers = crate::state::use_server::<crate::provisioning::Providers>()?;
        let provider = providers
            .get(&row.provider_slug)
            .ok_or_else(|| AppError::Conflict(format!("provider {} is not configured", row.provider_slug)))?;
        provider
            .get(&row.provider_instance_id)
            .await
            .map_err(|error| AppError::Conflict(error.to_string()).with_status())
    }
}
