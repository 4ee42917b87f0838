use super::super::my_sessions::{RevokeOtherSessions, RevokeSession, SessionSummary, my_sessions};
use super::super::profile::ChangePassword;
use super::super::texts::{AuthText, ProfileText, SecurityText};
use super::super::two_factor::{
    ConfirmTwoFactor, DisableTwoFactor, SendEnrolmentLink, StartTwoFactor, TwoFactorOverview,
    two_factor_status,
};
use super::{NewPasswordField, RequireUser, query_flag};
use crate::i18n::t;
use crate::ui::PageTitle;
use crate::ui::{Field, FormStatus, SubmitButton, action_error, action_succeeded, notice_when};
use leptos::prelude::*;

const SECTION_CLASS: &str = "space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800";
const BUTTON_CLASS: &str = "rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800";

/// `/account/security`: two-factor sign-in and active sessions.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let required = query_flag("required");
    // Resources are created here, outside the guard's Suspense: created inside it, their
    // order on the server and in the browser can differ and break hydration.
    let two_factor = TwoFactorData::new();
    let sessions = SessionsData::new();
    view! {
        <PageTitle text=SecurityText::Title />
        <RequireUser children=move |_| view! {
            <section class="mx-auto max-w-2xl space-y-6">
                <h1 class="text-2xl font-bold">{t(SecurityText::Title)}</h1>
                <Show when=move || required.get()>
                    <p role="alert" data-testid="2fa-required" class="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
                        {t(SecurityText::AdminNeeds2fa)}
                    </p>
                </Show>
                <PasswordSection />
                <TwoFactorSection data=two_factor />
                <SessionsSection data=sessions />
            </section>
        } />
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    let changed = query_flag("password");
    let notice = notice_when(changed, ProfileText::PasswordChanged);
    view! {
        <section class=SECTION_CLASS aria-labelledby="password-heading">
            <h2 id="password-heading" class="text-lg font-semibold">{t(ProfileText::PasswordHeading)}</h2>
            <ActionForm action=change attr:class="space-y-3">
                <Field label=ProfileText::CurrentPassword name="current_password" kind="password" autocomplete="current-password" required=true error />
                <NewPasswordField label=AuthText::NewPassword name="password" error />
                <Field label=AuthText::ConfirmPassword name="password_confirm" kind="password" autocomplete="new-password" required=true error />
                <FormStatus error success=notice />
                <SubmitButton label=ProfileText::ChangePassword />
            </ActionForm>
        </section>
    }
}

#[derive(Clone, Copy)]
struct TwoFactorData {
    start: ServerAction<StartTwoFactor>,
    send_link: ServerAction<SendEnrolmentLink>,
    confirm: ServerAction<ConfirmTwoFactor>,
    disable: ServerAction<DisableTwoFactor>,
    status: Resource<Result<TwoFactorOverview, crate::error::AppError>>,
}

impl TwoFactorData {
    fn new() -> TwoFactorData {
        let start = ServerAction::<StartTwoFactor>::new();
        let send_link = ServerAction::<SendEnrolmentLink>::new();
        let confirm = ServerAction::<ConfirmTwoFactor>::new();
        let disable = ServerAction::<DisableTwoFactor>::new();
        let status = Resource::new(
            move || {
                (
                    start.version().get(),
                    confirm.version().get(),
                    disable.version().get(),
                )
            },
            |_| two_factor_status(),
        );
        TwoFactorData {
            start,
            send_link,
            confirm,
            disable,
            status,
        }
    }
}

