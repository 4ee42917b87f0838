use super::parts::StatusBadge;
use crate::accounts::pages::RequireUser;
use crate::i18n::t;
use crate::money::format_idr;
use crate::orders::texts::{cycle_text, status_text};
use crate::orders::{OrderStatus, OrderSummary, OrderText, list_my_orders};
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use crate::ui::short_time;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/orders?status=`: the customer's orders.
#[component]
pub fn MyOrdersPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.read().get("status").unwrap_or_default();
    let orders = Resource::new(status, list_my_orders);
    view! {
        <PageTitle text=OrderText::MyOrders />
        <RequireUser children=move |_| view! {
            <section class="space-y-4">
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <h1 class="text-2xl font-bold">{t(OrderText::MyOrders)}</h1>
                    <a href="/plans" class="rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800">{t(OrderText::OrderNow)}</a>
                </div>
                <form method="get" action="/orders" class="flex items-end gap-2">
                    <label class="text-sm font-medium">
                        {t(OrderText::Status)}
                        <select name="status" class=INPUT_CLASS>
                            <option value="">{t(OrderText::AllStatuses)}</option>
                            {OrderStatus::ALL.into_iter().map(|option| view! {
                                <option value=option.code() selected=move || status() == option.code()>{t(status_text(option))}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <button type="submit" class="rounded-lg border border-slate-300 px-4 py-2 font-semibold dark:border-slate-700">{t(OrderText::Filter)}</button>
                </form>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move { orders.await.map(|orders| view! { <OrderList orders /> }) })}
                </Transition>
            </section>
        } />
    }
}

/// Orders as cards (also used by the admin order list's customer view).
#[component]
pub fn OrderList(orders: Vec<OrderSummary>) -> impl IntoView {
    if orders.is_empty() {
        return view! { <p data-testid="no-orders" class="rounded-lg bg-slate-100 p-4 dark:bg-slate-900">{t(OrderText::NoOrders)}</p> }.into_any();
    }
    view! {
        <ul class="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800" data-testid="orders">
            {orders.into_iter().map(|order| view! {
                <li class="flex flex-wrap items-center justify-between gap-3 p-4" data-testid="order-row">
                    <div>
                        <a href=format!("/orders/{}", order.id) class="link">
                            {format!("{} · {}", order.hostname, order.reference())}
                        </a>
                        <p class="text-sm text-slate-600 dark:text-slate-400">
                            <span>{format!("{} · {} · {} · ", order.provider_name, order.plan_name, order.region_label)}</span>
                            <span>{t(cycle_text(order.cycle_months))}</span>
                        </p>
                        <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{} UTC", short_time(&order.created_at))}</p>
                    </div>
                    <div class="text-right">
                        <StatusBadge status=order.status />
                        <p class="mt-1 font-semibold tabular-nums">{format_idr(order.total)}</p>
                    </div>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
