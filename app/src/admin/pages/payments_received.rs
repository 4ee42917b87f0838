//! The payments list of `/admin/payments`: money received through every gateway, from the
//! balance, and transfers recorded by staff, with the gateway's own event for each.

use super::super::payments::{PAYMENT_PAGE_SIZE, PAYMENT_STATUSES, PaymentLine, admin_list_payments};
use super::super::texts::AdminText;
use super::list::{ChoiceFilter, FilterForm, ListPage, ListQuery, TextFilter};
use super::{DataTable, TD_CLASS};
use crate::error::AppError;
use crate::i18n::t;
use crate::money::format_idr;
use crate::ui::short_time;
use leptos::prelude::*;

/// The list's filters in the URL of `/admin/payments`.
pub const FILTERS: [&str; 5] = ["q", "gateway", "status", "from", "until"];

/// Every way a payment is recorded, as the gateway filter offers them.
const GATEWAYS: [(&str, AdminText); 5] = [
    ("midtrans", AdminText::GatewayMidtrans),
    ("xendit", AdminText::GatewayXendit),
    ("wallet", AdminText::GatewayWallet),
    ("manual", AdminText::GatewayManual),
    ("simulated", AdminText::GatewaySimulated),
];

const COLUMNS: [AdminText; 6] = [
    AdminText::Received,
    AdminText::Customer,
    AdminText::Invoice,
    AdminText::Gateway,
    AdminText::Amount,
    AdminText::Transaction,
];

/// The page's payments resource; create it where the page's resources are created.
pub fn payments_resource() -> Resource<Result<Vec<PaymentLine>, AppError>> {
    let list = ListQuery::from_url();
    Resource::new(
        move || (list.values(FILTERS), list.page()),
        |([q, gateway, status, from, until], page)| {
            admin_list_payments(q, gateway, status, from, until, page)
        },
    )
}

#[component]
pub fn PaymentsReceived(payments: Resource<Result<Vec<PaymentLine>, AppError>>) -> impl IntoView {
    let statuses = PAYMENT_STATUSES
        .into_iter()
        .map(|code| (code, status_text(code)))
        .collect();
    view! {
        <section class="space-y-3" id="received">
            <h2 class="text-lg font-bold">{t(AdminText::PaymentsReceived)}</h2>
            <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::PaymentsReceivedNote)}</p>
            <FilterForm action="/admin/payments">
                <TextFilter name="q" label=AdminText::SearchPayments />
                <ChoiceFilter name="gateway" label=AdminText::Gateway choices=GATEWAYS.to_vec() />
                <ChoiceFilter name="status" label=AdminText::Status choices=statuses />
                <TextFilter name="from" label=AdminText::From input_type="date" />
                <TextFilter name="until" label=AdminText::Until input_type="date" />
            </FilterForm>
            <ListPage rows=payments page_size=PAYMENT_PAGE_SIZE path="/admin/payments" filters=&FILTERS table=payment_table />
        </section>
    }
}

fn status_text(code: &str) -> AdminText {
    match code {
        "applied" => AdminText::PaymentApplied,
        _ => AdminText::PaymentUnapplied,
    }
}

fn gateway_text(code: &str) -> Option<AdminText> {
    GATEWAYS
        .into_iter()
        .find(|(gateway, _)| *gateway == code)
        .map(|(_, text)| text)
}

fn payment_table(payments: Vec<PaymentLine>) -> AnyView {
    if payments.is_empty() {
        return view! { <p data-testid="no-payments">{t(AdminText::NoResults)}</p> }.into_any();
    }
    view! {
        <DataTable columns=&COLUMNS testid="payments-received">
            {payments.into_iter().map(|payment| view! { <PaymentRow payment /> }).collect_view()}
        </DataTable>
    }
    .into_any()
}

#[component]
fn PaymentRow(payment: PaymentLine) -> impl IntoView {
    let invoice = match payment.order_id.clone() {
        Some(order) => view! {
            <a href=format!("/admin/orders/{order}") class="link">{payment.invoice_number.clone()}</a>
        }
        .into_any(),
        None => view! { <span>{payment.invoice_number.clone()}</span> }.into_any(),
    };
    let gateway = gateway_text(&payment.gateway);
    let gateway_name = payment.gateway.clone();
    view! {
        <tr data-testid="payment-received" data-gateway=payment.gateway.clone() data-status=payment.status.clone()>
            <td class=TD_CLASS><time datetime=payment.received_at.clone()>{format!("{} UTC", short_time(&payment.received_at))}</time></td>
            <td class=TD_CLASS>{payment.customer_email.clone()}</td>
            <td class=TD_CLASS>{invoice}</td>
            <td class=TD_CLASS>
                {move || gateway.map(|text| t(text)().to_string()).unwrap_or_else(|| gateway_name.clone())}
                <p class="text-xs text-slate-600 dark:text-slate-400">{payment.method.clone()}</p>
            </td>
            <td class=format!("{TD_CLASS} tabular-nums")>
                {format_idr(payment.amount)}
                <p class="text-xs text-slate-600 dark:text-slate-400">{t(status_text(&payment.status))}</p>
            </td>
            <td class=format!("{TD_CLASS} font-mono text-xs")>
                {payment.reference.clone()}
                <p class="font-sans text-slate-600 dark:text-slate-400">{payment.note.clone()}</p>
                {payment.raw_event.clone().map(|body| view! { <super::payments::RawBody body /> })}
            </td>
        </tr>
    }
}
