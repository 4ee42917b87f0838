//! Visitor preferences that live in cookies: language and colour theme.
//!
//! The server reads the cookies to render the right language and theme class in the first
//! byte of HTML (no flash). Switching goes through server functions that set the cookie, so the
//! switch works with JavaScript off (a form post and redirect) and instantly with it.

#[cfg(feature = "ssr")]
mod cookies;
mod switchers;

#[cfg(feature = "ssr")]
pub use cookies::cookie_value;
pub use switchers::{LanguageSwitch, ThemeSwitch};

use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the operating system's light/dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];
    pub const COOKIE: &'static str = "theme";

    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        match code.trim() {
            "system" => Some(Theme::System),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The preferences of the current page, shared through context.
#[derive(Clone, Copy)]
pub struct Preferences {
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
}

pub fn use_preferences() -> Preferences {
    expect_context::<Preferences>()
}

/// The language a request asks for (its cookie), Indonesian by default.
#[cfg(feature = "ssr")]
pub fn request_lang(headers: &axum::http::HeaderMap) -> Lang {
    Lang::from_code(&cookie_value(headers, Lang::COOKIE).unwrap_or_default()).unwrap_or_default()
}

/// Reads the preferences this page was rendered with: from the request cookies on the
/// server, from the `<html>` attributes the server wrote when hydrating in the browser.
pub fn initial_preferences() -> (Lang, Theme) {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let headers = use_context::<axum::http::request::Parts>().map(|parts| parts.headers);
        let read = |name: &str| {
            headers
                .as_ref()
                .and_then(|h| cookie_value(h, name))
                .unwrap_or_default()
        };
        (
            headers.as_ref().map(request_lang).unwrap_or_default(),
            Theme::from_code(&read(Theme::COOKIE)).unwrap_or_default(),
        )
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let root = document().document_element();
        let attr = |name: &str| {
            root.as_ref()
                .and_then(|el| el.get_attribute(name))
                .unwrap_or_default()
        };
        (
            Lang::from_code(&attr("lang")).unwrap_or_default(),
            Theme::from_code(&attr("data-theme")).unwrap_or_default(),
        )
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        (Lang::default(), Theme::default())
    }
}

/// Creates the preference signals and, in the browser, keeps `<html>` in step with them.
pub fn provide_preferences() -> Preferences {
    let (lang, theme) = initial_preferences();
    let prefs = Preferences {
        lang: RwSignal::new(lang),
        theme: RwSignal::new(theme),
    };
    provide_context(prefs);
    crate::i18n::provide_lang(prefs.lang);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| switchers::apply_to_document(prefs.lang.get(), prefs.theme.get()));
    prefs
}

#[cfg(feature = "ssr")]
const ONE_YEAR_SECS: u32 = 365 * 24 * 60 * 60;

/// Remembers the visitor's language. Public: a preference, not account data.
#[server(endpoint = "preferences/language")]
pub async fn set_language(lang: String) -> Result<Lang, AppError> {
    let lang = Lang::from_code(&lang).ok_or_else(|| invalid("lang"))?;
    cookies::set_preference_cookie(Lang::COOKIE, lang.code(), ONE_YEAR_SECS);
    Ok(lang)
}

/// Remembers the visitor's colour theme.
#[server(endpoint = "preferences/theme")]
pub async fn set_theme(theme: String) -> Result<Theme, AppError> {
    let theme = Theme::from_code(&theme).ok_or_else(|| invalid("theme"))?;
    cookies::set_preference_cookie(Theme::COOKIE, theme.code(), ONE_YEAR_SECS);
    Ok(theme)
}

#[cfg(feature = "ssr")]
fn invalid(field: &str) -> AppError {
    let mut errors = crate::error::FieldErrors::new();
    errors.insert(field.to_string(), "invalid".to_string());
    AppError::Validation(errors)
}
