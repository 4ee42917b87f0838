//! Landing page texts beyond the shell's (FAQ, calls to action).

crate::messages!(HomeText {
    SeePlans => ("Lihat paket", "See plans"),
    SignUpFree => ("Daftar gratis", "Sign up free"),
    FaqHeading => ("Pertanyaan yang sering diajukan", "Frequently asked questions"),
    FaqPayQ => ("Bagaimana cara membayar?", "How can I pay?"),
    FaqPayA => (
        "Dengan QRIS dari aplikasi bank atau e-wallet mana pun, transfer ke virtual account (BCA, BNI, BRI, Mandiri, Permata), atau e-wallet seperti GoPay, OVO, DANA dan ShopeePay. Setiap pesanan mendapat invoice resmi dengan PPN 11%.",
        "With QRIS from any banking or e-wallet app, a transfer to a virtual account (BCA, BNI, BRI, Mandiri, Permata), or e-wallets such as GoPay, OVO, DANA and ShopeePay. Every order gets a proper invoice with 11% VAT."
    ),
    FaqSpeedQ => ("Berapa lama sampai VPS saya aktif?", "How long until my VPS is ready?"),
    FaqSpeedA => (
        "Biasanya beberapa menit. Server dibuat otomatis begitu pembayaran terkonfirmasi, dan Anda mendapat notifikasi berisi alamat IP-nya.",
        "Usually a few minutes. The server is created automatically once the payment is confirmed, and you get a notification with its IP address."
    ),
    FaqLocationQ => ("Di mana lokasi servernya?", "Where are the servers?"),
    FaqLocationA => (
        "Pilih sendiri saat memesan: Jakarta dan Singapura untuk pengguna di Indonesia, atau Tokyo, Sydney, Mumbai, Frankfurt, Amerika dan lainnya.",
        "You choose when ordering: Jakarta and Singapore for users in Indonesia, or Tokyo, Sydney, Mumbai, Frankfurt, the US and more."
    ),
    FaqCycleQ => ("Apakah ada diskon untuk pembayaran jangka panjang?", "Is there a discount for paying longer terms?"),
    FaqCycleA => (
        "Ya. Bayar 3, 6 atau 12 bulan sekaligus dan hemat hingga 15%. Kode promo juga bisa dipakai saat memesan.",
        "Yes. Pay 3, 6 or 12 months at once and save up to 15%. Promo codes can be applied when ordering too."
    ),
    FaqRootQ => ("Apakah saya mendapat akses root?", "Do I get root access?"),
    FaqRootA => (
        "Tentu. Anda mendapat akses root penuh, bisa menyalakan ulang, mematikan atau memasang ulang sistem operasi dari panel kapan saja.",
        "Of course. You get full root access and can reboot, power off or reinstall the operating system from the panel at any time."
    ),
    CtaHeading => ("Siap meluncurkan server pertama Anda?", "Ready to launch your first server?"),
    CtaBody => (
        "Buat akun dalam satu menit, pilih paket, bayar dengan cara yang Anda suka.",
        "Create an account in a minute, pick a plan, pay the way you like."
    ),
    HeroImageAlt => ("Ilustrasi server WeBrana Cloud di awan", "Illustration of WeBrana Cloud servers in the cloud"),
});
