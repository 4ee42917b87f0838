//! `/admin/notifications`: write, preview and send an announcement; the announcements sent;
//! and the deliveries that failed (e-mail or Telegram), with their last error.

use super::super::announcements::{
    AnnouncementPreview, NotificationsOverview, PreviewAnnouncement, SendAnnouncement, admin_notifications,
};
use super::super::texts::AdminText;
use super::{BUTTON_CLASS, DataTable, SELECT_CLASS, StaffArea, TD_CLASS};
use crate::accounts::Role;
use crate::i18n::t;
use crate::notifications::Severity;
use crate::notifications::pages::AnnouncementCard;
use crate::ui::form::{FormStatus, action_error};
use crate::ui::{PageTitle, short_time};
use leptos::prelude::*;

#[component]
pub fn AdminNotificationsPage() -> impl IntoView {
    let preview = ServerAction::<PreviewAnnouncement>::new();
    let send = ServerAction::<SendAnnouncement>::new();
    let overview = Resource::new(move || send.version().get(), |_| admin_notifications());
    view! {
        <PageTitle text=AdminText::Notifications />
        <StaffArea children=move |viewer| {
            let can_send = viewer.role == Role::Admin;
            view! {
                <h1 class="text-2xl font-bold">{t(AdminText::Notifications)}</h1>
                {can_send.then(|| view! { <AnnouncementForm preview send /> })}
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        overview.await.map(|overview| view! { <Overview overview /> })
                    })}
                </Transition>
            }
        } />
    }
}

/// The announcement being written: one signal per field, read by both buttons.
#[derive(Clone, Copy)]
struct Draft {
    title_id: RwSignal<String>,
    title_en: RwSignal<String>,
    body_id: RwSignal<String>,
    body_en: RwSignal<String>,
    severity: RwSignal<String>,
    link: RwSignal<String>,
    audience: RwSignal<String>,
    provider: RwSignal<String>,
    banner_days: RwSignal<String>,
}

impl Draft {
    fn new() -> Draft {
        let field = |value: &str| RwSignal::new(value.to_string());
        Draft {
            title_id: field(""),
            title_en: field(""),
            body_id: field(""),
            body_en: field(""),
            severity: field("info"),
            link: field(""),
            audience: field("all"),
            provider: field(""),
            banner_days: field("3"),
        }
    }

    fn preview(self) -> PreviewAnnouncement {
        PreviewAnnouncement {
            title_id: self.title_id.get_untracked(),
            title_en: self.title_en.get_untracked(),
            body_id: self.body_id.get_untracked(),
            body_en: self.body_en.get_untracked(),
            severity: self.severity.get_untracked(),
            link: self.link.get_untracked(),
            audience: self.audience.get_untracked(),
            provider: self.provider.get_untracked(),
            banner_days: self.banner_days.get_untracked(),
        }
    }

    fn send(self) -> SendAnnouncement {
        let PreviewAnnouncement {
            title_id,
            title_en,
            body_id,
            body_en,
            severity,
            link,
            audience,
            provider,
            banner_days,
        } = self.preview();
        SendAnnouncement {
            title_id,
            title_en,
            body_id,
            body_en,
            severity,
            link,
            audience,
            provider,
            banner_days,
        }
    }
}

#[component]
fn AnnouncementForm(
    preview: ServerAction<PreviewAnnouncement>,
    send: ServerAction<SendAnnouncement>,
) -> impl IntoView {
    let draft = Draft::new();
    let preview_error = action_error(preview);
    let send_error = action_error(send);
    let error = Signal::derive(move || send_error.get().or_else(|| preview_error.get()));

    view! {
        <section class="space-y-3 rounded-xl border border-slate-200 p-4 dark:border-slate-800" data-testid="announcement-form">
            <h2 class="text-lg font-semibold">{t(AdminText::NewAnnouncement)}</h2>
            <form class="grid gap-3 md:grid-cols-2" on:submit=move |event| {
                event.prevent_default();
                send.dispatch(draft.send());
            }>
                <DraftFields draft />
                <div class="flex items-end gap-2">
                    <button type="button" class=BUTTON_CLASS data-testid="announcement-preview" on:click=move |_| {
                        preview.dispatch(draft.preview());
                    }>
                        {t(AdminText::Preview)}
                    </button>
                    <button type="submit" class="rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800" data-testid="announcement-send">
                        {t(AdminText::Send)}
                    </button>
                </div>
            </form>
            <FormStatus error />
            {move || preview.value().get().and_then(Result::ok).map(|preview| view! { <Preview preview /> })}
            {move || matches!(send.value().get(), Some(Ok(_))).then(|| view! {
                <p role="status" data-testid="announcement-sent" class="text-sm text-emerald-700 dark:text-emerald-400">{t(AdminText::AnnouncementQueued)}</p>
            })}
        </section>
    }
    // A deep view type: erased here, or the compiler's query depth overflows.
    .into_any()
}

