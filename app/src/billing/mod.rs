//! Invoices and payments: gap-free invoice numbers per year, immutable invoices (corrected
//! by void + a new invoice, refunded by a credit note), printable/PDF invoices, and
//! recording payments exactly once.

pub mod pages;
pub(crate) mod server_fns;
pub mod texts;

pub use server_fns::{get_invoice, list_my_invoices};
pub use texts::BillingText;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod credit_notes;
#[cfg(feature = "ssr")]
pub mod invoices;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod pdf;

use crate::ids::OrderId;
use crate::money::Rupiah;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoiceStatus {
    Unpaid,
    Paid,
    Void,
}

impl InvoiceStatus {
    pub fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Unpaid => "unpaid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Void => "void",
        }
    }

    pub fn from_code(code: &str) -> Option<InvoiceStatus> {
        [InvoiceStatus::Unpaid, InvoiceStatus::Paid, InvoiceStatus::Void]
            .into_iter()
            .find(|status| status.code() == code)
    }
}

/// What paying an invoice does; `settlement` carries it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoicePurpose {
    /// The first period of an order: its VPS is built.
    Order,
    /// Another cycle of a service (the period is in the lifecycle's `service_renewals`).
    Renewal,
    /// Money for the customer's wallet; belongs to no order.
    Deposit,
    /// A service's move to a bigger plan for the rest of its period (the upgrade is in the
    /// services' `service_upgrades`).
    Upgrade,
}

impl InvoicePurpose {
    pub fn code(self) -> &'static str {
        match self {
            InvoicePurpose::Order => "order",
            InvoicePurpose::Renewal => "renewal",
            InvoicePurpose::Deposit => "deposit",
            InvoicePurpose::Upgrade => "upgrade",
        }
    }

    pub fn from_code(code: &str) -> Option<InvoicePurpose> {
        [
            InvoicePurpose::Order,
            InvoicePurpose::Renewal,
            InvoicePurpose::Deposit,
            InvoicePurpose::Upgrade,
        ]
        .into_iter()
        .find(|purpose| purpose.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: String,
    pub number: String,
    /// `None` for a wallet deposit.
    pub order_id: Option<OrderId>,
    pub purpose: InvoicePurpose,
    pub status: InvoiceStatus,
    pub total: Rupiah,
    /// RFC 3339.
    pub issued_at: String,
    pub due_at: String,
    pub paid_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity: i32,
    pub unit_price: Rupiah,
    pub amount: Rupiah,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    pub gateway: String,
    pub method: String,
    pub reference: String,
    pub amount: Rupiah,
    pub received_at: String,
    pub applied: bool,
}

/// Where refunded money went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefundMethod {
    /// To the customer's balance (the default: instant, and nothing to do at the gateway).
    Wallet,
    /// Back through the payment gateway, done by staff in its dashboard and recorded here.
    Gateway,
}

impl RefundMethod {
    pub fn code(self) -> &'static str {
        match self {
            RefundMethod::Wallet => "wallet",
            RefundMethod::Gateway => "gateway",
        }
    }

    pub fn from_code(code: &str) -> Option<RefundMethod> {
        [RefundMethod::Wallet, RefundMethod::Gateway]
            .into_iter()
            .find(|method| method.code() == code)
    }
}

/// A refund of an invoice: a document of its own, the invoice stays as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditNote {
    /// `CN/2026/000001`.
    pub number: String,
    pub amount: Rupiah,
    pub method: RefundMethod,
    /// The gateway's refund reference (method `Gateway`).
    pub reference: String,
    pub reason: String,
    /// RFC 3339.
    pub issued_at: String,
}

/// Everything the printable invoice and its PDF show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDocument {
    pub invoice: InvoiceSummary,
    pub customer_name: String,
    pub customer_email: String,
    pub customer_company: String,
    pub customer_address: String,
    pub lines: Vec<InvoiceLine>,
    pub subtotal: Rupiah,
    pub tax_rate_percent: i32,
    pub tax: Rupiah,
    pub void_reason: Option<String>,
    pub payments: Vec<PaymentRecord>,
    /// Set once the invoice was refunded.
    pub credit_note: Option<CreditNote>,
}

/// Our details as they appear on invoices.
pub const SELLER_NAME: &str = "PT WeBrana Awan Nusantara";
pub const SELLER_ADDRESS: &str = "Jl. Jenderal Sudirman Kav. 52-53, Jakarta Selatan 12190";
pub const SELLER_NPWP: &str = "NPWP 01.234.567.8-012.000";

#[cfg(feature = "ssr")]
crate::stored_as_text!(InvoiceStatus);
#[cfg(feature = "ssr")]
crate::stored_as_text!(InvoicePurpose);
#[cfg(feature = "ssr")]
crate::stored_as_text!(RefundMethod);
