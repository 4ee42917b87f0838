//! Texts of the account pages.

crate::messages!(AuthText {
    ApiKeys => ("Kunci API", "API keys"),
    ApiKeysIntro => (
        "Program Anda mengirim kunci API sebagai header Authorization: Bearer untuk memakai REST API atas nama Anda, hanya sebatas akses yang Anda pilih. Perlakukan seperti kata sandi.",
        "Your programs send an API key as an Authorization: Bearer header to use the REST API as you, limited to the access you choose. Treat it like a password."
    ),
    ApiDocsLink => ("Dokumentasi API", "API documentation"),
    ApiKeyAccess => ("Akses", "Access"),
    ApiAccessNone => ("Tidak ada", "None"),
    ApiAccessRead => ("Baca", "Read"),
    ApiAccessWrite => ("Baca & ubah", "Read & change"),
    ApiAreaCatalog => ("Katalog", "Catalog"),
    ApiAreaOrders => ("Pesanan", "Orders"),
    ApiAreaBilling => ("Tagihan & pembayaran", "Billing & payments"),
    ApiAreaServices => ("Layanan (server)", "Services (servers)"),
    ApiAreaNotifications => ("Notifikasi", "Notifications"),
    ApiKeyExpiry => ("Berlaku", "Valid for"),
    ApiKeyNoExpiry => ("Sampai dicabut", "Until revoked"),
    ApiKeyDays30 => ("30 hari", "30 days"),
    ApiKeyDays90 => ("90 hari", "90 days"),
    ApiKeyDays365 => ("1 tahun", "1 year"),
    ApiKeyExpires => ("berlaku sampai", "expires"),
    ApiKeyExpired => ("kedaluwarsa", "expired"),
    ApiKeyFrom => ("dari", "from"),
    ApiKeyName => ("Nama kunci", "Key name"),
    ApiKeyCreate => ("Buat kunci", "Create key"),
    ApiKeyShownOnce => ("Salin sekarang: kunci ini hanya ditampilkan sekali.", "Copy it now: this key is shown only once."),
    ApiKeyLastUsed => ("terakhir dipakai", "last used"),
    ApiKeyRevoke => ("Cabut", "Revoke"),
    LoginTitle => ("Masuk", "Sign in"),
    LoginLead => ("Masuk untuk mengelola server Anda.", "Sign in to manage your servers."),
    Name => ("Nama lengkap", "Full name"),
    Email => ("E-mail", "E-mail"),
    Password => ("Kata sandi", "Password"),
    NewPassword => ("Kata sandi baru", "New password"),
    ConfirmPassword => ("Ulangi kata sandi baru", "Repeat the new password"),
    PasswordHint => (
        "Minimal 10 karakter. Gabungan beberapa kata yang tidak umum paling mudah diingat dan sulit ditebak.",
        "At least 10 characters. A few uncommon words together are easy to remember and hard to guess."
    ),
    RememberMe => ("Ingat saya di perangkat ini", "Remember me on this device"),
    SignIn => ("Masuk", "Sign in"),
    SignOut => ("Keluar", "Sign out"),
    NoAccount => ("Belum punya akun?", "No account yet?"),
    CreateAccount => ("Buat akun", "Create an account"),
    ForgotPasswordLink => ("Lupa kata sandi?", "Forgot your password?"),
    PasswordWasReset => (
        "Kata sandi Anda telah diganti dan sesi lain telah dikeluarkan. Silakan masuk dengan kata sandi baru.",
        "Your password was changed and other sessions were signed out. Sign in with the new password."
    ),
    SignupTitle => ("Buat akun", "Create an account"),
    SignupLead => (
        "Daftar gratis, lalu pesan VPS dalam hitungan menit.",
        "Sign up for free, then order a VPS in minutes."
    ),
    AcceptTerms => (
        "Saya menyetujui syarat dan ketentuan serta kebijakan privasi WeBrana Cloud.",
        "I accept the WeBrana Cloud terms of service and privacy policy."
    ),
    HaveAccount => ("Sudah punya akun?", "Already have an account?"),
    VerifyTitle => ("Konfirmasi e-mail", "Confirm e-mail"),
    VerifyLead => (
        "Klik tombol di bawah untuk mengonfirmasi alamat e-mail Anda.",
        "Press the button below to confirm your e-mail address."
    ),
    VerifyButton => ("Konfirmasi alamat e-mail", "Confirm e-mail address"),
    Verified => (
        "Alamat e-mail Anda telah dikonfirmasi. Terima kasih!",
        "Your e-mail address is confirmed. Thank you!"
    ),
    ToAccount => ("Ke akun saya", "Go to my account"),
    MyServers => ("Server saya", "My servers"),
    MyOrders => ("Pesanan", "Orders"),
    MyInvoices => ("Invoice", "Invoices"),
    MyWallet => ("Saldo", "Balance"),
    MyAccount => ("Akun saya", "My account"),
    AccountMenu => ("Menu akun", "Account menu"),
    ContinueWhereYouWere => ("Lanjutkan pesanan Anda", "Continue your order"),
    ForgotTitle => ("Lupa kata sandi", "Forgot password"),
    ForgotLead => (
        "Masukkan alamat e-mail akun Anda. Kami akan mengirim tautan untuk membuat kata sandi baru.",
        "Enter your account's e-mail address. We will send you a link to choose a new password."
    ),
    SendResetLink => ("Kirim tautan", "Send link"),
    ResetLinkSent => (
        "Jika alamat tersebut terdaftar, tautan untuk mengatur ulang kata sandi telah dikirim. Periksa kotak masuk Anda (berlaku 1 jam).",
        "If that address has an account, a link to reset the password is on its way. Check your inbox (valid for 1 hour)."
    ),
    ResetTitle => ("Buat kata sandi baru", "Choose a new password"),
    ResetButton => ("Simpan kata sandi baru", "Save new password"),
    AccountTitle => ("Akun saya", "My account"),
    AdminPanel => ("Admin", "Admin"),
    SecurityLink => ("Keamanan: 2FA dan sesi aktif →", "Security: 2FA and active sessions →"),
    VerifyBanner => (
        "Alamat e-mail Anda belum dikonfirmasi. Kami telah mengirim tautan konfirmasi; Anda baru dapat memesan setelah mengonfirmasinya.",
        "Your e-mail address is not confirmed yet. We sent you a confirmation link; you can order once it is confirmed."
    ),
    ResendVerification => ("Kirim ulang tautan", "Send the link again"),
    VerificationResent => ("Tautan konfirmasi baru telah dikirim.", "A new confirmation link is on its way."),
    EmailConfirmed => ("Terkonfirmasi", "Confirmed"),
});

