use super::super::signup::VerifyEmail;
use super::super::texts::AuthText;
use super::{AuthCard, LINK_CLASS, query_flag};
use crate::i18n::t;
use crate::ui::{FormStatus, SubmitButton, action_error};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Opened from the e-mail link. Confirming takes a button press (a POST): mail scanners
/// that fetch every link must not use the token up.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let verify = ServerAction::<VerifyEmail>::new();
    // The signed-in user is now verified: pages read that from the shared user resource.
    let user = super::use_auth().user;
    Effect::new(move |_| {
        if verify.version().get() > 0 {
            user.refetch();
        }
    });
    let error = action_error(verify);
    let verified = query_flag("verified");
    let token = use_query_map().read_untracked().get("token").unwrap_or_default();
    // Set when the customer signed up on the way to something (the order wizard); it
    // arrives with the redirect after confirming, so it is read reactively.
    let query = use_query_map();
    let next = Memo::new(move |_| {
        let next = query.read().get("next").unwrap_or_default();
        crate::url::safe_next(&next, "").to_string()
    });
    view! {
        <AuthCard title=AuthText::VerifyTitle lead=AuthText::VerifyLead>
            <Show
                when=move || verified.get()
                fallback=move || {
                    let token = token.clone();
                    view! {
                        <ActionForm action=verify attr:class="mt-6 space-y-4">
                            <input type="hidden" name="token" value=token />
                            <FormStatus error />
                            <SubmitButton label=AuthText::VerifyButton />
                        </ActionForm>
                    }
                }
            >
                <p role="status" data-testid="verified" class="mt-6 rounded-lg bg-emerald-50 p-4 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
                    {t(AuthText::Verified)}
                </p>
                {move || (!next.get().is_empty()).then(|| view! {
                    <p class="mt-4"><a href=next.get() class="inline-block rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800" data-testid="continue">{t(AuthText::ContinueWhereYouWere)}</a></p>
                })}
                <p class="mt-4 text-sm"><a href="/account" class=LINK_CLASS>{t(AuthText::ToAccount)}</a></p>
            </Show>
        </AuthCard>
    }
}
