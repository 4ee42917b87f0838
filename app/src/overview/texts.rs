//! Texts of the customer's overview.

crate::messages!(OverviewText {
    ToPay => ("Perlu dibayar", "To pay"),
    NothingToPay => ("Tidak ada tagihan yang belum dibayar.", "No unpaid invoices."),
    MoreToPay => ("tagihan lain belum dibayar", "more unpaid invoices"),
    AllInvoices => ("Semua tagihan", "All invoices"),
    ForOrder => ("Pesanan", "Order"),
    ForRenewal => ("Perpanjangan", "Renewal"),
    ForUpgrade => ("Pindah paket", "Plan change"),
    Due => ("jatuh tempo", "due"),
    Pay => ("Bayar", "Pay"),
    Balance => ("Saldo", "Balance"),
    TopUp => ("Isi saldo", "Top up"),
    Ledger => ("Riwayat saldo", "Balance history"),
    Latest => ("Notifikasi terbaru", "Latest notifications"),
    Unread => ("belum dibaca", "unread"),
    NoNotifications => ("Belum ada notifikasi.", "No notifications yet."),
    AllNotifications => ("Semua notifikasi", "All notifications"),
});
