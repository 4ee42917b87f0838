use super::super::orders::{ORDER_PAGE_SIZE, admin_list_orders};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, ProviderFilter, SELECT_CLASS, StaffArea, TD_CLASS, next_page_href};
use crate::admin::catalog::admin_catalog;
use crate::i18n::t;
use crate::money::format_idr;
use crate::orders::OrderStatus;
use crate::orders::OrderSummary;
use crate::orders::pages::StatusBadge;
use crate::orders::texts::status_text;
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const FILTERS: [&str; 5] = ["q", "status", "provider", "from", "until"];

/// `/admin/orders?q=&status=&provider=&from=&until=&page=`: every order, filters in the URL.
#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    // Created outside the guard's Suspense (see `SecurityPage`).
    let query = use_query_map();
    let param = move |name: &'static str| query.read().get(name).unwrap_or_default();
    let page = move || param("page").parse::<i64>().unwrap_or(0).max(0);
    let orders = Resource::new(
        move || (FILTERS.map(param), page()),
        |([q, status, provider, from, until], page)| {
            admin_list_orders(q, status, provider, from, until, page)
        },
    );
    let catalog = Resource::new(|| (), |_| admin_catalog());
    view! {
        <PageTitle text=AdminText::Orders />
        <StaffArea children=move |_| view! { <OrderBrowser orders catalog /> } />
    }
}

#[component]
fn OrderBrowser(
    orders: Resource<Result<Vec<OrderSummary>, crate::error::AppError>>,
    catalog: Resource<Result<crate::catalog::Catalog, crate::error::AppError>>,
) -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &'static str| query.read().get(name).unwrap_or_default();
    let next_page = next_page_href("/admin/orders", &FILTERS);
    view! {
        <section class="space-y-4">
            <h1 class="text-2xl font-bold">{t(AdminText::Orders)}</h1>
            <form method="get" action="/admin/orders" class="flex flex-wrap items-end gap-3" role="search">
                <div>
                    <label for="q" class="block text-sm font-medium">{t(AdminText::SearchOrders)}</label>
                    <input id="q" name="q" type="search" class=INPUT_CLASS prop:value=move || param("q") />
                </div>
                <div>
                    <label for="status" class="block text-sm font-medium">{t(AdminText::Status)}</label>
                    <select id="status" name="status" class=SELECT_CLASS>
                        <option value="">{t(AdminText::Any)}</option>
                        {OrderStatus::ALL.into_iter().map(|status| view! {
                            <option value=status.code() selected=move || param("status") == status.code()>{t(status_text(status))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <ProviderFilter catalog />
                <div>
                    <label for="from" class="block text-sm font-medium">{t(AdminText::From)}</label>
                    <input id="from" name="from" type="date" class=INPUT_CLASS prop:value=move || param("from") />
                </div>
                <div>
                    <label for="until" class="block text-sm font-medium">{t(AdminText::Until)}</label>
                    <input id="until" name="until" type="date" class=INPUT_CLASS prop:value=move || param("until") />
                </div>
                <button type="submit" class=BUTTON_CLASS>{t(AdminText::Filter)}</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    orders.await.map(|orders| {
                        let full_page = orders.len() as i64 == ORDER_PAGE_SIZE;
                        view! {
                            <OrderTable orders />
                            {full_page.then(|| view! { <a href=next_page class="text-sm font-semibold text-sky-700 dark:text-sky-400">{t(AdminText::Next)}</a> })}
                        }
                    })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OrderTable(orders: Vec<OrderSummary>) -> impl IntoView {
    if orders.is_empty() {
        return view! { <p data-testid="no-orders">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&ORDER_COLUMNS testid="admin-orders">
            {orders.into_iter().map(|order| view! {
                <tr data-testid="admin-order-row">
                    <td class=TD_CLASS>
                        <a href=format!("/admin/orders/{}", order.id) class="font-semibold text-sky-700 hover:underline dark:text-sky-400">{order.reference()}</a>
                        <p class="text-xs text-slate-500">{order.hostname.clone()}</p>
                    </td>
                    <td class=TD_CLASS>{order.customer_email.clone()}</td>
                    <td class=TD_CLASS>{format!("{} · {}", order.provider_name, order.plan_name)}</td>
                    <td class=TD_CLASS><StatusBadge status=order.status /></td>
                    <td class=format!("{TD_CLASS} tabular-nums")>{format_idr(order.total)}</td>
                    <td class=TD_CLASS>{order.invoice_number.clone().unwrap_or_default()}</td>
                    <td class=TD_CLASS><time datetime=order.created_at.clone()>{crate::ui::short_time(&order.created_at)}</time></td>
                </tr>
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

const ORDER_COLUMNS: [AdminText; 7] = [
    AdminText::Order,
    AdminText::Customer,
    AdminText::Plan,
    AdminText::Status,
    AdminText::Total,
    AdminText::Invoice,
    AdminText::Created,
];
