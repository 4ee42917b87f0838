//! The one layout of our e-mails: greeting, paragraphs, a button with its link also
//! written out (for mail clients that hide buttons), closing notes and the signature, as
//! plain text and HTML.

use super::{Mail, escape_html};
use crate::i18n::Lang;
use lettre::message::Mailbox;

pub struct Letter<'a> {
    pub lang: Lang,
    pub to: Mailbox,
    pub subject: String,
    pub greeting: &'a str,
    pub name: &'a str,
    pub paragraphs: Vec<String>,
    /// The button's label and link.
    pub button: (&'a str, &'a str),
    pub notes: Vec<String>,
    pub signature: &'a str,
}

impl Letter<'_> {
    pub fn into_mail(self) -> Mail {
        let (button, link) = self.button;
        let mut plain = format!("{} {},\n\n", self.greeting, self.name);
        for paragraph in &self.paragraphs {
            plain.push_str(paragraph);
            plain.push_str("\n\n");
        }
        plain.push_str(link);
        plain.push_str("\n\n");
        if !self.notes.is_empty() {
            plain.push_str(&self.notes.join("\n"));
            plain.push_str("\n\n");
        }
        plain.push_str(self.signature);
        plain.push('\n');
        let paragraphs: String = self
            .paragraphs
            .iter()
            .map(|paragraph| format!("<p>{}</p>", escape_html(paragraph)))
            .collect();
        let notes = self
            .notes
            .iter()
            .map(|note| escape_html(note))
            .collect::<Vec<_>>()
            .join("<br>");
        let html = format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#0f172a\">\
             <p>{greeting} {name},</p>{paragraphs}\
             <p><a href=\"{link}\" style=\"display:inline-block;background:#0284c7;color:#fff;padding:10px 16px;\
             border-radius:8px;text-decoration:none\">{button}</a></p>\
             <p style=\"font-size:13px;color:#475569\">{link}</p><p>{notes}</p><p>{signature}</p>\
             </body></html>",
            lang = self.lang.code(),
            greeting = escape_html(self.greeting),
            name = escape_html(self.name),
            link = escape_html(link),
            button = escape_html(button),
            signature = escape_html(self.signature).replace('\n', "<br>"),
        );
        Mail {
            to: self.to,
            subject: self.subject,
            text: plain,
            html,
            unsubscribe: None,
        }
    }
}

/// "Name <address>", or the bare address when the name cannot be part of a mailbox.
pub fn recipient(name: &str, email: &str) -> Result<Mailbox, String> {
    format!("{} <{email}>", name.replace(['<', '>', '"'], ""))
        .parse()
        .or_else(|_| email.parse())
        .map_err(|error: lettre::address::AddressError| format!("bad recipient: {error}"))
}
