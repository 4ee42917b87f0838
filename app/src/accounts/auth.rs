//! Signing in and out, and who is signed in.
//!
//! The session (server-side, see `sessions.rs`) holds the user id. Every server function
//! that needs a user calls [`ssr::require_user`] itself: a page guard alone protects nothing.

use super::User;
use crate::error::AppError;
use leptos::prelude::*;

/// The result of a correct password.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LoginOutcome {
    SignedIn(User),
    /// 2FA is on: the browser is sent to the code page (`/login/2fa`).
    SecondFactorRequired,
}

/// Signs in with e-mail and password. On success the session id is rotated and the browser
/// is sent to the home page (or to the second step when 2FA is on). Failures never say whether the e-mail exists: a wrong password
/// and an unknown address get the same answer, and both count towards the address's lockout.
#[server(endpoint = "auth/login")]
pub async fn login(
    email: String,
    password: String,
    remember: Option<String>,
    /// Where to continue afterwards (a path on this site), e.g. the order wizard.
    #[server(default)]
    next: String,
) -> Result<LoginOutcome, AppError> {
    use super::throttle;
    use crate::audit::{Actor, AuditAction, AuditEntry};
    let state = crate::state::AppState::from_context()?;
    let ip = ssr::throttle_client(&state).await?;
    let email_key = email.trim().to_lowercase();
    let details = serde_json::json!({ "email": email_key });
    ssr::ensure_not_locked(&state, &email_key, ip).await?;
    let Some(row) = ssr::authenticate(&state, &email_key, password).await? else {
        let wrong = AppError::InvalidCredentials.with_status();
        return Err(ssr::failed_sign_in(&state, &email_key, Actor::Anonymous, ip, details, wrong).await);
    };
    if row.status != super::AccountStatus::Active {
        return Err(AppError::AccountSuspended.with_status());
    }
    let session = ssr::current_session().await?;
    if row.totp_enabled_at.is_some() {
        // The password was right; the session is not signed in until the code is too.
        session.cycle_id().await.map_err(AppError::internal)?;
        let pending = ssr::PendingLogin {
            user_id: row.id.clone(),
            remember: remember.is_some(),
            started_at: state.clock.now(),
            next: crate::url::safe_next(&next, "/").to_string(),
        };
        session
            .insert(ssr::PENDING_LOGIN_KEY, pending)
            .await
            .map_err(AppError::internal)?;
        leptos_axum::redirect("/login/2fa");
        return Ok(LoginOutcome::SecondFactorRequired);
    }
    throttle::clear(&state.db, &email_key, &ip.bucket())
        .await
        .map_err(AppError::internal)?;
    let user = row.to_user();
    ssr::start_session(&state, &session, &user, remember.is_some(), false, ip).await?;
    let actor = Actor::user(&user.id, &user.email);
    let entry = AuditEntry::new(actor, AuditAction::LoginSucceeded)
        .ip(ip.to_string())
        .details(details);
    crate::audit::record(&state.db, state.clock.as_ref(), entry)
        .await
        .map_err(AppError::internal)?;
    leptos_axum::redirect(crate::url::safe_next(&next, "/"));
    Ok(LoginOutcome::SignedIn(user))
}

