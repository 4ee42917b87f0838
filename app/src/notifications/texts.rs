//! Texts of the notifications: the bell, the inbox page, the preferences and the e-mails.

use super::{Channel, NotificationKind};

crate::messages!(NotificationText {
    Notifications => ("Notifikasi", "Notifications"),
    OpenNotifications => ("Buka notifikasi", "Open notifications"),
    UnreadSuffix => ("belum dibaca", "unread"),
    MarkAllRead => ("Tandai semua dibaca", "Mark all read"),
    MarkRead => ("Tandai dibaca", "Mark read"),
    Delete => ("Hapus", "Delete"),
    SeeAll => ("Lihat semua notifikasi", "See all notifications"),
    Empty => ("Belum ada notifikasi.", "No notifications yet."),
    EmptyFiltered => ("Tidak ada notifikasi yang cocok.", "No notifications match."),
    Loading => ("Memuat…", "Loading…"),
    LoadMore => ("Muat lebih banyak", "Load more"),
    All => ("Semua", "All"),
    UnreadOnly => ("Belum dibaca", "Unread"),
    AllTypes => ("Semua jenis", "All types"),
    Type => ("Jenis", "Type"),
    Live => ("Terhubung", "Live"),
    Connecting => ("Menghubungkan…", "Connecting…"),
    Offline => ("Terputus — mencoba lagi", "Offline — retrying"),
    Preferences => ("Pengaturan notifikasi", "Notification settings"),
    ApiKeys => ("Kunci API", "API keys"),
    PreferencesIntro => (
        "Pilih lewat saluran mana Anda ingin diberi tahu. Peringatan keamanan selalu muncul di aplikasi.",
        "Choose where you want to hear about each kind of event. Security alerts always appear in the app."
    ),
    InApp => ("Aplikasi", "In app"),
    Email => ("E-mail", "E-mail"),
    Telegram => ("Telegram", "Telegram"),
    Save => ("Simpan", "Save"),
    QuietHours => ("Jam tenang", "Quiet hours"),
    QuietHoursIntro => (
        "E-mail dan Telegram pada jam ini ditahan sampai jam tenang berakhir (WIB). Kosongkan untuk mematikan.",
        "E-mail and Telegram messages in these hours wait until they end (WIB). Leave empty to turn off."
    ),
    QuietFrom => ("Dari", "From"),
    QuietUntil => ("Sampai", "Until"),
    TelegramIntro => (
        "Hubungkan Telegram: kirim kode ini ke bot kami, atau masukkan chat ID Anda dan konfirmasi dengan kode yang dikirim bot.",
        "Link Telegram: send this code to our bot, or enter your chat ID and confirm it with the code the bot sends."
    ),
    TelegramLinked => ("Telegram terhubung.", "Telegram linked."),
    TelegramNotConfigured => ("Telegram belum tersedia.", "Telegram is not available yet."),
    TelegramUnlink => ("Putuskan Telegram", "Unlink Telegram"),
    TelegramMakeCode => ("Buat kode", "Create code"),
    TelegramOpenBot => ("Buka bot", "Open the bot"),
    TelegramChatId => ("Chat ID", "Chat ID"),
    TelegramSendTest => ("Kirim pesan uji", "Send test message"),
    TelegramCode => ("Kode dari bot", "Code from the bot"),
    TelegramConfirm => ("Konfirmasi", "Confirm"),
    TelegramCodeSent => ("Kode dikirim ke chat Telegram Anda.", "A code was sent to your Telegram chat."),
    Unsubscribe => ("Berhenti berlangganan", "Unsubscribe"),
    UnsubscribeConfirm => ("Berhenti menerima e-mail jenis ini:", "Stop receiving e-mails of this kind:"),
    Unsubscribed => (
        "Selesai. Anda tidak lagi menerima e-mail jenis ini. Ubah kapan saja di pengaturan notifikasi.",
        "Done. You no longer receive e-mails of this kind. Change it any time in your notification settings."
    ),
    UnsubscribeInvalid => ("Tautan berhenti berlangganan tidak valid.", "This unsubscribe link is not valid."),
    // E-mails and Telegram
    Greeting => ("Halo", "Hello"),
    Open => ("Buka", "Open"),
    Close => ("Tutup", "Close"),
    WhyThisMail => (
        "Anda menerima e-mail ini karena memilihnya di pengaturan notifikasi WeBrana Cloud.",
        "You get this e-mail because you chose it in your WeBrana Cloud notification settings."
    ),
    UnsubscribeLine => ("Berhenti menerima e-mail jenis ini:", "Stop e-mails of this kind:"),
    Signature => ("Salam,\nTim WeBrana Cloud", "Regards,\nThe WeBrana Cloud team"),
    TelegramTestMessage => (
        "WeBrana Cloud: kode konfirmasi Anda adalah",
        "WeBrana Cloud: your confirmation code is"
    ),
    TelegramLinkedMessage => (
        "WeBrana Cloud: Telegram terhubung. Notifikasi akan dikirim ke sini.",
        "WeBrana Cloud: Telegram linked. Notifications will be sent here."
    ),
});

/// The name of a type, for filters and the preferences table.
pub fn kind_text(kind: NotificationKind) -> (&'static str, &'static str) {
    match kind {
        NotificationKind::OrderCreated => ("Pesanan dibuat", "Order placed"),
        NotificationKind::PaymentConfirmed => ("Pembayaran diterima", "Payment received"),
        NotificationKind::VpsActive => ("Server aktif", "Server up"),
        NotificationKind::ProvisioningFailed => ("Pembuatan server gagal", "Server build failed"),
        NotificationKind::VpsExpiring => ("Server segera berakhir", "Server running out"),
        NotificationKind::VpsSuspended => ("Server ditangguhkan", "Server suspended"),
        NotificationKind::VpsTerminated => ("Server dihapus", "Server deleted"),
        NotificationKind::InvoiceDue => ("Tagihan terbit", "Invoice due"),
        NotificationKind::WalletDeposit => ("Saldo bertambah", "Wallet top-up"),
        NotificationKind::RefundIssued => ("Pengembalian dana", "Refunds"),
        NotificationKind::SecurityAlert => ("Peringatan keamanan", "Security alert"),
        NotificationKind::SystemAnnouncement => ("Pengumuman", "Announcement"),
    }
}

pub fn channel_text(channel: Channel) -> NotificationText {
    match channel {
        Channel::InApp => NotificationText::InApp,
        Channel::Email => NotificationText::Email,
        Channel::Telegram => NotificationText::Telegram,
    }
}
