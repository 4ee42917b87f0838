//! Issuing invoices. Numbers come from a per-year counter raised in the same transaction
//! that writes the invoice: if the transaction rolls back the number is not used, and the
//! counter row serialises concurrent checkouts, so numbers have no gaps and no duplicates.

use super::{InvoiceDocument, InvoiceLine, InvoicePurpose, InvoiceStatus, InvoiceSummary, PaymentRecord};
use crate::clock::Clock;
use crate::clock::rfc3339;
use crate::db::{Db, Tx};
use crate::ids::{InvoiceId, OrderId, UserId};
use crate::money::Rupiah;
use crate::{on_db, on_tx};
use chrono::{DateTime, Datelike, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: InvoiceId,
    pub number: String,
    /// `None` for a wallet deposit.
    pub order_id: Option<OrderId>,
    pub user_id: UserId,
    pub status: InvoiceStatus,
    pub purpose: InvoicePurpose,
    pub customer_name: String,
    pub customer_email: String,
    pub customer_company: String,
    pub customer_address: String,
    pub subtotal: Rupiah,
    pub tax_rate_percent: i32,
    pub tax: Rupiah,
    pub total: Rupiah,
    pub issued_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub void_reason: Option<String>,
    /// A deposit that pays this invoice from the balance once it is paid (the rest of a
    /// payment started from the balance).
    pub pays_invoice_id: Option<InvoiceId>,
}

const COLUMNS: &str = "id, number, order_id, user_id, status, purpose, customer_name, customer_email, customer_company, \
    customer_address, subtotal, tax_rate_percent, tax, total, issued_at, due_at, paid_at, void_reason, pays_invoice_id";

impl InvoiceRow {
    pub fn summary(&self) -> InvoiceSummary {
        InvoiceSummary {
            id: self.id.to_string(),
            number: self.number.clone(),
            order_id: self.order_id.clone(),
            purpose: self.purpose,
            status: self.status,
            total: self.total,
            issued_at: rfc3339(&self.issued_at),
            due_at: rfc3339(&self.due_at),
            paid_at: self.paid_at.as_ref().map(rfc3339),
        }
    }
}

/// `INV/2026/000123`.
pub fn format_number(year: i32, sequence: i64) -> String {
    format!("INV/{year}/{sequence:06}")
}

/// What goes on a new invoice.
pub struct NewInvoice<'a> {
    pub purpose: InvoicePurpose,
    pub order_id: Option<&'a str>,
    pub user_id: &'a str,
    pub customer_name: &'a str,
    pub customer_email: &'a str,
    pub customer_company: &'a str,
    pub customer_address: &'a str,
    pub lines: Vec<InvoiceLine>,
    pub tax_rate_percent: i32,
    pub tax: Rupiah,
    pub due_at: DateTime<Utc>,
    pub replaces: Option<&'a str>,
    /// For a deposit: the invoice it pays from the balance once paid.
    pub pays: Option<&'a InvoiceId>,
}

impl<'a> NewInvoice<'a> {
    /// A wallet deposit of `amount` for `customer`: one line, no tax (the balance is taxed
    /// when it pays for an order or renewal, whose invoices carry the tax).
    pub fn deposit(
        customer: &'a crate::accounts::store::UserRow,
        description: String,
        amount: Rupiah,
        due_at: DateTime<Utc>,
    ) -> NewInvoice<'a> {
        NewInvoice {
            purpose: InvoicePurpose::Deposit,
            order_id: None,
            user_id: &customer.id,
            customer_name: &customer.name,
            customer_email: &customer.email,
            customer_company: &customer.company,
            customer_address: &customer.address,
            lines: vec![InvoiceLine {
                description,
                quantity: 1,
                unit_price: amount,
                amount,
            }],
            tax_rate_percent: 0,
            tax: Rupiah::ZERO,
            due_at,
            replaces: None,
            pays: None,
        }
    }

    /// An invoice to `customer` for an order, priced by `quote`, with the customer's details
    /// as they are now (an invoice keeps them even if the profile changes later).
    pub fn for_order(
        purpose: InvoicePurpose,
        order_id: &'a str,
        customer: &'a crate::accounts::store::UserRow,
        lines: Vec<InvoiceLine>,
        quote: &crate::orders::pricing::Quote,
        due_at: DateTime<Utc>,
    ) -> NewInvoice<'a> {
        NewInvoice {
            purpose,
            order_id: Some(order_id),
            user_id: &customer.id,
            customer_name: &customer.name,
            customer_email: &customer.email,
            customer_company: &customer.company,
            customer_address: &customer.address,
            lines,
            tax_rate_percent: quote.tax_rate_percent,
            tax: quote.tax,
            due_at,
            replaces: None,
            pays: None,
        }
    }
}

