//! `GET /api/v1/me`: who the key or session acts as, so a script can check its setup.

use super::caller::Caller;
use crate::state::AppState;
use axum::Json;
use axum::extract::FromRef;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: FromRef<S>,
{
    OpenApiRouter::new().routes(routes!(me))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub name: String,
    /// `customer`, `support` or `admin`.
    pub role: String,
    pub email_verified: bool,
    pub two_factor_enabled: bool,
    /// The scopes of the API key used (`null` for a browser session).
    pub scopes: Option<Vec<String>>,
}

/// The account the request acts as.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    security(("api_key" = []), ("session" = [])),
    responses((status = 200, description = "The caller's account", body = Me)))]
async fn me(caller: Caller) -> Json<Me> {
    let user = caller.identity().clone();
    Json(Me {
        scopes: caller
            .scopes()
            .map(|scopes| scopes.0.iter().map(|scope| scope.code()).collect()),
        id: user.id.to_string(),
        email: user.email,
        name: user.name,
        role: user.role.code().to_string(),
        email_verified: user.email_verified,
        two_factor_enabled: user.two_factor_enabled,
    })
}
