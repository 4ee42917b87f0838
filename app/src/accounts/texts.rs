//! Texts of the account pages.

crate::messages!(AuthText {
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
    VerifyBanner => (
        "Alamat e-mail Anda belum dikonfirmasi. Kami telah mengirim tautan konfirmasi; Anda baru dapat memesan setelah mengonfirmasinya.",
        "Your e-mail address is not confirmed yet. We sent you a confirmation link; you can order once it is confirmed."
    ),
    ResendVerification => ("Kirim ulang tautan", "Send the link again"),
    VerificationResent => ("Tautan konfirmasi baru telah dikirim.", "A new confirmation link is on its way."),
    EmailConfirmed => ("Terkonfirmasi", "Confirmed"),
    LoginFailed => (
        "Tidak dapat masuk saat ini. Silakan coba lagi.",
        "Could not sign in right now. Please try again."
    ),
});
