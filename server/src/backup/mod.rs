//! `webrana backup` and `webrana restore`: the whole database as one file, kept in a folder
//! or an S3-compatible bucket (`place.rs`) with the newest `keep` retained, and put back
//! into an empty database. Each engine uses its own tool for a consistent copy while the
//! app keeps serving: SQLite's online backup API (`sqlite.rs`), `pg_dump`/`pg_restore` for
//! PostgreSQL (`postgres.rs`). Scheduling is the platform's (a Kubernetes CronJob, the
//! compose `backup` service, cron on one machine; docs/DEPLOY.md); recovery is
//! docs/RUNBOOK.md, "Backups and restore".
//!
//! A backup's name says its engine and when it was taken, in UTC
//! (`webrana-sqlite-20261206T160000Z.db`), so names sort by time and a restore from a
//! place takes the newest of the engine it restores into.

mod place;
mod postgres;
mod sqlite;
mod transport;

pub use place::Place;

use anyhow::{Context, bail};
use app::db::{DatabaseUrl, Engine};
use chrono::{DateTime, Utc};

/// How many backups `webrana backup` keeps unless told otherwise (`--keep`).
pub const DEFAULT_KEEP: usize = 14;

const PREFIX: &str = "webrana-";

fn engine_of(url: &DatabaseUrl) -> Engine {
    match url {
        DatabaseUrl::Sqlite(_) => Engine::Sqlite,
        DatabaseUrl::Postgres(_) => Engine::Postgres,
    }
}

fn engine_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    }
}

fn extension(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "db",
        Engine::Postgres => "dump",
    }
}

/// `webrana-<engine>-<UTC time>.<db|dump>`.
fn file_name(engine: Engine, at: DateTime<Utc>) -> String {
    format!(
        "{PREFIX}{}-{}.{}",
        engine_name(engine),
        at.format("%Y%m%dT%H%M%SZ"),
        extension(engine)
    )
}

/// Whether `name` is a finished backup of `engine` (not someone else's file, not a partial one).
fn is_backup_of(name: &str, engine: Engine) -> bool {
    let Some(rest) = name.strip_prefix(&format!("{PREFIX}{}-", engine_name(engine))) else {
        return false;
    };
    let Some(stamp) = rest.strip_suffix(&format!(".{}", extension(engine))) else {
        return false;
    };
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").is_ok()
}

/// The backups of `engine` in `place`, oldest first.
async fn backups_in(place: &Place, engine: Engine) -> anyhow::Result<Vec<String>> {
    let mut found: Vec<String> = place
        .names()
        .await?
        .into_iter()
        .filter(|name| is_backup_of(name, engine))
        .collect();
    found.sort();
    Ok(found)
}

/// What one backup wrote.
#[derive(Debug)]
pub struct BackupMade {
    /// Where it is, for the operator.
    pub location: String,
    pub name: String,
    pub bytes: u64,
    /// Older backups removed to keep the newest `keep`.
    pub removed: Vec<String>,
}

