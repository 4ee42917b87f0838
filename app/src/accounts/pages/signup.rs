use super::super::texts::AuthText;
use super::{AuthCard, LINK_CLASS, NewPasswordField, next_path, use_auth, with_next};
use crate::i18n::t;
use crate::ui::{Field, FormStatus, SubmitButton, action_error};
use leptos::prelude::*;

#[component]
pub fn SignupPage() -> impl IntoView {
    let signup = use_auth().signup;
    let error = action_error(signup);
    let next = next_path();
    let switch_link = with_next("/login", &next);
    view! {
        <AuthCard title=AuthText::SignupTitle lead=AuthText::SignupLead>
            <ActionForm action=signup attr:class="mt-6 space-y-4">
                <input type="hidden" name="next" value=next />
                <Field label=AuthText::Name name="name" autocomplete="name" required=true error />
                <Field label=AuthText::Email name="email" kind="email" autocomplete="email" required=true error />
                <NewPasswordField label=AuthText::Password name="password" error />
                <div>
                    <label class="flex items-start gap-2 text-sm">
                        <input
                            type="checkbox"
                            name="accept_terms"
                            value="on"
                            class="mt-1"
                            aria-describedby="accept_terms-error"
                        />
                        {t(AuthText::AcceptTerms)}
                    </label>
                    <TermsError error />
                </div>
                <FormStatus error />
                <SubmitButton label=AuthText::CreateAccount />
            </ActionForm>
            <p class="mt-4 text-sm">
                {t(AuthText::HaveAccount)} " " <a href=switch_link class=LINK_CLASS>{t(AuthText::SignIn)}</a>
            </p>
        </AuthCard>
    }
}

/// The checkbox's error line (a checkbox sits inside its label, unlike `Field`).
#[component]
fn TermsError(error: Signal<Option<crate::error::AppError>>) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let message = move || match error.get() {
        Some(crate::error::AppError::Validation(fields)) => fields
            .get("accept_terms")
            .and_then(|key| crate::ui::FormText::from_key(key))
            .map(|msg| msg.text(lang.get())),
        _ => None,
    };
    view! { <p id="accept_terms-error" class="mt-1 text-sm text-red-600 dark:text-red-400">{message}</p> }
}
