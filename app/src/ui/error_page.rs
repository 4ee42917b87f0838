//! The pages a visitor sees when a route does not exist or a page fails. Both set the HTTP
//! status during server rendering so crawlers and monitors see the truth.

use super::set_http_status;
use crate::error::AppError;
use crate::i18n::{Msg, t};
use crate::ui::PageTitle;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    set_http_status(404);
    view! { <Message code=404 title=Msg::NotFoundTitle body=Msg::NotFoundBody reference=None /> }
}

/// Fallback of the app's error boundary: picks the status from the first `AppError`.
#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let first = errors
        .get_untracked()
        .into_iter()
        .next()
        .map(|(_, error)| error.into_inner());
    let app_error = first
        .as_ref()
        .and_then(|error| error.downcast_ref::<AppError>())
        .cloned();
    let code = app_error.as_ref().map_or(500, AppError::status_code);
    set_http_status(code);
    if code == 404 {
        return view! { <NotFound /> }.into_any();
    }
    let reference = match app_error {
        Some(AppError::Internal { reference }) => Some(reference),
        _ => None,
    };
    view! { <Message code title=Msg::ErrorTitle body=Msg::ErrorBody reference /> }.into_any()
}

#[component]
fn Message(code: u16, title: Msg, body: Msg, reference: Option<String>) -> impl IntoView {
    view! {
        <PageTitle text=title />
        <section class="mx-auto max-w-xl py-16 text-center" data-testid="error-page">
            <p class="text-6xl font-black text-sky-600">{code}</p>
            <h1 class="mt-4 text-2xl font-bold">{t(title)}</h1>
            <p class="mt-2 text-slate-600 dark:text-slate-400">{t(body)}</p>
            {reference
                .map(|reference| {
                    view! {
                        <p class="mt-2 text-sm text-slate-600 dark:text-slate-400">
                            {t(Msg::ErrorReference)} ": " <code>{reference}</code>
                        </p>
                    }
                })}
            <a
                href="/"
                class="mt-8 inline-block rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800"
            >
                {t(Msg::BackHome)}
            </a>
        </section>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use leptos_axum::ResponseOptions;

    /// Renders a failing view inside the app's error boundary on the server and returns the
    /// HTML and the HTTP status it chose.
    fn render_failure(error: AppError) -> (String, Option<u16>) {
        let owner = Owner::new();
        owner.set();
        let response = ResponseOptions::default();
        provide_context(response.clone());
        leptos_meta::provide_meta_context();
        crate::preferences::provide_preferences();
        let html = view! {
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                {Err::<(), AppError>(error)}
            </ErrorBoundary>
        }
        .to_html();
        let status = response.0.read().unwrap().status.map(|s| s.as_u16());
        (html, status)
    }

    #[test]
    fn internal_errors_render_a_friendly_500_with_a_reference() {
        let (html, status) = render_failure(AppError::Internal {
            reference: "a1b2c3".into(),
        });
        assert_eq!(status, Some(500));
        assert!(html.contains("Terjadi kesalahan"), "{html}");
        assert!(
            html.contains("a1b2c3"),
            "the user can quote the reference: {html}"
        );
    }

    #[test]
    fn missing_resources_render_the_404_page() {
        let (html, status) = render_failure(AppError::NotFound);
        assert_eq!(status, Some(404));
        assert!(html.contains("Halaman tidak ditemukan"), "{html}");
    }

    #[test]
    fn client_errors_keep_their_status() {
        assert_eq!(render_failure(AppError::Forbidden).1, Some(403));
        assert_eq!(render_failure(AppError::Unauthorized).1, Some(401));
    }
}
