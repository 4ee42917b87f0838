//! The simulated cloud: the default provider, so the whole flow works offline.
//!
//! Instances live in the database (they survive restarts and are shared by every app
//! instance) and change state with time, read from the injectable clock: `creating` until
//! `create_delay` has passed, then `running`; actions pass through `busy` / `rebuilding`
//! for `action_delay`. Addresses come from the documentation ranges (RFC 5737 / RFC 3849).
//! Admins and tests can make the next calls fail ([`Fault`]).

use super::provider::{
    CloudProvider, CreateInstance, Instance, InstanceAction, InstanceState, Listing, ProviderError,
    RemoteItem,
};
use crate::clock::SharedClock;
use crate::db::{Db, Tx};
use crate::{on_db, on_tx};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::time::Duration;

pub const SLUG: &str = "simulated";

/// What the simulated cloud offers: (id, name) of its regions, sizes and images.
const REGIONS: &[(&str, &str)] = &[("jkt-lab", "Jakarta"), ("sgp-lab", "Singapore")];
const SIZES: &[(&str, &str)] = &[
    ("lab-1c-1gb", "1 vCPU, 1 GB"),
    ("lab-2c-4gb", "2 vCPU, 4 GB"),
    ("lab-4c-8gb", "4 vCPU, 8 GB"),
];
const IMAGES: &[(&str, &str)] = &[
    ("ubuntu-24.04", "Ubuntu 24.04 LTS"),
    ("debian-12", "Debian 12"),
    ("rocky-9", "Rocky Linux 9"),
];

/// A failure the simulated cloud can be told to produce, for the next `n` calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `create` is refused (a permanent error, as a real provider's 422).
    CreateFails,
    /// Actions time out (a retryable error).
    ActionTimesOut,
}

impl Fault {
    pub const ALL: [Fault; 2] = [Fault::CreateFails, Fault::ActionTimesOut];

    pub fn from_code(code: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|fault| fault.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Fault::CreateFails => "create_fails",
            Fault::ActionTimesOut => "action_times_out",
        }
    }
}

#[derive(Clone)]
pub struct SimulatedCloud {
    db: Db,
    clock: SharedClock,
    create_delay: Duration,
    action_delay: Duration,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    state: String,
    target_state: Option<String>,
    busy_until: Option<DateTime<Utc>>,
    ipv4: String,
    ipv6: String,
    size: String,
}

const COLUMNS: &str = "id, state, target_state, busy_until, ipv4, ipv6, size";

impl SimulatedCloud {
    pub fn new(db: Db, clock: SharedClock, create_delay: Duration, action_delay: Duration) -> SimulatedCloud {
        SimulatedCloud {
            db,
            clock,
            create_delay,
            action_delay,
        }
    }

    /// Makes the next `count` calls of one kind fail (0 clears the fault).
    pub async fn inject(&self, fault: Fault, count: i32) -> Result<(), sqlx::Error> {
        let mut tx = self.db.begin().await?;
        set_fault_in(&mut tx, fault, count).await?;
        tx.commit().await
    }

    /// How many more calls of this kind will fail.
    pub async fn pending(&self, fault: Fault) -> Result<i32, sqlx::Error> {
        Ok(pending_faults(&self.db)
            .await?
            .into_iter()
            .find_map(|(kind, remaining)| (kind == fault).then_some(remaining))
            .unwrap_or_default())
    }

