//! What a notification is about, and the channels it can go out on. Shared with the browser
//! (the inbox filters by type, the preferences page lists every type × channel).

use serde::{Deserialize, Serialize};

macro_rules! kinds {
    ($($kind:ident => $code:literal),* $(,)?) => {
        /// The type of a notification (stored as its code, e.g. `VPS_ACTIVE`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum NotificationKind { $($kind),* }

        impl NotificationKind {
            pub const ALL: &'static [NotificationKind] = &[$(NotificationKind::$kind),*];

            pub fn code(self) -> &'static str {
                match self { $(NotificationKind::$kind => $code),* }
            }
        }
    };
}

kinds! {
    OrderCreated => "ORDER_CREATED",
    PaymentConfirmed => "PAYMENT_CONFIRMED",
    VpsActive => "VPS_ACTIVE",
    ProvisioningFailed => "PROVISIONING_FAILED",
    VpsExpiring => "VPS_EXPIRING",
    VpsSuspended => "VPS_SUSPENDED",
    VpsTerminated => "VPS_TERMINATED",
    InvoiceDue => "INVOICE_DUE",
    WalletDeposit => "WALLET_DEPOSIT",
    RefundIssued => "REFUND_ISSUED",
    SecurityAlert => "SECURITY_ALERT",
    SystemAnnouncement => "SYSTEM_ANNOUNCEMENT",
}

impl NotificationKind {
    pub fn from_code(code: &str) -> Option<NotificationKind> {
        Self::ALL.iter().copied().find(|kind| kind.code() == code)
    }

    /// Whether the user may turn a channel off for this type. Security alerts always reach
    /// the inbox: a warning about a stranger's sign-in must not be silenced by the stranger.
    pub fn can_mute(self, channel: Channel) -> bool {
        !(self == NotificationKind::SecurityAlert && channel == Channel::InApp)
    }

    /// The choice a user has not made: everything in the inbox; outside channels for what
    /// needs attention or concerns money, not for order receipts or announcements (those are
    /// opt-in).
    pub fn enabled_by_default(self, channel: Channel) -> bool {
        match channel {
            Channel::InApp => true,
            Channel::Email | Channel::Telegram => !matches!(
                self,
                NotificationKind::OrderCreated | NotificationKind::SystemAnnouncement
            ),
        }
    }
}

/// Where a notification is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    InApp,
    Email,
    Telegram,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::InApp, Channel::Email, Channel::Telegram];

    pub fn code(self) -> &'static str {
        match self {
            Channel::InApp => "in_app",
            Channel::Email => "email",
            Channel::Telegram => "telegram",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Self::ALL.into_iter().find(|channel| channel.code() == code)
    }
}

/// Where one delivery of a notification on one channel stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryStatus {
    /// Not attempted yet, or to be retried after a failed attempt.
    Pending,
    Sent,
    /// Given up.
    Failed,
    /// Not sent on purpose (account closed, channel not linked, invoice paid since).
    Skipped,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 4] = [
        DeliveryStatus::Pending,
        DeliveryStatus::Sent,
        DeliveryStatus::Failed,
        DeliveryStatus::Skipped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Skipped => "skipped",
        }
    }

    pub fn from_code(code: &str) -> Option<DeliveryStatus> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }
}

#[cfg(feature = "ssr")]
crate::stored_as_text!(Channel);
#[cfg(feature = "ssr")]
crate::stored_as_text!(DeliveryStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_security_alerts_stay_in_the_inbox() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_code(kind.code()), Some(*kind));
        }
        for channel in Channel::ALL {
            assert_eq!(Channel::from_code(channel.code()), Some(channel));
        }
        assert!(!NotificationKind::SecurityAlert.can_mute(Channel::InApp));
        assert!(NotificationKind::SecurityAlert.can_mute(Channel::Email));
        assert!(!NotificationKind::SystemAnnouncement.enabled_by_default(Channel::Email));
    }
}
