//! The prepaid wallet (saldo): an IDR balance per customer, explained line by line by an
//! append-only ledger (deposits, payments, refunds, bonuses, staff adjustments).
//!
//! - `store` (ssr): the only code that changes a balance, always together with its ledger
//!   line and under a guard that keeps it from going negative on either engine.
//! - `pages`: `/wallet`, the balance and the ledger with filters; `export` (ssr): the
//!   ledger as CSV. Topping up is a deposit invoice (`start_deposit`) paid through a
//!   gateway; its page (`/wallet/top-up`) is in `payments`, which has the pay form.
//! - `bonuses`: deposit bonuses, credited with the deposit they reward.

pub mod bonuses;
#[cfg(feature = "ssr")]
pub mod export;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod texts;

pub use texts::WalletText;

/// Ledger lines shown on the page (the CSV has them all).
pub const PAGE_LINES: i64 = 100;

/// Unpaid deposits a customer may have open at once.
pub const OPEN_DEPOSITS: usize = 5;

/// How much one deposit may bring (a feature service registered at start-up:
/// `WEBRANA_WALLET_DEPOSIT_MIN`, `WEBRANA_WALLET_DEPOSIT_MAX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletSettings {
    pub deposit_min: Rupiah,
    pub deposit_max: Rupiah,
}

impl Default for WalletSettings {
    fn default() -> WalletSettings {
        WalletSettings {
            deposit_min: Rupiah(10_000),
            deposit_max: Rupiah(10_000_000),
        }
    }
}

/// The balance and the latest ledger lines, of one kind if `kind` names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletView {
    pub balance: Rupiah,
    /// Renewal invoices are paid from the balance when it covers them.
    pub autopay: bool,
    pub lines: Vec<LedgerLine>,
}

/// What the top-up page shows: the limits, and the deposits waiting to be paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositsView {
    pub settings: WalletSettings,
    pub open: Vec<crate::billing::InvoiceSummary>,
    /// The deposit bonuses running now.
    pub bonuses: Vec<bonuses::DepositBonus>,
}

/// The signed-in customer's open deposits and the deposit limits.
#[server(endpoint = "wallet/deposits")]
pub async fn my_deposits() -> Result<DepositsView, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let open = crate::billing::invoices::unpaid_of(
        &state.db,
        &user.id,
        crate::billing::InvoicePurpose::Deposit,
        OPEN_DEPOSITS as i64,
    )
    .await
    .map_err(AppError::internal)?
    .iter()
    .map(|invoice| invoice.summary())
    .collect();
    let bonuses = bonuses::store::running(&state.db, &state.clock.now())
        .await
        .map_err(AppError::internal)?;
    Ok(DepositsView {
        settings: crate::state::use_server::<WalletSettings>()?,
        open,
        bonuses,
    })
}

/// Opens a deposit: an invoice for `amount` (whole rupiah, dots allowed) that credits the
/// wallet once paid through a gateway. Returns the invoice's id.
#[server(endpoint = "wallet/deposit")]
pub async fn start_deposit(amount: String) -> Result<String, AppError> {
    ssr::start_deposit(&amount).await
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
    let autopay = store::autopay(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?;
    Ok(WalletView {
        balance,
        autopay,
        lines,
    })
}

/// Turns paying renewal invoices from the balance on (`on` = "true") or off.
#[server(endpoint = "wallet/autopay")]
pub async fn set_wallet_autopay(on: String) -> Result<(), AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    store::set_autopay(&state.db, state.clock.as_ref(), &user.id, on == "true")
        .await
        .map_err(AppError::internal)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{OPEN_DEPOSITS, WalletSettings, WalletText};
    use crate::accounts::validation::field_error;
    use crate::billing::InvoicePurpose;
    use crate::billing::invoices::{self, NewInvoice};
    use crate::error::AppError;
    use crate::money::Rupiah;
    use crate::state::{AppState, use_server};
    use crate::ui::FormText;

    /// How long a deposit invoice is due; paid later it still credits the wallet.
    const DEPOSIT_DUE: chrono::Duration = chrono::Duration::hours(24);

    pub async fn start_deposit(amount: &str) -> Result<String, AppError> {
        let user = crate::accounts::auth::ssr::require_user().await?;
        let state = AppState::from_context()?;
        let settings = use_server::<WalletSettings>()?;
        let amount = amount
            .trim()
            .replace(['.', ' '], "")
            .parse::<i64>()
            .ok()
            .map(Rupiah)
            .filter(|amount| (settings.deposit_min..=settings.deposit_max).contains(amount))
            .ok_or_else(|| field_error("amount", FormText::DepositOutOfRange))?;
        let open = invoices::unpaid_of(&state.db, &user.id, InvoicePurpose::Deposit, OPEN_DEPOSITS as i64)
            .await
            .map_err(AppError::internal)?;
        if open.len() >= OPEN_DEPOSITS {
            return Err(field_error("amount", FormText::TooManyOpenDeposits));
        }
        let customer = crate::accounts::store::find_by_id(&state.db, &user.id)
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| AppError::NotFound.with_status())?;
        let clock = state.clock.as_ref();
        let description = WalletText::DepositLine.text(customer.language()).to_string();
        let mut tx = state.db.begin().await.map_err(AppError::internal)?;
        let (id, number) = invoices::issue(
            &mut tx,
            clock,
            NewInvoice::deposit(&customer, description, amount, clock.now() + DEPOSIT_DUE),
        )
        .await
        .map_err(AppError::internal)?;
        tx.commit().await.map_err(AppError::internal)?;
        tracing::info!(invoice = %id, %number, amount = amount.get(), "deposit opened");
        Ok(id.to_string())
    }
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
