//! Reading invoices: customers see their own, staff see all.

use super::{InvoiceDocument, InvoiceSummary};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "invoices/mine")]
pub async fn list_my_invoices() -> Result<Vec<InvoiceSummary>, AppError> {
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    let rows = super::invoices::for_user(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?;
    Ok(rows.iter().map(|row| row.summary()).collect())
}

#[server(endpoint = "invoices/get")]
pub async fn get_invoice(id: String) -> Result<InvoiceDocument, AppError> {
    let id = crate::ids::InvoiceId::from(id);
    let user = crate::accounts::auth::ssr::require_user().await?;
    let state = crate::state::AppState::from_context()?;
    ssr::document_for(&state, &id, &user).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::accounts::User;
    use crate::billing::InvoiceDocument;
    use crate::error::AppError;
    use crate::state::AppState;

    /// The signed-in customer's own invoice (to pay it); anyone else's is "not found".
    pub async fn own_invoice(
        state: &AppState,
        id: &crate::ids::InvoiceId,
        user: &User,
    ) -> Result<super::super::invoices::InvoiceRow, AppError> {
        super::super::invoices::find(&state.db, id)
            .await
            .map_err(AppError::internal)?
            .filter(|invoice| invoice.user_id == user.id)
            .ok_or_else(|| AppError::NotFound.with_status())
    }

    /// The invoice if `viewer` owns it or is staff (with 2FA); otherwise "not found".
    pub async fn document_for(
        state: &AppState,
        id: &crate::ids::InvoiceId,
        viewer: &User,
    ) -> Result<InvoiceDocument, AppError> {
        let row = super::super::invoices::find(&state.db, id)
            .await
            .map_err(AppError::internal)?
            .filter(|row| row.user_id == viewer.id || viewer.is_staff())
            .ok_or_else(|| AppError::NotFound.with_status())?;
        super::super::invoices::document(&state.db, &row)
            .await
            .map_err(AppError::internal)
    }
}
