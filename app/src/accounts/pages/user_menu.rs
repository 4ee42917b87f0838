use super::super::texts::AuthText;
use super::use_auth;
use crate::accounts::Role;
use crate::i18n::t;
use leptos::prelude::*;

const MENU_LINK: &str = "block rounded px-3 py-2 hover:bg-slate-100 dark:hover:bg-slate-800";

/// "Sign in", or where a signed-in person goes: their servers, orders, invoices, balance,
/// account (and the admin panel for staff) and signing out. In the header these fold into
/// one account menu under the person's name, so a signed-in header fits on one line from
/// 1024 px; `flat` lists them (the phone menu). The fold is a `<details>` element: it opens
/// without JavaScript too.
#[component]
pub fn UserMenu(#[prop(optional)] flat: bool) -> impl IntoView {
    let user = use_auth().user;
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) if flat => view! {
                        <p class="px-3 text-sm font-semibold">{user.name.clone()}</p>
                        <AccountLinks user class="flex flex-col gap-1 text-sm" />
                    }
                    .into_any(),
                    Ok(Some(user)) => view! { <AccountMenu user /> }.into_any(),
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
fn AccountMenu(user: super::super::User) -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    let close = move || {
        #[cfg(feature = "hydrate")]
        if let Some(details) = details.get_untracked() {
            details.set_open(false);
        }
    };
    // A click anywhere outside the open menu closes it, as a menu does.
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::click, move |event| {
            let Some(open) = details.get_untracked().filter(|details| details.open()) else {
                return;
            };
            let inside = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|target| open.contains(Some(&target)));
            if !inside {
                open.set_open(false);
            }
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        <details node_ref=details class="relative" data-testid="account-menu">
            <summary class="flex cursor-pointer list-none items-center gap-1 rounded px-2 py-1 text-sm font-semibold hover:bg-slate-100 dark:hover:bg-slate-800">
                <span data-testid="user-name" class="max-w-40 truncate">{user.name.clone()}</span>
                <span class="sr-only">{t(AuthText::AccountMenu)}</span>
                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="currentColor" aria-hidden="true">
                    <path d="M5.5 7.5 10 12l4.5-4.5z" />
                </svg>
            </summary>
            // A link followed inside the app does not reload the page: close the menu.
            <div
                class="absolute right-0 z-20 mt-2 w-56 rounded-lg border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-800 dark:bg-slate-900"
                on:click=move |_| close()
            >
                <AccountLinks user class="flex flex-col text-sm" />
            </div>
        </details>
    }
}

#[component]
fn AccountLinks(user: super::super::User, class: &'static str) -> impl IntoView {
    let logout = use_auth().logout;
    view! {
        <nav aria-label=t(AuthText::AccountMenu)>
            <ul class=class>
                {(user.role != Role::Customer).then(|| view! {
                    <li><a href="/admin" data-testid="admin-link" class=format!("{MENU_LINK} font-semibold")>{t(AuthText::AdminPanel)}</a></li>
                })}
                <li><a href="/dashboard" data-testid="my-servers-link" class=MENU_LINK>{t(AuthText::MyServers)}</a></li>
                <li><a href="/orders" data-testid="my-orders-link" class=MENU_LINK>{t(AuthText::MyOrders)}</a></li>
                <li><a href="/invoices" data-testid="my-invoices-link" class=MENU_LINK>{t(AuthText::MyInvoices)}</a></li>
                <li><a href="/wallet" data-testid="my-wallet-link" class=MENU_LINK>{t(AuthText::MyWallet)}</a></li>
                <li><a href="/account" data-testid="my-account-link" class=MENU_LINK>{t(AuthText::MyAccount)}</a></li>
                <li>
                    <ActionForm action=logout>
                        <button type="submit" data-testid="logout" class=format!("{MENU_LINK} w-full text-left")>
                            {t(AuthText::SignOut)}
                        </button>
                    </ActionForm>
                </li>
            </ul>
        </nav>
    }
}
