//! A generated business history for the admin home's tests and benchmark (`webrana
//! generate-business`): customers signing up, ordering, paying, servers going live, failing,
//! being refunded, moved to bigger plans and terminated, spread over the days before `end`.
//!
//! Rows are written straight into the tables (the flows that normally write them would take
//! hours for a million orders), and what was written is returned, so a test can compute
//! every number on its own and compare it with the report's.

use app::db::{Db, Tx};
use app::on_tx;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What to generate.
#[derive(Debug, Clone)]
pub struct BusinessSpec {
    pub customers: usize,
    pub orders: usize,
    /// The history covers the `days` before `end`.
    pub days: i64,
    pub end: DateTime<Utc>,
    pub seed: u64,
}

/// A generated customer.
#[derive(Debug, Clone)]
pub struct GeneratedCustomer {
    pub id: String,
    pub created_at: DateTime<Utc>,
}

/// A generated order and what became of it.
#[derive(Debug, Clone)]
pub struct GeneratedOrder {
    pub id: String,
    pub provider_slug: String,
    pub region_id: String,
    pub created_at: DateTime<Utc>,
    pub total: i64,
    pub monthly_price: i64,
    pub paid_at: Option<DateTime<Utc>>,
    /// Cancelled or expired unpaid.
    pub dropped_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    /// Refunded (credit note) after failing, with the amount.
    pub refunded_at: Option<DateTime<Utc>>,
    pub active_at: Option<DateTime<Utc>>,
    /// Moved to a bigger plan, at this new monthly price.
    pub upgraded: Option<(DateTime<Utc>, i64)>,
    pub terminated_at: Option<DateTime<Utc>>,
    /// A live server's paid period runs 8 to 38 days past `end` (renewed so far, its next
    /// renewal not yet due), so the lifecycle has nothing to do at once; a terminated one's
    /// ended when it was terminated.
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Default)]
pub struct GeneratedBusiness {
    pub customers: Vec<GeneratedCustomer>,
    pub orders: Vec<GeneratedOrder>,
}

/// A value of a generated row.
enum Cell {
    Text(String),
    Int(i64),
    Time(DateTime<Utc>),
    NoTime,
    NoText,
}

/// A sellable plan in one of its regions, with an image of its provider.
struct Offer {
    provider: String,
    plan_id: String,
    plan_name: String,
    region_id: String,
    region_label: String,
    image_id: String,
    monthly_price: i64,
}

/// Orders written per transaction.
const ORDERS_PER_TRANSACTION: usize = 5_000;

/// Generates the history. Needs a catalog (plans sold in regions, images); every generated
/// row is marked (`gen-` ids and e-mail addresses at `bench.webrana.test`).
pub async fn generate(db: &Db, spec: &BusinessSpec) -> anyhow::Result<GeneratedBusiness> {
    let offers = offers(db).await?;
    anyhow::ensure!(
        !offers.is_empty(),
        "no plan is sold in any region: seed the catalog first"
    );
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let start = spec.end - Duration::days(spec.days);
    let span = (spec.end - start).num_seconds().max(1);
    let mut business = GeneratedBusiness::default();
    let mut users = Vec::new();
    for index in 0..spec.customers {
        let created_at = start + Duration::seconds(rng.random_range(0..span));
        let id = format!("gen-user-{}-{index}", spec.seed);
        users.push(vec![
            Cell::Text(id.clone()),
            Cell::Text(format!("gen-{}-{index}@bench.webrana.test", spec.seed)),
            Cell::Text(format!("Pelanggan {index}")),
            Cell::Text("!".into()),
            Cell::Text("customer".into()),
            Cell::Time(created_at),
            Cell::Time(created_at),
            Cell::Time(created_at),
        ]);
        business.customers.push(GeneratedCustomer { id, created_at });
    }
    let mut tx = db.begin().await?;
    insert(
        &mut tx,
        "users",
        "id, email, name, password_hash, role, email_verified_at, created_at, updated_at",
        users,
    )
    .await?;
    tx.commit().await?;
    let mut sequence = next_invoice_sequence(db).await?;
    for first in (0..spec.orders).step_by(ORDERS_PER_TRANSACTION) {
        let mut rows = Rows::default();
        for index in first..(first + ORDERS_PER_TRANSACTION).min(spec.orders) {
            let customer = &business.customers[rng.random_range(0..business.customers.len())];
            let offer = &offers[rng.random_range(0..offers.len())];
            let order = order_history(&mut rng, spec, index, customer, offer);
            rows.add(&order, customer, offer, &mut sequence);
            business.orders.push(order);
        }
        let mut tx = db.begin().await?;
        rows.write(&mut tx).await?;
        tx.commit().await?;
    }
    bump_invoice_counter(db, sequence).await?;
    Ok(business)
}

