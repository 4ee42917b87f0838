//! Admin pages. `StaffArea` decides what is shown (staff with 2FA only); the server
//! functions behind each page check again.

mod announcements;
mod api_keys;
mod audit;
mod catalog;
mod deposit_bonuses;
mod gateways;
mod list;
mod order_detail;
mod orders;
mod overview;
mod payments;
mod payments_received;
mod plan_editor;
mod promos;
mod provisioning;
mod refund;
mod service_detail;
mod services;
mod staff_nav;
mod user_detail;
mod users;

pub use announcements::AdminNotificationsPage;
pub use api_keys::AdminApiKeysPage;
pub use audit::AuditLogPage;
pub use catalog::AdminCatalogPage;
pub use order_detail::AdminOrderDetailPage;
pub use orders::AdminOrdersPage;
pub use overview::AdminOverviewPage;
pub use payments::AdminPaymentsPage;
pub use plan_editor::PlanEditorPage;
pub use promos::AdminPromosPage;
pub use provisioning::AdminProvisioningPage;
pub use service_detail::AdminServiceDetailPage;
pub use services::AdminServicesPage;
pub use user_detail::UserDetailPage;
pub use users::UsersPage;

use super::texts::AdminText;
use crate::accounts::pages::RequireUser;
use crate::accounts::{AccountStatus, Role, User};
use crate::analytics::pages::StaffAttention;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The admin layout: the staff navigation beside the page, shown to support staff and
/// admins signed in with the second factor. Staff without 2FA are sent to turn it on, staff
/// whose session signed in without it to sign in again; everyone else gets "not allowed".
#[component]
fn StaffArea<V: IntoView + 'static>(
    children: impl Fn(User) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let StaffAttention(attention) = StaffAttention::provide();
    view! {
        <RequireUser role=Role::Support children=move |user: User| {
            if user.second_factor_passed {
                let can_edit = user.role == Role::Admin;
                view! {
                    <div class="space-y-4 lg:grid lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-8 lg:space-y-0">
                        <staff_nav::StaffNav attention />
                        <div class="min-w-0 space-y-6">
                            {(!can_edit).then(|| view! { <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::ReadOnly)}</p> })}
                            {children(user)}
                        </div>
                    </div>
                }
                .into_any()
            } else if user.two_factor_enabled {
                view! { <Redirect path=crate::accounts::pages::return_after_sign_in() /> }.into_any()
            } else {
                view! { <Redirect path="/account/security?required=1" /> }.into_any()
            }
        } />
    }
}

/// A scrollable table with a header row of `columns`; `children` are the body rows.
#[component]
fn DataTable(columns: &'static [AdminText], testid: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="overflow-x-auto">
            <table class=TABLE_CLASS data-testid=testid>
                <thead>
                    <tr>
                        {columns.iter().map(|column| view! { <th scope="col" class=TH_CLASS>{t(*column)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

fn role_text(role: Role) -> AdminText {
    match role {
        Role::Customer => AdminText::CustomerRole,
        Role::Support => AdminText::Support,
        Role::Admin => AdminText::Admin,
    }
}

fn status_text(status: AccountStatus) -> AdminText {
    match status {
        AccountStatus::Active => AdminText::Active,
        AccountStatus::Suspended => AdminText::Suspended,
        AccountStatus::Deleted => AdminText::Deleted,
    }
}

/// The provider filter of a list (`provider` in the URL), from the catalog.
#[component]
fn ProviderFilter(
    catalog: Resource<Result<crate::catalog::Catalog, crate::error::AppError>>,
) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let selected = move || query.read().get("provider").unwrap_or_default();
    let providers = move || {
        catalog
            .get()
            .and_then(Result::ok)
            .map(|catalog| catalog.providers)
            .unwrap_or_default()
    };
    view! {
        <div>
            <label for="provider" class="block text-sm font-medium">{t(AdminText::Provider)}</label>
            <select id="provider" name="provider" class=SELECT_CLASS>
                <option value="">{t(AdminText::Any)}</option>
                <Transition fallback=|| ()>
                    {move || providers().into_iter().map(|provider| {
                        let slug = provider.slug.clone();
                        view! { <option value=provider.slug selected=move || selected() == slug>{provider.name}</option> }
                    }).collect_view()}
                </Transition>
            </select>
        </div>
    }
}

const TABLE_CLASS: &str = "w-full text-left text-sm";
const TH_CLASS: &str = "border-b border-slate-200 py-2 pr-3 font-semibold dark:border-slate-800";
const TD_CLASS: &str = "border-b border-slate-100 py-2 pr-3 align-top dark:border-slate-900";
const SELECT_CLASS: &str = "mt-1 block rounded-lg border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900";
const BUTTON_CLASS: &str = "rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800";

/// The "switch on" / "switch off" button of a row (a promo, a deposit bonus, a payment
/// method): posts the row's `key` field and the opposite of `on` under `name`.
fn switch_form<ServFn, OutputProtocol>(
    action: ServerAction<ServFn>,
    key: (&'static str, String),
    name: &'static str,
    on: bool,
    testid: &'static str,
) -> impl IntoView + use<ServFn, OutputProtocol>
where
    ServFn: serde::de::DeserializeOwned
        + leptos::server_fn::ServerFn<Protocol = leptos::server_fn::Http<leptos::server_fn::codec::PostUrl, OutputProtocol>>
        + Clone
        + Send
        + Sync
        + 'static,
    <<ServFn::Client as leptos::server_fn::client::Client<ServFn::Error>>::Request as leptos::server_fn::request::ClientReq<
        ServFn::Error,
    >>::FormData: From<leptos::web_sys::FormData>,
    ServFn::Output: Send + Sync + 'static,
    ServFn::Error: Send + Sync + 'static,
    <ServFn as leptos::server_fn::ServerFn>::Client: leptos::server_fn::client::Client<<ServFn as leptos::server_fn::ServerFn>::Error>,
{
    let (field, value) = key;
    view! {
        <ActionForm action attr:class="inline">
            <input type="hidden" name=field value=value />
            <input type="hidden" name=name value=if on { "false" } else { "true" } />
            <button type="submit" class="text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400" data-testid=testid>
                {if on { t(AdminText::Disable) } else { t(AdminText::Enable) }}
            </button>
        </ActionForm>
    }
}
