//! What every server-rendered SVG chart has around its marks: faint grid lines and the scale
//! line below it (start, peak, end).

use leptos::prelude::*;

/// Faint horizontal lines at a quarter, half and three quarters of a `width` × `height`
/// chart, for use inside its `<svg>`.
#[component]
pub fn GridLines(width: f64, height: f64) -> impl IntoView {
    [0.25, 0.5, 0.75].map(|share| {
        let y = height * share;
        view! { <line x1="0" x2=width y1=y y2=y class="stroke-slate-200 dark:stroke-slate-700" stroke-width="0.5" /> }
    })
}

/// The line under a chart: where it starts, its peak value, where it ends.
#[component]
pub fn ChartScale(start: String, peak: String, end: String) -> impl IntoView {
    view! {
        <div class="flex justify-between gap-2 text-xs tabular-nums text-slate-600 dark:text-slate-400">
            <span>{start}</span>
            <span data-testid="chart-max">{format!("max {peak}")}</span>
            <span>{end}</span>
        </div>
    }
}
