//! Messages forms show: field-error codes sent by the server (`AppError::Validation`) and
//! the form-level text for every other error.

crate::messages!(FormText {
    // Field errors: the server sends the key (e.g. "EmailInvalid") for a field.
    Required => ("Wajib diisi.", "Required."),
    NameTooLong => ("Maksimal 100 karakter.", "At most 100 characters."),
    EmailInvalid => ("Alamat e-mail tidak valid.", "Not a valid e-mail address."),
    EmailUnchanged => ("Ini sudah alamat e-mail Anda.", "This is already your e-mail address."),
    PhoneInvalid => ("Nomor telepon tidak valid.", "Not a valid phone number."),
    TooLong => ("Terlalu panjang.", "Too long."),
    ChoiceInvalid => ("Pilihan tidak valid.", "Not one of the choices."),
    ScopesRequired => ("Pilih akses untuk setidaknya satu area.", "Choose access for at least one area."),
    HasActiveServices => (
        "Akun dengan layanan aktif tidak dapat dihapus. Hentikan layanan Anda terlebih dahulu.",
        "An account with active services cannot be deleted. End your services first."
    ),
    ConfirmEmailMismatch => (
        "Ketik alamat e-mail akun Anda persis untuk mengonfirmasi.",
        "Type your account's e-mail address exactly to confirm."
    ),
    EmailTaken => (
        "Alamat e-mail ini sudah terdaftar. Silakan masuk atau atur ulang kata sandi.",
        "This e-mail address is already registered. Sign in or reset your password."
    ),
    PasswordTooShort => ("Kata sandi minimal 10 karakter.", "The password needs at least 10 characters."),
    PasswordTooLong => ("Kata sandi maksimal 128 karakter.", "The password may have at most 128 characters."),
    PasswordTooCommon => (
        "Kata sandi ini termasuk yang paling sering dipakai. Pilih yang lain.",
        "This is one of the most common passwords. Choose another."
    ),
    PasswordTooWeak => (
        "Kata sandi terlalu mudah ditebak (kata umum, pola, atau data pribadi). Coba gabungan beberapa kata.",
        "The password is too easy to guess (common word, pattern or personal data). Try several words together."
    ),
    PasswordMismatch => ("Kedua kata sandi tidak sama.", "The two passwords do not match."),
    CurrentPasswordWrong => ("Kata sandi saat ini salah.", "The current password is wrong."),
    EnrolmentLinkInvalid => (
        "Tautan aktivasi 2FA tidak berlaku, sudah dipakai, atau kedaluwarsa. Minta tautan baru.",
        "The 2FA enrolment link is invalid, used or expired. Ask for a new one."
    ),
    PasswordOrCodeWrong => ("Kata sandi atau kode salah.", "Wrong password or code."),
    TermsRequired => (
        "Anda perlu menyetujui syarat dan ketentuan.",
        "You need to accept the terms of service."
    ),
    CodeInvalid => (
        "Kode salah atau sudah dipakai. Masukkan kode terbaru dari aplikasi autentikator, atau kode pemulihan.",
        "Wrong or already used code. Enter the latest code from your authenticator app, or a recovery code."
    ),
    TokenInvalid => (
        "Tautan ini tidak valid, sudah dipakai, atau kedaluwarsa. Mintalah tautan baru.",
        "This link is invalid, already used or expired. Ask for a new one."
    ),
    // Form-level messages.
    FixFields => ("Periksa kembali isian yang ditandai.", "Please correct the marked fields."),
    Saved => ("Tersimpan.", "Saved."),
    WrongCredentials => ("E-mail atau kata sandi salah.", "Wrong e-mail or password."),
    AccountLocked => (
        "Terlalu banyak percobaan gagal. Untuk keamanan, masuk dengan alamat ini dikunci selama 15 menit.",
        "Too many failed attempts. For your security, signing in with this address is locked for 15 minutes."
    ),
    AccountSuspended => (
        "Akun ini ditangguhkan. Hubungi dukungan pelanggan.",
        "This account is suspended. Please contact support."
    ),
    RateLimited => (
        "Terlalu banyak permintaan dari jaringan Anda. Tunggu sebentar lalu coba lagi.",
        "Too many requests from your network. Wait a moment and try again."
    ),
    SignInRequired => ("Silakan masuk terlebih dahulu.", "Please sign in first."),
    NotAllowed => ("Anda tidak memiliki akses untuk tindakan ini.", "You are not allowed to do this."),
    EmailNotVerified => (
        "Konfirmasi alamat e-mail Anda terlebih dahulu.",
        "Please confirm your e-mail address first."
    ),
    TwoFactorRequired => (
        "Aktifkan autentikasi dua faktor terlebih dahulu (Akun › Keamanan).",
        "Turn on two-factor authentication first (Account › Security)."
    ),
    CannotChangeOwnAccount => (
        "Anda tidak dapat mengubah peran atau status akun Anda sendiri.",
        "You cannot change the role or status of your own account."
    ),
    NotFound => ("Data tidak ditemukan.", "Not found."),
    Conflict => ("Data telah berubah. Muat ulang halaman lalu coba lagi.", "The data changed. Reload and try again."),
    Failed => (
        "Terjadi kesalahan. Silakan coba lagi.",
        "Something went wrong. Please try again."
    ),
    // Ordering.
    PlanRequired => ("Pilih paket.", "Choose a plan."),
    RegionUnavailable => (
        "Paket ini tidak tersedia di lokasi tersebut. Pilih lokasi lain.",
        "This plan is not available in that location. Choose another one."
    ),
    ImageRequired => ("Pilih sistem operasi.", "Choose an operating system."),
    HostnameInvalid => (
        "Gunakan 1–63 huruf kecil, angka atau tanda hubung, tidak diawali atau diakhiri tanda hubung.",
        "Use 1–63 lowercase letters, digits or hyphens, not starting or ending with a hyphen."
    ),
    CycleInvalid => ("Pilih periode tagihan.", "Choose a billing cycle."),
    PromoUnknown => ("Kode promo tidak dikenal.", "Unknown promo code."),
    PromoNotYetValid => ("Kode promo ini belum berlaku.", "This promo code is not valid yet."),
    PromoExpired => ("Kode promo ini sudah kedaluwarsa.", "This promo code has expired."),
    PromoUsedUp => ("Kuota kode promo ini sudah habis.", "This promo code has been used up."),
    PromoUsedUpForYou => (
        "Anda sudah memakai kode promo ini sebanyak yang diizinkan.",
        "You have used this promo code as often as allowed."
    ),
    PromoNotApplicable => (
        "Kode promo ini tidak berlaku untuk paket, penyedia atau periode yang dipilih.",
        "This promo code does not apply to the chosen plan, provider or billing cycle."
    ),
    PromoMinimumNotReached => (
        "Total pesanan belum mencapai minimum untuk kode promo ini.",
        "The order total is below this promo code's minimum."
    ),
    PromoFirstOrderOnly => (
        "Kode promo ini hanya untuk pesanan pertama.",
        "This promo code is for first orders only."
    ),
    WalletInsufficient => (
        "Saldo tidak cukup untuk membayar tagihan ini. Isi saldo atau pilih metode lain.",
        "Your balance does not cover this invoice. Top it up or choose another method."
    ),
    PaymentUnavailable => (
        "Pembayaran online belum tersedia. Hubungi dukungan untuk membayar tagihan ini.",
        "Online payment is not available yet. Contact support to pay this invoice."
    ),
    DepositOutOfRange => (
        "Jumlah isi saldo di luar batas yang diizinkan.",
        "The top-up amount is outside the allowed range."
    ),
    TooManyOpenDeposits => (
        "Bayar atau tunggu isi saldo yang masih terbuka sebelum membuat yang baru.",
        "Pay or wait for your open top-ups before starting another."
    ),
    GatewayUnavailable => (
        "Layanan pembayaran sedang tidak dapat dihubungi. Coba lagi sebentar lagi atau pilih metode lain.",
        "The payment service cannot be reached right now. Try again shortly or choose another method."
    ),
    OrderNotPayable => (
        "Pesanan ini tidak dapat dibayar atau dibatalkan lagi.",
        "This order can no longer be paid or cancelled."
    ),
    OrderNotRefundable => (
        "Pesanan ini tidak dapat dikembalikan dananya: belum dibayar, sudah dikembalikan, atau servernya sedang/sudah dibuat.",
        "This order cannot be refunded: it is unpaid, already refunded, or its server is being or was built."
    ),
    RefundNotByApi => (
        "Pembayaran ini tidak dapat dikembalikan lewat API gateway (dibayar dengan saldo, oleh staf, atau di gateway tanpa API refund). Kembalikan secara manual lalu catat referensinya.",
        "This payment cannot be refunded through a gateway's API (paid from the balance, by staff, or at a gateway without a refund API). Refund it by hand and record the reference."
    ),
    GatewayRefundFailed => (
        "Gateway belum mengembalikan dana. Coba lagi sebentar lagi; permintaan yang sama tidak mengembalikan dana dua kali.",
        "The gateway did not refund. Try again shortly; asking again never refunds twice."
    ),
    ReferenceRequired => ("Isi nomor referensi transfer.", "Enter the transfer reference."),
    ReferenceUsed => (
        "Referensi transfer ini sudah pernah dicatat.",
        "This transfer reference has been recorded before."
    ),
    NumberInvalid => ("Masukkan bilangan bulat yang valid.", "Enter a valid whole number."),
    PercentInvalid => ("Masukkan persen antara 0 dan 100.", "Enter a percentage from 0 to 100."),
    DateInvalid => ("Masukkan tanggal yang valid (TTTT-BB-HH).", "Enter a valid date (YYYY-MM-DD)."),
    SlugInvalid => (
        "Gunakan huruf kecil, angka dan tanda hubung.",
        "Use lower-case letters, digits and hyphens."
    ),
    PlanExists => (
        "Penyedia ini sudah memiliki paket dengan kode ukuran tersebut.",
        "This provider already has a plan with that size code."
    ),
    PromoCodeInvalid => (
        "Kode promo: 3–32 huruf besar, angka, tanda hubung.",
        "Promo code: 3–32 capital letters, digits, hyphens."
    ),
    PromoCodeTaken => ("Kode promo ini sudah ada.", "This promo code exists already."),
    ActionNotAllowed => (
        "Tindakan ini tidak tersedia untuk server dalam keadaannya sekarang.",
        "This action is not available for the server in its current state."
    ),
    ActionInProgress => (
        "Tindakan lain sedang berjalan pada server ini. Tunggu sampai selesai.",
        "Another action is running on this server. Wait until it has finished."
    ),
    ConfirmHostname => (
        "Ketik nama host server persis untuk mengonfirmasi.",
        "Type the server's host name exactly to confirm."
    ),
    ChooseImage => ("Pilih sistem operasi yang tersedia.", "Choose an available operating system."),
    ChooseBiggerPlan => (
        "Pilih salah satu paket lebih besar yang ditawarkan untuk server ini.",
        "Choose one of the bigger plans offered for this server."
    ),
    PayRenewalFirst => (
        "Bayar dulu tagihan perpanjangan server ini; setelah itu paket bisa ditingkatkan untuk periode barunya.",
        "Pay this server's renewal invoice first; then its plan can be upgraded for the new period."
    ),
    UpgradeInProgress => (
        "Server ini sedang dipindahkan ke paket lain. Tunggu sampai selesai.",
        "This server is being moved to another plan. Wait until it has finished."
    ),
    ReasonRequired => ("Tuliskan alasannya.", "Give the reason."),
    LinkInvalid => (
        "Tautan harus diawali / (halaman kami) atau https://.",
        "A link starts with / (one of our pages) or https://."
    ),
    ProviderRequired => ("Pilih penyedia.", "Choose a provider."),
    TimeOfDay => ("Tulis jam sebagai JJ:MM, misalnya 22:00.", "Write the time as HH:MM, e.g. 22:00."),
    TelegramChatId => ("Chat ID Telegram berupa angka.", "A Telegram chat ID is a number."),
    TelegramCodeInvalid => (
        "Kode salah atau kedaluwarsa. Kirim pesan uji lagi untuk kode baru.",
        "Wrong or expired code. Send another test message for a new code."
    ),
    TelegramUnreachable => (
        "Bot tidak dapat mengirim pesan ke chat ini. Mulai dulu percakapan dengan bot, lalu coba lagi.",
        "The bot cannot message this chat. Start a conversation with the bot first, then try again."
    ),
});
