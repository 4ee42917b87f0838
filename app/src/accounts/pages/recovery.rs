use super::super::recovery::{ForgotPassword, ResetPassword};
use super::super::texts::AuthText;
use super::{AuthCard, LINK_CLASS, NewPasswordField, query_flag};
use crate::i18n::t;
use crate::ui::{Field, FormStatus, SubmitButton, action_error, notice_when};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let forgot = ServerAction::<ForgotPassword>::new();
    let error = action_error(forgot);
    let sent = query_flag("sent");
    let notice = notice_when(sent, AuthText::ResetLinkSent);
    view! {
        <AuthCard title=AuthText::ForgotTitle lead=AuthText::ForgotLead>
            <ActionForm action=forgot attr:class="mt-6 space-y-4">
                <Field label=AuthText::Email name="email" kind="email" autocomplete="email" required=true error />
                <FormStatus error success=notice />
                <SubmitButton label=AuthText::SendResetLink />
            </ActionForm>
            <p class="mt-4 text-sm"><a href="/login" class=LINK_CLASS>{t(AuthText::SignIn)}</a></p>
        </AuthCard>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let reset = ServerAction::<ResetPassword>::new();
    let error = action_error(reset);
    let token = use_query_map().read_untracked().get("token").unwrap_or_default();
    view! {
        <AuthCard title=AuthText::ResetTitle lead=AuthText::PasswordHint>
            <ActionForm action=reset attr:class="mt-6 space-y-4">
                <input type="hidden" name="token" value=token />
                <NewPasswordField label=AuthText::NewPassword name="password" error />
                <Field
                    label=AuthText::ConfirmPassword
                    name="password_confirm"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    error
                />
                <FormStatus error />
                <SubmitButton label=AuthText::ResetButton />
            </ActionForm>
            <p class="mt-4 text-sm"><a href="/forgot-password" class=LINK_CLASS>{t(AuthText::ForgotTitle)}</a></p>
        </AuthCard>
    }
}
