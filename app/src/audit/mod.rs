//! The audit log: an append-only record of security-relevant and administrative actions
//! (who, what, on what, from which IP, when, with details). Written in the same transaction
//! as the action it records, so an action never happens without its entry.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod alerts;
#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
pub use store::{AuditFilter, list, record, record_in};

/// What happened. The code is stored; new actions are added here as capabilities land.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// An administrator account was created from the command line.
    AdminCreated,
    /// A customer signed up.
    AccountCreated,
    EmailVerified,
    /// The password was set through a reset link.
    PasswordReset,
    LoginSucceeded,
    LoginFailed,
    AccountLocked,
    PasswordChanged,
    /// A new address was asked for (it takes effect once confirmed: `EmailChanged`).
    EmailChangeRequested,
    EmailChanged,
    ProfileUpdated,
    /// The owner deleted the account (personal data anonymised).
    AccountDeleted,
    TwoFactorEnabled,
    TwoFactorDisabled,
    RoleChanged,
    UserSuspended,
    UserUnsuspended,
    /// A provider, region or OS image was switched on or off, or a plan's regions changed.
    CatalogUpdated,
    PlanCreated,
    PlanUpdated,
    PromoCreated,
    /// A promo code was switched on or off.
    PromoUpdated,
    /// Staff cancelled a customer's unpaid order.
    OrderCancelled,
    /// Staff recorded a bank transfer against an invoice.
    InvoiceMarkedPaid,
    /// Staff started provisioning again after it failed.
    ProvisioningRetried,
    /// An admin told the simulated cloud to fail the next calls (demos and tests).
    SimulatedFaultSet,
    /// A customer had their server's root password shown.
    RootPasswordRevealed,
    /// Staff suspended a service (with a reason).
    ServiceSuspended,
    /// Staff lifted a service's suspension.
    ServiceUnsuspended,
    /// Staff had a service deleted at the provider (with a reason).
    ServiceTerminated,
    /// Staff read the machine's state from the provider and stored it.
    ServiceSynced,
    /// An admin put a dead job back in the queue.
    JobRequeued,
    /// An admin sent an announcement to an audience.
    AnnouncementSent,
    /// An admin let a held gateway payment through (it is recorded as received).
    PaymentEventReleased,
    /// An admin closed a held gateway event without applying it (with a reason).
    PaymentEventDismissed,
    /// An admin credited or debited a customer's balance (with a reason).
    WalletAdjusted,
    /// An admin gave an unapplied payment to its customer as balance (with a reason).
    PaymentCredited,
    DepositBonusCreated,
    /// A deposit bonus's terms changed, or it was switched on or off.
    DepositBonusUpdated,
    /// Staff refunded a paid order (to the balance, or recorded a refund made at the gateway).
    OrderRefunded,
    /// An admin switched a payment method on or off for new payments.
    PaymentMethodSwitched,
    /// A user made an API key (its name, scopes and expiry in the details).
    ApiKeyCreated,
    /// An API key was revoked by its owner or by staff.
    ApiKeyRevoked,
}

impl AuditAction {
    pub const ALL: [AuditAction; 43] = [
        AuditAction::AdminCreated,
        AuditAction::AccountCreated,
        AuditAction::EmailVerified,
        AuditAction::PasswordReset,
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::AccountLocked,
        AuditAction::PasswordChanged,
        AuditAction::EmailChangeRequested,
        AuditAction::EmailChanged,
        AuditAction::ProfileUpdated,
        AuditAction::AccountDeleted,
        AuditAction::TwoFactorEnabled,
        AuditAction::TwoFactorDisabled,
        AuditAction::RoleChanged,
        AuditAction::UserSuspended,
        AuditAction::UserUnsuspended,
        AuditAction::CatalogUpdated,
        AuditAction::PlanCreated,
        AuditAction::PlanUpdated,
        AuditAction::PromoCreated,
        AuditAction::PromoUpdated,
        AuditAction::OrderCancelled,
        AuditAction::InvoiceMarkedPaid,
        AuditAction::ProvisioningRetried,
        AuditAction::SimulatedFaultSet,
        AuditAction::RootPasswordRevealed,
        AuditAction::ServiceSuspended,
        AuditAction::ServiceUnsuspended,
        AuditAction::ServiceTerminated,
        AuditAction::ServiceSynced,
        AuditAction::JobRequeued,
        AuditAction::AnnouncementSent,
        AuditAction::PaymentEventReleased,
        AuditAction::PaymentEventDismissed,
        AuditAction::WalletAdjusted,
        AuditAction::PaymentCredited,
        AuditAction::DepositBonusCreated,
        AuditAction::DepositBonusUpdated,
        AuditAction::OrderRefunded,
        AuditAction::PaymentMethodSwitched,
        AuditAction::ApiKeyCreated,
        AuditAction::ApiKeyRevoked,
    ];

