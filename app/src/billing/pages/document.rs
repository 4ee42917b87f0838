use crate::accounts::pages::RequireUser;
use crate::billing::texts::invoice_status_text;
use crate::billing::{BillingText, InvoiceDocument, SELLER_ADDRESS, SELLER_NAME, SELLER_NPWP, get_invoice};
use crate::i18n::t;
use crate::money::format_idr;
use crate::ui::PageTitle;
use crate::ui::short_time;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/invoices/:id`: the invoice as a document. The print stylesheet (`print:` classes)
/// hides the site around it, so printing gives a clean A4 page.
#[component]
pub fn InvoicePage() -> impl IntoView {
    let params = use_params_map();
    let invoice = Resource::new(move || params.read().get("id").unwrap_or_default(), get_invoice);
    view! {
        <PageTitle text=BillingText::Invoice />
        <RequireUser children=move |_| view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move { invoice.await.map(|document| view! { <InvoiceView document /> }) })}
            </Transition>
        } />
    }
}

#[component]
fn InvoiceView(document: InvoiceDocument) -> impl IntoView {
    let invoice = document.invoice.clone();
    let lang = crate::i18n::use_lang();
    view! {
        <article class="invoice mx-auto max-w-3xl space-y-6 rounded-xl border border-slate-200 bg-white p-8 text-slate-900 print:max-w-none print:border-0 print:p-0" data-testid="invoice" data-status=invoice.status.code()>
            <header class="flex flex-wrap items-start justify-between gap-4">
                <div>
                    <p class="text-xl font-black">"WeBrana Cloud"</p>
                    <p class="text-sm">{SELLER_NAME}</p>
                    <p class="text-sm">{SELLER_ADDRESS}</p>
                    <p class="text-sm">{SELLER_NPWP}</p>
                </div>
                <div class="text-right">
                    <h1 class="text-2xl font-bold">{t(BillingText::Invoice)}</h1>
                    <p class="font-mono" data-testid="invoice-number">{invoice.number.clone()}</p>
                    <p class="mt-1 text-sm font-semibold uppercase" data-testid="invoice-status">{t(invoice_status_text(invoice.status))}</p>
                </div>
            </header>
            <div class="grid gap-4 text-sm sm:grid-cols-2">
                <div>
                    <p class="font-semibold">{t(BillingText::BillTo)}</p>
                    <p>{document.customer_name.clone()}</p>
                    {(!document.customer_company.is_empty()).then(|| view! { <p>{document.customer_company.clone()}</p> })}
                    <p>{document.customer_email.clone()}</p>
                    <p class="whitespace-pre-line">{document.customer_address.clone()}</p>
                </div>
                <dl class="grid grid-cols-2 gap-1 sm:text-right">
                    <dt>{t(BillingText::Issued)}</dt><dd>{short_time(&invoice.issued_at)}</dd>
                    <dt>{t(BillingText::Due)}</dt><dd>{short_time(&invoice.due_at)}</dd>
                    {invoice.paid_at.clone().map(|paid| view! { <dt>{t(BillingText::PaidAt)}</dt><dd data-testid="invoice-paid-at">{short_time(&paid)}</dd> })}
                </dl>
            </div>
            <table class="w-full text-left text-sm" data-testid="invoice-lines">
                <thead>
                    <tr class="border-b border-slate-300">
                        <th scope="col" class="py-2">{t(BillingText::Description)}</th>
                        <th scope="col" class="py-2 text-right">{t(BillingText::Quantity)}</th>
                        <th scope="col" class="py-2 text-right">{t(BillingText::UnitPrice)}</th>
                        <th scope="col" class="py-2 text-right">{t(BillingText::Amount)}</th>
                    </tr>
                </thead>
                <tbody>
                    {document.lines.iter().cloned().map(|line| view! {
                        <tr class="border-b border-slate-100" data-testid="invoice-line">
                            <td class="py-2">{line.description}</td>
                            <td class="py-2 text-right tabular-nums">{line.quantity}</td>
                            <td class="py-2 text-right tabular-nums">{format_idr(line.unit_price)}</td>
                            <td class="py-2 text-right tabular-nums" data-testid="line-amount">{format_idr(line.amount)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot class="font-semibold">
                    <tr><td colspan="3" class="py-1 text-right">{t(BillingText::Subtotal)}</td><td class="py-1 text-right tabular-nums" data-testid="invoice-subtotal">{format_idr(document.subtotal)}</td></tr>
                    <tr>
                        <td colspan="3" class="py-1 text-right"><span>{t(BillingText::Vat)}</span><span>{format!(" {}%", document.tax_rate_percent)}</span></td>
                        <td class="py-1 text-right tabular-nums" data-testid="invoice-tax">{format_idr(document.tax)}</td>
                    </tr>
                    <tr class="text-lg"><td colspan="3" class="py-2 text-right">{t(BillingText::Total)}</td><td class="py-2 text-right tabular-nums" data-testid="invoice-total">{format_idr(invoice.total)}</td></tr>
                </tfoot>
            </table>
            {document.void_reason.clone().map(|reason| view! {
                <p class="text-sm"><span>{t(BillingText::VoidReason)}</span><span>{format!(": {reason}")}</span></p>
            })}
            {(!document.payments.is_empty()).then(|| view! {
                <section class="text-sm">
                    <h2 class="font-semibold">{t(BillingText::Payments)}</h2>
                    <ul data-testid="invoice-payments">
                        {document.payments.iter().map(|payment| view! {
                            <li>{format!("{} · {} · {} · {} · {}", short_time(&payment.received_at), payment.gateway, payment.method, payment.reference, format_idr(payment.amount))}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {document.credit_note.clone().map(|note| view! {
                <section class="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50" data-testid="credit-note">
                    <h2 class="font-semibold">{t(BillingText::CreditNote)}</h2>
                    <p>{move || super::super::texts::credit_note_line(&note, lang.get())}</p>
                </section>
            })}
            <p class="flex gap-4 text-sm print:hidden">
                {invoice.order_id.clone().map(|order_id| view! {
                    <a href=format!("/orders/{order_id}") class="font-semibold text-sky-700 hover:underline">{t(BillingText::ViewOrder)}</a>
                })}
                <a href=format!("/invoices/{}/pdf", invoice.id) rel="external" download="" class="font-semibold text-sky-700 hover:underline" data-testid="invoice-pdf">{t(BillingText::DownloadPdf)}</a>
            </p>
        </article>
    }
}