/// What becomes of one order: most are paid within the hour and go live within minutes;
/// some are dropped unpaid, some fail (half of those are refunded); a few live servers move
/// to a bigger plan, some are terminated. Nothing happens after `spec.end`.
fn order_history(
    rng: &mut StdRng,
    spec: &BusinessSpec,
    index: usize,
    customer: &GeneratedCustomer,
    offer: &Offer,
) -> GeneratedOrder {
    let end = spec.end;
    let before_end = |at: DateTime<Utc>| (at < end).then_some(at);
    let window = (end - customer.created_at).num_seconds().max(1);
    let created_at = customer.created_at + Duration::seconds(rng.random_range(0..window));
    let monthly_price = offer.monthly_price;
    let mut order = GeneratedOrder {
        id: format!("gen-order-{}-{index}", spec.seed),
        provider_slug: offer.provider.clone(),
        region_id: offer.region_id.clone(),
        created_at,
        total: monthly_price + monthly_price * 11 / 100,
        monthly_price,
        paid_at: None,
        dropped_at: None,
        failed_at: None,
        refunded_at: None,
        active_at: None,
        upgraded: None,
        terminated_at: None,
        expires_at: None,
    };
    let roll = rng.random_range(0..100);
    if roll < 10 {
        order.dropped_at = before_end(created_at + Duration::hours(24));
        return order;
    }
    if roll < 15 {
        order.dropped_at = before_end(created_at + Duration::minutes(rng.random_range(1..120)));
        return order;
    }
    order.paid_at = before_end(created_at + Duration::seconds(rng.random_range(30..3600)));
    let Some(paid_at) = order.paid_at else {
        return order;
    };
    if roll < 20 {
        order.failed_at = before_end(paid_at + Duration::seconds(rng.random_range(30..300)));
        if rng.random_bool(0.5) {
            order.refunded_at = order
                .failed_at
                .and_then(|failed| before_end(failed + Duration::hours(2)));
        }
        return order;
    }
    order.active_at = before_end(paid_at + Duration::seconds(rng.random_range(20..900)));
    let Some(active_at) = order.active_at else {
        return order;
    };
    let alive = (end - active_at).num_seconds().max(1);
    if rng.random_range(0..100) < 12 {
        order.terminated_at = before_end(active_at + Duration::seconds(rng.random_range(1..alive + 1)));
    }
    if rng.random_range(0..100) < 6 {
        let until = order.terminated_at.unwrap_or(end);
        let at = active_at + Duration::seconds(rng.random_range(0..(until - active_at).num_seconds().max(1)));
        if at < until {
            order.upgraded = Some((at, monthly_price + 50_000));
        }
    }
    order.expires_at = Some(
        order
            .terminated_at
            .unwrap_or(end + Duration::days(rng.random_range(8..39))),
    );
    order
}

/// The rows of a batch of orders, table by table.
#[derive(Default)]
struct Rows {
    orders: Vec<Vec<Cell>>,
    events: Vec<Vec<Cell>>,
    invoices: Vec<Vec<Cell>>,
    services: Vec<Vec<Cell>>,
    upgrades: Vec<Vec<Cell>>,
    credit_notes: Vec<Vec<Cell>>,
}

impl GeneratedOrder {
    /// The order's status at the end of the history.
    fn status(&self) -> &'static str {
        if self.terminated_at.is_some() || self.active_at.is_some() {
            "ACTIVE"
        } else if self.failed_at.is_some() {
            if self.refunded_at.is_some() {
                "CANCELLED"
            } else {
                "PROVISIONING_FAILED"
            }
        } else if self.paid_at.is_some() {
            "PROVISIONING"
        } else if let Some(dropped) = self.dropped_at {
            if dropped - self.created_at >= Duration::hours(24) {
                "EXPIRED"
            } else {
                "CANCELLED"
            }
        } else {
            "PENDING_PAYMENT"
        }
    }
}

impl Rows {
    fn add(
        &mut self,
        order: &GeneratedOrder,
        customer: &GeneratedCustomer,
        offer: &Offer,
        sequence: &mut i64,
    ) {
        let hostname = format!("vps-{}", order.id.rsplit('-').next().unwrap_or("0"));
        self.add_order(order, customer, offer, &hostname);
        *sequence += 1;
        self.add_invoice(order, customer, *sequence);
        self.add_service(order, customer, offer, hostname);
    }

