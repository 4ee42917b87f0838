//! Texts of the control panel.

use super::{ActionKind, ActionStatus, ServiceStatus};

crate::messages!(ServiceText {
    MyServers => ("Server saya", "My servers"),
    Servers => ("Server", "Servers"),
    NoServers => (
        "Belum ada server. Setelah pesanan dibayar, server Anda muncul di sini.",
        "No servers yet. Once an order is paid, your server shows up here."
    ),
    OrderServer => ("Pesan server", "Order a server"),
    Pages => ("Halaman", "Pages"),
    Previous => ("← Sebelumnya", "← Previous"),
    Next => ("Berikutnya →", "Next →"),
    Server => ("Server", "Server"),
    Status => ("Status", "Status"),
    Power => ("Daya", "Power"),
    Address => ("Alamat IP", "IP address"),
    Ipv4 => ("IPv4", "IPv4"),
    Ipv6 => ("IPv6", "IPv6"),
    Expires => ("Berlaku sampai", "Paid until"),
    Plan => ("Paket", "Plan"),
    Location => ("Lokasi", "Location"),
    System => ("Sistem operasi", "Operating system"),
    Specs => ("Spesifikasi", "Specifications"),
    Ssh => ("Akses SSH", "SSH access"),
    SshHint => (
        "Masuk sebagai root dengan kata sandi di bawah. Gantilah setelah masuk pertama kali, atau pasang kunci SSH.",
        "Sign in as root with the password below. Change it after the first sign-in, or install an SSH key."
    ),
    ShowPassword => ("Tampilkan kata sandi root", "Show root password"),
    ShowPasswordHint => (
        "Kata sandi root hanya ditampilkan sekali, lalu dihapus dari sistem kami. Masukkan kata sandi akun Anda untuk melihatnya.",
        "The root password is shown once, then deleted from our systems. Enter your account password to see it."
    ),
    AccountPassword => ("Kata sandi akun Anda", "Your account password"),
    PasswordShownOnce => (
        "Simpan sekarang di pengelola kata sandi Anda: kata sandi ini tidak dapat ditampilkan lagi.",
        "Save it now in your password manager: it cannot be shown again."
    ),
    PasswordGone => (
        "Kata sandi root sudah ditampilkan dan tidak lagi kami simpan. Lupa? Instal ulang server untuk mendapatkan kata sandi baru.",
        "The root password was shown and is no longer stored. Lost it? Rebuild the server to get a new one."
    ),
    RootPassword => ("Kata sandi root", "Root password"),
    Controls => ("Kendali", "Controls"),
    PowerOn => ("Nyalakan", "Power on"),
    PowerOff => ("Matikan", "Power off"),
    Reboot => ("Mulai ulang", "Reboot"),
    Rebuild => ("Instal ulang", "Rebuild"),
    RebuildHint => (
        "Menginstal ulang menghapus semua data di server dan memasang sistem operasi yang dipilih.",
        "Rebuilding erases all data on the server and installs the chosen operating system."
    ),
    Delete => ("Hapus server", "Delete server"),
    DeleteHint => (
        "Menghapus server menghapus semua datanya untuk selamanya. Sisa masa aktif tidak dikembalikan.",
        "Deleting the server erases all its data for good. Remaining paid time is not refunded."
    ),
    TypeHostname => ("Ketik nama host untuk mengonfirmasi", "Type the host name to confirm"),
    ActionRunning => ("Sedang berjalan:", "In progress:"),
    ActionFailedNote => (
        "Tindakan terakhir gagal. Tim kami telah diberi tahu; silakan coba lagi.",
        "The last action failed. Our team has been told; please try again."
    ),
    History => ("Riwayat tindakan", "Action history"),
    NoActions => ("Belum ada tindakan.", "No actions yet."),
    OrderLink => ("Lihat pesanan", "View order"),
    Live => ("Status diperbarui otomatis.", "Status updates by itself."),
    StatusActive => ("Aktif", "Active"),
    StatusSuspended => ("Ditangguhkan", "Suspended"),
    StatusTerminated => ("Dihapus", "Terminated"),
    PowerRunning => ("Menyala", "Running"),
    PowerOffState => ("Mati", "Off"),
    PowerBusy => ("Sedang memproses", "Working"),
    PowerCreating => ("Sedang disiapkan", "Being built"),
    PowerRebuilding => ("Sedang diinstal ulang", "Rebuilding"),
    PowerDeleted => ("Dihapus", "Deleted"),
    Queued => ("antre", "queued"),
    Running => ("berjalan", "running"),
    Done => ("selesai", "done"),
    Failed => ("gagal", "failed"),
    Metrics => ("Pemakaian", "Usage"),
    LastHour => ("1 jam", "1 hour"),
    LastDay => ("24 jam", "24 hours"),
    LastWeek => ("7 hari", "7 days"),
    Cpu => ("CPU", "CPU"),
    Bandwidth => ("Lalu lintas jaringan", "Network traffic"),
    DiskIo => ("I/O disk", "Disk I/O"),
    SeriesIn => ("masuk", "in"),
    SeriesOut => ("keluar", "out"),
    SeriesRead => ("baca", "read"),
    SeriesWrite => ("tulis", "write"),
    SeriesCpu => ("pemakaian", "use"),
    MetricNotOffered => ("Penyedia ini tidak menyediakan data ini.", "This provider does not report this."),
    MetricsNotOffered => ("Penyedia ini tidak menyediakan data pemakaian.", "This provider does not report usage."),
    MetricsUnavailable => (
        "Data pemakaian sedang tidak tersedia. Coba lagi sebentar lagi.",
        "Usage data is not available right now. Try again in a moment."
    ),
    OpenConsole => ("Buka konsol", "Open console"),
    Resize => ("Ubah ukuran", "Resize"),
    Upgrade => ("Tingkatkan paket", "Upgrade plan"),
    UpgradeHint => (
        "Pindah ke paket yang lebih besar di lokasi yang sama. Anda membayar selisih harga untuk sisa masa aktif; server mati beberapa menit selama proses, data dan alamat IP tetap. Disk hanya bisa diperbesar.",
        "Move to a bigger plan in the same location. You pay the price difference for the rest of the paid period; the server is off for a few minutes while it moves and keeps its data and IP address. Disks only grow."
    ),
    NoBiggerPlan => ("Tidak ada paket yang lebih besar di lokasi ini.", "There is no bigger plan in this location."),
    UpgradeTo => ("Tingkatkan", "Upgrade"),
    DueNow => ("dibayar sekarang", "due now"),
    RenewsAt => ("lalu perpanjangan", "then renews at"),
    Month => ("bulan", "month"),
    UpgradePending => ("Menunggu pembayaran untuk pindah ke", "Awaiting payment to move to"),
    PayInvoice => ("Bayar tagihan", "Pay the invoice"),
    UpgradeRunning => ("Sedang pindah ke", "Moving to"),
    UpgradeFailed => (
        "Pindah paket gagal; pembayarannya sudah dikembalikan ke saldo Anda.",
        "The move to a bigger plan failed; its payment went back to your balance."
    ),
    ConsoleHint => ("Konsol di browser dari penyedia, untuk saat SSH tidak bisa.", "The provider's browser console, for when SSH does not work."),
});

