//! Texts of the lifecycle: the service page's renewal box and the e-mails.

use super::NextStep;

crate::messages!(LifecycleText {
    Renewal => ("Perpanjangan", "Renewal"),
    NextRenewalInvoice => ("Tagihan perpanjangan terbit", "Renewal invoice issued on"),
    NextSuspension => ("Belum dibayar: server ditangguhkan pada", "Unpaid: the server is suspended on"),
    NextTermination => (
        "Server ditangguhkan. Bayar sebelum tanggal ini, atau server beserta datanya dihapus pada",
        "The server is suspended. Pay before this date, or the server and its data are deleted on"
    ),
    Terminating => ("Server sedang dihapus.", "The server is being deleted."),
    SuspendedUnpaid => (
        "Server ditangguhkan karena tagihan perpanjangan belum dibayar. Data Anda tetap tersimpan; setelah dibayar server langsung aktif kembali.",
        "The server is suspended because its renewal invoice is unpaid. Your data is kept; once paid, the server is back right away."
    ),
    SuspendedByStaff => (
        "Server ditangguhkan oleh tim kami. Hubungi dukungan untuk informasi lebih lanjut.",
        "The server was suspended by our team. Contact support for details."
    ),
    OpenInvoice => ("Tagihan perpanjangan", "Renewal invoice"),
    DueOn => ("jatuh tempo", "due"),
    RenewNow => ("Perpanjang sekarang", "Renew now"),
    ViewInvoice => ("Lihat tagihan", "View invoice"),
    // E-mails
    Greeting => ("Halo", "Hello"),
    ReminderSubject => ("Tagihan perpanjangan server Anda", "Your server's renewal invoice"),
    ReminderIntro => (
        "Masa aktif server berikut segera berakhir. Bayar tagihan perpanjangan agar server tetap berjalan:",
        "The following server runs out soon. Pay its renewal invoice to keep it running:"
    ),
    DaysLeft => ("Sisa hari sebelum berakhir:", "Days left before it runs out:"),
    SuspendedSubject => ("Server Anda ditangguhkan", "Your server is suspended"),
    SuspendedIntro => (
        "Server berikut telah ditangguhkan dan dimatikan karena tagihan perpanjangannya belum dibayar. Data Anda tetap tersimpan:",
        "The following server has been suspended and powered off because its renewal invoice is unpaid. Your data is kept:"
    ),
    TerminatedSubject => ("Server Anda dihapus", "Your server has been deleted"),
    TerminatedIntro => (
        "Server berikut dihapus karena tagihan perpanjangannya tidak dibayar hingga akhir masa tenggang:",
        "The following server was deleted because its renewal invoice was not paid by the end of the grace period:"
    ),
    PayButton => ("Bayar sekarang", "Pay now"),
    OpenServer => ("Buka server", "Open the server"),
    InvoiceLine => ("Tagihan", "Invoice"),
    SuspendOnLine => ("Tanpa pembayaran, server ditangguhkan pada", "Without payment, the server is suspended on"),
    TerminateOnLine => ("Tanpa pembayaran, server dihapus pada", "Without payment, the server is deleted on"),
    Signature => ("Salam,\nTim WeBrana Cloud", "Regards,\nThe WeBrana Cloud team"),
});

pub fn next_step_text(step: NextStep) -> LifecycleText {
    match step {
        NextStep::RenewalInvoice => LifecycleText::NextRenewalInvoice,
        NextStep::Suspension => LifecycleText::NextSuspension,
        NextStep::Termination => LifecycleText::NextTermination,
        NextStep::Terminating => LifecycleText::Terminating,
    }
}
