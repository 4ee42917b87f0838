//! `GET /wallet/ledger.csv[?kind=…]`: the signed-in customer's whole ledger (or one kind of
//! it), oldest line first, for their bookkeeping. Written with the `csv` crate; text cells
//! that a spreadsheet would run as a formula are prefixed with `'`.

use super::LedgerKind;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

pub const CSV_PATH: &str = "/wallet/ledger.csv";
/// Enough for years of activity; a bound so one request cannot read without end.
const MAX_LINES: i64 = 100_000;

#[derive(serde::Deserialize)]
pub struct Filter {
    #[serde(default)]
    kind: String,
}

pub async fn download(
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
    session: tower_sessions::Session,
) -> Response {
    let user = match crate::accounts::auth::ssr::session_user(&state, &session, None).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            let next = crate::url::percent_encode(CSV_PATH);
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let kind = LedgerKind::from_code(&filter.kind);
    let mut lines = match super::store::ledger(&state.db, &user.id, kind, MAX_LINES).await {
        Ok(lines) => lines,
        Err(error) => {
            tracing::error!(%error, "wallet ledger export failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    lines.reverse();
    match render(&lines) {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"webrana-saldo.csv\"",
                ),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "wallet ledger export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The lines as CSV with a header row; amounts in whole rupiah, signed.
pub fn render(lines: &[super::LedgerLine]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "created_at",
        "kind",
        "amount",
        "balance_after",
        "reference",
        "note",
    ])?;
    for line in lines {
        writer.write_record([
            line.created_at.as_str(),
            line.kind.code(),
            &line.amount.get().to_string(),
            &line.balance_after.get().to_string(),
            &inert(line.reference.as_deref().unwrap_or_default()),
            &inert(&line.note),
        ])?;
    }
    writer.into_inner().map_err(|error| error.into_error().into())
}

/// A text cell a spreadsheet will not evaluate.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Rupiah;
    use crate::wallet::LedgerLine;

    #[test]
    fn lines_become_quoted_csv_without_formulas() {
        let line = LedgerLine {
            id: "1".into(),
            kind: LedgerKind::Adjustment,
            amount: Rupiah(-5_000),
            balance_after: Rupiah(10_000),
            reference: None,
            note: "=HYPERLINK(\"x\"), koreksi".into(),
            created_at: "2026-12-04T20:00:00Z".into(),
        };
        let csv = String::from_utf8(render(&[line]).unwrap()).unwrap();
        assert_eq!(
            csv,
            "created_at,kind,amount,balance_after,reference,note\n\
             2026-12-04T20:00:00Z,adjustment,-5000,10000,,\"'=HYPERLINK(\"\"x\"\"), koreksi\"\n"
        );
    }
}
