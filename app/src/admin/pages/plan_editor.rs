use super::super::catalog::{SavePlan, SetPlanRegion, admin_catalog};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, SELECT_CLASS, StaffArea};
use crate::accounts::Role;
use crate::catalog::{Catalog, Plan};
use crate::i18n::t;
use crate::ui::form::{Field, FormStatus, action_error, action_notice};
use crate::ui::{FormText, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/admin/catalog/plans/:id` (`new` for a new plan): specifications, prices, cycle
/// discounts and visibility in one form; availability per region beside it.
#[component]
pub fn PlanEditorPage() -> impl IntoView {
    let params = use_params_map();
    let save = ServerAction::<SavePlan>::new();
    let availability = ServerAction::<SetPlanRegion>::new();
    let catalog = Resource::new(
        move || (save.version().get(), availability.version().get()),
        |_| admin_catalog(),
    );
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <PageTitle text=AdminText::Plans />
        <StaffArea children=move |viewer| {
            let can_edit = viewer.role == Role::Admin;
            view! {
                <a href="/admin/catalog" class="text-sm text-sky-700 hover:underline dark:text-sky-400">{t(AdminText::Back)}</a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let catalog = catalog.await?;
                        let plan = match id().as_str() {
                            "new" => None,
                            id => Some(catalog.plan(id).cloned().ok_or(crate::error::AppError::NotFound)?),
                        };
                        Ok::<_, crate::error::AppError>(view! {
                            <PlanForm plan=plan.clone() catalog=catalog.clone() can_edit save />
                            {plan.map(|plan| view! { <PlanRegions plan catalog can_edit availability /> })}
                        })
                    })}
                </Transition>
            }
        } />
    }
}

#[component]
fn PlanForm(
    plan: Option<Plan>,
    catalog: Catalog,
    can_edit: bool,
    save: ServerAction<SavePlan>,
) -> impl IntoView {
    let error = action_error(save);
    let is_new = plan.is_none();
    let plan = plan.unwrap_or(Plan {
        id: String::new(),
        provider_slug: String::new(),
        size_slug: String::new(),
        name: String::new(),
        vcpu: 1,
        memory_mb: 1024,
        disk_gb: 25,
        transfer_gb: 1000,
        monthly_price: crate::money::Rupiah::ZERO,
        discount_3m: 0,
        discount_6m: 5,
        discount_12m: 10,
        active: true,
        sort_order: 0,
        region_ids: Vec::new(),
    });
    let number = |value: i64| value.to_string();
    let new_title = t(AdminText::NewPlan);
    let name = plan.name.clone();
    let title = move || {
        if is_new {
            new_title().to_string()
        } else {
            name.clone()
        }
    };
    view! {
        <h1 class="mt-2 text-2xl font-bold" data-testid="plan-title">{title}</h1>
        <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::PriceNote)}</p>
        <ActionForm action=save attr:class="mt-4 grid gap-4 md:grid-cols-3" attr:data-testid="plan-form">
            <input type="hidden" name="id" value=plan.id.clone() />
            {if is_new {
                view! {
                    <label class="text-sm font-medium">
                        {t(AdminText::Provider)}
                        <select name="provider" class=SELECT_CLASS>
                            {catalog.providers.iter().map(|provider| view! { <option value=provider.slug.clone()>{provider.name.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                }.into_any()
            } else {
                view! { <input type="hidden" name="provider" value=plan.provider_slug.clone() /> }.into_any()
            }}
            <Field label=AdminText::Name name="name" value=plan.name.clone() required=true error />
            <Field label=AdminText::SizeSlug name="size_slug" value=plan.size_slug.clone() required=true error />
            <Field label=AdminText::Vcpu name="vcpu" kind="number" value=number(plan.vcpu.into()) required=true error />
            <Field label=AdminText::MemoryMb name="memory_mb" kind="number" value=number(plan.memory_mb.into()) required=true error />
            <Field label=AdminText::DiskGb name="disk_gb" kind="number" value=number(plan.disk_gb.into()) required=true error />
            <Field label=AdminText::TransferGb name="transfer_gb" kind="number" value=number(plan.transfer_gb.into()) required=true error />
            <Field label=AdminText::MonthlyPrice name="monthly_price" kind="number" value=number(plan.monthly_price.get()) required=true error />
            <Field label=AdminText::SortOrder name="sort_order" kind="number" value=number(plan.sort_order.into()) error />
            <Field label=AdminText::Discount3 name="discount_3m" kind="number" value=number(plan.discount_3m.into()) required=true error />
            <Field label=AdminText::Discount6 name="discount_6m" kind="number" value=number(plan.discount_6m.into()) required=true error />
            <Field label=AdminText::Discount12 name="discount_12m" kind="number" value=number(plan.discount_12m.into()) required=true error />
            <label class="flex items-center gap-2 text-sm font-medium">
                <input type="checkbox" name="active" value="true" checked=plan.active />
                {t(AdminText::Orderable)}
            </label>
            <div class="md:col-span-3">
                <FormStatus error success=action_notice(save, FormText::Saved) />
                {can_edit.then(|| view! { <button type="submit" class=BUTTON_CLASS data-testid="save-plan">{t(AdminText::Save)}</button> })}
            </div>
        </ActionForm>
    }
}

/// The provider's regions with this plan's availability in each, switchable.
#[component]
fn PlanRegions(
    plan: Plan,
    catalog: Catalog,
    can_edit: bool,
    availability: ServerAction<SetPlanRegion>,
) -> impl IntoView {
    let regions: Vec<_> = catalog
        .regions
        .into_iter()
        .filter(|region| region.provider_slug == plan.provider_slug)
        .collect();
    view! {
        <section class="mt-6 space-y-2">
            <h2 class="text-lg font-semibold">{t(AdminText::Availability)}</h2>
            <FormStatus error=action_error(availability) />
            <ul class="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800" data-testid="plan-regions">
                {regions.into_iter().map(|region| {
                    let available = plan.available_in(&region.id);
                    let plan_id = plan.id.clone();
                    view! {
                        <li class="flex items-center justify-between gap-3 p-3" data-testid="plan-region" data-region=region.slug.clone()>
                            <span>{region.label()}</span>
                            <span class="flex items-center gap-3">
                                <span data-testid="plan-region-state">{if available { t(AdminText::Available) } else { t(AdminText::Unavailable) }}</span>
                                {can_edit.then(|| view! {
                                    <ActionForm action=availability>
                                        <input type="hidden" name="plan" value=plan_id />
                                        <input type="hidden" name="region" value=region.id.clone() />
                                        <input type="hidden" name="available" value=if available { "false" } else { "true" } />
                                        <button type="submit" class="text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400" data-testid="toggle-region">
                                            {if available { t(AdminText::Disable) } else { t(AdminText::Enable) }}
                                        </button>
                                    </ActionForm>
                                })}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
