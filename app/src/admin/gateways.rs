//! Admin: the payment gateways this instance runs (from configuration: which one opens new
//! payments, sandbox or production, keys masked, the webhook address to give the gateway)
//! and the payment methods, which admins switch off and on (audited).

use crate::error::AppError;
use crate::payments::{GatewaySetup, PaymentMethod};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One configured gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayLine {
    pub name: String,
    /// New payments go to this one; the others only still hear their webhooks.
    pub opens_payments: bool,
    pub setup: GatewaySetup,
    /// The full address to enter in the gateway's dashboard.
    pub webhook_url: String,
}

/// A method of the gateway that opens payments, and whether customers may pick it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodLine {
    pub method: PaymentMethod,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewaysView {
    pub gateways: Vec<GatewayLine>,
    pub methods: Vec<MethodLine>,
}

/// The gateways and methods (support and admins).
#[server(endpoint = "admin/payments/gateways")]
pub async fn admin_gateways() -> Result<GatewaysView, AppError> {
    use crate::payments::PaymentGateways;
    crate::accounts::auth::ssr::require_staff(crate::accounts::Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let gateways = crate::state::use_server::<PaymentGateways>()?;
    let opening = gateways.active().map(|gateway| gateway.name());
    let public_url = state.settings.public_url.trim_end_matches('/');
    let off = crate::payments::switches::switched_off(&state.db)
        .await
        .map_err(AppError::internal)?;
    Ok(GatewaysView {
        gateways: gateways
            .all()
            .map(|gateway| GatewayLine {
                name: gateway.name().to_string(),
                opens_payments: opening == Some(gateway.name()),
                setup: gateway.setup(),
                webhook_url: format!(
                    "{public_url}{}",
                    crate::payments::intake::webhook_path(gateway.name())
                ),
            })
            .collect(),
        methods: gateways
            .methods()
            .into_iter()
            .map(|method| MethodLine {
                method,
                enabled: !off.contains(&method),
            })
            .collect(),
    })
}

/// Switches a payment method on (`enabled` = "true") or off for new payments (admins).
/// Attempts already opened with it still settle.
#[server(endpoint = "admin/payments/method")]
pub async fn switch_payment_method(method: String, enabled: String) -> Result<(), AppError> {
    let method = PaymentMethod::from_code(&method).ok_or_else(|| AppError::NotFound.with_status())?;
    let enabled = enabled == "true";
    let mut change = super::change::AdminChange::begin().await?;
    let clock = change.state.clock.clone();
    crate::payments::switches::set(&mut change.tx, clock.as_ref(), method, enabled)
        .await
        .map_err(AppError::internal)?;
    change
        .finish(
            crate::audit::AuditAction::PaymentMethodSwitched,
            ("payment_method", method.code()),
            serde_json::json!({ "enabled": enabled }),
        )
        .await
}
