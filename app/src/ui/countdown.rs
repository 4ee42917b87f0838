//! Time left to do something (pay before an attempt expires), counting down each second in
//! the browser; the server renders the time left when the page was made.

use leptos::prelude::*;

/// `seconds` from now, as `m:ss` (or `h:mm:ss`), down to `0:00`.
#[component]
pub fn Countdown(seconds: i64, #[prop(optional)] testid: &'static str) -> impl IntoView {
    let left = RwSignal::new(seconds.max(0));
    #[cfg(feature = "hydrate")]
    if let Ok(handle) = set_interval_with_handle(
        move || {
            left.try_update(|left| *left = (*left - 1).max(0));
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    view! { <span class="font-mono tabular-nums" data-testid=testid>{move || clock_text(left.get())}</span> }
}

/// `m:ss`, or `h:mm:ss` from an hour up.
pub fn clock_text(seconds: i64) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_like_a_clock() {
        assert_eq!(super::clock_text(0), "0:00");
        assert_eq!(super::clock_text(65), "1:05");
        assert_eq!(super::clock_text(3 * 3600 + 7), "3:00:07");
    }
}
