//! The usage charts of the service page: CPU, network and disk over 1 h / 24 h / 7 d (the
//! range is in the URL, `?range=`, so the tabs work without JavaScript), drawn as SVG.

use crate::error::AppError;
use crate::i18n::t;
use crate::services::ServiceText;
use crate::services::get_service_metrics;
use crate::services::metrics::{
    Chart, ChartKind, MetricsNote, MetricsRange, SeriesKind, ServiceMetrics, axis_max, format_value, polyline,
};
use crate::ui::{ChartScale, GridLines, short_time};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 140.0;

/// The charts' data for the service and range in the URL. Created by the page with its other
/// resources, before its guard (see `RequireUser`).
pub fn metrics_resource() -> Resource<Result<ServiceMetrics, AppError>> {
    let params = use_params_map();
    let query = use_query_map();
    Resource::new(
        move || {
            let range = MetricsRange::from_code(&query.read().get("range").unwrap_or_default());
            (params.read().get("id").unwrap_or_default(), range)
        },
        |(id, range)| get_service_metrics(id, range.code().to_string()),
    )
}

#[component]
pub fn MetricsPanel(metrics: Resource<Result<ServiceMetrics, AppError>>) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let range = move || MetricsRange::from_code(&query.read().get("range").unwrap_or_default());
    let tab = move |option: MetricsRange, label: ServiceText| {
        let current = move || range() == option;
        // An absolute link: the router resolves a bare `?range=` against the route, not the page.
        let href = move || {
            format!(
                "/services/{}?range={}",
                params.read().get("id").unwrap_or_default(),
                option.code()
            )
        };
        view! {
            <a href=href data-testid=format!("range-{}", option.code())
                aria-current=move || current().then_some("page")
                class=move || if current() { "rounded px-2 py-1 bg-sky-700 text-white" } else { "rounded px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800" }>
                {t(label)}
            </a>
        }
    };
    view! {
        <section class="space-y-4 rounded-xl border border-slate-200 p-5 dark:border-slate-800" data-testid="metrics">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 class="font-bold">{t(ServiceText::Metrics)}</h2>
                <nav class="flex gap-1 text-sm">
                    {tab(MetricsRange::Hour, ServiceText::LastHour)}
                    {tab(MetricsRange::Day, ServiceText::LastDay)}
                    {tab(MetricsRange::Week, ServiceText::LastWeek)}
                </nav>
            </div>
            <Transition fallback=|| view! { <div class="h-40 animate-pulse rounded bg-slate-100 dark:bg-slate-800"></div> }>
                {move || Suspend::new(async move { metrics.await.map(|metrics| view! { <Charts metrics /> }) })}
            </Transition>
        </section>
    }
}

#[component]
fn Charts(metrics: ServiceMetrics) -> impl IntoView {
    let note = metrics.note.map(|note| {
        let text = match note {
            MetricsNote::NotOffered => ServiceText::MetricsNotOffered,
            MetricsNote::Unavailable => ServiceText::MetricsUnavailable,
        };
        view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="metrics-note">{t(text)}</p> }
    });
    let (start, end) = (metrics.start, metrics.end);
    let (from, until) = (short_time(&metrics.start_at), short_time(&metrics.end_at));
    view! {
        {note}
        <div class="grid gap-4 lg:grid-cols-3" data-range=metrics.range.code()>
            {metrics.charts.into_iter().map(|chart| view! { <ChartView chart start end from=from.clone() until=until.clone() /> }).collect_view()}
        </div>
    }
}

fn series_style(kind: SeriesKind) -> (&'static str, ServiceText) {
    match kind {
        SeriesKind::Cpu => ("stroke-sky-600", ServiceText::SeriesCpu),
        SeriesKind::In | SeriesKind::Read => (
            "stroke-emerald-600",
            if kind == SeriesKind::In {
                ServiceText::SeriesIn
            } else {
                ServiceText::SeriesRead
            },
        ),
        SeriesKind::Out | SeriesKind::Write => (
            "stroke-amber-500",
            if kind == SeriesKind::Out {
                ServiceText::SeriesOut
            } else {
                ServiceText::SeriesWrite
            },
        ),
    }
}

#[component]
fn ChartView(chart: Chart, start: i64, end: i64, from: String, until: String) -> impl IntoView {
    let title = match chart.kind {
        ChartKind::Cpu => ServiceText::Cpu,
        ChartKind::Network => ServiceText::Bandwidth,
        ChartKind::Disk => ServiceText::DiskIo,
    };
    let kind = chart.kind;
    let max = axis_max(&chart);
    let testid = format!("chart-{kind:?}").to_lowercase();
    if chart.series.is_empty() {
        return view! {
            <figure class="space-y-1" data-testid=testid>
                <figcaption class="text-sm font-semibold">{t(title)}</figcaption>
                <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="metric-not-offered">{t(ServiceText::MetricNotOffered)}</p>
            </figure>
        }
        .into_any();
    }
    let lines = chart
        .series
        .iter()
        .map(|series| {
            let (stroke, _) = series_style(series.kind);
            let points = polyline(&series.points, start, end, max, WIDTH, HEIGHT);
            view! { <polyline points=points fill="none" stroke-width="1.5" class=stroke data-series=format!("{:?}", series.kind) /> }
        })
        .collect_view();
    let legend = chart
        .series
        .iter()
        .map(|series| {
            let (stroke, label) = series_style(series.kind);
            let latest = series.points.last().map(|(_, value)| format_value(kind, *value)).unwrap_or_default();
            view! {
                <span class="inline-flex items-center gap-1">
                    <svg width="12" height="4" aria-hidden="true"><line x1="0" y1="2" x2="12" y2="2" stroke-width="3" class=stroke /></svg>
                    <span>{t(label)}</span>
                    <span class="tabular-nums text-slate-600 dark:text-slate-400">{latest}</span>
                </span>
            }
        })
        .collect_view();
    view! {
        <figure class="space-y-1" data-testid=testid>
            <figcaption class="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span class="font-semibold">{t(title)}</span>
                <span class="flex flex-wrap gap-3 text-xs">{legend}</span>
            </figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="h-36 w-full overflow-visible rounded bg-slate-50 dark:bg-slate-900" role="img" aria-label=move || t(title)()>
                <GridLines width=WIDTH height=HEIGHT />
                {lines}
            </svg>
            <ChartScale start=from peak=format_value(kind, max) end=until />
        </figure>
    }
    .into_any()
}
