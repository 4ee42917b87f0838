use super::super::audit_log::{PAGE_SIZE, list_audit};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, SELECT_CLASS, StaffArea, TD_CLASS};
use crate::audit::{AuditAction, AuditRecord};
use crate::i18n::t;
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use crate::url::percent_encode;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const FILTERS: [&str; 4] = ["user", "action", "from", "until"];

/// `/admin/audit?user=&action=&from=&until=&before=`: filters in the URL (GET form).
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    let records = Resource::new(
        move || {
            (
                param("user"),
                param("action"),
                param("from"),
                param("until"),
                param("before"),
            )
        },
        |(user, action, from, until, before)| list_audit(user, action, from, until, before),
    );
    view! {
        <PageTitle text=AdminText::AuditLog />
        <StaffArea children=move |_| view! { <AuditBrowser records /> } />
    }
}

#[component]
fn AuditBrowser(records: Resource<Result<Vec<AuditRecord>, crate::error::AppError>>) -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    let older = move |before: String| {
        let mut link = String::from("/admin/audit?");
        for name in FILTERS {
            link.push_str(&format!("{name}={}&", percent_encode(&param(name))));
        }
        link.push_str(&format!("before={before}"));
        link
    };
    let input = |name: &'static str, label: AdminText, kind: &'static str| {
        view! {
            <div>
                <label for=name class="block text-sm font-medium">{t(label)}</label>
                <input id=name name=name type=kind class=INPUT_CLASS prop:value=move || param(name) />
            </div>
        }
    };
    view! {
        <section class="space-y-4">
            <h1 class="text-2xl font-bold">{t(AdminText::AuditLog)}</h1>
            <form method="get" action="/admin/audit" class="flex flex-wrap items-end gap-3" role="search">
                {input("user", AdminText::User, "text")}
                <div>
                    <label for="action" class="block text-sm font-medium">{t(AdminText::Action)}</label>
                    <select id="action" name="action" class=SELECT_CLASS>
                        <option value="">{t(AdminText::Any)}</option>
                        {AuditAction::ALL.into_iter().map(|action| view! {
                            <option value=action.code() selected=move || param("action") == action.code()>{action.code()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {input("from", AdminText::From, "date")}
                {input("until", AdminText::Until, "date")}
                <button type="submit" class=BUTTON_CLASS>{t(AdminText::Filter)}</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    records.await.map(|records| {
                        let last = (records.len() as i64 == PAGE_SIZE).then(|| records.last().map(|r| r.id.clone())).flatten();
                        view! {
                            <AuditTable records />
                            {last.map(|before| view! { <a href=older(before) class="text-sm font-semibold text-sky-700 dark:text-sky-400">{t(AdminText::Older)}</a> })}
                        }
                    })
                })}
            </Transition>
        </section>
    }
}

/// Audit entries as a table (also used on the user page).
#[component]
pub fn AuditTable(records: Vec<AuditRecord>) -> impl IntoView {
    if records.is_empty() {
        return view! { <p data-testid="no-audit">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&AUDIT_COLUMNS testid="audit">
                    {records.into_iter().map(|record| {
                        let target = match (record.target_type, record.target_id) {
                            (Some(kind), Some(id)) if kind == "user" => view! {
                                <a href=format!("/admin/users/{id}") class="text-sky-700 hover:underline dark:text-sky-400">{format!("user {}", &id[id.len().saturating_sub(8)..])}</a>
                            }.into_any(),
                            (Some(kind), Some(id)) => format!("{kind} {id}").into_any(),
                            _ => "".into_any(),
                        };
                        view! {
                            <tr data-testid="audit-row">
                                <td class=TD_CLASS><time datetime=record.occurred_at.clone()>{record.occurred_at.replace('T', " ").replace('Z', "")}</time></td>
                                <td class=TD_CLASS>{record.actor_label}</td>
                                <td class=TD_CLASS><code>{record.action}</code></td>
                                <td class=TD_CLASS>{target}</td>
                                <td class=TD_CLASS>{record.ip.unwrap_or_default()}</td>
                                <td class=TD_CLASS><code class="break-all text-xs">{record.details.to_string()}</code></td>
                            </tr>
                        }
                    }).collect_view()}
        </DataTable>
    }
    .into_any()
}

const AUDIT_COLUMNS: [AdminText; 6] = [
    AdminText::When,
    AdminText::Actor,
    AdminText::Action,
    AdminText::Target,
    AdminText::Ip,
    AdminText::Details,
];
