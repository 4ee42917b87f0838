use super::super::services::{AdminServiceLine, SERVICE_PAGE_SIZE, admin_list_services};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, ProviderFilter, SELECT_CLASS, StaffArea, TD_CLASS, next_page_href};
use crate::admin::catalog::admin_catalog;
use crate::i18n::t;
use crate::services::ServiceStatus;
use crate::services::pages::{ProviderBadge, ServiceBadges};
use crate::services::texts::status_text;
use crate::ui::form::INPUT_CLASS;
use crate::ui::{PageTitle, short_time};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const FILTERS: [&str; 4] = ["q", "status", "provider", "expiring"];

/// `/admin/services?q=&status=&provider=&expiring=&page=`: every service, filters in the URL.
#[component]
pub fn AdminServicesPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &'static str| query.read().get(name).unwrap_or_default();
    let page = move || param("page").parse::<i64>().unwrap_or(0).max(0);
    let services = Resource::new(
        move || (FILTERS.map(param), page()),
        |([q, status, provider, expiring], page)| admin_list_services(q, status, provider, expiring, page),
    );
    let catalog = Resource::new(|| (), |_| admin_catalog());
    view! {
        <PageTitle text=AdminText::Services />
        <StaffArea children=move |_| view! { <ServiceBrowser services catalog /> } />
    }
}

#[component]
fn ServiceBrowser(
    services: Resource<Result<Vec<AdminServiceLine>, crate::error::AppError>>,
    catalog: Resource<Result<crate::catalog::Catalog, crate::error::AppError>>,
) -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &'static str| query.read().get(name).unwrap_or_default();
    let next_page = next_page_href("/admin/services", &FILTERS);
    let statuses = [
        ServiceStatus::Active,
        ServiceStatus::Suspended,
        ServiceStatus::Terminated,
    ];
    view! {
        <section class="space-y-4">
            <h1 class="text-2xl font-bold">{t(AdminText::Services)}</h1>
            <form method="get" action="/admin/services" class="flex flex-wrap items-end gap-3" role="search">
                <div>
                    <label for="q" class="block text-sm font-medium">{t(AdminText::SearchServices)}</label>
                    <input id="q" name="q" type="search" class=INPUT_CLASS prop:value=move || param("q") />
                </div>
                <div>
                    <label for="status" class="block text-sm font-medium">{t(AdminText::Status)}</label>
                    <select id="status" name="status" class=SELECT_CLASS>
                        <option value="">{t(AdminText::Any)}</option>
                        {statuses.into_iter().map(|status| view! {
                            <option value=status.code() selected=move || param("status") == status.code()>{t(status_text(status))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <ProviderFilter catalog />
                <div>
                    <label for="expiring" class="block text-sm font-medium">{t(AdminText::ExpiringWithin)}</label>
                    <input id="expiring" name="expiring" type="number" min="0" class=INPUT_CLASS prop:value=move || param("expiring") />
                </div>
                <button type="submit" class=BUTTON_CLASS>{t(AdminText::Filter)}</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    services.await.map(|services| {
                        let full_page = services.len() as i64 == SERVICE_PAGE_SIZE;
                        view! {
                            <ServiceTable services />
                            {full_page.then(|| view! { <a href=next_page class="text-sm font-semibold text-sky-700 dark:text-sky-400">{t(AdminText::Next)}</a> })}
                        }
                    })
                })}
            </Transition>
        </section>
    }
}

const SERVICE_COLUMNS: [AdminText; 6] = [
    AdminText::Server,
    AdminText::Customer,
    AdminText::Plan,
    AdminText::IpAddress,
    AdminText::Status,
    AdminText::PaidUntil,
];

#[component]
fn ServiceTable(services: Vec<AdminServiceLine>) -> impl IntoView {
    if services.is_empty() {
        return view! { <p data-testid="no-services">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&SERVICE_COLUMNS testid="admin-services">
            {services.into_iter().map(|line| {
                let service = line.service;
                view! {
                    <tr data-testid="admin-service-row" data-status=service.status.code()>
                        <td class=TD_CLASS>
                            <a href=format!("/admin/services/{}", service.id) class="font-semibold text-sky-700 hover:underline dark:text-sky-400">{service.hostname.clone()}</a>
                        </td>
                        <td class=TD_CLASS>{line.customer_email}</td>
                        <td class=TD_CLASS>
                            <ProviderBadge name=service.provider_name.clone() />
                            <span class="ml-1">{format!("{} · {}", service.plan_name, service.region_label)}</span>
                        </td>
                        <td class=format!("{TD_CLASS} font-mono")>{service.ipv4.clone().unwrap_or_default()}</td>
                        <td class=TD_CLASS>
                            <span class="mr-1 text-xs font-semibold">{t(status_text(service.status))}</span>
                            <ServiceBadges status=service.status power_state=service.power_state.clone() />
                        </td>
                        <td class=TD_CLASS><time datetime=service.expires_at.clone()>{short_time(&service.expires_at)}</time></td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}
