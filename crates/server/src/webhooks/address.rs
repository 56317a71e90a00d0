//! Where a webhook may point. A server that posts to any URL it is given is a way into the
//! network behind it (SSRF), so receivers must resolve to public addresses only: checked
//! when the webhook is saved (422) and again on every try (a name may resolve elsewhere
//! later), by the resolver the sender connects through. `SALESOPS_WEBHOOK_ALLOW_PRIVATE`
//! lifts the rule for a receiver on the company's own network.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};

use salesops_domain::webhooks::url_host;

/// Whether `ip` is a public unicast address: not private, loopback, link-local, shared
/// (CGNAT), documentation, benchmarking, multicast, broadcast or unspecified.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x0064 && s[1] == 0xff9b)) // NAT64, reaches IPv4 inside
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240)
}

/// Why `url` may not be used as a receiver, or `Ok` with the addresses it resolves to.
/// Blocking (name resolution): call it on a blocking thread.
pub fn check(url: &str, allow_private: bool) -> Result<Vec<SocketAddr>, String> {
    let host = url_host(url).ok_or("the URL names no host")?;
    let port = if url.to_ascii_lowercase().starts_with("https") {
        443
    } else {
        80
    };
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => (host, port)
            .to_socket_addrs()
            .map_err(|e| format!("`{host}` does not resolve: {e}"))?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(format!("`{host}` resolves to no address"));
    }
    if !allow_private && let Some(a) = addrs.iter().find(|a| !is_public(a.ip())) {
        return Err(format!(
            "`{host}` resolves to {}, a private, loopback or link-local address \
             (set SALESOPS_WEBHOOK_ALLOW_PRIVATE=1 to allow receivers on your own network)",
            a.ip()
        ));
    }
    Ok(addrs)
}

/// The resolver the sender connects through: names resolving to any non-public address are
/// refused unless allowed, so a name that changed where it points since it was saved still
/// reaches nothing inside.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl reqwest13::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest13::dns::Name) -> reqwest13::dns::Resolving {
        let allow = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if !allow && found.iter().any(|a| !is_public(a.ip())) {
                return Err(format!("`{host}` resolves to a private address").into());
            }
            let addrs: reqwest13::dns::Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// An IP literal in the URL skips the resolver: it is checked here before each try.
pub fn literal_allowed(url: &str, allow_private: bool) -> bool {
    match url_host(url).and_then(|h| h.parse::<IpAddr>().ok()) {
        Some(ip) => allow_private || is_public(ip),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv6Addr;

    use super::*;

    #[test]
    fn private_ranges_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            let ip: IpAddr = ip.parse().unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
            assert!(!is_public(ip), "{ip}");
        }
        for ip in ["1.1.1.1", "106.11.1.1", "2400:3200::1"] {
            let ip: IpAddr = ip.parse().unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST));
            assert!(is_public(ip), "{ip}");
        }
    }

    #[test]
    fn literals_are_checked_without_resolving() {
        assert!(check("http://127.0.0.1:9/x", false).is_err());
        assert!(check("http://127.0.0.1:9/x", true).is_ok());
        assert!(check("http://[::1]/x", false).is_err());
        assert!(!literal_allowed("http://10.0.0.1/", false));
        assert!(literal_allowed(
            "https://oapi.dingtalk.com/robot/send",
            false
        ));
    }
}
