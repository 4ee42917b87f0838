//! Conventions shared by the REST endpoints under `/api/v1`: how an error is answered.

use crate::error::AppError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error as the API answers it: `{"error": "<code>"}` with the matching status, never
/// internal text (an internal cause was logged with its reference when the error was made).
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = match &self.0 {
            AppError::Unauthorized => "unauthorized",
            AppError::NotFound => "not_found",
            AppError::Validation(_) => "invalid_request",
            AppError::Forbidden => "forbidden",
            AppError::RateLimited => "rate_limited",
            _ => "internal",
        };
        let status = StatusCode::from_u16(self.0.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(serde_json::json!({ "error": code }))).into_response()
    }
}
