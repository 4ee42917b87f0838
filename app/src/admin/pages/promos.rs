use super::super::promos::{PromoListItem, SavePromo, SetPromoActive, admin_list_promos};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, SELECT_CLASS, StaffArea, TD_CLASS};
use crate::accounts::Role;
use crate::i18n::t;
use crate::money::format_idr;
use crate::promos::PromoKind;
use crate::ui::PageTitle;
use crate::ui::form::{Field, FormStatus, action_error};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin/promos` (`?edit=<id>` to change one): promo codes with usage, and the form.
#[component]
pub fn AdminPromosPage() -> impl IntoView {
    let query = use_query_map();
    let save = ServerAction::<SavePromo>::new();
    let switch = ServerAction::<SetPromoActive>::new();
    let promos = Resource::new(
        move || (save.version().get(), switch.version().get()),
        |_| admin_list_promos(),
    );
    let bonuses = super::deposit_bonuses::DepositBonusesData::load();
    let editing = move || query.read().get("edit").unwrap_or_default();
    view! {
        <PageTitle text=AdminText::Promos />
        <StaffArea children=move |viewer| {
            let can_edit = viewer.role == Role::Admin;
            view! {
                <h1 class="text-2xl font-bold">{t(AdminText::Promos)}</h1>
                <FormStatus error=action_error(switch) />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        promos.await.map(|promos| {
                            let edited = promos.iter().find(|item| item.promo.id == editing()).cloned();
                            view! {
                                <PromoTable promos can_edit switch />
                                {can_edit.then(|| view! { <PromoForm edited save /> })}
                            }
                        })
                    })}
                </Transition>
                <super::deposit_bonuses::DepositBonuses data=bonuses can_edit />
            }
        } />
    }
}

#[component]
fn PromoTable(
    promos: Vec<PromoListItem>,
    can_edit: bool,
    switch: ServerAction<SetPromoActive>,
) -> impl IntoView {
    if promos.is_empty() {
        return view! { <p data-testid="no-promos">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&PROMO_COLUMNS testid="admin-promos">
            {promos.into_iter().map(|item| {
                let promo = item.promo;
                let value = crate::promos::format_value(promo.kind, promo.amount);
                let limit = promo.max_uses.map(|max| max.to_string());
                view! {
                    <tr data-testid="promo-row" data-code=promo.code.clone()>
                        <td class=TD_CLASS>
                            <code class="font-semibold">{promo.code.clone()}</code>
                            <p class="text-xs text-slate-600 dark:text-slate-400">{promo.description.clone()}</p>
                        </td>
                        <td class=TD_CLASS>{value}</td>
                        <td class=TD_CLASS>{format!("{} – {}", item.valid_from_date, item.valid_until_date)}</td>
                        <td class=TD_CLASS data-testid="promo-uses">
                            <span>{format!("{} / ", promo.uses)}</span>
                            {match limit { Some(limit) => view! { <span>{limit}</span> }.into_any(), None => view! { <span>{t(AdminText::Unlimited)}</span> }.into_any() }}
                        </td>
                        <td class=TD_CLASS data-testid="promo-paid-orders">{item.paid_orders}</td>
                        <td class=TD_CLASS>{item.customers}</td>
                        <td class=format!("{TD_CLASS} tabular-nums")>{format_idr(item.discount_given)}</td>
                        <td class=TD_CLASS data-testid="promo-state">{if promo.active { t(AdminText::Active) } else { t(AdminText::Inactive) }}</td>
                        <td class=TD_CLASS>
                            {can_edit.then(|| view! {
                                <a href=format!("/admin/promos?edit={}", promo.id) class="mr-3 text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400">{t(AdminText::Edit)}</a>
                                {super::switch_form(switch, ("id", promo.id.clone()), "active", promo.active, "switch-promo")}
                            })}
                        </td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

/// Creates a promo, or changes the one in `edited` (its code stays).
#[component]
fn PromoForm(edited: Option<PromoListItem>, save: ServerAction<SavePromo>) -> impl IntoView {
    let error = action_error(save);
    let is_new = edited.is_none();
    let item = edited.clone();
    let value = move |pick: fn(&PromoListItem) -> String| item.as_ref().map(pick).unwrap_or_default();
    let kind = edited
        .as_ref()
        .map(|item| item.promo.kind)
        .unwrap_or(PromoKind::Percent);
    view! {
        <section class="mt-6 space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
            <h2 class="text-lg font-semibold">{if is_new { t(AdminText::NewPromo) } else { t(AdminText::EditPromo) }}</h2>
            <ActionForm action=save attr:class="grid gap-4 md:grid-cols-3" attr:data-testid="promo-form">
                <input type="hidden" name="id" value=value(|item| item.promo.id.clone()) />
                {match edited.as_ref() {
                    // The code of an existing promo stays (customers may have it already).
                    Some(item) => view! {
                        <div>
                            <p class="text-sm font-medium">{t(AdminText::Code)}</p>
                            <p class="mt-2 font-mono font-semibold">{item.promo.code.clone()}</p>
                            <input type="hidden" name="code" value=item.promo.code.clone() />
                        </div>
                    }.into_any(),
                    None => view! { <Field label=AdminText::Code name="code" required=true error /> }.into_any(),
                }}
                <Field label=AdminText::Description name="description" value=value(|item| item.promo.description.clone()) error />
                <label class="text-sm font-medium">
                    {t(AdminText::Kind)}
                    <select name="kind" class=SELECT_CLASS>
                        <option value="percent" selected=kind == PromoKind::Percent>{t(AdminText::Percent)}</option>
                        <option value="fixed" selected=kind == PromoKind::Fixed>{t(AdminText::Fixed)}</option>
                    </select>
                </label>
                <Field label=AdminText::Amount name="amount" kind="number" value=value(|item| item.promo.amount.to_string()) required=true error />
                <Field label=AdminText::ValidFrom name="valid_from" kind="date" value=value(|item| item.valid_from_date.clone()) required=true error />
                <Field label=AdminText::ValidUntil name="valid_until" kind="date" value=value(|item| item.valid_until_date.clone()) error />
                <Field label=AdminText::MaxUses name="max_uses" kind="number" value=value(|item| item.promo.max_uses.map(|n| n.to_string()).unwrap_or_default()) error />
                <Field label=AdminText::MaxPerCustomer name="max_uses_per_customer" kind="number" value=value(|item| item.promo.max_uses_per_customer.map(|n| n.to_string()).unwrap_or_default()) error />
                <Field label=AdminText::MinOrder name="min_order" kind="number" value=value(|item| item.promo.min_order.get().to_string()) error />
                <Field label=AdminText::OnlyProviders name="providers" value=value(|item| item.promo.provider_slugs.join(",")) error />
                <Field label=AdminText::OnlyPlans name="plans" value=value(|item| item.promo.plan_ids.join(",")) error />
                <Field label=AdminText::OnlyCycles name="cycles" value=value(|item| item.promo.cycles.iter().map(i32::to_string).collect::<Vec<_>>().join(",")) error />
                <label class="flex items-center gap-2 text-sm font-medium">
                    <input type="checkbox" name="first_order_only" value="true" checked=edited.as_ref().is_some_and(|item| item.promo.first_order_only) />
                    {t(AdminText::FirstOrderOnly)}
                </label>
                <div class="md:col-span-3">
                    <FormStatus error />
                    <button type="submit" class=BUTTON_CLASS data-testid="save-promo">{t(AdminText::Save)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

const PROMO_COLUMNS: [AdminText; 9] = [
    AdminText::Code,
    AdminText::Amount,
    AdminText::ValidFrom,
    AdminText::Uses,
    AdminText::PaidOrders,
    AdminText::Customers,
    AdminText::DiscountGiven,
    AdminText::Status,
    AdminText::Action,
];
