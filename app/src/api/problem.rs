//! How the API says no: RFC 9457 problem details (`application/problem+json`).
//!
//! A handler returns [`ApiError`] (an [`AppError`] from the shared services); the response
//! carries the [`Problem`] as an extension. [`with_problem_details`], the layer around every
//! `/api` route, then adds what only the request knows (its path and request id), and turns
//! every other failure on the way — an unknown route, a wrong method, a body that does not
//! parse (axum's rejections answer plain text), a timeout — into the same shape. So a client
//! reads one error format, and `type` is the stable thing to branch on.

use crate::error::{AppError, FieldErrors};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The stable error codes; `type` is `tag:webrana.cloud,2026:problem/<code>`, a name that
/// never changes and is not a link (RFC 9457 §3.1.1 allows a tag URI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemType {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    Validation,
    RateLimited,
    Internal,
    UpstreamFailed,
    Unavailable,
}

impl ProblemType {
    pub const ALL: [ProblemType; 15] = [
        ProblemType::BadRequest,
        ProblemType::Unauthorized,
        ProblemType::Forbidden,
        ProblemType::NotFound,
        ProblemType::MethodNotAllowed,
        ProblemType::NotAcceptable,
        ProblemType::Conflict,
        ProblemType::PreconditionFailed,
        ProblemType::PayloadTooLarge,
        ProblemType::UnsupportedMediaType,
        ProblemType::Validation,
        ProblemType::RateLimited,
        ProblemType::Internal,
        ProblemType::UpstreamFailed,
        ProblemType::Unavailable,
    ];

    pub fn code(self) -> &'static str {
        self.describe().0
    }

    /// (code, title, status): the title is the same for every occurrence (RFC 9457 §3.1.3).
    fn describe(self) -> (&'static str, &'static str, StatusCode) {
        match self {
            ProblemType::BadRequest => ("bad-request", "The request is malformed", StatusCode::BAD_REQUEST),
            ProblemType::Unauthorized => (
                "unauthorized",
                "Authentication is required",
                StatusCode::UNAUTHORIZED,
            ),
            ProblemType::Forbidden => ("forbidden", "Not allowed", StatusCode::FORBIDDEN),
            ProblemType::NotFound => ("not-found", "Not found", StatusCode::NOT_FOUND),
            ProblemType::MethodNotAllowed => (
                "method-not-allowed",
                "Method not allowed",
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            ProblemType::NotAcceptable => ("not-acceptable", "Not acceptable", StatusCode::NOT_ACCEPTABLE),
            ProblemType::Conflict => (
                "conflict",
                "The request conflicts with the current state",
                StatusCode::CONFLICT,
            ),
            ProblemType::PreconditionFailed => (
                "precondition-failed",
                "Precondition failed",
                StatusCode::PRECONDITION_FAILED,
            ),
            ProblemType::PayloadTooLarge => (
                "payload-too-large",
                "The request body is too large",
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            ProblemType::UnsupportedMediaType => (
                "unsupported-media-type",
                "Unsupported media type",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            ProblemType::Validation => (
                "validation",
                "The request has invalid fields",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            ProblemType::RateLimited => ("rate-limited", "Too many requests", StatusCode::TOO_MANY_REQUESTS),
            ProblemType::Internal => (
                "internal",
                "Something failed on our side",
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            ProblemType::UpstreamFailed => (
                "upstream-failed",
                "A provider or gateway did not answer properly",
                StatusCode::BAD_GATEWAY,
            ),
            ProblemType::Unavailable => (
                "unavailable",
                "Temporarily unavailable",
                StatusCode::SERVICE_UNAVAILABLE,
            ),
        }
    }

    pub fn uri(self) -> String {
        format!("tag:webrana.cloud,2026:problem/{}", self.code())
    }

    /// The type for an error status nobody described (an axum rejection, the fallback).
    fn for_status(status: StatusCode) -> ProblemType {
        match status {
            StatusCode::UNAUTHORIZED => ProblemType::Unauthorized,
            StatusCode::FORBIDDEN => ProblemType::Forbidden,
            StatusCode::NOT_FOUND => ProblemType::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ProblemType::MethodNotAllowed,
            StatusCode::NOT_ACCEPTABLE => ProblemType::NotAcceptable,
            StatusCode::CONFLICT => ProblemType::Conflict,
            StatusCode::PRECONDITION_FAILED => ProblemType::PreconditionFailed,
            StatusCode::PAYLOAD_TOO_LARGE => ProblemType::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ProblemType::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => ProblemType::Validation,
            StatusCode::TOO_MANY_REQUESTS => ProblemType::RateLimited,
            StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT => ProblemType::UpstreamFailed,
            StatusCode::SERVICE_UNAVAILABLE => ProblemType::Unavailable,
            status if status.is_server_error() => ProblemType::Internal,
            _ => ProblemType::BadRequest,
        }
    }
}

/// One problem, as the client receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(example = json!({
    "type": "tag:webrana.cloud,2026:problem/not-found",
    "title": "Not found",
    "status": 404,
    "instance": "/api/v1/services/0193a3b2-7c1d-7e40-9a5b-2d4f6e8a9b0c",
    "request_id": "6f1c2b7e-3a9d-4c1e-8b2a-5d7e9f0a1b2c"
}))]
pub struct Problem {
    /// Stable identifier of the kind of problem: branch on this.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind, the same every time.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong this time, when there is something safe to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Our request id (also the `x-request-id` response header): quote it to support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For `validation`: field name → message key.
    #[serde(skip_serializing_if = "FieldErrors::is_empty")]
    pub errors: FieldErrors,
}

