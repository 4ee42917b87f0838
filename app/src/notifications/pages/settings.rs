//! `/settings/notifications`: type × channel switches (saved as they are flipped), quiet
//! hours, and linking Telegram.

use crate::accounts::pages::RequireUser;
use crate::error::AppError;
use crate::i18n::{Lang, t, use_lang};
use crate::notifications::texts::{channel_text, kind_text};
use crate::notifications::{
    Channel, ConfirmTelegram, CreateTelegramCode, NotificationSettings, NotificationText, SendTelegramTest,
    SetQuietHours, TelegramState, UnlinkTelegram, get_notification_settings, set_notification_preference,
};
use crate::ui::FormText;
use crate::ui::form::INPUT_CLASS;
use crate::ui::form::notice_when;
use crate::ui::{Field, FormStatus, PageTitle, SubmitButton, action_error, action_notice};
use leptos::prelude::*;

#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    // Created here, before the guard: see `RequireUser`.
    let data = SettingsData::new();
    view! {
        <PageTitle text=NotificationText::Preferences />
        <RequireUser children=move |_| view! { <SettingsForms data /> } />
    }
}

#[derive(Clone, Copy)]
struct SettingsData {
    quiet: ServerAction<SetQuietHours>,
    code: ServerAction<CreateTelegramCode>,
    test: ServerAction<SendTelegramTest>,
    confirm: ServerAction<ConfirmTelegram>,
    unlink: ServerAction<UnlinkTelegram>,
    settings: Resource<Result<NotificationSettings, AppError>>,
}

impl SettingsData {
    fn new() -> SettingsData {
        let quiet = ServerAction::<SetQuietHours>::new();
        let confirm = ServerAction::<ConfirmTelegram>::new();
        let unlink = ServerAction::<UnlinkTelegram>::new();
        let settings = Resource::new(
            move || {
                (
                    quiet.version().get(),
                    confirm.version().get(),
                    unlink.version().get(),
                )
            },
            |_| get_notification_settings(),
        );
        SettingsData {
            quiet,
            code: ServerAction::new(),
            test: ServerAction::new(),
            confirm,
            unlink,
            settings,
        }
    }
}

#[component]
fn SettingsForms(data: SettingsData) -> impl IntoView {
    let SettingsData {
        quiet,
        code,
        test,
        confirm,
        unlink,
        settings,
    } = data;
    view! {
        <section class="mx-auto max-w-4xl space-y-8">
            <div>
                <h1 class="text-2xl font-bold">{t(NotificationText::Preferences)}</h1>
                <p class="mt-1 text-slate-600 dark:text-slate-400">{t(NotificationText::PreferencesIntro)}</p>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    settings.await.map(|settings| view! {
                        <PreferenceTable settings=settings.clone() />
                        <QuietHours settings=settings.clone() action=quiet />
                        <TelegramLink state=settings.telegram code test confirm unlink />
                    })
                })}
            </Transition>
        </section>
    }
}

