//! The `wallets` and `wallet_ledger` tables. A balance changes in exactly one statement,
//! guarded (`balance >= amount` for a debit, and the table's CHECK as a second wall), in
//! the caller's transaction together with the ledger line that explains it; so the ledger
//! always sums to the balance, and two debits racing for the last rupiah cannot both win.

use super::{LedgerKind, LedgerLine};
use crate::clock::{Clock, rfc3339};
use crate::db::{Db, Tx};
use crate::ids::UserId;
use crate::money::Rupiah;
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

/// A change to ask for: `amount` is what moves (always positive); the kind says which way.
#[derive(Debug, Clone)]
pub struct Movement<'a> {
    pub user_id: &'a UserId,
    pub kind: LedgerKind,
    pub amount: Rupiah,
    /// What it is for; a kind and reference are booked once (a repeat is refused).
    pub reference: Option<&'a str>,
    /// Who caused it (the audit actor's label: an e-mail, `job:…`).
    pub actor: &'a str,
    pub note: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    #[error("the balance does not cover the amount")]
    Insufficient,
    /// This kind and reference were booked before; nothing changed (roll back).
    #[error("already booked")]
    Duplicate,
    #[error("amounts must be positive")]
    NotPositive,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Adds money (deposit, refund, bonus, a positive adjustment); returns the new balance.
/// On `Err` the caller rolls back.
pub async fn credit_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    movement: &Movement<'_>,
) -> Result<Rupiah, WalletError> {
    if !movement.amount.is_positive() {
        return Err(WalletError::NotPositive);
    }
    let balance: Rupiah = on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO wallets (user_id, balance, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET balance = wallets.balance + excluded.balance, \
         updated_at = excluded.updated_at RETURNING balance",
    )
    .bind(movement.user_id)
    .bind(movement.amount)
    .bind(clock.now())
    .fetch_one(&mut *conn)
    .await)?;
    book(tx, clock, movement, movement.amount, balance).await?;
    Ok(balance)
}

/// Takes money (a payment, a negative adjustment) if the balance covers it; returns the
/// new balance, or `Insufficient` with nothing changed. On `Err` the caller rolls back.
pub async fn debit_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    movement: &Movement<'_>,
) -> Result<Rupiah, WalletError> {
    if !movement.amount.is_positive() {
        return Err(WalletError::NotPositive);
    }
    let balance: Option<Rupiah> = on_tx!(tx, conn => sqlx::query_scalar(
        "UPDATE wallets SET balance = balance - $2, updated_at = $3 \
         WHERE user_id = $1 AND balance >= $2 RETURNING balance",
    )
    .bind(movement.user_id)
    .bind(movement.amount)
    .bind(clock.now())
    .fetch_optional(&mut *conn)
    .await)?;
    let balance = balance.ok_or(WalletError::Insufficient)?;
    book(tx, clock, movement, -movement.amount, balance).await?;
    Ok(balance)
}

/// The ledger line of a change just made to the balance.
async fn book(
    tx: &mut Tx,
    clock: &dyn Clock,
    movement: &Movement<'_>,
    signed: Rupiah,
    balance_after: Rupiah,
) -> Result<(), WalletError> {
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO wallet_ledger (id, user_id, kind, amount, balance_after, reference, actor, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (kind, reference) DO NOTHING",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(movement.user_id)
    .bind(movement.kind)
    .bind(signed)
    .bind(balance_after)
    .bind(movement.reference)
    .bind(movement.actor)
    .bind(movement.note)
    .bind(clock.now())
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))?;
    if inserted {
        Ok(())
    } else {
        Err(WalletError::Duplicate)
    }
}

/// The customer's balance (zero before their first deposit).
pub async fn balance(db: &Db, user_id: &UserId) -> Result<Rupiah, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar("SELECT balance FROM wallets WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await)
    .map(Option::unwrap_or_default)
}

/// Whether renewal invoices are paid from the customer's balance (on until they say no).
pub async fn autopay(db: &Db, user_id: &UserId) -> Result<bool, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar("SELECT autopay FROM wallets WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await)
    .map(|autopay| autopay.unwrap_or(true))
}

/// Turns paying renewals from the balance on or off (a wallet row with no money is made
/// if there is none yet).
pub async fn set_autopay(db: &Db, clock: &dyn Clock, user_id: &UserId, on: bool) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(
        "INSERT INTO wallets (user_id, balance, autopay, updated_at) VALUES ($1, 0, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET autopay = excluded.autopay, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(on)
    .bind(clock.now())
    .execute(pool)
    .await
    .map(|_| ()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct LedgerRow {
    id: String,
    kind: LedgerKind,
    amount: Rupiah,
    balance_after: Rupiah,
    reference: Option<String>,
    note: String,
    created_at: DateTime<Utc>,
}

/// The customer's latest ledger lines, newest first, of one kind if given.
pub async fn ledger(
    db: &Db,
    user_id: &UserId,
    kind: Option<LedgerKind>,
    limit: i64,
) -> Result<Vec<LedgerLine>, sqlx::Error> {
    let page = ledger_page(db, user_id, kind, None, limit).await?;
    Ok(page.into_iter().map(|(_, line)| line).collect())
}

/// `limit` of the customer's ledger lines after `after` (from the newest when `None`),
/// newest first, of one kind if given; each with its place in the list (the next page's
/// key).
pub async fn ledger_page(
    db: &Db,
    user_id: &UserId,
    kind: Option<LedgerKind>,
    after: Option<&crate::db::After>,
    limit: i64,
) -> Result<Vec<(crate::db::After, LedgerLine)>, sqlx::Error> {
    let rows: Vec<LedgerRow> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, kind, amount, balance_after, reference, note, created_at FROM wallet_ledger \
         WHERE user_id = $1 AND (CAST($2 AS TEXT) IS NULL OR kind = $2) \
         AND ($4 IS NULL OR created_at < $4 OR (created_at = $4 AND id < $5)) \
         ORDER BY created_at DESC, id DESC LIMIT $3",
    )
    .bind(user_id)
    .bind(kind)
    .bind(limit)
    .bind(after.map(|after| after.created_at))
    .bind(after.map(|after| after.id.as_str()))
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let place = crate::db::After {
                created_at: row.created_at,
                id: row.id.clone(),
            };
            let line = LedgerLine {
                id: row.id,
                kind: row.kind,
                amount: row.amount,
                balance_after: row.balance_after,
                reference: row.reference,
                note: row.note,
                created_at: rfc3339(&row.created_at),
            };
            (place, line)
        })
        .collect())
}

/// The sum of the customer's ledger (equals the balance; for checks and tests).
pub async fn ledger_total(db: &Db, user_id: &UserId) -> Result<Rupiah, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM wallet_ledger WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await)
}
