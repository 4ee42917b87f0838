use crate::catalog::{CatalogText, PlanCard};
use crate::i18n::t;
use crate::money::format_idr;
use leptos::prelude::*;

/// One plan: provider, price per month, specs, where it runs and an order link.
#[component]
pub fn PlanCardView(card: PlanCard) -> impl IntoView {
    let plan = card.plan;
    let order_href = format!("/order?plan={}", plan.id);
    let best_discount = plan.discount_12m;
    let specs = [
        (CatalogText::Cpu, plan.vcpu.to_string()),
        (CatalogText::Memory, plan.memory_label()),
        (CatalogText::Disk, format!("{} GB", plan.disk_gb)),
        (CatalogText::Transfer, plan.transfer_label()),
    ];
    view! {
        <article class="flex flex-col rounded-xl border border-slate-200 p-5 shadow-sm dark:border-slate-800" data-testid="plan-card" data-plan-id=plan.id.clone()>
            <p class="text-xs font-semibold uppercase tracking-wide text-sky-700 dark:text-sky-400">{card.provider_name}</p>
            <h3 class="mt-1 text-lg font-bold">{plan.name.clone()}</h3>
            <p class="mt-2">
                <span class="text-2xl font-black" data-testid="plan-price">{format_idr(plan.monthly_price)}</span>
                <span class="text-sm text-slate-600 dark:text-slate-400">{t(CatalogText::PerMonth)}</span>
            </p>
            {(best_discount > 0).then(|| view! {
                <p class="text-xs text-emerald-700 dark:text-emerald-400">
                    <span>{t(CatalogText::SaveUpTo)}</span>
                    <span>{format!(" {best_discount}% ")}</span>
                    <span>{t(CatalogText::YearlySuffix)}</span>
                </p>
            })}
            <dl class="mt-4 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
                {specs.into_iter().map(|(label, value)| view! {
                    <dt class="text-slate-600 dark:text-slate-400">{t(label)}</dt>
                    <dd class="font-medium">{value}</dd>
                }).collect_view()}
            </dl>
            <p class="mt-3 text-xs text-slate-600 dark:text-slate-400">
                <span>{t(CatalogText::AvailableIn)}</span>
                <span>{format!(": {}", card.cities.join(", "))}</span>
            </p>
            <a href=order_href class="mt-4 inline-block rounded-lg bg-sky-700 px-4 py-2 text-center font-semibold text-white hover:bg-sky-800" data-testid="order-plan">
                {t(CatalogText::OrderPlan)}
            </a>
        </article>
    }
}
