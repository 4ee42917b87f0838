//! Form building blocks shared by every page: labelled fields whose error text is tied to
//! the input (`aria-describedby`, `aria-invalid`), a form-level alert and a submit button.
//! Forms are `ActionForm`s, so they post without JavaScript and update in place with it.

use super::form_texts::FormText;
use crate::error::AppError;
use crate::i18n::{Text, t, use_lang};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

pub const INPUT_CLASS: &str = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 \
     aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900";

/// The form-level message for an error.
pub fn error_text(error: &AppError) -> FormText {
    match error {
        // A problem with the form as a whole (no field to mark) says what it is.
        AppError::Validation(_) => {
            field_error(Some(error.clone()), WHOLE_FORM).unwrap_or(FormText::FixFields)
        }
        AppError::InvalidCredentials => FormText::WrongCredentials,
        AppError::AccountLocked => FormText::AccountLocked,
        AppError::AccountSuspended => FormText::AccountSuspended,
        AppError::RateLimited => FormText::RateLimited,
        AppError::Unauthorized => FormText::SignInRequired,
        AppError::Forbidden => FormText::NotAllowed,
        AppError::EmailNotVerified => FormText::EmailNotVerified,
        AppError::TwoFactorRequired => FormText::TwoFactorRequired,
        AppError::NotFound => FormText::NotFound,
        AppError::Conflict(_) => FormText::Conflict,
        AppError::Internal { .. } | AppError::Transport => FormText::Failed,
    }
}

/// The last error of a server action, if its last run failed.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// Whether the last run of a server action succeeded.
pub fn action_succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// `text` while `shown` holds: the confirmation a [`FormStatus`] shows (`success`).
pub fn notice_when<M: Text>(shown: impl Into<Signal<bool>>, text: M) -> Signal<Option<&'static str>> {
    let lang = use_lang();
    let shown = shown.into();
    Signal::derive(move || shown.get().then(|| text.text(lang.get())))
}

/// `text` once the last run of `action` has succeeded, so a saved form says so instead of
/// looking the same as before.
pub fn action_notice<S, M: Text>(action: ServerAction<S>, text: M) -> Signal<Option<&'static str>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    notice_when(action_succeeded(action), text)
}

/// The error message for one field, from a validation error.
/// The "field" name of a validation error about the whole form, shown by `FormStatus`.
pub const WHOLE_FORM: &str = "form";

fn field_error(error: Option<AppError>, field: &str) -> Option<FormText> {
    match error {
        Some(AppError::Validation(fields)) => fields.get(field).and_then(|key| FormText::from_key(key)),
        _ => None,
    }
}

/// A labelled input. Its error (from `error`) is rendered below it and announced with it.
#[component]
pub fn Field<L: Text>(
    label: L,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// The element id when two forms on a page share a field name (default: `name`).
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or(name);
    let lang = use_lang();
    let message = move || field_error(error.get(), name).map(|msg| msg.text(lang.get()));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div>
            <label for=id class="block text-sm font-medium">{t(label)}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                value=value
                class=INPUT_CLASS
                aria-describedby=described_by
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
            />
            {hint.map(|hint| view! { <p id=hint_id class="mt-1 text-xs text-slate-600 dark:text-slate-400">{hint}</p> })}
            <FieldMessage id=error_id message=Signal::derive(message) />
        </div>
    }
}

/// The server's message for one field (`name`), for inputs that are not a [`Field`]: a
/// group of choices, a select.
#[component]
pub fn FieldError(name: &'static str, #[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let message = move || field_error(error.get(), name).map(|msg| msg.text(lang.get()));
    view! { <FieldMessage id=format!("{name}-error") message=Signal::derive(message) /> }
}

#[component]
fn FieldMessage(id: String, message: Signal<Option<&'static str>>) -> impl IntoView {
    view! { <p id=id class="mt-1 text-sm text-red-600 dark:text-red-400">{message}</p> }
}

/// The form-level error (announced to screen readers) or, after success, `success`.
#[component]
pub fn FormStatus(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional, into)] success: Option<Signal<Option<&'static str>>>,
) -> impl IntoView {
    let lang = use_lang();
    let text = move || {
        error
            .get()
            .map(|error| error_text(&error).text(lang.get()))
            .or_else(|| success.and_then(|success| success.get()))
    };
    let failed = move || error.get().is_some();
    view! {
        <p
            role="alert"
            data-testid="form-status"
            class=move || if failed() { "text-sm text-red-600 dark:text-red-400" } else { "text-sm text-emerald-700 dark:text-emerald-400" }
        >
            {text}
        </p>
    }
}

#[component]
pub fn SubmitButton<L: Text>(label: L) -> impl IntoView {
    view! {
        <button
            type="submit"
            class="w-full rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
            {t(label)}
        </button>
    }
}
