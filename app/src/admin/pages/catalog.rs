use super::super::catalog::{AddCatalogEntry, SetCatalogActive, admin_catalog};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, SELECT_CLASS, StaffArea, TD_CLASS};
use crate::accounts::Role;
use crate::catalog::Catalog;
use crate::i18n::t;
use crate::money::format_idr;
use crate::ui::PageTitle;
use crate::ui::form::{FormStatus, INPUT_CLASS, action_error};
use leptos::prelude::*;

/// `/admin/catalog`: providers, regions and images (on/off, add) and the plan list.
#[component]
pub fn AdminCatalogPage() -> impl IntoView {
    let switch = ServerAction::<SetCatalogActive>::new();
    let add = ServerAction::<AddCatalogEntry>::new();
    let catalog = Resource::new(
        move || (switch.version().get(), add.version().get()),
        |_| admin_catalog(),
    );
    view! {
        <PageTitle text=AdminText::Catalog />
        <StaffArea children=move |viewer| {
            let can_edit = viewer.role == Role::Admin;
            view! {
                <h1 class="text-2xl font-bold">{t(AdminText::Catalog)}</h1>
                <FormStatus error=action_error(switch) />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        catalog.await.map(|catalog| view! { <CatalogTables catalog can_edit switch add /> })
                    })}
                </Transition>
            }
        } />
    }
}

