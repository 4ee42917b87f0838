//! `/notifications?unread=1&type=`: every notification, newest first, filtered, loaded a
//! page at a time, kept current by the live line.

use super::NotificationItem;
use crate::accounts::pages::RequireUser;
use crate::i18n::Lang;
use crate::i18n::{t, use_lang};
use crate::notifications::live::use_live_inbox;
use crate::notifications::texts::kind_text;
use crate::notifications::{
    NotificationKind, NotificationText, NotificationView, PAGE_SIZE, PushMessage, delete_notification,
    list_notifications, mark_all_notifications_read, mark_notification_read,
};
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <PageTitle text=NotificationText::Notifications />
        <RequireUser children=|_| view! { <Inbox /> } />
    }
}

#[component]
fn Inbox() -> impl IntoView {
    let query = use_query_map();
    let unread_only = move || query.read().get("unread").is_some_and(|v| v == "1");
    let kind = move || query.read().get("type").unwrap_or_default();
    let items = RwSignal::new(Vec::<NotificationView>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let live = use_live_inbox();
    let lang = use_lang();

    let load = move |before: Option<String>| {
        loading.set(true);
        let (unread, kind) = (unread_only(), kind());
        leptos::task::spawn_local(async move {
            let page = list_notifications(unread, kind, before.clone().unwrap_or_default(), PAGE_SIZE).await;
            if let Ok(page) = page {
                items.update(|items| {
                    if before.is_none() {
                        items.clear();
                    }
                    for item in page.items {
                        if !items.iter().any(|known| known.id == item.id) {
                            items.push(item);
                        }
                    }
                });
                next.set(page.next_cursor);
            }
            loading.set(false);
        });
    };
    // First page whenever the filters change (in the browser; the server shows the skeleton).
    Effect::new(move |_| {
        let _ = (unread_only(), kind());
        load(None);
    });
    // Pushed changes, as they come.
    Effect::new(move |_| {
        let Some(message) = live.last_push.get() else {
            return;
        };
        match message {
            PushMessage::New { notification } => {
                let fits = kind().is_empty() || kind() == notification.kind;
                items.update(|items| {
                    if fits && !items.iter().any(|known| known.id == notification.id) {
                        items.insert(0, notification);
                    }
                });
            }
            PushMessage::Read { ids, all } => items.update(|items| {
                for known in items.iter_mut().filter(|known| all || ids.contains(&known.id)) {
                    known.is_read = true;
                }
            }),
            PushMessage::Deleted { id } => items.update(|items| items.retain(|known| known.id != id)),
            _ => {}
        }
    });

    let open_one = Callback::new(move |id: String| {
        live.mark_read_locally(&id);
        leptos::task::spawn_local(async move {
            let _ = mark_notification_read(id).await;
        });
    });
    let remove = move |id: String| {
        items.update(|items| items.retain(|known| known.id != id));
        leptos::task::spawn_local(async move {
            let _ = delete_notification(id).await;
        });
    };
    let read_one = move |id: String| {
        items.update(|items| {
            items
                .iter_mut()
                .filter(|k| k.id == id)
                .for_each(|k| k.is_read = true)
        });
        open_one.run(id);
    };
    let read_all = move |_| {
        items.update(|items| items.iter_mut().for_each(|known| known.is_read = true));
        live.unread.set(Some(0));
        leptos::task::spawn_local(async move {
            let _ = mark_all_notifications_read().await;
        });
    };
    let navigate = leptos_router::hooks::use_navigate();
    let type_label = move |kind: NotificationKind| {
        let (id, en) = kind_text(kind);
        if lang.get() == Lang::En { en } else { id }
    };

    view! {
        <section class="mx-auto max-w-3xl space-y-4">
            {view! {
            <div class="flex flex-wrap items-center justify-between gap-3">
                <h1 class="text-2xl font-bold">{t(NotificationText::Notifications)}</h1>
                <div class="flex items-center gap-3 text-sm">
                    <a href="/settings/notifications" class="font-medium text-sky-700 hover:underline dark:text-sky-400">
                        {t(NotificationText::Preferences)}
                    </a>
                    <a href="/account/api-keys" class="font-medium text-sky-700 hover:underline dark:text-sky-400">
                        {t(NotificationText::ApiKeys)}
                    </a>
                    <button type="button" data-testid="page-mark-all-read" on:click=read_all
                        class="rounded-lg border border-slate-300 px-3 py-1.5 font-semibold dark:border-slate-700">
                        {t(NotificationText::MarkAllRead)}
                    </button>
                </div>
            </div>
            }.into_any()}
            {view! {
            <form method="get" action="/notifications" class="flex flex-wrap items-end gap-2">
                <label class="text-sm font-medium">
                    {t(NotificationText::Type)}
                    <select name="type" class=INPUT_CLASS data-testid="type-filter"
                        on:change=move |event| {
                            let kind = event_target_value(&event);
                            let unread = if unread_only() { "unread=1&" } else { "" };
                            navigate(&format!("/notifications?{unread}type={kind}"), Default::default());
                        }>
                        <option value="">{t(NotificationText::AllTypes)}</option>
                        {NotificationKind::ALL.iter().map(|option| view! {
                            <option value=option.code() selected=move || kind() == option.code()>{move || type_label(*option)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <nav class="flex gap-1 text-sm" aria-label=t(NotificationText::Notifications)>
                    <a href=move || format!("/notifications?type={}", kind())
                        aria-current=move || (!unread_only()).then_some("page")
                        class="rounded-lg px-3 py-2 aria-[current=page]:bg-slate-200 dark:aria-[current=page]:bg-slate-800">
                        {t(NotificationText::All)}
                    </a>
                    <a href=move || format!("/notifications?unread=1&type={}", kind())
                        data-testid="unread-filter"
                        aria-current=move || unread_only().then_some("page")
                        class="rounded-lg px-3 py-2 aria-[current=page]:bg-slate-200 dark:aria-[current=page]:bg-slate-800">
                        {t(NotificationText::UnreadOnly)}
                    </a>
                </nav>
                <noscript><button type="submit" class="rounded-lg border px-3 py-2">"OK"</button></noscript>
            </form>
            }.into_any()}
            {view! {
            <Show when=move || !(loading.get() && items.with(Vec::is_empty)) fallback=Skeleton>
                <Show
                    when=move || !items.with(Vec::is_empty)
                    fallback=move || view! {
                        <p data-testid="inbox-empty" class="rounded-xl bg-slate-100 p-8 text-center text-slate-600 dark:bg-slate-900 dark:text-slate-400">
                            {move || if unread_only() || !kind().is_empty() { t(NotificationText::EmptyFiltered)() } else { t(NotificationText::Empty)() }}
                        </p>
                    }
                >
                    <ul data-testid="inbox" class="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
                        <For
                            each=move || items.get()
                            key=|n| (n.id.clone(), n.is_read)
                            children=move |notification| {
                                let (id_read, id_delete) = (notification.id.clone(), notification.id.clone());
                                let unread = !notification.is_read;
                                view! {
                                    <li class="flex items-start gap-2 p-2">
                                        <div class="min-w-0 flex-1"><NotificationItem notification on_open=open_one /></div>
                                        <div class="flex shrink-0 flex-col gap-1 text-xs sm:flex-row">
                                            {unread.then(|| view! {
                                                <button type="button" class="rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800"
                                                    data-testid="mark-read" on:click=move |_| read_one(id_read.clone())>
                                                    {t(NotificationText::MarkRead)}
                                                </button>
                                            })}
                                            <button type="button" class="rounded px-2 py-1 text-rose-700 hover:bg-rose-50 dark:text-rose-400 dark:hover:bg-rose-950"
                                                data-testid="delete-notification" on:click=move |_| remove(id_delete.clone())>
                                                {t(NotificationText::Delete)}
                                            </button>
                                        </div>
                                    </li>
                                }
                                .into_any()
                            }
                        />
                    </ul>
                </Show>
            </Show>
            }.into_any()}
            {view! {
            <Show when=move || next.get().is_some()>
                <div class="text-center">
                    <button type="button" data-testid="load-more" disabled=move || loading.get()
                        class="rounded-lg border border-slate-300 px-4 py-2 font-semibold disabled:opacity-50 dark:border-slate-700"
                        on:click=move |_| load(next.get_untracked())>
                        {move || if loading.get() { t(NotificationText::Loading)() } else { t(NotificationText::LoadMore)() }}
                    </button>
                </div>
            </Show>
            }.into_any()}
        </section>
    }
}

/// Grey bars where the list will be, while the first page loads.
#[component]
fn Skeleton() -> impl IntoView {
    view! {
        <ul data-testid="inbox-loading" aria-busy="true" class="space-y-2">
            <span class="sr-only">{t(NotificationText::Loading)}</span>
            {(0..4).map(|_| view! {
                <li class="animate-pulse rounded-xl border border-slate-200 p-4 dark:border-slate-800">
                    <div class="h-4 w-1/3 rounded bg-slate-200 dark:bg-slate-800"></div>
                    <div class="mt-2 h-3 w-2/3 rounded bg-slate-200 dark:bg-slate-800"></div>
                </li>
            }).collect_view()}
        </ul>
    }
}
