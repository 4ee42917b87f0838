use super::super::texts::AdminText;
use super::StaffArea;
use crate::i18n::t;
use crate::ui::PageTitle;
use leptos::prelude::*;

#[component]
pub fn AdminOverviewPage() -> impl IntoView {
    view! {
        <PageTitle text=AdminText::Panel />
        <StaffArea children=|_| view! {
            <section data-testid="admin-overview">
                <h1 class="text-2xl font-bold">{t(AdminText::Overview)}</h1>
                <p class="mt-2 text-slate-600 dark:text-slate-400">{t(AdminText::OverviewLead)}</p>
            </section>
        } />
    }
}
