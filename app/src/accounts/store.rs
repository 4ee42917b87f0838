//! Queries on the users table.

use super::{AccountStatus, Email, Role, User};
use crate::clock::Clock;
use crate::db::Tx;
use crate::db::{Db, is_unique_violation};
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::on_db;
use crate::on_tx;
use crate::security::reseal::{Resealed, reseal_column};
use crate::security::{SealError, SecretBox};
use chrono::{DateTime, Utc};

/// A stored user, with credentials: never sent to the browser (see [`User`]).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub phone: String,
    pub company: String,
    pub address: String,
    pub language: String,
    pub status: AccountStatus,
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<DateTime<Utc>>,
    pub totp_last_step: Option<i64>,
}

impl UserRow {
    pub fn to_user(&self) -> User {
        User {
            id: self.id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            role: Role::from_code(&self.role).unwrap_or(Role::Customer),
            email_verified: self.email_verified_at.is_some(),
            two_factor_enabled: self.totp_enabled_at.is_some(),
            second_factor_passed: false,
        }
    }

    pub fn language(&self) -> Lang {
        Lang::from_code(&self.language).unwrap_or_default()
    }
}

pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub email_verified: bool,
    pub language: Lang,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

const USER_COLUMNS: &str = "id, email, name, password_hash, role, email_verified_at, created_at, updated_at, \
     phone, company, address, language, status, totp_secret, totp_enabled_at, totp_last_step";

pub async fn create_user(db: &Db, clock: &dyn Clock, new: NewUser) -> Result<User, CreateUserError> {
    let mut tx = db.begin().await?;
    let user = create_user_in(&mut tx, clock, new).await?;
    tx.commit().await?;
    Ok(user)
}

/// Creates a user inside the caller's transaction (e.g. with its verification e-mail job).
pub async fn create_user_in(tx: &mut Tx, clock: &dyn Clock, new: NewUser) -> Result<User, CreateUserError> {
    let now = clock.now();
    let row = UserRow {
        id: UserId::generate(),
        email: new.email.as_str().to_string(),
        name: new.name.trim().to_string(),
        password_hash: new.password_hash,
        role: new.role.code().to_string(),
        email_verified_at: new.email_verified.then_some(now),
        created_at: now,
        updated_at: now,
        phone: String::new(),
        company: String::new(),
        address: String::new(),
        language: new.language.code().to_string(),
        status: AccountStatus::Active,
        totp_secret: None,
        totp_enabled_at: None,
        totp_last_step: None,
    };
    let inserted = on_tx!(tx, conn => {
        sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, role, email_verified_at, created_at, updated_at, language) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&row.id)
        .bind(&row.email)
        .bind(&row.name)
        .bind(&row.password_hash)
        .bind(&row.role)
        .bind(row.email_verified_at)
        .bind(row.created_at)
        .bind(row.updated_at)
        .bind(&row.language)
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected())
    });
    match inserted {
        Ok(_) => Ok(row.to_user()),
        Err(error) if is_unique_violation(&error) => Err(CreateUserError::EmailTaken),
        Err(error) => Err(error.into()),
    }
}

pub async fn find_by_email(db: &Db, email: &Email) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    on_db!(db, pool => sqlx::query_as::<_, UserRow>(&sql).bind(email.as_str()).fetch_optional(pool).await)
}

pub async fn find_by_id(db: &Db, id: &UserId) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    on_db!(db, pool => sqlx::query_as::<_, UserRow>(&sql).bind(id).fetch_optional(pool).await)
}

/// The language a user reads their notifications and e-mails in (`None` for no such
/// account, or a deleted one).
pub async fn language_in(tx: &mut Tx, user_id: &UserId) -> Result<Option<Lang>, sqlx::Error> {
    let language: Option<String> = on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT language FROM users WHERE id = $1 AND status <> 'deleted'",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await)?;
    Ok(language.map(|code| Lang::from_code(&code).unwrap_or_default()))
}

/// [`language_in`] of every live account with an id in `(after, last]` (an announcement's
/// batch).
pub async fn languages_in_range(
    tx: &mut Tx,
    after: &str,
    last: &str,
) -> Result<Vec<(UserId, Lang)>, sqlx::Error> {
    let rows: Vec<(UserId, String)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT id, language FROM users WHERE id > $1 AND id <= $2 AND status <> 'deleted'",
    )
    .bind(after)
    .bind(last)
    .fetch_all(&mut *conn)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, code)| (id, Lang::from_code(&code).unwrap_or_default()))
        .collect())
}

pub async fn count_users(db: &Db) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(pool).await)
}

/// Marks `email` as the user's verified address (it may be a new address being confirmed).
/// Fails with a unique violation if another account took that address meanwhile.
pub async fn set_verified_email(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &UserId,
    email: &str,
) -> Result<(), sqlx::Error> {
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3")
            .bind(email)
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map(|_| ())
    })
}

pub async fn set_password_hash(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &UserId,
    hash: &str,
) -> Result<(), sqlx::Error> {
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map(|_| ())
    })
}

/// Which users an admin list shows.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Part of the name or e-mail, any case.
    pub search: Option<String>,
    pub role: Option<Role>,
    pub status: Option<AccountStatus>,
    pub offset: i64,
    pub limit: i64,
}

