//! The admin panel: users and the audit log (catalog, orders and the rest join as their
//! capabilities land). Every server function here checks the caller itself with
//! `require_staff`: support staff may read, only admins may change; both need 2FA.

pub mod audit_log;
pub mod pages;
mod texts;
pub mod users;
