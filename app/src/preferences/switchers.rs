//! The language and theme switchers: small forms that work without JavaScript and update
//! the page in place once hydrated.

use super::{SetLanguage, SetTheme, Theme, use_preferences};
use crate::i18n::{Lang, Msg, t};
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let prefs = use_preferences();
    let action = ServerAction::<SetLanguage>::new();
    Effect::new(move |_| {
        if let Some(Ok(lang)) = action.value().get() {
            prefs.lang.set(lang);
        }
    });
    view! {
        <div role="group" aria-label=t(Msg::Language) class="flex items-center gap-1">
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    let current = move || prefs.lang.get() == lang;
                    view! {
                        <ActionForm action=action attr:class="inline">
                            <input type="hidden" name="lang" value=lang.code() />
                            <button
                                type="submit"
                                lang=lang.code()
                                title=lang.native_name()
                                aria-pressed=move || current().to_string()
                                data-testid=format!("lang-{}", lang.code())
                                class="rounded px-2 py-1 text-xs font-semibold uppercase hover:bg-slate-200 dark:hover:bg-slate-700 aria-pressed:bg-sky-700 aria-pressed:text-white"
                            >
                                {lang.code()}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let prefs = use_preferences();
    let action = ServerAction::<SetTheme>::new();
    Effect::new(move |_| {
        if let Some(Ok(theme)) = action.value().get() {
            prefs.theme.set(theme);
        }
    });
    view! {
        <div role="group" aria-label=t(Msg::Theme) class="flex items-center gap-1">
            {Theme::ALL
                .into_iter()
                .map(|theme| {
                    let current = move || prefs.theme.get() == theme;
                    let label = t(match theme {
                        Theme::System => Msg::ThemeSystem,
                        Theme::Light => Msg::ThemeLight,
                        Theme::Dark => Msg::ThemeDark,
                    });
                    view! {
                        <ActionForm action=action attr:class="inline">
                            <input type="hidden" name="theme" value=theme.code() />
                            <button
                                type="submit"
                                title=label
                                aria-label=label
                                aria-pressed=move || current().to_string()
                                data-testid=format!("theme-{}", theme.code())
                                class="rounded p-1.5 hover:bg-slate-200 dark:hover:bg-slate-700 aria-pressed:bg-sky-700 aria-pressed:text-white"
                            >
                                <ThemeIcon theme />
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn ThemeIcon(theme: Theme) -> impl IntoView {
    let path = match theme {
        Theme::System => "M4 5h16v10H4zM9 19h6M12 15v4",
        Theme::Light => {
            "M12 4V2m0 20v-2m8-8h2M2 12h2m13.7-5.7 1.4-1.4M4.9 19.1l1.4-1.4m0-11.4L4.9 4.9m14.2 14.2-1.4-1.4M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z"
        }
        Theme::Dark => "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z",
    };
    view! {
        <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            class="h-4 w-4"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            <path d=path />
        </svg>
    }
}

/// Mirrors the preferences onto `<html>`: `lang`, `data-theme` and the `dark` class that
/// Tailwind's dark variant keys on. "System" asks the browser's media query.
#[cfg(feature = "hydrate")]
pub(super) fn apply_to_document(lang: Lang, theme: Theme) {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = root.set_attribute("lang", lang.code());
    let _ = root.set_attribute("data-theme", theme.code());
    let dark = match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches()),
    };
    let _ = root.class_list().toggle_with_force("dark", dark);
}
