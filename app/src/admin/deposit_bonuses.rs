//! Admin: deposit bonuses (extra balance for top-ups), created and edited in one form and
//! switched on/off; never deleted, the ledger's bonus lines are named after them.
// Form handlers take one argument per form field, so the forms post without JavaScript
// (the generated browser stub repeats the signature, so the allowance is module-wide).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::wallet::bonuses::DepositBonus;
use leptos::prelude::*;

#[server(endpoint = "admin/deposit-bonuses")]
pub async fn admin_list_deposit_bonuses() -> Result<Vec<DepositBonus>, AppError> {
    crate::accounts::auth::ssr::require_staff(crate::accounts::Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    crate::wallet::bonuses::store::list(&state.db)
        .await
        .map_err(AppError::internal)
}

/// Creates a bonus (`id` empty) or changes its terms. Dates are WIB days, both included.
#[server(endpoint = "admin/deposit-bonuses/save")]
pub async fn save_deposit_bonus(
    #[server(default)] id: String,
    name: String,
    kind: String,
    amount: String,
    #[server(default)] cap: String,
    #[server(default)] min_deposit: String,
    valid_from: String,
    #[server(default)] valid_until: String,
) -> Result<(), AppError> {
    use crate::accounts::validation::Checks;
    use crate::audit::AuditAction;
    use crate::money::Rupiah;
    use crate::promos::PromoKind;
    use crate::ui::FormText;
    use crate::wallet::bonuses::store::{NewBonus, create, update};
    let mut change = super::change::AdminChange::begin().await?;
    let mut checks = Checks::default();
    let name = checks.optional_text("name", &name, 80);
    if name.is_empty() {
        checks.fail("name", FormText::Required);
    }
    let kind = PromoKind::from_code(&kind).unwrap_or(PromoKind::Percent);
    let amount = match kind {
        PromoKind::Percent => checks.number("amount", &amount, 1, 100),
        PromoKind::Fixed => checks.number("amount", &amount, 1, 100_000_000),
    };
    let cap = checks.optional_number("cap", &cap, 1, 100_000_000).map(Rupiah);
    let min_deposit = Rupiah(
        checks
            .optional_number("min_deposit", &min_deposit, 0, 1_000_000_000)
            .unwrap_or(0),
    );
    let from = super::ssr::day("valid_from", &valid_from, 0)?;
    let until = super::ssr::day("valid_until", &valid_until, 1)?;
    if from.is_none() {
        checks.fail("valid_from", FormText::Required);
    }
    if let (Some(from), Some(until)) = (from, until)
        && until <= from
    {
        checks.fail("valid_until", FormText::DateInvalid);
    }
    checks.finish()?;
    let bonus = NewBonus {
        name: name.clone(),
        kind,
        amount,
        cap,
        min_deposit,
        valid_from: from.unwrap_or_default(),
        valid_until: until,
    };
    let clock = change.state.clock.clone();
    let (bonus_id, action) = if id.is_empty() {
        let created = create(&mut change.tx, clock.as_ref(), &bonus)
            .await
            .map_err(AppError::internal)?;
        (created, AuditAction::DepositBonusCreated)
    } else {
        if !update(&mut change.tx, clock.as_ref(), &id, &bonus)
            .await
            .map_err(AppError::internal)?
        {
            return Err(AppError::NotFound.with_status());
        }
        (id, AuditAction::DepositBonusUpdated)
    };
    let details = serde_json::json!({
        "name": name, "kind": kind.code(), "amount": amount, "cap": cap, "min_deposit": min_deposit,
        "valid_from": valid_from, "valid_until": valid_until,
    });
    change
        .finish(action, ("deposit_bonus", &bonus_id), details)
        .await?;
    leptos_axum::redirect("/admin/promos");
    Ok(())
}

/// Switches a bonus on (`active` = "true") or off.
#[server(endpoint = "admin/deposit-bonuses/active")]
pub async fn set_deposit_bonus_active(id: String, active: String) -> Result<(), AppError> {
    let active = active == "true";
    let mut change = super::change::AdminChange::begin().await?;
    let clock = change.state.clock.clone();
    if !crate::wallet::bonuses::store::set_active(&mut change.tx, clock.as_ref(), &id, active)
        .await
        .map_err(AppError::internal)?
    {
        return Err(AppError::NotFound.with_status());
    }
    change
        .finish(
            crate::audit::AuditAction::DepositBonusUpdated,
            ("deposit_bonus", &id),
            serde_json::json!({ "active": active }),
        )
        .await?;
    leptos_axum::redirect("/admin/promos");
    Ok(())
}
