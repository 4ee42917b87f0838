//! The pieces every filtered admin list (orders, services, users) is made of: filters in the
//! URL (a GET form, so a list can be bookmarked and works without JavaScript), and pages of
//! a fixed size with a link to the next one that keeps the filters.

use super::super::texts::AdminText;
use super::{BUTTON_CLASS, SELECT_CLASS};
use crate::error::AppError;
use crate::i18n::{Text, t};
use crate::ui::form::INPUT_CLASS;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The list's filters and page number, read from the URL.
#[derive(Clone, Copy)]
pub struct ListQuery {
    query: Memo<leptos_router::params::ParamsMap>,
}

impl ListQuery {
    /// Call where the page's resources are created (outside the guard's Suspense, see
    /// `SecurityPage`).
    pub fn from_url() -> ListQuery {
        ListQuery {
            query: use_query_map(),
        }
    }

    /// A filter's value, empty when absent.
    pub fn get(self, name: &str) -> String {
        self.query.read().get(name).unwrap_or_default()
    }

    /// The page shown, counted from 0.
    pub fn page(self) -> i64 {
        self.get("page").parse::<i64>().unwrap_or(0).max(0)
    }

    /// The given filters' values, for a resource's key.
    pub fn values<const N: usize>(self, names: [&'static str; N]) -> [String; N] {
        names.map(|name| self.get(name))
    }

    /// The next page's address, keeping the filters.
    fn next_page_href(self, path: &'static str, filters: &'static [&'static str]) -> String {
        let filters: String = filters
            .iter()
            .map(|name| format!("{name}={}&", crate::url::percent_encode(&self.get(name))))
            .collect();
        format!("{path}?{filters}page={}", self.page() + 1)
    }
}

/// The filter form of a list: its fields, then the "Filter" button.
#[component]
pub fn FilterForm(action: &'static str, children: Children) -> impl IntoView {
    view! {
        <form method="get" action=action class="flex flex-wrap items-end gap-3" role="search">
            {children()}
            <button type="submit" class=BUTTON_CLASS>{t(AdminText::Filter)}</button>
        </form>
    }
}

/// A free-text filter (`input_type` search, date or number).
#[component]
pub fn TextFilter(
    name: &'static str,
    label: AdminText,
    #[prop(default = "search")] input_type: &'static str,
) -> impl IntoView {
    let list = ListQuery::from_url();
    let min = (input_type == "number").then_some("0");
    view! {
        <div>
            <label for=name class="block text-sm font-medium">{t(label)}</label>
            <input id=name name=name type=input_type min=min class=INPUT_CLASS prop:value=move || list.get(name) />
        </div>
    }
}

/// A filter with fixed choices (`code`, label), plus "any".
#[component]
pub fn ChoiceFilter<M: Text>(
    name: &'static str,
    label: AdminText,
    choices: Vec<(&'static str, M)>,
) -> impl IntoView {
    let list = ListQuery::from_url();
    view! {
        <div>
            <label for=name class="block text-sm font-medium">{t(label)}</label>
            <select id=name name=name class=SELECT_CLASS>
                <option value="">{t(AdminText::Any)}</option>
                {choices.into_iter().map(|(code, text)| view! {
                    <option value=code selected=move || list.get(name) == code>{t(text)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// One page of a list: `table` draws the rows; a full page links to the next one.
#[component]
pub fn ListPage<T, V, F>(
    rows: Resource<Result<Vec<T>, AppError>>,
    page_size: i64,
    path: &'static str,
    filters: &'static [&'static str],
    table: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(Vec<T>) -> V + Copy + Send + Sync + 'static,
{
    let list = ListQuery::from_url();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                rows.await.map(|rows| {
                    let full_page = rows.len() as i64 == page_size;
                    view! {
                        {table(rows)}
                        {full_page.then(|| view! { <a href=list.next_page_href(path, filters) class="text-sm font-semibold text-sky-700 dark:text-sky-400">{t(AdminText::Next)}</a> })}
                    }
                })
            })}
        </Transition>
    }
}
