//! Texts of ordering: the wizard, order lists and order pages.

use super::OrderStatus;

crate::messages!(OrderText {
    WizardTitle => ("Pesan VPS", "Order a VPS"),
    StepProvider => ("1. Penyedia", "1. Provider"),
    StepPlan => ("2. Paket", "2. Plan"),
    StepRegion => ("3. Lokasi", "3. Location"),
    StepImage => ("4. Sistem operasi", "4. Operating system"),
    StepHostname => ("5. Nama host", "5. Host name"),
    StepCycle => ("6. Periode tagihan", "6. Billing cycle"),
    StepPromo => ("7. Kode promo (opsional)", "7. Promo code (optional)"),
    Choose => ("Pilih…", "Choose…"),
    HostnameHint => ("Contoh: web-01. Huruf kecil, angka dan tanda hubung.", "For example: web-01. Lowercase letters, digits and hyphens."),
    Months1 => ("1 bulan", "1 month"),
    Months3 => ("3 bulan", "3 months"),
    Months6 => ("6 bulan", "6 months"),
    Months12 => ("12 bulan", "12 months"),
    Discount => ("hemat", "save"),
    UpdateSummary => ("Perbarui ringkasan", "Update summary"),
    Summary => ("Ringkasan", "Summary"),
    Subtotal => ("Subtotal", "Subtotal"),
    CycleDiscount => ("Diskon periode", "Billing cycle discount"),
    PromoDiscount => ("Diskon promo", "Promo discount"),
    Taxable => ("Dasar pengenaan pajak", "Taxable amount"),
    Vat => ("PPN", "VAT"),
    Total => ("Total", "Total"),
    Confirm => ("Konfirmasi pesanan", "Confirm order"),
    SignInToOrder => ("Daftar untuk memesan", "Sign up to order"),
    HaveAccountSignIn => ("Sudah punya akun? Masuk", "Have an account? Sign in"),
    VerifyToOrder => (
        "Konfirmasi alamat e-mail Anda dulu (cek kotak masuk) sebelum memesan.",
        "Confirm your e-mail address first (check your inbox) before ordering."
    ),
    ChooseToSeePrice => ("Pilih paket, lokasi dan sistem operasi untuk melihat harga.", "Choose a plan, location and operating system to see the price."),
    MyOrders => ("Pesanan saya", "My orders"),
    NoOrders => ("Belum ada pesanan.", "No orders yet."),
    OrderNow => ("Pesan VPS", "Order a VPS"),
    Order => ("Pesanan", "Order"),
    Status => ("Status", "Status"),
    Hostname => ("Nama host", "Host name"),
    Plan => ("Paket", "Plan"),
    Location => ("Lokasi", "Location"),
    Image => ("Sistem operasi", "Operating system"),
    Cycle => ("Periode", "Billing cycle"),
    Created => ("Dibuat", "Created"),
    Invoice => ("Invoice", "Invoice"),
    AllStatuses => ("Semua status", "All statuses"),
    Filter => ("Saring", "Filter"),
    Timeline => ("Riwayat", "Timeline"),
    PayBefore => ("Bayar sebelum", "Pay before"),
    CancelOrder => ("Batalkan pesanan", "Cancel order"),
    ConfirmCancel => ("Yakin membatalkan pesanan ini?", "Cancel this order?"),
    WaitingForPayment => (
        "Menunggu konfirmasi pembayaran dari gateway… Halaman ini diperbarui otomatis.",
        "Waiting for the gateway to confirm the payment… This page updates by itself."
    ),
    ActorYou => ("Anda", "You"),
    ActorStaff => ("Tim WeBrana", "WeBrana team"),
    ActorSystem => ("Sistem", "System"),
    EventCreated => ("Pesanan dibuat", "Order placed"),
    EventNote => ("Catatan", "Note"),
    StatusPendingPayment => ("Menunggu pembayaran", "Awaiting payment"),
    StatusPaid => ("Dibayar", "Paid"),
    StatusProvisioning => ("Sedang disiapkan", "Provisioning"),
    StatusActive => ("Aktif", "Active"),
    StatusProvisioningFailed => ("Gagal disiapkan", "Provisioning failed"),
    StatusCancelled => ("Dibatalkan", "Cancelled"),
    StatusExpired => ("Kedaluwarsa", "Expired"),
    ProvisioningUnderway => (
        "Pembayaran diterima. Server Anda sedang disiapkan; halaman ini diperbarui sendiri.",
        "Payment received. Your server is being set up; this page updates by itself."
    ),
    ProvisioningFailedNote => (
        "Server Anda belum berhasil dibuat. Tim kami sudah diberi tahu dan akan mencobanya lagi; Anda tidak perlu membayar ulang.",
        "Your server could not be created yet. Our team has been told and will try again; you do not need to pay again."
    ),
    ServerReady => ("Server Anda aktif", "Your server is up"),
    ManageServer => ("Kelola server", "Manage server"),
    Ipv4 => ("IPv4", "IPv4"),
    Ipv6 => ("IPv6", "IPv6"),
});

pub fn status_text(status: OrderStatus) -> OrderText {
    match status {
        OrderStatus::PendingPayment => OrderText::StatusPendingPayment,
        OrderStatus::Paid => OrderText::StatusPaid,
        OrderStatus::Provisioning => OrderText::StatusProvisioning,
        OrderStatus::Active => OrderText::StatusActive,
        OrderStatus::ProvisioningFailed => OrderText::StatusProvisioningFailed,
        OrderStatus::Cancelled => OrderText::StatusCancelled,
        OrderStatus::Expired => OrderText::StatusExpired,
    }
}

pub fn cycle_text(months: i32) -> OrderText {
    match months {
        3 => OrderText::Months3,
        6 => OrderText::Months6,
        12 => OrderText::Months12,
        _ => OrderText::Months1,
    }
}
