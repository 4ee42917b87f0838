//! Texts of the account pages.

crate::messages!(AuthText {
    LoginTitle => ("Masuk", "Sign in"),
    LoginLead => ("Masuk untuk mengelola server Anda.", "Sign in to manage your servers."),
    Email => ("E-mail", "E-mail"),
    Password => ("Kata sandi", "Password"),
    RememberMe => ("Ingat saya di perangkat ini", "Remember me on this device"),
    SignIn => ("Masuk", "Sign in"),
    SignOut => ("Keluar", "Sign out"),
    WrongCredentials => ("E-mail atau kata sandi salah.", "Wrong e-mail or password."),
    LoginFailed => (
        "Tidak dapat masuk saat ini. Silakan coba lagi.",
        "Could not sign in right now. Please try again."
    ),
});
