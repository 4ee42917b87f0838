use super::super::orders::{ORDER_PAGE_SIZE, admin_list_orders};
use super::super::texts::AdminText;
use super::list::{ChoiceFilter, FilterForm, ListPage, ListQuery, TextFilter};
use super::{DataTable, ProviderFilter, StaffArea, TD_CLASS};
use crate::admin::catalog::admin_catalog;
use crate::i18n::t;
use crate::money::format_idr;
use crate::orders::OrderStatus;
use crate::orders::OrderSummary;
use crate::orders::pages::StatusBadge;
use crate::orders::texts::status_text;
use crate::ui::PageTitle;
use leptos::prelude::*;

const FILTERS: [&str; 5] = ["q", "status", "provider", "from", "until"];

/// `/admin/orders?q=&status=&provider=&from=&until=&page=`: every order, filters in the URL.
#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let list = ListQuery::from_url();
    let orders = Resource::new(
        move || (list.values(FILTERS), list.page()),
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
    let statuses = OrderStatus::ALL
        .map(|status| (status.code(), status_text(status)))
        .to_vec();
    view! {
        <section class="space-y-4">
            <h1 class="text-2xl font-bold">{t(AdminText::Orders)}</h1>
            <FilterForm action="/admin/orders">
                <TextFilter name="q" label=AdminText::SearchOrders />
                <ChoiceFilter name="status" label=AdminText::Status choices=statuses />
                <ProviderFilter catalog />
                <TextFilter name="from" label=AdminText::From input_type="date" />
                <TextFilter name="until" label=AdminText::Until input_type="date" />
            </FilterForm>
            <ListPage rows=orders page_size=ORDER_PAGE_SIZE path="/admin/orders" filters=&FILTERS table=order_table />
        </section>
    }
}

fn order_table(orders: Vec<OrderSummary>) -> AnyView {
    if orders.is_empty() {
        return view! { <p data-testid="no-orders">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&ORDER_COLUMNS testid="admin-orders">
            {orders.into_iter().map(|order| view! {
                <tr data-testid="admin-order-row">
                    <td class=TD_CLASS>
                        <a href=format!("/admin/orders/{}", order.id) class="link">{order.reference()}</a>
                        <p class="text-xs text-slate-600 dark:text-slate-400">{order.hostname.clone()}</p>
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