    /// Uses up one planned failure, atomically; true if this call must fail.
    async fn take_fault(&self, fault: Fault) -> Result<bool, ProviderError> {
        on_db!(&self.db, pool => sqlx::query(
            "UPDATE simulated_faults SET remaining = remaining - 1 WHERE kind = $1 AND remaining > 0",
        )
        .bind(fault.code())
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1))
        .map_err(unavailable)
    }

    async fn row(&self, sql_filter: &str, value: &str) -> Result<Option<Row>, ProviderError> {
        let sql =
            format!("SELECT {COLUMNS} FROM simulated_instances WHERE {sql_filter} AND state <> 'deleted'");
        let row =
            on_db!(&self.db, pool => sqlx::query_as::<_, Row>(&sql).bind(value).fetch_optional(pool).await)
                .map_err(unavailable)?;
        match row {
            Some(row) => self.settle(row).await.map(Some),
            None => Ok(None),
        }
    }

    /// Finishes a transition whose time has come, so reads see the state it ends in.
    async fn settle(&self, mut row: Row) -> Result<Row, ProviderError> {
        let now = self.clock.now();
        let (Some(target), Some(until)) = (&row.target_state, row.busy_until) else {
            return Ok(row);
        };
        if until > now {
            return Ok(row);
        }
        let target = target.clone();
        on_db!(&self.db, pool => sqlx::query(
            "UPDATE simulated_instances SET state = $2, target_state = NULL, busy_until = NULL, updated_at = $3 \
             WHERE id = $1 AND busy_until IS NOT NULL AND busy_until <= $3",
        )
        .bind(&row.id)
        .bind(&target)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(unavailable)?;
        row.state = target;
        row.target_state = None;
        row.busy_until = None;
        Ok(row)
    }

    async fn start_transition(
        &self,
        id: &str,
        during: InstanceState,
        target: InstanceState,
    ) -> Result<(), ProviderError> {
        let now = self.clock.now();
        let until = now + chrono::Duration::from_std(self.action_delay).unwrap_or_default();
        on_db!(&self.db, pool => sqlx::query(
            "UPDATE simulated_instances SET state = $2, target_state = $3, busy_until = $4, updated_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(during.code())
        .bind(target.code())
        .bind(until)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(unavailable)
    }
}

/// Makes the next `count` calls of one kind fail, in the caller's transaction (an admin's
/// change commits with its audit entry).
pub async fn set_fault_in(tx: &mut Tx, fault: Fault, count: i32) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO simulated_faults (kind, remaining) VALUES ($1, $2) \
         ON CONFLICT (kind) DO UPDATE SET remaining = excluded.remaining",
    )
    .bind(fault.code())
    .bind(count.max(0))
    .execute(&mut *conn)
    .await
    .map(|_| ()))
}

/// Every kind of fault with how many calls it will still fail.
pub async fn pending_faults(db: &Db) -> Result<Vec<(Fault, i32)>, sqlx::Error> {
    let rows: Vec<(String, i32)> = on_db!(db, pool => sqlx::query_as("SELECT kind, remaining FROM simulated_faults").fetch_all(pool).await)?;
    Ok(Fault::ALL
        .into_iter()
        .map(|fault| {
            let remaining = rows
                .iter()
                .find(|(kind, _)| kind == fault.code())
                .map_or(0, |(_, n)| *n);
            (fault, remaining)
        })
        .collect())
}

fn unavailable(error: sqlx::Error) -> ProviderError {
    ProviderError::retryable(format!("simulated cloud unavailable: {error}"))
}

impl Row {
    fn instance(&self) -> Instance {
        let state = InstanceState::from_code(&self.state).unwrap_or(InstanceState::Busy);
        // Like a real cloud, addresses show once the machine is built.
        let addressed = state != InstanceState::Creating;
        Instance {
            id: self.id.clone(),
            state,
            ipv4: addressed.then(|| self.ipv4.clone()),
            ipv6: addressed.then(|| self.ipv6.clone()),
            size: Some(self.size.clone()),
            raw: serde_json::json!({
                "id": self.id,
                "state": self.state,
                "target_state": self.target_state,
                "busy_until": self.busy_until,
                "ipv4": self.ipv4,
                "ipv6": self.ipv6,
            }),
        }
    }
}

/// A stable, distinct address per instance from the documentation ranges.
fn addresses(id: &uuid::Uuid) -> (String, String) {
    let bytes = id.as_bytes();
    (
        format!("203.0.113.{}", 1 + bytes[15] % 254),
        format!("2001:db8:{:x}{:02x}::1", bytes[14], bytes[15]),
    )
}

