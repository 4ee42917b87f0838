//! The invoice as an A4 PDF, written directly (no browser, no external tool). It uses
//! Helvetica, one of the 14 fonts every PDF reader has, so nothing is embedded and a file
//! is a few kilobytes. Texts are encoded as WinAnsi (Latin-1 plus typographic marks).

use super::texts::{BillingText, invoice_status_text};
use super::{InvoiceDocument, SELLER_ADDRESS, SELLER_NAME, SELLER_NPWP};
use crate::i18n::Lang;
use crate::money::format_idr;
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// The route of an invoice's PDF.
pub const PDF_PATH: &str = "/invoices/{id}/pdf";

/// `GET /invoices/{id}/pdf`: the invoice's owner or staff get the file; anyone else "not
/// found"; without a session, the sign-in page (which comes back here).
pub async fn download(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    axum::extract::Path(id): axum::extract::Path<crate::ids::InvoiceId>,
    headers: axum::http::HeaderMap,
    session: tower_sessions::Session,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Redirect};
    let viewer = match crate::accounts::auth::ssr::session_user(&state, &session, None).await {
        Ok(Some(viewer)) => viewer,
        Ok(None) => {
            let next = crate::url::percent_encode(&format!("/invoices/{id}/pdf"));
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let document = match super::server_fns::ssr::document_for(&state, &id, &viewer).await {
        Ok(document) => document,
        Err(crate::error::AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    attachment(&document, crate::preferences::request_lang(&headers)).into_response()
}

/// The invoice's PDF as a download named after its number (the invoice page and the API).
pub fn attachment(document: &InvoiceDocument, lang: Lang) -> impl axum::response::IntoResponse {
    use axum::http::header;
    let file_name = document.invoice.number.replace('/', "-");
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}.pdf\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        render(document, lang),
    )
}

/// Renders `document` in `lang`.
pub fn render(document: &InvoiceDocument, lang: Lang) -> Vec<u8> {
    let text = |key: BillingText| key.text(lang);
    let invoice = &document.invoice;
    let mut page = PageWriter::new();
    let right = PAGE_WIDTH - MARGIN;

    page.text(BOLD, 18.0, MARGIN, 786.0, "WeBrana Cloud");
    for (line, value) in [SELLER_NAME, SELLER_ADDRESS, SELLER_NPWP].into_iter().enumerate() {
        page.text(REGULAR, 9.0, MARGIN, 770.0 - 12.0 * line as f32, value);
    }
    page.text_right(BOLD, 18.0, right, 786.0, text(BillingText::Invoice));
    page.text_right(REGULAR, 11.0, right, 770.0, &invoice.number);
    page.text_right(
        BOLD,
        10.0,
        right,
        756.0,
        &text(invoice_status_text(invoice.status)).to_uppercase(),
    );

    let mut y = 712.0;
    page.text(BOLD, 10.0, MARGIN, y, text(BillingText::BillTo));
    let mut customer = vec![document.customer_name.clone()];
    customer.extend((!document.customer_company.is_empty()).then(|| document.customer_company.clone()));
    customer.push(document.customer_email.clone());
    customer.extend(document.customer_address.lines().map(str::to_string));
    for line in &customer {
        y -= 13.0;
        page.text(REGULAR, 10.0, MARGIN, y, line);
    }
    let mut dates = vec![
        (BillingText::Issued, &invoice.issued_at),
        (BillingText::Due, &invoice.due_at),
    ];
    if let Some(paid) = &invoice.paid_at {
        dates.push((BillingText::PaidAt, paid));
    }
    for (row, (label, at)) in dates.into_iter().enumerate() {
        let line_y = 712.0 - 13.0 * row as f32;
        page.text(BOLD, 10.0, 340.0, line_y, text(label));
        page.text_right(
            REGULAR,
            10.0,
            right,
            line_y,
            &format!("{} UTC", crate::ui::short_time(at)),
        );
    }

    // The lines table: description, quantity, unit price, amount.
    y = y.min(660.0) - 30.0;
    let columns = [
        (BillingText::Quantity, 360.0),
        (BillingText::UnitPrice, 450.0),
        (BillingText::Amount, right),
    ];
    page.text(BOLD, 10.0, MARGIN, y, text(BillingText::Description));
    for (label, x) in columns {
        page.text_right(BOLD, 10.0, x, y, text(label));
    }
    page.rule(y - 6.0, 0.8);
    for line in &document.lines {
        y -= 20.0;
        page.text(REGULAR, 10.0, MARGIN, y, &line.description);
        page.text_right(REGULAR, 10.0, 360.0, y, &line.quantity.to_string());
        page.text_right(REGULAR, 10.0, 450.0, y, &format_idr(line.unit_price));
        page.text_right(REGULAR, 10.0, right, y, &format_idr(line.amount));
        page.rule(y - 6.0, 0.3);
    }
    let totals = [
        (
            text(BillingText::Subtotal).to_string(),
            document.subtotal,
            REGULAR,
        ),
        (
            format!("{} {}%", text(BillingText::Vat), document.tax_rate_percent),
            document.tax,
            REGULAR,
        ),
        (text(BillingText::Total).to_string(), invoice.total, BOLD),
    ];
    y -= 8.0;
    for (label, amount, font) in totals {
        y -= 18.0;
        page.text_right(font, 11.0, 450.0, y, &label);
        page.text_right(font, 11.0, right, y, &format_idr(amount));
    }
    if let Some(reason) = &document.void_reason {
        y -= 30.0;
        page.text(
            REGULAR,
            10.0,
            MARGIN,
            y,
            &format!("{}: {reason}", text(BillingText::VoidReason)),
        );
    }
    if !document.payments.is_empty() {
        y -= 34.0;
        page.text(BOLD, 10.0, MARGIN, y, text(BillingText::Payments));
        for payment in &document.payments {
            y -= 13.0;
            let line = format!(
                "{} UTC · {} · {} · {} · {}",
                crate::ui::short_time(&payment.received_at),
                payment.gateway,
                payment.method,
                payment.reference,
                format_idr(payment.amount)
            );
            page.text(REGULAR, 9.0, MARGIN, y, &line);
        }
    }
    if let Some(note) = &document.credit_note {
        y -= 34.0;
        page.text(BOLD, 10.0, MARGIN, y, text(BillingText::CreditNote));
        y -= 13.0;
        page.text(
            REGULAR,
            9.0,
            MARGIN,
            y,
            &super::texts::credit_note_line(note, lang),
        );
    }
    page.finish(&format!("{} {}", text(BillingText::Invoice), invoice.number))
}

/// One page of text and horizontal rules.
struct PageWriter {
    content: Content,
}

impl PageWriter {
    fn new() -> PageWriter {
        PageWriter {
            content: Content::new(),
        }
    }

    fn text(&mut self, font: Name, size: f32, x: f32, y: f32, text: &str) {
        let bytes = win_ansi(text);
        self.content.begin_text();
        self.content.set_font(font, size);
        self.content.next_line(x, y);
        self.content.show(Str(&bytes));
        self.content.end_text();
    }

    /// Text whose right edge is at `x` (amounts line up on their last digit).
    fn text_right(&mut self, font: Name, size: f32, x: f32, y: f32, text: &str) {
        let width = text
            .chars()
            .map(|c| helvetica_width(c, font == BOLD))
            .sum::<f32>()
            * size
            / 1000.0;
        self.text(font, size, x - width, y, text);
    }

    fn rule(&mut self, y: f32, width: f32) {
        self.content.set_line_width(width);
        self.content.set_stroke_gray(0.6);
        self.content.move_to(MARGIN, y);
        self.content.line_to(PAGE_WIDTH - MARGIN, y);
        self.content.stroke();
    }

    fn finish(self, title: &str) -> Vec<u8> {
        let (catalog, pages, page, regular, bold, content, info) = (
            Ref::new(1),
            Ref::new(2),
            Ref::new(3),
            Ref::new(4),
            Ref::new(5),
            Ref::new(6),
            Ref::new(7),
        );
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(pages);
        pdf.pages(pages).kids([page]).count(1);
        let mut writer = pdf.page(page);
        writer.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        writer.parent(pages);
        writer.contents(content);
        writer.resources().fonts().pair(REGULAR, regular).pair(BOLD, bold);
        drop(writer);
        for (id, name) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
            pdf.type1_font(id)
                .base_font(Name(name))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        pdf.stream(content, &self.content.finish());
        pdf.document_info(info)
            .title(pdf_writer::TextStr(title))
            .creator(pdf_writer::TextStr("WeBrana Cloud"));
        pdf.finish()
    }
}

/// WinAnsi bytes for `text`: Latin-1 as is, a few typographic marks mapped, the rest `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '–' => 0x96,
            '—' => 0x97,
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            c if (c as u32) < 0x100 && !c.is_control() => c as u8,
            _ => b'?',
        })
        .collect()
}

