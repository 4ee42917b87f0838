//! The HTML document (`shell`, rendered on the server only) and the hydrated `App`.

#[cfg(feature = "hydrate")]
mod hydration_check;
pub mod installable;
mod layout;
mod lazy_pages;

use crate::home::HomePage;
use crate::i18n::Msg;
use crate::preferences::{Theme, initial_preferences, provide_preferences};
use crate::ui::{ErrorPage, NotFound};
use layout::SiteLayout;
use lazy_pages as lazy;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Title, provide_meta_context};
// Pages render with `SsrMode::Async`: the server sends complete HTML once the page's data
// (e.g. who is signed in) is loaded. Out-of-order streaming would need JavaScript to put
// late content in place, and every page must work without it.
use leptos_router::{
    Lazy, ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

/// Before first paint, resolve "follow the system" into the `dark` class and keep following
/// the OS while the page is open. Runs without the WASM bundle, so no flash of wrong theme.
const THEME_SCRIPT: &str = "(function(){var d=document.documentElement,m=window.matchMedia('(prefers-color-scheme: dark)');function a(){if(d.dataset.theme==='system'){d.classList.toggle('dark',m.matches)}}a();m.addEventListener('change',a)})()";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let (lang, theme) = initial_preferences();
    let class = (theme == Theme::Dark).then_some("dark");
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() data-theme=theme.code() class=class>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <meta name="theme-color" content=installable::THEME_COLOR />
                <script nonce=leptos::nonce::use_nonce()>{THEME_SCRIPT}</script>
                <script nonce=leptos::nonce::use_nonce()>{installable::register_script()}</script>
                <link rel="manifest" href=installable::MANIFEST_PATH />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <link rel="stylesheet" href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name) />
                <AutoReload options=options.clone() />
                // Hydration waits for the browser to be idle, and its JS and WASM are fetched
                // at low priority, so they never hold up the first paint (every page works
                // before it: forms post, links navigate).
                <HydrationScripts options defer=true />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let prefs = provide_preferences();
    // The error page is built under the app's owner: the boundary's fallback can run after a
    // suspense has waited, when the reactive context is gone (leptos-rs/leptos#3024), and the
    // page needs the app's contexts (language, response status) — without them a server
    // render panicked now and then (a customer opening a staff page).
    let owner = Owner::current().expect("the app runs under an owner");

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title formatter=|page: String| format!("{page} · WeBrana Cloud") />
        <Meta name="description" content=move || Msg::HomeDescription.text(prefs.lang.get()) />
        <Router>
            <AuthProvider>
            <SiteLayout>
                <ErrorBoundary fallback=move |errors| owner.with(|| view! { <ErrorPage errors /> })>
                    <Routes fallback=NotFound>
                        <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                        <Route path=StaticSegment("plans") view={Lazy::<lazy::Plans>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("order") view={Lazy::<lazy::OrderWizard>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("orders") view={Lazy::<lazy::MyOrders>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("orders"), ParamSegment("id")) view={Lazy::<lazy::OrderDetail>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("dashboard") view={Lazy::<lazy::Dashboard>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("services"), ParamSegment("id")) view={Lazy::<lazy::Service>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("invoices") view={Lazy::<lazy::MyInvoices>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("invoices"), ParamSegment("id")) view={Lazy::<lazy::Invoice>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("wallet") view={Lazy::<lazy::Wallet>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("wallet"), StaticSegment("top-up")) view={Lazy::<lazy::TopUp>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("pay"), ParamSegment("id")) view={Lazy::<lazy::Pay>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("notifications") view={Lazy::<lazy::Notifications>::new()} ssr=SsrMode::Async />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("notifications"))
                            view={Lazy::<lazy::NotificationSettings>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=StaticSegment("unsubscribe") view={Lazy::<lazy::Unsubscribe>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("login") view={Lazy::<lazy::Login>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("signup") view={Lazy::<lazy::Signup>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("verify-email") view={Lazy::<lazy::VerifyEmail>::new()} ssr=SsrMode::Async />
                        <Route
                            path=StaticSegment("forgot-password")
                            view={Lazy::<lazy::ForgotPassword>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=StaticSegment("reset-password")
                            view={Lazy::<lazy::ResetPassword>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=StaticSegment("account") view={Lazy::<lazy::Account>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("account"), StaticSegment("api-keys")) view={Lazy::<lazy::ApiKeys>::new()} ssr=SsrMode::Async />
                        <Route
                            path=(StaticSegment("account"), StaticSegment("security"))
                            view={Lazy::<lazy::Security>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=StaticSegment("admin") view={Lazy::<lazy::AdminOverview>::new()} ssr=SsrMode::Async />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("users"))
                            view={Lazy::<lazy::AdminUsers>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("users"), ParamSegment("id"))
                            view={Lazy::<lazy::AdminUserDetail>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=(StaticSegment("admin"), StaticSegment("api-keys")) view={Lazy::<lazy::AdminApiKeys>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("admin"), StaticSegment("orders")) view={Lazy::<lazy::AdminOrders>::new()} ssr=SsrMode::Async />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("orders"), ParamSegment("id"))
                            view={Lazy::<lazy::AdminOrderDetail>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=(StaticSegment("admin"), StaticSegment("catalog")) view={Lazy::<lazy::AdminCatalog>::new()} ssr=SsrMode::Async />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("catalog"), StaticSegment("plans"), ParamSegment("id"))
                            view={Lazy::<lazy::AdminPlanEditor>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=(StaticSegment("admin"), StaticSegment("promos")) view={Lazy::<lazy::AdminPromos>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("admin"), StaticSegment("notifications")) view={Lazy::<lazy::AdminAnnouncements>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("admin"), StaticSegment("payments")) view={Lazy::<lazy::AdminPayments>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("admin"), StaticSegment("provisioning")) view={Lazy::<lazy::AdminProvisioning>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("admin"), StaticSegment("services")) view={Lazy::<lazy::AdminServices>::new()} ssr=SsrMode::Async />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("services"), ParamSegment("id"))
                            view={Lazy::<lazy::AdminServiceDetail>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("audit"))
                            view={Lazy::<lazy::AdminAudit>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(StaticSegment("login"), StaticSegment("2fa"))
                            view={Lazy::<lazy::SecondFactor>::new()}
                            ssr=SsrMode::Async
                        />
                    </Routes>
                </ErrorBoundary>
            </SiteLayout>
            </AuthProvider>
        </Router>
    }
}

/// Provides the sign-in/up/out actions. A form posted without JavaScript comes back with
/// its error in the URL; the router hands that error only to actions created under
/// `<Routes>`, so these app-wide actions get it here the same way, before they are created.
#[component]
fn AuthProvider(children: Children) -> impl IntoView {
    leptos_router::hooks::use_url()
        .read_untracked()
        .provide_server_action_error();
    crate::accounts::pages::provide_auth();
    view! { <crate::notifications::live::LiveInboxProvider>{children()}</crate::notifications::live::LiveInboxProvider> }
}

/// The browser entry point: hydrates the server-rendered page, then marks `<html
/// data-hydrated>` so tests (and CSS) can tell a live page from a server-rendered one. Only
/// once every part is live: a lazily loaded page (`lazy_pages`) hydrates after its chunk
/// has arrived, later than the app around it.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    // Drives the reactive system with wasm-bindgen futures; an error only means it already is.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = document().body().expect("the page has a body");
        let reads = hydration_check::ResourceReads::watch();
        leptos::mount::hydrate_from_async(body, App).await.forget();
        if let Some(reads) = reads {
            reads.report_unread();
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
