use super::super::payments::AdjustWallet;
use super::super::texts::AdminText;
use super::super::users::{SetUserRole, SetUserSuspended, UserDetail, get_user};
use super::audit::AuditTable;
use super::{BUTTON_CLASS, SELECT_CLASS, StaffArea, role_text, status_text};
use crate::accounts::{AccountStatus, Role, User};
use crate::i18n::t;
use crate::ui::PageTitle;
use crate::ui::{FormStatus, action_error};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UserDetailPage() -> impl IntoView {
    // Created outside the guard's Suspense (see `SecurityPage`).
    let params = use_params_map();
    let suspend = ServerAction::<SetUserSuspended>::new();
    let change_role = ServerAction::<SetUserRole>::new();
    let adjust = ServerAction::<AdjustWallet>::new();
    let detail = Resource::new(
        move || {
            (
                params.read().get("id").unwrap_or_default(),
                suspend.version().get(),
                change_role.version().get(),
                adjust.version().get(),
            )
        },
        |(id, _, _, _)| get_user(id),
    );
    view! {
        <PageTitle text=AdminText::Users />
        <StaffArea children=move |viewer| view! { <UserDetailView viewer suspend change_role adjust detail /> } />
    }
}

#[component]
fn UserDetailView(
    viewer: User,
    suspend: ServerAction<SetUserSuspended>,
    change_role: ServerAction<SetUserRole>,
    adjust: ServerAction<AdjustWallet>,
    detail: Resource<Result<UserDetail, crate::error::AppError>>,
) -> impl IntoView {
    let can_edit = viewer.role == Role::Admin;
    let viewer_id = viewer.id;
    view! {
        <a href="/admin/users" class="text-sm text-sky-700 hover:underline dark:text-sky-400">{t(AdminText::Back)}</a>
        <Transition fallback=|| ()>
            {move || {
                let viewer_id = viewer_id.clone();
                Suspend::new(async move {
                detail.await.map(|detail| {
                    let own = detail.user.id == viewer_id;
                    view! {
                        <UserFacts detail=detail.clone() />
                        {(can_edit && !own).then(|| view! { <UserActions detail=detail.clone() suspend change_role /> })}
                        {can_edit.then(|| view! { <WalletAdjustment user=detail.user.id.to_string() adjust /> })}
                        <h2 class="mt-6 text-lg font-semibold">{t(AdminText::Activity)}</h2>
                        <AuditTable records=detail.activity />
                    }
                })
            })
            }}
        </Transition>
    }
}

#[component]
fn UserFacts(detail: UserDetail) -> impl IntoView {
    let user = detail.user;
    let yes_no = |value: bool| {
        if value {
            t(AdminText::Yes)
        } else {
            t(AdminText::No)
        }
    };
    let row = |label: AdminText, value: String| {
        view! {
            <dt class="text-slate-600 dark:text-slate-400">{t(label)}</dt>
            <dd class="col-span-2">{value}</dd>
        }
    };
    view! {
        <h1 class="mt-2 text-2xl font-bold" data-testid="user-detail-name">{user.name.clone()}</h1>
        <dl class="mt-4 grid grid-cols-3 gap-2 rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800">
            {row(AdminText::Email, user.email.clone())}
            <dt class="text-slate-600 dark:text-slate-400">{t(AdminText::Role)}</dt>
            <dd class="col-span-2" data-testid="user-role">{t(role_text(user.role))}</dd>
            <dt class="text-slate-600 dark:text-slate-400">{t(AdminText::Status)}</dt>
            <dd class="col-span-2" data-testid="user-status">{t(status_text(user.status))}</dd>
            <dt class="text-slate-600 dark:text-slate-400">{t(AdminText::Verified)}</dt>
            <dd class="col-span-2">{yes_no(user.email_verified)}</dd>
            <dt class="text-slate-600 dark:text-slate-400">{t(AdminText::TwoFactor)}</dt>
            <dd class="col-span-2">{yes_no(user.two_factor)}</dd>
            {row(AdminText::Phone, detail.phone)}
            {row(AdminText::Company, detail.company)}
            {row(AdminText::Address, detail.address)}
            {row(AdminText::Language, detail.language)}
            {row(AdminText::Sessions, detail.active_sessions.to_string())}
            <dt class="text-slate-600 dark:text-slate-400">{t(AdminText::WalletBalance)}</dt>
            <dd class="col-span-2 tabular-nums" data-testid="user-wallet-balance">{crate::money::format_idr(detail.wallet_balance)}</dd>
            {row(AdminText::Created, user.created_at)}
        </dl>
    }
}

#[component]
fn UserActions(
    detail: UserDetail,
    suspend: ServerAction<SetUserSuspended>,
    change_role: ServerAction<SetUserRole>,
) -> impl IntoView {
    let user = detail.user;
    let (suspend_id, role_id) = (user.id.clone(), user.id.clone());
    let suspended = user.status == AccountStatus::Suspended;
    let suspend_error = action_error(suspend);
    let role_error = action_error(change_role);
    view! {
        <div class="mt-4 grid gap-4 md:grid-cols-2">
            <ActionForm action=suspend attr:class="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
                <input type="hidden" name="id" value=suspend_id />
                <input type="hidden" name="suspend" value=if suspended { "false" } else { "true" } />
                <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::SuspendNote)}</p>
                <button type="submit" data-testid="toggle-suspension" class=BUTTON_CLASS>
                    {if suspended { t(AdminText::Unsuspend) } else { t(AdminText::Suspend) }}
                </button>
                <FormStatus error=suspend_error />
            </ActionForm>
            <ActionForm action=change_role attr:class="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
                <input type="hidden" name="id" value=role_id />
                <label for="new-role" class="block text-sm font-medium">{t(AdminText::ChangeRole)}</label>
                <select id="new-role" name="role" class=SELECT_CLASS>
                    {[Role::Customer, Role::Support, Role::Admin].into_iter().map(|role| view! {
                        <option value=role.code() selected=role == user.role>{t(role_text(role))}</option>
                    }).collect_view()}
                </select>
                <button type="submit" data-testid="change-role" class=BUTTON_CLASS>{t(AdminText::ChangeRole)}</button>
                <FormStatus error=role_error />
            </ActionForm>
        </div>
    }
}

/// Credits or debits the user's balance with a reason (admins; audited).
#[component]
fn WalletAdjustment(user: String, adjust: ServerAction<AdjustWallet>) -> impl IntoView {
    view! {
        <ActionForm action=adjust attr:class="mt-4 space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800" attr:data-testid="wallet-adjust-form">
            <h2 class="font-semibold">{t(AdminText::AdjustWallet)}</h2>
            <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::AdjustWalletNote)}</p>
            <input type="hidden" name="user" value=user />
            <div class="flex flex-wrap items-end gap-3">
                <label class="text-sm">
                    {t(AdminText::AdjustAmount)}
                    <input name="amount" inputmode="numeric" required class=crate::ui::form::INPUT_CLASS data-testid="wallet-adjust-amount" />
                </label>
                <label class="grow text-sm">
                    {t(AdminText::AdjustReason)}
                    <input name="reason" required class=crate::ui::form::INPUT_CLASS data-testid="wallet-adjust-reason" />
                </label>
                <button type="submit" class=BUTTON_CLASS data-testid="wallet-adjust">{t(AdminText::AdjustWallet)}</button>
            </div>
            <FormStatus error=action_error(adjust) />
        </ActionForm>
    }
}
