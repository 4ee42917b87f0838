//! What each notification says: the typed data of an event, and its title and message in
//! Indonesian and English, rendered once when the notification is created (so it reads the
//! same in the inbox, the e-mail and the Telegram message, even after prices or names change).

use super::NotificationKind;
use crate::clock::wib_date;
use crate::i18n::Lang;
use crate::money::Rupiah;
use crate::money::format_idr;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An event worth telling a user about, with the data its text needs. Kept as the
/// notification's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Notice {
    OrderCreated {
        order_id: crate::ids::OrderId,
        hostname: String,
        total: Rupiah,
        due_at: DateTime<Utc>,
    },
    PaymentConfirmed {
        invoice_id: crate::ids::InvoiceId,
        invoice_number: String,
        amount: Rupiah,
        /// The page to follow: the order (first payment) or the service (renewal).
        path: String,
    },
    VpsActive {
        service_id: crate::ids::ServiceId,
        hostname: String,
        ipv4: Option<String>,
    },
    ProvisioningFailed {
        order_id: crate::ids::OrderId,
        hostname: String,
    },
    InvoiceDue {
        invoice_id: crate::ids::InvoiceId,
        invoice_number: String,
        service_id: crate::ids::ServiceId,
        hostname: String,
        total: Rupiah,
        due_at: DateTime<Utc>,
    },
    VpsExpiring {
        service_id: crate::ids::ServiceId,
        hostname: String,
        days: i64,
        invoice_id: Option<crate::ids::InvoiceId>,
        suspend_on: DateTime<Utc>,
    },
    VpsSuspended {
        service_id: crate::ids::ServiceId,
        hostname: String,
        /// Suspended by staff (with their reason) rather than for an unpaid renewal.
        by_staff: Option<String>,
        terminate_on: Option<DateTime<Utc>>,
    },
    VpsTerminated {
        service_id: crate::ids::ServiceId,
        hostname: String,
    },
    /// Money reached the wallet (a paid top-up with its bonus, a credited payment).
    WalletDeposit {
        amount: Rupiah,
        balance: Rupiah,
        /// What it was for (`invoice:…`, `payment:…`): one notice per credit.
        reference: String,
    },
    /// Staff refunded a paid order (to the balance, or back through the gateway).
    RefundIssued {
        order_id: crate::ids::OrderId,
        credit_note: String,
        amount: Rupiah,
        to_wallet: bool,
    },
    SecurityAlert {
        alert: SecurityEvent,
    },
    /// Written by staff in both languages; the user's is picked.
    Announcement {
        announcement_id: String,
        title: Bilingual,
        message: Bilingual,
        link: Option<String>,
    },
}

