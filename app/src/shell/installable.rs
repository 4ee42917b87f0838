//! The installable portal (a web app manifest, icons, a service worker and an offline page):
//! their addresses, shared by the page head and the server that answers them
//! (`server/src/installable.rs`). The manifest and icons are files in `public/`.

pub const MANIFEST_PATH: &str = "/manifest.webmanifest";
pub const SERVICE_WORKER_PATH: &str = "/sw.js";
/// The page the service worker shows for a page it cannot fetch.
pub const OFFLINE_PATH: &str = "/offline.html";
/// The browser's colour around an installed portal (the logo's blue).
pub const THEME_COLOR: &str = "#0284c7";

/// Registers the service worker once the page has loaded: inline (with the page's nonce), so
/// it neither waits for the WASM bundle nor competes with it for the first paint.
pub fn register_script() -> String {
    format!(
        "if('serviceWorker'in navigator)addEventListener('load',function(){{navigator.serviceWorker.register('{SERVICE_WORKER_PATH}')}})"
    )
}
