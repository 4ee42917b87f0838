//! Queries on the users table.

use super::{Email, Role, User};
use crate::clock::Clock;
use crate::db::{Db, is_unique_violation};
use crate::on_db;
use chrono::{DateTime, Utc};

/// A stored user, with credentials: never sent to the browser (see [`User`]).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl UserRow {
    pub fn to_user(&self) -> User {
        User {
            id: self.id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            role: Role::from_code(&self.role).unwrap_or(Role::Customer),
        }
    }
}

pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub email_verified: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

const USER_COLUMNS: &str = "id, email, name, password_hash, role, email_verified_at, created_at, updated_at";

pub async fn create_user(db: &Db, clock: &dyn Clock, new: NewUser) -> Result<User, CreateUserError> {
    let now = clock.now();
    let row = UserRow {
        id: uuid::Uuid::now_v7().to_string(),
        email: new.email.as_str().to_string(),
        name: new.name.trim().to_string(),
        password_hash: new.password_hash,
        role: new.role.code().to_string(),
        email_verified_at: new.email_verified.then_some(now),
        created_at: now,
        updated_at: now,
    };
    let inserted = on_db!(db, pool => {
        sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, role, email_verified_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&row.id)
        .bind(&row.email)
        .bind(&row.name)
        .bind(&row.password_hash)
        .bind(&row.role)
        .bind(row.email_verified_at)
        .bind(row.created_at)
        .bind(row.updated_at)
        .execute(pool)
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

pub async fn find_by_id(db: &Db, id: &str) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    on_db!(db, pool => sqlx::query_as::<_, UserRow>(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn count_users(db: &Db) -> Result<i64, sqlx::Error> {
    on_db!(db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(pool).await)
}