/// Advance widths (1/1000 em) of Helvetica and Helvetica-Bold for the characters that
/// right-aligned text uses (numbers, amounts, short labels); others get an average width.
fn helvetica_width(c: char, bold: bool) -> f32 {
    let width = match c {
        '0'..='9' => 556,
        ' ' | '.' | ',' => 278,
        '/' => 278,
        '%' => 889,
        '-' => 333,
        ':' if bold => 333,
        ':' => 278,
        'R' => 722,
        'p' | 'n' | 'u' | 'h' | 'd' | 'b' | 'q' | 'g' | 'o' | 'a' | 'e' if bold => 611,
        'p' | 'n' | 'u' | 'h' | 'd' | 'b' | 'q' | 'g' | 'o' | 'a' | 'e' => 556,
        'i' | 'l' | 'j' => 278,
        'I' => 278,
        't' | 'f' => 333,
        'r' if bold => 389,
        'r' => 333,
        's' | 'c' | 'k' | 'v' | 'x' | 'y' | 'z' if bold => 556,
        's' | 'c' | 'k' | 'v' | 'x' | 'y' | 'z' => 500,
        'm' => 833,
        'w' => 722,
        'A' | 'B' | 'C' | 'D' | 'E' | 'H' | 'K' | 'N' | 'U' | 'V' | 'X' => 722,
        'F' | 'P' | 'S' | 'T' | 'Y' | 'Z' => 667,
        'G' | 'O' | 'Q' => 778,
        'J' => 556,
        'L' => 611,
        'M' => 833,
        'W' => 944,
        _ => 556,
    };
    width as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::{InvoiceLine, InvoiceStatus, InvoiceSummary};

    fn document() -> InvoiceDocument {
        InvoiceDocument {
            invoice: InvoiceSummary {
                id: "inv".into(),
                number: "INV/2026/000042".into(),
                order_id: Some("ord".into()),
                purpose: crate::billing::InvoicePurpose::Order,
                status: InvoiceStatus::Paid,
                total: crate::money::Rupiah(166_500),
                issued_at: "2026-11-23T10:00:00Z".into(),
                due_at: "2026-11-24T10:00:00Z".into(),
                paid_at: Some("2026-11-23T10:05:00Z".into()),
            },
            customer_name: "Budi Santoso".into(),
            customer_email: "budi@webrana.test".into(),
            customer_company: String::new(),
            customer_address: "Jl. Melati 1\nBandung".into(),
            lines: vec![InvoiceLine {
                description: "VPS web-1 – 1 bulan".into(),
                quantity: 1,
                unit_price: crate::money::Rupiah(150_000),
                amount: crate::money::Rupiah(150_000),
            }],
            subtotal: crate::money::Rupiah(150_000),
            tax_rate_percent: 11,
            tax: crate::money::Rupiah(16_500),
            void_reason: None,
            payments: vec![],
            credit_note: Some(crate::billing::CreditNote {
                number: "CN/2026/000007".into(),
                amount: crate::money::Rupiah(166_500),
                method: crate::billing::RefundMethod::Wallet,
                reference: String::new(),
                reason: "stok habis".into(),
                issued_at: "2026-11-24T10:00:00Z".into(),
            }),
        }
    }

    #[test]
    fn is_a_one_page_pdf_with_the_numbers_in_it() {
        let pdf = render(&document(), Lang::Id);
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"));
        let body = String::from_utf8_lossy(&pdf);
        assert!(body.contains("/Count 1"));
        for expected in [
            "(INV/2026/000042)",
            "(Rp 166.500)",
            "(Rp 16.500)",
            "(Budi Santoso)",
            "(LUNAS)",
            "(Nota kredit)",
        ] {
            assert!(body.contains(expected), "{expected} missing");
        }
    }

    #[test]
    fn maps_typographic_marks_to_win_ansi() {
        assert_eq!(win_ansi("a–b·c"), vec![b'a', 0x96, b'b', 0xB7, b'c']);
        assert_eq!(win_ansi("日"), b"?".to_vec());
    }
}
