//! A button that copies a value (a virtual account number) to the clipboard; the value stays
//! selectable for browsers without the clipboard API.

use crate::i18n::t;
use leptos::prelude::*;

crate::messages!(CopyText {
    Copy => ("Salin", "Copy"),
    Copied => ("Tersalin", "Copied"),
});

#[component]
pub fn CopyButton(value: String, #[prop(optional)] testid: &'static str) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&value);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &value;
        copied.set(true);
    };
    view! {
        <button type="button" on:click=copy class="rounded-lg border border-slate-300 px-3 py-1 text-sm font-semibold hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" data-testid=testid>
            {move || if copied.get() { t(CopyText::Copied) } else { t(CopyText::Copy) }}
        </button>
    }
}
