//! Paying an invoice at a payment gateway: Midtrans Snap, Xendit Invoices, or the simulated
//! gateway (`gateway.rs` is what they share). Midtrans and Xendit take the customer to their
//! own pay page; the simulated gateway shows a local one and reports the result with a
//! signed webhook, exactly like a real gateway would; it is on only where configured
//! (`WEBRANA_SIMULATED_GATEWAY`: the demo and the tests), because with it anyone can "pay"
//! for a server. Every gateway's webhooks come in through `intake`. Without a gateway
//! invoices are paid by staff.

pub mod pages;
pub mod texts;
pub mod wallet;

pub use texts::PaymentText;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod checkout_lock;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod gateway;
#[cfg(feature = "ssr")]
pub mod gateway_refunds;
#[cfg(feature = "ssr")]
pub mod intake;
#[cfg(feature = "ssr")]
pub mod midtrans;
#[cfg(feature = "ssr")]
pub mod simulated;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod switches;
#[cfg(feature = "ssr")]
pub mod xendit;

/// The gateways this instance takes payments through (a feature service, registered in
/// `server/src/startup.rs`). The first opens new payments; all of them are heard on their
/// webhook, so attempts opened before a switch still settle. Empty: customers cannot pay
/// online, staff record payments.
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct PaymentGateways {
    gateways: Vec<std::sync::Arc<dyn gateway::PaymentGateway>>,
}

#[cfg(feature = "ssr")]
impl PaymentGateways {
    pub fn new(gateways: Vec<std::sync::Arc<dyn gateway::PaymentGateway>>) -> PaymentGateways {
        PaymentGateways { gateways }
    }

    /// The gateway new payments go to.
    pub fn active(&self) -> Option<&dyn gateway::PaymentGateway> {
        self.gateways.first().map(|gateway| gateway.as_ref())
    }

    pub fn get(&self, name: &str) -> Option<&dyn gateway::PaymentGateway> {
        self.all().find(|gateway| gateway.name() == name)
    }

    pub fn all(&self) -> impl Iterator<Item = &dyn gateway::PaymentGateway> {
        self.gateways.iter().map(|gateway| gateway.as_ref())
    }

    /// The methods the active gateway offers (staff may have switched some off:
    /// [`available_methods`]).
    pub fn methods(&self) -> Vec<PaymentMethod> {
        self.active()
            .map(|gateway| gateway.methods().to_vec())
            .unwrap_or_default()
    }

    /// The methods a customer can choose now: offered and not switched off by staff.
    pub async fn available_methods(&self, db: &crate::db::Db) -> Result<Vec<PaymentMethod>, sqlx::Error> {
        let off = switches::switched_off(db).await?;
        Ok(self
            .methods()
            .into_iter()
            .filter(|method| !off.contains(method))
            .collect())
    }
}

#[cfg(feature = "ssr")]
impl std::fmt::Debug for PaymentGateways {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.all().map(|gateway| gateway.name()))
            .finish()
    }
}