#[component]
fn TwoFactorSection(data: TwoFactorData) -> impl IntoView {
    let TwoFactorData {
        start,
        send_link,
        confirm,
        disable,
        status,
    } = data;
    view! {
        <section class=SECTION_CLASS aria-labelledby="2fa-heading">
            <h2 id="2fa-heading" class="text-lg font-semibold">{t(SecurityText::TwoFactorHeading)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    status.await.map(|status| view! { <TwoFactorState status start send_link confirm disable /> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TwoFactorState(
    status: TwoFactorOverview,
    start: ServerAction<StartTwoFactor>,
    send_link: ServerAction<SendEnrolmentLink>,
    confirm: ServerAction<ConfirmTwoFactor>,
    disable: ServerAction<DisableTwoFactor>,
) -> impl IntoView {
    let codes = status.new_recovery_codes.clone();
    let fresh_codes = (!codes.is_empty()).then(|| {
        view! {
            <div data-testid="recovery-codes" class="rounded-lg bg-slate-100 p-3 dark:bg-slate-900">
                <h3 class="font-semibold">{t(SecurityText::RecoveryCodesTitle)}</h3>
                <p class="text-sm">{t(SecurityText::RecoveryCodesLead)}</p>
                <ul class="mt-2 grid grid-cols-2 gap-1 font-mono">
                    {codes.into_iter().map(|code| view! { <li data-testid="recovery-code">{code}</li> }).collect_view()}
                </ul>
            </div>
        }
    });
    let left = status.recovery_codes_left;
    let body = if status.enabled {
        let disable_error = action_error(disable);
        view! {
            // One text node: adjacent text nodes inside a Transition do not hydrate reliably.
            <p data-testid="2fa-on">
                {move || format!("{} {} {left}", t(SecurityText::TwoFactorOn)(), t(SecurityText::RecoveryLeft)())}
            </p>
            <p class="text-sm text-slate-600 dark:text-slate-400">{t(SecurityText::DisableLead)}</p>
            <ActionForm action=disable attr:class="space-y-3">
                <Field label=AuthText::Password name="password" kind="password" autocomplete="current-password" required=true error=disable_error />
                <Field label=SecurityText::Code name="code" autocomplete="one-time-code" required=true error=disable_error />
                <FormStatus error=disable_error />
                <button type="submit" class="rounded-lg border border-red-300 px-4 py-2 font-semibold text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950">
                    {t(SecurityText::Disable)}
                </button>
            </ActionForm>
        }
        .into_any()
    } else if let Some(pending) = status.pending {
        let confirm_error = action_error(confirm);
        view! {
            <p class="text-sm">{t(SecurityText::ScanQr)}</p>
            <div class="w-52 rounded bg-white p-2" data-testid="totp-qr" inner_html=pending.qr_svg></div>
            <p class="text-sm">
                {t(SecurityText::SetupKey)} ": "
                <code data-testid="totp-secret" class="break-all font-mono">{pending.secret}</code>
            </p>
            <ActionForm action=confirm attr:class="space-y-3">
                <Field label=SecurityText::Code name="code" autocomplete="one-time-code" required=true error=confirm_error />
                <FormStatus error=confirm_error />
                <SubmitButton label=SecurityText::Confirm />
            </ActionForm>
        }
        .into_any()
    } else {
        view! { <EnrolForm needs_link=status.needs_link start send_link /> }.into_any()
    };
    view! { {fresh_codes} {body} }
}

/// 2FA is off: the password starts enrolment; staff also need the link from their e-mail
/// (its token arrives in the page's query), and without it can ask for one.
#[component]
fn EnrolForm(
    needs_link: bool,
    start: ServerAction<StartTwoFactor>,
    send_link: ServerAction<SendEnrolmentLink>,
) -> impl IntoView {
    let token = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    if needs_link && token.is_empty() {
        let sent = leptos_router::hooks::use_query_map()
            .read_untracked()
            .get("link")
            .is_some_and(|value| value == "sent");
        // Without JavaScript the form comes back with `?link=sent`.
        let succeeded = action_succeeded(send_link);
        let notice = notice_when(
            Signal::derive(move || sent || succeeded.get()),
            SecurityText::LinkSent,
        );
        return view! {
            <p class="text-sm">{t(SecurityText::StaffNeedsLink)}</p>
            <ActionForm action=send_link>
                <button type="submit" class=BUTTON_CLASS data-testid="send-enrolment-link">{t(SecurityText::SendLink)}</button>
                <FormStatus error=action_error(send_link) success=notice />
            </ActionForm>
        }
        .into_any();
    }
    let start_error = action_error(start);
    view! {
        <p class="text-sm">{t(SecurityText::TwoFactorOff)}</p>
        <p class="text-sm text-slate-600 dark:text-slate-400">{t(SecurityText::EnableLead)}</p>
        <ActionForm action=start attr:class="space-y-3">
            <input type="hidden" name="token" value=token />
            <Field label=ProfileText::CurrentPassword name="current_password" id="enrol-password" kind="password" autocomplete="current-password" required=true error=start_error />
            <FormStatus error=start_error />
            <button type="submit" class=BUTTON_CLASS>{t(SecurityText::Enable)}</button>
        </ActionForm>
    }
    .into_any()
}

#[derive(Clone, Copy)]
struct SessionsData {
    revoke: ServerAction<RevokeSession>,
    revoke_others: ServerAction<RevokeOtherSessions>,
    sessions: Resource<Result<Vec<SessionSummary>, crate::error::AppError>>,
}

impl SessionsData {
    fn new() -> SessionsData {
        let revoke = ServerAction::<RevokeSession>::new();
        let revoke_others = ServerAction::<RevokeOtherSessions>::new();
        let sessions = Resource::new(
            move || (revoke.version().get(), revoke_others.version().get()),
            |_| my_sessions(),
        );
        SessionsData {
            revoke,
            revoke_others,
            sessions,
        }
    }
}

#[component]
fn SessionsSection(data: SessionsData) -> impl IntoView {
    let SessionsData {
        revoke,
        revoke_others,
        sessions,
    } = data;
    view! {
        <section class=SECTION_CLASS aria-labelledby="sessions-heading">
            <h2 id="sessions-heading" class="text-lg font-semibold">{t(SecurityText::SessionsHeading)}</h2>
            <p class="text-sm text-slate-600 dark:text-slate-400">{t(SecurityText::SessionsLead)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    sessions.await.map(|sessions| view! {
                        <ul class="divide-y divide-slate-200 dark:divide-slate-800" data-testid="sessions">
                            {sessions.into_iter().map(|session| view! { <SessionRow session revoke /> }).collect_view()}
                        </ul>
                    })
                })}
            </Transition>
            <ActionForm action=revoke_others>
                <button type="submit" data-testid="revoke-others" class="text-sm font-semibold text-red-700 hover:underline dark:text-red-300">
                    {t(SecurityText::RevokeOthers)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn SessionRow(session: SessionSummary, revoke: ServerAction<RevokeSession>) -> impl IntoView {
    let ip = session.ip.clone();
    view! {
        <li class="flex items-center justify-between gap-3 py-2 text-sm" data-testid="session">
            <div>
                <p class="font-semibold">
                    {session.device}
                    {session.current.then(|| view! {
                        <span class="ml-2 rounded bg-sky-100 px-2 py-0.5 text-xs text-sky-800 dark:bg-sky-900 dark:text-sky-100">
                            {t(SecurityText::ThisDevice)}
                        </span>
                    })}
                </p>
                <p class="text-slate-600 dark:text-slate-400">
                    <span>{move || format!("{ip} · {}", t(SecurityText::LastSeen)())}</span>
                    " "
                    <time datetime=session.last_seen_at.clone()>{session.last_seen_at.clone()}</time>
                </p>
            </div>
            {(!session.current).then(|| view! {
                <ActionForm action=revoke>
                    <input type="hidden" name="handle" value=session.handle />
                    <button type="submit" class="rounded px-2 py-1 text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950">
                        {t(SecurityText::RevokeOne)}
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
