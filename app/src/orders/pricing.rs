//! The price of an order. Computed on the server only; the browser shows what it gets.

use crate::money::Rupiah;
use serde::{Deserialize, Serialize};

/// PPN (Indonesian VAT) in percent.
pub const PPN_PERCENT: i32 = 11;

/// A priced order: every number the summary, the order and the invoice show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub monthly_price: Rupiah,
    pub months: i32,
    /// Monthly price × months.
    pub subtotal: Rupiah,
    pub cycle_discount_percent: i32,
    pub cycle_discount: Rupiah,
    pub promo_code: Option<String>,
    pub promo_discount: Rupiah,
    /// What tax is charged on (subtotal minus both discounts).
    pub taxable: Rupiah,
    pub tax_rate_percent: i32,
    pub tax: Rupiah,
    pub total: Rupiah,
}

/// A promo's effect on the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PromoValue {
    /// Whole percent off (1–100).
    Percent(i64),
    /// Rupiah off, at most the amount it applies to.
    Fixed(Rupiah),
}

#[cfg(feature = "ssr")]
pub fn quote(
    monthly_price: Rupiah,
    months: i32,
    cycle_discount_percent: i32,
    promo: Option<(&str, PromoValue)>,
) -> Quote {
    let subtotal = monthly_price * i64::from(months);
    let cycle_discount = subtotal.percent(i64::from(cycle_discount_percent));
    let after_cycle = subtotal - cycle_discount;
    let promo_discount = match promo.map(|(_, value)| value) {
        Some(PromoValue::Percent(percent)) => after_cycle.percent(percent.clamp(0, 100)),
        Some(PromoValue::Fixed(amount)) => amount.clamp(Rupiah::ZERO, after_cycle),
        None => Rupiah::ZERO,
    };
    let taxable = after_cycle - promo_discount;
    let tax = taxable.percent(i64::from(PPN_PERCENT));
    Quote {
        monthly_price,
        months,
        subtotal,
        cycle_discount_percent,
        cycle_discount,
        promo_code: promo.map(|(code, _)| code.to_string()),
        promo_discount,
        taxable,
        tax_rate_percent: PPN_PERCENT,
        tax,
        total: taxable + tax,
    }
}

/// The invoice lines of an order (or of a renewal of its service, `period` naming the
/// months paid for), in the customer's language.
#[cfg(feature = "ssr")]
pub fn invoice_lines(
    order: &super::store::OrderRow,
    provider_name: &str,
    quote: &Quote,
    lang: crate::i18n::Lang,
    period: Option<&str>,
) -> Vec<crate::billing::InvoiceLine> {
    use crate::billing::InvoiceLine;
    use crate::i18n::Lang;
    let (months_word, renewal_word) = match lang {
        Lang::Id => ("bulan", "Perpanjangan"),
        Lang::En => ("months", "Renewal"),
    };
    let mut description = format!(
        "VPS {} · {provider_name} · {} · {} · {} {months_word}",
        order.hostname, order.plan_name, order.region_label, quote.months
    );
    if let Some(period) = period {
        description = format!("{renewal_word} {description} · {period}");
    }
    let first = InvoiceLine {
        description,
        quantity: quote.months,
        unit_price: quote.monthly_price,
        amount: quote.subtotal,
    };
    quote_lines(first, quote, lang)
}

/// An invoice's lines for a quote: `first` (what is bought, at the quote's subtotal), then
/// the cycle discount and the promo code as negative lines where they apply.
#[cfg(feature = "ssr")]
pub fn quote_lines(
    first: crate::billing::InvoiceLine,
    quote: &Quote,
    lang: crate::i18n::Lang,
) -> Vec<crate::billing::InvoiceLine> {
    use crate::billing::InvoiceLine;
    use crate::i18n::Lang;
    let (cycle_word, promo_word) = match lang {
        Lang::Id => ("Diskon periode", "Kode promo"),
        Lang::En => ("Billing cycle discount", "Promo code"),
    };
    let mut lines = vec![first];
    if quote.cycle_discount.is_positive() {
        lines.push(InvoiceLine {
            description: format!("{cycle_word} {}%", quote.cycle_discount_percent),
            quantity: 1,
            unit_price: -quote.cycle_discount,
            amount: -quote.cycle_discount,
        });
    }
    if let Some(code) = quote
        .promo_code
        .as_ref()
        .filter(|_| quote.promo_discount.is_positive())
    {
        lines.push(InvoiceLine {
            description: format!("{promo_word} {code}"),
            quantity: 1,
            unit_price: -quote.promo_discount,
            amount: -quote.promo_discount,
        });
    }
    lines
}