use crate::error::AppError;
use crate::money::Rupiah;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The ways to pay that the gateway offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentMethod {
    Qris,
    VaBca,
    VaBni,
    VaBri,
    VaMandiri,
    VaPermata,
    GoPay,
    Ovo,
    Dana,
    ShopeePay,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 10] = [
        PaymentMethod::Qris,
        PaymentMethod::VaBca,
        PaymentMethod::VaBni,
        PaymentMethod::VaBri,
        PaymentMethod::VaMandiri,
        PaymentMethod::VaPermata,
        PaymentMethod::GoPay,
        PaymentMethod::Ovo,
        PaymentMethod::Dana,
        PaymentMethod::ShopeePay,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Qris => "qris",
            PaymentMethod::VaBca => "va_bca",
            PaymentMethod::VaBni => "va_bni",
            PaymentMethod::VaBri => "va_bri",
            PaymentMethod::VaMandiri => "va_mandiri",
            PaymentMethod::VaPermata => "va_permata",
            PaymentMethod::GoPay => "gopay",
            PaymentMethod::Ovo => "ovo",
            PaymentMethod::Dana => "dana",
            PaymentMethod::ShopeePay => "shopeepay",
        }
    }

    pub fn from_code(code: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL
            .into_iter()
            .find(|method| method.code() == code)
    }

    /// The brand name (the same in both languages).
    pub fn name(self) -> &'static str {
        match self {
            PaymentMethod::Qris => "QRIS",
            PaymentMethod::VaBca => "BCA Virtual Account",
            PaymentMethod::VaBni => "BNI Virtual Account",
            PaymentMethod::VaBri => "BRI Virtual Account",
            PaymentMethod::VaMandiri => "Mandiri Virtual Account",
            PaymentMethod::VaPermata => "Permata Virtual Account",
            PaymentMethod::GoPay => "GoPay",
            PaymentMethod::Ovo => "OVO",
            PaymentMethod::Dana => "DANA",
            PaymentMethod::ShopeePay => "ShopeePay",
        }
    }

    /// Paid by scanning a QR code (QRIS and e-wallets) rather than by transfer to a number.
    pub fn is_qr(self) -> bool {
        !self.code().starts_with("va_")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntentStatus {
    Pending,
    Succeeded,
    Failed,
    Expired,
}

impl IntentStatus {
    pub fn code(self) -> &'static str {
        match self {
            IntentStatus::Pending => "pending",
            IntentStatus::Succeeded => "succeeded",
            IntentStatus::Failed => "failed",
            IntentStatus::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<IntentStatus> {
        [
            IntentStatus::Pending,
            IntentStatus::Succeeded,
            IntentStatus::Failed,
            IntentStatus::Expired,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }
}

#[cfg(feature = "ssr")]
crate::stored_as_text!(PaymentMethod);
#[cfg(feature = "ssr")]
crate::stored_as_text!(IntentStatus);

/// A gateway's configuration as staff may see it (never a whole key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewaySetup {
    /// `sandbox`, `production`, or `local` (the simulated gateway).
    pub environment: String,
    /// The API it is called at (empty for the simulated gateway).
    pub api_url: String,
    /// Each key's name and its masked value (`••••1a2b`).
    pub keys: Vec<(String, String)>,
}

/// What the pay page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub intent_id: String,
    /// The page the payment is for: the order, or for a renewal the service.
    pub return_path: String,
    pub invoice_number: String,
    pub method: PaymentMethod,
    pub amount: Rupiah,
    /// The VA number, or the QR payload (shown on our page).
    pub pay_to: String,
    /// The gateway's page where the customer pays, when it has one.
    pub pay_url: String,
    /// The QR code as SVG, for QR methods.
    pub qr_svg: Option<String>,
    pub status: IntentStatus,
    pub expires_at: String,
    /// Time left to pay when the page was made.
    pub seconds_left: i64,
    /// Made at the simulated gateway while it is on: the page offers its buttons.
    pub simulated: bool,
}

/// The payment methods customers can choose (none when no gateway is on). Public: the
/// same for everyone.
#[server(endpoint = "payments/methods")]
pub async fn payment_methods() -> Result<Vec<PaymentMethod>, AppError> {
    let state = crate::state::AppState::from_context()?;
    crate::state::use_server::<PaymentGateways>()?
        .available_methods(&state.db)
        .await
        .map_err(AppError::internal)
}

/// Starts paying an invoice with a method: creates the payment attempt at the gateway and
/// opens its pay page. With `use_balance` = "true" and a balance that covers part of the
/// invoice, the gateway is asked for the rest only (a deposit that, once paid, pays the
/// invoice from the balance).
#[server(endpoint = "payments/start")]
pub async fn start_payment(
    invoice: String,
    method: String,
    #[server(default)] use_balance: String,
) -> Result<String, AppError> {
    let invoice = crate::ids::InvoiceId::from(invoice);
    let (state, gateways, user) = ssr::context().await?;
    let id = if use_balance == "true" {
        ssr::start_rest(&state, &gateways, &user, &invoice, &method).await?
    } else {
        ssr::start(&state, &gateways, &user, &invoice, &method).await?
    };
    leptos_axum::redirect(&format!("/pay/{id}"));
    Ok(id)
}

/// The pay page's data; only the invoice's owner may see it.
#[server(endpoint = "payments/get")]
pub async fn get_payment(id: String) -> Result<PaymentView, AppError> {
    let (state, gateways, user) = ssr::context().await?;
    ssr::view(&state, &gateways, &user, &id).await
}

/// The simulated gateway's "pay now" / "fail" buttons: the gateway reports the outcome to
/// our webhook (signed, from a durable job — like a real gateway, and retried the same way).
#[server(endpoint = "payments/simulate")]
pub async fn simulate_payment(id: String, outcome: String) -> Result<(), AppError> {
    let (state, gateways, user) = ssr::context().await?;
    let return_path = ssr::simulate(&state, &gateways, &user, &id, &outcome).await?;
    leptos_axum::redirect(&format!("{return_path}?payment=sent"));
    Ok(())
}

/// Paying, for the pages' server functions and the REST API (`api.rs`) alike: each takes the
/// state, the gateways and the user, however the caller found them.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::checkout_lock::CheckoutLock;
    use super::gateway::CheckoutRequest;
    use super::{IntentStatus, PaymentGateways, PaymentMethod, PaymentView, store};
    use crate::accounts::User;
    use crate::accounts::validation::field_error;
    use crate::billing::invoices;
    use crate::error::AppError;
    use crate::ids::InvoiceId;
    use crate::state::AppState;
    use crate::ui::FormText;

    /// What a server function of the pages pays with: the signed-in user.
    pub async fn context() -> Result<(AppState, PaymentGateways, User), AppError> {
        let user = crate::accounts::auth::ssr::require_user().await?;
        let state = AppState::from_context()?;
        let gateways = crate::state::use_server::<PaymentGateways>()?;
        Ok((state, gateways, user))
    }

    /// Opens (or reuses) a payment attempt of one of `user`'s invoices; its id.
    pub async fn start(
        state: &AppState,
        gateways: &PaymentGateways,
        user: &User,
        invoice_id: &InvoiceId,
        method: &str,
    ) -> Result<String, AppError> {
        let method =
            PaymentMethod::from_code(method).ok_or_else(|| field_error("method", FormText::Required))?;
        let available = gateways
            .available_methods(&state.db)
            .await
            .map_err(AppError::internal)?;
        let gateway = gateways
            .active()
            .filter(|_| available.contains(&method))
            .ok_or_else(|| field_error("method", FormText::PaymentUnavailable))?;
        let invoice = crate::billing::server_fns::ssr::own_invoice(state, invoice_id, user).await?;
        let mut tx = state.db.begin_read().await.map_err(AppError::internal)?;
        let payable = crate::settlement::accepts_payment(&mut tx, &invoice)
            .await
            .map_err(AppError::internal)?;
        drop(tx);
        if !payable {
            return Err(field_error("invoice", FormText::OrderNotPayable));
        }
        // A second press (or a double click) reuses the open attempt rather than opening
        // another one the customer might also pay; presses at the same moment wait for the
        // one that holds the invoice's checkout lease.
        let waiting_since = std::time::Instant::now();
        let lock = loop {
            if let Some(open) = open_attempt(state, &invoice, gateway.name(), method).await? {
                return Ok(open);
            }
            if let Some(lock) = CheckoutLock::try_take(&state.db, state.clock.as_ref(), &invoice.id)
                .await
                .map_err(AppError::internal)?
            {
                break lock;
            }
            if waiting_since.elapsed() > CHECKOUT_WAIT {
                return Err(field_error("method", FormText::GatewayUnavailable));
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        // The press that held the lease before may have opened one meanwhile.
        let opened = match open_attempt(state, &invoice, gateway.name(), method).await {
            Ok(Some(open)) => Ok(open),
            Ok(None) => open_at_gateway(state, gateway, &invoice, method, user).await,
            Err(error) => Err(error),
        };
        lock.release(&state.db).await.map_err(AppError::internal)?;
        opened
    }

    /// How long a press waits for another press of the same invoice to open its attempt:
    /// longer than a gateway call may take.
    const CHECKOUT_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

    /// The open attempt a press can reuse: one still good for five minutes.
    async fn open_attempt(
        state: &AppState,
        invoice: &crate::billing::invoices::InvoiceRow,
        gateway: &str,
        method: PaymentMethod,
    ) -> Result<Option<String>, AppError> {
        let usable_until = state.clock.now() + chrono::Duration::minutes(5);
        store::open_attempt(&state.db, &invoice.id, gateway, method, usable_until)
            .await
            .map_err(AppError::internal)
    }

    /// Opens an attempt at the gateway and stores it; the caller holds the checkout lease.
    async fn open_at_gateway(
        state: &AppState,
        gateway: &dyn super::gateway::PaymentGateway,
        invoice: &crate::billing::invoices::InvoiceRow,
        method: PaymentMethod,
        user: &crate::accounts::User,
    ) -> Result<String, AppError> {
        // Only a new attempt at the gateway counts against the payment tier (a press that
        // reuses an open attempt does not).
        state
            .enforce_limit(
                &format!("payment:{}", user.id),
                state.settings.rate_limits.payment,
            )
            .await?;
        let now = state.clock.now();
        let id = uuid::Uuid::now_v7().to_string();
        let expires_at = store::expiry(invoice, now);
        let request = CheckoutRequest {
            intent_id: &id,
            invoice_number: &invoice.number,
            amount: invoice.total,
            method,
            customer_name: &user.name,
            customer_email: &user.email,
            now,
            expires_at,
            return_url: format!("{}/pay/{id}", state.settings.public_url.trim_end_matches('/')),
        };
        let checkout = gateway.create(&request).await.map_err(|error| {
            tracing::warn!(%error, gateway = gateway.name(), "a payment could not be opened at the gateway");
            field_error("method", FormText::GatewayUnavailable)
        })?;
        let intent = store::NewIntent {
            id: &id,
            invoice,
            gateway: gateway.name(),
            method,
            checkout: &checkout,
            expires_at,
        };
        store::insert(&state.db, state.clock.as_ref(), &intent)
            .await
            .map_err(AppError::internal)?;
        Ok(id)
    }

    /// Pays an invoice from the balance first and the rest through the gateway: the rest is
    /// a deposit naming the invoice (a second press reuses it). With a balance that covers
    /// all of it or nothing, this is an ordinary payment.
    pub async fn start_rest(
        state: &AppState,
        gateways: &PaymentGateways,
        user: &User,
        invoice_id: &InvoiceId,
        method: &str,
    ) -> Result<String, AppError> {
        let invoice = crate::billing::server_fns::ssr::own_invoice(state, invoice_id, user).await?;
        let balance = crate::wallet::store::balance(&state.db, &user.id)
            .await
            .map_err(AppError::internal)?;
        if invoice.purpose == crate::billing::InvoicePurpose::Deposit
            || !balance.is_positive()
            || balance >= invoice.total
        {
            return start(state, gateways, user, invoice_id, method).await;
        }
        let rest = invoice.total - balance;
        let deposit = match invoices::open_rest_of(&state.db, &invoice.id, rest)
            .await
            .map_err(AppError::internal)?
        {
            Some(open) => open.id,
            None => {
                let customer = crate::accounts::store::find_by_id(&state.db, &user.id)
                    .await
                    .map_err(AppError::internal)?
                    .ok_or_else(|| AppError::NotFound.with_status())?;
                let clock = state.clock.as_ref();
                let description = format!(
                    "{} {}",
                    super::PaymentText::RestOf.text(customer.language()),
                    invoice.number
                );
                let due = invoice.due_at.max(clock.now() + chrono::Duration::hours(1));
                let mut new = invoices::NewInvoice::deposit(&customer, description, rest, due);
                new.pays = Some(&invoice.id);
                let mut tx = state.db.begin().await.map_err(AppError::internal)?;
                let (id, _) = invoices::issue(&mut tx, clock, new)
                    .await
                    .map_err(AppError::internal)?;
                tx.commit().await.map_err(AppError::internal)?;
                id
            }
        };
        start(state, gateways, user, &deposit, method).await
    }

    /// One of `user`'s payment attempts; anyone else's is "not found".
    pub async fn view(
        state: &AppState,
        gateways: &PaymentGateways,
        user: &User,
        id: &str,
    ) -> Result<PaymentView, AppError> {
        let intent = super::store::find(&state.db, id)
            .await
            .map_err(AppError::internal)?
            .filter(|intent| intent.user_id == user.id)
            .ok_or_else(|| AppError::NotFound.with_status())?;
        let invoice = invoices::find(&state.db, &intent.invoice_id)
            .await
            .map_err(AppError::internal)?
            .ok_or_else(|| AppError::NotFound.with_status())?;
        let mut tx = state.db.begin_read().await.map_err(AppError::internal)?;
        let return_path = crate::settlement::return_path_in(&mut tx, &invoice)
            .await
            .map_err(AppError::internal)?;
        drop(tx);
        let method = intent.method;
        let status = intent.status_at(state.clock.now());
        Ok(PaymentView {
            intent_id: intent.id.clone(),
            return_path,
            invoice_number: invoice.number.clone(),
            method,
            amount: intent.amount,
            qr_svg: (method.is_qr() && status == IntentStatus::Pending)
                .then(|| crate::qr::qr_svg(&intent.pay_to))
                .flatten(),
            pay_to: intent.pay_to,
            pay_url: intent.pay_url,
            status,
            expires_at: crate::clock::rfc3339(&intent.expires_at),
            seconds_left: (intent.expires_at - state.clock.now()).num_seconds().max(0),
            simulated: intent.gateway == super::simulated::GATEWAY
                && gateways.get(super::simulated::GATEWAY).is_some(),
        })
    }

    /// The simulated gateway's answer to one of `user`'s attempts (the demo's "pay now").
    pub async fn simulate(
        state: &AppState,
        gateways: &PaymentGateways,
        user: &User,
        id: &str,
        outcome: &str,
    ) -> Result<String, AppError> {
        let view = view(state, gateways, user, id).await?;
        if !view.simulated {
            return Err(AppError::NotFound.with_status());
        }
        if view.status != IntentStatus::Pending {
            return Err(field_error("payment", FormText::OrderNotPayable));
        }
        let succeeded = outcome == "success";
        super::simulated::report(state, id, succeeded)
            .await
            .map_err(AppError::internal)?;
        Ok(view.return_path)
    }
}
