//! `/account/api-keys`: personal API keys — create one with its access per area and an
//! optional expiry (shown once), see when and from where each was last used, revoke.

use super::RequireUser;
use crate::accounts::api_keys::{API_DOCS_PATH, ApiKeyView, CreateApiKey, RevokeApiKey, list_api_keys};
use crate::accounts::scopes::Area;
use crate::accounts::texts::AuthText;
use crate::i18n::t;
use crate::ui::{Field, FieldError, FormStatus, PageTitle, SubmitButton, action_error, short_time};
use leptos::prelude::*;

const SELECT_CLASS: &str = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 \
                            dark:border-slate-700 dark:bg-slate-900";

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    // Created here, before the guard: see `RequireUser`.
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    view! {
        <PageTitle text=AuthText::ApiKeys />
        <RequireUser children=move |_| view! { <ApiKeys create revoke keys /> } />
    }
}

fn area_label(area: Area) -> AuthText {
    match area {
        Area::Catalog => AuthText::ApiAreaCatalog,
        Area::Orders => AuthText::ApiAreaOrders,
        Area::Billing => AuthText::ApiAreaBilling,
        Area::Services => AuthText::ApiAreaServices,
        Area::Notifications => AuthText::ApiAreaNotifications,
    }
}

#[component]
fn ApiKeys(
    create: ServerAction<CreateApiKey>,
    revoke: ServerAction<RevokeApiKey>,
    keys: Resource<Result<Vec<ApiKeyView>, crate::error::AppError>>,
) -> impl IntoView {
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <section class="mx-auto max-w-3xl space-y-6">
            <div>
                <h1 class="text-2xl font-bold">{t(AuthText::ApiKeys)}</h1>
                <p class="mt-1 text-slate-600 dark:text-slate-400">
                    {t(AuthText::ApiKeysIntro)} " "
                    <a href=API_DOCS_PATH rel="external" class="text-sky-700 underline dark:text-sky-400">{t(AuthText::ApiDocsLink)}</a>
                </p>
            </div>
            <ActionForm action=create attr:class="space-y-4 rounded-xl border border-slate-200 p-4 dark:border-slate-800">
                <Field label=AuthText::ApiKeyName name="name" required=true error=action_error(create) />
                <fieldset>
                    <legend class="text-sm font-medium">{t(AuthText::ApiKeyAccess)}</legend>
                    <div class="mt-1 grid gap-3 sm:grid-cols-2">
                        {Area::ALL.into_iter().map(|area| view! {
                            <label class="block text-sm">
                                {t(area_label(area))}
                                <select name=area.code() class=SELECT_CLASS data-testid=format!("scope-{}", area.code())>
                                    <option value="">{t(AuthText::ApiAccessNone)}</option>
                                    <option value="read">{t(AuthText::ApiAccessRead)}</option>
                                    {area.writable().then(|| view! { <option value="write">{t(AuthText::ApiAccessWrite)}</option> })}
                                </select>
                            </label>
                        }).collect_view()}
                    </div>
                    <FieldError name="scopes" error=action_error(create) />
                </fieldset>
                <label class="block text-sm font-medium">
                    {t(AuthText::ApiKeyExpiry)}
                    <select name="expires_days" class=SELECT_CLASS>
                        <option value="">{t(AuthText::ApiKeyNoExpiry)}</option>
                        <option value="30">{t(AuthText::ApiKeyDays30)}</option>
                        <option value="90" selected>{t(AuthText::ApiKeyDays90)}</option>
                        <option value="365">{t(AuthText::ApiKeyDays365)}</option>
                    </select>
                </label>
                <SubmitButton label=AuthText::ApiKeyCreate />
            </ActionForm>
            <FormStatus error=action_error(create) />
            {move || created().map(|key| view! {
                <div class="rounded-lg border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950" role="status">
                    <p class="text-sm">{t(AuthText::ApiKeyShownOnce)}</p>
                    <code data-testid="new-api-key" class="mt-1 block break-all font-mono">{key}</code>
                </div>
            })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    keys.await.map(|keys| view! {
                        <ul class="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800" data-testid="api-keys">
                            {keys.into_iter().map(|key| view! {
                                <li class="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="api-key">
                                    <div>
                                        <p class="font-semibold">
                                            {key.name}
                                            {key.expired.then(|| view! { <span class="ml-2 rounded bg-rose-100 px-1.5 text-xs text-rose-800 dark:bg-rose-950 dark:text-rose-300">{t(AuthText::ApiKeyExpired)}</span> })}
                                        </p>
                                        <p class="text-xs" data-testid="api-key-scopes">
                                            {key.scopes.into_iter().map(|scope| view! { <code class="mr-1 rounded bg-slate-100 px-1 dark:bg-slate-800">{scope}</code> }).collect_view()}
                                        </p>
                                        <p class="text-xs text-slate-600 dark:text-slate-400">
                                            <code>{format!("{}…", key.prefix)}</code>
                                            {format!(" · {} UTC", short_time(&key.created_at))}
                                            {key.expires_at.map(|at| format!(" · {} {} UTC", t(AuthText::ApiKeyExpires)(), short_time(&at)))}
                                            {key.last_used_at.map(|at| format!(" · {} {} UTC", t(AuthText::ApiKeyLastUsed)(), short_time(&at)))}
                                            {key.last_used_ip.map(|ip| format!(" {} {ip}", t(AuthText::ApiKeyFrom)()))}
                                        </p>
                                    </div>
                                    <ActionForm action=revoke>
                                        <input type="hidden" name="id" value=key.id />
                                        <button type="submit" class="rounded px-2 py-1 text-sm text-rose-700 hover:bg-rose-50 dark:text-rose-400 dark:hover:bg-rose-950">
                                            {t(AuthText::ApiKeyRevoke)}
                                        </button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any())
                })}
            </Transition>
        </section>
    }
}
