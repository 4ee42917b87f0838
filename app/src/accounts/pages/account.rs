use super::super::User;
use super::super::signup::ResendVerification;
use super::super::texts::AuthText;
use super::{LINK_CLASS, RequireUser};
use crate::i18n::t;
use crate::ui::{FormStatus, action_error, action_succeeded};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Title text=t(AuthText::AccountTitle) />
        <RequireUser children=|user| view! { <AccountOverview user /> } />
    }
}

#[component]
fn AccountOverview(user: User) -> impl IntoView {
    view! {
        <section class="mx-auto max-w-2xl space-y-6">
            <h1 class="text-2xl font-bold">{t(AuthText::AccountTitle)}</h1>
            {(!user.email_verified).then(|| view! { <VerifyBanner /> })}
            <dl class="grid grid-cols-3 gap-2 rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800">
                <dt class="text-slate-500">{t(AuthText::Name)}</dt>
                <dd class="col-span-2" data-testid="account-name">{user.name.clone()}</dd>
                <dt class="text-slate-500">{t(AuthText::Email)}</dt>
                <dd class="col-span-2" data-testid="account-email">
                    {user.email.clone()}
                    {user.email_verified.then(|| view! {
                        <span class="ml-2 rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">
                            {t(AuthText::EmailConfirmed)}
                        </span>
                    })}
                </dd>
            </dl>
            <p><a href="/account/security" class=LINK_CLASS>{t(AuthText::SecurityLink)}</a></p>
        </section>
    }
}

#[component]
fn VerifyBanner() -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    let error = action_error(resend);
    let sent = action_succeeded(resend);
    let notice = Signal::derive(move || sent.get().then(|| t(AuthText::VerificationResent)()));
    view! {
        <div data-testid="verify-banner" class="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p>{t(AuthText::VerifyBanner)}</p>
            <ActionForm action=resend attr:class="mt-2 flex items-center gap-3">
                <button type="submit" class="rounded bg-amber-600 px-3 py-1 font-semibold text-white hover:bg-amber-700">
                    {t(AuthText::ResendVerification)}
                </button>
                <FormStatus error success=notice />
            </ActionForm>
        </div>
    }
}
