//! ETags on reads: a client that sends back the `ETag` it got (`If-None-Match`) is answered
//! `304 Not Modified` with no body while the answer is unchanged. The tag is a digest of the
//! JSON, so it changes exactly when the answer does, on every instance alike. It is weak
//! (`W/"…"`): the same JSON may travel Brotli-, gzip- or un-compressed.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Who may keep an answer.
#[derive(Debug, Clone, Copy)]
pub enum Keep {
    /// Anyone, for this many seconds (the public catalog).
    Public { max_age_secs: u32 },
    /// Only the caller's own client, asking again each time (their own data).
    Private,
}

impl Keep {
    fn header(self) -> HeaderValue {
        match self {
            Keep::Public { max_age_secs } => {
                HeaderValue::from_str(&format!("public, max-age={max_age_secs}"))
                    .unwrap_or(HeaderValue::from_static("no-cache"))
            }
            Keep::Private => HeaderValue::from_static("private, no-cache"),
        }
    }
}

/// `value` as JSON with its ETag, or `304` when the request already holds it.
pub fn json(request: &HeaderMap, value: &impl Serialize, keep: Keep) -> Response {
    let body = match serde_json::to_vec(value) {
        Ok(body) => body,
        Err(error) => return super::ApiError::from(crate::error::AppError::internal(error)).into_response(),
    };
    let tag = etag(&body);
    let mut response = if matches(request, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            body,
        )
            .into_response()
    };
    let headers = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, tag);
    }
    headers.insert(header::CACHE_CONTROL, keep.header());
    // A public answer may differ by who asks only through these.
    headers.insert(header::VARY, HeaderValue::from_static("authorization, cookie"));
    response
}

fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("W/\"{}\"", data_encoding::BASE64URL_NOPAD.encode(&digest[..18]))
}

/// `If-None-Match` compares weakly (RFC 9110 §13.1.2): `W/` is ignored on both sides.
fn matches(request: &HeaderMap, tag: &str) -> bool {
    let ours = tag.trim_start_matches("W/");
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|theirs| theirs == "*" || theirs.trim_start_matches("W/") == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(tag: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_str(tag).unwrap());
        headers
    }

    #[test]
    fn an_unchanged_answer_is_not_sent_again() {
        let first = json(&HeaderMap::new(), &[1, 2, 3], Keep::Private);
        assert_eq!(first.status(), StatusCode::OK);
        let tag = first.headers()[header::ETAG].to_str().unwrap().to_string();
        assert!(tag.starts_with("W/\""));
        let again = json(&asking(&tag), &[1, 2, 3], Keep::Private);
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let strong = tag.trim_start_matches("W/");
        let listed = format!("\"other\", {strong}");
        assert_eq!(
            json(&asking(&listed), &[1, 2, 3], Keep::Private).status(),
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(
            json(&asking(&tag), &[1, 2, 4], Keep::Private).status(),
            StatusCode::OK
        );
    }
}
