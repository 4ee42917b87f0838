//! The landing page: hero, features, pricing from the catalog, FAQ and calls to action.
//! Plain server-rendered HTML (the FAQ uses `<details>`), so it works without JavaScript.

mod page;
mod texts;

pub use page::HomePage;
