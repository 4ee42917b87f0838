//! The landing page. The catalog-driven pricing section arrives with the catalog capability.

use crate::i18n::{Msg, t};
use leptos::prelude::*;
use leptos_meta::Title;

const FEATURES: [(Msg, Msg, &str); 4] = [
    (
        Msg::FeatureNvmeTitle,
        Msg::FeatureNvmeBody,
        "M4 7h16v10H4zM8 11h.01M12 11h4",
    ),
    (
        Msg::FeaturePaymentTitle,
        Msg::FeaturePaymentBody,
        "M3 7h18v10H3zM3 11h18M7 15h3",
    ),
    (
        Msg::FeatureFastTitle,
        Msg::FeatureFastBody,
        "M13 2 4 14h7l-1 8 9-12h-7z",
    ),
    (
        Msg::FeatureNearTitle,
        Msg::FeatureNearBody,
        "M12 21s7-6.2 7-12a7 7 0 1 0-14 0c0 5.8 7 12 7 12zM12 11a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
    ),
];

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=t(Msg::HomeTitle) />
        <section class="py-10 text-center sm:py-16">
            <h1 class="text-4xl font-black tracking-tight sm:text-5xl">{t(Msg::HeroTitle)}</h1>
            <p class="mx-auto mt-4 max-w-2xl text-lg text-slate-600 dark:text-slate-300">
                {t(Msg::HeroBody)}
            </p>
        </section>
        <section id="keunggulan" class="py-8" aria-labelledby="judul-keunggulan">
            <h2 id="judul-keunggulan" class="text-center text-2xl font-bold">
                {t(Msg::FeaturesHeading)}
            </h2>
            <ul class="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
                {FEATURES
                    .into_iter()
                    .map(|(title, body, icon)| {
                        view! {
                            <li class="rounded-xl border border-slate-200 p-5 dark:border-slate-800">
                                <svg viewBox="0 0 24 24" class="h-8 w-8 text-sky-600" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
                                    <path d=icon />
                                </svg>
                                <h3 class="mt-3 font-semibold">{t(title)}</h3>
                                <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">{t(body)}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section id="kontak" class="py-8 text-center" aria-labelledby="judul-kontak">
            <h2 id="judul-kontak" class="text-2xl font-bold">{t(Msg::ContactHeading)}</h2>
            <p class="mt-2 text-slate-600 dark:text-slate-400">{t(Msg::ContactBody)}</p>
        </section>
    }
}
