//! The prepaid wallet (saldo): an IDR balance per customer, explained line by line by an
//! append-only ledger (deposits, payments, refunds, bonuses, staff adjustments).
//!
//! - `store` (ssr): the only code that changes a balance, always together with its ledger
//!   line and under a guard that keeps it from going negative on either engine.
//! - `pages`: `/wallet`, the balance and the ledger with filters; `export` (ssr): the
//!   ledger as CSV.

#[cfg(feature = "ssr")]
pub mod export;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;

pub use texts::WalletText;

/// Ledger lines shown on the page (the CSV has them all).
pub const PAGE_LINES: i64 = 100;

/// The balance and the latest ledger lines, of one kind if `kind` names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletView {
    pub balance: Rupiah,
    pub lines: Vec<LedgerLine>,
}

/// The signed-in customer's wallet page data.
#[server(endpoint = "wallet/ledger")]
pub async fn my_wallet(kind: String) -> Result<WalletView, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let kind = LedgerKind::from_code(&kind);
    let balance = store::balance(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?;
    let lines = store::ledger(&state.db, &user.id, kind, PAGE_LINES)
        .await
        .map_err(AppError::internal)?;
    Ok(WalletView { balance, lines })
}

use crate::error::AppError;
use crate::money::Rupiah;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in customer's balance.
#[server(endpoint = "wallet/balance")]
pub async fn my_wallet_balance() -> Result<Rupiah, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    store::balance(&state.db, &user.id)
        .await
        .map_err(AppError::internal)
}

/// Why a balance changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LedgerKind {
    /// Money paid in through a gateway.
    Deposit,
    /// An invoice paid from the balance.
    Payment,
    /// Money given back (an order that could not be provisioned).
    Refund,
    /// A deposit promo's extra.
    Bonus,
    /// Staff's correction, with its reason.
    Adjustment,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 5] = [
        LedgerKind::Deposit,
        LedgerKind::Payment,
        LedgerKind::Refund,
        LedgerKind::Bonus,
        LedgerKind::Adjustment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LedgerKind::Deposit => "deposit",
            LedgerKind::Payment => "payment",
            LedgerKind::Refund => "refund",
            LedgerKind::Bonus => "bonus",
            LedgerKind::Adjustment => "adjustment",
        }
    }

    pub fn from_code(code: &str) -> Option<LedgerKind> {
        LedgerKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

#[cfg(feature = "ssr")]
crate::stored_as_text!(LedgerKind);

/// One ledger line as the customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub id: String,
    pub kind: LedgerKind,
    /// Signed: credits positive, debits negative.
    pub amount: Rupiah,
    pub balance_after: Rupiah,
    pub reference: Option<String>,
    pub note: String,
    /// RFC 3339.
    pub created_at: String,
}
