//! Cursor pagination, the same on every list: `?cursor=&limit=` in, `{items, next_cursor}`
//! out. A cursor is opaque to clients: pass back `next_cursor` for the next page; `null`
//! means this was the last.
//!
//! Lists read from the database page by key (keyset): the cursor names the last row shown
//! (its creation instant and id, the lists' order), and the next page is what comes after
//! it, so rows added or removed meanwhile never shift a page. The catalog, held in memory
//! and changed only by staff, pages by position.

pub use crate::db::After;
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `next_cursor` of the page before; leave out for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

impl PageQuery {
    /// The page size; outside 1–100 is a `validation` problem naming `limit`.
    pub fn limit(&self) -> Result<i64, AppError> {
        match self.limit.unwrap_or(DEFAULT_LIMIT) {
            limit @ 1..=MAX_LIMIT => Ok(limit),
            _ => Err(invalid("limit", "out_of_range")),
        }
    }

    /// Where a list paged by position starts (its cursors are positions).
    pub fn offset(&self) -> Result<usize, AppError> {
        match self.cursor() {
            Some(cursor) => decode_offset(cursor).ok_or_else(invalid_cursor),
            None => Ok(0),
        }
    }

    /// Where a list paged by key goes on: after the row the cursor names.
    pub fn after(&self) -> Result<Option<After>, AppError> {
        self.cursor()
            .map(|cursor| decode_after(cursor).ok_or_else(invalid_cursor))
            .transpose()
    }

    /// The cursor, if one was sent (an empty one counts as none).
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref().filter(|cursor| !cursor.is_empty())
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// One page of a list held in memory (the catalog): the cursor is the position.
    pub fn of_list(all: Vec<T>, query: &PageQuery) -> Result<Page<T>, AppError> {
        let start = query.offset()?;
        let end = start.saturating_add(query.limit()? as usize);
        let next_cursor = (end < all.len()).then(|| encode_offset(end));
        Ok(Page {
            items: all.into_iter().skip(start).take(end - start).collect(),
            next_cursor,
        })
    }

    /// A page of rows read after a key with `limit + 1`, newest first: the extra row only
    /// says there is more; the cursor names the last row kept (`key`), each row is shown as
    /// `view` has it.
    pub fn after_rows<R>(
        mut rows: Vec<R>,
        limit: i64,
        key: impl Fn(&R) -> After,
        view: impl Fn(&R) -> T,
    ) -> Page<T> {
        let more = rows.len() as i64 > limit;
        rows.truncate(limit.max(0) as usize);
        let next_cursor = more
            .then(|| rows.last().map(|row| encode_after(&key(row))))
            .flatten();
        Page {
            items: rows.iter().map(view).collect(),
            next_cursor,
        }
    }
}

/// An optional filter of the query string (`?status=`): absent or empty is none, a value
/// `parse` does not know is a `validation` problem naming the filter.
pub fn filter<T>(
    name: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    match value.filter(|value| !value.is_empty()) {
        Some(value) => parse(value).map(Some).ok_or_else(|| invalid(name, "unknown")),
        None => Ok(None),
    }
}

/// The error for a cursor we did not make.
pub fn invalid_cursor() -> AppError {
    invalid("cursor", "invalid")
}

/// A `validation` problem about one query parameter.
pub fn invalid(field: &str, why: &str) -> AppError {
    AppError::Validation(FieldErrors::from([(field.to_string(), why.to_string())]))
}

fn encode_after(after: &After) -> String {
    let at = after
        .created_at
        .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
    data_encoding::BASE64URL_NOPAD.encode(format!("k:{at}|{}", after.id).as_bytes())
}

fn decode_after(cursor: &str) -> Option<After> {
    let bytes = data_encoding::BASE64URL_NOPAD.decode(cursor.as_bytes()).ok()?;
    let (at, id) = std::str::from_utf8(&bytes)
        .ok()?
        .strip_prefix("k:")?
        .split_once('|')?;
    let created_at = chrono::DateTime::parse_from_rfc3339(at)
        .ok()?
        .with_timezone(&chrono::Utc);
    Some(After {
        created_at,
        id: id.to_string(),
    })
}

fn encode_offset(offset: usize) -> String {
    data_encoding::BASE64URL_NOPAD.encode(format!("o:{offset}").as_bytes())
}

fn decode_offset(cursor: &str) -> Option<usize> {
    let bytes = data_encoding::BASE64URL_NOPAD.decode(cursor.as_bytes()).ok()?;
    std::str::from_utf8(&bytes).ok()?.strip_prefix("o:")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(cursor: Option<String>, limit: i64) -> PageQuery {
        PageQuery {
            cursor,
            limit: Some(limit),
        }
    }

    #[test]
    fn a_list_is_walked_page_by_page() {
        let all: Vec<i32> = (1..=5).collect();
        let first = Page::of_list(all.clone(), &query(None, 2)).unwrap();
        assert_eq!(first.items, [1, 2]);
        let second = Page::of_list(all.clone(), &query(first.next_cursor, 2)).unwrap();
        assert_eq!(second.items, [3, 4]);
        let last = Page::of_list(all.clone(), &query(second.next_cursor, 2)).unwrap();
        assert_eq!(last.items, [5]);
        assert!(last.next_cursor.is_none());
        assert!(Page::of_list(all.clone(), &query(Some("nope".into()), 2)).is_err());
        assert!(Page::of_list(all.clone(), &query(None, 0)).is_err());
        assert!(Page::of_list(all, &query(None, 101)).is_err());
    }

    #[test]
    fn rows_read_one_extra_say_there_is_more_and_where_to_go_on() {
        use chrono::TimeZone;
        let at = |second| chrono::Utc.with_ymd_and_hms(2026, 12, 6, 7, 0, second).unwrap();
        let key = |row: &(u32, &str)| After {
            created_at: at(row.0) + chrono::Duration::nanoseconds(123_456_789),
            id: row.1.to_string(),
        };
        let rows = vec![(3, "c"), (2, "b"), (1, "a")];
        let page = Page::after_rows(rows, 2, key, |row| row.1);
        assert_eq!(page.items, ["c", "b"]);
        let next = query(page.next_cursor, 2).after().unwrap().unwrap();
        assert_eq!(next, key(&(2, "b")), "the instant to the nanosecond, and the id");
        let last = Page::after_rows(vec![(1, "a")], 2, key, |row| row.1);
        assert!(last.next_cursor.is_none());
        assert!(query(Some("bm9wZQ".into()), 2).after().is_err());
        assert_eq!(query(None, 2).after().unwrap(), None);
    }
}
