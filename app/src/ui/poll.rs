//! Pages that follow work happening in the background (a payment, provisioning, a power
//! action) refresh their data while it runs.
//!
//! Whether work is running is known only once the page's resource has loaded, and a
//! resource is read in one place only: awaited inside the one `Suspend` that shows it.
//! Reading it again elsewhere (`.get()` in a memo or a second suspense) can hang server
//! rendering for good (leptos-rs/leptos#4578, #4673; our scan froze the server that way).
//! So the `Suspend` sets a signal from what it loaded for [`poll_while`], and hands a plain
//! value to [`RefreshWithoutScript`].

use leptos::prelude::*;

/// Calls `refresh` every 1.5 s while `active` (in the browser; without JavaScript such a
/// page asks the browser to reload itself with a `<meta http-equiv="refresh">` instead).
pub fn poll_while(active: Signal<bool>, refresh: impl Fn() + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |handle: Option<Option<leptos::prelude::IntervalHandle>>| {
        if let Some(Some(handle)) = handle {
            handle.clear();
        }
        active
            .get()
            .then(|| set_interval_with_handle(refresh.clone(), std::time::Duration::from_millis(1500)).ok())
            .flatten()
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (active, refresh);
}

/// Without JavaScript, reloads the page every 3 s while `active`. Inside `<noscript>`, so a
/// browser running the app ignores it: a refresh the browser has scheduled cannot be called
/// off, and would reload this page after the app has already moved to another one. Written
/// as inner HTML, which hydration does not walk (with scripting on, the browser keeps
/// `<noscript>`'s content as text).
#[component]
pub fn RefreshWithoutScript(active: bool) -> impl IntoView {
    active.then(|| view! { <noscript inner_html=r#"<meta http-equiv="refresh" content="3">"#></noscript> })
}
