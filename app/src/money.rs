//! Rupiah amounts. Money is whole rupiah in an `i64`, never a float.

/// "Rp 1.234.567" — the way prices are written in Indonesia (dot as thousands separator),
/// used in both languages. Negative amounts (discounts) get a leading minus sign.
pub fn format_idr(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}Rp {grouped}")
}

#[cfg(test)]
mod tests {
    use super::format_idr;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(format_idr(0), "Rp 0");
        assert_eq!(format_idr(999), "Rp 999");
        assert_eq!(format_idr(99_000), "Rp 99.000");
        assert_eq!(format_idr(1_234_567), "Rp 1.234.567");
        assert_eq!(format_idr(-15_000), "-Rp 15.000");
    }
}
