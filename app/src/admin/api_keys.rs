//! Staff and customers' API keys: support staff list every live key (by owner, prefix or
//! the leaked key itself), admins revoke one. The key table belongs to `accounts`; this only
//! asks it.

use crate::accounts::api_keys::ApiKeyView;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const KEY_PAGE_SIZE: i64 = 50;

/// A key with its owner, as the staff list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffKeyLine {
    pub key: ApiKeyView,
    pub owner_id: String,
    pub owner_email: String,
}

/// Live keys, newest first (support and admins).
#[server(endpoint = "admin/api-keys")]
pub async fn admin_list_api_keys(
    #[server(default)] q: String,
    #[server(default)] page: i64,
) -> Result<Vec<StaffKeyLine>, AppError> {
    crate::accounts::auth::ssr::require_staff(crate::accounts::Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let offset = crate::db::page_offset(page, KEY_PAGE_SIZE);
    let rows = crate::accounts::api_keys::ssr::list_all(&state.db, &q, offset, KEY_PAGE_SIZE)
        .await
        .map_err(AppError::internal)?;
    let now = state.clock.now();
    Ok(rows
        .iter()
        .map(|row| StaffKeyLine {
            key: row.view(now),
            owner_id: row.user_id.to_string(),
            owner_email: row.email.clone(),
        })
        .collect())
}

/// Revokes anyone's key (admins), audited with the admin as actor.
#[server(endpoint = "admin/api-keys/revoke")]
pub async fn admin_revoke_api_key(id: String) -> Result<(), AppError> {
    let admin = crate::accounts::auth::ssr::require_staff(crate::accounts::Role::Admin).await?;
    let state = crate::state::AppState::from_context()?;
    let ip = crate::security::client_ip::client_ip().await?;
    crate::accounts::api_keys::ssr::revoke_audited(&state, &admin, &id, None, ip).await
}