/// Issues an invoice inside the caller's transaction; returns (id, number).
pub async fn issue(
    tx: &mut Tx,
    clock: &dyn Clock,
    invoice: NewInvoice<'_>,
) -> Result<(InvoiceId, String), sqlx::Error> {
    let now = clock.now();
    let year = now.year();
    let sequence = next_number(tx, "invoice_counters", year).await?;
    let id = InvoiceId::generate();
    let number = format_number(year, sequence);
    let subtotal: Rupiah = invoice.lines.iter().map(|line| line.amount).sum();
    on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO invoices (id, number, year, sequence, order_id, user_id, status, customer_name, customer_email, \
             customer_company, customer_address, subtotal, tax_rate_percent, tax, total, issued_at, due_at, replaces_invoice_id, \
             purpose, pays_invoice_id) \
             VALUES ($1, $2, $3, $4, $5, $6, 'unpaid', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        )
        .bind(&id)
        .bind(&number)
        .bind(year)
        .bind(sequence)
        .bind(invoice.order_id)
        .bind(invoice.user_id)
        .bind(invoice.customer_name)
        .bind(invoice.customer_email)
        .bind(invoice.customer_company)
        .bind(invoice.customer_address)
        .bind(subtotal)
        .bind(invoice.tax_rate_percent)
        .bind(invoice.tax)
        .bind(subtotal + invoice.tax)
        .bind(now)
        .bind(invoice.due_at)
        .bind(invoice.replaces)
        .bind(invoice.purpose)
        .bind(invoice.pays)
        .execute(&mut *conn)
        .await?;
        for (position, line) in invoice.lines.iter().enumerate() {
            sqlx::query(
                "INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, amount) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&id)
            .bind(position as i32)
            .bind(&line.description)
            .bind(line.quantity)
            .bind(line.unit_price)
            .bind(line.amount)
            .execute(&mut *conn)
            .await?;
        }
        Ok::<_, sqlx::Error>(())
    })?;
    Ok((id, number))
}

/// The next number of `year` in a document series (`invoice_counters`,
/// `credit_note_counters`): the counter row is raised in the caller's transaction, so a
/// rollback returns the number and concurrent issuers wait for each other.
pub(super) async fn next_number(tx: &mut Tx, counters: &'static str, year: i32) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "INSERT INTO {counters} (year, last_number) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last_number = {counters}.last_number + 1 RETURNING last_number"
    );
    on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(year).fetch_one(&mut *conn).await)
}

pub async fn find(db: &Db, id: &InvoiceId) -> Result<Option<InvoiceRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM invoices WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn find_in(tx: &mut Tx, id: &InvoiceId) -> Result<Option<InvoiceRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM invoices WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

pub async fn for_order(db: &Db, order_id: &OrderId) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM invoices WHERE order_id = $1 ORDER BY sequence");
    on_db!(db, pool => sqlx::query_as(&sql).bind(order_id).fetch_all(pool).await)
}

/// A customer's unpaid invoices of orders (not wallet top-ups, the only ones without an
/// order), newest first: what their overview asks them to pay.
pub async fn unpaid_orders_of(db: &Db, user_id: &UserId) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invoices WHERE user_id = $1 AND status = 'unpaid' AND order_id IS NOT NULL \
         ORDER BY issued_at DESC, sequence DESC"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)
}

pub async fn for_user(db: &Db, user_id: &UserId) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM invoices WHERE user_id = $1 ORDER BY issued_at DESC, sequence DESC");
    on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await)
}

/// Unpaid → paid; `false` if it was not unpaid any more.
pub async fn mark_paid(tx: &mut Tx, clock: &dyn Clock, id: &InvoiceId) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE invoices SET status = 'paid', paid_at = $1 WHERE id = $2 AND status = 'unpaid'")
        .bind(clock.now())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Unpaid → void (an invoice is never edited; a correction voids it and issues a new one).
pub async fn void(tx: &mut Tx, clock: &dyn Clock, id: &InvoiceId, reason: &str) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE invoices SET status = 'void', voided_at = $1, void_reason = $2 WHERE id = $3 AND status = 'unpaid'",
    )
    .bind(clock.now())
    .bind(reason)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected() == 1))
}

