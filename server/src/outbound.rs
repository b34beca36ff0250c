//! The client the portal calls service owners' systems with (embedded content, relayed actions).
//! The URLs come from service owners, so it reaches only https hosts on public addresses: host
//! names are resolved here and private, loopback and link-local answers dropped, and literal
//! addresses and redirects are checked the same way. Tests and local demos may allow private
//! networks (`--outbound-private-networks`).

use std::{
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    path::Path,
    sync::Arc,
    time::Duration,
};

use reqwest::{
    Url,
    dns::{Addrs, Name, Resolve, Resolving},
    redirect,
};

/// At most this many redirects are followed.
const REDIRECTS: usize = 5;

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (b == 18 || b == 19))
        || a >= 224)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || first == 0x2001 && ip.segments()[1] == 0x0db8)
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// Whether the portal may call `url`: https, and not a literal private address unless allowed.
pub fn allowed(url: &Url, private_networks: bool) -> bool {
    if url.scheme() != "https" {
        return false;
    }
    if private_networks {
        return true;
    }
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_public_v4(ip),
        Some(url::Host::Ipv6(ip)) => is_public_v6(ip),
        Some(url::Host::Domain(_)) => true,
        None => false,
    }
}

/// Resolves host names to their public addresses only.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let public: Vec<SocketAddr> = found.filter(|addr| is_public(addr.ip())).collect();
            if public.is_empty() {
                return Err(format!("{} has no public address", name.as_str()).into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

/// Calls to service owners' systems.
#[derive(Clone)]
pub struct Outbound {
    client: reqwest::Client,
    private_networks: bool,
}

impl Outbound {
    pub fn new(root_ca: Option<&Path>, private_networks: bool) -> anyhow::Result<Self> {
        Ok(Self {
            client: client(root_ca, private_networks)?,
            private_networks,
        })
    }

    /// A request to a service owner's URL; `None` when the portal does not call that address.
    pub fn request(&self, method: reqwest::Method, url: &str) -> Option<reqwest::RequestBuilder> {
        let url = Url::parse(url).ok()?;
        allowed(&url, self.private_networks).then(|| self.client.request(method, url))
    }
}

/// The client: no cookies, 10 s, at most five redirects (each checked), the extra root
/// certificates in `root_ca` trusted.
fn client(root_ca: Option<&Path>, private_networks: bool) -> anyhow::Result<reqwest::Client> {
    let policy = redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= REDIRECTS {
            attempt.error("too many redirects")
        } else if !allowed(attempt.url(), private_networks) {
            attempt.error("a redirect to an address the portal does not call")
        } else {
            attempt.follow()
        }
    });
    let mut builder = reqwest::Client::builder()
        .redirect(policy)
        .timeout(Duration::from_secs(10))
        .user_agent(concat!("dialoghub-portal/", env!("CARGO_PKG_VERSION")));
    if !private_networks {
        builder = builder.dns_resolver(Arc::new(PublicOnly));
    }
    if let Some(path) = root_ca {
        let pem = std::fs::read(path)
            .map_err(|error| anyhow::anyhow!("--outbound-root-ca {}: {error}", path.display()))?;
        for certificate in reqwest::Certificate::from_pem_bundle(&pem)? {
            builder = builder.add_root_certificate(certificate);
        }
    }
    Ok(builder.build()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a URL")
    }

    #[test]
    fn only_https_to_public_addresses_unless_private_networks_are_allowed() {
        assert!(allowed(&url("https://skatt.example/x"), false));
        assert!(allowed(&url("https://8.8.8.8/x"), false));
        for private in [
            "https://127.0.0.1/",
            "https://10.1.2.3/",
            "https://192.168.0.1/",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/",
            "https://[fd00::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://0.0.0.0/",
            "https://100.64.0.1/",
        ] {
            assert!(!allowed(&url(private), false), "{private}");
            assert!(allowed(&url(private), true), "{private}");
        }
        assert!(!allowed(&url("http://skatt.example/"), true));
        assert!(!allowed(&url("file:///etc/passwd"), true));
    }

    #[tokio::test]
    async fn host_names_that_resolve_only_to_private_addresses_are_refused() {
        let outbound = Outbound::new(None, false).expect("a client");
        assert!(
            outbound
                .request(reqwest::Method::GET, "https://127.0.0.1/")
                .is_none()
        );
        let error = outbound
            .request(reqwest::Method::GET, "https://localhost:9/")
            .expect("a host name")
            .send()
            .await
            .expect_err("refused");
        assert!(
            format!("{error:?}").contains("no public address"),
            "{error:?}"
        );
    }
}
