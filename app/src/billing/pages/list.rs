use crate::accounts::pages::RequireUser;
use crate::billing::texts::invoice_status_text;
use crate::billing::{BillingText, list_my_invoices};
use crate::i18n::t;
use crate::money::format_idr;
use crate::ui::PageTitle;
use crate::ui::short_time;
use leptos::prelude::*;

/// `/invoices`: the customer's invoices, newest first.
#[component]
pub fn MyInvoicesPage() -> impl IntoView {
    let invoices = Resource::new(|| (), |_| list_my_invoices());
    view! {
        <PageTitle text=BillingText::MyInvoices />
        <RequireUser children=move |_| view! {
            <section class="space-y-4">
                <h1 class="text-2xl font-bold">{t(BillingText::MyInvoices)}</h1>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        invoices.await.map(|invoices| {
                            if invoices.is_empty() {
                                return view! { <p data-testid="no-invoices">{t(BillingText::NoInvoices)}</p> }.into_any();
                            }
                            view! {
                                <table class="card-table w-full text-left text-sm" data-testid="invoices">
                                    <thead><tr>
                                        <th scope="col" class="py-2">{t(BillingText::Number)}</th>
                                        <th scope="col" class="py-2">{t(BillingText::Issued)}</th>
                                        <th scope="col" class="py-2">{t(BillingText::Total)}</th>
                                        <th scope="col" class="py-2">{t(BillingText::Invoice)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {invoices.into_iter().map(|invoice| view! {
                                            <tr class="border-t border-slate-200 dark:border-slate-800" data-testid="invoice-row">
                                                <td class="py-2" data-label=t(BillingText::Number)><a href=format!("/invoices/{}", invoice.id) class="link">{invoice.number}</a></td>
                                                <td class="py-2" data-label=t(BillingText::Issued)>{short_time(&invoice.issued_at)}</td>
                                                <td class="py-2 tabular-nums" data-label=t(BillingText::Total)>{format_idr(invoice.total)}</td>
                                                <td class="py-2" data-label=t(BillingText::Invoice)>{t(invoice_status_text(invoice.status))}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        })
                    })}
                </Transition>
            </section>
        } />
    }
}
