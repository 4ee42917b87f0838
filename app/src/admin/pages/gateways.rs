//! The gateways section of `/admin/payments`: each configured gateway with its environment,
//! masked keys and webhook address, and the payment methods with their switches.

use super::super::gateways::{GatewayLine, GatewaysView, MethodLine, SwitchPaymentMethod, admin_gateways};
use super::super::texts::AdminText;
use super::{DataTable, TD_CLASS};
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::form::{FormStatus, action_error};
use leptos::prelude::*;

/// The section's switch and data, created by the page before its guard (see `RequireUser`).
#[derive(Clone, Copy)]
pub struct GatewaysData {
    switch: ServerAction<SwitchPaymentMethod>,
    view_data: Resource<Result<GatewaysView, AppError>>,
}

impl GatewaysData {
    pub fn load() -> GatewaysData {
        let switch = ServerAction::<SwitchPaymentMethod>::new();
        let view_data = Resource::new(move || switch.version().get(), |_| admin_gateways());
        GatewaysData { switch, view_data }
    }
}

#[component]
pub fn GatewaysSection(data: GatewaysData, can_edit: bool) -> impl IntoView {
    let GatewaysData { switch, view_data } = data;
    view! {
        <section class="space-y-3" data-testid="payment-gateways">
            <h2 class="text-lg font-bold">{t(AdminText::Gateways)}</h2>
            <FormStatus error=action_error(switch) />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    view_data.await.map(|data| view! {
                        {if data.gateways.is_empty() {
                            view! { <p data-testid="no-gateway">{t(AdminText::NoGateway)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="grid gap-3 md:grid-cols-2">
                                    {data.gateways.into_iter().map(|gateway| view! { <GatewayCard gateway /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {(!data.methods.is_empty()).then(|| view! {
                            <DataTable columns=&METHOD_COLUMNS testid="payment-methods">
                                {data.methods.into_iter().map(|line| view! { <MethodRow line can_edit switch /> }).collect_view()}
                            </DataTable>
                        })}
                    })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn GatewayCard(gateway: GatewayLine) -> impl IntoView {
    let role = if gateway.opens_payments {
        AdminText::OpensPayments
    } else {
        AdminText::WebhooksOnly
    };
    view! {
        <li class="space-y-1 rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800" data-testid="gateway" data-name=gateway.name.clone()>
            <p class="flex items-center justify-between">
                <span class="font-semibold">{gateway.name.clone()}</span>
                <span class="rounded bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800" data-testid="gateway-environment">{gateway.setup.environment.clone()}</span>
            </p>
            <p class="text-slate-600 dark:text-slate-300">{t(role)}</p>
            {(!gateway.setup.api_url.is_empty()).then(|| view! { <p class="font-mono text-xs">{gateway.setup.api_url.clone()}</p> })}
            <dl class="grid grid-cols-2 gap-x-3 text-xs">
                {gateway.setup.keys.into_iter().map(|(name, masked)| view! {
                    <dt>{name}</dt><dd class="font-mono" data-testid="gateway-key">{masked}</dd>
                }).collect_view()}
                <dt>{t(AdminText::WebhookUrl)}</dt>
                <dd class="break-all font-mono" data-testid="gateway-webhook">{gateway.webhook_url.clone()}</dd>
            </dl>
        </li>
    }
}

#[component]
fn MethodRow(line: MethodLine, can_edit: bool, switch: ServerAction<SwitchPaymentMethod>) -> impl IntoView {
    view! {
        <tr data-testid="payment-method-row" data-method=line.method.code()>
            <td class=TD_CLASS>{line.method.name()}</td>
            <td class=TD_CLASS>{if line.enabled { t(AdminText::Active) } else { t(AdminText::Inactive) }}</td>
            <td class=TD_CLASS>
                {can_edit.then(|| view! {
                    {super::switch_form(switch, ("method", line.method.code().to_string()), "enabled", line.enabled, "switch-payment-method")}
                })}
            </td>
        </tr>
    }
}

const METHOD_COLUMNS: [AdminText; 3] = [AdminText::PaymentMethod, AdminText::Status, AdminText::Action];
