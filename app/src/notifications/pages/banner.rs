//! The site-wide banner of active announcements (above every page), and the card it and
//! the admin preview share.

use crate::i18n::{Lang, t, use_lang};
use crate::notifications::{BannerView, NotificationText, Severity, active_announcements};
use leptos::prelude::*;

#[component]
pub fn AnnouncementCard(banner: BannerView) -> impl IntoView {
    let (tone, role) = match banner.severity {
        Severity::Info => (
            "border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100",
            "status",
        ),
        Severity::Warning => (
            "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
            "status",
        ),
        Severity::Critical => (
            "border-rose-300 bg-rose-50 text-rose-950 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100",
            "alert",
        ),
    };
    view! {
        <div class=format!("rounded-lg border px-4 py-2 text-sm {tone}") role=role data-testid="announcement" data-severity=banner.severity.code()>
            <strong>{banner.title}</strong>
            " — "
            {banner.body}
            {banner.link.map(|link| view! {
                " " <a href=link class="font-semibold underline">{t(NotificationText::Open)}</a>
            })}
        </div>
    }
}

/// Active announcements, in the page's language; each can be closed for this visit.
#[component]
pub fn AnnouncementBanner() -> impl IntoView {
    let banners = Resource::new(|| (), |_| active_announcements());
    let closed = RwSignal::new(Vec::<String>::new());
    let lang = use_lang();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let banners = banners.await.unwrap_or_default();
                (!banners.is_empty()).then(|| view! {
                    <div class="mx-auto w-full max-w-6xl space-y-2 px-4 pt-4 sm:px-6" data-testid="announcements">
                        {banners.into_iter().map(|(id_text, en_text)| {
                            let key = id_text.id.clone();
                            let shown = {
                                let key = key.clone();
                                move || !closed.with(|closed| closed.contains(&key))
                            };
                            view! {
                                <Show when=shown.clone()>
                                    <div class="flex items-start gap-2">
                                        <div class="flex-1">
                                            {let (id_text, en_text) = (id_text.clone(), en_text.clone());
                                            move || view! { <AnnouncementCard banner=if lang.get() == Lang::En { en_text.clone() } else { id_text.clone() } /> }}
                                        </div>
                                        <button type="button" class="rounded p-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
                                            aria-label=t(NotificationText::Close)
                                            on:click={let key = key.clone(); move |_| closed.update(|closed| closed.push(key.clone()))}>
                                            "×"
                                        </button>
                                    </div>
                                </Show>
                            }
                        }).collect_view()}
                    </div>
                })
            })}
        </Transition>
    }
}
