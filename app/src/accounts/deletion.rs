//! What stops an account from being deleted. Capabilities that give a customer something
//! still running (VPS services, from the provisioning capability) add their count here, so
//! deletion cannot orphan a paid resource.

use crate::db::Db;

/// How many of the user's services are still active. No capability owns services yet, so
/// there is nothing to count; the provisioning capability replaces this with its query.
pub async fn active_services(_db: &Db, _user_id: &str) -> Result<i64, sqlx::Error> {
    Ok(0)
}
