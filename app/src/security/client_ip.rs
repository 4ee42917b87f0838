//! The client's IP address, decided once per request by the server's middleware (which
//! knows which reverse proxies are ours) and read by audit entries and rate limits.

use crate::error::AppError;
use ipnet::{IpNet, Ipv6Net};
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ClientIp {
    /// The key rate limits and lockouts count this client under. An IPv6 customer usually
    /// holds a whole /64 (any address in it is theirs to use), so it counts as one client.
    pub fn bucket(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => Ipv6Net::new(v6, 64)
                .map(|net| net.trunc().to_string())
                .unwrap_or_else(|_| v6.to_string()),
        }
    }
}

/// The reverse proxies and load balancers in front of us (`WEBRANA_TRUSTED_PROXIES`): only
/// they may tell us a client's address through `X-Forwarded-For`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A comma-separated list of addresses (`10.0.0.7`) and networks (`10.0.0.0/8`).
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{entry:?} is not an IP address or network"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// The client's address: the peer's, unless the peer is one of our proxies; then the
/// `X-Forwarded-For` entries (all of the request's headers, in order) are read from the right,
/// skipping our own proxies, and the first other address is the client. Entries left of it
/// were written by the client and prove nothing.
pub fn resolve<'a>(
    peer: IpAddr,
    forwarded_for: impl DoubleEndedIterator<Item = &'a str>,
    trusted: &TrustedProxies,
) -> ClientIp {
    let mut client = peer.to_canonical();
    if !trusted.contains(client) {
        return ClientIp(client);
    }
    let hops = forwarded_for.rev().flat_map(|header| header.rsplit(','));
    for hop in hops {
        let Ok(address) = hop.trim().parse::<IpAddr>() else {
            // Our proxies write addresses; anything else came from the client.
            break;
        };
        client = address.to_canonical();
        if !trusted.contains(client) {
            break;
        }
    }
    ClientIp(client)
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

    fn resolved(peer: &str, headers: &[&str], trusted: &str) -> String {
        let trusted = TrustedProxies::parse(trusted).unwrap();
        resolve(peer.parse().unwrap(), headers.iter().copied(), &trusted).to_string()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let header = ["6.6.6.6, 203.0.113.9"];
        assert_eq!(resolved("10.0.0.5", &header, ""), "10.0.0.5");
        assert_eq!(resolved("10.0.0.5", &header, "10.0.0.6"), "10.0.0.5");
        assert_eq!(resolved("10.0.0.5", &header, "10.0.0.5"), "203.0.113.9");
        assert_eq!(resolved("10.0.0.5", &header, "10.0.0.0/8"), "203.0.113.9");
        assert_eq!(resolved("10.0.0.5", &[], "10.0.0.0/8"), "10.0.0.5");
    }

    #[test]
    fn read_from_the_right_past_our_own_proxies() {
        // client → CDN edge (10.1.1.1, ours) → load balancer (10.0.0.5, ours) → us.
        let chain = ["6.6.6.6, 203.0.113.9, 10.1.1.1"];
        assert_eq!(resolved("10.0.0.5", &chain, "10.0.0.0/8"), "203.0.113.9");
        // A client that forges our proxy's address on the left still ends up as itself.
        let forged = ["10.9.9.9, 203.0.113.9"];
        assert_eq!(resolved("10.0.0.5", &forged, "10.0.0.0/8"), "203.0.113.9");
        // Several headers are one list, in order.
        let split = ["6.6.6.6", "203.0.113.9, 10.1.1.1"];
        assert_eq!(resolved("10.0.0.5", &split, "10.0.0.0/8"), "203.0.113.9");
        // Garbage from the client stops the walk at the last address our proxies wrote.
        assert_eq!(
            resolved("10.0.0.5", &["garbage, 10.1.1.1"], "10.0.0.0/8"),
            "10.1.1.1"
        );
        assert_eq!(resolved("10.0.0.5", &["garbage"], "10.0.0.0/8"), "10.0.0.5");
        // IPv4 seen through an IPv6 socket.
        assert_eq!(
            resolved("::ffff:10.0.0.5", &["203.0.113.9"], "10.0.0.0/8"),
            "203.0.113.9"
        );
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let one = ClientIp("2001:db8:1:2:aaaa::1".parse().unwrap());
        let same = ClientIp("2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap());
        let other = ClientIp("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(one.bucket(), "2001:db8:1:2::/64");
        assert_eq!(one.bucket(), same.bucket());
        assert_ne!(one.bucket(), other.bucket());
        assert_eq!(ClientIp("203.0.113.9".parse().unwrap()).bucket(), "203.0.113.9");
    }

    #[test]
    fn proxy_lists_name_what_is_wrong() {
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
        assert_eq!(
            TrustedProxies::parse(" 127.0.0.1 , ::1,10.0.0.0/8")
                .unwrap()
                .0
                .len(),
            3
        );
        assert!(
            TrustedProxies::parse("10.0.0.0/33")
                .unwrap_err()
                .contains("10.0.0.0/33")
        );
        assert!(TrustedProxies::parse("localhost").is_err());
    }
}
