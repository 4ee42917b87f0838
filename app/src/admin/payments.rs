//! Admin: what the payment gateways told us (the event log) and the events held for review
//! — a different amount or currency, an unknown attempt, money returned at the gateway —
//! which an admin releases (the money is recorded as received) or dismisses with a reason;
//! and adjusting a customer's balance with a reason. Every change is audited.

use crate::error::AppError;
use crate::money::Rupiah;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Events listed below the held ones.
pub const RECENT_EVENTS: i64 = 50;

/// One gateway event as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayEventLine {
    pub id: String,
    pub gateway: String,
    pub transaction_id: String,
    /// `paid`, `pending`, `failed`, `expired`, `refunded`.
    pub status: String,
    pub amount: Option<Rupiah>,
    pub currency: String,
    pub method: String,
    /// `webhook` or `reconciliation`.
    pub source: String,
    /// What processing made of it (`held`, `applied` …).
    pub outcome: String,
    pub note: String,
    /// The body exactly as the gateway sent it.
    pub body: String,
    pub received_at: String,
    pub invoice_number: Option<String>,
    pub order_id: Option<String>,
}

/// Money recorded for an invoice that could not take it, not yet given back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnappliedLine {
    pub id: String,
    pub invoice_number: String,
    pub customer_email: String,
    pub user_id: String,
    pub gateway: String,
    pub reference: String,
    pub amount: Rupiah,
    pub received_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsOverview {
    pub held: Vec<GatewayEventLine>,
    pub unapplied: Vec<UnappliedLine>,
    pub recent: Vec<GatewayEventLine>,
}

/// The held events and the latest ones (support and admins).
#[server(endpoint = "admin/payments")]
pub async fn admin_payments() -> Result<PaymentsOverview, AppError> {
    use crate::payments::events::{EventOutcome, list};
    crate::accounts::auth::ssr::require_staff(crate::accounts::Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let lines = |rows: Vec<crate::payments::events::EventListRow>| {
        rows.into_iter()
            .map(|row| GatewayEventLine {
                id: row.event.id,
                gateway: row.event.gateway,
                transaction_id: row.event.transaction_id,
                status: row.event.status.code().into(),
                amount: row.event.amount,
                currency: row.event.currency,
                method: row.event.method,
                source: row.event.source.code().into(),
                outcome: row.event.outcome.code().into(),
                note: row.event.note,
                body: row.event.body,
                received_at: crate::clock::rfc3339(&row.event.received_at),
                invoice_number: row.invoice_number,
                order_id: row.order_id,
            })
            .collect()
    };
    let held = list(&state.db, Some(EventOutcome::Held), 500)
        .await
        .map_err(AppError::internal)?;
    let recent = list(&state.db, None, RECENT_EVENTS)
        .await
        .map_err(AppError::internal)?;
    let unapplied = crate::billing::payments::unapplied(&state.db, 500)
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .map(|payment| UnappliedLine {
            id: payment.id,
            invoice_number: payment.invoice_number,
            customer_email: payment.customer_email,
            user_id: payment.user_id.to_string(),
            gateway: payment.gateway,
            reference: payment.gateway_reference,
            amount: payment.amount,
            received_at: crate::clock::rfc3339(&payment.received_at),
        })
        .collect();
    Ok(PaymentsOverview {
        held: lines(held),
        unapplied,
        recent: lines(recent),
    })
}

/// Payments received per page of the staff list.
pub const PAYMENT_PAGE_SIZE: i64 = 25;

/// A payment received (or recorded by staff), as the staff list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    pub id: String,
    pub invoice_number: String,
    pub order_id: Option<String>,
    pub customer_email: String,
    pub gateway: String,
    pub method: String,
    pub reference: String,
    pub amount: Rupiah,
    /// `applied` or `unapplied`.
    pub status: String,
    pub note: String,
    pub received_at: String,
    pub raw_event: Option<String>,
}

