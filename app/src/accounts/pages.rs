//! Account UI: the sign-in page and the header's user menu.

use super::auth::{Login, Logout, current_user};
use super::texts::AuthText;
use crate::error::AppError;
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;

/// The sign-in and sign-out actions, shared so that everything showing "who is signed in"
/// reloads when either runs.
#[derive(Clone, Copy)]
pub struct AuthActions {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    /// The signed-in user, reloaded after every sign-in or sign-out.
    pub user: Resource<Result<Option<super::User>, AppError>>,
}

pub fn provide_auth() -> AuthActions {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let user = Resource::new(
        move || (login.version().get(), logout.version().get()),
        |_| current_user(),
    );
    let actions = AuthActions { login, logout, user };
    provide_context(actions);
    actions
}

pub fn use_auth() -> AuthActions {
    expect_context::<AuthActions>()
}

const INPUT_CLASS: &str = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 \
     dark:border-slate-700 dark:bg-slate-900";

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = use_auth().login;
    let lang = use_lang();
    let error = move || {
        login
            .value()
            .get()
            .and_then(|result| result.err())
            .map(|error| match error {
                AppError::InvalidCredentials => AuthText::WrongCredentials,
                _ => AuthText::LoginFailed,
            })
    };
    view! {
        <Title text=t(AuthText::LoginTitle) />
        <section class="mx-auto max-w-sm py-8">
            <h1 class="text-2xl font-bold">{t(AuthText::LoginTitle)}</h1>
            <p class="mt-1 text-slate-600 dark:text-slate-400">{t(AuthText::LoginLead)}</p>
            <ActionForm action=login attr:class="mt-6 space-y-4">
                <div>
                    <label for="email" class="block text-sm font-medium">{t(AuthText::Email)}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required class=INPUT_CLASS />
                </div>
                <div>
                    <label for="password" class="block text-sm font-medium">{t(AuthText::Password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        class=INPUT_CLASS
                        aria-describedby="login-error"
                    />
                </div>
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="remember" value="on" />
                    {t(AuthText::RememberMe)}
                </label>
                <p id="login-error" role="alert" class="text-sm text-red-600 dark:text-red-400">
                    {move || error().map(|message| message.text(lang.get()))}
                </p>
                <button
                    type="submit"
                    class="w-full rounded-lg bg-sky-600 px-4 py-2 font-semibold text-white hover:bg-sky-700"
                >
                    {t(AuthText::SignIn)}
                </button>
            </ActionForm>
        </section>
    }
}

/// "Sign in" link, or the user's name and a sign-out button.
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
fn SignedIn(user: super::User) -> impl IntoView {
    let logout = use_auth().logout;
    view! {
        <span class="flex items-center gap-2 text-sm">
            <span data-testid="user-name" class="font-semibold">{user.name}</span>
            <ActionForm action=logout attr:class="inline">
                <button type="submit" data-testid="logout" class="rounded px-2 py-1 hover:bg-slate-200 dark:hover:bg-slate-700">
                    {t(AuthText::SignOut)}
                </button>
            </ActionForm>
        </span>
    }
}