crate::messages!(SecurityText {
    Title => ("Keamanan akun", "Account security"),
    SecondFactorTitle => ("Verifikasi dua langkah", "Two-step verification"),
    SecondFactorLead => (
        "Masukkan kode 6 digit dari aplikasi autentikator Anda, atau salah satu kode pemulihan.",
        "Enter the 6-digit code from your authenticator app, or one of your recovery codes."
    ),
    Code => ("Kode", "Code"),
    Verify => ("Verifikasi", "Verify"),
    TwoFactorHeading => ("Autentikasi dua faktor (2FA)", "Two-factor authentication (2FA)"),
    TwoFactorOff => (
        "2FA belum aktif. Dengan 2FA, masuk memerlukan kode dari aplikasi autentikator (Google Authenticator, Authy, dll.) selain kata sandi.",
        "2FA is off. With 2FA, signing in needs a code from an authenticator app (Google Authenticator, Authy, …) besides the password."
    ),
    TwoFactorOn => ("2FA aktif.", "2FA is on."),
    RecoveryLeft => ("Kode pemulihan tersisa:", "Recovery codes left:"),
    Enable => ("Aktifkan 2FA", "Turn on 2FA"),
    EnableLead => (
        "Masukkan kata sandi Anda untuk memulai. Setelah 2FA aktif, semua sesi lain akan dikeluarkan.",
        "Enter your password to begin. Once 2FA is on, all other sessions are signed out."
    ),
    StaffNeedsLink => (
        "Akun staf mengaktifkan 2FA melalui tautan sekali pakai yang dikirim ke alamat e-mail akun ini.",
        "Staff accounts turn on 2FA through a one-time link sent to this account's e-mail address."
    ),
    SendLink => ("Kirim tautan aktivasi", "Send the enrolment link"),
    LinkSent => (
        "Tautan telah dikirim. Buka e-mail Anda dan klik tautannya (berlaku 72 jam).",
        "The link is on its way. Open your e-mail and follow the link (valid for 72 hours)."
    ),
    ScanQr => (
        "Pindai kode QR ini dengan aplikasi autentikator, atau masukkan kunci di bawahnya secara manual. Lalu ketik kode yang muncul.",
        "Scan this QR code with your authenticator app, or type the key below it. Then enter the code it shows."
    ),
    SetupKey => ("Kunci pengaturan", "Setup key"),
    Confirm => ("Konfirmasi dan aktifkan", "Confirm and turn on"),
    RecoveryCodesTitle => ("Kode pemulihan Anda", "Your recovery codes"),
    RecoveryCodesLead => (
        "Simpan kode ini di tempat aman. Masing-masing hanya dapat dipakai sekali untuk masuk bila ponsel Anda hilang. Kode ini hanya ditampilkan sekarang.",
        "Keep these codes somewhere safe. Each works once to sign in if you lose your phone. They are shown only now."
    ),
    Disable => ("Nonaktifkan 2FA", "Turn off 2FA"),
    DisableLead => (
        "Untuk menonaktifkan, masukkan kata sandi dan kode dari aplikasi (atau kode pemulihan).",
        "To turn it off, enter your password and a code from the app (or a recovery code)."
    ),
    AdminNeeds2fa => (
        "Administrator dan staf dukungan wajib mengaktifkan 2FA sebelum membuka panel admin.",
        "Administrators and support staff must turn on 2FA before opening the admin panel."
    ),
    SessionsHeading => ("Sesi aktif", "Active sessions"),
    SessionsLead => (
        "Perangkat tempat Anda sedang masuk. Keluarkan sesi yang tidak Anda kenali.",
        "Devices where you are signed in. Sign out any you do not recognise."
    ),
    ThisDevice => ("Perangkat ini", "This device"),
    LastSeen => ("Terakhir aktif", "Last active"),
    RevokeOne => ("Keluarkan", "Sign out"),
    RevokeOthers => ("Keluarkan semua sesi lain", "Sign out all other sessions"),
});

