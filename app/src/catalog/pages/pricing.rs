use super::PlanCardView;
use crate::catalog::{CatalogText, featured_plans};
use crate::i18n::t;
use leptos::prelude::*;

/// The landing page's pricing section, fed from the catalog.
#[component]
pub fn PricingSection() -> impl IntoView {
    let plans = Resource::new(|| (), |_| featured_plans());
    view! {
        <section id="harga" class="py-10" aria-labelledby="judul-harga">
            <h2 id="judul-harga" class="text-center text-3xl font-bold">{t(CatalogText::PricingHeading)}</h2>
            <p class="mx-auto mt-3 max-w-2xl text-center text-slate-600 dark:text-slate-300">{t(CatalogText::PricingLead)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    plans.await.map(|plans| view! {
                        <div class="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4" data-testid="pricing">
                            {plans.into_iter().map(|card| view! { <PlanCardView card /> }).collect_view()}
                        </div>
                    })
                })}
            </Suspense>
            <p class="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">{t(CatalogText::PricesExcludeVat)}</p>
            <p class="mt-2 text-center">
                <a href="/plans" class="link">{t(CatalogText::SeeAllPlans)}</a>
            </p>
        </section>
    }
}
