//! Header with navigation, main area and footer. Responsive: below 1024 px the navigation
//! collapses into a menu button (the footer repeats the links for visitors without
//! JavaScript); from 1024 px it fits one line, signed in too (account links in one menu). The
//! admin panel shows its own navigation (`admin::pages::staff_nav`) instead of the storefront links.

use crate::accounts::pages::UserMenu;
use crate::i18n::{Msg, t};
use crate::notifications::pages::{AnnouncementBanner, NotificationBell};
use crate::preferences::{LanguageSwitch, ThemeSwitch};
use crate::ui::Logo;
use leptos::prelude::*;

const NAV: [(Msg, &str); 4] = [
    (Msg::NavHome, "/"),
    (Msg::NavFeatures, "/#keunggulan"),
    (Msg::NavPlans, "/plans"),
    (Msg::NavContact, "/#kontak"),
];

#[component]
pub fn SiteLayout(children: Children) -> impl IntoView {
    view! {
        <a
            href="#konten"
            class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
            {t(Msg::SkipToContent)}
        </a>
        <Header />
        <AnnouncementBanner />
        <main id="konten" class="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
            {children()}
        </main>
        <Footer />
    }
}

#[component]
fn Header() -> impl IntoView {
    let menu_open = RwSignal::new(false);
    // The storefront's links are not shown in the admin panel, which has its own navigation.
    let path = leptos_router::hooks::use_location().pathname;
    let storefront = move || !path.get().starts_with("/admin");
    view! {
        <header class="border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
            <div class="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
                <a href="/" class="flex items-center gap-2 text-lg font-bold tracking-tight">
                    <Logo />
                    <span>"WeBrana Cloud"</span>
                </a>
                {move || storefront().then(|| view! {
                    <nav aria-label=t(Msg::MainNavigation) class="hidden lg:block">
                        <NavLinks class="flex items-center gap-6 text-sm font-medium" />
                    </nav>
                })}
                <div class="ml-auto lg:order-last lg:ml-0">
                    <NotificationBell />
                </div>
                <div class="hidden items-center gap-3 lg:flex">
                    <LanguageSwitch />
                    <ThemeSwitch />
                    <UserMenu />
                </div>
                <button
                    type="button"
                    class="rounded p-2 hover:bg-slate-100 lg:hidden dark:hover:bg-slate-800"
                    aria-controls="menu-seluler"
                    aria-expanded=move || menu_open.get().to_string()
                    aria-label=move || {
                        if menu_open.get() { t(Msg::CloseMenu)() } else { t(Msg::OpenMenu)() }
                    }
                    data-testid="menu-button"
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <svg viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                        <path d="M4 6h16M4 12h16M4 18h16" />
                    </svg>
                </button>
            </div>
            <div
                id="menu-seluler"
                class="border-t border-slate-200 px-4 py-3 lg:hidden dark:border-slate-800"
                hidden=move || !menu_open.get()
                data-testid="mobile-menu"
            >
                {move || storefront().then(|| view! { <NavLinks class="flex flex-col gap-3 text-sm font-medium" /> })}
                <div class="mt-3">
                    <UserMenu flat=true />
                </div>
                <div class="mt-3 flex items-center justify-between">
                    <LanguageSwitch />
                    <ThemeSwitch />
                </div>
            </div>
        </header>
    }
}

#[component]
fn NavLinks(class: &'static str) -> impl IntoView {
    view! {
        <ul class=class>
            {NAV
                .into_iter()
                .map(|(label, href)| {
                    view! {
                        <li>
                            <a href=href class="hover:text-sky-600 dark:hover:text-sky-400">
                                {t(label)}
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="border-t border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900">
            <div class="mx-auto grid max-w-6xl gap-6 px-4 py-8 text-sm sm:px-6 md:grid-cols-3">
                <div>
                    <p class="flex items-center gap-2 font-semibold">
                        <Logo class="h-6 w-6" />
                        "WeBrana Cloud"
                    </p>
                    <p class="mt-2 text-slate-600 dark:text-slate-400">{t(Msg::FooterTagline)}</p>
                </div>
                <nav aria-label=t(Msg::MainNavigation)>
                    <NavLinks class="flex flex-col gap-2" />
                </nav>
                <div class="flex flex-col gap-3 md:items-end">
                    <LanguageSwitch />
                    <ThemeSwitch />
                </div>
            </div>
            <p class="pb-6 text-center text-xs text-slate-600 dark:text-slate-400">
                "© 2026 WeBrana Cloud. " {t(Msg::FooterRights)}
            </p>
        </footer>
    }
}