crate::messages!(ProfileText {
    ProfileHeading => ("Profil", "Profile"),
    Phone => ("Nomor telepon (opsional)", "Phone number (optional)"),
    Company => ("Perusahaan (opsional)", "Company (optional)"),
    Address => ("Alamat penagihan (opsional)", "Billing address (optional)"),
    Language => ("Bahasa e-mail dan situs", "Language of e-mails and the site"),
    Save => ("Simpan profil", "Save profile"),
    Saved => ("Profil disimpan.", "Profile saved."),
    EmailHeading => ("Alamat e-mail", "E-mail address"),
    CurrentEmail => ("Alamat saat ini:", "Current address:"),
    NewEmail => ("Alamat e-mail baru", "New e-mail address"),
    CurrentPassword => ("Kata sandi saat ini", "Current password"),
    ChangeEmail => ("Ganti alamat e-mail", "Change e-mail address"),
    EmailLinkSent => (
        "Tautan konfirmasi telah dikirim ke alamat baru. Alamat akun berubah setelah tautan itu dibuka.",
        "A confirmation link was sent to the new address. The account's address changes once that link is used."
    ),
    PasswordHeading => ("Ganti kata sandi", "Change password"),
    ChangePassword => ("Simpan kata sandi", "Save password"),
    PasswordChanged => (
        "Kata sandi diganti. Sesi lain telah dikeluarkan.",
        "Password changed. Other sessions were signed out."
    ),
    DeleteHeading => ("Hapus akun", "Delete account"),
    DeleteLead => (
        "Menghapus akun menghapus data pribadi Anda dan tidak dapat dibatalkan. Faktur tetap disimpan sesuai kewajiban pajak. Akun dengan layanan aktif tidak dapat dihapus.",
        "Deleting the account removes your personal data and cannot be undone. Invoices are kept as tax law requires. Accounts with active services cannot be deleted."
    ),
    DeleteConfirm => ("Ketik alamat e-mail Anda untuk mengonfirmasi", "Type your e-mail address to confirm"),
    DeleteButton => ("Hapus akun saya secara permanen", "Delete my account permanently"),
});
