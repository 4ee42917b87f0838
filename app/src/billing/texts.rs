//! Texts of invoices.

use super::InvoiceStatus;

crate::messages!(BillingText {
    MyInvoices => ("Invoice saya", "My invoices"),
    NoInvoices => ("Belum ada invoice.", "No invoices yet."),
    Invoice => ("Invoice", "Invoice"),
    Number => ("Nomor", "Number"),
    Issued => ("Tanggal terbit", "Issued"),
    Due => ("Jatuh tempo", "Due"),
    PaidAt => ("Dibayar", "Paid"),
    BillTo => ("Ditagihkan kepada", "Bill to"),
    From => ("Dari", "From"),
    Description => ("Deskripsi", "Description"),
    Quantity => ("Jml", "Qty"),
    UnitPrice => ("Harga satuan", "Unit price"),
    Amount => ("Jumlah", "Amount"),
    Subtotal => ("Subtotal", "Subtotal"),
    Vat => ("PPN", "VAT"),
    Total => ("Total", "Total"),
    Print => ("Cetak", "Print"),
    DownloadPdf => ("Unduh PDF", "Download PDF"),
    Payments => ("Pembayaran", "Payments"),
    VoidReason => ("Dibatalkan karena", "Voided because"),
    ViewOrder => ("Lihat pesanan", "View order"),
    StatusUnpaid => ("Belum dibayar", "Unpaid"),
    StatusPaid => ("Lunas", "Paid"),
    StatusVoid => ("Batal", "Void"),
    CreditNote => ("Nota kredit", "Credit note"),
    RefundedToWallet => ("dikembalikan ke saldo", "refunded to the balance"),
    RefundedAtGateway => ("dikembalikan melalui gateway pembayaran", "refunded through the payment gateway"),
});

/// A credit note in one line, as the invoice page and its PDF print it:
/// "CN/2026/000001 · 2026-12-04 10:00 UTC · Rp 166.500 refunded to the balance · reason".
pub fn credit_note_line(note: &super::CreditNote, lang: crate::i18n::Lang) -> String {
    let method = match note.method {
        super::RefundMethod::Wallet => BillingText::RefundedToWallet,
        super::RefundMethod::Gateway => BillingText::RefundedAtGateway,
    };
    let reference = if note.reference.is_empty() {
        String::new()
    } else {
        format!(" ({})", note.reference)
    };
    format!(
        "{} · {} UTC · {} {}{reference} · {}",
        note.number,
        crate::ui::short_time(&note.issued_at),
        crate::money::format_idr(note.amount),
        method.text(lang),
        note.reason
    )
}

pub fn invoice_status_text(status: InvoiceStatus) -> BillingText {
    match status {
        InvoiceStatus::Unpaid => BillingText::StatusUnpaid,
        InvoiceStatus::Paid => BillingText::StatusPaid,
        InvoiceStatus::Void => BillingText::StatusVoid,
    }
}
