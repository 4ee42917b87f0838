use serde::{Deserialize, Serialize};

/// Where an order is in its life. Changes go through [`OrderStatus::can_become`] only
/// (see `orders::store::transition`), so no code path can skip a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    PendingPayment,
    Paid,
    Provisioning,
    Active,
    ProvisioningFailed,
    Cancelled,
    /// Not paid before the invoice's due date.
    Expired,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::PendingPayment,
        OrderStatus::Paid,
        OrderStatus::Provisioning,
        OrderStatus::Active,
        OrderStatus::ProvisioningFailed,
        OrderStatus::Cancelled,
        OrderStatus::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "PENDING_PAYMENT",
            OrderStatus::Paid => "PAID",
            OrderStatus::Provisioning => "PROVISIONING",
            OrderStatus::Active => "ACTIVE",
            OrderStatus::ProvisioningFailed => "PROVISIONING_FAILED",
            OrderStatus::Cancelled => "CANCELLED",
            OrderStatus::Expired => "EXPIRED",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|status| status.code() == code)
    }

    /// The allowed transitions, in one place.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (PendingPayment, Paid | Cancelled | Expired)
                // Refunded before the build began.
                | (Paid, Provisioning | Cancelled)
                | (Provisioning, Active | ProvisioningFailed)
                | (ProvisioningFailed, Provisioning | Cancelled)
        )
    }

    /// Staff may refund the order: paid, and no server came of it (the build has not begun,
    /// or it failed).
    pub fn is_refundable(self) -> bool {
        matches!(self, OrderStatus::Paid | OrderStatus::ProvisioningFailed)
    }

    /// The customer may still pay (and cancel) the order.
    pub fn is_payable(self) -> bool {
        self == OrderStatus::PendingPayment
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::{self, *};

    #[test]
    fn the_happy_path_is_allowed() {
        let path = [PendingPayment, Paid, Provisioning, Active];
        for pair in path.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{:?} → {:?}", pair[0], pair[1]);
        }
        assert!(ProvisioningFailed.can_become(Provisioning), "admin retry");
    }

    #[test]
    fn everything_else_is_refused() {
        let allowed = [
            (PendingPayment, Paid),
            (PendingPayment, Cancelled),
            (PendingPayment, Expired),
            (Paid, Provisioning),
            (Paid, Cancelled),
            (Provisioning, Active),
            (Provisioning, ProvisioningFailed),
            (ProvisioningFailed, Provisioning),
            (ProvisioningFailed, Cancelled),
        ];
        for from in OrderStatus::ALL {
            for to in OrderStatus::ALL {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
    }

    #[test]
    fn codes_round_trip() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(OrderStatus::from_code("paid"), None);
    }
}

#[cfg(feature = "ssr")]
crate::stored_as_text!(OrderStatus);
