//! Texts of the pay page and the pay form.

crate::messages!(PaymentText {
    PayTitle => ("Pembayaran", "Payment"),
    PayFromBalance => ("Bayar dari saldo", "Pay from balance"),
    NoGateway => (
        "Pembayaran online belum tersedia. Hubungi dukungan untuk membayar tagihan ini.",
        "Online payment is not available yet. Contact support to pay this invoice."
    ),
    SimulatedNotice => (
        "Ini gateway pembayaran simulasi: tidak ada uang yang berpindah. Tekan tombol di bawah untuk mensimulasikan hasilnya.",
        "This is a simulated payment gateway: no money moves. Press a button below to simulate the outcome."
    ),
    ScanQr => ("Pindai kode QR ini dengan aplikasi bank atau e-wallet Anda.", "Scan this QR code with your banking or e-wallet app."),
    TransferTo => ("Transfer tepat sejumlah tagihan ke nomor virtual account:", "Transfer exactly the amount due to virtual account number:"),
    AtGateway => (
        "Anda membayar di halaman mitra pembayaran kami. Pesanan diperbarui otomatis begitu pembayaran diterima.",
        "You pay on our payment partner's page. The order updates by itself as soon as the payment arrives."
    ),
    ContinueAtGateway => ("Lanjutkan ke halaman pembayaran", "Continue to the payment page"),
    AmountDue => ("Jumlah tagihan", "Amount due"),
    ValidUntil => ("Berlaku sampai", "Valid until"),
    TimeLeft => ("Sisa waktu pembayaran:", "Time left to pay:"),
    MovesOn => (
        "Halaman ini berpindah sendiri begitu pembayaran Anda kami terima.",
        "This page moves on by itself as soon as we receive your payment."
    ),
    PayNow => ("Bayar sekarang (simulasi)", "Pay now (simulated)"),
    SimulateFailure => ("Simulasikan gagal", "Simulate a failure"),
    Expired => (
        "Waktu pembayaran ini sudah habis. Kembali ke pesanan untuk memulai pembayaran baru.",
        "This payment attempt has expired. Go back to the order to start a new one."
    ),
    Failed => ("Pembayaran gagal. Silakan coba lagi dari halaman pesanan.", "The payment failed. Please try again from the order page."),
    Succeeded => ("Pembayaran berhasil.", "The payment succeeded."),
    BackToOrder => ("Kembali", "Back"),
    ChooseMethod => ("Pilih metode pembayaran", "Choose a payment method"),
    RestOf => ("Sisa pembayaran", "Rest of the payment for"),
    UseBalanceFirst => ("Pakai saldo dulu", "Use my balance first"),
    PayRest => ("bayar sisanya", "pay the rest"),
    NoFee => (
        "Tanpa biaya tambahan untuk metode mana pun: Anda membayar tepat sejumlah tagihan.",
        "No extra fee for any method: you pay exactly the amount due."
    ),
    Pay => ("Bayar", "Pay"),
});
