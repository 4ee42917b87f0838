use super::super::provisioning::{
    JobLine, ProvisioningOverview, RetryJob, SetSimulatedFault, admin_provisioning_overview,
};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, StaffArea, TD_CLASS};
use crate::accounts::Role;
use crate::i18n::t;
use crate::ui::form::{FormStatus, INPUT_CLASS, action_error};
use crate::ui::{PageTitle, short_time};
use leptos::prelude::*;

/// `/admin/provisioning`: tasks that have not finished well, how the providers' APIs have
/// been answering, and (admins) the simulated cloud's planned faults.
#[component]
pub fn AdminProvisioningPage() -> impl IntoView {
    let fault = ServerAction::<SetSimulatedFault>::new();
    let retry = ServerAction::<RetryJob>::new();
    let overview = Resource::new(
        move || (fault.version().get(), retry.version().get()),
        |_| admin_provisioning_overview(),
    );
    view! {
        <PageTitle text=AdminText::ProvisioningQueue />
        <StaffArea children=move |viewer| {
            let can_edit = viewer.role == Role::Admin;
            view! {
                <h1 class="text-2xl font-bold">{t(AdminText::ProvisioningQueue)}</h1>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        overview.await.map(|overview| view! {
                            <Overview overview=overview.clone() can_edit fault />
                            <Jobs jobs=overview.jobs can_edit retry />
                        })
                    })}
                </Transition>
            }
        } />
    }
}

const TASK_COLUMNS: [AdminText; 5] = [
    AdminText::Order,
    AdminText::Provider,
    AdminText::TaskStatus,
    AdminText::StatusChecks,
    AdminText::LastError,
];
const HEALTH_COLUMNS: [AdminText; 5] = [
    AdminText::Provider,
    AdminText::Calls,
    AdminText::Failures,
    AdminText::LastSuccess,
    AdminText::LastError,
];

#[component]
fn Overview(
    overview: ProvisioningOverview,
    can_edit: bool,
    fault: ServerAction<SetSimulatedFault>,
) -> impl IntoView {
    let tasks = if overview.tasks.is_empty() {
        view! { <p data-testid="no-unfinished-tasks">{t(AdminText::NoUnfinishedTasks)}</p> }.into_any()
    } else {
        view! {
            <DataTable columns=&TASK_COLUMNS testid="provisioning-tasks">
                {overview.tasks.into_iter().map(|task| view! {
                    <tr data-testid="task-row" data-status=task.status.code()>
                        <td class=TD_CLASS>
                            <a href=format!("/admin/orders/{}", task.order_id) class="link">{task.hostname}</a>
                            <p class="text-xs text-slate-600 dark:text-slate-400">{format!("{} UTC", short_time(&task.updated_at))}</p>
                        </td>
                        <td class=TD_CLASS>{task.provider_slug}</td>
                        <td class=TD_CLASS>{task.status.code()}</td>
                        <td class=TD_CLASS>{task.checks}</td>
                        <td class=format!("{TD_CLASS} font-mono text-xs")>{task.last_error.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <section class="space-y-3">{tasks}</section>
        <section class="space-y-3">
            <h2 class="text-lg font-bold">{t(AdminText::ProviderHealth)}</h2>
            <DataTable columns=&HEALTH_COLUMNS testid="provider-health">
                {overview.providers.into_iter().map(|provider| view! {
                    <tr data-testid="provider-health-row" data-provider=provider.slug.clone()>
                        <td class=TD_CLASS>{provider.slug.clone()}</td>
                        <td class=TD_CLASS>{match provider.calls {
                            Some(calls) => view! { <span>{calls}</span> }.into_any(),
                            None => view! { <span class="text-slate-600 dark:text-slate-400">{t(AdminText::NoApi)}</span> }.into_any(),
                        }}</td>
                        <td class=TD_CLASS>{provider.failures}</td>
                        <td class=TD_CLASS>{provider.last_success_at.map(|at| format!("{} UTC", short_time(&at))).unwrap_or_default()}</td>
                        <td class=format!("{TD_CLASS} font-mono text-xs")>{provider.last_error.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </section>
        <section class="space-y-3" data-testid="simulated-faults">
            <h2 class="text-lg font-bold">{t(AdminText::SimulatedFaults)}</h2>
            <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::SimulatedFaultsNote)}</p>
            <FormStatus error=action_error(fault) />
            <ul class="space-y-3">
                {overview.faults.into_iter().map(|(code, remaining)| {
                    let (kind, count_id, apply_id) = (code.clone(), format!("fault-count-{code}"), format!("fault-apply-{code}"));
                    let label = if code == "create_fails" { AdminText::FaultCreateFails } else { AdminText::FaultActionTimesOut };
                    view! {
                        <li class="flex flex-wrap items-end gap-3" data-testid="fault-row" data-fault=code.clone()>
                            <span class="min-w-56 font-medium">{t(label)}</span>
                            <span class="text-sm">{t(AdminText::Remaining)}": "<strong data-testid="fault-remaining">{remaining}</strong></span>
                            {can_edit.then(|| view! {
                                <ActionForm action=fault attr:class="flex items-end gap-2">
                                    <input type="hidden" name="kind" value=kind.clone() />
                                    <label class="text-sm">
                                        {t(AdminText::FailNext)}
                                        <input name="count" type="number" min="0" max="100" value="1" class=INPUT_CLASS data-testid=count_id.clone() />
                                    </label>
                                    <button type="submit" class=BUTTON_CLASS data-testid=apply_id.clone()>{t(AdminText::Apply)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

const JOB_COLUMNS: [AdminText; 5] = [
    AdminText::JobKind,
    AdminText::TaskStatus,
    AdminText::Attempts,
    AdminText::RunAt,
    AdminText::LastError,
];

/// Background jobs that are waiting (those that failed before first), running or dead,
/// with their last error; an admin can put a dead one back in the queue.
#[component]
fn Jobs(jobs: Vec<JobLine>, can_edit: bool, retry: ServerAction<RetryJob>) -> impl IntoView {
    let body = if jobs.is_empty() {
        view! { <p data-testid="no-jobs">{t(AdminText::NoJobs)}</p> }.into_any()
    } else {
        view! {
            <DataTable columns=&JOB_COLUMNS testid="jobs">
                {jobs.into_iter().map(|job| {
                    let dead = job.status == "dead";
                    let id = job.id.clone();
                    let (status, kind) = (job.status.clone(), job.kind.clone());
                    view! {
                        <tr data-testid="job-row" data-status=status data-kind=kind>
                            <td class=format!("{TD_CLASS} font-mono text-xs")>{job.kind}</td>
                            <td class=TD_CLASS>
                                <span>{job.status}</span>
                                {(dead && can_edit).then(|| view! {
                                    <ActionForm action=retry attr:class="mt-1">
                                        <input type="hidden" name="id" value=id />
                                        <button type="submit" class="text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400" data-testid="retry-job">{t(AdminText::RetryJob)}</button>
                                    </ActionForm>
                                })}
                            </td>
                            <td class=TD_CLASS>{format!("{}/{}", job.attempts, job.max_attempts)}</td>
                            <td class=TD_CLASS>{format!("{} UTC", short_time(&job.run_at))}</td>
                            <td class=format!("{TD_CLASS} font-mono text-xs")>{job.last_error.unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <section class="space-y-3" data-testid="job-queue">
            <h2 class="text-lg font-bold">{t(AdminText::Jobs)}</h2>
            <FormStatus error=action_error(retry) />
            {body}
        </section>
    }
}
