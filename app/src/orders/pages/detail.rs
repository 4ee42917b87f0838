use super::parts::{InvoiceLinks, OrderFacts, OrderTimeline, PriceBreakdown, StatusBadge};
use crate::accounts::pages::RequireUser;
use crate::i18n::t;
use crate::orders::{CancelOrder, OrderDetail, OrderStatus, OrderText, get_order};
use crate::payments::StartPayment;
use crate::payments::pages::{PayInvoiceForm, PaymentOptions};
use crate::provisioning::ServiceBrief;
use crate::ui::short_time;
use crate::ui::{FormStatus, action_error};
use crate::ui::{PageTitle, RefreshWithoutScript, poll_while};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/orders/:id`: status, price, timeline, invoices; pay or cancel while unpaid.
#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let order = Resource::new(id, get_order);
    let options = PaymentOptions::load();
    let pay = ServerAction::<StartPayment>::new();
    let cancel = ServerAction::<CancelOrder>::new();
    // After "pay now" (`?payment=sent`) the gateway reports by webhook: keep looking until
    // the order moves. Paid: provisioning runs in the background; keep looking until it
    // ends either way.
    let following_of = |detail: &OrderDetail, payment_sent: bool| {
        let awaiting_payment = payment_sent && detail.order.status == OrderStatus::PendingPayment;
        let in_progress =
            awaiting_payment || matches!(detail.order.status, OrderStatus::Paid | OrderStatus::Provisioning);
        (awaiting_payment, in_progress)
    };
    // Set from each loaded detail (see `ui::poll` for why not a memo over the resource).
    let following = RwSignal::new(false);
    poll_while(following.into(), move || order.refetch());
    view! {
        <PageTitle text=OrderText::Order />
        <RequireUser children=move |_| view! {
            <Transition fallback=|| ()>
                {move || {
                    // Read here, outside the async block, so a new query renders again.
                    let payment_sent = query.read().get("payment").as_deref() == Some("sent");
                    Suspend::new(async move {
                        order.await.map(|detail| {
                            let (awaiting_payment, in_progress) = following_of(&detail, payment_sent);
                            following.set(in_progress);
                            view! { <OrderView detail pay cancel options awaiting_payment in_progress /> }
                        })
                    })
                }}
            </Transition>
        } />
    }
}

#[component]
fn OrderView(
    detail: OrderDetail,
    pay: ServerAction<StartPayment>,
    cancel: ServerAction<CancelOrder>,
    options: PaymentOptions,
    awaiting_payment: bool,
    in_progress: bool,
) -> impl IntoView {
    let order = detail.order.clone();
    let open_invoice = detail.open_invoice().cloned();
    let cancel_id = order.id.clone();
    view! {
        <RefreshWithoutScript active=in_progress />
        <section class="space-y-6" data-testid="order-detail" data-order-id=order.id.clone()>
            <header class="flex flex-wrap items-center justify-between gap-3">
                <div>
                    <h1 class="text-2xl font-bold">{format!("{} · {}", order.hostname, order.reference())}</h1>
                    <p class="text-sm text-slate-600 dark:text-slate-400">{format!("{} UTC", short_time(&order.created_at))}</p>
                </div>
                <StatusBadge status=order.status />
            </header>
            {awaiting_payment.then(|| view! {
                <p class="rounded-lg bg-sky-50 p-3 text-sky-900 dark:bg-sky-950 dark:text-sky-100" role="status" data-testid="awaiting-payment">
                    {t(OrderText::WaitingForPayment)}
                </p>
            })}
            <ProvisioningState status=order.status service=detail.service.clone() />
            <div class="grid gap-6 lg:grid-cols-3">
                <div class="space-y-6 lg:col-span-2">
                    <OrderFacts detail=detail.clone() />
                    <section aria-labelledby="judul-riwayat">
                        <h2 id="judul-riwayat" class="mb-3 text-lg font-bold">{t(OrderText::Timeline)}</h2>
                        <OrderTimeline entries=detail.timeline.clone() />
                    </section>
                </div>
                <aside class="h-fit space-y-4 rounded-xl border border-slate-200 p-5 dark:border-slate-800">
                    <PriceBreakdown quote=detail.quote.clone() />
                    <InvoiceLinks invoices=detail.invoices.clone() />
                    {open_invoice.map(|invoice| view! {
                        <p class="text-sm">
                            <span>{t(OrderText::PayBefore)}</span>
                            <span>{format!(" {} UTC", short_time(&detail.payment_due_at))}</span>
                        </p>
                        <PayInvoiceForm invoice pay options />
                        <ActionForm action=cancel attr:data-testid="cancel-form">
                            <input type="hidden" name="id" value=cancel_id />
                            <FormStatus error=action_error(cancel) />
                            <button type="submit" class="w-full rounded-lg border border-red-300 px-4 py-2 text-sm font-semibold text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950" data-testid="cancel-order">
                                {t(OrderText::CancelOrder)}
                            </button>
                        </ActionForm>
                    })}
                </aside>
            </div>
        </section>
    }
}

/// Where the VPS stands once the order is paid: being set up, failed (we are on it), or up
/// with its addresses.
#[component]
fn ProvisioningState(status: OrderStatus, service: Option<ServiceBrief>) -> impl IntoView {
    let note = |class: &'static str, text: OrderText, testid: &'static str| {
        view! { <p class=format!("rounded-lg p-3 {class}") role="status" data-testid=testid>{t(text)}</p> }
            .into_any()
    };
    match (status, service) {
        (OrderStatus::Paid | OrderStatus::Provisioning, _) => note(
            "bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-100",
            OrderText::ProvisioningUnderway,
            "provisioning-progress",
        ),
        (OrderStatus::ProvisioningFailed, _) => note(
            "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
            OrderText::ProvisioningFailedNote,
            "provisioning-failed",
        ),
        (_, Some(service)) => view! {
            <section class="rounded-lg border border-emerald-200 bg-emerald-50 p-4 dark:border-emerald-900 dark:bg-emerald-950" data-testid="service">
                <h2 class="font-semibold text-emerald-900 dark:text-emerald-100">{t(OrderText::ServerReady)}</h2>
                <dl class="mt-2 grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
                    <dt>{t(OrderText::Ipv4)}</dt>
                    <dd class="font-mono" data-testid="service-ipv4">{service.ipv4.unwrap_or_default()}</dd>
                    <dt>{t(OrderText::Ipv6)}</dt>
                    <dd class="font-mono" data-testid="service-ipv6">{service.ipv6.unwrap_or_default()}</dd>
                </dl>
                <a href=format!("/services/{}", service.id) data-testid="manage-service"
                    class="mt-3 inline-block rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-800">
                    {t(OrderText::ManageServer)}
                </a>
            </section>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
