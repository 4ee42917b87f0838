use super::parts::PriceBreakdown;
use crate::accounts::pages::{use_auth, with_next};
use crate::catalog::{BillingCycle, Catalog, order_catalog};
use crate::error::AppError;
use crate::i18n::{t, use_lang};
use crate::orders::OrderText;
use crate::orders::checkout::{PlaceOrder, new_checkout_key, quote_order};
use crate::orders::pricing::Quote;
use crate::orders::texts::cycle_text;
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use crate::ui::{FormStatus, FormText, action_error};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/order?plan=&region=&image=&hostname=&cycle=&promo=`: one page. With JavaScript every
/// choice updates the page and the server-priced summary at once; without it the choices
/// are a GET form ("update summary") and the page renders the same from the URL.
#[component]
pub fn OrderWizardPage() -> impl IntoView {
    let catalog = Resource::new(|| (), |_| order_catalog());
    let key = Resource::new(|| (), |_| new_checkout_key());
    let place = ServerAction::<PlaceOrder>::new();
    // Made here, not inside the suspense below: its children run more than once while the
    // server renders, and each run would make (and fetch) a quote of its own.
    let choices = Choices::from_url();
    let quote = Resource::new(
        move || choices.picked(),
        move |picked| async move {
            // Priced as the wizard shows the choices: repaired against the catalog.
            let picked = picked.repaired(&catalog.await?);
            if picked.plan.is_empty() || picked.region.is_empty() || picked.image.is_empty() {
                return Ok(None);
            }
            quote_order(
                picked.plan,
                picked.region,
                picked.image,
                picked.cycle,
                picked.promo,
            )
            .await
            .map(Some)
        },
    );
    view! {
        <PageTitle text=OrderText::WizardTitle />
        <h1 class="text-3xl font-bold">{t(OrderText::WizardTitle)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let catalog = catalog.await?;
                let key = key.await?;
                choices.repair_quietly(&catalog);
                Ok::<_, AppError>(view! { <Wizard catalog choices quote checkout_key=key place /> })
            })}
        </Suspense>
    }
}

/// The customer's choices, as signals (first values from the URL).
#[derive(Clone, Copy)]
struct Choices {
    provider: RwSignal<String>,
    plan: RwSignal<String>,
    region: RwSignal<String>,
    image: RwSignal<String>,
    hostname: RwSignal<String>,
    cycle: RwSignal<String>,
    promo: RwSignal<String>,
}

impl Choices {
    /// The wizard's address with these choices, to come back to after signing in or up.
    fn url(&self) -> String {
        let fields = [
            ("plan", self.plan),
            ("region", self.region),
            ("image", self.image),
            ("hostname", self.hostname),
            ("cycle", self.cycle),
            ("promo", self.promo),
        ];
        let query: Vec<String> = fields
            .into_iter()
            .map(|(name, value)| format!("{name}={}", crate::url::percent_encode(&value.get())))
            .collect();
        format!("/order?{}", query.join("&"))
    }

    fn from_url() -> Choices {
        let query = use_query_map().get_untracked();
        let get = |name: &str| RwSignal::new(query.get(name).unwrap_or_default());
        Choices {
            provider: get("provider"),
            plan: get("plan"),
            region: get("region"),
            image: get("image"),
            hostname: get("hostname"),
            cycle: get("cycle"),
            promo: get("promo"),
        }
    }

    /// What the price depends on, as chosen now.
    fn picked(&self) -> Picked {
        Picked {
            provider: self.provider.get(),
            plan: self.plan.get(),
            region: self.region.get(),
            image: self.image.get(),
            cycle: self.cycle.get(),
            promo: self.promo.get(),
        }
    }

    /// Keeps the later steps consistent with an earlier choice (see [`Picked::repaired`]).
    fn repair(&self, catalog: &Catalog) {
        for (signal, value) in self.repairs(catalog) {
            signal.set(value);
        }
    }

    /// Repairs the choices from the URL once the catalog is known, without telling the
    /// quote: it prices the URL's choices repaired the same way, so a second fetch would
    /// only say the same again (and count twice against the promo-code limit).
    fn repair_quietly(&self, catalog: &Catalog) {
        for (signal, value) in self.repairs(catalog) {
            signal.update_untracked(|now| *now = value);
        }
    }

    fn repairs(&self, catalog: &Catalog) -> Vec<(RwSignal<String>, String)> {
        let repaired = self.picked_untracked().repaired(catalog);
        [
            (self.provider, repaired.provider),
            (self.plan, repaired.plan),
            (self.region, repaired.region),
            (self.image, repaired.image),
            (self.cycle, repaired.cycle),
        ]
        .into_iter()
        .filter(|(signal, value)| signal.with_untracked(|now| now != value))
        .collect()
    }

    fn picked_untracked(&self) -> Picked {
        untrack(|| self.picked())
    }
}

/// The choices a price depends on, as plain values.
#[derive(Clone, Debug, PartialEq)]
struct Picked {
    provider: String,
    plan: String,
    region: String,
    image: String,
    cycle: String,
    promo: String,
}

impl Picked {
    /// Made consistent with the catalog: a plan link (from the pricing cards) implies its
    /// provider; another provider's plan is dropped; a region the plan is not offered in, or
    /// another provider's image, is replaced by the first valid one; no cycle means monthly.
    fn repaired(mut self, catalog: &Catalog) -> Picked {
        if self.provider.is_empty()
            && let Some(plan) = catalog.plan(&self.plan)
        {
            self.provider = plan.provider_slug.clone();
        }
        let plan = catalog
            .plan(&self.plan)
            .filter(|p| p.provider_slug == self.provider);
        match plan {
            None => {
                self.plan.clear();
                self.region.clear();
            }
            Some(plan) if !plan.available_in(&self.region) => {
                self.region = plan.region_ids.first().cloned().unwrap_or_default();
            }
            Some(_) => {}
        }
        if catalog
            .image(&self.image)
            .is_none_or(|i| i.provider_slug != self.provider)
        {
            self.image = catalog
                .images
                .iter()
                .find(|i| i.provider_slug == self.provider)
                .map(|i| i.id.clone())
                .unwrap_or_default();
        }
        if self.cycle.is_empty() {
            self.cycle = "1".into();
        }
        self
    }
}

#[component]
fn Wizard(
    catalog: Catalog,
    choices: Choices,
    quote: Resource<Result<Option<Quote>, AppError>>,
    checkout_key: String,
    place: ServerAction<PlaceOrder>,
) -> impl IntoView {
    let catalog = StoredValue::new(catalog);
    let place_error = action_error(place);
    // Field errors from placing the order. What the quote finds wrong (e.g. a promo code) is
    // shown in the summary: the quote is read only there (see `ui::poll` for why).
    let field_error = move |field: &'static str| {
        Signal::derive(move || match place_error.get() {
            Some(AppError::Validation(fields)) => fields.get(field).and_then(|key| FormText::from_key(key)),
            _ => None,
        })
    };
    let repair = move || catalog.with_value(|catalog| choices.repair(catalog));
    let on_select = move |signal: RwSignal<String>| {
        move |event: leptos::ev::Event| {
            signal.set(event_target_value(&event));
            repair();
        }
    };
    let providers = catalog.with_value(|c| c.providers.clone());
    let lang = use_lang();
    view! {
        <div class="mt-6 grid gap-8 lg:grid-cols-3">
            <form method="get" action="/order" class="space-y-5 lg:col-span-2" data-testid="order-wizard">
                <Step label=OrderText::StepProvider field="provider" error=field_error("provider")>
                    <select id="provider" name="provider" class=INPUT_CLASS on:change=on_select(choices.provider) data-testid="choose-provider">
                        <option value="">{t(OrderText::Choose)}</option>
                        {providers.into_iter().map(|provider| {
                            let slug = provider.slug.clone();
                            view! { <option value=provider.slug selected=move || choices.provider.get() == slug>{provider.name}</option> }
                        }).collect_view()}
                    </select>
                </Step>
                <Step label=OrderText::StepPlan field="plan" error=field_error("plan")>
                    <select id="plan" name="plan" class=INPUT_CLASS on:change=on_select(choices.plan) data-testid="choose-plan">
                        <option value="">{t(OrderText::Choose)}</option>
                        {move || catalog.with_value(|c| c.plans.iter().filter(|p| p.provider_slug == choices.provider.get()).cloned().collect::<Vec<_>>())
                            .into_iter()
                            .map(|plan| {
                                let id = plan.id.clone();
                                let label = format!("{} · {} · {}{}", plan.name, plan.memory_label(), crate::money::format_idr(plan.monthly_price), crate::catalog::CatalogText::PerMonth.text(lang.get()));
                                view! { <option value=plan.id selected=move || choices.plan.get() == id>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                </Step>
                <Step label=OrderText::StepRegion field="region" error=field_error("region")>
                    <select id="region" name="region" class=INPUT_CLASS on:change=on_select(choices.region) data-testid="choose-region">
                        <option value="">{t(OrderText::Choose)}</option>
                        {move || catalog.with_value(|c| {
                            let plan = c.plan(&choices.plan.get()).cloned();
                            c.regions.iter().filter(|r| plan.as_ref().is_some_and(|p| p.available_in(&r.id))).cloned().collect::<Vec<_>>()
                        })
                            .into_iter()
                            .map(|region| {
                                let id = region.id.clone();
                                view! { <option value=region.id.clone() selected=move || choices.region.get() == id>{region.label()}</option> }
                            })
                            .collect_view()}
                    </select>
                </Step>
                <Step label=OrderText::StepImage field="image" error=field_error("image")>
                    <select id="image" name="image" class=INPUT_CLASS on:change=on_select(choices.image) data-testid="choose-image">
                        {move || catalog.with_value(|c| c.images.iter().filter(|i| i.provider_slug == choices.provider.get()).cloned().collect::<Vec<_>>())
                            .into_iter()
                            .map(|image| {
                                let id = image.id.clone();
                                view! { <option value=image.id.clone() selected=move || choices.image.get() == id>{image.label()}</option> }
                            })
                            .collect_view()}
                    </select>
                </Step>
                <Step label=OrderText::StepHostname field="hostname" error=field_error("hostname")>
                    <input id="hostname" name="hostname" type="text" class=INPUT_CLASS maxlength="63" autocomplete="off" spellcheck="false"
                        prop:value=move || choices.hostname.get()
                        on:input=move |event| choices.hostname.set(event_target_value(&event))
                        aria-describedby="hostname-hint" data-testid="hostname" />
                    <p id="hostname-hint" class="mt-1 text-xs text-slate-600 dark:text-slate-400">{t(OrderText::HostnameHint)}</p>
                </Step>
                <fieldset>
                    <legend class="text-sm font-semibold">{t(OrderText::StepCycle)}</legend>
                    <div class="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
                        {BillingCycle::ALL.into_iter().map(|cycle| {
                            let months = cycle.months().to_string();
                            let value = months.clone();
                            let discount = move || catalog.with_value(|c| c.plan(&choices.plan.get()).map(|p| p.discount_percent(cycle)).unwrap_or(0));
                            view! {
                                <label class="flex cursor-pointer flex-col rounded-lg border border-slate-300 p-3 text-sm has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 dark:border-slate-700 dark:has-[:checked]:bg-sky-950">
                                    <span>
                                        <input type="radio" name="cycle" value=months.clone() class="mr-2"
                                            checked=move || choices.cycle.get() == value
                                            on:change=move |_| choices.cycle.set(months.clone())
                                            data-testid=format!("cycle-{}", cycle.months()) />
                                        {t(cycle_text(cycle.months()))}
                                    </span>
                                    <span class="text-xs text-emerald-700 dark:text-emerald-400">
                                        {move || (discount() > 0).then(|| format!("-{}%", discount()))}
                                    </span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <Step label=OrderText::StepPromo field="promo" error=field_error("promo")>
                    <input id="promo" name="promo" type="text" class=INPUT_CLASS autocomplete="off" maxlength="40"
                        prop:value=move || choices.promo.get()
                        on:change=move |event| choices.promo.set(event_target_value(&event))
                        data-testid="promo" />
                </Step>
                <button type="submit" class="rounded-lg border border-slate-300 px-4 py-2 font-semibold hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" data-testid="update-summary">
                    {t(OrderText::UpdateSummary)}
                </button>
            </form>
            <aside class="h-fit space-y-4 rounded-xl border border-slate-200 p-5 dark:border-slate-800" aria-labelledby="judul-ringkasan">
                <h2 id="judul-ringkasan" class="text-lg font-bold">{t(OrderText::Summary)}</h2>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match quote.await {
                            Ok(Some(quote)) => view! { <PriceBreakdown quote /> }.into_any(),
                            Ok(None) => view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="summary-empty">{t(OrderText::ChooseToSeePrice)}</p> }.into_any(),
                            Err(error) => view! { <QuoteProblems error /> }.into_any(),
                        }
                    })}
                </Transition>
                <Confirm choices checkout_key place />
            </aside>
        </div>
    }
}

/// Why there is no price for these choices: each field's message, or the general one.
#[component]
fn QuoteProblems(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let mut messages: Vec<FormText> = match &error {
        AppError::Validation(fields) => fields
            .values()
            .filter_map(|key| FormText::from_key(key))
            .collect(),
        _ => Vec::new(),
    };
    if messages.is_empty() {
        messages.push(crate::ui::form::error_text(&error));
    }
    view! {
        <div class="space-y-1 text-sm text-red-600 dark:text-red-400" role="alert" data-testid="quote-problems">
            {messages.into_iter().map(|text| view! { <p>{move || text.text(lang.get())}</p> }).collect_view()}
        </div>
    }
}

/// One labelled step with its error message.
#[component]
fn Step(
    label: OrderText,
    /// The id of the step's control, which the label names.
    field: &'static str,
    #[prop(into)] error: Signal<Option<FormText>>,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div>
            <label for=field class="block text-sm font-semibold">{t(label)}</label>
            {children()}
            <p class="mt-1 text-sm text-red-600 dark:text-red-400" role="alert">{move || error.get().map(|e| e.text(lang.get()))}</p>
        </div>
    }
}

/// The confirm button, posting the choices (hidden copies) with the checkout key. Visitors
/// are asked to sign in, unverified customers to confirm their e-mail first.
#[component]
fn Confirm(choices: Choices, checkout_key: String, place: ServerAction<PlaceOrder>) -> impl IntoView {
    let user = use_auth().user;
    let hidden = move |name: &'static str, signal: RwSignal<String>| {
        view! { <input type="hidden" name=name prop:value=move || signal.get() value=signal.get_untracked() /> }
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                let checkout_key = checkout_key.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) if user.email_verified => view! {
                            <ActionForm action=place attr:data-testid="confirm-form">
                                {hidden("plan", choices.plan)}
                                {hidden("region", choices.region)}
                                {hidden("image", choices.image)}
                                {hidden("hostname", choices.hostname)}
                                {hidden("cycle", choices.cycle)}
                                {hidden("promo", choices.promo)}
                                <input type="hidden" name="checkout" value=checkout_key />
                                <FormStatus error=action_error(place) />
                                <button type="submit" class="mt-2 w-full rounded-lg bg-sky-700 px-4 py-3 font-semibold text-white hover:bg-sky-800" data-testid="confirm-order">
                                    {t(OrderText::Confirm)}
                                </button>
                            </ActionForm>
                        }.into_any(),
                        Ok(Some(_)) => view! { <p class="text-sm text-amber-800 dark:text-amber-300" data-testid="verify-to-order">{t(OrderText::VerifyToOrder)}</p> }.into_any(),
                        _ => view! {
                            <a href=move || with_next("/signup", &choices.url()) class="block rounded-lg bg-sky-700 px-4 py-3 text-center font-semibold text-white hover:bg-sky-800" data-testid="sign-in-to-order">
                                {t(OrderText::SignInToOrder)}
                            </a>
                            <p class="mt-2 text-center text-sm">
                                <a href=move || with_next("/login", &choices.url()) class="link" data-testid="login-to-order">{t(OrderText::HaveAccountSignIn)}</a>
                            </p>
                        }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
