use super::super::texts::AdminText;
use super::super::users::{PAGE_SIZE, UserListItem, list_users};
use super::list::{ChoiceFilter, FilterForm, ListPage, ListQuery, TextFilter};
use super::{DataTable, StaffArea, TD_CLASS, role_text, status_text};
use crate::accounts::{AccountStatus, Role};
use crate::i18n::t;
use crate::ui::PageTitle;
use leptos::prelude::*;

const FILTERS: [&str; 3] = ["q", "role", "status"];

/// `/admin/users?q=&role=&status=&page=`: the filters live in the URL (a GET form), so a
/// filtered list can be bookmarked and works without JavaScript.
#[component]
pub fn UsersPage() -> impl IntoView {
    let list = ListQuery::from_url();
    let users = Resource::new(
        move || (list.values(FILTERS), list.page()),
        |([q, role, status], page)| list_users(q, role, status, page),
    );
    view! {
        <PageTitle text=AdminText::Users />
        <StaffArea children=move |_| view! { <UserList users /> } />
    }
}

#[component]
fn UserList(users: Resource<Result<Vec<UserListItem>, crate::error::AppError>>) -> impl IntoView {
    let roles = [Role::Customer, Role::Support, Role::Admin]
        .map(|role| (role.code(), role_text(role)))
        .to_vec();
    let statuses = [
        AccountStatus::Active,
        AccountStatus::Suspended,
        AccountStatus::Deleted,
    ]
    .map(|status| (status.code(), status_text(status)))
    .to_vec();
    view! {
        <section class="space-y-4">
            <h1 class="text-2xl font-bold">{t(AdminText::Users)}</h1>
            <FilterForm action="/admin/users">
                <TextFilter name="q" label=AdminText::Search />
                <ChoiceFilter name="role" label=AdminText::Role choices=roles />
                <ChoiceFilter name="status" label=AdminText::Status choices=statuses />
            </FilterForm>
            <ListPage rows=users page_size=PAGE_SIZE path="/admin/users" filters=&FILTERS table=user_table />
        </section>
    }
}

fn user_table(users: Vec<UserListItem>) -> AnyView {
    if users.is_empty() {
        return view! { <p data-testid="no-users">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&USER_COLUMNS testid="users">
                    {users.into_iter().map(|user| view! {
                        <tr data-testid="user-row">
                            <td class=TD_CLASS>
                                <a href=format!("/admin/users/{}", user.id) class="link">{user.name}</a>
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
