//! Texts of the public catalog: the plans page and the landing page's pricing section.

crate::messages!(CatalogText {
    PlansTitle => ("Paket VPS", "VPS plans"),
    PlansLead => (
        "Bandingkan paket dari semua penyedia. Harga per bulan dalam rupiah, belum termasuk PPN 11%.",
        "Compare plans from every provider. Monthly prices in rupiah, before 11% VAT."
    ),
    Provider => ("Penyedia", "Provider"),
    Location => ("Lokasi", "Location"),
    MaxPrice => ("Harga maks./bulan", "Max price/month"),
    MinCpu => ("vCPU min.", "Min vCPU"),
    MinRam => ("RAM min. (GB)", "Min RAM (GB)"),
    Sort => ("Urutkan", "Sort by"),
    SortPriceLow => ("Harga termurah", "Lowest price"),
    SortPriceHigh => ("Harga termahal", "Highest price"),
    SortCpu => ("vCPU terbanyak", "Most vCPU"),
    SortMemory => ("RAM terbesar", "Most RAM"),
    Any => ("Semua", "Any"),
    ApplyFilters => ("Terapkan", "Apply"),
    ResetFilters => ("Atur ulang", "Reset"),
    NoPlans => (
        "Tidak ada paket yang cocok dengan filter ini. Coba longgarkan filternya.",
        "No plan matches these filters. Try loosening them."
    ),
    PlansFound => ("paket ditemukan", "plans found"),
    PerMonth => ("/bulan", "/month"),
    Cpu => ("vCPU", "vCPU"),
    Memory => ("RAM", "RAM"),
    Disk => ("NVMe", "NVMe"),
    Transfer => ("Transfer", "Transfer"),
    AvailableIn => ("Tersedia di", "Available in"),
    OrderPlan => ("Pesan", "Order"),
    SaveUpTo => ("Hemat hingga", "Save up to"),
    YearlySuffix => ("untuk bayar tahunan", "paying yearly"),
    PricingHeading => ("Harga sederhana dalam rupiah", "Simple pricing in rupiah"),
    PricingLead => (
        "Paket termurah untuk tiap ukuran RAM dari semua penyedia kami. Bayar bulanan, atau hemat dengan bayar 3, 6 atau 12 bulan sekaligus.",
        "The cheapest plan of each RAM size across our providers. Pay monthly, or save by paying 3, 6 or 12 months at once."
    ),
    SeeAllPlans => ("Lihat semua paket", "See all plans"),
    PricesExcludeVat => ("Harga belum termasuk PPN 11%.", "Prices exclude 11% VAT."),
});