    /// Stable code stored in the database and used in filters (`area.event`).
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::AdminCreated => "admin.created",
            AuditAction::AccountCreated => "account.created",
            AuditAction::EmailVerified => "account.email_verified",
            AuditAction::PasswordReset => "account.password_reset",
            AuditAction::LoginSucceeded => "auth.login",
            AuditAction::LoginFailed => "auth.login_failed",
            AuditAction::AccountLocked => "auth.locked",
            AuditAction::PasswordChanged => "account.password_changed",
            AuditAction::EmailChangeRequested => "account.email_change_requested",
            AuditAction::EmailChanged => "account.email_changed",
            AuditAction::ProfileUpdated => "account.profile_updated",
            AuditAction::AccountDeleted => "account.deleted",
            AuditAction::TwoFactorEnabled => "account.2fa_enabled",
            AuditAction::TwoFactorDisabled => "account.2fa_disabled",
            AuditAction::RoleChanged => "admin.role_changed",
            AuditAction::UserSuspended => "admin.user_suspended",
            AuditAction::UserUnsuspended => "admin.user_unsuspended",
            AuditAction::CatalogUpdated => "admin.catalog_updated",
            AuditAction::PlanCreated => "admin.plan_created",
            AuditAction::PlanUpdated => "admin.plan_updated",
            AuditAction::PromoCreated => "admin.promo_created",
            AuditAction::PromoUpdated => "admin.promo_updated",
            AuditAction::OrderCancelled => "admin.order_cancelled",
            AuditAction::InvoiceMarkedPaid => "admin.invoice_marked_paid",
            AuditAction::ProvisioningRetried => "admin.provisioning_retried",
            AuditAction::SimulatedFaultSet => "admin.simulated_fault_set",
            AuditAction::RootPasswordRevealed => "service.root_password_revealed",
            AuditAction::ServiceSuspended => "admin.service_suspended",
            AuditAction::ServiceUnsuspended => "admin.service_unsuspended",
            AuditAction::ServiceTerminated => "admin.service_terminated",
            AuditAction::ServiceSynced => "admin.service_synced",
            AuditAction::JobRequeued => "admin.job_requeued",
            AuditAction::AnnouncementSent => "admin.announcement_sent",
            AuditAction::PaymentEventReleased => "admin.payment_event_released",
            AuditAction::PaymentEventDismissed => "admin.payment_event_dismissed",
            AuditAction::WalletAdjusted => "admin.wallet_adjusted",
            AuditAction::PaymentCredited => "admin.payment_credited",
            AuditAction::DepositBonusCreated => "admin.deposit_bonus_created",
            AuditAction::DepositBonusUpdated => "admin.deposit_bonus_updated",
            AuditAction::OrderRefunded => "admin.order_refunded",
            AuditAction::PaymentMethodSwitched => "admin.payment_method_switched",
            AuditAction::ApiKeyCreated => "account.api_key_created",
            AuditAction::ApiKeyRevoked => "account.api_key_revoked",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|action| action.code() == code)
    }
}

/// Who acted: a signed-in user, or the system itself (CLI, jobs, webhooks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    User {
        id: crate::ids::UserId,
        email: String,
    },
    /// Not a user: `label` names the component (`cli`, `job:provisioning` …).
    System {
        label: String,
    },
    /// Someone not signed in (e.g. a failed login); the attempted e-mail goes in the details.
    Anonymous,
}

impl Actor {
    pub fn user(id: &crate::ids::UserId, email: &str) -> Actor {
        Actor::User {
            id: id.clone(),
            email: email.to_string(),
        }
    }

    /// The user id (for users) and the label stored beside it: e-mail, component name or
    /// "anonymous".
    pub fn id_and_label(&self) -> (Option<crate::ids::UserId>, String) {
        match self {
            Actor::User { id, email } => (Some(id.clone()), email.clone()),
            Actor::System { label } => (None, label.clone()),
            Actor::Anonymous => (None, "anonymous".to_string()),
        }
    }
}

/// One entry to write.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor: Actor,
    pub action: AuditAction,
    /// What the action was applied to, e.g. `("user", "<id>")`.
    pub target: Option<(String, String)>,
    pub ip: Option<String>,
    pub details: serde_json::Value,
}

impl AuditEntry {
    pub fn new(actor: Actor, action: AuditAction) -> AuditEntry {
        AuditEntry {
            actor,
            action,
            target: None,
            ip: None,
            details: serde_json::json!({}),
        }
    }

    pub fn target(mut self, kind: &str, id: impl Into<String>) -> Self {
        self.target = Some((kind.to_string(), id.into()));
        self
    }

    pub fn ip(mut self, ip: impl Into<String>) -> Self {
        self.ip = Some(ip.into());
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}

/// A stored entry as admins see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: String,
    /// RFC 3339, UTC.
    pub occurred_at: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub details: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn action_codes_are_unique_and_round_trip() {
        let codes: std::collections::HashSet<_> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
        }
    }
}
