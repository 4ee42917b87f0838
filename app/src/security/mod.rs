//! Cross-cutting request security: cross-site request refusal (CSRF), security headers,
//! rate limits, the client's IP address, random tokens and sealed secrets. Server-only.

pub mod client_ip;
pub mod csrf;
pub mod headers;
pub mod rate_limit;
pub mod reseal;
pub mod sealed;
pub mod tokens;

pub use client_ip::{ClientIp, client_ip};
pub use rate_limit::{Limit, RateLimiter, RateTiers};
pub use sealed::{SealError, SecretBox};
