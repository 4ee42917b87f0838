//! The signed-in account's row, read once per page view.
//!
//! One page is one request that runs several server functions (the header's user menu, the
//! bell, the page's own reads), each checking the session itself, after the page guard has
//! checked it too: the same `users` row was read four or five times for one dashboard view.
//! A request-scoped memo (a request extension, so the guard and the server functions share
//! it) reads it once. Only safe requests get one: a GET never changes an account (links
//! that change something take a button press, a POST), so no request reads a copy older
//! than its own writes. Status changes still count from the next request on.

use super::store::{UserRow, find_by_id};
use crate::db::Db;
use crate::ids::UserId;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// This request's read of the signed-in account: which id was read, and what it found.
#[derive(Clone, Default)]
pub struct AccountMemo(Arc<OnceCell<(UserId, Option<UserRow>)>>);

impl AccountMemo {
    /// The row of `id`, from this request's earlier read when it was of the same account.
    /// Server functions running at once wait for the one read rather than each making it.
    pub async fn row(&self, db: &Db, id: &UserId) -> Result<Option<UserRow>, sqlx::Error> {
        let (read, row) = self
            .0
            .get_or_try_init(|| async { Ok::<_, sqlx::Error>((id.clone(), find_by_id(db, id).await?)) })
            .await?;
        if read == id {
            Ok(row.clone())
        } else {
            // The session changed accounts within the request (not on a GET today).
            find_by_id(db, id).await
        }
    }

    /// The memo of the request a server function runs in, when it has one.
    pub fn of_request() -> Option<AccountMemo> {
        leptos::prelude::use_context::<axum::http::request::Parts>()?
            .extensions
            .get::<AccountMemo>()
            .cloned()
    }
}

/// The layer that gives each GET and HEAD request its memo (outside the page guard, which
/// reads the account first).
pub async fn memo_account_reads(mut request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        request.extensions_mut().insert(AccountMemo::default());
    }
    next.run(request).await
}

/// Reads the account once per memo; without a memo, every call reads.
pub async fn account_row(
    db: &Db,
    memo: Option<&AccountMemo>,
    id: &UserId,
) -> Result<Option<UserRow>, sqlx::Error> {
    match memo {
        Some(memo) => memo.row(db, id).await,
        None => find_by_id(db, id).await,
    }
}
