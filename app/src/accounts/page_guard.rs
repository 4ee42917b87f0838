//! Which pages need a signed-in user, and the request guard that sends everyone else to
//! sign in before any page is rendered.
//!
//! The page components check too (for navigation inside the hydrated app), but during
//! server rendering a component can only *ask* for a redirect while the page's own
//! resources set the status (401 from a server function that refuses): the answer raced
//! between 200, 401 and 302. Deciding here, before rendering, gives one answer every time:
//! `303 See Other` to `/login?next=…`, and the sign-in form returns there.

/// Who may open a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAccess {
    Public,
    SignedIn,
    /// Support and admins, signed in with the second factor in this session.
    Staff,
}

/// First path segments of the pages for signed-in users (every page below them too).
const SIGNED_IN_AREAS: &[&str] = &[
    "account",
    "dashboard",
    "invoices",
    "notifications",
    "orders",
    "pay",
    "services",
    "settings",
    "wallet",
];

/// The access a page path needs. Server functions (`/api/…`) and other endpoints check
/// on their own; this is about pages.
pub fn page_access(path: &str) -> PageAccess {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    if first == "admin" {
        PageAccess::Staff
    } else if SIGNED_IN_AREAS.contains(&first) {
        PageAccess::SignedIn
    } else {
        PageAccess::Public
    }
}

/// The sign-in page that returns to `path_and_query` afterwards.
pub fn login_then(path_and_query: &str) -> String {
    super::pages::with_next("/login", crate::url::safe_next(path_and_query, "/"))
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{PageAccess, login_then, page_access};
    use crate::accounts::account_memo::AccountMemo;
    use crate::accounts::auth::ssr::session_user;
    use crate::state::AppState;
    use axum::extract::{Request, State};
    use axum::http::{Method, StatusCode};
    use axum::middleware::Next;
    use axum::response::{IntoResponse, Redirect, Response};
    use tower_sessions::Session;

    /// The guard: page requests (GET and HEAD) to a signed-in or staff area are answered
    /// `303` to the sign-in page unless the session may open them. A signed-in customer on a
    /// staff page gets the page's "not allowed" message, with status 403 set here (the
    /// status the page sets itself could lose a race with the response head).
    pub async fn guard_pages(
        State(state): State<AppState>,
        session: Session,
        request: Request,
        next: Next,
    ) -> Response {
        let path = request.uri().path();
        let access = page_access(path);
        if access == PageAccess::Public || !matches!(*request.method(), Method::GET | Method::HEAD) {
            return next.run(request).await;
        }
        let here = request
            .uri()
            .path_and_query()
            .map_or(path, |whole| whole.as_str())
            .to_string();
        let memo = request.extensions().get::<AccountMemo>().cloned();
        let user = match session_user(&state, &session, memo.as_ref()).await {
            Ok(user) => user,
            Err(error) => {
                tracing::error!(%error, "could not read the session for a guarded page");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        let Some(user) = user else {
            return Redirect::to(&login_then(&here)).into_response();
        };
        if access == PageAccess::Staff && !user.has_staff_role() {
            let mut response = next.run(request).await;
            *response.status_mut() = StatusCode::FORBIDDEN;
            return response;
        }
        if access == PageAccess::Staff && !user.second_factor_passed {
            // Staff without 2FA turn it on first; with 2FA on, this session signed in
            // without it (before it was turned on): sign in again, with the code.
            let to = if user.two_factor_enabled {
                login_then(&here)
            } else {
                "/account/security?required=1".to_string()
            };
            return Redirect::to(&to).into_response();
        }
        next.run(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::{PageAccess, login_then, page_access};

    #[test]
    fn areas_are_decided_by_the_first_segment() {
        assert_eq!(page_access("/"), PageAccess::Public);
        assert_eq!(page_access("/plans"), PageAccess::Public);
        assert_eq!(page_access("/order"), PageAccess::Public);
        assert_eq!(page_access("/login/2fa"), PageAccess::Public);
        assert_eq!(page_access("/dashboard"), PageAccess::SignedIn);
        assert_eq!(page_access("/services/abc"), PageAccess::SignedIn);
        assert_eq!(page_access("/settings/notifications"), PageAccess::SignedIn);
        assert_eq!(page_access("/admin"), PageAccess::Staff);
        assert_eq!(page_access("/admin/users/1"), PageAccess::Staff);
        assert_eq!(page_access("/administrator"), PageAccess::Public);
        assert_eq!(page_access("/ordersx"), PageAccess::Public);
    }

    #[test]
    fn login_returns_to_the_page_and_only_to_this_site() {
        assert_eq!(
            login_then("/admin/users?q=a b"),
            "/login?next=%2Fadmin%2Fusers%3Fq%3Da%20b"
        );
        assert_eq!(login_then("//evil.example"), "/login?next=%2F");
    }
}
