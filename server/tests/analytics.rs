//! The admin home's numbers against a count of our own: a generated business history
//! (`server::seed::business`), its figures and charts computed here from what was
//! generated, and compared with the report — with some days rolled up and the rest counted
//! live, then all rolled up, then rolled up again.

mod common;

use app::analytics::report::ssr::{Period, build};
use app::analytics::rollup;
use app::analytics::{BusinessReport, FigureKind, Grain};
use app::clock::Clock;
use app::db::Engine;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use common::ClockedDb;
use server::seed::business::{BusinessSpec, GeneratedBusiness, GeneratedOrder, generate};
use std::collections::BTreeMap;

on_both_engines!(the_report_matches_a_count_of_the_generated_business);

fn wib_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&FixedOffset::east_opt(7 * 3600).unwrap())
        .date_naive()
}

/// The instant the WIB day after `day` begins.
fn end_of(day: NaiveDate) -> DateTime<Utc> {
    (day + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(FixedOffset::east_opt(7 * 3600).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// A server running at `end`: made active before it and not terminated by then.
fn standing_at(order: &GeneratedOrder, end: DateTime<Utc>) -> bool {
    order.active_at.is_some_and(|at| at < end) && order.terminated_at.is_none_or(|at| at >= end)
}

/// Label and value of each bucket of a chart.
type Series = Vec<(String, i64)>;

fn within(at: Option<DateTime<Utc>>, from: NaiveDate, until: NaiveDate) -> bool {
    at.is_some_and(|at| (from..=until).contains(&wib_day(at)))
}

/// The figures of `from..=until`, counted from the generated records.
fn expected_figures(
    business: &GeneratedBusiness,
    from: NaiveDate,
    until: NaiveDate,
) -> BTreeMap<&'static str, i64> {
    let orders = &business.orders;
    let count = |pick: &dyn Fn(&GeneratedOrder) -> Option<DateTime<Utc>>| {
        orders
            .iter()
            .filter(|order| within(pick(order), from, until))
            .count() as i64
    };
    let end = end_of(until);
    let standing = orders.iter().filter(|order| standing_at(order, end));
    let price = |order: &GeneratedOrder| match order.upgraded {
        Some((at, price)) if at < end => price,
        _ => order.monthly_price,
    };
    let active = count(&|order| order.active_at);
    let failed = count(&|order| order.failed_at);
    let mut durations: Vec<i64> = orders
        .iter()
        .filter(|order| within(order.active_at, from, until))
        .map(|order| {
            app::analytics::facts::duration_bucket(
                (order.active_at.unwrap() - order.paid_at.unwrap()).num_seconds(),
            )
        })
        .collect();
    durations.sort_unstable();
    let median = if durations.is_empty() {
        0
    } else {
        durations[(durations.len() - 1) / 2]
    };
    BTreeMap::from([
        (
            "revenue",
            orders
                .iter()
                .filter(|order| within(order.paid_at, from, until))
                .map(|order| order.total)
                .sum(),
        ),
        (
            "refunds",
            orders
                .iter()
                .filter(|order| within(order.refunded_at, from, until))
                .map(|order| order.total)
                .sum(),
        ),
        (
            "customers",
            business
                .customers
                .iter()
                .filter(|customer| within(Some(customer.created_at), from, until))
                .count() as i64,
        ),
        ("created", count(&|order| Some(order.created_at))),
        ("paid", count(&|order| order.paid_at)),
        ("failed", failed),
        (
            "cancelled",
            count(&|order| order.dropped_at) + count(&|order| order.refunded_at),
        ),
        ("active", active),
        ("services", standing.clone().count() as i64),
        ("mrr", standing.map(price).sum()),
        (
            "success",
            if active + failed == 0 {
                0
            } else {
                active * 1000 / (active + failed)
            },
        ),
        ("median", median),
    ])
}

fn reported_figures(report: &BusinessReport, previous: bool) -> BTreeMap<&'static str, i64> {
    let value = |kind| {
        let figure = report.figure(kind).expect("figure reported");
        if previous {
            figure.previous.expect("previous value")
        } else {
            figure.value
        }
    };
    let funnel_active = if previous {
        None
    } else {
        Some(report.funnel[2].value)
    };
    let mut figures = BTreeMap::from([
        ("revenue", value(FigureKind::Revenue)),
        ("refunds", value(FigureKind::Refunds)),
        ("customers", value(FigureKind::NewCustomers)),
        ("created", value(FigureKind::OrdersCreated)),
        ("paid", value(FigureKind::OrdersPaid)),
        ("failed", value(FigureKind::OrdersFailed)),
        ("cancelled", value(FigureKind::OrdersCancelled)),
        ("services", value(FigureKind::ActiveServices)),
        ("mrr", value(FigureKind::Mrr)),
        ("success", value(FigureKind::ProvisioningSuccess)),
        ("median", value(FigureKind::TimeToActive)),
    ]);
    figures.insert("active", funnel_active.unwrap_or_default());
    figures
}

/// Revenue per bucket and terminations per month, counted from the records.
fn expected_series(
    business: &GeneratedBusiness,
    from: NaiveDate,
    until: NaiveDate,
    grain: Grain,
) -> (Series, Series) {
    let start = |day: NaiveDate, grain: Grain| match grain {
        Grain::Day => day,
        Grain::Week => day - Duration::days(day.weekday().num_days_from_monday() as i64),
        Grain::Month => day.with_day(1).unwrap(),
    };
    let mut revenue = BTreeMap::<NaiveDate, i64>::new();
    let mut churn = BTreeMap::<NaiveDate, i64>::new();
    let mut day = from;
    while day <= until {
        revenue.entry(start(day, grain)).or_default();
        churn.entry(start(day, Grain::Month)).or_default();
        day += Duration::days(1);
    }
    for order in &business.orders {
        if within(order.paid_at, from, until) {
            *revenue
                .get_mut(&start(wib_day(order.paid_at.unwrap()), grain))
                .unwrap() += order.total;
        }
        if within(order.terminated_at, from, until) {
            *churn
                .get_mut(&start(wib_day(order.terminated_at.unwrap()), Grain::Month))
                .unwrap() += 1;
        }
    }
    let text = |map: BTreeMap<NaiveDate, i64>| {
        map.into_iter()
            .map(|(day, value)| (day.to_string(), value))
            .collect()
    };
    (text(revenue), text(churn))
}

/// Services standing at the end of `until`, by provider slug.
fn expected_by_provider(business: &GeneratedBusiness, until: NaiveDate) -> BTreeMap<String, i64> {
    let end = end_of(until);
    let mut counts = BTreeMap::new();
    for order in &business.orders {
        if standing_at(order, end) {
            *counts.entry(order.provider_slug.clone()).or_default() += 1;
        }
    }
    counts
}

async fn check(
    db: &app::db::Db,
    clock: &dyn Clock,
    business: &GeneratedBusiness,
    from: NaiveDate,
    until: NaiveDate,
) -> BusinessReport {
    let today = app::clock::wib_date(&clock.now());
    let period = Period::parse(&from.to_string(), &until.to_string(), 0, &today).expect("valid period");
    let report = build(db, clock, period, None).await.expect("report");
    let days = (until - from).num_days() + 1;
    let (previous_from, previous_until) = (from - Duration::days(days), from - Duration::days(1));
    assert_eq!(
        reported_figures(&report, false),
        expected_figures(business, from, until),
        "{from}..{until}"
    );
    let mut before = expected_figures(business, previous_from, previous_until);
    before.insert("active", 0);
    assert_eq!(
        reported_figures(&report, true),
        before,
        "previous period of {from}..{until}"
    );
    let funnel: Vec<i64> = report.funnel.iter().map(|bucket| bucket.value).collect();
    let now = expected_figures(business, from, until);
    assert_eq!(funnel, vec![now["created"], now["paid"], now["active"]]);
    let (revenue, churn) = expected_series(business, from, until, report.grain);
    let series = |buckets: &[app::analytics::Bucket]| {
        buckets
            .iter()
            .map(|bucket| (bucket.label.clone(), bucket.value))
            .collect::<Vec<_>>()
    };
    assert_eq!(series(&report.revenue), revenue, "revenue by {:?}", report.grain);
    assert_eq!(series(&report.churn), churn, "terminations per month");
    let names: Vec<(String, String)> = app::on_db!(db, pool => sqlx::query_as("SELECT slug, name FROM providers").fetch_all(pool).await.unwrap());
    let by_provider: BTreeMap<String, i64> = expected_by_provider(business, until)
        .into_iter()
        .map(|(slug, count)| (names.iter().find(|(s, _)| *s == slug).unwrap().1.clone(), count))
        .collect();
    let reported: BTreeMap<String, i64> = report
        .by_provider
        .iter()
        .map(|bucket| (bucket.label.clone(), bucket.value))
        .collect();
    assert_eq!(reported, by_provider);
    assert_eq!(
        report.by_region.iter().map(|bucket| bucket.value).sum::<i64>(),
        now["services"]
    );
    report
}

async fn the_report_matches_a_count_of_the_generated_business(engine: Engine) {
    let ClockedDb { db, clock, .. } = &ClockedDb::create(engine).await;
    server::seed::seed_catalog(db, clock).await.expect("catalog");
    let spec = BusinessSpec {
        customers: 250,
        orders: 3_000,
        days: 200,
        end: clock.now(),
        seed: 7,
    };
    let business = generate(db, &spec).await.expect("generated");
    let today = wib_day(clock.now());
    // Days up to three weeks ago rolled up; the rest counted live.
    let mut day = wib_day(
        business
            .customers
            .iter()
            .map(|customer| customer.created_at)
            .min()
            .unwrap(),
    );
    while day <= today - Duration::days(21) {
        rollup::roll_day(db, clock, &day.to_string())
            .await
            .expect("rolled up");
        day += Duration::days(1);
    }
    let periods = [
        (today - Duration::days(29), today),
        (today - Duration::days(89), today),
        (today - Duration::days(364), today),
        (today - Duration::days(40), today - Duration::days(25)),
    ];
    let mut reports = Vec::new();
    for (from, until) in periods {
        reports.push(check(db, clock, &business, from, until).await);
    }
    assert_eq!(reports[0].grain, Grain::Day);
    assert_eq!(reports[1].grain, Grain::Week);
    assert_eq!(reports[2].grain, Grain::Month);
    // Nothing above compared zeros with zeros.
    let year = &reports[2];
    for kind in [
        FigureKind::Revenue,
        FigureKind::Refunds,
        FigureKind::Mrr,
        FigureKind::ActiveServices,
        FigureKind::OrdersFailed,
        FigureKind::TimeToActive,
    ] {
        assert!(year.figure(kind).unwrap().value > 0, "{kind:?} over the year");
    }
    assert!(year.churn.iter().any(|bucket| bucket.value > 0), "terminations");
    assert!(
        reports[1].figure(FigureKind::Mrr).unwrap().previous.unwrap() > 0,
        "MRR 90 days ago"
    );
    // Everything closed rolled up, and again: the same numbers.
    let rolled = rollup::roll_up(db, clock).await.expect("rolled up");
    // From three weeks ago to the last closed day: yesterday, or the day before in the hour
    // after midnight (WIB), while late writes to yesterday may still come.
    let last_closed: chrono::NaiveDate = rollup::last_closed_day(clock.now()).parse().unwrap();
    let closed = (last_closed - (today - Duration::days(21))).num_days();
    assert!(closed >= 19, "{last_closed}");
    assert_eq!(rolled as i64, closed, "the days after the rolled ones");
    assert_eq!(rollup::roll_up(db, clock).await.expect("nothing more"), 0);
    for day in [today - Duration::days(30), today - Duration::days(3)] {
        rollup::roll_day(db, clock, &day.to_string())
            .await
            .expect("rolled again");
    }
    for ((from, until), report) in periods.into_iter().zip(&reports) {
        assert_eq!(&check(db, clock, &business, from, until).await, report);
    }

    // A late change to a closed day, rolled again, reaches the running totals of every day
    // after it: a server still running turns out to have ended 30 days ago.
    let ended_on = today - Duration::days(30);
    let order = business
        .orders
        .iter()
        .find(|order| {
            order.terminated_at.is_none()
                && order.upgraded.is_none()
                && order.active_at.is_some_and(|at| wib_day(at) < ended_on)
        })
        .expect("a server running since before");
    app::on_db!(db, pool => sqlx::query("UPDATE services SET status = 'TERMINATED', terminated_at = $1 WHERE order_id = $2")
        .bind(end_of(ended_on) - Duration::hours(12))
        .bind(&order.id)
        .execute(pool)
        .await
        .map(|_| ())
        .unwrap());
    rollup::roll_day(db, clock, &ended_on.to_string())
        .await
        .expect("rolled again");
    let figure = |report: &BusinessReport, kind| report.figure(kind).unwrap().clone();
    let (month, weeks) = (&reports[0], &reports[3]);
    let month_after = build(
        db,
        clock,
        Period {
            from: today - Duration::days(29),
            until: today,
        },
        None,
    )
    .await
    .expect("report");
    for kind in [FigureKind::ActiveServices, FigureKind::Mrr] {
        let drop = if kind == FigureKind::Mrr {
            order.monthly_price
        } else {
            1
        };
        let (was, is) = (figure(month, kind), figure(&month_after, kind));
        assert_eq!(is.value, was.value - drop, "{kind:?} at the end");
        assert_eq!(
            is.previous.unwrap(),
            was.previous.unwrap() - drop,
            "{kind:?} before"
        );
    }
    let weeks_after = build(
        db,
        clock,
        Period {
            from: today - Duration::days(40),
            until: today - Duration::days(25),
        },
        None,
    )
    .await
    .expect("report");
    let churn = |report: &BusinessReport| report.churn.iter().map(|bucket| bucket.value).sum::<i64>();
    assert_eq!(
        churn(&weeks_after),
        churn(weeks) + 1,
        "the termination in its month"
    );
    assert_eq!(
        figure(&weeks_after, FigureKind::ActiveServices).value,
        figure(weeks, FigureKind::ActiveServices).value - 1
    );
}