/// Money received, newest first, by gateway, status and day (`YYYY-MM-DD` in WIB, both ends
/// included), searched by invoice number, customer e-mail or reference (support and admins).
#[server(endpoint = "admin/payments/received")]
pub async fn admin_list_payments(
    #[server(default)] q: String,
    #[server(default)] gateway: String,
    #[server(default)] status: String,
    #[server(default)] from: String,
    #[server(default)] until: String,
    #[server(default)] page: i64,
) -> Result<Vec<PaymentLine>, AppError> {
    use crate::billing::payments::{PaymentFilter, list};
    crate::accounts::auth::ssr::require_staff(crate::accounts::Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let filter = PaymentFilter {
        search: Some(q.trim().to_string()).filter(|q| !q.is_empty()),
        gateway: Some(gateway).filter(|gateway| !gateway.is_empty()),
        status: PAYMENT_STATUSES.into_iter().find(|code| *code == status),
        from: super::ssr::day("from", &from, 0)?,
        until: super::ssr::day("until", &until, 1)?,
        offset: crate::db::page_offset(page, PAYMENT_PAGE_SIZE),
        limit: PAYMENT_PAGE_SIZE,
    };
    let rows = list(&state.db, &filter).await.map_err(AppError::internal)?;
    Ok(rows
        .into_iter()
        .map(|row| PaymentLine {
            id: row.id,
            invoice_number: row.invoice_number,
            order_id: row.order_id.map(|id| id.to_string()),
            customer_email: row.customer_email,
            gateway: row.gateway,
            method: row.method,
            reference: row.gateway_reference,
            amount: row.amount,
            status: row.status,
            note: row.note,
            received_at: crate::clock::rfc3339(&row.received_at),
            raw_event: row.raw_event,
        })
        .collect())
}

/// What a payment record can be: it paid its invoice, or it waits to be given back.
pub const PAYMENT_STATUSES: [&str; 2] = ["applied", "unapplied"];

/// Records a held payment as received (admins). 409 when it is no longer held or carries
/// no money that can be recorded.
#[server(endpoint = "admin/payments/release")]
pub async fn release_payment_event(id: String) -> Result<(), AppError> {
    use crate::audit::AuditAction;
    use crate::payments::intake::{ReviewError, release_in};
    let mut change = super::change::AdminChange::begin().await?;
    let (clock, actor) = (change.state.clock.clone(), change.actor());
    let outcome = match release_in(&mut change.tx, clock.as_ref(), &id, actor).await {
        Ok(outcome) => outcome,
        Err(ReviewError::NotReleasable) => return Err(AppError::Conflict("event".into()).with_status()),
        Err(ReviewError::Payment(crate::billing::payments::PaymentError::Conflict)) => {
            return Err(AppError::Conflict("invoice".into()).with_status());
        }
        Err(ReviewError::Payment(crate::billing::payments::PaymentError::Database(error))) => {
            return Err(AppError::internal(error));
        }
    };
    let details = serde_json::json!({ "outcome": format!("{outcome:?}") });
    change
        .finish(AuditAction::PaymentEventReleased, ("payment_event", &id), details)
        .await
}

/// Closes a held event without applying it, with the reason (admins).
#[server(endpoint = "admin/payments/dismiss")]
pub async fn dismiss_payment_event(id: String, reason: String) -> Result<(), AppError> {
    use crate::accounts::validation::field_error;
    use crate::audit::AuditAction;
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(field_error("reason", crate::ui::FormText::ReasonRequired));
    }
    let mut change = super::change::AdminChange::begin().await?;
    let clock = change.state.clock.clone();
    if !crate::payments::intake::dismiss_in(&mut change.tx, clock.as_ref(), &id, &reason)
        .await
        .map_err(AppError::internal)?
    {
        return Err(AppError::Conflict("event".into()).with_status());
    }
    change
        .finish(
            AuditAction::PaymentEventDismissed,
            ("payment_event", &id),
            serde_json::json!({ "reason": reason }),
        )
        .await
}

/// Gives an unapplied payment to its customer as balance, with the reason (admins). 409 when
/// it is not unapplied or was credited before.
#[server(endpoint = "admin/payments/credit")]
pub async fn credit_unapplied_payment(id: String, reason: String) -> Result<Rupiah, AppError> {
    use crate::accounts::validation::field_error;
    use crate::audit::AuditAction;
    use crate::settlement::{CreditError, credit_unapplied_in};
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(field_error("reason", crate::ui::FormText::ReasonRequired));
    }
    let mut change = super::change::AdminChange::begin().await?;
    let (clock, actor) = (change.state.clock.clone(), change.actor());
    let balance = match credit_unapplied_in(&mut change.tx, clock.as_ref(), &id, &actor, &reason).await {
        Ok(balance) => balance,
        Err(CreditError::NotCreditable) => return Err(AppError::Conflict("payment".into()).with_status()),
        Err(CreditError::Database(error)) => return Err(AppError::internal(error)),
    };
    change
        .finish(
            AuditAction::PaymentCredited,
            ("payment", &id),
            serde_json::json!({ "reason": reason, "balance": balance.get() }),
        )
        .await?;
    Ok(balance)
}

/// Credits (positive) or debits (negative) a customer's balance by whole rupiah, with the
/// reason the customer sees on their ledger (admins). A debit the balance does not cover is
/// refused and changes nothing. Returns the new balance.
#[server(endpoint = "admin/users/wallet-adjust")]
pub async fn adjust_wallet(user: String, amount: String, reason: String) -> Result<Rupiah, AppError> {
    use crate::accounts::validation::field_error;
    use crate::audit::AuditAction;
    use crate::ui::FormText;
    use crate::wallet::LedgerKind;
    use crate::wallet::store::{Movement, WalletError, credit_in, debit_in};
    let user = crate::ids::UserId::from(user);
    let amount: i64 = amount
        .trim()
        .replace('.', "")
        .parse()
        .ok()
        .filter(|amount: &i64| *amount != 0 && amount.abs() <= 1_000_000_000)
        .ok_or_else(|| field_error("amount", FormText::NumberInvalid))?;
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(field_error("reason", FormText::ReasonRequired));
    }
    let mut change = super::change::AdminChange::begin().await?;
    let clock = change.state.clock.clone();
    let customer = crate::accounts::store::find_by_id(&change.state.db, &user)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::NotFound.with_status())?;
    let reference = format!("adjustment:{}", uuid::Uuid::now_v7());
    let admin = change.admin.email.clone();
    let movement = Movement {
        user_id: &customer.id,
        kind: LedgerKind::Adjustment,
        amount: Rupiah(amount.abs()),
        reference: Some(&reference),
        actor: &admin,
        note: &reason,
    };
    let moved = if amount > 0 {
        credit_in(&mut change.tx, clock.as_ref(), &movement).await
    } else {
        debit_in(&mut change.tx, clock.as_ref(), &movement).await
    };
    let balance = match moved {
        Ok(balance) => balance,
        Err(WalletError::Insufficient) => return Err(field_error("amount", FormText::WalletInsufficient)),
        Err(error) => return Err(AppError::internal(error)),
    };
    let details = serde_json::json!({ "amount": amount, "reason": reason, "balance": balance.get() });
    change
        .finish(AuditAction::WalletAdjusted, ("user", &customer.id), details)
        .await?;
    Ok(balance)
}
