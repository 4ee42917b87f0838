//! `/account/api-keys`: personal API keys — create one (shown once), see when each was last
//! used, revoke.

use super::RequireUser;
use crate::accounts::api_keys::{CreateApiKey, RevokeApiKey, list_api_keys};
use crate::accounts::texts::AuthText;
use crate::i18n::t;
use crate::ui::{Field, FormStatus, PageTitle, SubmitButton, action_error, short_time};
use leptos::prelude::*;

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    view! {
        <PageTitle text=AuthText::ApiKeys />
        <RequireUser children=|_| view! { <ApiKeys /> } />
    }
}

#[component]
fn ApiKeys() -> impl IntoView {
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let keys = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    let created = move || create.value().get().and_then(Result::ok);
    view! {
        <section class="mx-auto max-w-3xl space-y-6">
            <div>
                <h1 class="text-2xl font-bold">{t(AuthText::ApiKeys)}</h1>
                <p class="mt-1 text-slate-600 dark:text-slate-400">{t(AuthText::ApiKeysIntro)}</p>
            </div>
            <ActionForm action=create attr:class="flex flex-wrap items-end gap-3">
                <Field label=AuthText::ApiKeyName name="name" required=true error=action_error(create) />
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
                                        <p class="font-semibold">{key.name}</p>
                                        <p class="text-xs text-slate-600 dark:text-slate-400">
                                            <code>{format!("{}…", key.prefix)}</code>
                                            {format!(" · {} UTC", short_time(&key.created_at))}
                                            {key.last_used_at.map(|at| format!(" · {} {} UTC", t(AuthText::ApiKeyLastUsed)(), short_time(&at)))}
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
