//! The client's IP address, decided once per request by the server's middleware (which
//! knows whether a trusted proxy sits in front) and read by audit entries and rate limits.

use crate::error::AppError;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The address of the peer, or — behind a trusted reverse proxy — the address that proxy
/// saw, which is the last entry of `X-Forwarded-For` (earlier entries are client-supplied).
pub fn resolve(peer: IpAddr, forwarded_for: Option<&str>, trust_proxy: bool) -> ClientIp {
    let forwarded = forwarded_for
        .filter(|_| trust_proxy)
        .and_then(|list| list.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok());
    ClientIp(forwarded.unwrap_or(peer))
}

/// The client IP of the request a server function is handling.
pub async fn client_ip() -> Result<ClientIp, AppError> {
    leptos_axum::extract::<axum::Extension<ClientIp>>()
        .await
        .map(|axum::Extension(ip)| ip)
        .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_believed_only_behind_a_trusted_proxy() {
        let peer: IpAddr = "10.0.0.5".parse().unwrap();
        let header = Some("6.6.6.6, 203.0.113.9");
        assert_eq!(resolve(peer, header, false).to_string(), "10.0.0.5");
        assert_eq!(resolve(peer, header, true).to_string(), "203.0.113.9");
        assert_eq!(resolve(peer, Some("garbage"), true).to_string(), "10.0.0.5");
        assert_eq!(resolve(peer, None, true).to_string(), "10.0.0.5");
    }
}
