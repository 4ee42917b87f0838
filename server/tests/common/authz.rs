//! The authorization matrix: every protected endpoint × every persona, allowed or refused.
//! Later capabilities add rows; the table is the specification.

use super::TestApp;
use super::personas::{Persona, Personas};

/// One protected endpoint called with a form, and who may call it.
pub struct Row {
    pub name: &'static str,
    pub path: &'static str,
    pub form: Vec<(&'static str, String)>,
    pub allowed: &'static [Persona],
}

impl Row {
    pub fn new(name: &'static str, path: &'static str, allowed: &'static [Persona]) -> Row {
        Row {
            name,
            path,
            form: Vec::new(),
            allowed,
        }
    }

    pub fn field(mut self, name: &'static str, value: impl Into<String>) -> Row {
        self.form.push((name, value.into()));
        self
    }
}

pub const SIGNED_IN: &[Persona] = &[
    Persona::Customer,
    Persona::OtherCustomer,
    Persona::Support,
    Persona::Admin,
];
pub const STAFF: &[Persona] = &[Persona::Support, Persona::Admin];
pub const ADMIN: &[Persona] = &[Persona::Admin];
pub const OWNER: &[Persona] = &[Persona::Customer];
/// The owner, and staff looking at it from the admin panel.
pub const OWNER_OR_STAFF: &[Persona] = &[Persona::Customer, Persona::Support, Persona::Admin];

/// Calls every row as every persona and fails with the full list of wrong answers: an
/// allowed call must get past authorization (any answer but 401, 403 or 404 — rows may send
/// invalid input on purpose, so as not to change the personas' accounts); a refused one must
/// answer 401 when signed out, otherwise 403 (or 404 where the resource is someone else's
/// and its existence is not revealed).
pub async fn assert_matrix(app: &TestApp, personas: &Personas, rows: &[Row]) {
    let mut wrong = Vec::new();
    for row in rows {
        for persona in Persona::ALL {
            let form: Vec<(&str, &str)> = row.form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let status = app
                .post_fn(row.path, personas.cookie(persona), &form)
                .await
                .status();
            let allowed = row.allowed.contains(&persona);
            let ok = match (allowed, persona) {
                (true, _) => ![401, 403, 404].contains(&status.as_u16()) && !status.is_server_error(),
                (false, Persona::Anonymous) => status == 401,
                (false, _) => status == 403 || status == 404,
            };
            if !ok {
                wrong.push(format!(
                    "{} ({}) as {persona:?}: {status} but {}",
                    row.name,
                    row.path,
                    if allowed {
                        "should be allowed"
                    } else {
                        "should be refused"
                    }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "authorization matrix violated:\n{}",
        wrong.join("\n")
    );
}
