use super::metrics::MetricsPanel;
use super::parts::{ProviderBadge, ServiceBadges, specs_label};
use super::upgrade::UpgradeBox;
use crate::accounts::pages::RequireUser;
use crate::i18n::t;
use crate::lifecycle::texts::next_step_text;
use crate::lifecycle::{LifecycleText, LifecycleView};
use crate::payments::StartPayment;
use crate::payments::pages::{PayInvoiceForm, PaymentOptions};
use crate::services::texts::{action_status_text, action_text};
use crate::services::{
    ActionKind, ActionStatus, ActionView, RenewService, RequestServiceAction, RevealRootPassword,
    ServiceDetail, ServiceStatus, ServiceText, UpgradeService, UpgradeStatus, get_service,
};
use crate::ui::form::INPUT_CLASS;
use crate::ui::{Field, FormStatus, PageTitle, RefreshWithoutScript, action_error, poll_while, short_time};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/services/:id`: one server, its controls and what is happening to it. Follows a
/// running action (and a machine between states) without a reload.
#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let act = ServerAction::<RequestServiceAction>::new();
    let renew = ServerAction::<RenewService>::new();
    let upgrade = ServerAction::<UpgradeService>::new();
    let id = move || params.read().get("id").unwrap_or_default();
    let service = Resource::new(
        move || {
            (
                id(),
                act.version().get(),
                renew.version().get(),
                upgrade.version().get(),
            )
        },
        |(id, ..)| get_service(id),
    );
    // Created here, before the guard: see `RequireUser`.
    let options = PaymentOptions::load();
    let metrics = super::metrics::metrics_resource();
    // Set from each loaded detail (see `ui::poll` for why not a memo over the resource).
    let settling = RwSignal::new(false);
    poll_while(settling.into(), move || service.refetch());
    view! {
        <PageTitle text=ServiceText::Server />
        <RequireUser children=move |_| view! {
            <Transition fallback=|| ()>
                {move || {
                    // After paying a renewal (`?payment=sent`) the gateway reports by webhook:
                    // keep looking until it is in. Read here, outside the async block, so a
                    // new query renders again.
                    let payment_sent = query.read().get("payment").as_deref() == Some("sent");
                    Suspend::new(async move {
                        service.await.map(|detail| {
                            let upgrade_unpaid = detail
                                .upgrade
                                .as_ref()
                                .is_some_and(|upgrade| upgrade.status == UpgradeStatus::Pending);
                            let now_settling = detail.settling()
                                || (payment_sent && (detail.lifecycle.open_invoice.is_some() || upgrade_unpaid));
                            settling.set(now_settling);
                            view! { <ServiceView detail act renew upgrade options settling=now_settling /> }
                        })
                    })
                }}
            </Transition>
            // Outside the view that refreshes while an action settles: charts load once per range.
            <div class="mt-6"><MetricsPanel metrics /></div>
        } />
    }
}

#[component]
fn ServiceView(
    detail: ServiceDetail,
    act: ServerAction<RequestServiceAction>,
    renew: ServerAction<RenewService>,
    upgrade: ServerAction<UpgradeService>,
    options: PaymentOptions,
    settling: bool,
) -> impl IntoView {
    let service = detail.service.clone();
    let last_failed = detail
        .recent_actions
        .first()
        .is_some_and(|action| action.status == ActionStatus::Failed);
    let fact = |label: ServiceText, value: String, testid: &'static str| {
        view! {
            <dt class="text-slate-600 dark:text-slate-400">{t(label)}</dt>
            <dd class="font-medium" data-testid=testid>{value}</dd>
        }
    };
    let specs = specs_label(detail.vcpu, detail.memory_mb, detail.disk_gb);
    view! {
        <RefreshWithoutScript active=settling />
        <section class="space-y-6" data-testid="service-detail" data-service-id=service.id.clone()>
            <header class="flex flex-wrap items-center justify-between gap-3">
                <div class="space-y-1">
                    <h1 class="text-2xl font-bold" data-testid="service-hostname">{service.hostname.clone()}</h1>
                    <div class="flex flex-wrap items-center gap-2">
                        <ProviderBadge name=service.provider_name.clone() />
                        <ServiceBadges status=service.status power_state=service.power_state.clone() />
                    </div>
                </div>
                <a href=format!("/orders/{}", service.order_id) class="text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400">{t(ServiceText::OrderLink)}</a>
            </header>
            {detail.open_action.clone().map(|action| view! {
                <p class="rounded-lg bg-sky-50 p-3 text-sky-900 dark:bg-sky-950 dark:text-sky-100" role="status" data-testid="open-action" data-action=action.kind.code()>
                    <span>{t(ServiceText::ActionRunning)}</span>" "
                    <strong>{t(action_text(action.kind))}</strong>" ("
                    <span>{t(action_status_text(action.status))}</span>") · "
                    <span>{t(ServiceText::Live)}</span>
                </p>
            })}
            {(service.status == ServiceStatus::Suspended).then(|| {
                let text = if detail.lifecycle.suspended_by_staff { LifecycleText::SuspendedByStaff } else { LifecycleText::SuspendedUnpaid };
                view! {
                    <p class="rounded-lg bg-red-50 p-3 text-red-900 dark:bg-red-950 dark:text-red-100" role="status" data-testid="suspended-note">{t(text)}</p>
                }
            })}
            {(last_failed && detail.open_action.is_none()).then(|| view! {
                <p class="rounded-lg bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100" role="status" data-testid="action-failed">
                    {t(ServiceText::ActionFailedNote)}
                </p>
            })}
            <div class="grid gap-6 lg:grid-cols-3">
                <div class="space-y-6 lg:col-span-2">
                    <dl class="grid gap-x-4 gap-y-2 rounded-xl border border-slate-200 p-5 text-sm sm:grid-cols-[auto_1fr] dark:border-slate-800">
                        {fact(ServiceText::Ipv4, service.ipv4.clone().unwrap_or_default(), "service-ipv4")}
                        {fact(ServiceText::Ipv6, service.ipv6.clone().unwrap_or_default(), "service-ipv6")}
                        {fact(ServiceText::Plan, service.plan_name.clone(), "service-plan")}
                        {fact(ServiceText::Specs, specs, "service-specs")}
                        {fact(ServiceText::Location, service.region_label.clone(), "service-region")}
                        {fact(ServiceText::System, service.image_label.clone(), "service-image")}
                        {fact(ServiceText::Expires, format!("{} UTC", short_time(&service.expires_at)), "service-expires")}
                    </dl>
                    <RenewalBox lifecycle=detail.lifecycle.clone() service_id=service.id.clone() renew options />
                    {(service.status == ServiceStatus::Active).then(|| view! {
                        <UpgradeBox service_id=service.id.clone() choices=detail.upgrade_choices.clone() upgrade=detail.upgrade.clone() action=upgrade options />
                    })}
                    {service.ipv4.clone().map(|ip| view! {
                        <SshAccess ip service_id=service.id.clone() has_password=detail.has_root_password />
                    })}
                    <ActionHistory actions=detail.recent_actions.clone() />
                </div>
                <Controls detail act />
            </div>
        </section>
    }
}

/// What comes next (renewal invoice, suspension, termination) and when; the open renewal
/// invoice with its pay form, or "renew now" ahead of the schedule.
#[component]
fn RenewalBox(
    lifecycle: LifecycleView,
    service_id: String,
    renew: ServerAction<RenewService>,
    options: PaymentOptions,
) -> impl IntoView {
    let pay = ServerAction::<StartPayment>::new();
    view! {
        <section class="space-y-3 rounded-xl border border-slate-200 p-5 dark:border-slate-800" id="renewal" data-testid="renewal">
            <h2 class="font-bold">{t(LifecycleText::Renewal)}</h2>
            {lifecycle.upcoming.clone().map(|upcoming| view! {
                <p class="text-sm" data-testid="next-step" data-step=format!("{:?}", upcoming.step)>
                    <span>{t(next_step_text(upcoming.step))}</span>
                    {(upcoming.step != crate::lifecycle::NextStep::Terminating).then(|| view! {
                        <strong data-testid="next-step-at">{format!(" {} UTC", short_time(&upcoming.at))}</strong>
                    })}
                </p>
            })}
            {match lifecycle.open_invoice.clone() {
                Some(invoice) => view! {
                    <p class="text-sm" data-testid="renewal-invoice">
                        <span>{t(LifecycleText::OpenInvoice)}" "</span>
                        <a class="font-mono font-semibold text-sky-700 hover:underline dark:text-sky-400" href=format!("/invoices/{}", invoice.id)>{invoice.number.clone()}</a>
                        <span>{format!(" · {} ", crate::money::format_idr(invoice.total))}</span>
                        <span>{t(LifecycleText::DueOn)}</span>
                        <span>{format!(" {} UTC", short_time(&invoice.due_at))}</span>
                    </p>
                    <PayInvoiceForm invoice pay options />
                }.into_any(),
                None => lifecycle.can_renew_now.then(|| view! {
                    <ActionForm action=renew>
                        <input type="hidden" name="id" value=service_id.clone() />
                        <FormStatus error=action_error(renew) />
                        <button type="submit" data-testid="renew-now" class="rounded-lg border border-sky-300 px-3 py-2 text-sm font-semibold text-sky-800 hover:bg-sky-50 dark:border-sky-800 dark:text-sky-300 dark:hover:bg-sky-950">
                            {t(LifecycleText::RenewNow)}
                        </button>
                    </ActionForm>
                }).into_any(),
            }}
        </section>
    }
}

/// How to connect, and the root password: shown once, after the account password.
#[component]
fn SshAccess(ip: String, service_id: String, has_password: bool) -> impl IntoView {
    let reveal = ServerAction::<RevealRootPassword>::new();
    let password = move || reveal.value().get().and_then(Result::ok);
    let error = action_error(reveal);
    let hint = "text-sm text-slate-600 dark:text-slate-400";
    let stored = has_password.then(|| view! {
        <Show when=move || password().is_some() fallback=move || {
            let id = service_id.clone();
            view! {
            <ActionForm action=reveal attr:class="space-y-2">
                <p class=hint>{t(ServiceText::ShowPasswordHint)}</p>
                <input type="hidden" name="id" value=id />
                <Field label=ServiceText::AccountPassword name="current_password" id="reveal-account-password" kind="password" autocomplete="current-password" required=true error />
                <FormStatus error />
                <button type="submit" data-testid="reveal-password" class="rounded-lg border border-slate-300 px-3 py-2 text-sm font-semibold hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900">
                    {t(ServiceText::ShowPassword)}
                </button>
            </ActionForm>
            }
        }>
            <p class="text-sm">
                <span>{t(ServiceText::RootPassword)}": "</span>
                <code class="rounded bg-slate-100 px-2 py-1 font-mono dark:bg-slate-800" data-testid="root-password">{password}</code>
            </p>
            <p class="text-sm font-semibold text-amber-700 dark:text-amber-400" role="status">{t(ServiceText::PasswordShownOnce)}</p>
        </Show>
    });
    view! {
        <section class="space-y-2 rounded-xl border border-slate-200 p-5 dark:border-slate-800">
            <h2 class="font-bold">{t(ServiceText::Ssh)}</h2>
            <pre class="overflow-x-auto rounded bg-slate-900 p-3 text-sm text-slate-100" data-testid="ssh-command"><code>{format!("ssh root@{ip}")}</code></pre>
            <p class=hint>{t(ServiceText::SshHint)}</p>
            {match stored {
                Some(form) => form.into_any(),
                None => view! { <p class=hint data-testid="root-password-gone">{t(ServiceText::PasswordGone)}</p> }.into_any(),
            }}
        </section>
    }
}

/// Power buttons, rebuild and delete. A button is disabled when its action does not fit
/// the machine's state or another action runs; the server refuses such a request anyway.
#[component]
fn Controls(detail: ServiceDetail, act: ServerAction<RequestServiceAction>) -> impl IntoView {
    let id = detail.service.id.clone();
    let hostname = detail.service.hostname.clone();
    let console = detail.console_available && detail.service.status == ServiceStatus::Active;
    let console_id = id.clone();
    let buttons = [ActionKind::PowerOn, ActionKind::PowerOff, ActionKind::Reboot]
        .map(|kind| power_button(act, id.clone(), kind, !detail.can(kind)));
    let (rebuild_id, delete_id) = (id.clone(), id);
    let (no_rebuild, no_delete) = (!detail.can(ActionKind::Rebuild), !detail.can(ActionKind::Delete));
    let images = detail
        .images
        .into_iter()
        .map(|image| view! { <option value=image.id>{image.label}</option> })
        .collect_view();
    let rebuild_confirm = confirm_field(ActionKind::Rebuild, hostname.clone());
    let delete_confirm = confirm_field(ActionKind::Delete, hostname);
    let danger = "w-full rounded-lg border border-red-300 px-3 py-2 text-sm font-semibold text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-40 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950";
    view! {
        <aside class="h-fit space-y-5 rounded-xl border border-slate-200 p-5 dark:border-slate-800" data-testid="controls">
            <h2 class="font-bold">{t(ServiceText::Controls)}</h2>
            <FormStatus error=action_error(act) />
            <div class="flex flex-wrap gap-2">{buttons}</div>
            {console.then(|| view! {
                // A plain form: the server answers with a redirect to the provider's console.
                <form method="post" action="/api/services/console" target="_blank" class="space-y-1">
                    <input type="hidden" name="id" value=console_id />
                    <button type="submit" data-testid="open-console" class="rounded-lg border border-slate-300 px-3 py-2 text-sm font-semibold hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900">
                        {t(ServiceText::OpenConsole)}
                    </button>
                    <p class="text-xs text-slate-600 dark:text-slate-400">{t(ServiceText::ConsoleHint)}</p>
                </form>
            })}
            <ActionForm action=act attr:class="space-y-2" attr:data-testid="rebuild-form">
                <input type="hidden" name="id" value=rebuild_id />
                <input type="hidden" name="action" value="rebuild" />
                <h3 class="font-semibold">{t(ServiceText::Rebuild)}</h3>
                <p class="text-xs text-slate-600 dark:text-slate-400">{t(ServiceText::RebuildHint)}</p>
                <label class="block text-sm" for="rebuild-image">{t(ServiceText::System)}</label>
                <select id="rebuild-image" name="image" class=INPUT_CLASS data-testid="rebuild-image">{images}</select>
                {rebuild_confirm}
                <button type="submit" class=danger disabled=no_rebuild data-testid="action-rebuild">{t(ServiceText::Rebuild)}</button>
            </ActionForm>
            <ActionForm action=act attr:class="space-y-2" attr:data-testid="delete-form">
                <input type="hidden" name="id" value=delete_id />
                <input type="hidden" name="action" value="delete" />
                <h3 class="font-semibold">{t(ServiceText::Delete)}</h3>
                <p class="text-xs text-slate-600 dark:text-slate-400">{t(ServiceText::DeleteHint)}</p>
                {delete_confirm}
                <button type="submit" class=danger disabled=no_delete data-testid="action-delete">{t(ServiceText::Delete)}</button>
            </ActionForm>
        </aside>
    }
}

fn power_button(
    act: ServerAction<RequestServiceAction>,
    id: String,
    kind: ActionKind,
    disabled: bool,
) -> impl IntoView {
    view! {
        <ActionForm action=act attr:class="contents">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="action" value=kind.code() />
            <button type="submit" disabled=disabled data-testid=format!("action-{}", kind.code())
                class="rounded-lg border border-slate-300 px-3 py-2 text-sm font-semibold hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-900">
                {t(action_text(kind))}
            </button>
        </ActionForm>
    }
}

/// The host name typed again before a destructive action.
fn confirm_field(kind: ActionKind, hostname: String) -> impl IntoView {
    let field = format!("confirm-{}", kind.code());
    view! {
        <label class="block text-sm" for=field.clone()>{t(ServiceText::TypeHostname)}</label>
        <input id=field.clone() name="confirm" autocomplete="off" class=INPUT_CLASS data-testid=field placeholder=hostname />
    }
}

#[component]
fn ActionHistory(actions: Vec<ActionView>) -> impl IntoView {
    view! {
        <section aria-labelledby="judul-riwayat-tindakan">
            <h2 id="judul-riwayat-tindakan" class="mb-3 text-lg font-bold">{t(ServiceText::History)}</h2>
            {if actions.is_empty() {
                view! { <p class="text-sm text-slate-600 dark:text-slate-400">{t(ServiceText::NoActions)}</p> }.into_any()
            } else {
                view! {
                    <ol class="space-y-1 text-sm" data-testid="action-history">
                        {actions.into_iter().map(|action| view! {
                            <li data-testid="action-entry" data-action=action.kind.code() data-status=action.status.code()>
                                <span class="text-slate-600 dark:text-slate-400">{format!("{} UTC · ", short_time(&action.created_at))}</span>
                                <span class="font-medium">{t(action_text(action.kind))}</span>
                                <span>" · "</span>
                                <span>{t(action_status_text(action.status))}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
