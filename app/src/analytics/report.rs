//! The admin home's report: figures over a period against the period before it, and the
//! chart series.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FigureKind {
    /// Paid invoices (orders, renewals, upgrades; not top-ups), rupiah.
    Revenue,
    /// Credit notes issued, rupiah.
    Refunds,
    /// Monthly recurring revenue at the period's end: the monthly list price of every
    /// service not terminated, rupiah.
    Mrr,
    NewCustomers,
    OrdersCreated,
    OrdersPaid,
    /// Orders whose provisioning failed (each failure counts).
    OrdersFailed,
    /// Orders cancelled or expired unpaid.
    OrdersCancelled,
    /// Services not terminated at the period's end.
    ActiveServices,
    /// Orders made active of those made active or failed, per thousand.
    ProvisioningSuccess,
    /// Median time from payment to a running server, seconds.
    TimeToActive,
}

/// A figure over the period, and over the period before (`None` where it has no meaning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub kind: FigureKind,
    pub value: i64,
    pub previous: Option<i64>,
}

/// A chart's bar: a day (`YYYY-MM-DD`, the first day of a week or month) or a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub label: String,
    pub value: i64,
}

/// How revenue is grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grain {
    Day,
    Week,
    Month,
}

impl Grain {
    pub fn code(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
        }
    }

    pub fn from_code(code: &str) -> Option<Grain> {
        [Grain::Day, Grain::Week, Grain::Month]
            .into_iter()
            .find(|grain| grain.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessReport {
    /// The period's first and last day (WIB, both included), and the period before.
    pub from: String,
    pub until: String,
    pub previous_from: String,
    pub previous_until: String,
    pub grain: Grain,
    pub figures: Vec<Figure>,
    /// Revenue per day, week or month of the period.
    pub revenue: Vec<Bucket>,
    /// Orders created, paid and made active in the period.
    pub funnel: Vec<Bucket>,
    /// Services terminated per month of the period.
    pub churn: Vec<Bucket>,
    /// Services not terminated at the period's end, by provider (name) and region
    /// ("Provider · city").
    pub by_provider: Vec<Bucket>,
    pub by_region: Vec<Bucket>,
}

impl BusinessReport {
    /// The figure of `kind`.
    pub fn figure(&self, kind: FigureKind) -> Option<&Figure> {
        self.figures.iter().find(|figure| figure.kind == kind)
    }
}

/// The report over `from..=until` (`YYYY-MM-DD`, WIB; without `from`: the `days` (default
/// 30) up to `until`; without `until`: up to today), revenue by `grain` (`day`, `week`,
/// `month`; default by the period's length). Staff only.
#[server(endpoint = "admin/analytics")]
pub async fn load_business_report(
    #[server(default)] from: String,
    #[server(default)] until: String,
    #[server(default)] days: i64,
    #[server(default)] grain: String,
) -> Result<BusinessReport, AppError> {
    use crate::accounts::Role;
    use crate::accounts::validation::field_error;
    use crate::ui::FormText;
    crate::accounts::auth::ssr::require_staff(Role::Support).await?;
    let state = crate::state::AppState::from_context()?;
    let today = crate::clock::wib_date(&state.clock.now());
    let period = ssr::Period::parse(&from, &until, days, &today)
        .ok_or_else(|| field_error("from", FormText::DateInvalid))?;
    ssr::build(&state.db, state.clock.as_ref(), period, Grain::from_code(&grain))
        .await
        .map_err(AppError::internal)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::analytics::facts::{self, Fact};
    use crate::analytics::{shift_day, store};
    use crate::clock::{Clock, wib_date, wib_day_start};
    use crate::db::Db;
    use chrono::{Datelike, NaiveDate};
    use std::collections::{BTreeMap, HashMap};

    /// The longest period a report covers (about three years).
    const MAX_DAYS: i64 = 1100;

    /// A period of whole days, `from..=until`.
    #[derive(Debug, Clone)]
    pub struct Period {
        pub from: NaiveDate,
        pub until: NaiveDate,
    }

    impl Period {
        /// From form fields: no `until` means today, no `from` the `days` (default 30) up to
        /// `until`; `None` when a date is not one, or the period runs backwards or is too long.
        pub fn parse(from: &str, until: &str, days: i64, today: &str) -> Option<Period> {
            let date = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
            let until = if until.trim().is_empty() {
                date(today)?
            } else {
                date(until)?
            };
            let days = if days > 0 { days.min(MAX_DAYS) } else { 30 };
            let from = if from.trim().is_empty() {
                until - chrono::Duration::days(days - 1)
            } else {
                date(from)?
            };
            let days = (until - from).num_days() + 1;
            (1..=MAX_DAYS).contains(&days).then_some(Period { from, until })
        }

        fn days(&self) -> i64 {
            (self.until - self.from).num_days() + 1
        }

        /// The period of the same length just before.
        fn previous(&self) -> Period {
            let until = self.from - chrono::Duration::days(1);
            Period {
                from: until - chrono::Duration::days(self.days() - 1),
                until,
            }
        }
    }

    fn text(date: NaiveDate) -> String {
        date.format("%Y-%m-%d").to_string()
    }

    /// Where a report's facts come from: the running totals of closed days, stored up to
    /// `rolled`; each day after it as the rollup stored it so far (up to an hour or two ago)
    /// plus the time since, counted once per report.
    struct Source<'a> {
        db: &'a Db,
        rolled: Option<String>,
        live: BTreeMap<String, Vec<Fact>>,
    }

    impl<'a> Source<'a> {
        /// Reads the days after the last rolled one up to `until` (and today): stored part and
        /// live rest.
        async fn open(db: &'a Db, clock: &dyn Clock, until: &str) -> Result<Source<'a>, sqlx::Error> {
            let rolled = store::last_rolled_day(db).await?;
            let first_live = store::first_unrolled_day(db)
                .await?
                .unwrap_or_else(|| until.to_string());
            let last_live = wib_date(&clock.now()).min(until.to_string());
            let mut live = BTreeMap::new();
            let mut day = first_live;
            while day <= last_live {
                if let (Some(start), Some(end)) = (wib_day_start(&day, 0), wib_day_start(&day, 1)) {
                    // What the rollup stored of an open day, and the time since counted now.
                    let (mut day_facts, since) = match store::partial_day(db, &day).await? {
                        Some((covered_until, stored)) => (stored, covered_until),
                        None => (Vec::new(), start),
                    };
                    day_facts.extend(facts::between(db, since, end).await?);
                    live.insert(day.clone(), day_facts);
                }
                day = shift_day(&day, 1);
            }
            Ok(Source { db, rolled, live })
        }

        /// The totals of `metrics` from the beginning through the end of each of `days`
        /// (`YYYY-MM-DD`), summed over dimensions when `summed`: the stored running totals
        /// up to the last rolled day, plus the live days up to the day asked for.
        async fn through(
            &self,
            days: &[String],
            metrics: &[&'static str],
            summed: bool,
        ) -> Result<HashMap<String, Totals>, sqlx::Error> {
            let stored_day = |day: &String| self.rolled.as_ref().map(|rolled| day.min(rolled).clone());
            let mut read: Vec<String> = days.iter().filter_map(stored_day).collect();
            read.sort_unstable();
            read.dedup();
            let mut stored = HashMap::<String, Totals>::new();
            for (day, fact) in store::running_totals(self.db, &read, metrics, summed).await? {
                stored.entry(day).or_default().add(fact, summed);
            }
            let mut found = HashMap::new();
            for day in days {
                let mut totals = stored_day(day)
                    .and_then(|stored_day| stored.get(&stored_day).cloned())
                    .unwrap_or_default();
                for day_facts in self.live.range(..=day.clone()).map(|(_, facts)| facts) {
                    let wanted = day_facts.iter().filter(|fact| metrics.contains(&fact.metric));
                    for fact in wanted {
                        totals.add(fact.clone(), summed);
                    }
                }
                found.insert(day.clone(), totals);
            }
            Ok(found)
        }
    }

    /// Sums of count and amount per metric and dimension.
    #[derive(Default, Clone)]
    struct Totals(HashMap<(&'static str, String), (i64, i64)>);

    impl Totals {
        /// Adds `fact` (to its metric's total alone when `summed`).
        fn add(&mut self, fact: Fact, summed: bool) {
            let dimension = if summed { String::new() } else { fact.dimension };
            let entry = self.0.entry((fact.metric, dimension)).or_default();
            entry.0 += fact.count;
            entry.1 += fact.amount;
        }

        /// What was added after `earlier`, the totals of an earlier day.
        fn since(&self, earlier: &Totals) -> Totals {
            let mut change = self.clone();
            for (key, (count, amount)) in &earlier.0 {
                let entry = change.0.entry(key.clone()).or_default();
                entry.0 -= count;
                entry.1 -= amount;
            }
            change
        }

        fn count(&self, metric: &str) -> i64 {
            self.0
                .iter()
                .filter(|((m, _), _)| *m == metric)
                .map(|(_, (count, _))| count)
                .sum()
        }

        fn amount(&self, metric: &str) -> i64 {
            self.0
                .iter()
                .filter(|((m, _), _)| *m == metric)
                .map(|(_, (_, amount))| amount)
                .sum()
        }

        /// Per thousand of the orders made active or failed, that were made active.
        fn success_per_mille(&self) -> i64 {
            let (active, failed) = (self.count(facts::ORDERS_ACTIVE), self.count(facts::ORDERS_FAILED));
            if active + failed == 0 {
                0
            } else {
                active * 1000 / (active + failed)
            }
        }

        /// The median payment-to-active time: the bucket holding the middle order (the lower
        /// one of an even count).
        fn median_time_to_active(&self) -> i64 {
            let mut buckets: Vec<(i64, i64)> = self
                .0
                .iter()
                .filter(|((metric, _), _)| *metric == facts::TIME_TO_ACTIVE)
                .filter_map(|((_, seconds), (count, _))| Some((seconds.parse().ok()?, *count)))
                .collect();
            buckets.sort_unstable();
            let total: i64 = buckets.iter().map(|(_, count)| count).sum();
            let mut seen = 0;
            for (seconds, count) in buckets {
                seen += count;
                if seen * 2 >= total {
                    return seconds;
                }
            }
            0
        }

        /// Services not terminated (count) and their monthly revenue, by `provider/region`.
        fn standing(&self) -> BTreeMap<String, (i64, i64)> {
            let mut standing = BTreeMap::<String, (i64, i64)>::new();
            for ((metric, dimension), (count, amount)) in &self.0 {
                let sign = match *metric {
                    facts::SERVICES_STARTED => 1,
                    facts::SERVICES_ENDED => -1,
                    facts::SERVICES_UPGRADED => {
                        standing.entry(dimension.clone()).or_default().1 += amount;
                        continue;
                    }
                    _ => continue,
                };
                let entry = standing.entry(dimension.clone()).or_default();
                entry.0 += sign * count;
                entry.1 += sign * amount;
            }
            standing
        }
    }

    /// Revenue by day, week (from Monday) or month.
    fn default_grain(period: &Period) -> Grain {
        match period.days() {
            ..=45 => Grain::Day,
            46..=190 => Grain::Week,
            _ => Grain::Month,
        }
    }

    /// The first day of the bucket `day` falls in.
    fn bucket_start(day: NaiveDate, grain: Grain) -> NaiveDate {
        match grain {
            Grain::Day => day,
            Grain::Week => day - chrono::Duration::days(day.weekday().num_days_from_monday() as i64),
            Grain::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The buckets of the period in order: the first day of each (its label; the first
    /// may start before the period) and the period's first and last day in it.
    fn buckets(period: &Period, grain: Grain) -> Vec<(NaiveDate, NaiveDate, NaiveDate)> {
        let mut buckets = Vec::new();
        let mut first = period.from;
        while first <= period.until {
            let label = bucket_start(first, grain);
            let next = match grain {
                Grain::Day => label + chrono::Duration::days(1),
                Grain::Week => label + chrono::Duration::days(7),
                Grain::Month => label + chrono::Months::new(1),
            };
            let last = (next - chrono::Duration::days(1)).min(period.until);
            buckets.push((label, first, last));
            first = next;
        }
        buckets
    }

    /// The days whose running totals give the buckets: the day before each and its last.
    fn bucket_bounds(buckets: &[(NaiveDate, NaiveDate, NaiveDate)]) -> impl Iterator<Item = String> + '_ {
        buckets
            .iter()
            .flat_map(|(_, first, last)| [text(*first - chrono::Duration::days(1)), text(*last)])
    }

    /// Each bucket's label and the change of `value` of the running totals over its days.
    fn series(
        buckets: &[(NaiveDate, NaiveDate, NaiveDate)],
        through: &HashMap<String, Totals>,
        value: impl Fn(&Totals) -> i64,
    ) -> Vec<Bucket> {
        let at = |day: NaiveDate| through.get(&text(day)).map(&value).unwrap_or(0);
        buckets
            .iter()
            .map(|(label, first, last)| Bucket {
                label: text(*label),
                value: at(*last) - at(*first - chrono::Duration::days(1)),
            })
            .collect()
    }

    /// Services standing at the end, by provider name and by "Provider · city", most first.
    async fn by_provider_and_region(
        db: &Db,
        standing: &BTreeMap<String, (i64, i64)>,
    ) -> Result<(Vec<Bucket>, Vec<Bucket>), sqlx::Error> {
        type Names = Vec<(String, String)>;
        let (providers, regions): (Names, Names) = crate::on_db!(db, pool => (
            sqlx::query_as("SELECT slug, name FROM providers").fetch_all(pool).await?,
            sqlx::query_as("SELECT id, city FROM regions").fetch_all(pool).await?,
        ));
        let (providers, regions): (HashMap<_, _>, HashMap<_, _>) =
            (providers.into_iter().collect(), regions.into_iter().collect());
        let mut by_provider = BTreeMap::<String, i64>::new();
        let mut by_region = BTreeMap::<String, i64>::new();
        for (dimension, (count, _)) in standing.iter().filter(|(_, (count, _))| *count > 0) {
            let (provider, region) = dimension.split_once('/').unwrap_or((dimension, ""));
            let provider = providers
                .get(provider)
                .cloned()
                .unwrap_or_else(|| provider.to_string());
            let city = regions.get(region).cloned().unwrap_or_else(|| region.to_string());
            *by_region.entry(format!("{provider} · {city}")).or_default() += count;
            *by_provider.entry(provider).or_default() += count;
        }
        let ranked = |counts: BTreeMap<String, i64>| {
            let mut buckets: Vec<Bucket> = counts
                .into_iter()
                .map(|(label, value)| Bucket { label, value })
                .collect();
            buckets.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.label.cmp(&b.label)));
            buckets
        };
        Ok((ranked(by_provider), ranked(by_region)))
    }

    /// The report over `period`.
    pub async fn build(
        db: &Db,
        clock: &dyn Clock,
        period: Period,
        grain: Option<Grain>,
    ) -> Result<BusinessReport, sqlx::Error> {
        let previous = period.previous();
        let (from, until) = (text(period.from), text(period.until));
        let (previous_from, previous_until) = (text(previous.from), text(previous.until));
        let source = Source::open(db, clock, &until).await?;
        // Everything is a difference of running totals: at the end of the period, of the
        // period before, and of the day before that.
        let before_start = text(previous.from - chrono::Duration::days(1));
        let days = [before_start.clone(), previous_until.clone(), until.clone()];
        let through = source.through(&days, &facts::ALL, false).await?;
        let totals = |day: &String| through.get(day).cloned().unwrap_or_default();
        let (end, end_before) = (totals(&until), totals(&previous_until));
        let now = end.since(&end_before);
        let before = end_before.since(&totals(&before_start));
        let (standing, standing_before) = (end.standing(), end_before.standing());
        let sum = |standing: &BTreeMap<String, (i64, i64)>| {
            standing
                .values()
                .fold((0, 0), |(count, mrr), (c, m)| (count + c, mrr + m))
        };
        let ((services, mrr), (services_before, mrr_before)) = (sum(&standing), sum(&standing_before));
        let cancelled =
            |totals: &Totals| totals.count(facts::ORDERS_CANCELLED) + totals.count(facts::ORDERS_EXPIRED);
        let figure = |kind, value, previous| Figure {
            kind,
            value,
            previous: Some(previous),
        };
        let counted = |kind, metric| figure(kind, now.count(metric), before.count(metric));
        let figures = vec![
            figure(
                FigureKind::Revenue,
                now.amount(facts::REVENUE),
                before.amount(facts::REVENUE),
            ),
            figure(FigureKind::Mrr, mrr, mrr_before),
            counted(FigureKind::NewCustomers, facts::CUSTOMERS),
            counted(FigureKind::OrdersCreated, facts::ORDERS_CREATED),
            counted(FigureKind::OrdersPaid, facts::ORDERS_PAID),
            counted(FigureKind::OrdersFailed, facts::ORDERS_FAILED),
            figure(FigureKind::OrdersCancelled, cancelled(&now), cancelled(&before)),
            figure(FigureKind::ActiveServices, services, services_before),
            figure(
                FigureKind::ProvisioningSuccess,
                now.success_per_mille(),
                before.success_per_mille(),
            ),
            figure(
                FigureKind::TimeToActive,
                now.median_time_to_active(),
                before.median_time_to_active(),
            ),
            figure(
                FigureKind::Refunds,
                now.amount(facts::REFUNDS),
                before.amount(facts::REFUNDS),
            ),
        ];
        let grain = grain.unwrap_or_else(|| default_grain(&period));
        let (revenue_buckets, churn_buckets) = (buckets(&period, grain), buckets(&period, Grain::Month));
        let bounds: Vec<String> = bucket_bounds(&revenue_buckets)
            .chain(bucket_bounds(&churn_buckets))
            .collect();
        let summed = source
            .through(&bounds, &[facts::REVENUE, facts::SERVICES_ENDED], true)
            .await?;
        let funnel = [
            ("created", facts::ORDERS_CREATED),
            ("paid", facts::ORDERS_PAID),
            ("active", facts::ORDERS_ACTIVE),
        ]
        .map(|(label, metric)| Bucket {
            label: label.to_string(),
            value: now.count(metric),
        });
        let (by_provider, by_region) = by_provider_and_region(db, &standing).await?;
        Ok(BusinessReport {
            from,
            until,
            previous_from,
            previous_until,
            grain,
            figures,
            revenue: series(&revenue_buckets, &summed, |totals| totals.amount(facts::REVENUE)),
            funnel: funnel.to_vec(),
            churn: series(&churn_buckets, &summed, |totals| {
                totals.count(facts::SERVICES_ENDED)
            }),
            by_provider,
            by_region,
        })
    }
}
