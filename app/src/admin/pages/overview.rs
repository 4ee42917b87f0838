use super::super::texts::AdminText;
use super::StaffArea;
use crate::analytics::pages::{BusinessOverview, report_resource};
use crate::ui::PageTitle;
use leptos::prelude::*;

/// `/admin?from=&until=&days=&grain=`: the business at a glance.
#[component]
pub fn AdminOverviewPage() -> impl IntoView {
    let report = report_resource();
    view! {
        <PageTitle text=AdminText::Panel />
        <StaffArea children=move |_| view! { <BusinessOverview report /> } />
    }
}
