//! Shared UI pieces: the site layout and the pages every route can end on.

mod error_page;
pub mod form;
mod form_texts;
mod layout;
mod logo;
mod page_title;
mod poll;

pub use error_page::{ErrorPage, NotFound};
pub use form::{Field, FormStatus, SubmitButton, action_error, action_notice, action_succeeded, notice_when};
pub use form_texts::FormText;
pub use layout::SiteLayout;
pub use logo::Logo;
pub use page_title::PageTitle;
pub use poll::{RefreshWithoutScript, poll_while};

/// "2026-11-23 14:05" from an RFC 3339 UTC time (pages label it as UTC).
pub fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}

/// Sets the HTTP status of the page being rendered on the server; a no-op in the browser.
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