pub fn status_text(status: ServiceStatus) -> ServiceText {
    match status {
        ServiceStatus::Active => ServiceText::StatusActive,
        ServiceStatus::Suspended => ServiceText::StatusSuspended,
        ServiceStatus::Terminated => ServiceText::StatusTerminated,
    }
}

pub fn power_text(power_state: &str) -> ServiceText {
    match power_state {
        "running" => ServiceText::PowerRunning,
        "off" => ServiceText::PowerOffState,
        "creating" => ServiceText::PowerCreating,
        "rebuilding" => ServiceText::PowerRebuilding,
        "deleted" => ServiceText::PowerDeleted,
        _ => ServiceText::PowerBusy,
    }
}

pub fn action_text(kind: ActionKind) -> ServiceText {
    match kind {
        ActionKind::PowerOn => ServiceText::PowerOn,
        ActionKind::PowerOff => ServiceText::PowerOff,
        ActionKind::Reboot => ServiceText::Reboot,
        ActionKind::Rebuild => ServiceText::Rebuild,
        ActionKind::Delete => ServiceText::Delete,
        ActionKind::Resize => ServiceText::Resize,
    }
}

pub fn action_status_text(status: ActionStatus) -> ServiceText {
    match status {
        ActionStatus::Queued => ServiceText::Queued,
        ActionStatus::Running => ServiceText::Running,
        ActionStatus::Done => ServiceText::Done,
        ActionStatus::Failed => ServiceText::Failed,
    }
}