#[async_trait]
impl CloudProvider for SimulatedCloud {
    fn slug(&self) -> &'static str {
        SLUG
    }

    async fn find_by_tag(&self, tag: &str) -> Result<Option<Instance>, ProviderError> {
        Ok(self.row("tag = $1", tag).await?.map(|row| row.instance()))
    }

    async fn create(&self, request: &CreateInstance) -> Result<Instance, ProviderError> {
        if self.take_fault(Fault::CreateFails).await? {
            return Err(ProviderError::permanent(
                "simulated: the provider refused to create the instance",
            ));
        }
        let uuid = uuid::Uuid::new_v4();
        let id = format!("sim-{}", &uuid.simple().to_string()[..12]);
        let (ipv4, ipv6) = addresses(&uuid);
        let now = self.clock.now();
        let ready = now + chrono::Duration::from_std(self.create_delay).unwrap_or_default();
        on_db!(&self.db, pool => sqlx::query(
            "INSERT INTO simulated_instances (id, tag, hostname, region, size, image, state, target_state, busy_until, \
             ipv4, ipv6, root_password, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'creating', 'running', $7, $8, $9, $11, $10, $10)",
        )
        .bind(&id)
        .bind(&request.tag)
        .bind(&request.hostname)
        .bind(&request.region)
        .bind(&request.size)
        .bind(&request.image)
        .bind(ready)
        .bind(&ipv4)
        .bind(&ipv6)
        .bind(now)
        .bind(&request.root_password)
        .execute(pool)
        .await
        .map(|_| ()))
        .map_err(unavailable)?;
        Ok(Instance {
            raw: serde_json::json!({ "id": id, "state": "creating", "busy_until": ready }),
            id,
            state: InstanceState::Creating,
            ipv4: None,
            ipv6: None,
            size: Some(request.size.clone()),
        })
    }

    async fn get(&self, id: &str) -> Result<Option<Instance>, ProviderError> {
        Ok(self.row("id = $1", id).await?.map(|row| row.instance()))
    }

    async fn metrics(
        &self,
        id: &str,
        start: i64,
        end: i64,
    ) -> Result<Option<crate::provisioning::InstanceMetrics>, ProviderError> {
        let Some(row) = self.row("id = $1", id).await? else {
            return Ok(None);
        };
        let running = row.instance().state == InstanceState::Running;
        Ok(Some(crate::provisioning::metrics::simulated(
            id, start, end, running,
        )))
    }

    async fn act(&self, id: &str, action: &InstanceAction) -> Result<(), ProviderError> {
        if self.take_fault(Fault::ActionTimesOut).await? {
            return Err(ProviderError::retryable("simulated: the action timed out"));
        }
        let Some(row) = self.row("id = $1", id).await? else {
            return Err(ProviderError::permanent("simulated: no such instance"));
        };
        let state = row.instance().state;
        let (during, target) = match (action, state) {
            (InstanceAction::PowerOn, InstanceState::Off) => (InstanceState::Busy, InstanceState::Running),
            (InstanceAction::PowerOff, InstanceState::Running) => (InstanceState::Busy, InstanceState::Off),
            (InstanceAction::Reboot, InstanceState::Running) => (InstanceState::Busy, InstanceState::Running),
            (InstanceAction::Rebuild { .. }, InstanceState::Running | InstanceState::Off) => {
                (InstanceState::Rebuilding, InstanceState::Running)
            }
            // Like DigitalOcean: only a machine that is off changes size.
            (InstanceAction::Resize { .. }, InstanceState::Off) => (InstanceState::Busy, InstanceState::Off),
            _ => {
                return Err(ProviderError::permanent(format!(
                    "simulated: cannot {action:?} an instance that is {}",
                    state.code()
                )));
            }
        };
        if let InstanceAction::Resize { size } = action {
            on_db!(&self.db, pool => sqlx::query("UPDATE simulated_instances SET size = $2 WHERE id = $1")
                .bind(id)
                .bind(size)
                .execute(pool)
                .await
                .map(|_| ()))
            .map_err(unavailable)?;
        }
        if let InstanceAction::Rebuild { image, root_password } = action {
            on_db!(&self.db, pool => sqlx::query("UPDATE simulated_instances SET image = $2, root_password = $3 WHERE id = $1")
                .bind(id)
                .bind(image)
                .bind(root_password)
                .execute(pool)
                .await
                .map(|_| ()))
            .map_err(unavailable)?;
        }
        self.start_transition(id, during, target).await
    }

    async fn delete(&self, id: &str) -> Result<(), ProviderError> {
        on_db!(&self.db, pool => sqlx::query("UPDATE simulated_instances SET state = 'deleted', updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(self.clock.now())
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(unavailable)
    }

    async fn list(&self, what: Listing) -> Result<Vec<RemoteItem>, ProviderError> {
        let items = match what {
            Listing::Regions => REGIONS,
            Listing::Sizes => SIZES,
            Listing::Images => IMAGES,
        };
        Ok(items
            .iter()
            .map(|(id, name)| RemoteItem {
                id: (*id).into(),
                name: (*name).into(),
            })
            .collect())
    }
}
