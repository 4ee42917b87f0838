//! The service page's "upgrade plan" box: the bigger plans with what is due now and the
//! monthly price after; an upgrade waiting for payment (with its pay form), under way, or
//! failed (its money back in the balance).

use super::parts::specs_label;
use crate::i18n::t;
use crate::money::format_idr;
use crate::payments::StartPayment;
use crate::payments::pages::{PayInvoiceForm, PaymentOptions};
use crate::services::{ServiceText, UpgradeChoice, UpgradeService, UpgradeStatus, UpgradeView};
use crate::ui::{FormStatus, action_error};
use leptos::prelude::*;

#[component]
pub fn UpgradeBox(
    service_id: String,
    choices: Vec<UpgradeChoice>,
    upgrade: Option<UpgradeView>,
    action: ServerAction<UpgradeService>,
    options: PaymentOptions,
) -> impl IntoView {
    let pay = ServerAction::<StartPayment>::new();
    let status = upgrade.as_ref().map(|upgrade| upgrade.status);
    let moving = status == Some(UpgradeStatus::Paid);
    let note = "rounded-lg p-3 text-sm";
    let state = upgrade.map(|upgrade| match (upgrade.status, upgrade.invoice) {
        (UpgradeStatus::Pending, Some(invoice)) => view! {
            <p class="text-sm" data-testid="upgrade-pending">
                <span>{t(ServiceText::UpgradePending)}" "</span>
                <strong>{upgrade.plan_name}</strong>
                <span>" · "</span>
                <a class="font-mono font-semibold text-sky-700 hover:underline dark:text-sky-400" href=format!("/invoices/{}", invoice.id)>{invoice.number.clone()}</a>
                <span>{format!(" · {}", format_idr(invoice.total))}</span>
            </p>
            <PayInvoiceForm invoice pay options />
        }.into_any(),
        (UpgradeStatus::Paid, _) => view! {
            <p class=format!("{note} bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-100") role="status" data-testid="upgrade-running">
                <span>{t(ServiceText::UpgradeRunning)}" "</span>
                <strong>{upgrade.plan_name}</strong>
            </p>
        }.into_any(),
        (UpgradeStatus::Failed, _) => view! {
            <p class=format!("{note} bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100") role="status" data-testid="upgrade-failed">
                {t(ServiceText::UpgradeFailed)}
            </p>
        }.into_any(),
        _ => ().into_any(),
    });
    let offers = (!moving).then(|| match choices.is_empty() {
        true => view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="no-bigger-plan">{t(ServiceText::NoBiggerPlan)}</p> }.into_any(),
        false => view! {
            <p class="text-xs text-slate-600 dark:text-slate-400">{t(ServiceText::UpgradeHint)}</p>
            <ul class="divide-y divide-slate-200 dark:divide-slate-800">
                {choices.into_iter().map(|choice| {
                    let (id, plan) = (service_id.clone(), choice.plan_id.clone());
                    view! {
                    <li class="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="upgrade-choice" data-plan=choice.plan_id>
                        <div class="text-sm">
                            <p class="font-semibold">{choice.name.clone()}</p>
                            <p class="text-slate-600 dark:text-slate-400">{specs_label(choice.vcpu, choice.memory_mb, choice.disk_gb)}</p>
                            <p>
                                <strong class="tabular-nums" data-testid="upgrade-due">{format_idr(choice.due_now)}</strong>
                                " "<span>{t(ServiceText::DueNow)}</span>" · "<span>{t(ServiceText::RenewsAt)}</span>" "
                                <span class="tabular-nums">{format_idr(choice.monthly_price)}"/"</span><span>{t(ServiceText::Month)}</span>
                            </p>
                        </div>
                        <ActionForm action>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="plan" value=plan />
                            <button type="submit" data-testid="upgrade-to" class="rounded-lg bg-sky-700 px-3 py-2 text-sm font-semibold text-white hover:bg-sky-800">
                                {t(ServiceText::UpgradeTo)}
                            </button>
                        </ActionForm>
                    </li>
                }}).collect_view()}
            </ul>
        }.into_any(),
    });
    view! {
        <section class="space-y-3 rounded-xl border border-slate-200 p-5 dark:border-slate-800" id="upgrade" data-testid="upgrade">
            <h2 class="font-bold">{t(ServiceText::Upgrade)}</h2>
            <FormStatus error=action_error(action) />
            {state}
            {offers}
        </section>
    }
}
