//! The admin home's body: what needs attention, the figures against the period before, and
//! the charts. The period is in the URL (a GET form and preset links), so a view can be
//! bookmarked and works without JavaScript.

mod chart;
mod figures;

use crate::analytics::texts::AnalyticsText;
use crate::analytics::{Attention, BusinessReport, Grain, load_business_report, staff_attention};
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::form::INPUT_CLASS;
use chart::{ShareBars, TimeBars, Unit};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

type Loaded<T> = Resource<Result<T, AppError>>;

/// What needs staff, loaded once per staff page: the staff navigation's counts and the
/// admin home's panel both read it.
#[derive(Clone, Copy)]
pub struct StaffAttention(pub Loaded<Attention>);

impl StaffAttention {
    /// Loads it and provides it to the page's children. Call where the page's resources are
    /// created (outside the staff guard's Suspense).
    pub fn provide() -> StaffAttention {
        let attention = StaffAttention(Resource::new(|| (), |_| staff_attention()));
        provide_context(attention);
        attention
    }
}

/// The report, loaded from the URL's period. Create it where the page's resources are
/// created (outside the staff guard's Suspense).
pub fn report_resource() -> Loaded<BusinessReport> {
    let query = use_query_map();
    Resource::new(
        move || {
            let query = query.read();
            let get = |name: &str| query.get(name).unwrap_or_default();
            (
                get("from"),
                get("until"),
                get("days").parse::<i64>().unwrap_or(0),
                get("grain"),
            )
        },
        |(from, until, days, grain)| load_business_report(from, until, days, grain),
    )
}

#[component]
pub fn BusinessOverview(report: Loaded<BusinessReport>) -> impl IntoView {
    let StaffAttention(attention) = expect_context();
    view! {
        <section class="space-y-6" data-testid="admin-overview">
            <h1 class="text-2xl font-bold">{t(AnalyticsText::Heading)}</h1>
            <Transition fallback=|| view! { <p>{t(AnalyticsText::Loading)}</p> }>
                {move || Suspend::new(async move {
                    attention.await.map(|attention| view! { <figures::AttentionPanel attention /> })
                })}
            </Transition>
            <Transition fallback=|| view! { <p>{t(AnalyticsText::Loading)}</p> }>
                {move || Suspend::new(async move { report.await.map(|report| view! { <ReportView report /> }) })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportView(report: BusinessReport) -> impl IntoView {
    let span = format!("{}-{}", report.from, report.until);
    let funnel = report
        .funnel
        .iter()
        .map(|bucket| {
            let label = match bucket.label.as_str() {
                "created" => AnalyticsText::Created,
                "paid" => AnalyticsText::Paid,
                _ => AnalyticsText::Active,
            };
            crate::analytics::Bucket {
                label: t(label)().to_string(),
                value: bucket.value,
            }
        })
        .collect::<Vec<_>>();
    view! {
        <PeriodForm report=report.clone() />
        <figures::Figures report=report.clone() />
        <div class="grid gap-4 lg:grid-cols-2">
            <TimeBars title=AnalyticsText::RevenueChart testid="chart-revenue" buckets=report.revenue unit=Unit::Rupiah csv_name=format!("revenue-{span}.csv") />
            <ShareBars title=AnalyticsText::FunnelChart testid="chart-funnel" buckets=funnel unit=Unit::Count csv_name=format!("funnel-{span}.csv") />
            <ShareBars title=AnalyticsText::ProviderChart testid="chart-providers" buckets=report.by_provider unit=Unit::Count csv_name=format!("services-by-provider-{}.csv", report.until) />
            <ShareBars title=AnalyticsText::RegionChart testid="chart-regions" buckets=report.by_region unit=Unit::Count csv_name=format!("services-by-region-{}.csv", report.until) />
            <TimeBars title=AnalyticsText::ChurnChart testid="chart-churn" buckets=report.churn unit=Unit::Count csv_name=format!("terminations-{span}.csv") />
        </div>
    }
}

/// Presets (last 7, 30, 90 days, 12 months) and a from–until form with the revenue grain.
#[component]
fn PeriodForm(report: BusinessReport) -> impl IntoView {
    let presets = [
        (7, AnalyticsText::Last7Days),
        (30, AnalyticsText::Last30Days),
        (90, AnalyticsText::Last90Days),
        (365, AnalyticsText::Last12Months),
    ];
    let grains = [
        (Grain::Day, AnalyticsText::ByDay),
        (Grain::Week, AnalyticsText::ByWeek),
        (Grain::Month, AnalyticsText::ByMonth),
    ];
    let chosen = report.grain;
    view! {
        <div class="flex flex-wrap items-end gap-4">
            <nav aria-label=t(AnalyticsText::Period) class="flex flex-wrap gap-2 text-sm">
                {presets.map(|(days, label)| view! {
                    <a href=format!("/admin?days={days}") class="rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">{t(label)}</a>
                })}
            </nav>
            <form method="get" action="/admin" class="flex flex-wrap items-end gap-3" data-testid="period-form">
                <div>
                    <label for="from" class="block text-sm font-medium">{t(AnalyticsText::From)}</label>
                    <input id="from" name="from" type="date" class=INPUT_CLASS value=report.from.clone() />
                </div>
                <div>
                    <label for="until" class="block text-sm font-medium">{t(AnalyticsText::Until)}</label>
                    <input id="until" name="until" type="date" class=INPUT_CLASS value=report.until.clone() />
                </div>
                <div>
                    <label for="grain" class="block text-sm font-medium">{t(AnalyticsText::Grain)}</label>
                    <select id="grain" name="grain" class=INPUT_CLASS>
                        {grains.map(|(grain, label)| view! { <option value=grain.code() selected=grain == chosen>{t(label)}</option> })}
                    </select>
                </div>
                <button type="submit" class="rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800">{t(AnalyticsText::Show)}</button>
            </form>
        </div>
        <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="period">
            <span>{format!("{} – {}", report.from, report.until)}</span>
            <span>{" · "}</span>
            <span>{t(AnalyticsText::ComparedWith)}</span>
            <span>{format!(" {} – {}", report.previous_from, report.previous_until)}</span>
        </p>
    }
}
