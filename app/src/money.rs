//! Rupiah amounts. Money is whole rupiah in an `i64`, never a float, and travels as
//! [`Rupiah`] so an amount cannot be mixed up with a count, a percent or an id.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

/// An amount in whole rupiah (negative for discounts and refunds). BIGINT/INTEGER in the
/// database and a plain number in JSON. Deliberately not `Display`: text for people is
/// [`format_idr`], digits for machines (QRIS, gateways) are `get()`, never mixed up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Rupiah(pub i64);

impl Rupiah {
    pub const ZERO: Rupiah = Rupiah(0);

    pub fn get(self) -> i64 {
        self.0
    }

    /// `self × percent / 100`, rounded half up to whole rupiah (for amounts that are not
    /// negative: discounts and tax are computed on prices).
    pub fn percent(self, percent: i64) -> Rupiah {
        Rupiah((self.0 * percent + 50) / 100)
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }
}

impl From<i64> for Rupiah {
    fn from(amount: i64) -> Rupiah {
        Rupiah(amount)
    }
}

impl Add for Rupiah {
    type Output = Rupiah;
    fn add(self, other: Rupiah) -> Rupiah {
        Rupiah(self.0 + other.0)
    }
}

impl Sub for Rupiah {
    type Output = Rupiah;
    fn sub(self, other: Rupiah) -> Rupiah {
        Rupiah(self.0 - other.0)
    }
}

impl AddAssign for Rupiah {
    fn add_assign(&mut self, other: Rupiah) {
        self.0 += other.0;
    }
}

impl SubAssign for Rupiah {
    fn sub_assign(&mut self, other: Rupiah) {
        self.0 -= other.0;
    }
}

impl Neg for Rupiah {
    type Output = Rupiah;
    fn neg(self) -> Rupiah {
        Rupiah(-self.0)
    }
}

/// A price times a quantity (months, units).
impl Mul<i64> for Rupiah {
    type Output = Rupiah;
    fn mul(self, quantity: i64) -> Rupiah {
        Rupiah(self.0 * quantity)
    }
}

impl std::iter::Sum for Rupiah {
    fn sum<I: Iterator<Item = Rupiah>>(amounts: I) -> Rupiah {
        Rupiah(amounts.map(|amount| amount.0).sum())
    }
}

/// Compares with a literal amount (tests and thresholds read `total == 109_890`).
impl PartialEq<i64> for Rupiah {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

/// "Rp 1.234.567" — the way prices are written in Indonesia (dot as thousands separator),
/// used in both languages. Negative amounts (discounts) get a leading minus sign.
pub fn format_idr(amount: impl Into<Rupiah>) -> String {
    let amount = amount.into().0;
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}Rp {grouped}")
}

#[cfg(test)]
mod tests {
    use super::format_idr;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(format_idr(0), "Rp 0");
        assert_eq!(format_idr(999), "Rp 999");
        assert_eq!(format_idr(99_000), "Rp 99.000");
        assert_eq!(format_idr(1_234_567), "Rp 1.234.567");
        assert_eq!(format_idr(-15_000), "-Rp 15.000");
    }
}
