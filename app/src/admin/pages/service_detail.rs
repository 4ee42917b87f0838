use super::super::services::{
    AdminChangeStanding, AdminServiceDetail, AdminSyncService, admin_get_service, admin_provider_state,
};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, StaffArea, TD_CLASS};
use crate::accounts::Role;
use crate::i18n::t;
use crate::lifecycle::texts::next_step_text;
use crate::services::ServiceStatus;
use crate::services::pages::{ProviderBadge, ServiceBadges};
use crate::services::texts::{action_status_text, action_text, status_text};
use crate::ui::form::{Field, FormStatus, INPUT_CLASS, action_error};
use crate::ui::{PageTitle, short_time};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/admin/services/:id`: one service with its customer, lifecycle and actions (with the
/// provider's errors), what the provider says of the machine, and (admins) force sync,
/// suspend / unsuspend / terminate with a reason.
#[component]
pub fn AdminServiceDetailPage() -> impl IntoView {
    let params = use_params_map();
    let sync = ServerAction::<AdminSyncService>::new();
    let standing = ServerAction::<AdminChangeStanding>::new();
    let id = move || params.read().get("id").unwrap_or_default();
    let versions = move || (id(), sync.version().get(), standing.version().get());
    let service = Resource::new(versions, |(id, _, _)| admin_get_service(id));
    let provider_state = Resource::new(versions, |(id, _, _)| admin_provider_state(id));
    view! {
        <PageTitle text=AdminText::Server />
        <StaffArea children=move |viewer| view! {
            <a href="/admin/services" class="text-sm text-sky-700 hover:underline dark:text-sky-400">{t(AdminText::Back)}</a>
            <Transition fallback=|| ()>
                {move || {
                    let can_edit = viewer.role == Role::Admin;
                    Suspend::new(async move {
                        service.await.map(|detail| view! { <ServiceView detail can_edit sync standing /> })
                    })
                }}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move { view! { <ProviderState state=provider_state.await /> } })}
            </Transition>
        } />
    }
}

const ACTION_COLUMNS: [AdminText; 5] = [
    AdminText::When,
    AdminText::ServiceActions,
    AdminText::Status,
    AdminText::RequestedBy,
    AdminText::Error,
];

#[component]
fn ServiceView(
    detail: AdminServiceDetail,
    can_edit: bool,
    sync: ServerAction<AdminSyncService>,
    standing: ServerAction<AdminChangeStanding>,
) -> impl IntoView {
    let service = detail.line.service.clone();
    let fact = |label: AdminText, value: String, testid: &'static str| {
        view! {
            <dt class="text-slate-600 dark:text-slate-400">{t(label)}</dt>
            <dd class="font-medium" data-testid=testid>{value}</dd>
        }
    };
    let actions = detail.actions.clone();
    view! {
        <section class="space-y-6" data-testid="admin-service-detail" data-status=service.status.code()>
            <header class="flex flex-wrap items-center justify-between gap-3">
                <div class="space-y-1">
                    <h1 class="text-2xl font-bold">{service.hostname.clone()}</h1>
                    <div class="flex flex-wrap items-center gap-2">
                        <ProviderBadge name=service.provider_name.clone() />
                        <span class="text-sm font-semibold" data-testid="admin-service-status">{t(status_text(service.status))}</span>
                        <ServiceBadges status=service.status power_state=service.power_state.clone() />
                    </div>
                </div>
                <a href=format!("/admin/orders/{}", service.order_id) class="text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400">{t(AdminText::Order)}</a>
            </header>
            <dl class="grid gap-x-4 gap-y-2 rounded-xl border border-slate-200 p-5 text-sm sm:grid-cols-[auto_1fr] dark:border-slate-800">
                {fact(AdminText::Customer, detail.line.customer_email.clone(), "admin-service-customer")}
                {fact(AdminText::Plan, format!("{} · {}", service.plan_name, service.region_label), "admin-service-plan")}
                {fact(AdminText::IpAddress, format!("{} {}", service.ipv4.clone().unwrap_or_default(), service.ipv6.clone().unwrap_or_default()), "admin-service-ip")}
                {fact(AdminText::ProviderId, detail.provider_instance_id.clone(), "admin-service-instance")}
                {fact(AdminText::PaidUntil, format!("{} UTC", short_time(&service.expires_at)), "admin-service-expires")}
                {detail.suspension.clone().map(|kind| fact(
                    AdminText::SuspendedBy,
                    format!("{kind}{}", detail.suspension_note.clone().map(|note| format!(" · {note}")).unwrap_or_default()),
                    "admin-service-suspension",
                ))}
                {detail.upcoming.clone().map(|upcoming| view! {
                    <dt class="text-slate-600 dark:text-slate-400">{t(AdminText::NextStep)}</dt>
                    <dd class="font-medium" data-testid="admin-service-next">
                        {t(next_step_text(upcoming.step))}{format!(" {} UTC", short_time(&upcoming.at))}
                    </dd>
                })}
            </dl>
            {can_edit.then(|| view! { <StaffControls detail=detail.clone() sync standing /> })}
            <section>
                <h2 class="mb-3 text-lg font-bold">{t(AdminText::ServiceActions)}</h2>
                <DataTable columns=&ACTION_COLUMNS testid="admin-service-actions">
                    {actions.into_iter().map(|action| view! {
                        <tr data-testid="admin-action-row" data-action=action.action.code() data-status=action.status.code()>
                            <td class=TD_CLASS>{short_time(&action.created_at)}</td>
                            <td class=TD_CLASS>{t(action_text(action.action))}</td>
                            <td class=TD_CLASS>{t(action_status_text(action.status))}</td>
                            <td class=TD_CLASS>{action.requested_by.unwrap_or_else(|| t(AdminText::SystemActor)().to_string())}</td>
                            <td class=format!("{TD_CLASS} font-mono text-xs text-red-700 dark:text-red-300")>{action.error.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </DataTable>
            </section>
            <section>
                <h2 class="mb-3 text-lg font-bold">{t(AdminText::LifecycleEvents)}</h2>
                <ol class="space-y-1 text-sm" data-testid="admin-lifecycle-events">
                    {detail.lifecycle_events.into_iter().map(|(at, event)| view! {
                        <li><span class="text-slate-600 dark:text-slate-400">{format!("{} UTC · ", short_time(&at))}</span><span class="font-mono">{event}</span></li>
                    }).collect_view()}
                </ol>
            </section>
        </section>
    }
}

/// Force sync, and the service's standing: suspend / unsuspend, terminate (host name typed).
#[component]
fn StaffControls(
    detail: AdminServiceDetail,
    sync: ServerAction<AdminSyncService>,
    standing: ServerAction<AdminChangeStanding>,
) -> impl IntoView {
    let service = detail.line.service;
    let id = service.id.clone();
    let (standing_id, terminate_id) = (id.clone(), id.clone());
    let error = action_error(standing);
    let (step, label) = match service.status {
        ServiceStatus::Suspended => ("unsuspend", AdminText::UnsuspendService),
        _ => ("suspend", AdminText::SuspendService),
    };
    let live = service.status != ServiceStatus::Terminated && !detail.termination_requested;
    let danger = "rounded-lg border border-red-300 px-4 py-2 font-semibold text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300";
    view! {
        <section class="grid gap-4 md:grid-cols-3">
            <ActionForm action=sync attr:class="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800" attr:data-testid="sync-form">
                <input type="hidden" name="id" value=id.clone() />
                <FormStatus error=action_error(sync) />
                <button type="submit" class=BUTTON_CLASS data-testid="force-sync">{t(AdminText::ForceSync)}</button>
            </ActionForm>
            {live.then(|| view! {
                <ActionForm action=standing attr:class="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800" attr:data-testid="standing-form">
                    <h2 class="font-semibold">{t(AdminText::Standing)}</h2>
                    <input type="hidden" name="id" value=standing_id.clone() />
                    <input type="hidden" name="step" value=step />
                    <Field label=AdminText::StandingReason name="reason" required=true error />
                    <FormStatus error />
                    <button type="submit" class=BUTTON_CLASS data-testid=format!("standing-{step}")>{t(label)}</button>
                </ActionForm>
                <ActionForm action=standing attr:class="space-y-3 rounded-lg border border-red-200 p-4 dark:border-red-900" attr:data-testid="terminate-form">
                    <h2 class="font-semibold">{t(AdminText::TerminateService)}</h2>
                    <input type="hidden" name="id" value=terminate_id.clone() />
                    <input type="hidden" name="step" value="terminate" />
                    <label class="block text-sm font-medium">
                        {t(AdminText::StandingReason)}
                        <input name="reason" class=INPUT_CLASS data-testid="terminate-reason" />
                    </label>
                    <label class="block text-sm font-medium">
                        {t(AdminText::TerminateConfirm)}
                        <input name="confirm" autocomplete="off" class=INPUT_CLASS placeholder=service.hostname.clone() data-testid="terminate-confirm" />
                    </label>
                    <button type="submit" class=danger data-testid="standing-terminate">{t(AdminText::TerminateService)}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// The provider's own description of the machine, as it sent it.
#[component]
fn ProviderState(state: Result<Option<String>, crate::error::AppError>) -> impl IntoView {
    let body = match state {
        Ok(Some(json)) => view! { <pre class="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100" data-testid="provider-state"><code>{json}</code></pre> }.into_any(),
        Ok(None) => view! { <p data-testid="provider-state-missing">{t(AdminText::ProviderStateMissing)}</p> }.into_any(),
        Err(error) => view! { <p class="text-sm text-red-700 dark:text-red-300" data-testid="provider-state-error">{error.to_string()}</p> }.into_any(),
    };
    view! {
        <section class="mt-6 space-y-2">
            <h2 class="text-lg font-bold">{t(AdminText::ProviderState)}</h2>
            {body}
        </section>
    }
}