/// The form's inputs, each bound to its signal in the draft.
#[component]
fn DraftFields(draft: Draft) -> impl IntoView {
    view! {
                <label class="text-sm font-medium">{t(AdminText::TitleId)}<input name="title_id" required class=INPUT_CLASS bind:value=draft.title_id /></label>
                <label class="text-sm font-medium">{t(AdminText::TitleEn)}<input name="title_en" required class=INPUT_CLASS bind:value=draft.title_en /></label>
                <label class="text-sm font-medium">{t(AdminText::BodyId)}<textarea name="body_id" rows="3" required class=INPUT_CLASS bind:value=draft.body_id></textarea></label>
                <label class="text-sm font-medium">{t(AdminText::BodyEn)}<textarea name="body_en" rows="3" required class=INPUT_CLASS bind:value=draft.body_en></textarea></label>
                <label class="text-sm font-medium">
                    {t(AdminText::Severity)}
                    <select name="severity" class=SELECT_CLASS on:change=move |event| draft.severity.set(event_target_value(&event))>
                        <option value="info">{t(AdminText::SeverityInfo)}</option>
                        <option value="warning">{t(AdminText::SeverityWarning)}</option>
                        <option value="critical">{t(AdminText::SeverityCritical)}</option>
                    </select>
                </label>
                <label class="text-sm font-medium">{t(AdminText::Link)}<input name="link" class=INPUT_CLASS bind:value=draft.link /></label>
                <label class="text-sm font-medium">
                    {t(AdminText::Audience)}
                    <select name="audience" class=SELECT_CLASS on:change=move |event| draft.audience.set(event_target_value(&event))>
                        <option value="all">{t(AdminText::AudienceAll)}</option>
                        <option value="active">{t(AdminText::AudienceActive)}</option>
                        <option value="provider">{t(AdminText::AudienceProvider)}</option>
                    </select>
                </label>
                <label class="text-sm font-medium">
                    {t(AdminText::Provider)}
                    <select name="provider" class=SELECT_CLASS on:change=move |event| draft.provider.set(event_target_value(&event))>
                        <option value="">"—"</option>
                        {["simulated", "digitalocean", "vultr", "linode"].map(|slug| view! { <option value=slug>{slug}</option> }).collect_view()}
                    </select>
                </label>
                <label class="text-sm font-medium">{t(AdminText::BannerDays)}<input name="banner_days" inputmode="numeric" class=INPUT_CLASS bind:value=draft.banner_days /></label>
    }
    .into_any()
}

#[component]
fn Preview(preview: AnnouncementPreview) -> impl IntoView {
    view! {
        <div class="space-y-2" data-testid="announcement-preview-result">
            <p class="text-sm">{t(AdminText::Recipients)} ": " <strong data-testid="preview-recipients">{preview.recipients}</strong></p>
            <AnnouncementCard banner=preview.id />
            <AnnouncementCard banner=preview.en />
        </div>
    }
}

#[component]
fn Overview(overview: NotificationsOverview) -> impl IntoView {
    let severity = |severity: Severity| match severity {
        Severity::Info => AdminText::SeverityInfo,
        Severity::Warning => AdminText::SeverityWarning,
        Severity::Critical => AdminText::SeverityCritical,
    };
    view! {
        <section class="space-y-2">
            <h2 class="text-lg font-semibold">{t(AdminText::Announcements)}</h2>
            <DataTable columns=&ANNOUNCEMENT_COLUMNS testid="admin-announcements">
                {overview.announcements.into_iter().map(|item| view! {
                    <tr data-testid="announcement-row" data-sent=item.sent.to_string()>
                        <td class=TD_CLASS>{item.title}</td>
                        <td class=TD_CLASS>{t(severity(item.severity))}</td>
                        <td class=TD_CLASS>{item.audience}</td>
                        <td class=TD_CLASS data-testid="announcement-recipients">{item.recipients}</td>
                        <td class=TD_CLASS>{if item.sent { t(AdminText::Sent) } else { t(AdminText::Sending) }}</td>
                        <td class=TD_CLASS>{format!("{} UTC", short_time(&item.created_at))}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </section>
        <section class="space-y-2">
            <h2 class="text-lg font-semibold">{t(AdminText::FailedDeliveries)}</h2>
            <DataTable columns=&DELIVERY_COLUMNS testid="failed-deliveries">
                {overview.failed_deliveries.into_iter().map(|item| view! {
                    <tr data-testid="delivery-row">
                        <td class=TD_CLASS>{item.email}</td>
                        <td class=TD_CLASS>{format!("{} · {}", item.kind, item.title)}</td>
                        <td class=TD_CLASS>{item.channel.code()}</td>
                        <td class=TD_CLASS>{item.status.code()}</td>
                        <td class=TD_CLASS>{item.attempts}</td>
                        <td class=TD_CLASS>{item.error}</td>
                        <td class=TD_CLASS>{format!("{} UTC", short_time(&item.updated_at))}</td>
                    </tr>
                }).collect_view()}
            </DataTable>
        </section>
    }
}

const INPUT_CLASS: &str =
    "mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900";

const ANNOUNCEMENT_COLUMNS: [AdminText; 6] = [
    AdminText::TitleId,
    AdminText::Severity,
    AdminText::Audience,
    AdminText::Recipients,
    AdminText::Status,
    AdminText::Created,
];

const DELIVERY_COLUMNS: [AdminText; 7] = [
    AdminText::Recipient,
    AdminText::Notifications,
    AdminText::Channel,
    AdminText::Status,
    AdminText::Attempts,
    AdminText::LastError,
    AdminText::Updated,
];
