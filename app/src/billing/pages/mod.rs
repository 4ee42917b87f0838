//! Invoice pages: my invoices (`/invoices`) and the printable invoice (`/invoices/:id`).

mod document;
mod list;

pub use document::InvoicePage;
pub use list::MyInvoicesPage;
