use super::super::services::{AdminServiceLine, SERVICE_PAGE_SIZE, admin_list_services};
use super::super::texts::AdminText;
use super::list::{ChoiceFilter, FilterForm, ListPage, ListQuery, TextFilter};
use super::{DataTable, ProviderFilter, StaffArea, TD_CLASS};
use crate::admin::catalog::admin_catalog;
use crate::i18n::t;
use crate::services::ServiceStatus;
use crate::services::pages::{ProviderBadge, ServiceBadges};
use crate::services::texts::status_text;
use crate::ui::{PageTitle, short_time};
use leptos::prelude::*;

const FILTERS: [&str; 4] = ["q", "status", "provider", "expiring"];

/// `/admin/services?q=&status=&provider=&expiring=&page=`: every service, filters in the URL.
#[component]
pub fn AdminServicesPage() -> impl IntoView {
    let list = ListQuery::from_url();
    let services = Resource::new(
        move || (list.values(FILTERS), list.page()),
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
    let statuses = [
        ServiceStatus::Active,
        ServiceStatus::Suspended,
        ServiceStatus::Terminated,
    ]
    .map(|status| (status.code(), status_text(status)))
    .to_vec();
    view! {
        <section class="space-y-4">
            <h1 class="text-2xl font-bold">{t(AdminText::Services)}</h1>
            <FilterForm action="/admin/services">
                <TextFilter name="q" label=AdminText::SearchServices />
                <ChoiceFilter name="status" label=AdminText::Status choices=statuses />
                <ProviderFilter catalog />
                <TextFilter name="expiring" label=AdminText::ExpiringWithin input_type="number" />
            </FilterForm>
            <ListPage rows=services page_size=SERVICE_PAGE_SIZE path="/admin/services" filters=&FILTERS table=service_table />
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

fn service_table(services: Vec<AdminServiceLine>) -> AnyView {
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
                            <a href=format!("/admin/services/{}", service.id) class="link">{service.hostname.clone()}</a>
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
