//! Texts of the app shell (header, footer, error pages) and the home page.

crate::messages!(Msg {
    SkipToContent => ("Langsung ke konten", "Skip to content"),
    NavHome => ("Beranda", "Home"),
    NavFeatures => ("Keunggulan", "Features"),
    NavPlans => ("Harga", "Pricing"),
    NavContact => ("Kontak", "Contact"),
    MainNavigation => ("Navigasi utama", "Main navigation"),
    OpenMenu => ("Buka menu", "Open menu"),
    CloseMenu => ("Tutup menu", "Close menu"),
    Language => ("Bahasa", "Language"),
    Theme => ("Tema", "Theme"),
    ThemeSystem => ("Ikuti sistem", "Follow system"),
    ThemeLight => ("Terang", "Light"),
    ThemeDark => ("Gelap", "Dark"),
    FooterTagline => (
        "VPS cepat dari penyedia cloud terbaik, dibayar dengan cara Indonesia.",
        "Fast VPS from the best cloud providers, paid the Indonesian way."
    ),
    FooterRights => ("Hak cipta dilindungi.", "All rights reserved."),
    NotFoundTitle => ("Halaman tidak ditemukan", "Page not found"),
    NotFoundBody => (
        "Alamat yang Anda buka tidak ada atau sudah dipindahkan.",
        "The address you opened does not exist or has moved."
    ),
    BackHome => ("Kembali ke beranda", "Back to home"),
    ErrorTitle => ("Terjadi kesalahan", "Something went wrong"),
    ErrorBody => (
        "Maaf, permintaan Anda tidak dapat diproses. Silakan coba lagi sebentar lagi.",
        "Sorry, we could not handle your request. Please try again in a moment."
    ),
    ErrorReference => ("Kode referensi", "Reference code"),
    HomeTitle => ("WeBrana Cloud — VPS Indonesia", "WeBrana Cloud — VPS for Indonesia"),
    HomeDescription => (
        "Sewa VPS DigitalOcean, Vultr dan Linode dengan harga rupiah, bayar lewat QRIS, virtual account atau e-wallet, aktif dalam hitungan menit.",
        "Rent DigitalOcean, Vultr and Linode VPS priced in rupiah, pay by QRIS, virtual account or e-wallet, live in minutes."
    ),
    HeroTitle => ("VPS andal, siap dalam hitungan menit", "Reliable VPS, ready in minutes"),
    HeroBody => (
        "Pilih server dari DigitalOcean, Vultr atau Linode, bayar dalam rupiah dengan QRIS, virtual account atau e-wallet, dan kelola semuanya dari satu panel.",
        "Pick a server from DigitalOcean, Vultr or Linode, pay in rupiah by QRIS, virtual account or e-wallet, and manage everything from one panel."
    ),
    FeatureNvmeTitle => ("Penyimpanan NVMe", "NVMe storage"),
    FeatureNvmeBody => (
        "Disk NVMe di setiap paket untuk basis data dan situs yang cepat.",
        "NVMe disks on every plan for fast databases and sites."
    ),
    FeaturePaymentTitle => ("Pembayaran lokal", "Local payments"),
    FeaturePaymentBody => (
        "QRIS, virtual account bank, e-wallet atau saldo dompet. Harga dalam rupiah, PPN tertulis jelas di invoice.",
        "QRIS, bank virtual accounts, e-wallets or wallet balance. Prices in rupiah, VAT shown clearly on the invoice."
    ),
    FeatureFastTitle => ("Aktif otomatis", "Automatic provisioning"),
    FeatureFastBody => (
        "Server dibuat otomatis setelah pembayaran diterima, tanpa menunggu tiket.",
        "Your server is created as soon as the payment arrives, no tickets to wait on."
    ),
    FeatureNearTitle => ("Dekat dengan Indonesia", "Close to Indonesia"),
    FeatureNearBody => (
        "Pusat data di Jakarta dan Singapura untuk latensi rendah ke pengguna Anda.",
        "Data centres in Jakarta and Singapore for low latency to your users."
    ),
    FeaturesHeading => ("Mengapa WeBrana Cloud", "Why WeBrana Cloud"),
    ContactHeading => ("Butuh bantuan?", "Need help?"),
    ContactBody => (
        "Tim kami siap membantu lewat e-mail di support@webrana.cloud.",
        "Our team is ready to help by e-mail at support@webrana.cloud."
    ),
});
