//! Languages and UI texts. Indonesian is the default; English is selectable.
//!
//! Texts are typed keys (`Msg`) so a missing translation is a compile error, not a blank.
//! Each capability may define its own message enum with [`messages!`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod shell_texts;
pub use shell_texts::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];
    /// Name of the cookie that remembers the choice.
    pub const COOKIE: &'static str = "lang";

    /// BCP 47 code, used in `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Parses a stored or submitted code; anything unknown is `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, shown in the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
        }
    }
}

/// Defines a message enum whose every key has an Indonesian and an English text.
#[macro_export]
macro_rules! messages {
    ($name:ident { $($key:ident => ($id:expr, $en:expr)),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($key),* }

        #[allow(dead_code)]
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$key),*];

            /// The key's name, e.g. for a field-error code sent from the server.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$key => stringify!($key)),*
                }
            }

            pub fn from_key(key: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|msg| msg.key() == key)
            }

            pub fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$key, $crate::i18n::Lang::Id) => $id,
                        ($name::$key, $crate::i18n::Lang::En) => $en,
                    )*
                }
            }
        }

        impl $crate::i18n::Text for $name {
            fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                $name::text(self, lang)
            }
        }
    };
}

/// The page's language in context, so texts can follow it without knowing where it is
/// kept (the visitor's preferences own it).
#[derive(Clone, Copy)]
struct PageLang(RwSignal<Lang>);

/// Makes `lang` the language every text on this page follows.
pub fn provide_lang(lang: RwSignal<Lang>) {
    provide_context(PageLang(lang));
}

/// The reactive language of this page, provided by the shell.
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<PageLang>().0
}

/// A message enum defined with [`messages!`].
pub trait Text: Copy + Send + Sync + 'static {
    fn text(self, lang: Lang) -> &'static str;
}

/// A reactive text: re-renders when the language changes.
pub fn t<M: Text>(msg: M) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || msg.text(lang.get())
}
