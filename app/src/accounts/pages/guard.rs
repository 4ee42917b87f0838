use super::use_auth;
use crate::accounts::{Role, User};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The sign-in page that comes back to the current page.
pub fn return_after_sign_in() -> String {
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    let here = match search.is_empty() {
        true => location.pathname.get_untracked(),
        false => format!("{}?{search}", location.pathname.get_untracked()),
    };
    crate::accounts::page_guard::login_then(&here)
}

/// Shows `children` to a signed-in user (with `role`, if given; admins pass every role)
/// and sends anyone else to the sign-in page, which returns here. On a first page load the
/// server's page guard (`page_guard.rs`) has answered with a redirect already; this covers
/// navigation inside the app. It only decides what the page shows: every server function
/// the page calls checks authorization again on its own.
///
/// `children` runs inside a `Suspend`, which server rendering runs more than once: a
/// resource created there is loaded again each time, and hydration reads the first copy
/// while the HTML shows the last (`shell::hydration_check` reports it). So a page creates
/// its resources before this guard and hands them to its children.
#[component]
pub fn RequireUser<V: IntoView + 'static>(
    #[prop(optional)] role: Option<Role>,
    children: impl Fn(User) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let user = use_auth().user;
    // The page is built under this component's owner: once the suspense below has had to
    // wait for the user, the reactive context can be gone (leptos-rs/leptos#3024), and the
    // page's resources need it to reach the server state during server rendering.
    let owner = Owner::current().expect("components run under an owner");
    view! {
        <Transition fallback=|| ()>
            {
                let children = children.clone();
                move || {
                    let (children, owner) = (children.clone(), owner.clone());
                    Suspend::new(async move {
                        match user.await {
                            Ok(Some(user)) if role.is_none_or(|role| user.role == role || user.role == Role::Admin) => {
                                owner.with(|| children(user).into_any())
                            }
                            Ok(Some(_)) => Err::<(), _>(AppError::Forbidden).into_any(),
                            Ok(None) => view! { <Redirect path=return_after_sign_in() /> }.into_any(),
                            Err(error) => Err::<(), _>(error).into_any(),
                        }
                    })
                }
            }
        </Transition>
    }
}
