use crate::billing::texts::invoice_status_text;
use crate::i18n::t;
use crate::money::Rupiah;
use crate::money::format_idr;
use crate::orders::pricing::Quote;
use crate::orders::texts::cycle_text;
use crate::orders::texts::status_text;
use crate::orders::{OrderDetail, OrderStatus, OrderText, TimelineActor, TimelineEntry};
use crate::ui::Tone;
use leptos::prelude::*;

#[component]
pub fn StatusBadge(status: OrderStatus) -> impl IntoView {
    let tone = match status {
        OrderStatus::PendingPayment => Tone::Attention,
        OrderStatus::Paid | OrderStatus::Provisioning => Tone::Busy,
        OrderStatus::Active => Tone::Good,
        _ => Tone::Quiet,
    };
    view! {
        <span class=tone.badge_class() data-testid="order-status" data-status=status.code()>
            {t(status_text(status))}
        </span>
    }
}

/// The price breakdown: subtotal, discounts, tax base, PPN, total.
#[component]
pub fn PriceBreakdown(quote: Quote) -> impl IntoView {
    let row = |label: OrderText, amount: Rupiah, testid: &'static str| {
        view! {
            <div class="flex justify-between gap-4 py-1">
                <dt>{t(label)}</dt>
                <dd class="tabular-nums" data-testid=testid>{format_idr(amount)}</dd>
            </div>
        }
    };
    let vat_label = format!("{}%", quote.tax_rate_percent);
    view! {
        <dl class="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="price-breakdown">
            {row(OrderText::Subtotal, quote.subtotal, "price-subtotal")}
            {quote.cycle_discount.is_positive().then(|| row(OrderText::CycleDiscount, -quote.cycle_discount, "price-cycle-discount"))}
            {quote.promo_discount.is_positive().then(|| row(OrderText::PromoDiscount, -quote.promo_discount, "price-promo-discount"))}
            {row(OrderText::Taxable, quote.taxable, "price-taxable")}
            <div class="flex justify-between gap-4 py-1">
                <dt><span>{t(OrderText::Vat)}</span><span>{format!(" {vat_label}")}</span></dt>
                <dd class="tabular-nums" data-testid="price-tax">{format_idr(quote.tax)}</dd>
            </div>
            <div class="flex justify-between gap-4 py-2 text-base font-bold">
                <dt>{t(OrderText::Total)}</dt>
                <dd class="tabular-nums" data-testid="price-total">{format_idr(quote.total)}</dd>
            </div>
        </dl>
    }
}

/// The order's history, oldest first.
#[component]
pub fn OrderTimeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
        <ol class="space-y-3 border-l-2 border-slate-200 pl-4 dark:border-slate-800" data-testid="timeline">
            {entries.into_iter().map(|entry| {
                let what = match (entry.from_status, entry.to_status) {
                    (None, Some(_)) => OrderText::EventCreated,
                    (_, Some(to)) => status_text(to),
                    _ => OrderText::EventNote,
                };
                let who = match entry.actor {
                    TimelineActor::Customer => view! { <span>{t(OrderText::ActorYou)}</span> }.into_any(),
                    TimelineActor::Staff(Some(label)) => view! { <span>{label}</span> }.into_any(),
                    TimelineActor::Staff(None) => view! { <span>{t(OrderText::ActorStaff)}</span> }.into_any(),
                    TimelineActor::System(label) => view! { <span>{t(OrderText::ActorSystem)}</span><span>{format!(" ({label})")}</span> }.into_any(),
                };
                view! {
                    <li data-testid="timeline-entry" data-status=entry.to_status.map(|s| s.code())>
                        <p class="font-semibold">{t(what)}</p>
                        <p class="text-xs text-slate-600 dark:text-slate-400">
                            <time datetime=entry.at.clone()>{format!("{} UTC · ", crate::ui::short_time(&entry.at))}</time>
                            {who}
                        </p>
                        {(!entry.note.is_empty()).then(|| view! { <p class="text-sm">{entry.note}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// What was ordered: host name, plan, location, image, billing cycle.
#[component]
pub fn OrderFacts(detail: OrderDetail) -> impl IntoView {
    let order = detail.order;
    let specs = [
        (OrderText::Hostname, order.hostname.clone()),
        (
            OrderText::Plan,
            format!("{} · {}", order.provider_name, order.plan_name),
        ),
        (OrderText::Location, order.region_label.clone()),
        (OrderText::Image, detail.image_label),
    ];
    view! {
        <dl class="grid grid-cols-1 gap-2 rounded-xl border border-slate-200 p-5 text-sm sm:grid-cols-2 dark:border-slate-800">
            {specs.into_iter().map(|(label, value)| view! {
                <div><dt class="text-slate-600 dark:text-slate-400">{t(label)}</dt><dd class="font-medium">{value}</dd></div>
            }).collect_view()}
            <div><dt class="text-slate-600 dark:text-slate-400">{t(OrderText::Cycle)}</dt><dd class="font-medium">{t(cycle_text(order.cycle_months))}</dd></div>
        </dl>
    }
}

/// The order's invoices (newest last) with their status, linked to the printable page.
#[component]
pub fn InvoiceLinks(invoices: Vec<crate::billing::InvoiceSummary>) -> impl IntoView {
    view! {
        <ul class="space-y-1 text-sm" data-testid="order-invoices">
            {invoices.into_iter().map(|invoice| view! {
                <li class="flex justify-between gap-2">
                    <a href=format!("/invoices/{}", invoice.id) class="link" data-testid="invoice-link">{invoice.number.clone()}</a>
                    <span data-testid="invoice-status">{t(invoice_status_text(invoice.status))}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}
