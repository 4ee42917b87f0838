//! `/admin/payments`: the gateways and methods, held gateway events to release or dismiss,
//! unapplied payments to credit as balance, the latest events with their raw bodies, and
//! every payment received (`payments_received`).

use super::super::payments::{
    CreditUnappliedPayment, DismissPaymentEvent, GatewayEventLine, ReleasePaymentEvent, UnappliedLine,
    admin_payments,
};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, StaffArea, TD_CLASS};
use crate::accounts::Role;
use crate::i18n::t;
use crate::money::format_idr;
use crate::ui::form::{FormStatus, INPUT_CLASS, action_error};
use crate::ui::{PageTitle, short_time};
use leptos::prelude::*;

const COLUMNS: [AdminText; 6] = [
    AdminText::Received,
    AdminText::Gateway,
    AdminText::Invoice,
    AdminText::Amount,
    AdminText::Outcome,
    AdminText::Transaction,
];

#[component]
pub fn AdminPaymentsPage() -> impl IntoView {
    let release = ServerAction::<ReleasePaymentEvent>::new();
    let dismiss = ServerAction::<DismissPaymentEvent>::new();
    let credit = ServerAction::<CreditUnappliedPayment>::new();
    let overview = Resource::new(
        move || {
            (
                release.version().get(),
                dismiss.version().get(),
                credit.version().get(),
            )
        },
        |_| admin_payments(),
    );
    let received = super::payments_received::payments_resource();
    let gateways = super::gateways::GatewaysData::load();
    view! {
        <PageTitle text=AdminText::Payments />
        <StaffArea children=move |viewer| {
            let can_edit = viewer.role == Role::Admin;
            view! {
                <h1 class="text-2xl font-bold">{t(AdminText::Payments)}</h1>
                <FormStatus error=action_error(release) />
                <FormStatus error=action_error(dismiss) />
                <FormStatus error=action_error(credit) />
                <super::gateways::GatewaysSection data=gateways can_edit />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        overview.await.map(|overview| view! {
                            <section class="space-y-3" data-testid="held-payments">
                                <h2 class="text-lg font-bold">{t(AdminText::HeldPayments)}</h2>
                                <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::HeldPaymentsNote)}</p>
                                {if overview.held.is_empty() {
                                    view! { <p data-testid="no-held-payments">{t(AdminText::NoHeldPayments)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="space-y-3">
                                            {overview.held.into_iter().map(|event| view! { <HeldEvent event can_edit release dismiss /> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            {(!overview.unapplied.is_empty()).then(|| view! {
                                <section class="space-y-3" data-testid="unapplied-payments">
                                    <h2 class="text-lg font-bold">{t(AdminText::UnappliedPayments)}</h2>
                                    <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::UnappliedPaymentsNote)}</p>
                                    <ul class="space-y-3">
                                        {overview.unapplied.into_iter().map(|payment| view! { <Unapplied payment can_edit credit /> }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section class="space-y-3">
                                <h2 class="text-lg font-bold">{t(AdminText::GatewayEvents)}</h2>
                                <DataTable columns=&COLUMNS testid="gateway-events">
                                    {overview.recent.into_iter().map(|event| view! { <EventRow event /> }).collect_view()}
                                </DataTable>
                            </section>
                        })
                    })}
                </Transition>
                <super::payments_received::PaymentsReceived payments=received />
            }
        } />
    }
}

/// The invoice an event is about, linked to its order when known.
fn invoice_link(event: &GatewayEventLine) -> impl IntoView + use<> {
    match (event.invoice_number.clone(), event.order_id.clone()) {
        (Some(number), Some(order)) => view! {
            <a href=format!("/admin/orders/{order}") class="link">{number}</a>
        }
        .into_any(),
        _ => view! { <span class="text-slate-600 dark:text-slate-400">"—"</span> }.into_any(),
    }
}

fn amount_text(event: &GatewayEventLine) -> String {
    match event.amount {
        Some(amount) if event.currency == "IDR" => format_idr(amount),
        Some(amount) => format!("{} {}", amount.get(), event.currency),
        None => format!("? {}", event.currency),
    }
}

#[component]
fn EventRow(event: GatewayEventLine) -> impl IntoView {
    view! {
        <tr data-testid="gateway-event" data-outcome=event.outcome.clone()>
            <td class=TD_CLASS>{format!("{} UTC", short_time(&event.received_at))}<p class="text-xs text-slate-600 dark:text-slate-400">{event.source.clone()}</p></td>
            <td class=TD_CLASS>{event.gateway.clone()}<p class="text-xs text-slate-600 dark:text-slate-400">{event.status.clone()}</p></td>
            <td class=TD_CLASS>{invoice_link(&event)}</td>
            <td class=format!("{TD_CLASS} tabular-nums")>{amount_text(&event)}</td>
            <td class=TD_CLASS>{event.outcome.clone()}<p class="text-xs text-slate-600 dark:text-slate-400">{event.note.clone()}</p></td>
            <td class=format!("{TD_CLASS} font-mono text-xs")>
                {event.transaction_id.clone()}
                <RawBody body=event.body.clone() />
            </td>
        </tr>
    }
}

/// A gateway event's body exactly as received, folded away.
#[component]
pub(super) fn RawBody(body: String) -> impl IntoView {
    view! {
        <details class="mt-1">
            <summary class="cursor-pointer font-sans text-sky-700 dark:text-sky-400">{t(AdminText::RawEvent)}</summary>
            <pre class="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-all" data-testid="gateway-event-body">{body}</pre>
        </details>
    }
}

#[component]
fn HeldEvent(
    event: GatewayEventLine,
    can_edit: bool,
    release: ServerAction<ReleasePaymentEvent>,
    dismiss: ServerAction<DismissPaymentEvent>,
) -> impl IntoView {
    let releasable = event.status == "paid" && event.invoice_number.is_some() && event.amount.is_some();
    let (release_id, dismiss_id) = (event.id.clone(), event.id.clone());
    view! {
        <li class="space-y-2 rounded-lg border border-amber-300 p-4 dark:border-amber-800" data-testid="held-payment" data-transaction=event.transaction_id.clone()>
            <p class="flex flex-wrap gap-x-4 text-sm">
                <strong class="tabular-nums">{amount_text(&event)}</strong>
                <span>{event.gateway.clone()}" · "{event.status.clone()}</span>
                {invoice_link(&event)}
                <span class="font-mono text-xs">{event.transaction_id.clone()}</span>
                <span class="text-slate-600 dark:text-slate-400">{format!("{} UTC", short_time(&event.received_at))}</span>
            </p>
            <p class="text-sm">{event.note.clone()}</p>
            {can_edit.then(|| view! {
                <div class="flex flex-wrap items-end gap-3">
                    {releasable.then(|| view! {
                        <ActionForm action=release>
                            <input type="hidden" name="id" value=release_id.clone() />
                            <button type="submit" class=BUTTON_CLASS data-testid="release-payment">{t(AdminText::Release)}</button>
                        </ActionForm>
                    })}
                    <ActionForm action=dismiss attr:class="flex flex-wrap items-end gap-2">
                        <input type="hidden" name="id" value=dismiss_id.clone() />
                        <label class="text-sm">
                            {t(AdminText::DismissReason)}
                            <input name="reason" required class=INPUT_CLASS data-testid="dismiss-reason" />
                        </label>
                        <button type="submit" class="rounded-lg border border-slate-300 px-4 py-2 font-semibold hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" data-testid="dismiss-payment">{t(AdminText::Dismiss)}</button>
                    </ActionForm>
                </div>
            })}
        </li>
    }
}

#[component]
fn Unapplied(
    payment: UnappliedLine,
    can_edit: bool,
    credit: ServerAction<CreditUnappliedPayment>,
) -> impl IntoView {
    let id = payment.id.clone();
    view! {
        <li class="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid="unapplied-payment">
            <p class="flex flex-wrap gap-x-4 text-sm">
                <strong class="tabular-nums">{format_idr(payment.amount)}</strong>
                <span>{payment.invoice_number.clone()}</span>
                <a href=format!("/admin/users/{}", payment.user_id) class="text-sky-700 hover:underline dark:text-sky-400">{payment.customer_email.clone()}</a>
                <span>{payment.gateway.clone()}</span>
                <span class="font-mono text-xs">{payment.reference.clone()}</span>
                <span class="text-slate-600 dark:text-slate-400">{format!("{} UTC", short_time(&payment.received_at))}</span>
            </p>
            {can_edit.then(|| view! {
                <ActionForm action=credit attr:class="flex flex-wrap items-end gap-2">
                    <input type="hidden" name="id" value=id.clone() />
                    <label class="text-sm">
                        {t(AdminText::AdjustReason)}
                        <input name="reason" required class=INPUT_CLASS data-testid="credit-reason" />
                    </label>
                    <button type="submit" class=BUTTON_CLASS data-testid="credit-payment">{t(AdminText::CreditToBalance)}</button>
                </ActionForm>
            })}
        </li>
    }
}
