//! The deposit bonuses section of `/admin/promos` (`?bonus=<id>` to change one).

use super::super::deposit_bonuses::{SaveDepositBonus, SetDepositBonusActive, admin_list_deposit_bonuses};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, SELECT_CLASS, TD_CLASS};
use crate::i18n::t;
use crate::money::format_idr;
use crate::promos::{PromoKind, format_value};
use crate::ui::form::{Field, FormStatus, action_error};
use crate::wallet::bonuses::DepositBonus;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The section's actions and data, created by the page before its guard (see `RequireUser`).
#[derive(Clone, Copy)]
pub struct DepositBonusesData {
    save: ServerAction<SaveDepositBonus>,
    switch: ServerAction<SetDepositBonusActive>,
    bonuses: Resource<Result<Vec<DepositBonus>, crate::error::AppError>>,
}

impl DepositBonusesData {
    pub fn load() -> DepositBonusesData {
        let save = ServerAction::<SaveDepositBonus>::new();
        let switch = ServerAction::<SetDepositBonusActive>::new();
        let bonuses = Resource::new(
            move || (save.version().get(), switch.version().get()),
            |_| admin_list_deposit_bonuses(),
        );
        DepositBonusesData {
            save,
            switch,
            bonuses,
        }
    }
}

#[component]
pub fn DepositBonuses(data: DepositBonusesData, can_edit: bool) -> impl IntoView {
    let query = use_query_map();
    let DepositBonusesData {
        save,
        switch,
        bonuses,
    } = data;
    let editing = move || query.read().get("bonus").unwrap_or_default();
    view! {
        <section class="mt-10 space-y-3" data-testid="deposit-bonuses">
            <h2 class="text-xl font-bold">{t(AdminText::DepositBonuses)}</h2>
            <p class="text-sm text-slate-600 dark:text-slate-300">{t(AdminText::DepositBonusesLead)}</p>
            <FormStatus error=action_error(switch) />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    bonuses.await.map(|bonuses| {
                        let edited = bonuses.iter().find(|bonus| bonus.id == editing()).cloned();
                        view! {
                            <BonusTable bonuses can_edit switch />
                            {can_edit.then(|| view! { <BonusForm edited save /> })}
                        }
                    })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn BonusTable(
    bonuses: Vec<DepositBonus>,
    can_edit: bool,
    switch: ServerAction<SetDepositBonusActive>,
) -> impl IntoView {
    if bonuses.is_empty() {
        return view! { <p data-testid="no-deposit-bonuses">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&BONUS_COLUMNS testid="admin-deposit-bonuses">
            {bonuses.into_iter().map(|bonus| view! {
                <tr data-testid="deposit-bonus-row" data-name=bonus.name.clone()>
                    <td class=TD_CLASS>{bonus.name.clone()}</td>
                    <td class=TD_CLASS>{format_value(bonus.kind, bonus.amount)}</td>
                    <td class=format!("{TD_CLASS} tabular-nums")>{bonus.cap.map(format_idr).unwrap_or_else(|| "—".into())}</td>
                    <td class=format!("{TD_CLASS} tabular-nums")>{format_idr(bonus.min_deposit)}</td>
                    <td class=TD_CLASS>{format!("{} – {}", bonus.valid_from_date, bonus.valid_until_date)}</td>
                    <td class=TD_CLASS>{if bonus.active { t(AdminText::Active) } else { t(AdminText::Inactive) }}</td>
                    <td class=TD_CLASS>
                        {can_edit.then(|| view! {
                            <a href=format!("/admin/promos?bonus={}", bonus.id) class="mr-3 text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400">{t(AdminText::Edit)}</a>
                            {super::switch_form(switch, ("id", bonus.id.clone()), "active", bonus.active, "switch-deposit-bonus")}
                        })}
                    </td>
                </tr>
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

/// Creates a bonus, or changes the one in `edited`.
#[component]
fn BonusForm(edited: Option<DepositBonus>, save: ServerAction<SaveDepositBonus>) -> impl IntoView {
    let error = action_error(save);
    let title = if edited.is_some() {
        AdminText::EditDepositBonus
    } else {
        AdminText::NewDepositBonus
    };
    let item = edited.clone();
    let value = move |pick: fn(&DepositBonus) -> String| item.as_ref().map(pick).unwrap_or_default();
    let kind = edited.as_ref().map_or(PromoKind::Percent, |bonus| bonus.kind);
    view! {
        <div class="mt-4 space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            <h3 class="text-lg font-semibold">{t(title)}</h3>
            <ActionForm action=save attr:class="grid gap-4 md:grid-cols-3" attr:data-testid="deposit-bonus-form">
                <input type="hidden" name="id" value=value(|bonus| bonus.id.clone()) />
                <Field label=AdminText::Name name="name" id="bonus-name" value=value(|bonus| bonus.name.clone()) required=true error />
                <label class="text-sm font-medium">
                    {t(AdminText::Kind)}
                    <select name="kind" class=SELECT_CLASS>
                        <option value="percent" selected=kind == PromoKind::Percent>{t(AdminText::Percent)}</option>
                        <option value="fixed" selected=kind == PromoKind::Fixed>{t(AdminText::Fixed)}</option>
                    </select>
                </label>
                <Field label=AdminText::Amount name="amount" id="bonus-amount" kind="number" value=value(|bonus| bonus.amount.to_string()) required=true error />
                <Field label=AdminText::BonusCap name="cap" id="bonus-cap" kind="number" value=value(|bonus| bonus.cap.map(|cap| cap.get().to_string()).unwrap_or_default()) error />
                <Field label=AdminText::MinDeposit name="min_deposit" id="bonus-min-deposit" kind="number" value=value(|bonus| bonus.min_deposit.get().to_string()) error />
                <Field label=AdminText::ValidFrom name="valid_from" id="bonus-valid-from" kind="date" value=value(|bonus| bonus.valid_from_date.clone()) required=true error />
                <Field label=AdminText::ValidUntil name="valid_until" id="bonus-valid-until" kind="date" value=value(|bonus| bonus.valid_until_date.clone()) error />
                <div class="md:col-span-3">
                    <FormStatus error />
                    <button type="submit" class=BUTTON_CLASS data-testid="save-deposit-bonus">{t(AdminText::Save)}</button>
                </div>
            </ActionForm>
        </div>
    }
}

const BONUS_COLUMNS: [AdminText; 7] = [
    AdminText::Name,
    AdminText::Amount,
    AdminText::BonusCap,
    AdminText::MinDeposit,
    AdminText::ValidFrom,
    AdminText::Status,
    AdminText::Action,
];
