//! The figures (each with its change against the period before) and the attention panel.

use super::chart::Unit;
use crate::analytics::texts::AnalyticsText;
use crate::analytics::{Attention, BusinessReport, Figure, FigureKind};
use crate::i18n::t;
use leptos::prelude::*;

fn label(kind: FigureKind) -> AnalyticsText {
    match kind {
        FigureKind::Revenue => AnalyticsText::Revenue,
        FigureKind::Refunds => AnalyticsText::Refunds,
        FigureKind::Mrr => AnalyticsText::Mrr,
        FigureKind::NewCustomers => AnalyticsText::NewCustomers,
        FigureKind::OrdersCreated => AnalyticsText::OrdersCreated,
        FigureKind::OrdersPaid => AnalyticsText::OrdersPaid,
        FigureKind::OrdersFailed => AnalyticsText::OrdersFailed,
        FigureKind::OrdersCancelled => AnalyticsText::OrdersCancelled,
        FigureKind::ActiveServices => AnalyticsText::ActiveServices,
        FigureKind::ProvisioningSuccess => AnalyticsText::ProvisioningSuccess,
        FigureKind::TimeToActive => AnalyticsText::TimeToActive,
    }
}

/// The figure as it reads: rupiah, a count, a percentage (from per mille) or m:ss.
fn format(kind: FigureKind, value: i64) -> String {
    match kind {
        FigureKind::Revenue | FigureKind::Refunds | FigureKind::Mrr => Unit::Rupiah.format(value),
        FigureKind::ProvisioningSuccess => format!("{}.{} %", value / 10, value % 10),
        FigureKind::TimeToActive => crate::ui::clock_text(value),
        _ => Unit::Count.format(value),
    }
}

/// Whether a rise is bad news (shown red).
fn rise_is_bad(kind: FigureKind) -> bool {
    matches!(
        kind,
        FigureKind::Refunds
            | FigureKind::OrdersFailed
            | FigureKind::OrdersCancelled
            | FigureKind::TimeToActive
    )
}

/// The change against the period before, as "+12 %" (or "new" from nothing).
fn change(figure: &Figure) -> Option<(String, &'static str)> {
    let previous = figure.previous?;
    if previous == figure.value {
        return None;
    }
    let up = figure.value > previous;
    let good = up != rise_is_bad(figure.kind);
    let class = if good {
        "text-emerald-700 dark:text-emerald-400"
    } else {
        "text-red-700 dark:text-red-400"
    };
    let text = if previous == 0 {
        t(AnalyticsText::New)().to_string()
    } else {
        let percent = (figure.value - previous) * 100 / previous.abs();
        format!("{}{percent} %", if up { "+" } else { "" })
    };
    Some((text, class))
}

#[component]
pub fn Figures(report: BusinessReport) -> impl IntoView {
    view! {
        <dl class="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4">
            {report.figures.into_iter().map(|figure| {
                let kind = figure.kind;
                let previous = figure.previous.map(|previous| format(kind, previous)).unwrap_or_default();
                let change = change(&figure);
                view! {
                    <div class="rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid=format!("figure-{kind:?}").to_lowercase()>
                        <dt class="text-xs text-slate-600 dark:text-slate-400">{t(label(kind))}</dt>
                        <dd class="text-lg font-bold tabular-nums" data-testid="figure-value">{format(kind, figure.value)}</dd>
                        <dd class="flex flex-wrap gap-1 text-xs tabular-nums text-slate-600 dark:text-slate-400">
                            {change.map(|(text, class)| view! { <span class=format!("font-semibold {class}") data-testid="figure-change">{text}</span> })}
                            <span>{t(AnalyticsText::Before)}</span>
                            <span data-testid="figure-previous">{previous}</span>
                        </dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}

/// Counts of what waits on staff, each linking to where it is handled.
#[component]
pub fn AttentionPanel(attention: Attention) -> impl IntoView {
    let items = [
        (
            AnalyticsText::HeldPayments,
            attention.held_payments.to_string(),
            "/admin/payments",
            "attention-held",
        ),
        (
            AnalyticsText::FailedProvisioning,
            attention.failed_provisioning.to_string(),
            "/admin/provisioning",
            "attention-failed",
        ),
        (
            AnalyticsText::DeadJobs,
            attention.dead_jobs.to_string(),
            "/admin/provisioning",
            "attention-dead-jobs",
        ),
        (
            AnalyticsText::OpenRenewals,
            format!(
                "{} · {}",
                attention.open_renewals,
                Unit::Rupiah.format(attention.open_renewals_value)
            ),
            "/admin/services?status=ACTIVE&expiring=7",
            "attention-renewals",
        ),
        (
            AnalyticsText::DueToSuspend,
            attention.due_to_suspend.to_string(),
            "/admin/services?status=ACTIVE&expiring=0",
            "attention-suspend",
        ),
    ];
    view! {
        <section aria-labelledby="attention-heading" class="space-y-2">
            <h2 id="attention-heading" class="text-lg font-semibold">{t(AnalyticsText::NeedsAttention)}</h2>
            <ul class="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
                {items.map(|(label, value, href, testid)| view! {
                    <li>
                        <a href=href class="block rounded-lg border border-slate-200 p-3 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900" data-testid=testid>
                            <span class="block text-xs text-slate-600 dark:text-slate-400">{t(label)}</span>
                            <span class="block text-lg font-bold tabular-nums">{value}</span>
                        </a>
                    </li>
                })}
            </ul>
        </section>
    }
}
