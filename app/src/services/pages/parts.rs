//! Pieces both control panel pages show.

use super::super::ServiceStatus;
use super::super::texts::{power_text, status_text};
use crate::i18n::t;
use crate::ui::Tone;
use leptos::prelude::*;

/// The service's status and, while it is active, the machine's power state.
#[component]
pub fn ServiceBadges(status: ServiceStatus, power_state: String) -> impl IntoView {
    let tone = match power_state.as_str() {
        "running" => Some(Tone::Good),
        "off" => Some(Tone::Quiet),
        "deleted" => None,
        _ => Some(Tone::Busy),
    };
    let power = tone.filter(|_| status == ServiceStatus::Active).map(|tone| {
        view! {
            <span class=tone.badge_class() data-testid="power-state" data-state=power_state.clone()>
                {t(power_text(&power_state))}
            </span>
        }
    });
    view! {
        <span class="inline-flex flex-wrap gap-1">
            {(status != ServiceStatus::Active).then(|| view! {
                <span class=Tone::Attention.badge_class() data-testid="service-status" data-status=status.code()>
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
    view! { <span class="tag" data-testid="provider-badge">{name}</span> }
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
