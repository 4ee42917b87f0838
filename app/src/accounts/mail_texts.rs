//! Texts of the account e-mails (rendered in the recipient's language).

crate::messages!(MailText {
    Greeting => ("Halo", "Hello"),
    VerifySubject => ("Konfirmasi alamat e-mail Anda", "Confirm your e-mail address"),
    VerifyIntro => (
        "Klik tautan berikut untuk mengonfirmasi alamat e-mail akun WeBrana Cloud Anda:",
        "Open the following link to confirm the e-mail address of your WeBrana Cloud account:"
    ),
    VerifyButton => ("Konfirmasi e-mail", "Confirm e-mail"),
    VerifyExpiry => ("Tautan ini berlaku 24 jam dan hanya dapat dipakai sekali.", "This link is valid for 24 hours and works once."),
    ResetSubject => ("Atur ulang kata sandi WeBrana Cloud", "Reset your WeBrana Cloud password"),
    ResetIntro => (
        "Kami menerima permintaan untuk mengatur ulang kata sandi akun Anda. Buka tautan berikut untuk membuat kata sandi baru:",
        "We received a request to reset the password of your account. Open the following link to choose a new password:"
    ),
    ResetButton => ("Buat kata sandi baru", "Choose a new password"),
    ResetExpiry => (
        "Tautan ini berlaku 1 jam dan hanya dapat dipakai sekali. Setelah kata sandi diganti, semua sesi lain akan dikeluarkan.",
        "This link is valid for 1 hour and works once. Once the password is changed, all other sessions are signed out."
    ),
    EnrolSubject => ("Aktifkan verifikasi dua langkah akun staf Anda", "Turn on two-step sign-in for your staff account"),
    EnrolIntro => (
        "Akun staf WeBrana Cloud wajib memakai verifikasi dua langkah. Masuk, lalu buka tautan berikut untuk menghubungkan aplikasi autentikator Anda:",
        "WeBrana Cloud staff accounts must use two-step sign-in. Sign in, then open the following link to connect your authenticator app:"
    ),
    EnrolButton => ("Hubungkan autentikator", "Connect an authenticator"),
    EnrolExpiry => (
        "Tautan ini berlaku 72 jam dan hanya dapat dipakai sekali.",
        "This link is valid for 72 hours and works once."
    ),
    IgnoreIfNotYou => (
        "Jika Anda tidak memintanya, abaikan e-mail ini; akun Anda tetap aman.",
        "If you did not ask for this, ignore this e-mail; your account stays safe."
    ),
    Signature => ("Salam,\nTim WeBrana Cloud", "Regards,\nThe WeBrana Cloud team"),
});
