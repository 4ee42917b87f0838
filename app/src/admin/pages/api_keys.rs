//! `/admin/api-keys?q=&page=`: every customer's live API keys, found by owner, prefix or the
//! leaked key itself, each with a revoke button (admins).

use super::super::api_keys::{AdminRevokeApiKey, KEY_PAGE_SIZE, StaffKeyLine, admin_list_api_keys};
use super::super::texts::AdminText;
use super::list::{FilterForm, ListPage, ListQuery, TextFilter};
use super::{DataTable, StaffArea, TD_CLASS};
use crate::accounts::Role;
use crate::i18n::t;
use crate::ui::{FormStatus, PageTitle, action_error, short_time};
use leptos::prelude::*;

const FILTERS: [&str; 1] = ["q"];

const COLUMNS: [AdminText; 6] = [
    AdminText::Customer,
    AdminText::KeyName,
    AdminText::Scopes,
    AdminText::LastUsed,
    AdminText::Expires,
    AdminText::ServiceActions,
];

#[component]
pub fn AdminApiKeysPage() -> impl IntoView {
    let list = ListQuery::from_url();
    let revoke = ServerAction::<AdminRevokeApiKey>::new();
    let keys = Resource::new(
        move || (list.values(FILTERS), list.page(), revoke.version().get()),
        |([q], page, _)| admin_list_api_keys(q, page),
    );
    view! {
        <PageTitle text=AdminText::ApiKeys />
        <StaffArea children=move |user| {
            let can_revoke = user.role == Role::Admin;
            view! {
                <section class="space-y-4">
                    <h1 class="text-2xl font-bold">{t(AdminText::ApiKeys)}</h1>
                    <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::ApiKeysNote)}</p>
                    <FilterForm action="/admin/api-keys">
                        <TextFilter name="q" label=AdminText::SearchApiKeys />
                    </FilterForm>
                    <FormStatus error=action_error(revoke) />
                    <ListPage rows=keys page_size=KEY_PAGE_SIZE path="/admin/api-keys" filters=&FILTERS
                        table=move |keys| key_table(keys, revoke, can_revoke) />
                </section>
            }
        } />
    }
}

fn key_table(keys: Vec<StaffKeyLine>, revoke: ServerAction<AdminRevokeApiKey>, can_revoke: bool) -> AnyView {
    if keys.is_empty() {
        return view! { <p data-testid="no-api-keys">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&COLUMNS testid="staff-api-keys">
            {keys.into_iter().map(|line| {
                let key = line.key;
                view! {
                    <tr data-testid="staff-api-key" data-prefix=key.prefix.clone()>
                        <td class=TD_CLASS>
                            <a href=format!("/admin/users/{}", line.owner_id) class="text-sky-700 hover:underline dark:text-sky-400">{line.owner_email}</a>
                        </td>
                        <td class=TD_CLASS>
                            {key.name}
                            <p class="font-mono text-xs text-slate-600 dark:text-slate-400">{format!("{}…", key.prefix)}</p>
                        </td>
                        <td class=format!("{TD_CLASS} font-mono text-xs")>{key.scopes.join(" ")}</td>
                        <td class=TD_CLASS>
                            {match key.last_used_at {
                                Some(at) => format!("{} UTC", short_time(&at)),
                                None => t(AdminText::Never)().to_string(),
                            }}
                            <p class="font-mono text-xs text-slate-600 dark:text-slate-400">{key.last_used_ip}</p>
                        </td>
                        <td class=TD_CLASS>
                            {match key.expires_at {
                                Some(at) => format!("{} UTC", short_time(&at)),
                                None => t(AdminText::Never)().to_string(),
                            }}
                        </td>
                        <td class=TD_CLASS>
                            {can_revoke.then(|| view! {
                                <ActionForm action=revoke>
                                    <input type="hidden" name="id" value=key.id.clone() />
                                    <button type="submit" class="rounded px-2 py-1 text-sm text-rose-700 hover:bg-rose-50 dark:text-rose-400 dark:hover:bg-rose-950">
                                        {t(AdminText::RevokeKey)}
                                    </button>
                                </ActionForm>
                            })}
                        </td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}
