//! A check that the page's server-rendered data and its hydration line up.
//!
//! The server writes each resource's value into the page under a number given in the order
//! resources are created (`__RESOLVED_RESOURCES[n]`), and hydration reads them back by
//! counting in the same order. Server rendering runs the body of a `Suspend` more than once
//! (to find the resources it reads, then to render), so a resource created inside one
//! (inside `RequireUser`'s or `StaffArea`'s children, say) is created and loaded again each
//! time, under new numbers. The browser runs that body once and reads the first copy, while
//! the HTML shows the last: when the data changed in between (a new audit record, a new
//! metrics sample), the page no longer matches its data and hydration panics. It happened
//! rarely and only under load, so it is caught here instead: every value the server sent
//! must have been read by the end of hydration, or the page logs a hydration error (which
//! fails any browser test). Pages create their resources before any guard (see
//! `accounts::pages::RequireUser`).

use js_sys::{Array, Object, Proxy, Reflect};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

const GLOBAL: &str = "__RESOLVED_RESOURCES";

/// Which of the server's values hydration has read.
pub struct ResourceReads {
    sent: Array,
    read: Rc<RefCell<BTreeSet<u32>>>,
}

impl ResourceReads {
    /// Starts recording reads. Must run before hydration first touches the values (Leptos
    /// keeps the first reference it gets).
    pub fn watch() -> Option<ResourceReads> {
        let window: JsValue = web_sys::window()?.into();
        let sent = Reflect::get(&window, &GLOBAL.into()).ok()?;
        if !Array::is_array(&sent) {
            return None;
        }
        let sent: Array = sent.unchecked_into();
        let read = Rc::new(RefCell::new(BTreeSet::new()));
        let trap = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new({
            let read = Rc::clone(&read);
            move |target: JsValue, key: JsValue| {
                if let Some(index) = key.as_string().and_then(|key| key.parse::<u32>().ok()) {
                    read.borrow_mut().insert(index);
                }
                Reflect::get(&target, &key).unwrap_or(JsValue::UNDEFINED)
            }
        });
        let handler = Object::new();
        Reflect::set(&handler, &"get".into(), trap.as_ref()).ok()?;
        // The page may read a value at any time while it lives; the trap stays with it.
        trap.forget();
        Reflect::set(&window, &GLOBAL.into(), &Proxy::new(&sent, &handler)).ok()?;
        Some(ResourceReads { sent, read })
    }

    /// Logs a hydration error naming the values hydration never read.
    pub fn report_unread(&self) {
        let read = self.read.borrow();
        let unread: Vec<u32> = (0..self.sent.length())
            .filter(|index| !self.sent.get(*index).is_undefined() && !read.contains(index))
            .collect();
        if !unread.is_empty() {
            web_sys::console::error_1(
                &format!(
                    "hydration: the server sent resource values {unread:?} that hydration never read \
                     (a resource created where server rendering runs it more than once?)"
                )
                .into(),
            );
        }
    }
}
