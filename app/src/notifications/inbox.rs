//! A user's inbox: listing, counting, reading and deleting their own notifications. Shared
//! by the server functions (the pages) and the REST API, so both behave the same; every
//! change is announced to the user's other tabs and devices.

use super::service::{TOPIC_DELETED, TOPIC_READ, publish_for};
use super::store::{self, InboxFilter};
use super::{InboxPage, NotificationKind};
use crate::error::AppError;
use crate::ids::UserId;
use crate::state::AppState;

pub const MAX_PAGE: i64 = 100;

/// One page of the user's notifications, newest first, after the `before` cursor.
pub async fn page(
    state: &AppState,
    user_id: &UserId,
    unread_only: bool,
    kind: Option<&str>,
    before: Option<String>,
    limit: i64,
) -> Result<InboxPage, AppError> {
    let kind = match kind.filter(|kind| !kind.is_empty()) {
        Some(code) => {
            Some(NotificationKind::from_code(code).ok_or_else(|| AppError::Validation(Default::default()))?)
        }
        None => None,
    };
    let limit = limit.clamp(1, MAX_PAGE);
    let filter = InboxFilter {
        unread_only,
        kind,
        before: before.filter(|cursor| !cursor.is_empty()),
        limit: limit + 1,
    };
    let mut rows = store::list(&state.db, user_id, &filter)
        .await
        .map_err(AppError::internal)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more.then(|| rows.last().map(|row| row.id.clone())).flatten();
    Ok(InboxPage {
        items: rows.iter().map(|row| row.view()).collect(),
        next_cursor,
        unread: unread_count(state, user_id).await?,
    })
}

pub async fn unread_count(state: &AppState, user_id: &UserId) -> Result<i64, AppError> {
    store::unread_count(&state.db, user_id)
        .await
        .map_err(AppError::internal)
}

/// Marks one notification read. Someone else's is "not found", like a missing one.
pub async fn mark_read(state: &AppState, user_id: &UserId, id: &str) -> Result<(), AppError> {
    if mark(state, user_id, Some(id)).await? == 0
        && store::find(&state.db, user_id, id)
            .await
            .map_err(AppError::internal)?
            .is_none()
    {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Marks all the user's notifications read; returns how many were unread.
pub async fn mark_all_read(state: &AppState, user_id: &UserId) -> Result<u64, AppError> {
    mark(state, user_id, None).await
}

/// Marks one (or all) read and tells the user's other tabs and devices.
async fn mark(state: &AppState, user_id: &UserId, id: Option<&str>) -> Result<u64, AppError> {
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    let changed = store::mark_read_in(&mut tx, user_id, id, state.clock.now())
        .await
        .map_err(AppError::internal)?;
    if changed > 0 {
        let payload = match id {
            Some(id) => serde_json::json!({ "ids": [id] }),
            None => serde_json::json!({ "all": true }),
        };
        publish_for(&mut tx, TOPIC_READ, user_id, payload)
            .await
            .map_err(AppError::internal)?;
    }
    tx.commit().await.map_err(AppError::internal)?;
    Ok(changed)
}

pub async fn delete(state: &AppState, user_id: &UserId, id: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    let deleted = store::delete_in(&mut tx, user_id, id, state.clock.now())
        .await
        .map_err(AppError::internal)?;
    if !deleted {
        let _ = tx.rollback().await;
        return Err(AppError::NotFound);
    }
    publish_for(&mut tx, TOPIC_DELETED, user_id, serde_json::json!({ "id": id }))
        .await
        .map_err(AppError::internal)?;
    tx.commit().await.map_err(AppError::internal)
}
