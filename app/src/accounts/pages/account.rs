use super::super::User;
use super::super::profile::{ChangeEmail, DeleteAccount, Profile, UpdateProfile, my_profile};
use super::super::signup::ResendVerification;
use super::super::texts::{AuthText, ProfileText};
use super::{LINK_CLASS, RequireUser, query_flag};
use crate::i18n::{Lang, t};
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use crate::ui::{Field, FormStatus, SubmitButton, action_error, action_notice, notice_when};
use leptos::prelude::*;

const SECTION_CLASS: &str = "space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800";

/// `/account`: profile, e-mail address and deleting the account.
#[component]
pub fn AccountPage() -> impl IntoView {
    // Created outside the guard's Suspense (see `SecurityPage`).
    let update = ServerAction::<UpdateProfile>::new();
    let profile = Resource::new(move || update.version().get(), |_| my_profile());
    view! {
        <PageTitle text=AuthText::AccountTitle />
        <RequireUser children=move |user| view! { <AccountSections user update profile /> } />
    }
}

#[component]
fn AccountSections(
    user: User,
    update: ServerAction<UpdateProfile>,
    profile: Resource<Result<Profile, crate::error::AppError>>,
) -> impl IntoView {
    view! {
        <section class="mx-auto max-w-2xl space-y-6">
            <h1 class="text-2xl font-bold">{t(AuthText::AccountTitle)}</h1>
            {(!user.email_verified).then(|| view! { <VerifyBanner /> })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    profile.await.map(|profile| view! {
                        <ProfileSection profile=profile.clone() update />
                        <EmailSection profile />
                    })
                })}
            </Transition>
            <p><a href="/account/security" class=LINK_CLASS>{t(AuthText::SecurityLink)}</a></p>
            <DeleteSection />
        </section>
    }
}

#[component]
fn ProfileSection(profile: Profile, update: ServerAction<UpdateProfile>) -> impl IntoView {
    let error = action_error(update);
    let saved = query_flag("saved");
    let notice = notice_when(saved, ProfileText::Saved);
    let language = profile.language.clone();
    view! {
        <section class=SECTION_CLASS aria-labelledby="profile-heading">
            <h2 id="profile-heading" class="text-lg font-semibold">{t(ProfileText::ProfileHeading)}</h2>
            <ActionForm action=update attr:class="space-y-3">
                <Field label=AuthText::Name name="name" autocomplete="name" required=true value=profile.name error />
                <Field label=ProfileText::Phone name="phone" kind="tel" autocomplete="tel" value=profile.phone error />
                <Field label=ProfileText::Company name="company" autocomplete="organization" value=profile.company error />
                <Field label=ProfileText::Address name="address" autocomplete="street-address" value=profile.address error />
                <div>
                    <label for="language" class="block text-sm font-medium">{t(ProfileText::Language)}</label>
                    <select id="language" name="language" class=INPUT_CLASS>
                        {Lang::ALL.into_iter().map(|lang| view! {
                            <option value=lang.code() selected=language == lang.code()>{lang.native_name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <FormStatus error success=notice />
                <SubmitButton label=ProfileText::Save />
            </ActionForm>
        </section>
    }
}

#[component]
fn EmailSection(profile: Profile) -> impl IntoView {
    let change = ServerAction::<ChangeEmail>::new();
    let error = action_error(change);
    let sent = query_flag("email");
    let notice = notice_when(sent, ProfileText::EmailLinkSent);
    view! {
        <section class=SECTION_CLASS aria-labelledby="email-heading">
            <h2 id="email-heading" class="text-lg font-semibold">{t(ProfileText::EmailHeading)}</h2>
            <p class="flex flex-wrap items-center gap-2 text-sm">
                <span>{t(ProfileText::CurrentEmail)}</span>
                <strong data-testid="account-email">{profile.email}</strong>
                {profile.email_verified.then(|| view! {
                    <span class="rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">
                        {t(AuthText::EmailConfirmed)}
                    </span>
                })}
            </p>
            <ActionForm action=change attr:class="space-y-3">
                <Field label=ProfileText::NewEmail name="new_email" kind="email" autocomplete="email" required=true error />
                <Field label=ProfileText::CurrentPassword name="current_password" kind="password" autocomplete="current-password" required=true error />
                <FormStatus error success=notice />
                <SubmitButton label=ProfileText::ChangeEmail />
            </ActionForm>
        </section>
    }
}

#[component]
fn DeleteSection() -> impl IntoView {
    let delete = ServerAction::<DeleteAccount>::new();
    let error = action_error(delete);
    view! {
        <section class="space-y-3 rounded-lg border border-red-300 p-4 dark:border-red-800" aria-labelledby="delete-heading">
            <h2 id="delete-heading" class="text-lg font-semibold text-red-700 dark:text-red-300">{t(ProfileText::DeleteHeading)}</h2>
            <p class="text-sm">{t(ProfileText::DeleteLead)}</p>
            <ActionForm action=delete attr:class="space-y-3">
                <Field label=ProfileText::CurrentPassword name="current_password" kind="password" autocomplete="current-password" required=true error />
                <Field label=ProfileText::DeleteConfirm name="confirm" kind="email" required=true error />
                <FormStatus error />
                <button type="submit" data-testid="delete-account" class="rounded-lg bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800">
                    {t(ProfileText::DeleteButton)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn VerifyBanner() -> impl IntoView {
    let resend = ServerAction::<ResendVerification>::new();
    let error = action_error(resend);
    let notice = action_notice(resend, AuthText::VerificationResent);
    view! {
        <div data-testid="verify-banner" class="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
            <p>{t(AuthText::VerifyBanner)}</p>
            <ActionForm action=resend attr:class="mt-2 flex items-center gap-3">
                <button type="submit" class="rounded bg-amber-700 px-3 py-1 font-semibold text-white hover:bg-amber-800">
                    {t(AuthText::ResendVerification)}
                </button>
                <FormStatus error success=notice />
            </ActionForm>
        </div>
    }
}
