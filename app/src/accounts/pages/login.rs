use super::super::texts::AuthText;
use super::{AuthCard, LINK_CLASS, next_path, query_flag, use_auth, with_next};
use crate::i18n::t;
use crate::ui::{Field, FormStatus, SubmitButton, action_error, notice_when};
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = use_auth().login;
    let error = action_error(login);
    let was_reset = query_flag("reset");
    let notice = notice_when(was_reset, AuthText::PasswordWasReset);
    let next = next_path();
    let switch_link = with_next("/signup", &next);
    view! {
        <AuthCard title=AuthText::LoginTitle lead=AuthText::LoginLead>
            <ActionForm action=login attr:class="mt-6 space-y-4">
                <input type="hidden" name="next" value=next />
                <Field label=AuthText::Email name="email" kind="email" autocomplete="username" required=true error />
                <Field
                    label=AuthText::Password
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    error
                />
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="remember" value="on" />
                    {t(AuthText::RememberMe)}
                </label>
                <FormStatus error success=notice />
                <SubmitButton label=AuthText::SignIn />
            </ActionForm>
            <p class="mt-4 text-sm">
                <a href="/forgot-password" class=LINK_CLASS>{t(AuthText::ForgotPasswordLink)}</a>
            </p>
            <p class="mt-2 text-sm">
                {t(AuthText::NoAccount)} " " <a href=switch_link class=LINK_CLASS>{t(AuthText::CreateAccount)}</a>
            </p>
        </AuthCard>
    }
}
