//! Procedures over names and addresses: DNS syntax, IDNA, IP ranges, URLs.
//!
//! Each function takes text as certificates carry it and returns `Err` with a
//! reason when the text is not even the kind of thing asked about (a builtin
//! then makes the requirement undetermined rather than guessing).

use std::net::IpAddr;

/// Longest DNS name in presentation form without the root dot (RFC 1035 §2.3.4).
const MAX_NAME: usize = 253;
/// Longest DNS label (RFC 1035 §2.3.4).
const MAX_LABEL: usize = 63;
/// At most this many characters of an argument are quoted in a reason.
const MAX_QUOTED: usize = 64;

/// Text quoted for a reason: whole when short, else its first [`MAX_QUOTED`]
/// characters and its length, so that a megabyte of input is not copied into
/// every message about it.
fn quote(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}… ({} characters)", &text[..cut], text.chars().count()),
    }
}

/// Whether `name` follows the preferred name syntax of RFC 1034 §3.5 as RFC 5280
/// §4.2.1.6 and the Baseline Requirements use it: labels of 1 to 63 letters,
/// digits and hyphens, not starting or ending with a hyphen, at most 253
/// characters, no trailing dot. A leading `*.` wildcard label is allowed.
pub(super) fn valid_dns_name(name: &str) -> bool {
    let rest = name.strip_prefix("*.").unwrap_or(name);
    !rest.is_empty() && name.len() <= MAX_NAME && rest.split('.').all(valid_label)
}

fn valid_label(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= MAX_LABEL
        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

/// Whether every `xn--` label is a valid IDNA A-label: it decodes as Punycode
/// to a U-label that UTS #46 accepts and re-encodes to the same label.
///
/// The prefix is compared as bytes, so a label such as `xn-é` is looked at
/// without slicing a character; an A-label longer than a DNS label is invalid
/// without decoding it.
pub(super) fn valid_idna(name: &str) -> bool {
    let a_label = |l: &&str| l.as_bytes().get(..4).is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"));
    name.split('.').filter(a_label).all(|label| {
        if label.len() > MAX_LABEL {
            return false;
        }
        let (unicode, result) = idna::domain_to_unicode(label);
        if result.is_err() || unicode.is_empty() || unicode.eq_ignore_ascii_case(label) {
            return false;
        }
        idna::domain_to_ascii_strict(&unicode).is_ok_and(|back| back.eq_ignore_ascii_case(label))
    })
}

/// The dot-separated labels of a name.
pub(super) fn labels(name: &str) -> Vec<String> {
    name.split('.').map(str::to_owned).collect()
}

/// Parses an address as the certificate fields print it.
pub(super) fn parse_ip(text: &str) -> Result<IpAddr, String> {
    text.parse().map_err(|_| format!("{} is not an IP address", quote(text)))
}

/// A network in CIDR notation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    /// Parses `192.0.2.0/24` or `2001:db8::/32`; a bare address is a /32 or /128.
    pub(super) fn parse(text: &str) -> Result<Net, String> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr = parse_ip(addr)?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            // Digits only: `u8::from_str` would also take `+8`.
            Some(p) => match p.parse::<u8>() {
                Ok(n) if n <= max && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => return Err(format!("{} has an invalid prefix length", quote(text))),
            },
        };
        Ok(Net { addr, prefix })
    }

    /// Whether the network contains the address (never across address families).
    pub(super) fn contains(self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => within(u128::from(n.to_bits()), u128::from(a.to_bits()), self.prefix, 32),
            (IpAddr::V6(n), IpAddr::V6(a)) => within(n.to_bits(), a.to_bits(), self.prefix, 128),
            _ => false,
        }
    }
}

/// Whether the first `prefix` of the low `width` bits of `net` and `addr` agree.
fn within(net: u128, addr: u128, prefix: u8, width: u32) -> bool {
    let host_bits = width.saturating_sub(u32::from(prefix));
    // A shift by 128 or more leaves nothing to compare: a /0 holds every address.
    host_bits >= width || net.checked_shr(host_bits) == addr.checked_shr(host_bits)
}

/// The IANA IPv4 and IPv6 Special-Purpose Address Registries, whose blocks
/// the Baseline Requirements call "Reserved IP Addresses" (registries as of 2025).
const RESERVED: &[&str] = &[
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.31.196.0/24",
    "192.52.193.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "192.175.48.0/24",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "240.0.0.0/4",
    "255.255.255.255/32",
    "::/128",
    "::1/128",
    "::ffff:0:0/96",
    "64:ff9b::/96",
    "64:ff9b:1::/48",
    "100::/64",
    "100:0:0:1::/64",
    "2001::/23",
    "2001:db8::/32",
    "2002::/16",
    "2620:4f:8000::/48",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
];

/// Whether an address is in a block of [`RESERVED`].
pub(super) fn reserved(ip: IpAddr) -> bool {
    RESERVED.iter().any(|n| Net::parse(n).is_ok_and(|net| net.contains(ip)))
}

/// Parses a URL (WHATWG URL Standard, as the `url` crate implements it).
pub(super) fn parse_url(text: &str) -> Result<url::Url, String> {
    url::Url::parse(text).map_err(|e| format!("{} is not a URL: {e}", quote(text)))
}

/// The host of a URL as the certificate names it, lower-cased: the URL
/// standard lower-cases the hosts of `http` and other special schemes, not
/// those of `ldap` and other schemes, whose hosts are opaque.
pub(super) fn url_host(u: &url::Url) -> String {
    u.host_str().unwrap_or_default().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_syntax() {
        for ok in ["www.example.com", "*.example.com", "a-b.example", "xn--bcher-kva.example", "EXAMPLE.COM"] {
            assert!(valid_dns_name(ok), "{ok}");
        }
        let long_label = format!("{}.example", "a".repeat(64));
        for bad in ["", ".", "example.com.", "a_b.example", "-a.example", "a-.example", "a..b", "*", "w*.example"] {
            assert!(!valid_dns_name(bad), "{bad}");
        }
        assert!(!valid_dns_name(&long_label));
        assert!(!valid_dns_name(&format!("{}.com", "a.".repeat(126))));
    }

    #[test]
    fn idna_labels() {
        assert!(valid_idna("xn--bcher-kva.example"));
        assert!(valid_idna("plain.example"));
        assert!(!valid_idna("xn--zz.example"));
        assert!(!valid_idna("xn--.example"));
    }

    #[test]
    fn networks() {
        let net = Net::parse("10.0.0.0/8").unwrap();
        assert!(net.contains(parse_ip("10.1.2.3").unwrap()));
        assert!(!net.contains(parse_ip("11.0.0.1").unwrap()));
        assert!(!net.contains(parse_ip("::1").unwrap()));
        assert!(Net::parse("0.0.0.0/0").unwrap().contains(parse_ip("8.8.8.8").unwrap()));
        assert!(Net::parse("10.0.0.0/33").is_err());
        assert!(Net::parse("nonsense").is_err());
        assert!(reserved(parse_ip("192.168.1.1").unwrap()));
        assert!(reserved(parse_ip("2001:db8::1").unwrap()));
        assert!(reserved(parse_ip("fe80::1").unwrap()));
        assert!(!reserved(parse_ip("8.8.8.8").unwrap()));
        assert!(!reserved(parse_ip("2606:4700::1111").unwrap()));
        for n in RESERVED {
            assert!(Net::parse(n).is_ok(), "{n}");
        }
    }
}
