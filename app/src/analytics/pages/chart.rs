//! The admin home's charts: server-rendered bars (SVG over time, HTML rows for shares) that
//! read without JavaScript — each bar has a native tooltip, each chart a table view and a
//! CSV download — and, hydrated, show the value of the bar under the pointer or focus.

use crate::analytics::Bucket;
use crate::analytics::texts::AnalyticsText;
use crate::i18n::t;
use crate::ui::{ChartScale, GridLines};
use leptos::prelude::*;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 160.0;

/// How a chart's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Rupiah,
    Count,
}

impl Unit {
    pub fn format(self, value: i64) -> String {
        match self {
            Unit::Rupiah => crate::money::format_idr(value),
            // Thousands grouped as in rupiah amounts.
            Unit::Count => crate::money::format_idr(value).replacen("Rp ", "", 1),
        }
    }
}

/// The largest value (at least 1: the scale of the bars).
fn peak(buckets: &[Bucket]) -> i64 {
    buckets
        .iter()
        .map(|bucket| bucket.value)
        .max()
        .unwrap_or(0)
        .max(1)
}

/// A chart's data as CSV (`label,value`), as a `data:` address to download.
fn csv_href(buckets: &[Bucket]) -> String {
    let mut csv = String::from("label,value\n");
    for bucket in buckets {
        csv.push_str(&format!(
            "\"{}\",{}\n",
            bucket.label.replace('"', "\"\""),
            bucket.value
        ));
    }
    format!("data:text/csv;charset=utf-8,{}", crate::url::percent_encode(&csv))
}

/// Title, the chart itself, then its table and CSV.
#[component]
fn ChartFrame(
    title: AnalyticsText,
    testid: &'static str,
    buckets: Vec<Bucket>,
    unit: Unit,
    csv_name: String,
    children: Children,
) -> impl IntoView {
    let href = csv_href(&buckets);
    let rows = buckets
        .into_iter()
        .map(|bucket| {
            view! {
                <tr>
                    <td class="py-1 pr-4">{bucket.label}</td>
                    <td class="py-1 text-right tabular-nums">{unit.format(bucket.value)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid=testid>
            <figcaption class="text-sm font-semibold">{t(title)}</figcaption>
            {children()}
            <div class="flex flex-wrap items-start justify-between gap-2 text-sm">
                <details data-testid="chart-table">
                    <summary class="cursor-pointer text-sky-700 dark:text-sky-400">{t(AnalyticsText::Table)}</summary>
                    <table class="mt-2 text-sm">
                        <thead>
                            <tr>
                                <th scope="col" class="pr-4 text-left">{t(AnalyticsText::Label)}</th>
                                <th scope="col" class="text-right">{t(AnalyticsText::Value)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </details>
                <a href=href download=csv_name class="text-sky-700 hover:underline dark:text-sky-400" data-testid="chart-csv">
                    {t(AnalyticsText::DownloadCsv)}
                </a>
            </div>
        </figure>
    }
}

/// Values over time as vertical bars, first and last bucket named below.
#[component]
pub fn TimeBars(
    title: AnalyticsText,
    testid: &'static str,
    buckets: Vec<Bucket>,
    unit: Unit,
    csv_name: String,
) -> impl IntoView {
    let max = peak(&buckets) as f64;
    let slot = WIDTH / buckets.len().max(1) as f64;
    let pointed = RwSignal::new(None::<usize>);
    let shown = buckets.clone();
    let readout = move || {
        pointed
            .get()
            .and_then(|index| shown.get(index))
            .map(|bucket| format!("{}: {}", bucket.label, unit.format(bucket.value)))
            .unwrap_or_default()
    };
    let bars = buckets
        .iter()
        .enumerate()
        .map(|(index, bucket)| {
            let height = (bucket.value.max(0) as f64 / max * HEIGHT).max(if bucket.value > 0 { 1.0 } else { 0.0 });
            let tip = format!("{}: {}", bucket.label, unit.format(bucket.value));
            view! {
                <rect
                    x=index as f64 * slot + slot * 0.1
                    y=HEIGHT - height
                    width=slot * 0.8
                    height=height
                    tabindex="0"
                    class="fill-sky-600 outline-none hover:fill-sky-800 focus:fill-sky-800 dark:fill-sky-400 dark:hover:fill-sky-200 dark:focus:fill-sky-200"
                    data-value=bucket.value
                    on:mouseenter=move |_| pointed.set(Some(index))
                    on:focus=move |_| pointed.set(Some(index))
                >
                    <title>{tip}</title>
                </rect>
            }
        })
        .collect_view();
    let first = buckets
        .first()
        .map(|bucket| bucket.label.clone())
        .unwrap_or_default();
    let last = buckets
        .last()
        .map(|bucket| bucket.label.clone())
        .unwrap_or_default();
    let peak = unit.format(max as i64);
    view! {
        <ChartFrame title testid buckets unit csv_name>
            <p class="h-5 text-sm tabular-nums text-slate-700 dark:text-slate-300" aria-live="polite" data-testid="chart-readout">{readout}</p>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" class="h-40 w-full rounded bg-slate-50 dark:bg-slate-900" role="img" aria-label=move || t(title)() on:mouseleave=move |_| pointed.set(None)>
                <GridLines width=WIDTH height=HEIGHT />
                {bars}
            </svg>
            <ChartScale start=first peak end=last />
        </ChartFrame>
    }
}

/// Shares as horizontal bars, one row each: name, bar, value.
#[component]
pub fn ShareBars(
    title: AnalyticsText,
    testid: &'static str,
    buckets: Vec<Bucket>,
    unit: Unit,
    csv_name: String,
) -> impl IntoView {
    let max = peak(&buckets);
    let rows = if buckets.is_empty() {
        view! { <p class="text-sm text-slate-600 dark:text-slate-400">{t(AnalyticsText::NoData)}</p> }
            .into_any()
    } else {
        let rows = buckets
            .iter()
            .map(|bucket| {
                // An SVG bar: its width is an attribute, as the CSP forbids inline styles.
                let width = (bucket.value.max(0) * 100 / max).max(1);
                let value = unit.format(bucket.value);
                view! {
                    <li class="grid grid-cols-[minmax(0,10rem)_1fr_auto] items-center gap-2 text-sm" title=format!("{}: {value}", bucket.label) data-testid="share-row">
                        <span class="truncate">{bucket.label.clone()}</span>
                        <svg viewBox="0 0 100 10" preserveAspectRatio="none" class="h-3 w-full rounded bg-slate-100 dark:bg-slate-800" aria-hidden="true">
                            <rect width=width height="10" class="fill-sky-600 dark:fill-sky-400" />
                        </svg>
                        <span class="tabular-nums" data-testid="share-value">{value.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="space-y-2">{rows}</ul> }.into_any()
    };
    view! {
        <ChartFrame title testid buckets unit csv_name>
            {rows}
        </ChartFrame>
    }
}
