//! QR codes as inline SVG, rendered on the server (no script, no external service).

/// `data` (a TOTP URI, a QRIS payload …) as an SVG QR code.
pub fn qr_svg(data: &str) -> Option<String> {
    let code = qrcode::QrCode::new(data.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}
