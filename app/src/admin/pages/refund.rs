//! The refund form of an admin's order page: shown while the order is paid and no server
//! came of it; the server function checks that again.

use super::super::orders::RefundOrder;
use super::super::texts::AdminText;
use super::SELECT_CLASS;
use crate::i18n::t;
use crate::ui::form::{Field, FormStatus, action_error};
use leptos::prelude::*;

#[component]
pub fn RefundPanel(order_id: String, refund: ServerAction<RefundOrder>) -> impl IntoView {
    let error = action_error(refund);
    view! {
        <ActionForm action=refund attr:class="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800" attr:data-testid="refund-form">
            <h2 class="font-semibold">{t(AdminText::RefundOrder)}</h2>
            <p class="text-sm text-slate-600 dark:text-slate-400">{t(AdminText::RefundNote)}</p>
            <input type="hidden" name="id" value=order_id />
            <label class="block text-sm font-medium">
                {t(AdminText::RefundTo)}
                <select name="method" class=SELECT_CLASS data-testid="refund-method">
                    <option value="wallet" selected=true>{t(AdminText::RefundToWallet)}</option>
                    <option value="gateway_api">{t(AdminText::RefundThroughApi)}</option>
                    <option value="gateway">{t(AdminText::RefundAtGateway)}</option>
                </select>
            </label>
            <Field label=AdminText::GatewayRefundReference name="reference" error />
            <Field label=AdminText::RefundReason name="reason" required=true error />
            <FormStatus error />
            <button type="submit" class="rounded-lg border border-red-300 px-4 py-2 font-semibold text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300" data-testid="refund">
                {t(AdminText::RefundOrder)}
            </button>
        </ActionForm>
    }
}
