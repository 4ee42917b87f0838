//! Credit notes: money given back for an invoice, as a document of its own numbered like
//! invoices (`CN/2026/000001`, per year, no gaps), so the invoice stays as issued. One per
//! invoice: a refund is of the whole invoice. What refunding means for the order and the
//! wallet is `settlement`'s business.

use super::{CreditNote, RefundMethod};
use crate::clock::{Clock, rfc3339};
use crate::db::{Db, Tx};
use crate::ids::{InvoiceId, UserId};
use crate::money::Rupiah;
use crate::{on_db, on_tx};
use chrono::{DateTime, Datelike, Utc};

/// `CN/2026/000123`.
pub fn format_number(year: i32, sequence: i64) -> String {
    format!("CN/{year}/{sequence:06}")
}

/// What goes on a new credit note.
pub struct NewCreditNote<'a> {
    pub invoice_id: &'a InvoiceId,
    pub user_id: &'a UserId,
    pub amount: Rupiah,
    pub method: RefundMethod,
    pub reference: &'a str,
    pub reason: &'a str,
    /// The audit actor's label of who refunded.
    pub actor: &'a str,
}

/// Issues a credit note in the caller's transaction; returns (id, number), or `None` when the
/// invoice has one already (the caller rolls back, which also returns the number).
pub async fn issue_in(
    tx: &mut Tx,
    clock: &dyn Clock,
    note: &NewCreditNote<'_>,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let now = clock.now();
    let sequence = super::invoices::next_number(tx, "credit_note_counters", now.year()).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let number = format_number(now.year(), sequence);
    let inserted = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO credit_notes (id, number, invoice_id, user_id, amount, method, reference, reason, actor, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (invoice_id) DO NOTHING",
    )
    .bind(&id)
    .bind(&number)
    .bind(note.invoice_id)
    .bind(note.user_id)
    .bind(note.amount)
    .bind(note.method)
    .bind(note.reference)
    .bind(note.reason)
    .bind(note.actor)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))?;
    Ok(inserted.then_some((id, number)))
}

/// The number of the invoice's credit note, read in the caller's transaction.
pub async fn number_in(tx: &mut Tx, invoice_id: &InvoiceId) -> Result<Option<String>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar("SELECT number FROM credit_notes WHERE invoice_id = $1")
        .bind(invoice_id)
        .fetch_optional(&mut *conn)
        .await)
}

type CreditNoteRow = (String, Rupiah, RefundMethod, String, String, DateTime<Utc>);

/// The invoice's credit note, if it was refunded.
pub async fn for_invoice(db: &Db, invoice_id: &InvoiceId) -> Result<Option<CreditNote>, sqlx::Error> {
    let row: Option<CreditNoteRow> = on_db!(db, pool => sqlx::query_as(
        "SELECT number, amount, method, reference, reason, issued_at FROM credit_notes WHERE invoice_id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(
        |(number, amount, method, reference, reason, issued_at)| CreditNote {
            number,
            amount,
            method,
            reference,
            reason,
            issued_at: rfc3339(&issued_at),
        },
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_zero_padded_per_year() {
        assert_eq!(super::format_number(2026, 7), "CN/2026/000007");
    }
}