/// Voids every unpaid invoice of an order (when it is cancelled or expires).
pub async fn void_open_for_order(
    tx: &mut Tx,
    clock: &dyn Clock,
    order_id: &OrderId,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE invoices SET status = 'void', voided_at = $1, void_reason = $2 WHERE order_id = $3 AND status = 'unpaid'",
    )
    .bind(clock.now())
    .bind(reason)
    .bind(order_id)
    .execute(&mut *conn)
    .await
    .map(|done| done.rows_affected()))
}

/// The full document: lines and payments.
pub async fn document(db: &Db, row: &InvoiceRow) -> Result<InvoiceDocument, sqlx::Error> {
    let lines: Vec<(String, i32, Rupiah, Rupiah)> = on_db!(db, pool => sqlx::query_as(
        "SELECT description, quantity, unit_price, amount FROM invoice_lines WHERE invoice_id = $1 ORDER BY position",
    ).bind(&row.id).fetch_all(pool).await)?;
    let payments: Vec<(String, String, String, Rupiah, DateTime<Utc>, String)> = on_db!(db, pool => sqlx::query_as(
        "SELECT gateway, method, gateway_reference, amount, received_at, status FROM payments \
         WHERE invoice_id = $1 ORDER BY received_at",
    ).bind(&row.id).fetch_all(pool).await)?;
    Ok(InvoiceDocument {
        invoice: row.summary(),
        customer_name: row.customer_name.clone(),
        customer_email: row.customer_email.clone(),
        customer_company: row.customer_company.clone(),
        customer_address: row.customer_address.clone(),
        lines: lines
            .into_iter()
            .map(|(description, quantity, unit_price, amount)| InvoiceLine {
                description,
                quantity,
                unit_price,
                amount,
            })
            .collect(),
        subtotal: row.subtotal,
        tax_rate_percent: row.tax_rate_percent,
        tax: row.tax,
        void_reason: row.void_reason.clone(),
        payments: payments
            .into_iter()
            .map(
                |(gateway, method, reference, amount, received_at, status)| PaymentRecord {
                    gateway,
                    method,
                    reference,
                    amount,
                    received_at: rfc3339(&received_at),
                    applied: status == "applied",
                },
            )
            .collect(),
        credit_note: super::credit_notes::for_invoice(db, &row.id).await?,
    })
}

/// Voids top-ups (deposit invoices) still unpaid a day after they were due, so they leave the
/// customer's open list; money that still comes for one is kept as unapplied for staff.
pub async fn void_stale_deposits(db: &Db, clock: &dyn Clock) -> Result<u64, sqlx::Error> {
    let now = clock.now();
    on_db!(db, pool => sqlx::query(
        "UPDATE invoices SET status = 'void', voided_at = $1, void_reason = $2 \
         WHERE purpose = 'deposit' AND status = 'unpaid' AND due_at < $3",
    )
    .bind(now)
    .bind(STALE_DEPOSIT_REASON)
    .bind(now - chrono::Duration::days(1))
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))
}

/// Why a stale top-up was voided (shown on the invoice).
pub const STALE_DEPOSIT_REASON: &str = "not paid in time / tidak dibayar tepat waktu";

/// The paid invoice of an order's first period (what a refund of the order gives back).
pub async fn paid_for_order_in(tx: &mut Tx, order_id: &OrderId) -> Result<Option<InvoiceRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invoices WHERE order_id = $1 AND purpose = 'order' AND status = 'paid'"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(order_id).fetch_optional(&mut *conn).await)
}

/// The unpaid deposit that pays the rest of `target` (a second press reuses it).
pub async fn open_rest_of(
    db: &Db,
    target: &InvoiceId,
    amount: Rupiah,
) -> Result<Option<InvoiceRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invoices WHERE pays_invoice_id = $1 AND status = 'unpaid' AND total = $2 \
         ORDER BY issued_at DESC LIMIT 1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(target).bind(amount).fetch_optional(pool).await)
}

/// The customer's unpaid invoices of one purpose, newest first.
pub async fn unpaid_of(
    db: &Db,
    user_id: &UserId,
    purpose: InvoicePurpose,
    limit: i64,
) -> Result<Vec<InvoiceRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invoices WHERE user_id = $1 AND purpose = $2 AND status = 'unpaid' \
         ORDER BY issued_at DESC, sequence DESC LIMIT $3"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(user_id).bind(purpose).bind(limit).fetch_all(pool).await)
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_zero_padded_per_year() {
        assert_eq!(super::format_number(2026, 123), "INV/2026/000123");
        assert_eq!(super::format_number(2027, 1), "INV/2027/000001");
    }
}
