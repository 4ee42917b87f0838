use super::PlanCardView;
use crate::catalog::{CatalogText, PlanFilter, PlanListing, PlanSort, list_plans};
use crate::i18n::t;
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// `/plans?provider=&location=&max_price=&cpu=&ram=&sort=`: the filters are a GET form,
/// so without JavaScript a submit reloads the page with the filters in the URL; with it,
/// the router navigates in place as soon as a filter changes.
#[component]
pub fn PlansPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let get = |name: &str| query.get(name).unwrap_or_default();
        PlanFilter {
            provider: get("provider"),
            location: get("location"),
            max_price: get("max_price"),
            cpu: get("cpu"),
            ram: get("ram"),
            sort: get("sort"),
        }
    });
    let listing = Resource::new(move || filter.get(), list_plans);
    view! {
        <PageTitle text=CatalogText::PlansTitle />
        <section class="space-y-6">
            <header>
                <h1 class="text-3xl font-bold">{t(CatalogText::PlansTitle)}</h1>
                <p class="mt-2 text-slate-600 dark:text-slate-300">{t(CatalogText::PlansLead)}</p>
            </header>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    listing.await.map(|listing| view! { <PlanResults listing filter /> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PlanResults(listing: PlanListing, filter: Memo<PlanFilter>) -> impl IntoView {
    let count = listing.plans.len();
    view! {
        <FilterForm listing=listing.clone() filter />
        // The results' heading, so the plan cards' headings (h3) follow an h2.
        <h2 class="text-sm font-normal text-slate-600 dark:text-slate-400" data-testid="plan-count">
            <span>{count.to_string()}</span>
            <span>{" "}</span>
            <span>{t(CatalogText::PlansFound)}</span>
        </h2>
        {if listing.plans.is_empty() {
            view! { <p data-testid="no-plans" class="rounded-lg bg-slate-100 p-4 dark:bg-slate-900">{t(CatalogText::NoPlans)}</p> }.into_any()
        } else {
            view! {
                <div class="grid gap-6 sm:grid-cols-2 lg:grid-cols-3" data-testid="plans">
                    {listing.plans.into_iter().map(|card| view! { <PlanCardView card /> }).collect_view()}
                </div>
            }
            .into_any()
        }}
    }
}

#[component]
fn FilterForm(listing: PlanListing, filter: Memo<PlanFilter>) -> impl IntoView {
    // Any change submits the form at once (number fields when the visitor leaves them);
    // the router's `Form` turns that into an in-place navigation.
    let apply = |event: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        if let Some(form) = event
            .current_target()
            .and_then(|target| target.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
        {
            let _ = form.request_submit();
        }
    };
    let current = filter.get_untracked();
    let sorts = [
        (PlanSort::PriceLow, CatalogText::SortPriceLow),
        (PlanSort::PriceHigh, CatalogText::SortPriceHigh),
        (PlanSort::Cpu, CatalogText::SortCpu),
        (PlanSort::Memory, CatalogText::SortMemory),
    ];
    let sort = current.sort();
    view! {
        <Form method="GET" action="/plans" attr:class="grid gap-3 rounded-xl border border-slate-200 p-4 sm:grid-cols-3 lg:grid-cols-7 dark:border-slate-800" attr:role="search" attr:data-testid="plan-filters" on:change=apply>
            <label class="text-sm font-medium">
                {t(CatalogText::Provider)}
                <select name="provider" class=INPUT_CLASS>
                    <option value="">{t(CatalogText::Any)}</option>
                    {listing.providers.into_iter().map(|provider| {
                        let selected = provider.slug == current.provider;
                        view! { <option value=provider.slug selected=selected>{provider.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="text-sm font-medium">
                {t(CatalogText::Location)}
                <select name="location" class=INPUT_CLASS>
                    <option value="">{t(CatalogText::Any)}</option>
                    {listing.cities.into_iter().map(|city| {
                        let selected = city == current.location;
                        let value = city.clone();
                        view! { <option value=value selected=selected>{city}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="text-sm font-medium">
                {t(CatalogText::MaxPrice)}
                <input name="max_price" type="number" min="0" step="1000" inputmode="numeric" class=INPUT_CLASS value=current.max_price.clone() />
            </label>
            <label class="text-sm font-medium">
                {t(CatalogText::MinCpu)}
                <input name="cpu" type="number" min="1" max="64" class=INPUT_CLASS value=current.cpu.clone() />
            </label>
            <label class="text-sm font-medium">
                {t(CatalogText::MinRam)}
                <input name="ram" type="number" min="1" max="256" class=INPUT_CLASS value=current.ram.clone() />
            </label>
            <label class="text-sm font-medium">
                {t(CatalogText::Sort)}
                <select name="sort" class=INPUT_CLASS>
                    {sorts.into_iter().map(|(option, label)| view! {
                        <option value=option.code() selected=option == sort>{t(label)}</option>
                    }).collect_view()}
                </select>
            </label>
            <div class="flex items-end gap-2">
                <button type="submit" class="rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800">{t(CatalogText::ApplyFilters)}</button>
                <a href="/plans" class="px-2 py-2 text-sm text-slate-600 hover:underline dark:text-slate-300">{t(CatalogText::ResetFilters)}</a>
            </div>
        </Form>
    }
}
