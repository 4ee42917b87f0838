//! `/wallet`: the balance, the ledger that explains it (filtered by kind through the query
//! string, so the filters are plain links that work before hydration), and its CSV.

use super::texts::kind_text;
use super::{LedgerKind, SetWalletAutopay, WalletText, WalletView, my_wallet};
use crate::accounts::pages::RequireUser;
use crate::i18n::t;
use crate::money::format_idr;
use crate::ui::PageTitle;
use crate::ui::short_time;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn WalletPage() -> impl IntoView {
    let query = use_query_map();
    let kind = Memo::new(move |_| query.read().get("kind").unwrap_or_default());
    let autopay = ServerAction::<SetWalletAutopay>::new();
    let wallet = Resource::new(
        move || (kind.get(), autopay.version().get()),
        |(kind, _)| my_wallet(kind),
    );
    view! {
        <PageTitle text=WalletText::Title />
        <RequireUser children=move |_| view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    wallet.await.map(|wallet| view! { <WalletSummary wallet kind=kind.get_untracked() autopay /> })
                })}
            </Transition>
        } />
    }
}

#[component]
fn WalletSummary(wallet: WalletView, kind: String, autopay: ServerAction<SetWalletAutopay>) -> impl IntoView {
    let chip = "rounded-full border px-3 py-1 text-sm";
    let csv = if kind.is_empty() {
        "/wallet/ledger.csv".to_string()
    } else {
        format!("/wallet/ledger.csv?kind={kind}")
    };
    let current_kind = kind.clone();
    let filter = move |code: &'static str, label: WalletText| {
        let current = current_kind == code;
        let href = if code.is_empty() {
            "/wallet".to_string()
        } else {
            format!("/wallet?kind={code}")
        };
        let class = if current {
            format!("{chip} border-sky-600 bg-sky-700 text-white")
        } else {
            format!(
                "{chip} border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            )
        };
        view! { <a href=href class=class aria-current=current.then_some("page") data-testid=format!("wallet-filter-{}", if code.is_empty() { "all" } else { code })>{t(label)}</a> }
    };
    view! {
        <section class="space-y-6">
            <h1 class="text-2xl font-bold">{t(WalletText::Title)}</h1>
            <div class="rounded-xl border border-slate-200 p-6 dark:border-slate-800">
                <p class="text-sm text-slate-600 dark:text-slate-300">{t(WalletText::Balance)}</p>
                <p class="text-3xl font-black tabular-nums" data-testid="wallet-balance">{format_idr(wallet.balance)}</p>
                <p class="mt-2 text-sm text-slate-600 dark:text-slate-300">{t(WalletText::BalanceHelp)}</p>
                <a href="/wallet/top-up" class="mt-4 inline-block rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800" data-testid="wallet-top-up">{t(WalletText::TopUp)}</a>
                <ActionForm action=autopay attr:class="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 text-sm dark:border-slate-800" attr:data-testid="wallet-autopay">
                    <input type="hidden" name="on" value=if wallet.autopay { "false" } else { "true" } />
                    <span data-testid="wallet-autopay-state" data-on=wallet.autopay.to_string()>
                        {if wallet.autopay { t(WalletText::AutopayOn) } else { t(WalletText::AutopayOff) }}
                    </span>
                    <button type="submit" class="link" data-testid="wallet-autopay-switch">
                        {if wallet.autopay { t(WalletText::AutopayTurnOff) } else { t(WalletText::AutopayTurnOn) }}
                    </button>
                </ActionForm>
            </div>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <h2 class="text-xl font-bold">{t(WalletText::History)}</h2>
                <a href=csv rel="external" download class="text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400" data-testid="wallet-csv">{t(WalletText::DownloadCsv)}</a>
            </div>
            <nav class="flex flex-wrap gap-2" aria-label=move || t(WalletText::Kind)>
                {filter("", WalletText::All)}
                {LedgerKind::ALL.into_iter().map(|kind| filter(kind.code(), kind_text(kind))).collect_view()}
            </nav>
            {if wallet.lines.is_empty() {
                view! { <p data-testid="wallet-empty">{t(WalletText::NoLines)}</p> }.into_any()
            } else {
                view! {
                    <div class="sm:overflow-x-auto">
                        <table class="card-table w-full text-left text-sm" data-testid="wallet-ledger">
                            <thead><tr>
                                <th scope="col" class="py-2 pr-3">{t(WalletText::Date)}</th>
                                <th scope="col" class="py-2 pr-3">{t(WalletText::Kind)}</th>
                                <th scope="col" class="py-2 pr-3">{t(WalletText::Description)}</th>
                                <th scope="col" class="py-2 pr-3 text-right">{t(WalletText::Amount)}</th>
                                <th scope="col" class="py-2 text-right">{t(WalletText::BalanceAfter)}</th>
                            </tr></thead>
                            <tbody>
                                {wallet.lines.into_iter().map(|line| {
                                    let credit = line.amount.is_positive();
                                    view! {
                                        <tr class="border-t border-slate-200 dark:border-slate-800" data-testid="wallet-line" data-kind=line.kind.code()>
                                            <td class="py-2 pr-3 whitespace-nowrap" data-label=t(WalletText::Date)>{short_time(&line.created_at)}</td>
                                            <td class="py-2 pr-3" data-label=t(WalletText::Kind)>{t(kind_text(line.kind))}</td>
                                            <td class="py-2 pr-3" data-label=t(WalletText::Description)>{line.note.clone()}</td>
                                            <td data-label=t(WalletText::Amount) class=if credit { "py-2 pr-3 text-right tabular-nums text-emerald-700 dark:text-emerald-400" } else { "py-2 pr-3 text-right tabular-nums" }>
                                                {format!("{}{}", if credit { "+" } else { "−" }, format_idr(crate::money::Rupiah(line.amount.get().abs())))}
                                            </td>
                                            <td class="py-2 text-right tabular-nums" data-label=t(WalletText::BalanceAfter)>{format_idr(line.balance_after)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
