//! The staff navigation: a sidebar from 1024 px, a menu that opens on phones (a `<details>`,
//! so it works without JavaScript), each with counts of what waits on staff.

use super::super::texts::AdminText;
use crate::analytics::Attention;
use crate::error::AppError;
use crate::i18n::t;
use leptos::prelude::*;

/// The sections of the admin panel, with the attention count each one shows.
const SECTIONS: [(AdminText, &str, Count); 11] = [
    (AdminText::Overview, "/admin", Count::None),
    (AdminText::Orders, "/admin/orders", Count::None),
    (AdminText::Payments, "/admin/payments", Count::HeldPayments),
    (AdminText::Services, "/admin/services", Count::None),
    (
        AdminText::Provisioning,
        "/admin/provisioning",
        Count::Provisioning,
    ),
    (AdminText::Catalog, "/admin/catalog", Count::None),
    (AdminText::Promos, "/admin/promos", Count::None),
    (AdminText::Users, "/admin/users", Count::None),
    (AdminText::ApiKeys, "/admin/api-keys", Count::None),
    (AdminText::Notifications, "/admin/notifications", Count::None),
    (AdminText::AuditLog, "/admin/audit", Count::None),
];

#[derive(Clone, Copy)]
enum Count {
    None,
    HeldPayments,
    /// Failed provisioning and dead jobs: both handled on the provisioning page.
    Provisioning,
}

impl Count {
    fn of(self, attention: &Attention) -> i64 {
        match self {
            Count::None => 0,
            Count::HeldPayments => attention.held_payments,
            Count::Provisioning => attention.failed_provisioning + attention.dead_jobs,
        }
    }
}

/// The sidebar (wide screens) and the menu (phones) over the same links.
#[component]
pub fn StaffNav(attention: Resource<Result<Attention, AppError>>) -> impl IntoView {
    let links = move |testid: &'static str| {
        view! {
            <Transition fallback=move || view! { <Links attention=Attention::default() testid /> }>
                {move || Suspend::new(async move {
                    let attention = attention.await.unwrap_or_default();
                    view! { <Links attention testid /> }
                })}
            </Transition>
        }
    };
    view! {
        <details class="rounded-lg border border-slate-200 lg:hidden dark:border-slate-800" data-testid="staff-menu">
            <summary class="cursor-pointer px-3 py-2 text-sm font-semibold">{t(AdminText::Panel)}</summary>
            <nav aria-label=t(AdminText::StaffMenu) class="px-2 pb-2">{links("staff-menu-links")}</nav>
        </details>
        <aside class="hidden lg:block">
            <nav aria-label=t(AdminText::Panel) class="sticky top-4">
                <p class="mb-2 px-3 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{t(AdminText::Panel)}</p>
                {links("staff-sidebar")}
            </nav>
        </aside>
    }
}

#[component]
fn Links(attention: Attention, testid: &'static str) -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname;
    view! {
        <ul class="space-y-1 text-sm font-medium" data-testid=testid>
            {SECTIONS.map(|(label, href, count)| {
                let count = count.of(&attention);
                let current = move || {
                    let path = path.get();
                    if href == "/admin" { path == href } else { path.starts_with(href) }
                };
                view! {
                    <li>
                        <a
                            href=href
                            aria-current=move || current().then_some("page")
                            class="flex items-center justify-between rounded px-3 py-1.5 hover:bg-slate-100 aria-[current=page]:bg-sky-50 aria-[current=page]:text-sky-800 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-sky-950 dark:aria-[current=page]:text-sky-200"
                        >
                            <span>{t(label)}</span>
                            {(count > 0).then(|| view! {
                                <span class="rounded-full bg-red-700 px-2 text-xs font-bold text-white" data-testid="attention-count">{count}</span>
                            })}
                        </a>
                    </li>
                }
            })}
        </ul>
    }
}