/// A text in Indonesian and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub id: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual {
            id: id.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> String {
        pick(lang, self.id.clone(), self.en.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityEvent {
    NewSignIn { ip: String, device: String },
    PasswordChanged,
    TwoFactorEnabled,
    TwoFactorDisabled,
}

/// A notice in words, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub kind: NotificationKind,
    pub title: String,
    pub message: String,
    /// A path on our site (links in e-mails get the public URL in front).
    pub action_url: Option<String>,
    /// Two notices with the same key (per user) are the same notification.
    pub dedupe_key: Option<String>,
}

fn pick(lang: Lang, id: String, en: String) -> String {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

impl Notice {
    pub fn kind(&self) -> NotificationKind {
        match self {
            Notice::OrderCreated { .. } => NotificationKind::OrderCreated,
            Notice::PaymentConfirmed { .. } => NotificationKind::PaymentConfirmed,
            Notice::VpsActive { .. } => NotificationKind::VpsActive,
            Notice::ProvisioningFailed { .. } => NotificationKind::ProvisioningFailed,
            Notice::InvoiceDue { .. } => NotificationKind::InvoiceDue,
            Notice::VpsExpiring { .. } => NotificationKind::VpsExpiring,
            Notice::VpsSuspended { .. } => NotificationKind::VpsSuspended,
            Notice::VpsTerminated { .. } => NotificationKind::VpsTerminated,
            Notice::WalletDeposit { .. } => NotificationKind::WalletDeposit,
            Notice::RefundIssued { .. } => NotificationKind::RefundIssued,
            Notice::SecurityAlert { .. } => NotificationKind::SecurityAlert,
            Notice::Announcement { .. } => NotificationKind::SystemAnnouncement,
        }
    }

    /// The invoice whose payment makes this notice moot (a reminder to pay it).
    pub fn moot_once_paid(&self) -> Option<&crate::ids::InvoiceId> {
        match self {
            Notice::InvoiceDue { invoice_id, .. } => Some(invoice_id),
            Notice::VpsExpiring { invoice_id, .. } => invoice_id.as_ref(),
            _ => None,
        }
    }

    pub fn render(&self, lang: Lang) -> Rendered {
        let kind = self.kind();
        let (title, message, action_url, dedupe_key) = match self {
            Notice::OrderCreated { order_id, hostname, total, due_at } => (
                pick(lang, format!("Pesanan {hostname} dibuat"), format!("Order for {hostname} placed")),
                pick(
                    lang,
                    format!("Bayar {} sebelum {} agar server dibuat.", format_idr(*total), wib_date(due_at)),
                    format!("Pay {} before {} and the server is built.", format_idr(*total), wib_date(due_at)),
                ),
                Some(format!("/orders/{order_id}")),
                Some(format!("order-created:{order_id}")),
            ),
            Notice::PaymentConfirmed { invoice_id, invoice_number, amount, path } => (
                pick(lang, "Pembayaran diterima".into(), "Payment received".into()),
                pick(
                    lang,
                    format!("Pembayaran {} untuk tagihan {invoice_number} telah kami terima. Terima kasih!", format_idr(*amount)),
                    format!("We received {} for invoice {invoice_number}. Thank you!", format_idr(*amount)),
                ),
                Some(path.clone()),
                Some(format!("payment:{invoice_id}")),
            ),
            Notice::VpsActive { service_id, hostname, ipv4 } => {
                let address = ipv4.clone().unwrap_or_default();
                (
                    pick(lang, format!("Server {hostname} aktif"), format!("Server {hostname} is up")),
                    pick(
                        lang,
                        format!("Server Anda siap dipakai. Alamat IP: {address}."),
                        format!("Your server is ready. IP address: {address}."),
                    ),
                    Some(format!("/services/{service_id}")),
                    Some(format!("active:{service_id}")),
                )
            }
            Notice::ProvisioningFailed { order_id, hostname } => (
                pick(lang, format!("Pembuatan {hostname} tertunda"), format!("Building {hostname} is delayed")),
                pick(
                    lang,
                    "Server belum berhasil dibuat. Tim kami sudah diberi tahu dan akan mencobanya lagi; pembayaran Anda aman.".into(),
                    "The server could not be built yet. Our team has been told and will try again; your payment is safe.".into(),
                ),
                Some(format!("/orders/{order_id}")),
                None,
            ),
            Notice::InvoiceDue { invoice_id, invoice_number, service_id, hostname, total, due_at } => (
                pick(lang, format!("Tagihan perpanjangan {hostname}"), format!("Renewal invoice for {hostname}")),
                pick(
                    lang,
                    format!("Tagihan {invoice_number} sebesar {} jatuh tempo {}.", format_idr(*total), wib_date(due_at)),
                    format!("Invoice {invoice_number} for {} is due {}.", format_idr(*total), wib_date(due_at)),
                ),
                Some(format!("/services/{service_id}")),
                Some(format!("invoice-due:{invoice_id}")),
            ),
            Notice::VpsExpiring { service_id, hostname, days, invoice_id, suspend_on } => (
                pick(lang, format!("{hostname} segera berakhir"), format!("{hostname} runs out soon")),
                pick(
                    lang,
                    format!(
                        "Sisa hari sebelum berakhir: {days}. Bayar tagihan perpanjangan, atau server ditangguhkan pada {}.",
                        wib_date(suspend_on)
                    ),
                    format!(
                        "Days left before it runs out: {days}. Pay the renewal invoice, or the server is suspended on {}.",
                        wib_date(suspend_on)
                    ),
                ),
                Some(format!("/services/{service_id}")),
                invoice_id.as_ref().map(|invoice| format!("expiring:{invoice}:{days}")),
            ),
            Notice::VpsSuspended { service_id, hostname, by_staff, terminate_on } => {
                let (id, en) = match (by_staff, terminate_on) {
                    (Some(reason), _) => (
                        format!("Server ditangguhkan oleh tim kami: {reason}"),
                        format!("Our team suspended the server: {reason}"),
                    ),
                    (None, Some(on)) => (
                        format!(
                            "Server telah ditangguhkan dan dimatikan karena tagihan perpanjangannya belum dibayar. Data Anda tetap tersimpan sampai {}.",
                            wib_date(on)
                        ),
                        format!(
                            "The server has been suspended and powered off because its renewal invoice is unpaid. Your data is kept until {}.",
                            wib_date(on)
                        ),
                    ),
                    (None, None) => (
                        "Server telah ditangguhkan dan dimatikan karena tagihan perpanjangannya belum dibayar.".into(),
                        "The server has been suspended and powered off because its renewal invoice is unpaid.".into(),
                    ),
                };
                (
                    pick(lang, format!("Server {hostname} ditangguhkan"), format!("Server {hostname} suspended")),
                    pick(lang, id, en),
                    Some(format!("/services/{service_id}")),
                    None,
                )
            }
            Notice::VpsTerminated { service_id, hostname } => (
                pick(lang, format!("Server {hostname} dihapus"), format!("Server {hostname} deleted")),
                pick(
                    lang,
                    "Server dan datanya dihapus karena tagihan perpanjangan tidak dibayar.".into(),
                    "The server and its data were deleted because the renewal invoice was not paid.".into(),
                ),
                Some(format!("/services/{service_id}")),
                Some(format!("terminated:{service_id}")),
            ),
            Notice::WalletDeposit { amount, balance, reference } => (
                pick(lang, "Saldo bertambah".into(), "Wallet topped up".into()),
                pick(
                    lang,
                    format!("{} masuk ke saldo Anda. Saldo sekarang {}.", format_idr(*amount), format_idr(*balance)),
                    format!("{} was added to your wallet. Balance now {}.", format_idr(*amount), format_idr(*balance)),
                ),
                Some("/wallet".into()),
                Some(format!("wallet:{reference}")),
            ),
            Notice::RefundIssued { order_id, credit_note, amount, to_wallet } => (
                pick(lang, "Dana dikembalikan".into(), "Refund issued".into()),
                match (lang, to_wallet) {
                    (Lang::Id, true) => format!("{} dari pesanan Anda dikembalikan ke saldo (nota kredit {credit_note}).", format_idr(*amount)),
                    (Lang::Id, false) => format!("{} dari pesanan Anda dikembalikan melalui metode pembayaran semula (nota kredit {credit_note}).", format_idr(*amount)),
                    (Lang::En, true) => format!("{} from your order went back to your balance (credit note {credit_note}).", format_idr(*amount)),
                    (Lang::En, false) => format!("{} from your order went back through the original payment method (credit note {credit_note}).", format_idr(*amount)),
                },
                Some(format!("/orders/{order_id}")),
                Some(format!("refund:{order_id}")),
            ),
            Notice::SecurityAlert { alert } => {
                let (title, message) = security_text(alert, lang);
                (title, message, Some("/account/security".into()), None)
            }
            Notice::Announcement { announcement_id, title, message, link } => (
                title.get(lang),
                message.get(lang),
                link.clone(),
                Some(format!("announcement:{announcement_id}")),
            ),
        };
        Rendered {
            kind,
            title,
            message,
            action_url,
            dedupe_key,
        }
    }
}

fn security_text(alert: &SecurityEvent, lang: Lang) -> (String, String) {
    let unsure_id = "Jika bukan Anda, segera ganti kata sandi.";
    let unsure_en = "If this was not you, change your password now.";
    let (title_id, title_en, id, en) = match alert {
        SecurityEvent::NewSignIn { ip, device } => (
            "Login baru ke akun Anda",
            "New sign-in to your account",
            format!("Login dari {ip} ({device}). {unsure_id}"),
            format!("Signed in from {ip} ({device}). {unsure_en}"),
        ),
        SecurityEvent::PasswordChanged => (
            "Kata sandi diganti",
            "Password changed",
            format!("Kata sandi akun Anda baru saja diganti. {unsure_id}"),
            format!("Your account's password was just changed. {unsure_en}"),
        ),
        SecurityEvent::TwoFactorEnabled => (
            "Verifikasi dua langkah aktif",
            "Two-step verification on",
            format!("Verifikasi dua langkah diaktifkan untuk akun Anda. {unsure_id}"),
            format!("Two-step verification was turned on for your account. {unsure_en}"),
        ),
        SecurityEvent::TwoFactorDisabled => (
            "Verifikasi dua langkah dimatikan",
            "Two-step verification off",
            format!("Verifikasi dua langkah dimatikan untuk akun Anda. {unsure_id}"),
            format!("Two-step verification was turned off for your account. {unsure_en}"),
        ),
    };
    (pick(lang, title_id.into(), title_en.into()), pick(lang, id, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_render_in_both_languages_with_their_data() {
        let notice = Notice::VpsActive {
            service_id: "s1".into(),
            hostname: "web-1".into(),
            ipv4: Some("203.0.113.7".into()),
        };
        let id = notice.render(Lang::Id);
        let en = notice.render(Lang::En);
        assert_eq!(id.kind, NotificationKind::VpsActive);
        assert_eq!(id.title, "Server web-1 aktif");
        assert!(en.message.contains("203.0.113.7"), "{}", en.message);
        assert_eq!(en.action_url.as_deref(), Some("/services/s1"));
        assert_eq!(id.dedupe_key, en.dedupe_key);
        let json = serde_json::to_value(&notice).unwrap();
        assert_eq!(json["event"], "vps_active");
        assert_eq!(serde_json::from_value::<Notice>(json).unwrap(), notice);
    }
}
