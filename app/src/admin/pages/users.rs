use super::super::texts::AdminText;
use super::super::users::{PAGE_SIZE, UserListItem, list_users};
use super::{BUTTON_CLASS, DataTable, SELECT_CLASS, StaffArea, TD_CLASS, role_text, status_text};
use crate::accounts::{AccountStatus, Role};
use crate::i18n::t;
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use crate::url::percent_encode;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/admin/users?q=&role=&status=&page=`: the filters live in the URL (a GET form), so a
/// filtered list can be bookmarked and works without JavaScript.
#[component]
pub fn UsersPage() -> impl IntoView {
    // Created outside the guard's Suspense (see `SecurityPage`).
    let query = use_query_map();
    let param = move |name: &'static str| query.read().get(name).unwrap_or_default();
    let page = move || param("page").parse::<i64>().unwrap_or(0).max(0);
    let users = Resource::new(
        move || (param("q"), param("role"), param("status"), page()),
        |(q, role, status, page)| list_users(q, role, status, page),
    );
    view! {
        <PageTitle text=AdminText::Users />
        <StaffArea children=move |_| view! { <UserList users /> } />
    }
}

#[component]
fn UserList(users: Resource<Result<Vec<UserListItem>, crate::error::AppError>>) -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &'static str| query.read().get(name).unwrap_or_default();
    let page = move || param("page").parse::<i64>().unwrap_or(0).max(0);
    let next_page = move || {
        let query = query.read();
        let keep = |name: &str| query.get(name).unwrap_or_default();
        format!(
            "/admin/users?q={}&role={}&status={}&page={}",
            percent_encode(&keep("q")),
            keep("role"),
            keep("status"),
            page() + 1
        )
    };
    view! {
        <section class="space-y-4">
            <h1 class="text-2xl font-bold">{t(AdminText::Users)}</h1>
            <form method="get" action="/admin/users" class="flex flex-wrap items-end gap-3" role="search">
                <div>
                    <label for="q" class="block text-sm font-medium">{t(AdminText::Search)}</label>
                    <input id="q" name="q" type="search" class=INPUT_CLASS prop:value=move || param("q") />
                </div>
                <div>
                    <label for="role" class="block text-sm font-medium">{t(AdminText::Role)}</label>
                    <select id="role" name="role" class=SELECT_CLASS>
                        <option value="">{t(AdminText::Any)}</option>
                        {[Role::Customer, Role::Support, Role::Admin].into_iter().map(|role| view! {
                            <option value=role.code() selected=move || param("role") == role.code()>{t(role_text(role))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="status" class="block text-sm font-medium">{t(AdminText::Status)}</label>
                    <select id="status" name="status" class=SELECT_CLASS>
                        <option value="">{t(AdminText::Any)}</option>
                        {[AccountStatus::Active, AccountStatus::Suspended, AccountStatus::Deleted].into_iter().map(|status| view! {
                            <option value=status.code() selected=move || param("status") == status.code()>{t(status_text(status))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class=BUTTON_CLASS>{t(AdminText::Filter)}</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    users.await.map(|users| {
                        let full_page = users.len() as i64 == PAGE_SIZE;
                        view! {
                            <UserTable users />
                            {full_page.then(|| view! { <a href=next_page class="text-sm font-semibold text-sky-700 dark:text-sky-400">{t(AdminText::Next)}</a> })}
                        }
                    })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UserTable(users: Vec<UserListItem>) -> impl IntoView {
    if users.is_empty() {
        return view! { <p data-testid="no-users">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&USER_COLUMNS testid="users">
                    {users.into_iter().map(|user| view! {
                        <tr data-testid="user-row">
                            <td class=TD_CLASS>
                                <a href=format!("/admin/users/{}", user.id) class="font-semibold text-sky-700 hover:underline dark:text-sky-400">{user.name}</a>
                            </td>
                            <td class=TD_CLASS>{user.email}</td>
                            <td class=TD_CLASS>{t(role_text(user.role))}</td>
                            <td class=TD_CLASS>{t(status_text(user.status))}</td>
                            <td class=TD_CLASS>{if user.two_factor { t(AdminText::Yes) } else { t(AdminText::No) }}</td>
                            <td class=TD_CLASS><time datetime=user.created_at.clone()>{user.created_at[..10].to_string()}</time></td>
                        </tr>
                    }).collect_view()}
        </DataTable>
    }
    .into_any()
}

const USER_COLUMNS: [AdminText; 6] = [
    AdminText::Name,
    AdminText::Email,
    AdminText::Role,
    AdminText::Status,
    AdminText::TwoFactor,
    AdminText::Created,
];