/// What an order was priced at, as stored on it (the catalog may have changed since).
#[cfg(feature = "ssr")]
pub fn order_quote(order: &super::store::OrderRow) -> Quote {
    let cycle_discount_percent = if order.subtotal.is_positive() {
        let (discount, subtotal) = (order.cycle_discount.get(), order.subtotal.get());
        ((discount * 100 + subtotal / 2) / subtotal) as i32
    } else {
        0
    };
    Quote {
        monthly_price: order.monthly_price,
        months: order.cycle_months,
        subtotal: order.subtotal,
        cycle_discount_percent,
        cycle_discount: order.cycle_discount,
        promo_code: order.promo_code.clone(),
        promo_discount: order.promo_discount,
        taxable: order.subtotal - order.cycle_discount - order.promo_discount,
        tax_rate_percent: PPN_PERCENT,
        tax: order.tax,
        total: order.total,
    }
}

/// The price of renewing an order's service for another cycle: the monthly price and cycle
/// discount the customer ordered at (a later catalog change does not reach a running
/// service), without the promo, which was for the first period.
#[cfg(feature = "ssr")]
pub fn renewal_quote(order: &super::store::OrderRow) -> Quote {
    let subtotal = order.monthly_price * i64::from(order.cycle_months);
    // The order keeps the discount as an amount; the percent that gave it is recovered
    // exactly (amounts are whole rupiah of at least a few thousand).
    let percent = (0..=100)
        .find(|percent| subtotal.percent(*percent) == order.cycle_discount)
        .unwrap_or(0);
    quote(order.monthly_price, order.cycle_months, percent as i32, None)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn monthly_without_promo_adds_ppn() {
        let q = quote(Rupiah(99_000), 1, 0, None);
        assert_eq!(
            [q.subtotal, q.cycle_discount, q.taxable, q.tax, q.total].map(Rupiah::get),
            [99_000, 0, 99_000, 10_890, 109_890]
        );
    }

    #[test]
    fn cycle_discount_then_percent_promo_then_tax() {
        // 12 × 195,000 = 2,340,000; −15 % = 351,000; −10 % of 1,989,000 = 198,900.
        let q = quote(
            Rupiah(195_000),
            12,
            15,
            Some(("HEMAT10", PromoValue::Percent(10))),
        );
        assert_eq!(q.cycle_discount, 351_000);
        assert_eq!(q.promo_discount, 198_900);
        assert_eq!(q.taxable, 1_790_100);
        assert_eq!(q.tax, 196_911);
        assert_eq!(q.total, 1_987_011);
        assert_eq!(q.promo_code.as_deref(), Some("HEMAT10"));
    }

    #[test]
    fn rounding_is_half_up_to_whole_rupiah() {
        assert_eq!(Rupiah(50).percent(11), 6); // 5.5 → 6
        assert_eq!(Rupiah(45).percent(11), 5); // 4.95 → 5
        assert_eq!(Rupiah(44).percent(11), 5); // 4.84 → 5
        assert_eq!(Rupiah(40).percent(11), 4); // 4.4 → 4
    }

    #[test]
    fn a_fixed_promo_never_makes_the_price_negative() {
        let q = quote(
            Rupiah(49_000),
            1,
            0,
            Some(("GRATIS", PromoValue::Fixed(Rupiah(1_000_000)))),
        );
        assert_eq!(
            [q.promo_discount, q.taxable, q.tax, q.total].map(Rupiah::get),
            [49_000, 0, 0, 0]
        );
    }
}
