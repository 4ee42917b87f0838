use leptos::prelude::*;

/// The WeBrana mark: a stylised server stack inside a rounded square.
#[component]
pub fn Logo(#[prop(default = "h-8 w-8")] class: &'static str) -> impl IntoView {
    view! {
        <svg viewBox="0 0 32 32" class=class aria-hidden="true">
            <rect width="32" height="32" rx="8" fill="#0284c7" />
            <rect x="8" y="8" width="16" height="6" rx="2" fill="#e0f2fe" />
            <rect x="8" y="18" width="16" height="6" rx="2" fill="#7dd3fc" />
            <circle cx="20.5" cy="11" r="1.2" fill="#0284c7" />
            <circle cx="20.5" cy="21" r="1.2" fill="#0284c7" />
        </svg>
    }
}
