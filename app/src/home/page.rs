use super::texts::HomeText;
use crate::catalog::pages::PricingSection;
use crate::i18n::{Msg, t};
use crate::ui::PageTitle;
use leptos::prelude::*;
use leptos_meta::Meta;

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

const FAQ: [(HomeText, HomeText); 5] = [
    (HomeText::FaqPayQ, HomeText::FaqPayA),
    (HomeText::FaqSpeedQ, HomeText::FaqSpeedA),
    (HomeText::FaqLocationQ, HomeText::FaqLocationA),
    (HomeText::FaqCycleQ, HomeText::FaqCycleA),
    (HomeText::FaqRootQ, HomeText::FaqRootA),
];

const PRIMARY_LINK: &str = "rounded-lg bg-sky-700 px-5 py-3 font-semibold text-white hover:bg-sky-800";
const SECONDARY_LINK: &str = "rounded-lg border border-slate-300 px-5 py-3 font-semibold hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PageTitle text=Msg::HomeTitle />
        <OpenGraph />
        <section class="grid items-center gap-8 py-8 sm:py-12 md:grid-cols-2">
            <div>
                <h1 class="text-4xl font-black tracking-tight sm:text-5xl">{t(Msg::HeroTitle)}</h1>
                <p class="mt-4 max-w-xl text-lg text-slate-600 dark:text-slate-300">{t(Msg::HeroBody)}</p>
                <p class="mt-6 flex flex-wrap gap-3">
                    <a href="/plans" class=PRIMARY_LINK data-testid="hero-plans">{t(HomeText::SeePlans)}</a>
                    <a href="/signup" class=SECONDARY_LINK>{t(HomeText::SignUpFree)}</a>
                </p>
            </div>
            // The largest thing painted first: fetched before anything else the page names.
            <img src="/hero.svg" alt=t(HomeText::HeroImageAlt) width="480" height="320" fetchpriority="high" class="mx-auto w-full max-w-md" />
        </section>
        <section id="keunggulan" class="py-8" aria-labelledby="judul-keunggulan">
            <h2 id="judul-keunggulan" class="text-center text-2xl font-bold">{t(Msg::FeaturesHeading)}</h2>
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
        <PricingSection />
        <section id="faq" class="mx-auto max-w-3xl py-8" aria-labelledby="judul-faq">
            <h2 id="judul-faq" class="text-center text-2xl font-bold">{t(HomeText::FaqHeading)}</h2>
            <div class="mt-6 divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
                {FAQ.into_iter().map(|(question, answer)| view! {
                    <details class="group p-4">
                        <summary class="cursor-pointer font-semibold">{t(question)}</summary>
                        <p class="mt-2 text-slate-600 dark:text-slate-300">{t(answer)}</p>
                    </details>
                }).collect_view()}
            </div>
        </section>
        <section class="my-8 rounded-2xl bg-sky-700 px-6 py-10 text-center text-white" aria-labelledby="judul-cta">
            <h2 id="judul-cta" class="text-2xl font-bold">{t(HomeText::CtaHeading)}</h2>
            <p class="mt-2 text-sky-100">{t(HomeText::CtaBody)}</p>
            <p class="mt-6 flex flex-wrap justify-center gap-3">
                <a href="/signup" class="rounded-lg bg-white px-5 py-3 font-semibold text-sky-700 hover:bg-sky-50">{t(HomeText::SignUpFree)}</a>
                <a href="/plans" class="rounded-lg border border-white px-5 py-3 font-semibold hover:bg-sky-800">{t(HomeText::SeePlans)}</a>
            </p>
        </section>
        <section id="kontak" class="py-8 text-center" aria-labelledby="judul-kontak">
            <h2 id="judul-kontak" class="text-2xl font-bold">{t(Msg::ContactHeading)}</h2>
            <p class="mt-2 text-slate-600 dark:text-slate-400">{t(Msg::ContactBody)}</p>
        </section>
    }
}

/// Open Graph and Twitter card tags, so a shared link shows a title, text and picture.
/// Crawlers read them from the server-rendered page and need absolute addresses.
#[component]
fn OpenGraph() -> impl IntoView {
    let origin = site_origin();
    view! {
        <Meta property="og:url" content=format!("{origin}/") />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="WeBrana Cloud" />
        <Meta property="og:title" content=t(Msg::HomeTitle) />
        <Meta property="og:description" content=t(Msg::HomeDescription) />
        <Meta property="og:image" content=format!("{origin}/og-image.png") />
        <Meta property="og:image:width" content="1200" />
        <Meta property="og:image:height" content="630" />
        <Meta name="twitter:card" content="summary_large_image" />
    }
}

/// The site's public origin: configured on the server (`WEBRANA_PUBLIC_URL`), the page's own
/// in the browser (the same address when the configuration is right).
fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    let origin = use_context::<crate::state::AppState>().map(|state| state.settings.public_url.clone());
    #[cfg(not(feature = "ssr"))]
    let origin = web_sys_origin();
    origin.unwrap_or_default().trim_end_matches('/').to_string()
}

#[cfg(not(feature = "ssr"))]
fn web_sys_origin() -> Option<String> {
    leptos::prelude::window().location().origin().ok()
}
