//! Texts of the wallet page.

use super::LedgerKind;

crate::messages!(WalletText {
    Title => ("Saldo", "Balance"),
    Balance => ("Saldo Anda", "Your balance"),
    BalanceHelp => (
        "Saldo dipakai untuk membayar tagihan, dan tagihan perpanjangan dibayar otomatis dari saldo bila cukup.",
        "Your balance pays invoices, and renewal invoices are paid from it automatically when it covers them."
    ),
    History => ("Riwayat saldo", "Balance history"),
    All => ("Semua", "All"),
    Date => ("Tanggal", "Date"),
    Kind => ("Jenis", "Type"),
    Description => ("Keterangan", "Description"),
    Amount => ("Jumlah", "Amount"),
    BalanceAfter => ("Saldo akhir", "Balance after"),
    NoLines => ("Belum ada riwayat saldo.", "No balance history yet."),
    DownloadCsv => ("Unduh CSV", "Download CSV"),
    Deposit => ("Isi saldo", "Top-up"),
    DepositLine => ("Isi saldo WeBrana Cloud", "WeBrana Cloud balance top-up"),
    TopUp => ("Isi saldo", "Top up"),
    TopUpAmount => ("Jumlah (Rp)", "Amount (Rp)"),
    TopUpLimits => ("Minimal dan maksimal sekali isi:", "Smallest and largest top-up:"),
    OpenDeposits => ("Menunggu pembayaran", "Waiting for payment"),
    AutopayOn => (
        "Tagihan perpanjangan dibayar otomatis dari saldo bila saldo mencukupi.",
        "Renewal invoices are paid from your balance automatically when it covers them."
    ),
    AutopayOff => (
        "Tagihan perpanjangan tidak dibayar otomatis dari saldo.",
        "Renewal invoices are not paid from your balance automatically."
    ),
    AutopayTurnOff => ("Matikan", "Turn off"),
    AutopayTurnOn => ("Aktifkan", "Turn on"),
    BonusesRunning => ("Bonus isi saldo", "Top-up bonuses"),
    BonusUpTo => ("maks.", "up to"),
    BonusFrom => ("untuk isi saldo mulai", "on top-ups from"),
    BonusUntil => ("berlaku sampai", "until"),
    BonusHow => (
        "Bonus masuk ke saldo sebagai baris tersendiri begitu pembayaran isi saldo diterima.",
        "The bonus reaches your balance as its own line as soon as the top-up is paid."
    ),
    Payment => ("Pembayaran", "Payment"),
    Refund => ("Pengembalian dana", "Refund"),
    Bonus => ("Bonus", "Bonus"),
    Adjustment => ("Penyesuaian", "Adjustment"),
});

/// The name of a kind of ledger line.
pub fn kind_text(kind: LedgerKind) -> WalletText {
    match kind {
        LedgerKind::Deposit => WalletText::Deposit,
        LedgerKind::Payment => WalletText::Payment,
        LedgerKind::Refund => WalletText::Refund,
        LedgerKind::Bonus => WalletText::Bonus,
        LedgerKind::Adjustment => WalletText::Adjustment,
    }
}