/// Copies the database into `place` as a new backup, checks that the copy opens, then
/// removes all but the newest `keep` backups of this engine there.
pub async fn backup(
    url: &DatabaseUrl,
    place: &Place,
    keep: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<BackupMade> {
    if keep == 0 {
        bail!("--keep must be at least 1: the backup just made is kept");
    }
    let engine = engine_of(url);
    let name = file_name(engine, now);
    let scratch = place.scratch().await?;
    if backups_in(place, engine).await?.contains(&name) {
        bail!(
            "{} exists already: one backup per second at most",
            place.describe(&name)
        );
    }
    // Written under a name no restore or retention picks up, checked, then kept under its
    // own: a crash mid-way leaves a `.partial` file, never a broken backup.
    let partial = scratch.path().join(format!("{name}.partial"));
    let written = match engine {
        Engine::Sqlite => sqlite::backup(url, &partial).await,
        Engine::Postgres => postgres::backup(url, &partial).await,
    };
    let kept = async {
        written?;
        let bytes = tokio::fs::metadata(&partial).await?.len();
        place.keep(&partial, &name).await?;
        anyhow::Ok(bytes)
    }
    .await;
    // Gone after a rename into a folder; left after an upload or a failure.
    let _ = tokio::fs::remove_file(&partial).await;
    let bytes = kept?;
    let all = backups_in(place, engine).await?;
    let mut removed = Vec::new();
    for old in &all[..all.len().saturating_sub(keep)] {
        place
            .remove(old)
            .await
            .with_context(|| format!("could not remove the old backup {}", place.describe(old)))?;
        removed.push(old.clone());
    }
    Ok(BackupMade {
        location: place.describe(&name),
        name,
        bytes,
        removed,
    })
}

/// The backup a restore reads: `from` names a backup file (in a folder or a bucket), or a
/// place whose newest backup of the target's engine is taken.
pub async fn resolve(from: &str, url: &DatabaseUrl) -> anyhow::Result<(Place, String)> {
    let engine = engine_of(url);
    let other = match engine {
        Engine::Sqlite => Engine::Postgres,
        Engine::Postgres => Engine::Sqlite,
    };
    let trimmed = from.trim_end_matches('/');
    let (parent, last) = trimmed.rsplit_once('/').unwrap_or((".", trimmed));
    if is_backup_of(last, other) {
        bail!(
            "{last} is a {} backup; DATABASE_URL is a {} database",
            engine_name(other),
            engine_name(engine)
        );
    }
    if is_backup_of(last, engine) {
        let place = Place::parse(if parent.is_empty() { "/" } else { parent })?;
        if !backups_in(&place, engine).await?.iter().any(|name| name == last) {
            bail!("{from} does not exist");
        }
        return Ok((place, last.to_string()));
    }
    let place = Place::parse(from)?;
    if let Place::Folder(folder) = &place
        && !folder.is_dir()
    {
        bail!("{from} is not a backup file or folder");
    }
    let newest = backups_in(&place, engine).await?.pop().with_context(|| {
        format!(
            "{from} holds no {} backup (webrana-{}-*.{})",
            engine_name(engine),
            engine_name(engine),
            extension(engine)
        )
    })?;
    Ok((place, newest))
}

/// Puts the backup `name` of `place` into the empty database `url` names. Refuses a
/// database that holds any table: a restore never mixes with or overwrites live data.
/// Migrations are applied by the caller afterwards (a backup of an older release is
/// brought up to date).
pub async fn restore(url: &DatabaseUrl, place: &Place, name: &str) -> anyhow::Result<()> {
    let scratch = tempfile::tempdir()?;
    let local = place.local_copy(name, scratch.path()).await?;
    match engine_of(url) {
        Engine::Sqlite => sqlite::restore(url, &local).await,
        Engine::Postgres => postgres::restore(url, &local).await,
    }
}

/// What a restored database holds, for the operator to compare with what was lost.
pub async fn summary(db: &app::db::Db) -> anyhow::Result<String> {
    let mut parts = Vec::new();
    for table in ["users", "orders", "invoices", "services", "wallet_ledger"] {
        let count: i64 = app::on_db!(db, pool => {
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(pool).await?
        });
        parts.push(format!("{count} {table}"));
    }
    Ok(parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_time_and_say_their_engine() {
        let at = DateTime::parse_from_rfc3339("2026-12-06T16:00:09Z")
            .unwrap()
            .to_utc();
        let name = file_name(Engine::Postgres, at);
        assert_eq!(name, "webrana-postgres-20261206T160009Z.dump");
        assert!(is_backup_of(&name, Engine::Postgres));
        assert!(!is_backup_of(&name, Engine::Sqlite));
        assert!(!is_backup_of(
            "webrana-postgres-20261206T160009Z.partial",
            Engine::Postgres
        ));
        assert!(!is_backup_of("webrana-postgres-latest.dump", Engine::Postgres));
        let later = file_name(Engine::Postgres, at + chrono::Duration::seconds(1));
        assert!(name < later);
    }
}
