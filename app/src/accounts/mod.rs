//! Who the user is: accounts, roles and credentials.
//!
//! This first slice holds the users table, e-mail parsing, the password policy and hashing
//! used by `create-admin` and `seed-demo`; sign-up, sessions and 2FA build on it.

pub mod api_keys;
pub mod auth;
mod email;
pub mod my_sessions;
pub mod page_guard;
pub mod pages;
pub mod profile;
pub mod recovery;
pub mod scopes;
pub mod signup;
mod texts;
pub mod two_factor;

pub use email::Email;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod account_memo;
#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod caller;
#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
mod mail_texts;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod totp;
#[cfg(feature = "ssr")]
pub mod validation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Customer,
    /// Read-mostly access to the admin views.
    Support,
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Support => "support",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "customer" => Some(Role::Customer),
            "support" => Some(Role::Support),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Whether an account may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountStatus {
    Active,
    /// Blocked by an administrator: cannot sign in, sessions revoked.
    Suspended,
    /// Deleted by its owner: personal data anonymised, row kept for invoices.
    Deleted,
}

impl AccountStatus {
    pub fn code(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
            AccountStatus::Deleted => "deleted",
        }
    }

    pub fn from_code(code: &str) -> Option<AccountStatus> {
        match code {
            "active" => Some(AccountStatus::Active),
            "suspended" => Some(AccountStatus::Suspended),
            "deleted" => Some(AccountStatus::Deleted),
            _ => None,
        }
    }
}

/// A user as the browser may see it: no credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: crate::ids::UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub email_verified: bool,
    pub two_factor_enabled: bool,
    /// The session this user came with passed the second factor (see `SessionAuth`);
    /// false for API keys, so a key never acts as staff.
    #[serde(default)]
    pub second_factor_passed: bool,
}

impl User {
    /// Staff who may use the admin views: support or admin, signed in with the second factor.
    pub fn is_staff(&self) -> bool {
        self.has_staff_role() && self.second_factor_passed
    }

    pub fn has_staff_role(&self) -> bool {
        matches!(self.role, Role::Support | Role::Admin)
    }
}

#[cfg(feature = "ssr")]
crate::stored_as_text!(Role);
#[cfg(feature = "ssr")]
crate::stored_as_text!(AccountStatus);
