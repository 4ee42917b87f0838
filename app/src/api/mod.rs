//! The REST API (`/api/v1`) for programs: scripts, CI jobs, infrastructure tools. Its
//! handlers live with their capability (`catalog/api.rs`, `notifications/api.rs` …) and call
//! the same services the pages' server functions call, so a rule is written once. What is
//! the same on every endpoint is written here, once:
//!
//! - errors are RFC 9457 problems (`problem`), with a stable `type` and the request id;
//! - lists are pages with a cursor (`page`);
//! - reads carry an ETag and answer `304` when unchanged (`cache`);
//! - the OpenAPI 3.1 document is generated from the handlers (`docs`).

pub mod cache;
pub mod docs;
pub mod limits;
pub mod page;
pub mod problem;

pub use page::{Page, PageQuery};
pub use problem::{ApiError, Problem};
