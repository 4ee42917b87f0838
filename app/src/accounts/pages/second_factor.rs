use super::super::texts::SecurityText;
use super::{AuthCard, use_auth};
use crate::ui::{Field, FormStatus, SubmitButton, action_error};
use leptos::prelude::*;

/// The second sign-in step when 2FA is on.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let verify = use_auth().second_factor;
    let error = action_error(verify);
    view! {
        <AuthCard title=SecurityText::SecondFactorTitle lead=SecurityText::SecondFactorLead>
            <ActionForm action=verify attr:class="mt-6 space-y-4">
                <Field
                    label=SecurityText::Code
                    name="code"
                    autocomplete="one-time-code"
                    required=true
                    error
                />
                <FormStatus error />
                <SubmitButton label=SecurityText::Verify />
            </ActionForm>
        </AuthCard>
    }
}
