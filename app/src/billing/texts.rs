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
});

pub fn invoice_status_text(status: InvoiceStatus) -> BillingText {
    match status {
        InvoiceStatus::Unpaid => BillingText::StatusUnpaid,
        InvoiceStatus::Paid => BillingText::StatusPaid,
        InvoiceStatus::Void => BillingText::StatusVoid,
    }
}
