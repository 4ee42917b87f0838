use super::parts::{ProviderBadge, ServiceBadges};
use crate::accounts::pages::RequireUser;
use crate::i18n::t;
use crate::overview::Overview;
use crate::services::{ServiceList, ServiceText, list_my_services};
use crate::ui::{PageTitle, short_time};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/dashboard?page=`: the customer's overview (what to pay, balance, latest notifications),
/// then their servers.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|page| page.parse().ok())
            .unwrap_or(1)
    };
    let services = Resource::new(page, list_my_services);
    let overview = Resource::new(|| (), |_| crate::overview::get_overview());
    view! {
        <PageTitle text=ServiceText::MyServers />
        <RequireUser children=move |_| view! {
            <section class="space-y-4">
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <h1 class="text-2xl font-bold">{t(ServiceText::MyServers)}</h1>
                    <a href="/plans" class="rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800">{t(ServiceText::OrderServer)}</a>
                </div>
                // One Suspend for both: the page appears once, overview and servers together.
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let (overview, list) = (overview.await?, services.await?);
                        Ok::<_, crate::error::AppError>(view! {
                            <Overview overview />
                            <h2 class="pt-2 text-lg font-bold">{t(ServiceText::Servers)}</h2>
                            <ServiceTable list />
                        })
                    })}
                </Transition>
            </section>
        } />
    }
}

#[component]
fn ServiceTable(list: ServiceList) -> impl IntoView {
    let ServiceList {
        services,
        page,
        has_more,
    } = list;
    if services.is_empty() && page == 1 {
        return view! { <p data-testid="no-services" class="rounded-lg bg-slate-100 p-4 dark:bg-slate-900">{t(ServiceText::NoServers)}</p> }.into_any();
    }
    view! {
        <div class="sm:overflow-x-auto sm:rounded-xl sm:border sm:border-slate-200 sm:dark:border-slate-800">
            <table class="card-table w-full text-left text-sm" data-testid="services">
                <thead class="bg-slate-50 text-xs uppercase text-slate-600 dark:bg-slate-900 dark:text-slate-400">
                    <tr>
                        <th scope="col" class="px-4 py-2">{t(ServiceText::Server)}</th>
                        <th scope="col" class="px-4 py-2">{t(ServiceText::Plan)}</th>
                        <th scope="col" class="px-4 py-2">{t(ServiceText::Address)}</th>
                        <th scope="col" class="px-4 py-2">{t(ServiceText::Status)}</th>
                        <th scope="col" class="px-4 py-2">{t(ServiceText::Expires)}</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
                    {services.into_iter().map(|service| view! {
                        <tr data-testid="service-row" data-service-id=service.id.clone()>
                            <td class="px-4 py-3" data-label=t(ServiceText::Server)>
                                <a href=format!("/services/{}", service.id) class="link">{service.hostname.clone()}</a>
                                <div class="mt-1"><ProviderBadge name=service.provider_name.clone() /></div>
                            </td>
                            <td class="px-4 py-3" data-label=t(ServiceText::Plan)>{format!("{} · {}", service.plan_name, service.region_label)}</td>
                            <td class="px-4 py-3 font-mono" data-label=t(ServiceText::Address) data-testid="service-ip">{service.ipv4.clone().unwrap_or_default()}</td>
                            <td class="px-4 py-3" data-label=t(ServiceText::Status)><ServiceBadges status=service.status power_state=service.power_state.clone() /></td>
                            <td class="px-4 py-3 whitespace-nowrap" data-label=t(ServiceText::Expires)>{format!("{} UTC", short_time(&service.expires_at))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="flex justify-between text-sm font-semibold" aria-label=t(ServiceText::Pages)>
            {(page > 1).then(|| view! { <a href=format!("/dashboard?page={}", page - 1) rel="prev" data-testid="page-prev" class="text-sky-700 hover:underline dark:text-sky-400">{t(ServiceText::Previous)}</a> })}
            <span></span>
            {has_more.then(|| view! { <a href=format!("/dashboard?page={}", page + 1) rel="next" data-testid="page-next" class="text-sky-700 hover:underline dark:text-sky-400">{t(ServiceText::Next)}</a> })}
        </nav>
    }
    .into_any()
}
