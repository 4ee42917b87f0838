//! SQLite through its online backup API (rusqlite's safe binding, on the same bundled
//! SQLite sqlx uses): a consistent copy page by page while the app goes on writing (WAL:
//! the copy reads one snapshot and blocks no writer). Blocking calls, so on the blocking pool.

use anyhow::{Context, bail};
use app::db::DatabaseUrl;
use rusqlite::{Connection, OpenFlags, backup::Backup};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The database file `url` names, as the app opens it.
fn database_file(url: &DatabaseUrl) -> anyhow::Result<PathBuf> {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url.expose())
        .context("DATABASE_URL is not a SQLite URL")?;
    Ok(options.get_filename().to_path_buf())
}

/// Every page in one step: a step that yields lets a writer in, and the backup would then
/// start over (the API restarts when another connection changes the source).
fn copy(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(from, to)?;
    loop {
        match backup.step(-1)? {
            rusqlite::backup::StepResult::Done => return Ok(()),
            // Busy or locked: another connection holds the lock for a moment.
            _ => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
}

fn check_integrity(connection: &Connection) -> anyhow::Result<()> {
    let verdict: String = connection.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if verdict != "ok" {
        bail!("the copy failed SQLite's integrity check: {verdict}");
    }
    Ok(())
}

pub async fn backup(url: &DatabaseUrl, to: &Path) -> anyhow::Result<()> {
    let source = database_file(url)?;
    let to = to.to_path_buf();
    tokio::task::spawn_blocking(move || {
        if !source.is_file() {
            bail!("there is no SQLite database at {}", source.display());
        }
        // Read-write only so that a WAL database opens with or without the app running;
        // nothing is written to it.
        let from = Connection::open_with_flags(&source, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .with_context(|| format!("could not open {}", source.display()))?;
        from.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut copy_to =
            Connection::open(&to).with_context(|| format!("could not create {}", to.display()))?;
        copy(&from, &mut copy_to).context("the SQLite backup failed")?;
        check_integrity(&copy_to)
    })
    .await?
}

pub async fn restore(url: &DatabaseUrl, from: &Path) -> anyhow::Result<()> {
    let target = database_file(url)?;
    let from = from.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let source = Connection::open_with_flags(&from, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .with_context(|| format!("could not open the backup {}", from.display()))?;
        check_integrity(&source).with_context(|| format!("{} is not a sound backup", from.display()))?;
        if let Some(folder) = target.parent().filter(|folder| !folder.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)?;
        }
        let mut into =
            Connection::open(&target).with_context(|| format!("could not open {}", target.display()))?;
        let tables: i64 = into.query_row(
            "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |row| row.get(0),
        )?;
        if tables > 0 {
            bail!(
                "{} already holds {tables} tables: restore only into an empty database (a new file)",
                target.display()
            );
        }
        copy(&source, &mut into).context("the SQLite restore failed")
        // The app puts the file back in WAL mode when it opens it.
    })
    .await?
}