/// Each switch saves as it is flipped and says so; a switch the server refused flips back,
/// so the table never shows a choice that was not saved.
#[component]
fn PreferenceTable(settings: NotificationSettings) -> impl IntoView {
    let lang = use_lang();
    let saved: RwSignal<Option<Result<(), AppError>>> = RwSignal::new(None);
    let error = Signal::derive(move || saved.get().and_then(Result::err));
    let success = notice_when(
        Signal::derive(move || matches!(saved.get(), Some(Ok(())))),
        FormText::Saved,
    );
    view! {
        <div class="overflow-x-auto rounded-xl border border-slate-200 dark:border-slate-800">
            <table class="w-full text-sm" data-testid="preferences">
                <thead class="bg-slate-50 text-left dark:bg-slate-900">
                    <tr>
                        <th class="p-3">{t(NotificationText::Type)}</th>
                        {Channel::ALL.into_iter().map(|channel| view! { <th class="p-3 text-center">{t(channel_text(channel))}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-200 dark:divide-slate-800">
                    {settings.rows.into_iter().map(|row| {
                        let kind = row.kind;
                        let (id, en) = kind_text(kind);
                        view! {
                            <tr>
                                <th scope="row" class="p-3 text-left font-medium">{move || if lang.get() == Lang::En { en } else { id }}</th>
                                {Channel::ALL.into_iter().zip(row.channels).map(|(channel, (enabled, changeable))| {
                                    let label = move || format!("{} · {}", if lang.get() == Lang::En { en } else { id }, t(channel_text(channel))());
                                    let checked = RwSignal::new(enabled);
                                    view! {
                                        <td class="p-3 text-center">
                                            <input
                                                type="checkbox"
                                                class="h-4 w-4"
                                                data-testid=format!("pref-{}-{}", kind.code(), channel.code())
                                                aria-label=label
                                                checked=enabled
                                                prop:checked=checked
                                                disabled=!changeable
                                                on:change=move |event| {
                                                    let on = event_target_checked(&event);
                                                    checked.set(on);
                                                    saved.set(None);
                                                    leptos::task::spawn_local(async move {
                                                        let result = set_notification_preference(kind.code().into(), channel.code().into(), on).await;
                                                        if result.is_err() {
                                                            checked.set(!on);
                                                        }
                                                        saved.set(Some(result));
                                                    });
                                                }
                                            />
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div data-testid="preference-status">
            <FormStatus error success />
        </div>
    }
}

#[component]
fn QuietHours(settings: NotificationSettings, action: ServerAction<SetQuietHours>) -> impl IntoView {
    view! {
        <div class="space-y-2">
            <h2 class="text-lg font-semibold">{t(NotificationText::QuietHours)}</h2>
            <p class="text-sm text-slate-600 dark:text-slate-400">{t(NotificationText::QuietHoursIntro)}</p>
            <ActionForm action attr:class="flex flex-wrap items-end gap-3" attr:data-testid="quiet-hours">
                <label class="text-sm font-medium">
                    {t(NotificationText::QuietFrom)}
                    <input type="time" name="quiet_start" value=settings.quiet_start class=INPUT_CLASS />
                </label>
                <label class="text-sm font-medium">
                    {t(NotificationText::QuietUntil)}
                    <input type="time" name="quiet_end" value=settings.quiet_end class=INPUT_CLASS />
                </label>
                <SubmitButton label=NotificationText::Save />
            </ActionForm>
            <FormStatus error=action_error(action) success=action_notice(action, FormText::Saved) />
        </div>
    }
}

#[component]
fn TelegramLink(
    state: TelegramState,
    code: ServerAction<CreateTelegramCode>,
    test: ServerAction<SendTelegramTest>,
    confirm: ServerAction<ConfirmTelegram>,
    unlink: ServerAction<UnlinkTelegram>,
) -> impl IntoView {
    let body = match state {
        TelegramState::Unavailable => view! {
            <p class="text-sm text-slate-600 dark:text-slate-400">{t(NotificationText::TelegramNotConfigured)}</p>
        }
        .into_any(),
        TelegramState::Linked { chat_id } => view! {
            <p class="text-sm" data-testid="telegram-linked">{t(NotificationText::TelegramLinked)} " (" {chat_id} ")"</p>
            <ActionForm action=unlink>
                <button type="submit" class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-semibold dark:border-slate-700">
                    {t(NotificationText::TelegramUnlink)}
                </button>
            </ActionForm>
        }
        .into_any(),
        TelegramState::NotLinked { bot_username } => {
            let issued = move || code.value().get().and_then(Result::ok);
            view! {
                <p class="text-sm text-slate-600 dark:text-slate-400">{t(NotificationText::TelegramIntro)}</p>
                <div class="flex flex-wrap items-center gap-3">
                    <ActionForm action=code>
                        <button type="submit" data-testid="telegram-make-code" class="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-semibold dark:border-slate-700">
                            {t(NotificationText::TelegramMakeCode)}
                        </button>
                    </ActionForm>
                    {move || issued().map(|issued| {
                        let link = format!("https://t.me/{bot_username}?start={issued}");
                        view! {
                            <code data-testid="telegram-code" class="rounded bg-slate-100 px-2 py-1 font-mono text-lg dark:bg-slate-800">{issued}</code>
                            <a href=link target="_blank" rel="noopener" class="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400">
                                {t(NotificationText::TelegramOpenBot)}
                            </a>
                        }
                    })}
                </div>
                <div class="grid gap-4 sm:grid-cols-2">
                    <ActionForm action=test attr:class="space-y-2">
                        <Field name="chat_id" label=NotificationText::TelegramChatId error=action_error(test) />
                        <SubmitButton label=NotificationText::TelegramSendTest />
                        <FormStatus error=action_error(test) success=action_notice(test, NotificationText::TelegramCodeSent) />
                    </ActionForm>
                    <ActionForm action=confirm attr:class="space-y-2">
                        <Field name="code" label=NotificationText::TelegramCode error=action_error(confirm) />
                        <SubmitButton label=NotificationText::TelegramConfirm />
                        <FormStatus error=action_error(confirm) success=action_notice(confirm, NotificationText::TelegramLinked) />
                    </ActionForm>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <div class="space-y-3" data-testid="telegram">
            <h2 class="text-lg font-semibold">{t(NotificationText::Telegram)}</h2>
            {body}
        </div>
    }
}
