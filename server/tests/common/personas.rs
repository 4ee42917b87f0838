//! The people of an authorization test: signed out, two customers, support staff and an
//! admin (staff with 2FA on, as the admin panel requires), each with a session cookie.

use super::{TestApp, create_account, session_cookie};
use app::accounts::Role;
use app::accounts::store::set_totp;
use app::accounts::totp::{code_at_step, step_at};

pub const PASSWORD: &str = "gunung-rinjani-pagi-berkabut-41";
/// TOTP secret given to the staff personas.
pub const STAFF_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Persona {
    Anonymous,
    /// Owns the customer data the rows act on.
    Customer,
    /// Another customer: must never reach the first one's data.
    OtherCustomer,
    Support,
    Admin,
}

impl Persona {
    pub const ALL: [Persona; 5] = [
        Persona::Anonymous,
        Persona::Customer,
        Persona::OtherCustomer,
        Persona::Support,
        Persona::Admin,
    ];
}

pub struct Personas {
    pub customer_id: String,
    pub other_customer_id: String,
    pub support_id: String,
    pub admin_id: String,
    cookies: Vec<(Persona, String)>,
}

impl Personas {
    pub async fn sign_up_all(app: &TestApp) -> Personas {
        let customer = create_account(
            app,
            "customer@webrana.test",
            "Cici Customer",
            PASSWORD,
            Role::Customer,
        )
        .await;
        let other = create_account(app, "other@webrana.test", "Oki Other", PASSWORD, Role::Customer).await;
        let support = create_account(
            app,
            "support@webrana.test",
            "Sari Support",
            PASSWORD,
            Role::Support,
        )
        .await;
        let admin = create_account(app, "admin@webrana.test", "Adi Admin", PASSWORD, Role::Admin).await;
        let mut cookies = vec![
            (Persona::Customer, app.sign_in(&customer.email, PASSWORD).await),
            (Persona::OtherCustomer, app.sign_in(&other.email, PASSWORD).await),
        ];
        for (persona, user) in [(Persona::Support, &support), (Persona::Admin, &admin)] {
            turn_on_totp(app, &user.id, STAFF_TOTP_SECRET).await;
            cookies.push((persona, sign_in_with_code(app, &user.email).await));
        }
        Personas {
            customer_id: customer.id.into(),
            other_customer_id: other.id.into(),
            support_id: support.id.into(),
            admin_id: admin.id.into(),
            cookies,
        }
    }

    /// The persona's session cookie (`None` when signed out).
    pub fn cookie(&self, persona: Persona) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(who, _)| *who == persona)
            .map(|(_, cookie)| cookie.as_str())
    }
}

/// Turns 2FA on for a user with a known secret (sealed like an enrolment would).
pub async fn turn_on_totp(app: &TestApp, user_id: &app::ids::UserId, secret: &str) {
    let state = &app.state;
    set_totp(
        &state.db,
        state.clock.as_ref(),
        &state.secrets,
        user_id,
        Some(secret),
        true,
    )
    .await
    .unwrap();
}

/// The current TOTP code of the staff secret.
pub fn staff_code(app: &TestApp) -> String {
    code_at_step(STAFF_TOTP_SECRET, step_at(app.state.clock.now())).unwrap()
}

/// Password, then the current code: the session cookie of a 2FA sign-in.
pub async fn sign_in_with_code(app: &TestApp, email: &str) -> String {
    let first = app.post_login(email, PASSWORD).await;
    assert!(first.status().is_success(), "{}", first.status());
    let pending = session_cookie(&first).expect("a session waiting for the code");
    assert_eq!(
        first.json::<serde_json::Value>().await.unwrap(),
        "SecondFactorRequired"
    );
    let second = app
        .post_fn(
            "/api/auth/login-2fa",
            Some(&pending),
            &[("code", &staff_code(app))],
        )
        .await;
    assert!(second.status().is_success(), "{}", second.status());
    session_cookie(&second).expect("a new session id once signed in")
}
