//! Pieces both control panel pages show.

use super::super::ServiceStatus;
use super::super::texts::{power_text, status_text};
use crate::i18n::t;
use leptos::prelude::*;

/// The service's status and, while it is active, the machine's power state.
#[component]
pub fn ServiceBadges(status: ServiceStatus, power_state: String) -> impl IntoView {
    let (colour, power) = match power_state.as_str() {
        "running" => (
            "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
            true,
        ),
        "off" => (
            "bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
            true,
        ),
        "deleted" => ("", false),
        _ => ("bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100", true),
    };
    let power = (power && status == ServiceStatus::Active).then(|| {
        view! {
            <span class=format!("inline-block rounded-full px-2 py-0.5 text-xs font-semibold {colour}") data-testid="power-state" data-state=power_state.clone()>
                {t(power_text(&power_state))}
            </span>
        }
    });
    view! {
        <span class="inline-flex flex-wrap gap-1">
            {(status != ServiceStatus::Active).then(|| view! {
                <span class="inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100" data-testid="service-status" data-status=status.code()>
                    {t(status_text(status))}
                </span>
            })}
            {power}
        </span>
    }
}

/// The provider's name as a small label.
#[component]
pub fn ProviderBadge(name: String) -> impl IntoView {
    view! {
        <span class="inline-block rounded border border-slate-300 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:border-slate-700 dark:text-slate-300" data-testid="provider-badge">
            {name}
        </span>
    }
}

/// A machine's size as the pages write it: "2 vCPU · 4 GB RAM · 80 GB NVMe".
pub fn specs_label(vcpu: i32, memory_mb: i32, disk_gb: i32) -> String {
    let memory = if memory_mb % 1024 == 0 {
        format!("{} GB", memory_mb / 1024)
    } else {
        format!("{memory_mb} MB")
    };
    format!("{vcpu} vCPU · {memory} RAM · {disk_gb} GB NVMe")
}
