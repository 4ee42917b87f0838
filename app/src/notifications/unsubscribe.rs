//! Unsubscribe links: every notification e-mail carries one that turns off e-mail for its
//! type, without signing in. The token is the user and type sealed with the server key, so
//! it cannot be forged or pointed at another account, and it needs no table.

use super::{Channel, NotificationKind};
use crate::error::AppError;
use crate::ids::UserId;
use crate::security::SecretBox;
use crate::state::AppState;

/// Associated data of the seal: a token made for another purpose does not open here.
const PURPOSE: &str = "notifications:unsubscribe";

pub fn token(secrets: &SecretBox, user_id: &UserId, kind_code: &str) -> String {
    secrets.seal(&format!("{user_id} {kind_code}"), PURPOSE)
}

/// The user and type a token names.
pub fn open(secrets: &SecretBox, token: &str) -> Option<(UserId, NotificationKind)> {
    let text = secrets.open(token.trim(), PURPOSE).ok()?;
    let (user_id, kind) = text.split_once(' ')?;
    Some((UserId::from(user_id), NotificationKind::from_code(kind)?))
}

/// Turns e-mail off for the token's user and type; returns the type's code.
pub async fn apply(state: &AppState, token: &str) -> Result<String, AppError> {
    let (user_id, kind) = open(&state.secrets, token).ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await.map_err(AppError::internal)?;
    super::store::set_preference_in(&mut tx, &user_id, kind, Channel::Email, false)
        .await
        .map_err(|error| match error {
            // The account is gone (foreign key): nothing left to unsubscribe.
            sqlx::Error::Database(_) => AppError::NotFound,
            other => AppError::internal(other),
        })?;
    tx.commit().await.map_err(AppError::internal)?;
    Ok(kind.code().to_string())
}

/// RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the
/// link in the `List-Unsubscribe` header.
pub async fn one_click(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Query(query): axum::extract::Query<TokenQuery>,
) -> axum::http::StatusCode {
    match apply(&state, &query.token).await {
        Ok(_) => axum::http::StatusCode::OK,
        Err(AppError::NotFound) => axum::http::StatusCode::NOT_FOUND,
        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR,
    }
}

pub const ONE_CLICK_PATH: &str = "/api/v1/unsubscribe";

#[derive(serde::Deserialize)]
pub struct TokenQuery {
    token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_open_to_their_user_and_type_only() {
        let secrets = SecretBox::new(&SecretBox::random_key()).unwrap();
        let token = token(&secrets, &UserId::from("user-1"), "VPS_ACTIVE");
        assert_eq!(
            open(&secrets, &token),
            Some(("user-1".into(), NotificationKind::VpsActive))
        );
        let other = SecretBox::new(&SecretBox::random_key()).unwrap();
        assert_eq!(open(&other, &token), None);
        assert_eq!(open(&secrets, "garbage"), None);
    }
}
