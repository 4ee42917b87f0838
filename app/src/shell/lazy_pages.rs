//! Pages whose code the browser loads only when they are opened: every staff page, and the
//! heavy customer pages (the order wizard, the inbox, a server's control panel with its
//! charts). `scripts/build-site.sh` splits each into its own WASM chunk (`wasm-split`), so
//! a customer never downloads staff code and the first visit loads only the shell.
//!
//! Each page keeps creating its own resources: its data starts loading once its chunk is in,
//! a short wait we accept for pages that are not the first one a visitor opens (the server
//! renders every page complete, and a hydrating page has its chunk preloaded).

use crate::admin::pages::{
    AdminCatalogPage, AdminNotificationsPage, AdminOrderDetailPage, AdminOrdersPage, AdminOverviewPage,
    AdminPaymentsPage, AdminPromosPage, AdminProvisioningPage, AdminServiceDetailPage, AdminServicesPage,
    AuditLogPage, PlanEditorPage, UserDetailPage, UsersPage,
};
use crate::notifications::pages::NotificationsPage;
use crate::orders::pages::OrderWizardPage;
use crate::services::pages::ServicePage;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A route type whose view is `$page`, loaded in a chunk of its own.
macro_rules! lazy_page {
    ($($route:ident => $page:ident),* $(,)?) => {
        $(
            #[doc = concat!("`", stringify!($page), "`, loaded when first opened.")]
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(_this: Self) -> AnyView {
                    view! { <$page /> }.into_any()
                }
            }
        )*
    };
}

lazy_page! {
    OrderWizard => OrderWizardPage,
    Notifications => NotificationsPage,
    Service => ServicePage,
    AdminOverview => AdminOverviewPage,
    AdminUsers => UsersPage,
    AdminUserDetail => UserDetailPage,
    AdminOrders => AdminOrdersPage,
    AdminOrderDetail => AdminOrderDetailPage,
    AdminCatalog => AdminCatalogPage,
    AdminPlanEditor => PlanEditorPage,
    AdminPromos => AdminPromosPage,
    AdminAnnouncements => AdminNotificationsPage,
    AdminPayments => AdminPaymentsPage,
    AdminProvisioning => AdminProvisioningPage,
    AdminServices => AdminServicesPage,
    AdminServiceDetail => AdminServiceDetailPage,
    AdminAudit => AuditLogPage,
}
