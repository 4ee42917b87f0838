//! The overview's cards: to pay, balance, latest notifications. Phones stack them.

use super::{CustomerOverview, OverviewText, Payable};
use crate::billing::InvoicePurpose;
use crate::i18n::t;
use crate::money::format_idr;
use crate::ui::short_time;
use leptos::prelude::*;

const CARD: &str = "space-y-3 rounded-xl border border-slate-200 p-5 dark:border-slate-800";
const LINK: &str = "text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400";
const HINT: &str = "text-sm text-slate-600 dark:text-slate-400";

#[component]
pub fn Overview(overview: CustomerOverview) -> impl IntoView {
    let CustomerOverview {
        to_pay,
        more_to_pay,
        balance,
        notifications,
        unread,
    } = overview;
    view! {
        <div class="grid gap-4 lg:grid-cols-3" data-testid="overview">
            <section class=format!("{CARD} lg:col-span-2") data-testid="to-pay">
                <h2 class="font-bold">{t(OverviewText::ToPay)}</h2>
                {match to_pay.is_empty() {
                    true => view! { <p class=HINT data-testid="nothing-to-pay">{t(OverviewText::NothingToPay)}</p> }.into_any(),
                    false => view! {
                        <ul class="space-y-4">
                            {to_pay.into_iter().map(|payable| view! { <PayableItem payable /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
                {(more_to_pay > 0).then(|| view! {
                    <p class=HINT><span>{format!("+{more_to_pay} ")}</span><span>{t(OverviewText::MoreToPay)}</span></p>
                })}
                <a href="/invoices" class=LINK>{t(OverviewText::AllInvoices)}</a>
            </section>
            <div class="space-y-4">
                <section class=CARD data-testid="overview-balance">
                    <h2 class="font-bold">{t(OverviewText::Balance)}</h2>
                    <p class="text-2xl font-bold tabular-nums" data-testid="overview-balance-amount">{format_idr(balance)}</p>
                    <p class="flex gap-4">
                        <a href="/wallet/top-up" class=LINK>{t(OverviewText::TopUp)}</a>
                        <a href="/wallet" class=LINK>{t(OverviewText::Ledger)}</a>
                    </p>
                </section>
                <section class=CARD data-testid="overview-notifications">
                    <h2 class="font-bold">
                        <span>{t(OverviewText::Latest)}</span>
                        {(unread > 0).then(|| view! {
                            <span class="ml-2 rounded-full bg-sky-100 px-2 py-0.5 text-xs text-sky-900 dark:bg-sky-900 dark:text-sky-100">
                                <span>{format!("{unread} ")}</span><span>{t(OverviewText::Unread)}</span>
                            </span>
                        })}
                    </h2>
                    {match notifications.is_empty() {
                        true => view! { <p class=HINT>{t(OverviewText::NoNotifications)}</p> }.into_any(),
                        false => view! {
                            <ul class="space-y-2 text-sm">
                                {notifications.into_iter().map(|notification| {
                                    let weight = if notification.is_read { "" } else { "font-semibold" };
                                    let title = notification.title.clone();
                                    view! {
                                        <li data-testid="overview-notification">
                                            {match notification.action_url.clone() {
                                                Some(url) => view! { <a href=url class=format!("{weight} text-sky-700 hover:underline dark:text-sky-400")>{title}</a> }.into_any(),
                                                None => view! { <span class=weight>{title}</span> }.into_any(),
                                            }}
                                            <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{} UTC", short_time(&notification.created_at))}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }}
                    <a href="/notifications" class=LINK>{t(OverviewText::AllNotifications)}</a>
                </section>
            </div>
        </div>
    }
}

/// One unpaid invoice: what it is for, its amount and due date, and its pay button. The
/// button opens the page that pays it (the order, or the server's renewal or plan change):
/// the pay form's code then loads with that page, not with every customer's dashboard.
#[component]
fn PayableItem(payable: Payable) -> impl IntoView {
    let Payable {
        invoice,
        hostname,
        pay_url,
    } = payable;
    let purpose = invoice.purpose;
    let due = short_time(&invoice.due_at);
    let what = match purpose {
        InvoicePurpose::Renewal => OverviewText::ForRenewal,
        InvoicePurpose::Upgrade => OverviewText::ForUpgrade,
        InvoicePurpose::Order | InvoicePurpose::Deposit => OverviewText::ForOrder,
    };
    view! {
        <li class="space-y-2" data-testid="payable" data-purpose=purpose.code()>
            <p class="flex flex-wrap justify-between gap-2 text-sm">
                <span>
                    <strong>{t(what)}</strong>
                    <span>{format!(" · {hostname} · ")}</span>
                    <a href=format!("/invoices/{}", invoice.id) class="font-mono text-sky-700 hover:underline dark:text-sky-400">{invoice.number.clone()}</a>
                </span>
                <span>
                    <strong class="tabular-nums">{format_idr(invoice.total)}</strong>
                    <span class="text-slate-600 dark:text-slate-400">{move || format!(" · {} {due} UTC", t(OverviewText::Due)())}</span>
                </span>
            </p>
            <a href=pay_url class="inline-block rounded-lg bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800" data-testid="pay-link">
                <span>{t(OverviewText::Pay)}</span>
                <span>{format!(" {}", format_idr(invoice.total))}</span>
            </a>
        </li>
    }
}