#[component]
fn CatalogTables(
    catalog: Catalog,
    can_edit: bool,
    switch: ServerAction<SetCatalogActive>,
    add: ServerAction<AddCatalogEntry>,
) -> impl IntoView {
    let toggle = move |kind: &'static str, id: String, active: bool| {
        can_edit.then(|| view! { <SwitchButton switch kind id active /> })
    };
    let state = |active: bool| {
        if active {
            t(AdminText::Active)
        } else {
            t(AdminText::Inactive)
        }
    };
    // Each row with its provider's name, worked out before the view takes the rows.
    let named = |slug: &str| catalog.provider_name(slug);
    let plans: Vec<_> = catalog
        .plans
        .iter()
        .map(|plan| (named(&plan.provider_slug), plan.clone()))
        .collect();
    let regions: Vec<_> = catalog
        .regions
        .iter()
        .map(|region| (named(&region.provider_slug), region.clone()))
        .collect();
    let images: Vec<_> = catalog
        .images
        .iter()
        .map(|image| (named(&image.provider_slug), image.clone()))
        .collect();
    let (region_form, image_form) = (catalog.clone(), catalog.clone());
    view! {
        <section class="space-y-3">
            <h2 class="text-lg font-semibold">{t(AdminText::Providers)}</h2>
            <DataTable columns=&[AdminText::Name, AdminText::Slug, AdminText::Status, AdminText::Action] testid="admin-providers">
                {catalog.providers.iter().map(|provider| view! {
                    <tr data-testid="provider-row" data-slug=provider.slug.clone()>
                        <td class=TD_CLASS>{provider.name.clone()}</td>
                        <td class=TD_CLASS><code>{provider.slug.clone()}</code></td>
                        <td class=TD_CLASS>{state(provider.active)}</td>
                        <td class=TD_CLASS>{toggle("provider", provider.slug.clone(), provider.active)}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </section>
        <section class="space-y-3">
            <div class="flex items-center justify-between">
                <h2 class="text-lg font-semibold">{t(AdminText::Plans)}</h2>
                {can_edit.then(|| view! { <a href="/admin/catalog/plans/new" class=BUTTON_CLASS data-testid="new-plan">{t(AdminText::NewPlan)}</a> })}
            </div>
            <DataTable columns=&PLAN_COLUMNS testid="admin-plans">
                {plans.into_iter().map(|(provider_name, plan)| view! {
                    <tr data-testid="plan-row">
                        <td class=TD_CLASS>{provider_name}</td>
                        <td class=TD_CLASS>
                            <a href=format!("/admin/catalog/plans/{}", plan.id) class="link">{plan.name.clone()}</a>
                            <p class="text-xs text-slate-600 dark:text-slate-400"><code>{plan.size_slug.clone()}</code></p>
                        </td>
                        <td class=TD_CLASS>{format!("{} vCPU · {} · {} GB", plan.vcpu, plan.memory_label(), plan.disk_gb)}</td>
                        <td class=format!("{TD_CLASS} tabular-nums")>{format_idr(plan.monthly_price)}</td>
                        <td class=TD_CLASS>{format!("{}/{}/{} %", plan.discount_3m, plan.discount_6m, plan.discount_12m)}</td>
                        <td class=TD_CLASS>{plan.region_ids.len()}</td>
                        <td class=TD_CLASS>{state(plan.active)}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </section>
        <section class="space-y-3">
            <h2 class="text-lg font-semibold">{t(AdminText::Regions)}</h2>
            <DataTable columns=&[AdminText::Provider, AdminText::City, AdminText::Country, AdminText::Slug, AdminText::Status, AdminText::Action] testid="admin-regions">
                {regions.into_iter().map(|(provider_name, region)| view! {
                    <tr data-testid="region-row">
                        <td class=TD_CLASS>{provider_name}</td>
                        <td class=TD_CLASS>{region.city.clone()}</td>
                        <td class=TD_CLASS>{region.country.clone()}</td>
                        <td class=TD_CLASS><code>{region.slug.clone()}</code></td>
                        <td class=TD_CLASS>{state(region.active)}</td>
                        <td class=TD_CLASS>{toggle("region", region.id.clone(), region.active)}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
            {can_edit.then(|| view! { <AddEntryForm add kind="region" catalog=region_form.clone() label=AdminText::City detail=AdminText::Country /> })}
        </section>
        <section class="space-y-3">
            <h2 class="text-lg font-semibold">{t(AdminText::Images)}</h2>
            <DataTable columns=&[AdminText::Provider, AdminText::Distro, AdminText::Version, AdminText::Slug, AdminText::Status, AdminText::Action] testid="admin-images">
                {images.into_iter().map(|(provider_name, image)| view! {
                    <tr data-testid="image-row">
                        <td class=TD_CLASS>{provider_name}</td>
                        <td class=TD_CLASS>{image.distro.clone()}</td>
                        <td class=TD_CLASS>{image.version.clone()}</td>
                        <td class=TD_CLASS><code>{image.slug.clone()}</code></td>
                        <td class=TD_CLASS>{state(image.active)}</td>
                        <td class=TD_CLASS>{toggle("image", image.id.clone(), image.active)}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
            {can_edit.then(|| view! { <AddEntryForm add kind="image" catalog=image_form.clone() label=AdminText::Distro detail=AdminText::Version /> })}
        </section>
    }
}

/// "Switch on" / "Switch off" for one provider, region or image.
#[component]
fn SwitchButton(
    switch: ServerAction<SetCatalogActive>,
    kind: &'static str,
    id: String,
    active: bool,
) -> impl IntoView {
    view! {
        <ActionForm action=switch>
            <input type="hidden" name="kind" value=kind />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="active" value=if active { "false" } else { "true" } />
            <button type="submit" class="text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400" data-testid="switch">
                {if active { t(AdminText::Disable) } else { t(AdminText::Enable) }}
            </button>
        </ActionForm>
    }
}

/// Adds a region or an image to a provider.
#[component]
fn AddEntryForm(
    add: ServerAction<AddCatalogEntry>,
    kind: &'static str,
    catalog: Catalog,
    label: AdminText,
    detail: AdminText,
) -> impl IntoView {
    view! {
        <ActionForm action=add attr:class="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800" attr:data-testid=format!("add-{kind}")>
            <input type="hidden" name="kind" value=kind />
            <label class="text-sm font-medium">
                {t(AdminText::Provider)}
                <select name="provider" class=SELECT_CLASS>
                    {catalog.providers.into_iter().map(|provider| view! { <option value=provider.slug>{provider.name}</option> }).collect_view()}
                </select>
            </label>
            <label class="text-sm font-medium">{t(AdminText::Slug)}<input name="slug" required class=INPUT_CLASS /></label>
            <label class="text-sm font-medium">{t(label)}<input name="label" required class=INPUT_CLASS /></label>
            <label class="text-sm font-medium">{t(detail)}<input name="detail" required class=INPUT_CLASS /></label>
            <button type="submit" class=BUTTON_CLASS>{t(AdminText::Add)}</button>
            <FormStatus error=action_error(add) />
        </ActionForm>
    }
}

const PLAN_COLUMNS: [AdminText; 7] = [
    AdminText::Provider,
    AdminText::Plan,
    AdminText::Details,
    AdminText::MonthlyPrice,
    AdminText::Discounts,
    AdminText::Regions,
    AdminText::Status,
];
