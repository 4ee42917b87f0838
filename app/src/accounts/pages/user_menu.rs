use super::super::texts::AuthText;
use super::use_auth;
use crate::accounts::Role;
use crate::i18n::t;
use leptos::prelude::*;

/// "Sign in" link, or the user's name (linking to the account page) and a sign-out button.
#[component]
pub fn UserMenu() -> impl IntoView {
    let user = use_auth().user;
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => view! { <SignedIn user=user /> }.into_any(),
                    _ => view! {
                        <a href="/login" data-testid="login-link" class="text-sm font-semibold hover:text-sky-600">
                            {t(AuthText::SignIn)}
                        </a>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SignedIn(user: super::super::User) -> impl IntoView {
    let logout = use_auth().logout;
    view! {
        <span class="flex items-center gap-2 text-sm">
            {(user.role != Role::Customer).then(|| view! {
                <a href="/admin" data-testid="admin-link" class="rounded px-2 py-1 font-semibold hover:bg-slate-200 dark:hover:bg-slate-700">
                    {t(AuthText::AdminPanel)}
                </a>
            })}
            <a href="/dashboard" data-testid="my-servers-link" class="rounded px-2 py-1 hover:bg-slate-200 dark:hover:bg-slate-700">{t(AuthText::MyServers)}</a>
            <a href="/orders" data-testid="my-orders-link" class="rounded px-2 py-1 hover:bg-slate-200 dark:hover:bg-slate-700">{t(AuthText::MyOrders)}</a>
            <a href="/invoices" data-testid="my-invoices-link" class="rounded px-2 py-1 hover:bg-slate-200 dark:hover:bg-slate-700">{t(AuthText::MyInvoices)}</a>
            <a href="/wallet" data-testid="my-wallet-link" class="rounded px-2 py-1 hover:bg-slate-200 dark:hover:bg-slate-700">{t(AuthText::MyWallet)}</a>
            <a href="/account" data-testid="user-name" class="font-semibold hover:text-sky-600">{user.name}</a>
            <ActionForm action=logout attr:class="inline">
                <button type="submit" data-testid="logout" class="rounded px-2 py-1 hover:bg-slate-200 dark:hover:bg-slate-700">
                    {t(AuthText::SignOut)}
                </button>
            </ActionForm>
        </span>
    }
}
