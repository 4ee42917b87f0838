//! Checks of account form input, producing field errors the forms show next to each field
//! (the codes are `FormText` keys).

use super::Email;
use super::password::{PasswordPolicyError, check_policy};
use crate::error::{AppError, FieldErrors};
use crate::ui::FormText;

pub const MAX_NAME_LEN: usize = 100;

/// Collects field errors; `finish` turns them into a `Validation` error (HTTP 422).
#[derive(Debug, Default)]
pub struct Checks(FieldErrors);

impl Checks {
    pub fn fail(&mut self, field: &str, message: FormText) {
        self.0
            .entry(field.to_string())
            .or_insert_with(|| message.key().to_string());
    }

    pub fn name(&mut self, field: &str, name: &str) -> String {
        let name = name.trim();
        if name.is_empty() {
            self.fail(field, FormText::Required);
        } else if name.chars().count() > MAX_NAME_LEN {
            self.fail(field, FormText::NameTooLong);
        }
        name.to_string()
    }

    /// A phone number as people write it: digits with optional `+`, spaces, dashes,
    /// parentheses; empty is allowed.
    pub fn phone(&mut self, field: &str, phone: &str) -> String {
        let phone = phone.trim();
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
        if !phone.is_empty() && (!allowed || !(6..=15).contains(&digits)) {
            self.fail(field, FormText::PhoneInvalid);
        }
        phone.to_string()
    }

    /// Free text that may be empty, at most `max` characters.
    pub fn optional_text(&mut self, field: &str, text: &str, max: usize) -> String {
        let text = text.trim();
        if text.chars().count() > max {
            self.fail(field, FormText::TooLong);
        }
        text.to_string()
    }

    /// A whole number in `min..=max` (dots and spaces as thousands separators allowed:
    /// admins type "149.000"); 0 after a failure.
    pub fn number(&mut self, field: &str, text: &str, min: i64, max: i64) -> i64 {
        let digits: String = text.chars().filter(|c| !matches!(c, '.' | ' ' | '_')).collect();
        match digits.parse::<i64>() {
            Ok(number) if (min..=max).contains(&number) => number,
            _ => {
                self.fail(field, FormText::NumberInvalid);
                0
            }
        }
    }

    /// An optional whole number (empty = none) in `min..=max`.
    pub fn optional_number(&mut self, field: &str, text: &str, min: i64, max: i64) -> Option<i64> {
        (!text.trim().is_empty()).then(|| self.number(field, text, min, max))
    }

    /// A provider's id for a size, region or image: lower-case letters, digits, `-`, `_`, `.`.
    pub fn slug(&mut self, field: &str, slug: &str) -> String {
        let slug = slug.trim();
        let valid = (1..=64).contains(&slug.len())
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
        if !valid {
            self.fail(field, FormText::SlugInvalid);
        }
        slug.to_string()
    }

    pub fn email(&mut self, field: &str, email: &str) -> Option<Email> {
        match Email::parse(email) {
            Ok(email) => Some(email),
            Err(_) => {
                self.fail(field, FormText::EmailInvalid);
                None
            }
        }
    }

    /// A new password: policy, and the confirmation (if the form has one) must match.
    pub fn new_password(
        &mut self,
        field: &str,
        password: &str,
        confirmation: Option<&str>,
        personal: &[&str],
    ) {
        if let Err(error) = check_policy(password, personal) {
            self.fail(
                field,
                match error {
                    PasswordPolicyError::TooShort => FormText::PasswordTooShort,
                    PasswordPolicyError::TooLong => FormText::PasswordTooLong,
                    PasswordPolicyError::TooCommon => FormText::PasswordTooCommon,
                    PasswordPolicyError::TooWeak => FormText::PasswordTooWeak,
                },
            );
        }
        if confirmation.is_some_and(|confirmation| confirmation != password) {
            self.fail(&format!("{field}_confirm"), FormText::PasswordMismatch);
        }
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0).with_status())
        }
    }
}

/// A validation error for a single field.
pub fn field_error(field: &str, message: FormText) -> AppError {
    let mut checks = Checks::default();
    checks.fail(field, message);
    checks.finish().unwrap_err()
}