    /// The order and its status history.
    fn add_order(
        &mut self,
        order: &GeneratedOrder,
        customer: &GeneratedCustomer,
        offer: &Offer,
        hostname: &str,
    ) {
        use Cell::*;
        let status = order.status();
        self.orders.push(vec![
            Text(order.id.clone()),
            Text(customer.id.clone()),
            Text(status.into()),
            Text(offer.provider.clone()),
            Text(offer.plan_id.clone()),
            Text(offer.region_id.clone()),
            Text(offer.image_id.clone()),
            Text(hostname.into()),
            Int(1),
            Text(offer.plan_name.clone()),
            Text(offer.region_label.clone()),
            Text("Ubuntu".into()),
            Int(order.monthly_price),
            Int(order.monthly_price),
            Int(0),
            Int(0),
            Int(order.total - order.monthly_price),
            Int(order.total),
            Text(order.id.clone()),
            Time(order.created_at + Duration::hours(24)),
            Time(order.created_at),
            Time(order.created_at),
        ]);
        let mut event = |at: DateTime<Utc>, from: Option<&str>, to: &str| {
            self.events.push(vec![
                Text(uuid::Uuid::now_v7().to_string()),
                Text(order.id.clone()),
                Time(at),
                from.map(|from| Text(from.into())).unwrap_or(NoText),
                Text(to.into()),
                Text("generator".into()),
                Text(String::new()),
            ]);
        };
        event(order.created_at, None, "PENDING_PAYMENT");
        if let Some(dropped) = order.dropped_at {
            event(dropped, Some("PENDING_PAYMENT"), status);
        }
        if let Some(paid) = order.paid_at {
            event(paid, Some("PENDING_PAYMENT"), "PAID");
            event(paid, Some("PAID"), "PROVISIONING");
        }
        if let Some(failed) = order.failed_at {
            event(failed, Some("PROVISIONING"), "PROVISIONING_FAILED");
        }
        if let Some(refunded) = order.refunded_at {
            event(refunded, Some("PROVISIONING_FAILED"), "CANCELLED");
        }
        if let Some(active) = order.active_at {
            event(active, Some("PROVISIONING"), "ACTIVE");
        }
    }

    /// Its invoice, and the credit note of a refund.
    fn add_invoice(&mut self, order: &GeneratedOrder, customer: &GeneratedCustomer, sequence: i64) {
        use Cell::*;
        let invoice_id = format!("gen-invoice-{}", order.id);
        let year = order
            .created_at
            .format("%Y")
            .to_string()
            .parse::<i64>()
            .unwrap_or(2026);
        let invoice_status = if order.paid_at.is_some() {
            "paid"
        } else if order.dropped_at.is_some() {
            "void"
        } else {
            "unpaid"
        };
        self.invoices.push(vec![
            Text(invoice_id.clone()),
            Text(format!("INV/GEN/{sequence:09}")),
            Int(year),
            Int(sequence),
            Text(order.id.clone()),
            Text(customer.id.clone()),
            Text(invoice_status.into()),
            Text("Pelanggan".into()),
            Text("pelanggan@bench.webrana.test".into()),
            Text(String::new()),
            Text(String::new()),
            Int(order.monthly_price),
            Int(11),
            Int(order.total - order.monthly_price),
            Int(order.total),
            Time(order.created_at),
            Time(order.created_at + Duration::hours(24)),
            order.paid_at.map(Time).unwrap_or(NoTime),
        ]);
        if let Some(refunded) = order.refunded_at {
            self.credit_notes.push(vec![
                Text(format!("gen-credit-{}", order.id)),
                Text(format!("CN/GEN/{sequence:09}")),
                Text(invoice_id),
                Text(customer.id.clone()),
                Int(order.total),
                Text("wallet".into()),
                Text(String::new()),
                Text("provisioning failed".into()),
                Text("generator".into()),
                Time(refunded),
            ]);
        }
    }

    /// The server of an order that became active, and its plan change.
    fn add_service(
        &mut self,
        order: &GeneratedOrder,
        customer: &GeneratedCustomer,
        offer: &Offer,
        hostname: String,
    ) {
        use Cell::*;
        let Some(active) = order.active_at else { return };
        let service_id = format!("gen-service-{}", order.id);
        let service_status = if order.terminated_at.is_some() {
            "TERMINATED"
        } else {
            "ACTIVE"
        };
        self.services.push(vec![
            Text(service_id.clone()),
            Text(order.id.clone()),
            Text(customer.id.clone()),
            Text(offer.provider.clone()),
            Text(offer.plan_id.clone()),
            Text(offer.region_id.clone()),
            Text(offer.image_id.clone()),
            Text(hostname),
            Text(service_status.into()),
            Text("running".into()),
            Text(format!("gen-{}", order.id)),
            Int(1),
            Time(order.expires_at.unwrap_or(active + Duration::days(30))),
            Time(active),
            Time(order.terminated_at.unwrap_or(active)),
            order.terminated_at.map(Time).unwrap_or(NoTime),
        ]);
        if let Some((at, price)) = order.upgraded {
            self.upgrades.push(vec![
                Text(format!("gen-upgrade-{}", order.id)),
                Text(service_id),
                Text(offer.plan_id.clone()),
                Text(offer.plan_id.clone()),
                Int(price),
                Int(0),
                Time(active + Duration::days(30)),
                Text("done".into()),
                Time(at),
                Time(at),
            ]);
        }
    }