/// Signs out: the session is deleted on the server, not just forgotten by the browser.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let session = ssr::current_session().await?;
    session.flush().await.map_err(AppError::internal)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in user, if any.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<User>, AppError> {
    ssr::optional_user().await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::User;
    use crate::accounts::account_memo::{AccountMemo, account_row};
    use crate::accounts::password::{hash_password, verify_password};
    use crate::accounts::sessions::{SESSION_AUTH_KEY, SessionAuth};
    use crate::accounts::store::{UserRow, find_by_email};
    use crate::accounts::throttle;
    use crate::accounts::{AccountStatus, Email, Role};
    use crate::audit::{Actor, AuditAction, AuditEntry, record};
    use crate::error::AppError;
    use crate::ids::UserId;
    use crate::security::{ClientIp, client_ip};
    use crate::state::AppState;
    use chrono::Duration;
    use tokio::sync::OnceCell;
    use tower_sessions::cookie::time::Duration as CookieDuration;
    use tower_sessions::{Expiry, Session};

    /// Session key of a sign-in waiting for its second factor.
    pub const PENDING_LOGIN_KEY: &str = "pending_login";

    #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
    pub struct PendingLogin {
        pub user_id: UserId,
        pub remember: bool,
        pub started_at: chrono::DateTime<chrono::Utc>,
        /// Where to continue once the code is right (already checked to be local).
        #[serde(default)]
        pub next: String,
    }

    /// Session key of where to continue after the e-mail address is confirmed (set at
    /// sign-up, so a customer who signed up from the order wizard returns to it).
    pub const AFTER_VERIFY_KEY: &str = "after_verify";

    /// "Remember me": stay signed in this long without activity (else until the browser
    /// closes), and at most this long after signing in.
    const REMEMBER_IDLE: Duration = Duration::days(30);
    const REMEMBER_ABSOLUTE: Duration = Duration::days(90);
    /// Without "remember me" the cookie dies with the browser; on the server the session
    /// also ends after this much inactivity, and this long after signing in.
    const SESSION_IDLE: Duration = Duration::hours(12);
    const SESSION_ABSOLUTE: Duration = Duration::days(7);
    /// `seen_at` is rewritten at most this often (it costs a session write).
    const TOUCH_INTERVAL: Duration = Duration::minutes(5);

    pub async fn current_session() -> Result<Session, AppError> {
        leptos_axum::extract::<Session>()
            .await
            .map_err(AppError::internal)
    }

    /// Refuses while sign-in for `email` is locked for this client (see `throttle.rs`).
    pub async fn ensure_not_locked(state: &AppState, email: &str, ip: ClientIp) -> Result<(), AppError> {
        let locked = throttle::locked_until(&state.db, state.clock.as_ref(), email, &ip.bucket())
            .await
            .map_err(AppError::internal)?;
        match locked {
            Some(_) => Err(AppError::AccountLocked.with_status()),
            None => Ok(()),
        }
    }

    /// Records a failed sign-in step (wrong password or wrong code) for `email`: audited, and
    /// counted towards the lockout. Returns the error to answer with: `AccountLocked` when
    /// this failure locked the address (also audited), `otherwise` if not.
    pub async fn failed_sign_in(
        state: &AppState,
        email: &str,
        actor: Actor,
        ip: ClientIp,
        details: serde_json::Value,
        otherwise: AppError,
    ) -> AppError {
        let clock = state.clock.as_ref();
        let entry = |action| {
            AuditEntry::new(actor.clone(), action)
                .ip(ip.to_string())
                .details(details.clone())
        };
        let recorded = async {
            record(&state.db, clock, entry(AuditAction::LoginFailed)).await?;
            let locked = throttle::record_failure(&state.db, clock, email, &ip.bucket()).await?;
            if locked {
                record(&state.db, clock, entry(AuditAction::AccountLocked)).await?;
            }
            Ok::<_, sqlx::Error>(locked)
        };
        match recorded.await {
            Ok(true) => AppError::AccountLocked.with_status(),
            Ok(false) => otherwise,
            Err(error) => AppError::internal(error),
        }
    }

    /// [`failed_sign_in`] for a step of a known account (a code after the password, or the
    /// password again before a sensitive change); `step` names it in the audit entry.
    pub async fn failed_step(
        state: &AppState,
        row: &UserRow,
        ip: ClientIp,
        step: &str,
        otherwise: AppError,
    ) -> AppError {
        let details = serde_json::json!({ "email": row.email, "step": step });
        let actor = Actor::user(&row.id, &row.email);
        failed_sign_in(state, &row.email, actor, ip, details, otherwise).await
    }

    /// Counts this request against the per-IP limit of the authentication endpoints and
    /// returns the client's IP; over the limit → `RateLimited` (HTTP 429).
    pub async fn throttle_client(state: &AppState) -> Result<ClientIp, AppError> {
        let ip = client_ip().await?;
        state
            .enforce_limit(&format!("auth:{}", ip.bucket()), state.settings.rate_limits.auth)
            .await?;
        Ok(ip)
    }

    /// The user of this session, if signed in, still active, and the session has not
    /// outlived its idle or absolute limit (an outlived session is deleted). `memo` is the
    /// request's [`AccountMemo`], when it has one.
    pub async fn session_user(
        state: &AppState,
        session: &Session,
        memo: Option<&AccountMemo>,
    ) -> Result<Option<User>, AppError> {
        Ok(signed_in(state, session, memo).await?.map(|(row, auth)| {
            let mut user = row.to_user();
            user.second_factor_passed = auth.second_factor && user.two_factor_enabled;
            user
        }))
    }

    /// As [`session_user`], with the stored row (credentials included; server-side only).
    pub async fn session_user_row(
        state: &AppState,
        session: &Session,
        memo: Option<&AccountMemo>,
    ) -> Result<Option<UserRow>, AppError> {
        Ok(signed_in(state, session, memo).await?.map(|(row, _)| row))
    }

    /// The account and the sign-in record of this session, if it is signed in and current.
    async fn signed_in(
        state: &AppState,
        session: &Session,
        memo: Option<&AccountMemo>,
    ) -> Result<Option<(UserRow, SessionAuth)>, AppError> {
        let Some(mut auth) = session
            .get::<SessionAuth>(SESSION_AUTH_KEY)
            .await
            .map_err(AppError::internal)?
        else {
            return Ok(None);
        };
        let now = state.clock.now();
        let (idle, absolute) = if auth.remember {
            (REMEMBER_IDLE, REMEMBER_ABSOLUTE)
        } else {
            (SESSION_IDLE, SESSION_ABSOLUTE)
        };
        if now - auth.seen_at > idle || now - auth.signed_in_at > absolute {
            session.flush().await.map_err(AppError::internal)?;
            return Ok(None);
        }
        let row = account_row(&state.db, memo, &auth.user_id)
            .await
            .map_err(AppError::internal)?;
        let Some(row) = row.filter(|row| row.status == AccountStatus::Active) else {
            session.flush().await.map_err(AppError::internal)?;
            return Ok(None);
        };
        if now - auth.seen_at > TOUCH_INTERVAL {
            auth.seen_at = now;
            session
                .insert(SESSION_AUTH_KEY, &auth)
                .await
                .map_err(AppError::internal)?;
        }
        Ok(Some((row, auth)))
    }

    /// Marks this session as having passed the second factor (2FA was just turned on in it).
    pub async fn mark_second_factor(session: &Session) -> Result<(), AppError> {
        let auth = session
            .get::<SessionAuth>(SESSION_AUTH_KEY)
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| AppError::Unauthorized.with_status())?;
        let auth = SessionAuth {
            second_factor: true,
            ..auth
        };
        session
            .insert(SESSION_AUTH_KEY, &auth)
            .await
            .map_err(AppError::internal)
    }

    /// The signed-in user, if any, for endpoints open to visitors as well: unlike
    /// `require_user().ok()`, it leaves the response status alone.
    pub async fn optional_user() -> Result<Option<User>, AppError> {
        let state = AppState::from_context()?;
        let memo = AccountMemo::of_request();
        session_user(&state, &current_session().await?, memo.as_ref()).await
    }

    /// The signed-in user, or `Unauthorized`. Call first in every server function that needs one.
    pub async fn require_user() -> Result<User, AppError> {
        optional_user()
            .await?
            .ok_or_else(|| AppError::Unauthorized.with_status())
    }

    /// The signed-in user's stored row (server-side only: it holds credentials), or
    /// `Unauthorized`, with the state.
    pub async fn require_user_row() -> Result<(AppState, UserRow), AppError> {
        let state = AppState::from_context()?;
        let memo = AccountMemo::of_request();
        let row = session_user_row(&state, &current_session().await?, memo.as_ref())
            .await?
            .ok_or_else(|| AppError::Unauthorized.with_status())?;
        Ok((state, row))
    }

    /// A staff member allowed into the admin panel: `Role::Support` lets support and admins
    /// in, `Role::Admin` only admins; either way this session must have signed in with the
    /// second factor (2FA being on for the account is not enough).
    pub async fn require_staff(role: Role) -> Result<User, AppError> {
        let user = require_user().await?;
        let allowed = match role {
            Role::Customer => false,
            Role::Support => matches!(user.role, Role::Support | Role::Admin),
            Role::Admin => user.role == Role::Admin,
        };
        if !allowed {
            return Err(AppError::Forbidden.with_status());
        }
        if !user.second_factor_passed {
            return Err(AppError::TwoFactorRequired.with_status());
        }
        Ok(user)
    }

    /// The signed-in user with a confirmed e-mail address (required to order).
    pub async fn require_verified_user() -> Result<User, AppError> {
        let user = require_user().await?;
        if user.email_verified {
            Ok(user)
        } else {
            Err(AppError::EmailNotVerified.with_status())
        }
    }

    /// As [`require_verified_user`], with the stored row (server-side only).
    pub async fn require_verified_user_row() -> Result<(AppState, UserRow), AppError> {
        let (state, row) = require_user_row().await?;
        if row.email_verified_at.is_some() {
            Ok((state, row))
        } else {
            Err(AppError::EmailNotVerified.with_status())
        }
    }

    /// Checks e-mail and password. Unknown e-mails cost a hash verification too, so timing
    /// does not reveal which accounts exist.
    pub async fn authenticate(
        state: &AppState,
        email: &str,
        password: String,
    ) -> Result<Option<UserRow>, AppError> {
        let row = match Email::parse(email) {
            Ok(email) => find_by_email(&state.db, &email)
                .await
                .map_err(AppError::internal)?,
            Err(_) => None,
        };
        let stored_hash = match &row {
            Some(row) => row.password_hash.clone(),
            None => decoy_hash().await?,
        };
        let matches = verify_password(password, stored_hash).await;
        Ok(row.filter(|_| matches))
    }

    /// Rotates the session id (no fixation) and records who signed in, from where.
    pub async fn start_session(
        state: &AppState,
        session: &Session,
        user: &User,
        remember: bool,
        second_factor: bool,
        ip: ClientIp,
    ) -> Result<(), AppError> {
        let user_agent = leptos_axum::extract::<axum::http::HeaderMap>()
            .await
            .ok()
            .and_then(|headers| {
                headers
                    .get(axum::http::header::USER_AGENT)
                    .and_then(|value| value.to_str().ok())
                    .map(|agent| agent.chars().take(300).collect::<String>())
            })
            .unwrap_or_default();
        let now = state.clock.now();
        let auth = SessionAuth {
            user_id: user.id.clone(),
            signed_in_at: now,
            seen_at: now,
            remember,
            ip: ip.to_string(),
            user_agent,
            second_factor,
        };
        session.cycle_id().await.map_err(AppError::internal)?;
        session
            .insert(SESSION_AUTH_KEY, &auth)
            .await
            .map_err(AppError::internal)?;
        session.set_expiry(Some(expiry_policy(remember)));
        Ok(())
    }

    /// Runs inside the session layer: a session this request changed gets its own expiry
    /// policy back before the layer saves it. tower-sessions keeps the policy per request
    /// only (each starts with the layer's default), so without this a write would turn a
    /// browser-session cookie into a week-long one. Restored here rather than on every
    /// read, because setting it marks the session changed, and a signed-in page then
    /// rewrote its session row and cookie on every request (a database write per page).
    pub async fn restore_expiry_policy(
        request: axum::extract::Request,
        next: axum::middleware::Next,
    ) -> axum::response::Response {
        let session = request.extensions().get::<Session>().cloned();
        let response = next.run(request).await;
        if let Some(session) = session.filter(Session::is_modified)
            && let Ok(Some(auth)) = session.get::<SessionAuth>(SESSION_AUTH_KEY).await
        {
            session.set_expiry(Some(expiry_policy(auth.remember)));
        }
        response
    }

    /// Remembered sessions keep a cookie for 30 days of inactivity; others end with the browser.
    fn expiry_policy(remember: bool) -> Expiry {
        if remember {
            Expiry::OnInactivity(CookieDuration::days(REMEMBER_IDLE.num_days()))
        } else {
            Expiry::OnSessionEnd
        }
    }

    /// A real argon2id hash of a random secret, computed once, to verify against when the
    /// e-mail is unknown.
    async fn decoy_hash() -> Result<String, AppError> {
        static DECOY: OnceCell<String> = OnceCell::const_new();
        DECOY
            .get_or_try_init(|| hash_password(uuid::Uuid::new_v4().to_string()))
            .await
            .cloned()
            .map_err(AppError::internal)
    }
}
