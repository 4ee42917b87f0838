//! `/unsubscribe?token=`: the page behind the link in every notification e-mail. It asks
//! for a click (mail scanners open links, they do not submit forms) and needs no sign-in.

use crate::i18n::{Lang, t, use_lang};
use crate::notifications::texts::kind_text;
use crate::notifications::{NotificationKind, NotificationText, UnsubscribeEmail};
use crate::ui::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<UnsubscribeEmail>::new();
    let lang = use_lang();
    let outcome = move || {
        action.value().get().map(|result| match result {
            Ok(code) => {
                let (id, en) = NotificationKind::from_code(&code).map(kind_text).unwrap_or(("", ""));
                view! {
                    <p data-testid="unsubscribed" class="rounded-lg bg-emerald-50 p-4 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
                        <strong>{move || if lang.get() == Lang::En { en } else { id }}</strong> " — " {t(NotificationText::Unsubscribed)}
                    </p>
                }
                .into_any()
            }
            Err(_) => view! {
                <p data-testid="unsubscribe-invalid" role="alert" class="rounded-lg bg-rose-50 p-4 text-rose-900 dark:bg-rose-950 dark:text-rose-100">
                    {t(NotificationText::UnsubscribeInvalid)}
                </p>
            }
            .into_any(),
        })
    };
    view! {
        <PageTitle text=NotificationText::Unsubscribe />
        <section class="mx-auto max-w-md space-y-4 py-8">
            <h1 class="text-2xl font-bold">{t(NotificationText::Unsubscribe)}</h1>
            <p>{t(NotificationText::UnsubscribeConfirm)}</p>
            <ActionForm action>
                <input type="hidden" name="token" value=token />
                <button type="submit" data-testid="unsubscribe" class="rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800">
                    {t(NotificationText::Unsubscribe)}
                </button>
            </ActionForm>
            {outcome}
        </section>
    }
}