/// Newest accounts first.
pub async fn list_users(db: &Db, filter: &UserFilter) -> Result<Vec<UserRow>, sqlx::Error> {
    let pattern = filter.search.as_ref().map(|search| {
        let escaped = search
            .trim()
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users \
         WHERE ($1 IS NULL OR LOWER(name) LIKE $1 ESCAPE '\\' OR email LIKE $1 ESCAPE '\\') \
           AND ($2 IS NULL OR role = $2) \
           AND ($3 IS NULL OR status = $3) \
         ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"
    );
    on_db!(db, pool => {
        sqlx::query_as::<_, UserRow>(&sql)
            .bind(&pattern)
            .bind(filter.role.map(Role::code))
            .bind(filter.status.map(AccountStatus::code))
            .bind(filter.limit)
            .bind(filter.offset)
            .fetch_all(pool)
            .await
    })
}

pub async fn set_status(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &UserId,
    status: AccountStatus,
) -> Result<(), sqlx::Error> {
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.code())
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map(|_| ())
    })
}

pub async fn set_role(tx: &mut Tx, clock: &dyn Clock, id: &UserId, role: Role) -> Result<(), sqlx::Error> {
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
            .bind(role.code())
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map(|_| ())
    })
}

/// Sets (or clears) the TOTP secret, sealed with the server key for this user (a leaked
/// database does not defeat 2FA); `enabled` turns 2FA on with it. Enrolment goes through
/// `two_factor`, which opens it again with [`open_totp_secret`].
pub async fn set_totp(
    db: &Db,
    clock: &dyn Clock,
    secrets: &SecretBox,
    id: &UserId,
    secret: Option<&str>,
    enabled: bool,
) -> Result<(), sqlx::Error> {
    let now = clock.now();
    let sealed = secret.map(|secret| secrets.seal(secret, &totp_owner(id)));
    on_db!(db, pool => {
        sqlx::query(
            "UPDATE users SET totp_secret = $1, totp_enabled_at = $2, totp_last_step = NULL, updated_at = $3 WHERE id = $4",
        )
        .bind(&sealed)
        .bind(enabled.then_some(now))
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ())
    })
}

/// The TOTP secret of `row`, unsealed; `None` when there is none.
pub fn open_totp_secret(secrets: &SecretBox, row: &UserRow) -> Result<Option<String>, SealError> {
    row.totp_secret
        .as_deref()
        .map(|sealed| secrets.open(sealed, &totp_owner(&row.id)))
        .transpose()
}

/// Seals TOTP secrets stored in plain text before they were sealed (run at start-up, after
/// the migrations; a no-op once done). Returns how many were sealed.
pub async fn seal_plain_totp_secrets(db: &Db, secrets: &SecretBox) -> Result<usize, sqlx::Error> {
    let stored: Vec<(UserId, String)> = on_db!(db, pool => {
        sqlx::query_as("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL")
            .fetch_all(pool)
            .await
    })?;
    let mut sealed = 0;
    for (id, secret) in stored {
        // A plain secret is base32 of 20 bytes; a sealed one is longer base64url and opens.
        let plain = secret.len() == 32 && secret.bytes().all(|b| matches!(b, b'A'..=b'Z' | b'2'..=b'7'));
        if !plain || secrets.open(&secret, &totp_owner(&id)).is_ok() {
            continue;
        }
        on_db!(db, pool => {
            sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3")
                .bind(secrets.seal(&secret, &totp_owner(&id)))
                .bind(&id)
                .bind(&secret)
                .execute(pool)
                .await
                .map(|_| ())
        })?;
        sealed += 1;
    }
    Ok(sealed)
}

/// Moves TOTP secrets sealed with a previous key to the current one (key rotation).
pub async fn reseal_totp_secrets(db: &Db, secrets: &SecretBox) -> Result<Resealed, sqlx::Error> {
    reseal_column(
        db,
        secrets,
        "SELECT id, totp_secret, 'totp:' || id FROM users WHERE totp_secret IS NOT NULL",
        "UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3",
    )
    .await
}

/// The associated data a TOTP secret is sealed with: the user id, for this use only.
fn totp_owner(id: &UserId) -> String {
    format!("totp:{id}")
}

/// The fields a user edits on their profile page.
#[derive(Debug, Clone)]
pub struct ProfileUpdate {
    pub name: String,
    pub phone: String,
    pub company: String,
    pub address: String,
    pub language: Lang,
}

pub async fn update_profile(
    tx: &mut Tx,
    clock: &dyn Clock,
    id: &UserId,
    update: &ProfileUpdate,
) -> Result<(), sqlx::Error> {
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE users SET name = $1, phone = $2, company = $3, address = $4, language = $5, updated_at = $6 \
             WHERE id = $7",
        )
        .bind(&update.name)
        .bind(&update.phone)
        .bind(&update.company)
        .bind(&update.address)
        .bind(update.language.code())
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
    })
}

/// Removes a deleted account's personal data and credentials. The row stays (status
/// `deleted`) so invoices and the audit log keep pointing at it.
pub async fn anonymise(tx: &mut Tx, clock: &dyn Clock, id: &UserId) -> Result<(), sqlx::Error> {
    let now = clock.now();
    on_tx!(tx, conn => {
        sqlx::query(
            "UPDATE users SET email = $1, name = 'Deleted user', phone = '', company = '', address = '', \
             password_hash = '!', totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, \
             email_verified_at = NULL, status = 'deleted', updated_at = $2 WHERE id = $3",
        )
        .bind(format!("deleted-{id}@deleted.invalid"))
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map(|_| ())
    })?;
    for sql in [
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM account_tokens WHERE user_id = $1",
        "DELETE FROM recovery_codes WHERE user_id = $1",
    ] {
        on_tx!(tx, conn => {
            sqlx::query(sql).bind(id).execute(&mut *conn).await.map(|_| ())
        })?;
    }
    Ok(())
}
