//! Admin: promo codes with their usage, created and edited in one form, switched on/off.
//! A promo that has been used is never deleted (orders refer to it): it is switched off.
// Form handlers take one argument per form field, so the forms post without JavaScript
// (the generated browser stub repeats the signature, so the allowance is module-wide).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::money::Rupiah;
use crate::promos::Promo;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A promo with what it brought in (orders that were paid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoListItem {
    pub promo: Promo,
    /// Validity as WIB calendar days (`YYYY-MM-DD`) for the edit form; `until` is the last day.
    pub valid_from_date: String,
    pub valid_until_date: String,
    pub paid_orders: i64,
    pub customers: i64,
    pub discount_given: Rupiah,
}

#[server(endpoint = "admin/promos")]
pub async fn admin_list_promos() -> Result<Vec<PromoListItem>, AppError> {
    use crate::accounts::Role;
    use crate::accounts::auth::ssr::require_staff;
    use crate::promos::store::{list, usage};
    require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let promos = list(&state.db).await.map_err(AppError::internal)?;
    let usage = usage(&state.db).await.map_err(AppError::internal)?;
    Ok(promos
        .iter()
        .map(|row| {
            let used = usage
                .iter()
                .find(|u| u.promo_id == row.id)
                .cloned()
                .unwrap_or_default();
            PromoListItem {
                promo: row.to_promo(),
                valid_from_date: crate::clock::wib_date(&row.valid_from),
                valid_until_date: row
                    .valid_until
                    .map(|until| crate::clock::wib_date(&(until - chrono::Duration::seconds(1))))
                    .unwrap_or_default(),
                paid_orders: used.paid_orders,
                customers: used.customers,
                discount_given: used.discount_given,
            }
        })
        .collect())
}

/// Creates a promo (`id` empty) or changes its terms. Dates are WIB days, both included;
/// lists (providers, plan ids, cycles in months) are comma-separated, empty = any.
#[server(endpoint = "admin/promos/save")]
pub async fn save_promo(
    #[server(default)] id: String,
    code: String,
    #[server(default)] description: String,
    kind: String,
    amount: String,
    valid_from: String,
    #[server(default)] valid_until: String,
    #[server(default)] max_uses: String,
    #[server(default)] max_uses_per_customer: String,
    #[server(default)] min_order: String,
    #[server(default)] providers: String,
    #[server(default)] plans: String,
    #[server(default)] cycles: String,
    #[server(default)] first_order_only: String,
) -> Result<(), AppError> {
    use crate::accounts::validation::{Checks, field_error};
    use crate::audit::AuditAction;
    use crate::promos::store::{NewPromo, create, update};
    use crate::promos::{PromoKind, normalize_code};
    use crate::ui::FormText;
    let mut change = super::change::AdminChange::begin().await?;
    let mut checks = Checks::default();
    let code = normalize_code(&code);
    if !(3..=32).contains(&code.len())
        || !code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    {
        checks.fail("code", FormText::PromoCodeInvalid);
    }
    let kind = PromoKind::from_code(&kind).unwrap_or(PromoKind::Percent);
    let amount = match kind {
        PromoKind::Percent => checks.number("amount", &amount, 1, 100),
        PromoKind::Fixed => checks.number("amount", &amount, 1, 1_000_000_000),
    };
    let from = super::ssr::day("valid_from", &valid_from, 0)?;
    let until = super::ssr::day("valid_until", &valid_until, 1)?;
    if from.is_none() {
        checks.fail("valid_from", FormText::Required);
    }
    let count = |checks: &mut Checks, field: &str, text: &str| {
        checks
            .optional_number(field, text, 1, 1_000_000)
            .map(|n| n as i32)
    };
    let list = crate::promos::split_list;
    let cycles: Vec<i32> = list(&cycles).iter().filter_map(|c| c.parse().ok()).collect();
    if cycles
        .iter()
        .any(|c| crate::catalog::BillingCycle::from_months(i64::from(*c)).is_none())
    {
        checks.fail("cycles", FormText::NumberInvalid);
    }
    let promo = NewPromo {
        code: code.clone(),
        description: checks.optional_text("description", &description, 200),
        kind,
        amount,
        valid_from: from.unwrap_or_default(),
        valid_until: until,
        max_uses: count(&mut checks, "max_uses", &max_uses),
        max_uses_per_customer: count(&mut checks, "max_uses_per_customer", &max_uses_per_customer),
        min_order: crate::money::Rupiah(
            checks
                .optional_number("min_order", &min_order, 0, 1_000_000_000)
                .unwrap_or(0),
        ),
        provider_slugs: list(&providers),
        plan_ids: list(&plans),
        cycles,
        first_order_only: first_order_only == "true",
    };
    checks.finish()?;
    let clock = change.state.clock.clone();
    let (promo_id, action) = if id.is_empty() {
        let created = create(&mut change.tx, clock.as_ref(), &promo)
            .await
            .map_err(AppError::internal)?;
        (
            created.ok_or_else(|| field_error("code", FormText::PromoCodeTaken))?,
            AuditAction::PromoCreated,
        )
    } else {
        if !update(&mut change.tx, clock.as_ref(), &id, &promo)
            .await
            .map_err(AppError::internal)?
        {
            return Err(AppError::NotFound.with_status());
        }
        (id, AuditAction::PromoUpdated)
    };
    let details = serde_json::json!({
        "code": code, "kind": kind.code(), "amount": amount, "valid_from": valid_from, "valid_until": valid_until,
        "max_uses": promo.max_uses, "max_uses_per_customer": promo.max_uses_per_customer,
        "min_order": promo.min_order, "providers": promo.provider_slugs, "plans": promo.plan_ids,
        "cycles": promo.cycles, "first_order_only": promo.first_order_only,
    });
    change.finish(action, ("promo", &promo_id), details).await?;
    leptos_axum::redirect("/admin/promos");
    Ok(())
}

/// Switches a promo on (`active` = "true") or off.
#[server(endpoint = "admin/promos/active")]
pub async fn set_promo_active(id: String, active: String) -> Result<(), AppError> {
    let active = active == "true";
    let mut change = super::change::AdminChange::begin().await?;
    let clock = change.state.clock.clone();
    if !crate::promos::store::set_active(&mut change.tx, clock.as_ref(), &id, active)
        .await
        .map_err(AppError::internal)?
    {
        return Err(AppError::NotFound.with_status());
    }
    change
        .finish(
            crate::audit::AuditAction::PromoUpdated,
            ("promo", &id),
            serde_json::json!({ "active": active }),
        )
        .await?;
    leptos_axum::redirect("/admin/promos");
    Ok(())
}
