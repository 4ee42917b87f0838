//! Shared UI pieces every capability builds its pages from (forms, titles, error pages,
//! polling). Nothing here depends on a feature: the site layout that combines them is in
//! `shell/`.

mod badge;
mod chart;
mod copy;
mod countdown;
mod error_page;
pub mod form;
mod form_texts;
mod logo;
mod page_title;
mod poll;

pub use crate::error::set_http_status;
pub use badge::Tone;
pub use chart::{ChartScale, GridLines};
pub use copy::CopyButton;
pub use countdown::{Countdown, clock_text};
pub use error_page::{ErrorPage, NotFound};
pub use form::{
    Field, FieldError, FormStatus, SubmitButton, action_error, action_notice, action_succeeded, notice_when,
};
pub use form_texts::FormText;
pub use logo::Logo;
pub use page_title::PageTitle;
pub use poll::{RefreshWithoutScript, poll_while};

/// "2026-11-23 14:05" from an RFC 3339 UTC time (pages label it as UTC).
pub fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}
