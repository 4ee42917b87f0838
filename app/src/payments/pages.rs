//! The pay page (`/pay/:id`): the gateway's page to continue to, or the simulated gateway's
//! number or QR code with its buttons; and the form that starts paying an invoice.

use super::{
    IntentStatus, PaymentText, PaymentView, SimulatePayment, StartPayment, get_payment, payment_methods,
};
use crate::accounts::pages::RequireUser;
use crate::billing::InvoiceSummary;
use crate::i18n::t;
use crate::money::format_idr;
use crate::ui::PageTitle;
use crate::ui::form::INPUT_CLASS;
use crate::ui::short_time;
use crate::ui::{FormStatus, action_error};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/pay/:id`. While the attempt is pending the page asks for its status in the background
/// and, once the payment lands, moves on to what it paid for (the order or service page).
#[component]
pub fn PayPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let payment = Resource::new(id, get_payment);
    let simulate = ServerAction::<SimulatePayment>::new();
    // Set from the loaded payment (see `ui::poll` for why not a memo over the resource).
    let pending = RwSignal::new(false);
    // A light check in the background, so the instructions (and the countdown) stay put.
    let tick = RwSignal::new(0u32);
    crate::ui::poll_while(pending.into(), move || tick.update(|tick| *tick += 1));
    let check = LocalResource::new(move || {
        let (id, tick) = (id(), tick.get());
        async move {
            if tick == 0 {
                None
            } else {
                get_payment(id).await.ok()
            }
        }
    });
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        let Some(Some(latest)) = check.get() else { return };
        match latest.status {
            IntentStatus::Pending => {}
            IntentStatus::Succeeded => navigate(
                &format!("{}?payment=sent", latest.return_path),
                Default::default(),
            ),
            _ => payment.refetch(),
        }
    });
    view! {
        <PageTitle text=PaymentText::PayTitle />
        <RequireUser children=move |_| view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    payment.await.map(|payment| {
                        pending.set(payment.status == IntentStatus::Pending);
                        view! { <PayView payment simulate /> }
                    })
                })}
            </Transition>
        } />
    }
}

#[component]
fn PayView(payment: PaymentView, simulate: ServerAction<SimulatePayment>) -> impl IntoView {
    let back = payment.return_path.clone();
    let (pay_intent, fail_intent) = (payment.intent_id.clone(), payment.intent_id.clone());
    let button = "w-full rounded-lg px-4 py-3 font-semibold";
    view! {
        <section class="mx-auto max-w-md space-y-5 rounded-xl border border-slate-200 p-6 dark:border-slate-800" data-testid="pay-page" data-status=payment.status.code()>
            <header>
                <p class="text-sm text-slate-600 dark:text-slate-400">{payment.invoice_number.clone()}</p>
                <h1 class="text-2xl font-bold">{payment.method.name()}</h1>
                <p class="mt-1">
                    <span class="text-sm text-slate-600 dark:text-slate-400">{t(PaymentText::AmountDue)}</span>
                    <span class="ml-2 text-xl font-black tabular-nums" data-testid="pay-amount">{format_idr(payment.amount)}</span>
                </p>
            </header>
            {match payment.status {
                IntentStatus::Pending if !payment.pay_url.is_empty() => view! {
                    <p class="text-sm">{t(PaymentText::AtGateway)}</p>
                    <a href=payment.pay_url.clone() rel="noopener" class=format!("{button} block bg-sky-700 text-center text-white hover:bg-sky-800") data-testid="pay-at-gateway">{t(PaymentText::ContinueAtGateway)}</a>
                    <p class="text-xs text-slate-600 dark:text-slate-400">
                        <span>{t(PaymentText::ValidUntil)}</span>
                        <span>{format!(" {} UTC", short_time(&payment.expires_at))}</span>
                    </p>
                }.into_any(),
                IntentStatus::Pending => view! {
                    {match payment.qr_svg.clone() {
                        Some(svg) => view! {
                            <p class="text-sm">{t(PaymentText::ScanQr)}</p>
                            <div class="mx-auto w-56 rounded bg-white p-2" data-testid="pay-qr" inner_html=svg></div>
                        }.into_any(),
                        None => view! {
                            <p class="text-sm">{t(PaymentText::TransferTo)}</p>
                            <div class="flex items-center gap-2">
                                <p class="flex-1 select-all rounded bg-slate-100 p-3 text-center font-mono text-xl tracking-wider dark:bg-slate-900" data-testid="pay-va">{payment.pay_to.clone()}</p>
                                <crate::ui::CopyButton value=payment.pay_to.clone() testid="copy-va" />
                            </div>
                        }.into_any(),
                    }}
                    <p class="text-sm">
                        <span>{t(PaymentText::TimeLeft)}</span>
                        <span>" "</span>
                        <crate::ui::Countdown seconds=payment.seconds_left testid="pay-countdown" />
                    </p>
                    <p class="text-xs text-slate-600 dark:text-slate-400">
                        <span>{t(PaymentText::ValidUntil)}</span>
                        <span>{format!(" {} UTC", short_time(&payment.expires_at))}</span>
                    </p>
                    <p class="text-xs text-slate-600 dark:text-slate-400">{t(PaymentText::MovesOn)}</p>
                    {payment.simulated.then(|| view! {
                        <p class="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">{t(PaymentText::SimulatedNotice)}</p>
                        <FormStatus error=action_error(simulate) />
                        <ActionForm action=simulate>
                            <input type="hidden" name="id" value=pay_intent.clone() />
                            <input type="hidden" name="outcome" value="success" />
                            <button type="submit" class=format!("{button} bg-emerald-700 text-white hover:bg-emerald-800") data-testid="pay-now">{t(PaymentText::PayNow)}</button>
                        </ActionForm>
                        <ActionForm action=simulate>
                            <input type="hidden" name="id" value=fail_intent.clone() />
                            <input type="hidden" name="outcome" value="failure" />
                            <button type="submit" class=format!("{button} border border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800") data-testid="pay-fail">{t(PaymentText::SimulateFailure)}</button>
                        </ActionForm>
                    })}
                }.into_any(),
                IntentStatus::Expired => view! { <p data-testid="pay-expired">{t(PaymentText::Expired)}</p> }.into_any(),
                IntentStatus::Failed => view! { <p data-testid="pay-failed">{t(PaymentText::Failed)}</p> }.into_any(),
                IntentStatus::Succeeded => view! { <p data-testid="pay-succeeded">{t(PaymentText::Succeeded)}</p> }.into_any(),
            }}
            <a href=back class="block text-center text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400">{t(PaymentText::BackToOrder)}</a>
        </section>
    }
}

/// What the pay form offers: the payment methods and the customer's balance. A page that
/// can show the form creates them with its own resources, before its guard (see
/// `RequireUser`); every form on the page shares them.
#[derive(Clone, Copy)]
pub struct PaymentOptions {
    methods: Resource<Result<Vec<super::PaymentMethod>, crate::error::AppError>>,
    balance: Resource<Result<crate::money::Rupiah, crate::error::AppError>>,
}

impl PaymentOptions {
    pub fn load() -> PaymentOptions {
        PaymentOptions {
            methods: Resource::new(|| (), |_| payment_methods()),
            balance: Resource::new(|| (), |_| crate::wallet::my_wallet_balance()),
        }
    }
}

/// Paying an invoice: the method to pay with, and the button that opens the gateway's pay
/// page. The one form for orders and renewals alike.
#[component]
pub fn PayInvoiceForm(
    invoice: InvoiceSummary,
    pay: ServerAction<StartPayment>,
    options: PaymentOptions,
) -> impl IntoView {
    let PaymentOptions { methods, balance } = options;
    let from_wallet = ServerAction::<super::wallet::PayFromWallet>::new();
    let wallet_invoice = invoice.clone();
    let wallet_form = move |balance: crate::money::Rupiah| {
        let invoice = wallet_invoice.clone();
        // A deposit is new money: never paid from the balance it fills.
        let payable = invoice.purpose != crate::billing::InvoicePurpose::Deposit;
        (payable && balance >= invoice.total && invoice.total.is_positive()).then(|| view! {
            <ActionForm action=from_wallet attr:class="space-y-2" attr:data-testid="pay-wallet-form">
                <input type="hidden" name="invoice" value=invoice.id.clone() />
                <FormStatus error=action_error(from_wallet) />
                <button type="submit" class="w-full rounded-lg border border-sky-600 px-4 py-2 font-semibold text-sky-700 hover:bg-sky-50 dark:text-sky-300 dark:hover:bg-sky-950" data-testid="pay-wallet">
                    <span>{t(PaymentText::PayFromBalance)}</span>
                    <span>{format!(" ({})", format_idr(balance))}</span>
                </button>
            </ActionForm>
        })
    };
    let rest_invoice = invoice.clone();
    // A balance that covers part of the invoice: offer it first, the gateway takes the rest.
    let use_balance = move |balance: Option<crate::money::Rupiah>| {
        let invoice = rest_invoice.clone();
        balance
            .filter(|balance| {
                balance.is_positive()
                    && *balance < invoice.total
                    && invoice.purpose != crate::billing::InvoicePurpose::Deposit
            })
            .map(|balance| view! {
                <label class="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="use_balance" value="true" checked=true data-testid="use-balance" />
                    <span>{t(PaymentText::UseBalanceFirst)}</span>
                    <span>{format!(" ({}), ", format_idr(balance))}</span>
                    <span>{t(PaymentText::PayRest)}</span>
                    <span class="font-semibold tabular-nums">{format!(" {}", format_idr(invoice.total - balance))}</span>
                </label>
            })
    };
    let form = move |methods: Vec<super::PaymentMethod>, balance: Option<crate::money::Rupiah>| {
        if methods.is_empty() {
            return view! {
                <p class="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="pay-unavailable">{t(PaymentText::NoGateway)}</p>
            }
            .into_any();
        }
        view! {
            <ActionForm action=pay attr:class="space-y-2" attr:data-testid="pay-form">
                <input type="hidden" name="invoice" value=invoice.id.clone() />
                <label class="block text-sm font-semibold" for="method">{t(PaymentText::ChooseMethod)}</label>
                <select id="method" name="method" class=INPUT_CLASS data-testid="payment-method">
                    {methods.into_iter().map(|method| view! { <option value=method.code()>{method.name()}</option> }).collect_view()}
                </select>
                <p class="text-xs text-slate-600 dark:text-slate-300" data-testid="payment-fee">{t(PaymentText::NoFee)}</p>
                {use_balance(balance)}
                <FormStatus error=action_error(pay) />
                <button type="submit" class="w-full rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800" data-testid="pay">
                    <span>{t(PaymentText::Pay)}</span>
                    <span>{format!(" {}", format_idr(invoice.total))}</span>
                </button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                let wallet_form = wallet_form.clone();
                Suspend::new(async move { balance.await.ok().and_then(wallet_form) })
            }}
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let balance = balance.await.ok();
                    methods.await.map(|methods| form(methods, balance))
                })
            }}
        </Transition>
    }
}

/// `/wallet/top-up`: an amount to add to the balance (a deposit invoice), and the deposits
/// waiting to be paid, each with the pay form (gateways only: a deposit is new money).
#[component]
pub fn TopUpPage() -> impl IntoView {
    use crate::wallet::{StartDeposit, WalletText, my_deposits};
    let deposit = ServerAction::<StartDeposit>::new();
    let pay = ServerAction::<StartPayment>::new();
    let deposits = Resource::new(move || deposit.version().get(), |_| my_deposits());
    let options = PaymentOptions::load();
    view! {
        <PageTitle text=WalletText::TopUp />
        <RequireUser children=move |_| view! {
            <section class="mx-auto max-w-xl space-y-6">
                <a href="/wallet" class="text-sm text-sky-700 hover:underline dark:text-sky-400">{t(WalletText::Title)}</a>
                <h1 class="text-2xl font-bold">{t(WalletText::TopUp)}</h1>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        deposits.await.map(|deposits| view! {
                            <ActionForm action=deposit attr:class="space-y-2 rounded-xl border border-slate-200 p-6 dark:border-slate-800" attr:data-testid="top-up-form">
                                <label class="block text-sm font-semibold" for="top-up-amount">{t(WalletText::TopUpAmount)}</label>
                                <input id="top-up-amount" name="amount" inputmode="numeric" required class=INPUT_CLASS data-testid="top-up-amount" />
                                <p class="text-xs text-slate-600 dark:text-slate-300">
                                    {t(WalletText::TopUpLimits)}
                                    {format!(" {} – {}", format_idr(deposits.settings.deposit_min), format_idr(deposits.settings.deposit_max))}
                                </p>
                                <FormStatus error=action_error(deposit) />
                                <button type="submit" class="w-full rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800" data-testid="top-up">{t(WalletText::TopUp)}</button>
                            </ActionForm>
                            <BonusList bonuses=deposits.bonuses />
                            {(!deposits.open.is_empty()).then(|| view! {
                                <h2 class="text-lg font-bold">{t(WalletText::OpenDeposits)}</h2>
                                <ul class="space-y-4">
                                    {deposits.open.into_iter().map(|invoice| view! {
                                        <li class="space-y-2 rounded-xl border border-slate-200 p-4 dark:border-slate-800" data-testid="open-deposit">
                                            <p class="flex justify-between text-sm">
                                                <a href=format!("/invoices/{}", invoice.id) class="link">{invoice.number.clone()}</a>
                                                <span class="font-bold tabular-nums">{format_idr(invoice.total)}</span>
                                            </p>
                                            <PayInvoiceForm invoice pay options />
                                        </li>
                                    }).collect_view()}
                                </ul>
                            })}
                        })
                    })}
                </Transition>
            </section>
        } />
    }
}

/// The deposit bonuses running now, as the customer reads them.
#[component]
fn BonusList(bonuses: Vec<crate::wallet::bonuses::DepositBonus>) -> impl IntoView {
    use crate::wallet::WalletText;
    (!bonuses.is_empty()).then(|| view! {
        <section class="space-y-2 rounded-xl bg-emerald-50 p-4 text-sm text-emerald-950 dark:bg-emerald-950 dark:text-emerald-50" data-testid="deposit-bonuses">
            <h2 class="font-bold">{t(WalletText::BonusesRunning)}</h2>
            <ul class="space-y-1">
                {bonuses.into_iter().map(|bonus| view! {
                    <li data-testid="deposit-bonus">
                        <strong>{format!("{}: {}", bonus.name, crate::promos::format_value(bonus.kind, bonus.amount))}</strong>
                        {bonus.cap.map(|cap| view! { <span>{" "}{t(WalletText::BonusUpTo)}{format!(" {}", format_idr(cap))}</span> })}
                        {bonus.min_deposit.is_positive().then(|| view! { <span>{" "}{t(WalletText::BonusFrom)}{format!(" {}", format_idr(bonus.min_deposit))}</span> })}
                        {(!bonus.valid_until_date.is_empty()).then(|| view! { <span>{", "}{t(WalletText::BonusUntil)}{format!(" {}", bonus.valid_until_date)}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            <p class="text-xs">{t(WalletText::BonusHow)}</p>
        </section>
    })
}
