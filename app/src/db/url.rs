//! `DATABASE_URL`: the scheme picks the engine; anything else is refused with a clear error.

use std::fmt;

/// Default when `DATABASE_URL` is not set: a SQLite file under `./data/`.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/webrana.db";

#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseUrlError {
    #[error("DATABASE_URL has an unsupported scheme '{0}': use sqlite:<path> or postgres://…")]
    UnsupportedScheme(String),
    #[error("DATABASE_URL is not a URL (expected sqlite:<path> or postgres://…)")]
    Malformed,
}

impl DatabaseUrl {
    pub fn parse(input: &str) -> Result<DatabaseUrl, DatabaseUrlError> {
        let input = input.trim();
        let (scheme, _) = input.split_once(':').ok_or(DatabaseUrlError::Malformed)?;
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => Ok(DatabaseUrl::Sqlite(input.to_string())),
            "postgres" | "postgresql" => Ok(DatabaseUrl::Postgres(input.to_string())),
            other if !other.is_empty() => Err(DatabaseUrlError::UnsupportedScheme(other.to_string())),
            _ => Err(DatabaseUrlError::Malformed),
        }
    }

    /// The full URL including any password. Only for handing to the driver.
    pub fn expose(&self) -> &str {
        match self {
            DatabaseUrl::Sqlite(url) | DatabaseUrl::Postgres(url) => url,
        }
    }

    /// The URL with the password replaced, safe for logs.
    pub fn redacted(&self) -> String {
        let url = self.expose();
        let Some((scheme, rest)) = url.split_once("://") else {
            return url.to_string();
        };
        match rest.split_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or_default();
                let hidden = if credentials.contains(':') { ":***" } else { "" };
                format!("{scheme}://{user}{hidden}@{host}")
            }
            None => url.to_string(),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_engine_from_the_scheme() {
        assert!(matches!(
            DatabaseUrl::parse("sqlite://data/x.db"),
            Ok(DatabaseUrl::Sqlite(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("sqlite::memory:"),
            Ok(DatabaseUrl::Sqlite(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgresql://u@h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
    }

    #[test]
    fn refuses_unknown_schemes_by_name() {
        assert_eq!(
            DatabaseUrl::parse("mysql://root@localhost/db"),
            Err(DatabaseUrlError::UnsupportedScheme("mysql".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("just-a-path"),
            Err(DatabaseUrlError::Malformed)
        );
    }

    #[test]
    fn never_prints_the_password() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db:5432/webrana").unwrap();
        assert_eq!(url.redacted(), "postgres://app:***@db:5432/webrana");
        assert!(!format!("{url:?} {url}").contains("s3cret"));
    }
}