    async fn write(self, tx: &mut Tx) -> Result<(), sqlx::Error> {
        insert(
            tx,
            "orders",
            "id, user_id, status, provider_slug, plan_id, region_id, image_id, hostname, cycle_months, plan_name, \
             region_label, image_label, monthly_price, subtotal, cycle_discount, promo_discount, tax, total, \
             idempotency_key, payment_due_at, created_at, updated_at",
            self.orders,
        )
        .await?;
        insert(
            tx,
            "order_events",
            "id, order_id, occurred_at, from_status, to_status, actor_label, note",
            self.events,
        )
        .await?;
        insert(
            tx,
            "invoices",
            "id, number, year, sequence, order_id, user_id, status, customer_name, customer_email, \
             customer_company, customer_address, subtotal, tax_rate_percent, tax, total, issued_at, due_at, paid_at",
            self.invoices,
        )
        .await?;
        insert(
            tx,
            "credit_notes",
            "id, number, invoice_id, user_id, amount, method, reference, reason, actor, issued_at",
            self.credit_notes,
        )
        .await?;
        insert(
            tx,
            "services",
            "id, order_id, user_id, provider_slug, plan_id, region_id, image_id, hostname, status, power_state, \
             provider_instance_id, cycle_months, expires_at, created_at, updated_at, terminated_at",
            self.services,
        )
        .await?;
        insert(
            tx,
            "service_upgrades",
            "id, service_id, from_plan_id, to_plan_id, monthly_price, discount_percent, period_end, status, \
             created_at, updated_at",
            self.upgrades,
        )
        .await
    }
}

/// Writes `rows` into `table` in as few statements as the engines' parameter limits allow.
async fn insert(tx: &mut Tx, table: &str, columns: &str, rows: Vec<Vec<Cell>>) -> Result<(), sqlx::Error> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    // SQLite takes at most 32,766 parameters a statement (PostgreSQL 65,535).
    for chunk in rows.chunks((30_000 / width).max(1)) {
        on_tx!(tx, conn => {
            let mut builder = sqlx::QueryBuilder::new(format!("INSERT INTO {table} ({columns}) "));
            builder.push_values(chunk, |mut values, row| {
                for cell in row {
                    match cell {
                        Cell::Text(text) => values.push_bind(text.clone()),
                        Cell::Int(number) => values.push_bind(*number),
                        Cell::Time(at) => values.push_bind(*at),
                        Cell::NoTime => values.push_bind(None::<DateTime<Utc>>),
                        Cell::NoText => values.push_bind(None::<String>),
                    };
                }
            });
            builder.build().execute(&mut *conn).await?;
        });
    }
    Ok(())
}

/// Every plan in every region it is sold in, with an image of its provider.
async fn offers(db: &Db) -> Result<Vec<Offer>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String, String, i64)> = app::on_db!(db, pool => {
        sqlx::query_as(
            "SELECT p.provider_slug, p.id, p.name, r.id, r.city, \
                 (SELECT MIN(i.id) FROM os_images i WHERE i.provider_slug = p.provider_slug), p.monthly_price \
             FROM plans p JOIN plan_regions pr ON pr.plan_id = p.id JOIN regions r ON r.id = pr.region_id \
             ORDER BY p.id, r.id",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(provider, plan_id, plan_name, region_id, region_label, image_id, monthly_price)| Offer {
                provider,
                plan_id,
                plan_name,
                region_id,
                region_label,
                image_id,
                monthly_price,
            },
        )
        .collect())
}

/// Generated invoices are numbered after every invoice there is (one sequence across years,
/// far above real numbers), so real invoices issued later never meet them.
async fn next_invoice_sequence(db: &Db) -> Result<i64, sqlx::Error> {
    let highest: Option<i64> = app::on_db!(db, pool => sqlx::query_scalar("SELECT MAX(sequence) FROM invoices").fetch_one(pool).await?);
    Ok(highest.unwrap_or(0).max(100_000_000))
}

/// Moves every year's invoice counter past the generated numbers.
async fn bump_invoice_counter(db: &Db, sequence: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, conn => {
        sqlx::query(
            "INSERT INTO invoice_counters (year, last_number) SELECT DISTINCT year, $1 FROM invoices WHERE TRUE \
             ON CONFLICT (year) DO UPDATE SET last_number = excluded.last_number",
        )
        .bind(sequence)
        .execute(&mut *conn)
        .await?;
    });
    tx.commit().await
}
