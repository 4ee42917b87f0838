//! Pages whose code the browser loads only when they are opened: every page but the home
//! page. `scripts/build-site.sh` splits each into its own WASM chunk (`wasm-split`), so a
//! customer never downloads staff code and a first visit loads only the shell and the page
//! it opened (docs/BENCHMARKS.md, "Browser bundle").
//!
//! Each page keeps creating its own resources: its data starts loading once its chunk is in,
//! a short wait we accept for pages that are not the first one a visitor opens (the server
//! renders every page complete, and a hydrating page has its chunk preloaded).

use crate::accounts::pages::{
    AccountPage, ApiKeysPage, ForgotPasswordPage, LoginPage, ResetPasswordPage, SecondFactorPage,
    SecurityPage, SignupPage, VerifyEmailPage,
};
use crate::admin::pages::{
    AdminApiKeysPage, AdminCatalogPage, AdminNotificationsPage, AdminOrderDetailPage, AdminOrdersPage,
    AdminOverviewPage, AdminPaymentsPage, AdminPromosPage, AdminProvisioningPage, AdminServiceDetailPage,
    AdminServicesPage, AuditLogPage, PlanEditorPage, UserDetailPage, UsersPage,
};
use crate::billing::pages::{InvoicePage, MyInvoicesPage};
use crate::catalog::pages::PlansPage;
use crate::notifications::pages::{NotificationSettingsPage, NotificationsPage, UnsubscribePage};
use crate::orders::pages::{MyOrdersPage, OrderDetailPage, OrderWizardPage};
use crate::payments::pages::{PayPage, TopUpPage};
use crate::services::pages::{DashboardPage, ServicePage};
use crate::wallet::pages::WalletPage;
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
    Plans => PlansPage,
    OrderWizard => OrderWizardPage,
    MyOrders => MyOrdersPage,
    OrderDetail => OrderDetailPage,
    Dashboard => DashboardPage,
    Service => ServicePage,
    MyInvoices => MyInvoicesPage,
    Invoice => InvoicePage,
    Wallet => WalletPage,
    TopUp => TopUpPage,
    Pay => PayPage,
    Notifications => NotificationsPage,
    NotificationSettings => NotificationSettingsPage,
    Unsubscribe => UnsubscribePage,
    Login => LoginPage,
    SecondFactor => SecondFactorPage,
    Signup => SignupPage,
    VerifyEmail => VerifyEmailPage,
    ForgotPassword => ForgotPasswordPage,
    ResetPassword => ResetPasswordPage,
    Account => AccountPage,
    ApiKeys => ApiKeysPage,
    Security => SecurityPage,
    AdminOverview => AdminOverviewPage,
    AdminUsers => UsersPage,
    AdminUserDetail => UserDetailPage,
    AdminApiKeys => AdminApiKeysPage,
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
