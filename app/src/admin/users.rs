//! Admin: browse, search and view users; suspend/unsuspend and change roles (admins only).

use crate::accounts::{AccountStatus, Role};
use crate::audit::AuditRecord;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page of the user list.
pub const PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListItem {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub status: AccountStatus,
    pub email_verified: bool,
    pub two_factor: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserDetail {
    pub user: UserListItem,
    pub phone: String,
    pub company: String,
    pub address: String,
    pub language: String,
    pub active_sessions: usize,
    pub wallet_balance: crate::money::Rupiah,
    /// Latest audit entries by or about the user.
    pub activity: Vec<AuditRecord>,
}

/// Users matching a search (name or e-mail), role and status, newest first.
#[server(endpoint = "admin/users")]
pub async fn list_users(
    #[server(default)] q: String,
    #[server(default)] role: String,
    #[server(default)] status: String,
    #[server(default)] page: i64,
) -> Result<Vec<UserListItem>, AppError> {
    use crate::accounts::auth::ssr::require_staff;
    use crate::accounts::store::{UserFilter, list_users};
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let filter = UserFilter {
        search: Some(q.trim().to_string()).filter(|q| !q.is_empty()),
        role: Role::from_code(&role),
        status: AccountStatus::from_code(&status),
        offset: crate::db::page_offset(page, PAGE_SIZE),
        limit: PAGE_SIZE,
    };
    let rows = list_users(&state.db, &filter).await.map_err(AppError::internal)?;
    Ok(rows.iter().map(ssr::list_item).collect())
}

#[server(endpoint = "admin/users/get")]
pub async fn get_user(id: String) -> Result<UserDetail, AppError> {
    let id = crate::ids::UserId::from(id);
    use crate::accounts::auth::ssr::require_staff;
    use crate::accounts::sessions::list_for_user;
    use crate::accounts::store::find_by_id;
    use crate::audit::{AuditFilter, list};
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let row = find_by_id(&state.db, &id)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let sessions = list_for_user(&state.db, state.clock.as_ref(), &row.id)
        .await
        .map_err(AppError::internal)?;
    let filter = AuditFilter {
        user_id: Some(row.id.clone()),
        limit: Some(20),
        ..AuditFilter::default()
    };
    let activity = list(&state.db, &filter).await.map_err(AppError::internal)?;
    Ok(UserDetail {
        user: ssr::list_item(&row),
        phone: row.phone.clone(),
        company: row.company.clone(),
        address: row.address.clone(),
        language: row.language.clone(),
        active_sessions: sessions.len(),
        wallet_balance: crate::wallet::store::balance(&state.db, &row.id)
            .await
            .map_err(AppError::internal)?,
        activity,
    })
}

/// Suspends (`suspend` = "true") or reactivates a user. Suspending signs them out everywhere.
#[server(endpoint = "admin/users/status")]
pub async fn set_user_suspended(id: String, suspend: String) -> Result<(), AppError> {
    let id = crate::ids::UserId::from(id);
    use crate::accounts::sessions::revoke_for_user;
    use crate::accounts::store::set_status;
    use crate::audit::AuditAction;
    let suspend = suspend == "true";
    let (mut change, target) = ssr::user_change(&id).await?;
    if target.status == AccountStatus::Deleted {
        return Err(AppError::NotFound.with_status());
    }
    let (status, action) = if suspend {
        (AccountStatus::Suspended, AuditAction::UserSuspended)
    } else {
        (AccountStatus::Active, AuditAction::UserUnsuspended)
    };
    let clock = change.state.clock.clone();
    set_status(&mut change.tx, clock.as_ref(), &id, status)
        .await
        .map_err(AppError::internal)?;
    if suspend {
        revoke_for_user(&mut change.tx, &id, None)
            .await
            .map_err(AppError::internal)?;
    }
    ssr::finish(
        change,
        &target,
        action,
        serde_json::json!({ "status": status.code() }),
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/users/{id}"));
    Ok(())
}

/// Gives a user another role. Their sessions end, so the new rights start with a new session.
#[server(endpoint = "admin/users/role")]
pub async fn set_user_role(id: String, role: String) -> Result<(), AppError> {
    let id = crate::ids::UserId::from(id);
    use crate::accounts::sessions::revoke_for_user;
    use crate::accounts::store::set_role;
    use crate::audit::AuditAction;
    use crate::ui::FormText;
    let role = Role::from_code(&role)
        .ok_or_else(|| crate::accounts::validation::field_error("role", FormText::Required))?;
    let (mut change, target) = ssr::user_change(&id).await?;
    let clock = change.state.clock.clone();
    set_role(&mut change.tx, clock.as_ref(), &id, role)
        .await
        .map_err(AppError::internal)?;
    revoke_for_user(&mut change.tx, &id, None)
        .await
        .map_err(AppError::internal)?;
    let details = serde_json::json!({ "role": role.code() });
    ssr::finish(change, &target, AuditAction::RoleChanged, details).await?;
    leptos_axum::redirect(&format!("/admin/users/{id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::UserListItem;
    use crate::accounts::store::{UserRow, find_by_id};
    use crate::admin::change::AdminChange;
    use crate::audit::AuditAction;
    use crate::error::AppError;

    pub(super) fn list_item(row: &UserRow) -> UserListItem {
        let user = row.to_user();
        UserListItem {
            id: user.id.into(),
            name: user.name,
            email: user.email,
            role: user.role,
            status: row.status,
            email_verified: user.email_verified,
            two_factor: user.two_factor_enabled,
            created_at: crate::clock::rfc3339(&row.created_at),
        }
    }

    /// An admin change to another user's account (never one's own) and its target.
    pub async fn user_change(id: &crate::ids::UserId) -> Result<(AdminChange, UserRow), AppError> {
        let change = AdminChange::begin().await?;
        if change.admin.id == *id {
            return Err(crate::accounts::validation::field_error(
                "id",
                crate::ui::FormText::CannotChangeOwnAccount,
            ));
        }
        let target = find_by_id(&change.state.db, id)
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| AppError::NotFound.with_status())?;
        Ok((change, target))
    }

    /// Records the change with the target's previous role and status, and commits.
    pub async fn finish(
        change: AdminChange,
        target: &UserRow,
        action: AuditAction,
        mut details: serde_json::Value,
    ) -> Result<(), AppError> {
        details["previous_role"] = target.role.clone().into();
        details["previous_status"] = target.status.code().into();
        change.finish(action, ("user", &target.id), details).await
    }
}
