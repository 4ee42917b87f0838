//! PostgreSQL through its own tools: `pg_dump` in the custom format (compressed, one
//! consistent snapshot while the app writes) and `pg_restore` in one transaction, so a
//! failed restore leaves the database empty. Client tools at least as new as the server
//! must be on the PATH (Debian `postgresql-client`; the image has them).
//!
//! The password goes to the tools in `PGPASSWORD`, never on their command line, where any
//! user of the machine could read it.

use anyhow::{Context, bail};
use app::db::DatabaseUrl;
use std::path::Path;
use std::process::Command;

/// The tool with the connection given as the URL without its password, plus `PGPASSWORD`.
fn tool(program: &str, url: &DatabaseUrl) -> anyhow::Result<Command> {
    let mut url = url::Url::parse(url.expose()).context("DATABASE_URL is not a PostgreSQL URL")?;
    let password = url.password().map(|password| {
        percent_encoding::percent_decode_str(password)
            .decode_utf8_lossy()
            .into_owned()
    });
    let _ = url.set_password(None);
    let mut command = Command::new(program);
    command.arg("--dbname").arg(url.as_str());
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    Ok(command)
}

/// Runs a tool to its end on the blocking pool (a dump takes minutes; tokio's process
/// support is not compiled in for this one use).
async fn run(mut command: Command, what: &'static str) -> anyhow::Result<()> {
    let output = tokio::task::spawn_blocking(move || command.output())
        .await?
        .with_context(|| format!("could not run {what} (install the PostgreSQL client tools)"))?;
    if !output.status.success() {
        bail!(
            "{what} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

pub async fn backup(url: &DatabaseUrl, to: &Path) -> anyhow::Result<()> {
    let mut dump = tool("pg_dump", url)?;
    dump.args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
        .arg(to);
    run(dump, "pg_dump").await?;
    // The archive's table of contents reads back: the file is whole.
    let mut list = Command::new("pg_restore");
    list.arg("--list").arg(to).stdout(std::process::Stdio::null());
    run(list, "pg_restore --list").await
}

pub async fn restore(url: &DatabaseUrl, from: &Path) -> anyhow::Result<()> {
    let db = sqlx::PgPool::connect(url.expose())
        .await
        .with_context(|| format!("could not connect to {url}"))?;
    let tables: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()")
            .fetch_one(&db)
            .await?;
    db.close().await;
    if tables > 0 {
        bail!(
            "{url} already holds {tables} tables: restore only into an empty database (createdb a new one)"
        );
    }
    let mut restore = tool("pg_restore", url)?;
    restore
        .args([
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
        ])
        .arg(from);
    run(restore, "pg_restore").await
}

#[cfg(test)]
mod tests {
    use super::tool;
    use app::db::DatabaseUrl;
    use std::ffi::OsStr;

    #[test]
    fn the_password_goes_in_the_environment_not_on_the_command_line() {
        let url = DatabaseUrl::parse("postgres://webrana:p%40ss%2Fw0rd@db:5432/webrana").unwrap();
        let command = tool("pg_dump", &url).unwrap();
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(args, ["--dbname", "postgres://webrana@db:5432/webrana"]);
        let env: Vec<_> = command.get_envs().collect();
        assert_eq!(env, [(OsStr::new("PGPASSWORD"), Some(OsStr::new("p@ss/w0rd")))]);
    }
}
