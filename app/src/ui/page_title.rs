//! The page's `<title>`, in the visitor's language.

use crate::i18n::{Text, t, use_lang};
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;

/// On the server the title is a plain string: leptos_meta reads it after the page has
/// rendered, outside the request's reactive arena, where reading a signal panics once
/// several requests share a worker thread (seen under load in `bench/run.sh`). In the
/// browser it follows the language switch.
#[component]
pub fn PageTitle<M: Text>(text: M) -> impl IntoView {
    let text: TextProp = if cfg!(feature = "ssr") {
        text.text(use_lang().get_untracked()).into()
    } else {
        t(text).into()
    };
    view! { <Title text /> }
}
