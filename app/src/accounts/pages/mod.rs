//! Account UI: sign-in, sign-up, e-mail confirmation, password recovery, the account page,
//! the header's user menu and the route guard.

mod account;
mod api_keys;
mod guard;
mod login;
mod recovery;
mod second_factor;
mod security;
mod signup;
mod user_menu;
mod verify;

pub use account::AccountPage;
pub use api_keys::ApiKeysPage;
pub use guard::{RequireUser, return_after_sign_in};
pub use login::LoginPage;
pub use recovery::{ForgotPasswordPage, ResetPasswordPage};
pub use second_factor::SecondFactorPage;
pub use security::SecurityPage;
pub use signup::SignupPage;
pub use user_menu::UserMenu;
pub use verify::VerifyEmailPage;

use super::auth::{Login, Logout, current_user};
use super::signup::Signup;
use super::two_factor::LoginSecondFactor;
use crate::error::AppError;
use crate::i18n::{Text, t};
use crate::ui::PageTitle;
use leptos::prelude::*;

/// The actions that change who is signed in, shared so that everything showing the user
/// reloads when one of them runs.
#[derive(Clone, Copy)]
pub struct AuthActions {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub signup: ServerAction<Signup>,
    pub second_factor: ServerAction<LoginSecondFactor>,
    /// The signed-in user, reloaded after every sign-in, sign-up or sign-out.
    pub user: Resource<Result<Option<super::User>, AppError>>,
}

pub fn provide_auth() -> AuthActions {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let signup = ServerAction::<Signup>::new();
    let second_factor = ServerAction::<LoginSecondFactor>::new();
    let user = Resource::new(
        move || {
            (
                login.version().get(),
                logout.version().get(),
                signup.version().get(),
                second_factor.version().get(),
            )
        },
        |_| current_user(),
    );
    let actions = AuthActions {
        login,
        logout,
        signup,
        second_factor,
        user,
    };
    provide_context(actions);
    actions
}

pub fn use_auth() -> AuthActions {
    expect_context::<AuthActions>()
}

/// The narrow centred card every account form sits in.
#[component]
fn AuthCard<T: Text, L: Text>(title: T, lead: L, children: Children) -> impl IntoView {
    view! {
        <PageTitle text=title />
        <section class="mx-auto max-w-sm py-8">
            <h1 class="text-2xl font-bold">{t(title)}</h1>
            <p class="mt-1 text-slate-600 dark:text-slate-400">{t(lead)}</p>
            {children()}
        </section>
    }
}

/// A field for choosing a password, with the policy as its hint.
#[component]
fn NewPasswordField<L: Text>(
    label: L,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let hint = Signal::derive(t(super::texts::AuthText::PasswordHint));
    view! {
        <crate::ui::Field label name kind="password" autocomplete="new-password" required=true hint error />
    }
}

/// Whether the current URL has `?name=1` (set by a redirect after a form succeeded).
fn query_flag(name: &'static str) -> Memo<bool> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.read().get(name).is_some_and(|value| value == "1"))
}

/// The `?next=` path to continue to after signing in or up ("" when none or not local).
fn next_path() -> String {
    let next = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default();
    crate::url::safe_next(&next, "").to_string()
}

/// `path` with `next` carried along, so switching between sign-in and sign-up keeps it.
pub fn with_next(path: &str, next: &str) -> String {
    if next.is_empty() {
        path.to_string()
    } else {
        format!("{path}?next={}", crate::url::percent_encode(next))
    }
}

const LINK_CLASS: &str = "font-semibold text-sky-700 hover:underline dark:text-sky-400";
