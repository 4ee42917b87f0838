//! Key rotation: moving the sealed values of a column to the current key (`webrana reseal`,
//! see `docs/SECURITY.md`). Each owning module names its column with its own SQL; this is
//! the loop they share.

use super::SecretBox;
use crate::db::Db;
use crate::on_db;

/// How a column's values fared.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Resealed {
    /// Sealed again with the current key.
    pub moved: usize,
    /// Sealed with no key we have: left as they are (they cannot be opened anyway).
    pub unreadable: usize,
}

impl std::ops::AddAssign for Resealed {
    fn add_assign(&mut self, other: Resealed) {
        self.moved += other.moved;
        self.unreadable += other.unreadable;
    }
}

/// Reseals one column. `select` returns `(row key, sealed value, owner)` rows; `update`
/// sets `$1` (the new value) where the key is `$2` and the value is still `$3`, so a value
/// changed meanwhile is left alone.
pub async fn reseal_column(
    db: &Db,
    secrets: &SecretBox,
    select: &str,
    update: &str,
) -> Result<Resealed, sqlx::Error> {
    let rows: Vec<(String, String, String)> =
        on_db!(db, pool => sqlx::query_as(select).fetch_all(pool).await)?;
    let mut done = Resealed::default();
    for (key, sealed, owner) in rows {
        match secrets.reseal(&sealed, &owner) {
            Ok(None) => {}
            Ok(Some(resealed)) => {
                on_db!(db, pool => {
                    sqlx::query(update).bind(&resealed).bind(&key).bind(&sealed).execute(pool).await.map(|_| ())
                })?;
                done.moved += 1;
            }
            Err(_) => done.unreadable += 1,
        }
    }
    Ok(done)
}
