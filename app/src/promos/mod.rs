//! Promo codes: percent or fixed discounts with validity dates, use limits (total and per
//! customer), a minimum order, restrictions to providers/plans/cycles and a first-order flag.
//!
//! Uses are counted inside the checkout transaction with guarded updates, so two customers
//! can never both take the last use.

#[cfg(feature = "ssr")]
pub mod store;

use crate::money::Rupiah;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PromoKind {
    Percent,
    Fixed,
}

impl PromoKind {
    pub fn code(self) -> &'static str {
        match self {
            PromoKind::Percent => "percent",
            PromoKind::Fixed => "fixed",
        }
    }

    pub fn from_code(code: &str) -> Option<PromoKind> {
        match code {
            "percent" => Some(PromoKind::Percent),
            "fixed" => Some(PromoKind::Fixed),
            _ => None,
        }
    }
}

/// A discount or bonus as people read it: "10 %" or "Rp 20.000".
pub fn format_value(kind: PromoKind, amount: i64) -> String {
    match kind {
        PromoKind::Percent => format!("{amount} %"),
        PromoKind::Fixed => crate::money::format_idr(amount),
    }
}

/// A promo code as admins manage it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promo {
    pub id: String,
    pub code: String,
    pub description: String,
    pub kind: PromoKind,
    /// Percent (1–100) or rupiah, by `kind`.
    pub amount: i64,
    /// RFC 3339.
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub max_uses: Option<i32>,
    pub max_uses_per_customer: Option<i32>,
    pub uses: i32,
    pub min_order: Rupiah,
    /// Empty = any.
    pub provider_slugs: Vec<String>,
    pub plan_ids: Vec<String>,
    pub cycles: Vec<i32>,
    pub first_order_only: bool,
    pub active: bool,
}

/// Normalises what a customer typed: trimmed, upper case.
pub fn normalize_code(code: &str) -> String {
    code.trim().to_uppercase()
}

/// A comma-separated list as stored and as admins type it ("do, vultr"); empty = none.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}
