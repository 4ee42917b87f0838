use super::super::orders::{AdminCancelOrder, MarkInvoicePaid, RefundOrder};
use super::super::provisioning::{ProvisioningInfo, RetryProvisioning, admin_order_provisioning};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, StaffArea};
use crate::accounts::{Role, User};
use crate::i18n::t;
use crate::orders::pages::{InvoiceLinks, OrderFacts, OrderTimeline, PriceBreakdown, StatusBadge};
use crate::orders::{OrderDetail, OrderText, get_order};
use crate::ui::PageTitle;
use crate::ui::form::{Field, FormStatus, INPUT_CLASS, action_error};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/admin/orders/:id`: the order as the customer sees it, plus who did what, and the
/// admin's actions while it is unpaid (record a bank transfer, or cancel) and once it is
/// paid but produced no server (refund).
#[component]
pub fn AdminOrderDetailPage() -> impl IntoView {
    let params = use_params_map();
    let mark_paid = ServerAction::<MarkInvoicePaid>::new();
    let cancel = ServerAction::<AdminCancelOrder>::new();
    let retry = ServerAction::<RetryProvisioning>::new();
    let refund = ServerAction::<RefundOrder>::new();
    let order = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                mark_paid.version().get(),
                cancel.version().get(),
                retry.version().get(),
                refund.version().get(),
            )
        },
        |(id, ..)| get_order(id),
    );
    let provisioning = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), retry.version().get()),
        |(id, _)| admin_order_provisioning(id),
    );
    view! {
        <PageTitle text=AdminText::Order />
        <StaffArea children=move |viewer| view! {
            <a href="/admin/orders" class="text-sm text-sky-700 hover:underline dark:text-sky-400">{t(AdminText::Back)}</a>
            <Transition fallback=|| ()>
                {move || {
                    let viewer = viewer.clone();
                    Suspend::new(async move {
                        let detail = order.await?;
                        let task = provisioning.await?;
                        let can_retry = viewer.role == Role::Admin;
                        let refundable = (can_retry && detail.order.status.is_refundable()).then(|| detail.order.id.to_string());
                        Ok::<_, crate::error::AppError>(view! {
                            <AdminOrderView detail viewer mark_paid cancel />
                            {refundable.map(|order_id| view! { <super::refund::RefundPanel order_id refund /> })}
                            {task.map(|task| view! { <ProvisioningPanel task can_retry retry /> })}
                        })
                    })
                }}
            </Transition>
        } />
    }
}

#[component]
fn AdminOrderView(
    detail: OrderDetail,
    viewer: User,
    mark_paid: ServerAction<MarkInvoicePaid>,
    cancel: ServerAction<AdminCancelOrder>,
) -> impl IntoView {
    let order = detail.order.clone();
    let open_invoice = detail
        .open_invoice()
        .cloned()
        .filter(|_| viewer.role == Role::Admin);
    let (paid_error, cancel_error) = (action_error(mark_paid), action_error(cancel));
    let order_id = order.id.clone();
    view! {
        <section class="space-y-6" data-testid="admin-order-detail" data-order-id=order.id.clone()>
            <header class="flex flex-wrap items-center justify-between gap-3">
                <div>
                    <h1 class="text-2xl font-bold">{format!("{} · {}", order.hostname, order.reference())}</h1>
                    <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="order-customer">
                        {format!("{} · {}", detail.customer_name, order.customer_email)}
                    </p>
                </div>
                <StatusBadge status=order.status />
            </header>
            <div class="grid gap-6 lg:grid-cols-3">
                <div class="space-y-6 lg:col-span-2">
                    <OrderFacts detail=detail.clone() />
                    <section>
                        <h2 class="mb-3 text-lg font-bold">{t(OrderText::Timeline)}</h2>
                        <OrderTimeline entries=detail.timeline.clone() />
                    </section>
                </div>
                <aside class="h-fit space-y-4 rounded-xl border border-slate-200 p-5 dark:border-slate-800">
                    <PriceBreakdown quote=detail.quote.clone() />
                    <InvoiceLinks invoices=detail.invoices.clone() />
                </aside>
            </div>
            {open_invoice.map(|invoice| view! {
                <div class="grid gap-4 md:grid-cols-2">
                    <ActionForm action=mark_paid attr:class="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800" attr:data-testid="mark-paid-form">
                        <h2 class="font-semibold">{t(AdminText::MarkPaid)}</h2>
                        <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::MarkPaidNote)}</p>
                        <input type="hidden" name="invoice" value=invoice.id.clone() />
                        <Field label=AdminText::TransferReference name="reference" required=true error=paid_error />
                        <label class="block text-sm font-medium">
                            {t(AdminText::Note)}
                            <textarea name="note" rows="2" class=INPUT_CLASS></textarea>
                        </label>
                        <FormStatus error=paid_error />
                        <button type="submit" class=BUTTON_CLASS data-testid="mark-paid">{t(AdminText::MarkPaid)}</button>
                    </ActionForm>
                    <ActionForm action=cancel attr:class="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800" attr:data-testid="admin-cancel-form">
                        <h2 class="font-semibold">{t(AdminText::CancelOrder)}</h2>
                        <input type="hidden" name="id" value=order_id />
                        <label class="block text-sm font-medium">
                            {t(AdminText::CancelReason)}
                            <input name="reason" class=INPUT_CLASS />
                        </label>
                        <FormStatus error=cancel_error />
                        <button type="submit" class="rounded-lg border border-red-300 px-4 py-2 font-semibold text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300" data-testid="admin-cancel">
                            {t(AdminText::CancelOrder)}
                        </button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}

/// The order's provisioning task for staff, with the provider's error and, after a
/// failure, the admin's retry.
#[component]
fn ProvisioningPanel(
    task: ProvisioningInfo,
    can_retry: bool,
    retry: ServerAction<RetryProvisioning>,
) -> impl IntoView {
    let failed = task.status == crate::provisioning::TaskStatus::Failed;
    let order_id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let row = |label: AdminText, value: String, testid: &'static str| {
        view! {
            <div class="flex justify-between gap-4 py-1">
                <dt class="text-slate-600 dark:text-slate-400">{t(label)}</dt>
                <dd class="font-mono" data-testid=testid>{value}</dd>
            </div>
        }
    };
    view! {
        <section class="mt-6 space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid="provisioning-panel">
            <h2 class="text-lg font-semibold">{t(AdminText::Provisioning)}</h2>
            <dl class="text-sm">
                {row(AdminText::TaskStatus, task.status.code().to_string(), "task-status")}
                {row(AdminText::StatusChecks, task.checks.to_string(), "task-checks")}
                {row(AdminText::ProviderInstance, task.provider_instance_id.clone().unwrap_or_else(|| "–".into()), "task-instance")}
            </dl>
            {task.last_error.clone().map(|error| view! {
                <div class="rounded-lg bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
                    <p class="font-semibold">{t(AdminText::LastError)}</p>
                    <p class="font-mono" data-testid="task-error">{error}</p>
                </div>
            })}
            {(failed && can_retry).then(|| view! {
                <ActionForm action=retry attr:data-testid="retry-form">
                    <input type="hidden" name="id" value=order_id.clone() />
                    <p class="mb-2 text-sm text-slate-600 dark:text-slate-400">{t(AdminText::RetryNote)}</p>
                    <FormStatus error=action_error(retry) />
                    <button type="submit" class=BUTTON_CLASS data-testid="retry-provisioning">{t(AdminText::RetryProvisioning)}</button>
                </ActionForm>
            })}
        </section>
    }
}
