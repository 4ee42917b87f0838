//! One change made by an admin: checked (admin role with 2FA), written in one transaction
//! together with its audit entry, so a change never happens without its record.

use crate::accounts::auth::ssr::require_staff;
use crate::accounts::{Role, User};
use crate::audit::{Actor, AuditAction, AuditEntry, record_in};
use crate::db::Tx;
use crate::error::AppError;
use crate::security::client_ip;
use crate::state::AppState;

pub struct AdminChange {
    pub state: AppState,
    pub tx: Tx,
    pub admin: User,
    ip: String,
}

impl AdminChange {
    /// Checks the caller is an admin and opens the transaction.
    pub async fn begin() -> Result<AdminChange, AppError> {
        let admin = require_staff(Role::Admin).await?;
        let state = AppState::from_context()?;
        let ip = client_ip().await?.to_string();
        let tx = state.db.begin().await.map_err(AppError::internal)?;
        Ok(AdminChange { state, tx, admin, ip })
    }

    pub fn actor(&self) -> Actor {
        Actor::user(&self.admin.id, &self.admin.email)
    }

    /// Records what was done to `(kind, id)` and commits.
    pub async fn finish(
        mut self,
        action: AuditAction,
        target: (&str, &str),
        details: serde_json::Value,
    ) -> Result<(), AppError> {
        let entry = AuditEntry::new(self.actor(), action)
            .target(target.0, target.1)
            .ip(self.ip.clone())
            .details(details);
        record_in(&mut self.tx, self.state.clock.as_ref(), entry)
            .await
            .map_err(AppError::internal)?;
        self.tx.commit().await.map_err(AppError::internal)
    }
}