impl Problem {
    pub fn new(kind: ProblemType) -> Problem {
        let (_, title, status) = kind.describe();
        Problem {
            kind: kind.uri(),
            title: title.to_string(),
            status: status.as_u16(),
            detail: None,
            instance: None,
            request_id: None,
            errors: FieldErrors::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<&AppError> for Problem {
    fn from(error: &AppError) -> Problem {
        match error {
            AppError::Unauthorized => Problem::new(ProblemType::Unauthorized),
            AppError::InvalidCredentials => {
                Problem::new(ProblemType::Unauthorized).detail("invalid credentials")
            }
            AppError::Forbidden => Problem::new(ProblemType::Forbidden),
            AppError::AccountLocked => {
                Problem::new(ProblemType::RateLimited).detail("sign-in is locked for a while")
            }
            AppError::AccountSuspended => {
                Problem::new(ProblemType::Forbidden).detail("the account is suspended")
            }
            AppError::TwoFactorRequired => {
                Problem::new(ProblemType::Forbidden).detail("two-factor sign-in is required")
            }
            AppError::EmailNotVerified => {
                Problem::new(ProblemType::Forbidden).detail("confirm the account's e-mail address first")
            }
            AppError::NotFound => Problem::new(ProblemType::NotFound),
            AppError::Validation(fields) => Problem {
                errors: fields.clone(),
                ..Problem::new(ProblemType::Validation)
            },
            // Conflict texts are written for clients (`"too many keys"`), never internal causes.
            AppError::Conflict(why) => Problem::new(ProblemType::Conflict).detail(why.clone()),
            AppError::RateLimited => Problem::new(ProblemType::RateLimited),
            AppError::Internal { reference } => {
                Problem::new(ProblemType::Internal).detail(format!("reference {reference}"))
            }
            AppError::Transport => Problem::new(ProblemType::UpstreamFailed),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (
            self.status(),
            [(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON))],
            body,
        )
            .into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// An error as an API handler returns it: a problem, and any header that goes with it
/// (`Retry-After`, `WWW-Authenticate`). Internal causes were logged (with the reference the
/// problem quotes) when the `AppError` was made; none reaches the client.
pub struct ApiError(Box<Failure>);

struct Failure {
    problem: Problem,
    headers: Vec<(&'static str, String)>,
}

impl ApiError {
    pub fn with_header(mut self, name: &'static str, value: String) -> ApiError {
        self.0.headers.push((name, value));
        self
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError::from(Problem::from(&error))
    }
}

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        ApiError(Box::new(Failure {
            problem,
            headers: Vec::new(),
        }))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let Failure { problem, headers } = *self.0;
        let mut response = problem.into_response();
        for (name, value) in headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// The largest plain-text rejection we pass on as `detail` (axum's are one line).
const MAX_DETAIL_BYTES: usize = 512;

/// Every error leaving an `/api` route as a problem with the request's path and id.
pub async fn with_problem_details(request: Request, next: Next) -> Response {
    let instance = request.uri().path().to_string();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let mut problem = match parts.extensions.remove::<Problem>() {
        Some(problem) => problem,
        None => {
            let plain = parts
                .headers
                .get(header::CONTENT_TYPE)
                .is_some_and(|kind| kind.as_bytes().starts_with(b"text/plain"));
            // A client error's text is axum's description of what it could not read (a
            // missing field, a wrong type); a server error's is never passed on.
            let detail = if plain && status.is_client_error() {
                axum::body::to_bytes(body, MAX_DETAIL_BYTES)
                    .await
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
                    .filter(|text| !text.is_empty())
            } else {
                None
            };
            let mut problem = Problem::new(ProblemType::for_status(status));
            problem.status = status.as_u16();
            problem.detail = detail;
            problem
        }
    };
    problem.instance = Some(instance);
    problem.request_id = request_id;
    let mut rendered = problem.into_response();
    // Keep what the handler or layer said besides the body (`Retry-After`, `Allow`,
    // `RateLimit-*`, `WWW-Authenticate`).
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rendered.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_its_own_code() {
        let mut codes: Vec<&str> = ProblemType::ALL.iter().map(|kind| kind.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), ProblemType::ALL.len());
    }

    #[test]
    fn an_internal_error_says_only_its_reference() {
        let problem = Problem::from(&AppError::Internal {
            reference: "abc123".into(),
        });
        assert_eq!(problem.status, 500);
        assert_eq!(problem.detail.as_deref(), Some("reference abc123"));
        assert_eq!(problem.kind, "tag:webrana.cloud,2026:problem/internal");
    }

    #[test]
    fn field_errors_are_listed() {
        let mut fields = FieldErrors::new();
        fields.insert("name".into(), "required".into());
        let json = serde_json::to_value(Problem::from(&AppError::Validation(fields))).unwrap();
        assert_eq!(json["status"], 422);
        assert_eq!(json["errors"]["name"], "required");
        assert!(json.get("detail").is_none());
    }
}
