//! The URLs online checks may fetch, read by one small, strict parser.
//!
//! A badge names the documents it needs (status lists, DID documents, OB 2.0
//! hosted assertions); whoever wrote the badge chose those URLs. A check that
//! compares prefixes or splits at the first `:` reads
//! `http://localhost:1@other-host/` as a local URL, while an HTTP client
//! reads the host `other-host`. So every URL is parsed once, here, into
//! scheme, host and port, and the decisions compare hosts, never text.
//!
//! The parser accepts the plain form badge documents use (`https://host[:port]/path[?query]`)
//! and refuses, with the reason, what different URL parsers read differently:
//! user names or passwords (`user@host`), backslashes, spaces and control
//! characters, percent-escapes or non-ASCII letters in the host, IPv6 zone
//! ids, and numeric hosts that are not a plain dotted quad (`0x7f.1`,
//! `2130706433`, `0177.0.0.1`, which some resolvers read as 127.0.0.1).
//! Refusing costs a skipped check with its reason, never a wrong verdict.
//!
//! [`address_range`] names the addresses that are not on the public internet
//! (loopback, private, link-local, shared, reserved, and the IPv6 forms that
//! embed one of them): a fetcher refuses them, so a badge cannot make the
//! verifier reach into the network it runs in.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The host of a [`WebUrl`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Host {
    /// A DNS name: ASCII, lowercase, without a trailing dot.
    Name(String),
    /// An IPv4 address (a dotted quad) or an IPv6 address (in brackets in the URL).
    Ip(IpAddr),
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Name(n) => f.write_str(n),
            Host::Ip(ip @ IpAddr::V4(_)) => IpText(*ip).fmt(f),
            Host::Ip(ip @ IpAddr::V6(_)) => write!(f, "[{}]", IpText(*ip)),
        }
    }
}

/// An IP address as the standard library writes it, without the padding
/// support of `IpAddr`'s `Display` (for IPv6 about 1,700 bytes of wasm).
struct IpText(IpAddr);

impl fmt::Display for IpText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(ip) => write_ipv4(f, ip),
            IpAddr::V6(ip) => write_ipv6(f, ip),
        }
    }
}

fn write_ipv4(f: &mut fmt::Formatter<'_>, ip: Ipv4Addr) -> fmt::Result {
    let [a, b, c, d] = ip.octets();
    write!(f, "{a}.{b}.{c}.{d}")
}

/// An IPv6 address as the standard library writes it (RFC 5952: lowercase
/// hex, the longest run of two or more zero groups as `::`, `::ffff:a.b.c.d`
/// for an IPv4-mapped address).
fn write_ipv6(f: &mut fmt::Formatter<'_>, ip: Ipv6Addr) -> fmt::Result {
    if let Some(v4) = ip.to_ipv4_mapped() {
        f.write_str("::ffff:")?;
        return write_ipv4(f, v4);
    }
    let groups = ip.segments();
    // The longest run of zero groups, the first one when two are as long.
    let (mut start, mut len, mut run) = (0, 0, 0);
    for (i, &g) in groups.iter().enumerate() {
        run = if g == 0 { run + 1 } else { 0 };
        if run > len {
            (start, len) = (i + 1 - run, run);
        }
    }
    let hex = |f: &mut fmt::Formatter<'_>, list: &[u16]| -> fmt::Result {
        for (i, g) in list.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{g:x}")?;
        }
        Ok(())
    };
    if len > 1 {
        hex(f, &groups[..start])?;
        f.write_str("::")?;
        hex(f, &groups[start + len..])
    } else {
        hex(f, &groups)
    }
}

impl Host {
    /// Whether the host is this machine: `localhost` (and names under
    /// `.localhost`, which resolvers keep local), or a loopback address.
    pub fn is_loopback(&self) -> bool {
        match self {
            Host::Name(n) => n == "localhost" || n.ends_with(".localhost"),
            Host::Ip(ip) => is_loopback(*ip),
        }
    }
}

/// An `http:` or `https:` URL, parsed: scheme, host, port, and the path with
/// its query (the fragment is dropped: it is never sent).
///
/// Its [`Display`](fmt::Display) is the normalised URL, the form a fetcher
/// should send, so the URL checked and the URL fetched are the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    https: bool,
    host: Host,
    /// The port, `None` for the scheme's default.
    port: Option<u16>,
    /// Starts with `/`; holds the query too.
    path: String,
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.https { "https" } else { "http" };
        write!(f, "{scheme}://{}", self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        f.write_str(&self.path)
    }
}

/// Whether `c` may appear in a URL Kiln fetches at all: printable ASCII but
/// the backslash (which WHATWG URL parsers read as `/`) and the space.
/// Non-ASCII is allowed only after the host (paths, queries) and checked there.
fn bad_char(c: char) -> bool {
    c.is_ascii_control() || c == ' ' || c == '\\'
}

/// The scheme of `text` (lowercased) and the rest after `:`, when `text`
/// starts with one (`[A-Za-z][A-Za-z0-9+.-]*:`).
fn scheme_of(text: &str) -> Option<(String, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some((scheme.to_ascii_lowercase(), rest))
}

impl WebUrl {
    /// Parses an `http:` or `https:` URL (the scheme in any case), or says
    /// what is wrong with it.
    pub fn parse(url: &str) -> Result<WebUrl, String> {
        if url.chars().any(bad_char) {
            return Err(format!(
                "{url:?} has a space, a control character or a backslash, which URL parsers read differently"
            ));
        }
        let Some((scheme, rest)) = scheme_of(url) else {
            return Err(format!("{url} is not an https URL"));
        };
        let https = match scheme.as_str() {
            "https" => true,
            "http" => false,
            _ => return Err(format!("{url} is not an https URL")),
        };
        let Some(rest) = rest.strip_prefix("//") else {
            return Err(format!("{url} has no //host after its scheme"));
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (host, port) = authority_of(authority).map_err(|why| format!("{url}: {why}"))?;
        let default = if https { 443 } else { 80 };
        let tail = tail.split('#').next().unwrap_or("");
        let path = if tail.starts_with('/') {
            tail.to_owned()
        } else {
            format!("/{tail}")
        };
        Ok(WebUrl {
            https,
            host,
            port: port.filter(|p| *p != default),
            path,
        })
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.https
    }

    /// The host.
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// The port (the scheme's default when the URL names none).
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(if self.https { 443 } else { 80 })
    }

    /// The path with its query, starting with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `host` or `host:port` (the port only when it is not the default).
    pub fn authority(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.to_string(),
        }
    }

    /// Whether both name the same host and port (the scheme may differ).
    pub fn same_host(&self, other: &WebUrl) -> bool {
        self.host == other.host && self.port() == other.port()
    }

    /// Resolves a reference (a redirect's `Location`) against this URL:
    /// absolute (`https://...`), scheme-relative (`//host/...`),
    /// absolute-path (`/...`), query (`?...`) or relative to this URL's
    /// directory. The result is parsed like any URL.
    pub fn join(&self, reference: &str) -> Result<WebUrl, String> {
        if reference.chars().any(bad_char) {
            return Err(format!(
                "{reference:?} has a space, a control character or a backslash, which URL parsers read differently"
            ));
        }
        if scheme_of(reference).is_some_and(|(_, rest)| !rest.is_empty()) {
            return WebUrl::parse(reference);
        }
        let scheme = if self.https { "https" } else { "http" };
        if reference.starts_with("//") {
            return WebUrl::parse(&format!("{scheme}:{reference}"));
        }
        let origin = format!("{scheme}://{}", self.authority());
        let reference = reference.split('#').next().unwrap_or("");
        let own_path = self.path.split('?').next().unwrap_or("/");
        let joined = if reference.is_empty() {
            self.path.clone()
        } else if reference.starts_with('/') {
            reference.to_owned()
        } else if reference.starts_with('?') {
            format!("{own_path}{reference}")
        } else {
            let dir = own_path.rsplit_once('/').map_or("", |(d, _)| d);
            format!("{dir}/{reference}")
        };
        WebUrl::parse(&format!("{origin}{joined}"))
    }
}

/// The host and port of an authority (`host`, `host:port`, `[v6]:port`).
fn authority_of(authority: &str) -> Result<(Host, Option<u16>), String> {
    if authority.is_empty() {
        return Err("it names no host".into());
    }
    if authority.contains('@') {
        return Err(
            "it carries a user name or password before an @, which badge documents never need"
                .into(),
        );
    }
    if !authority.is_ascii() {
        return Err(
            "its host has non-ASCII letters; an internationalised name must be written in its xn-- form"
                .into(),
        );
    }
    if authority.contains('%') {
        return Err("its host has a percent-escape, which URL parsers read differently".into());
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let Some((inside, after)) = v6.split_once(']') else {
            return Err("its IPv6 address has no closing ]".into());
        };
        let ip: Ipv6Addr = inside
            .parse()
            .map_err(|_| format!("[{inside}] is not an IPv6 address"))?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or("text follows its IPv6 address")?),
        };
        (Host::Ip(IpAddr::V6(ip)), port)
    } else {
        let (name, port) = match authority.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (authority, None),
        };
        (name_or_ipv4(name)?, port)
    };
    let port = match port {
        None => None,
        Some(p) => {
            let valid = !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
            match p.parse::<u16>() {
                Ok(n) if valid && n != 0 => Some(n),
                _ => return Err(format!("its port {p:?} is not a number from 1 to 65535")),
            }
        }
    };
    Ok((host, port))
}

/// A host name or a dotted-quad IPv4 address. A name whose last label is a
/// number (`1.2.3`, `0x7f.1`, `2130706433`) must be a plain dotted quad:
/// resolvers read the other forms as addresses, each in its own way.
fn name_or_ipv4(name: &str) -> Result<Host, String> {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_suffix('.').unwrap_or(&lower);
    if bare.is_empty() {
        return Err("it names no host".into());
    }
    let last = bare.rsplit('.').next().unwrap_or("");
    let hex = last
        .strip_prefix("0x")
        .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    if hex || last.bytes().all(|b| b.is_ascii_digit()) {
        return match bare.parse::<Ipv4Addr>() {
            Ok(ip) => Ok(Host::Ip(IpAddr::V4(ip))),
            Err(_) => Err(format!(
                "its host {name:?} looks like an IP address but is not a plain dotted quad such as 192.0.2.1"
            )),
        };
    }
    let labels_ok = bare.len() <= 253
        && bare.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if !labels_ok {
        return Err(format!("its host {name:?} is not a valid host name"));
    }
    Ok(Host::Name(bare.to_owned()))
}

/// The IPv4 address an IPv6 address carries, for the forms that route to
/// it: IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64
/// `64:ff9b::a.b.c.d` and 6to4 `2002:aabb:ccdd::`.
fn embedded_ipv4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new(
        (s[6] >> 8) as u8,
        (s[6] & 0xff) as u8,
        (s[7] >> 8) as u8,
        (s[7] & 0xff) as u8,
    );
    match s {
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(tail),
        [0, 0, 0, 0, 0, 0, hi, _] if hi != 0 => Some(tail),
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail),
        [0x2002, a, b, ..] => Some(Ipv4Addr::new(
            (a >> 8) as u8,
            (a & 0xff) as u8,
            (b >> 8) as u8,
            (b & 0xff) as u8,
        )),
        _ => None,
    }
}

/// Whether `ip` is this machine: 127.0.0.0/8, `::1`, or 127.x.x.x mapped into IPv6.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.is_loopback() || embedded_ipv4(v6).is_some_and(|v4| v4.is_loopback()),
    }
}

/// The name of the range `ip` is in when it is not a public internet
/// address (`"loopback (127.0.0.0/8)"`, `"private (10.0.0.0/8)"`,
/// `"link-local (169.254.0.0/16)"`, ...), or `None` for a public one.
pub fn address_range(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => ipv4_range(v4),
        IpAddr::V6(v6) => ipv6_range(v6),
    }
}

fn ipv4_range(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (0, _, _) => "unspecified (0.0.0.0/8)",
        (10, _, _) => "private (10.0.0.0/8)",
        (100, 64..=127, _) => "shared (100.64.0.0/10)",
        (127, _, _) => "loopback (127.0.0.0/8)",
        (169, 254, _) => "link-local (169.254.0.0/16)",
        (172, 16..=31, _) => "private (172.16.0.0/12)",
        (192, 0, 0) => "reserved (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (192, 88, 99) => "reserved (192.88.99.0/24)",
        (192, 168, _) => "private (192.168.0.0/16)",
        (198, 18..=19, _) => "benchmarking (198.18.0.0/15)",
        (224..=239, _, _) => "multicast (224.0.0.0/4)",
        (240..=255, _, _) => "reserved (240.0.0.0/4)",
        _ => return None,
    })
}

fn ipv6_range(ip: Ipv6Addr) -> Option<&'static str> {
    if ip.is_unspecified() {
        return Some("unspecified (::)");
    }
    if ip.is_loopback() {
        return Some("loopback (::1)");
    }
    if let Some(v4) = embedded_ipv4(ip) {
        return ipv4_range(v4);
    }
    let s = ip.segments();
    Some(match s {
        [0, 0, 0, 0, 0, 0, 0, _] => "reserved (::/96)",
        [0x64, 0xff9b, 1, ..] => "local NAT64 (64:ff9b:1::/48)",
        [0x100, 0, 0, 0, ..] => "discard (100::/64)",
        [0x2001, 0, ..] => "Teredo (2001::/32)",
        [0x2001, 0xdb8, ..] => "documentation (2001:db8::/32)",
        [a, ..] if a & 0xfe00 == 0xfc00 => "unique local (fc00::/7)",
        [a, ..] if a & 0xffc0 == 0xfe80 => "link-local (fe80::/10)",
        [a, ..] if a & 0xffc0 == 0xfec0 => "site-local (fec0::/10)",
        [a, ..] if a & 0xff00 == 0xff00 => "multicast (ff00::/8)",
        _ => return None,
    })
}

/// Whether a URL may be fetched at all, parsed by [`WebUrl::parse`] (so the
/// host compared is the host a client connects to, never a prefix of the text):
///
/// - `https:` to a host name, or to an IP address on the public internet;
/// - this machine (`localhost`, 127.0.0.0/8, `[::1]`), over `https:` or
///   plain `http:`, only when `allow_local` is set (tests, local previews);
/// - never an address in a private, link-local, shared or reserved range
///   (10.0.0.0/8, 169.254.169.254, `[fc00::1]`, `[::ffff:10.0.0.1]`, ...),
///   nor a URL with a user name or password in it.
///
/// A host *name* that resolves to such an address can only be caught by the
/// fetcher, which resolves it: the CLI's does (see `kiln_cli::fetch`), and
/// in a browser the page's `fetch()` is bound by the browser's own rules.
pub fn url_allowed(url: &str, allow_local: bool) -> std::result::Result<(), String> {
    check_url(url, allow_local).map(|_| ())
}

/// [`url_allowed`], returning the parsed URL: fetch its
/// [`Display`](std::fmt::Display) form, so the URL checked is the URL fetched.
pub fn check_url(url: &str, allow_local: bool) -> std::result::Result<WebUrl, String> {
    let parsed = WebUrl::parse(url)?;
    let local = parsed.host().is_loopback();
    if !parsed.is_https() {
        return if local && allow_local {
            Ok(parsed)
        } else if local {
            Err(format!(
                "{url} uses plain http; allow it for local testing with --allow-http-localhost"
            ))
        } else {
            Err(format!(
                "{url} uses plain http, which an attacker on the network could change"
            ))
        };
    }
    if local {
        return if allow_local {
            Ok(parsed)
        } else {
            Err(format!(
                "{url} points at this machine ({}), which is refused unless local hosts are allowed (--allow-http-localhost)",
                parsed.host()
            ))
        };
    }
    if let Host::Ip(ip) = parsed.host()
        && let Some(range) = address_range(*ip)
    {
        return Err(format!(
            "{url} points at {}, a {range} address, which is refused: badge documents live on the public internet",
            IpText(*ip)
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(url: &str) -> String {
        match WebUrl::parse(url) {
            Ok(u) => u.host().to_string(),
            Err(e) => panic!("{url}: {e}"),
        }
    }

    fn refused(url: &str, why: &str) {
        match WebUrl::parse(url) {
            Ok(u) => panic!("{url} was read as {u}"),
            Err(e) => assert!(e.contains(why), "{url}: {e}"),
        }
    }

    #[test]
    fn reads_the_host_and_port() {
        let u = WebUrl::parse("HTTPS://Example.EDU:8443/a/b?q=1#frag").unwrap();
        assert!(u.is_https());
        assert_eq!(u.host(), &Host::Name("example.edu".into()));
        assert_eq!(u.port(), 8443);
        assert_eq!(u.path(), "/a/b?q=1");
        assert_eq!(u.to_string(), "https://example.edu:8443/a/b?q=1");
        assert_eq!(
            WebUrl::parse("https://example.edu:443")
                .unwrap()
                .to_string(),
            "https://example.edu/"
        );
        assert_eq!(host("https://example.edu.?x"), "example.edu");
        assert_eq!(host("http://[::1]:9/x"), "[::1]");
        // Written as the standard library writes them.
        for ip in [
            "::",
            "::1",
            "1::",
            "2001:db8::1",
            "2001:db8:0:0:1:0:0:1",
            "2001:0:0:1:0:0:0:1",
            "1:0:1:0:1:0:1:0",
            "fe80::1:0:0:0",
            "0:0:1::",
            "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
            "::ffff:10.0.0.1",
            "::10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            let std: Ipv6Addr = ip.parse().unwrap();
            assert_eq!(host(&format!("http://[{ip}]/")), format!("[{std}]"), "{ip}");
            assert_eq!(IpText(std.into()).to_string(), std.to_string());
        }
        for ip in ["0.0.0.0", "10.0.0.1", "255.255.255.255", "192.0.2.33"] {
            let std: Ipv4Addr = ip.parse().unwrap();
            assert_eq!(IpText(std.into()).to_string(), ip);
        }
        let e = check_url("https://[fc00:0:0::1]/x", false).unwrap_err();
        assert!(e.contains("points at fc00::1, a "), "{e}");
        let e = check_url("https://10.0.0.1/x", false).unwrap_err();
        assert!(e.contains("points at 10.0.0.1, a "), "{e}");
        assert_eq!(host("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host("https://a.example#@evil.example"), "a.example");
        assert_eq!(host("https://a.example?@evil.example"), "a.example");
        assert_eq!(host("https://a.example/@evil.example"), "a.example");
        assert_eq!(WebUrl::parse("https://a.example?x").unwrap().path(), "/?x");
    }

    #[test]
    fn refuses_what_parsers_read_differently() {
        for url in [
            "http://localhost:1@other-host/",
            "http://localhost@other-host/",
            "http://user:pass@127.0.0.1/",
            "https://@example.edu/",
            "http://[::1]@evil.example/",
        ] {
            refused(url, "user name or password");
        }
        for url in [
            "http://localhost\\@evil.example/",
            "https://evil.example\\.example.edu/",
            "http://local host/",
            "http://local\thost/",
            "http://localhost\n.evil.example/",
            "https://example.edu/a b",
        ] {
            refused(url, "backslash");
        }
        refused("http://%6cocalhost/", "percent-escape");
        refused("http://127.0.0.1%2eevil.example/", "percent-escape");
        refused("http://[fe80::1%25eth0]/", "percent-escape");
        refused("https://exämple.edu/", "non-ASCII");
        for url in [
            "http://0x7f.1/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://127.0.0.01/",
            "http://1.2.3.4.5/",
            "http://evil.0x10/",
        ] {
            refused(url, "plain dotted quad");
        }
        refused("http://localhost:/x", "port");
        refused("http://localhost:0/x", "port");
        refused("http://localhost:65536/x", "port");
        refused("http://localhost:+80/x", "port");
        refused("http://localhost:80:81/x", "port");
        refused("http://[::1/x", "closing ]");
        refused("http://[::1]x/", "follows its IPv6");
        refused("http://[127.0.0.1]/", "not an IPv6");
        refused("http:/example.edu/x", "no //host");
        refused("http:example.edu", "no //host");
        refused("https:///x", "names no host");
        refused("https://./x", "names no host");
        refused("https://a..b/x", "not a valid host name");
        refused("https://a!b/x", "not a valid host name");
        refused("file:///etc/passwd", "not an https URL");
        refused("javascript:alert(1)", "not an https URL");
        refused("//example.edu/x", "not an https URL");
    }

    #[test]
    fn joins_redirects() {
        let base = WebUrl::parse("https://a.edu/x/y?q").unwrap();
        let j = |r: &str| base.join(r).map(|u| u.to_string());
        assert_eq!(j("https://b.edu/z").unwrap(), "https://b.edu/z");
        assert_eq!(j("/z").unwrap(), "https://a.edu/z");
        assert_eq!(j("z").unwrap(), "https://a.edu/x/z");
        assert_eq!(j("?r").unwrap(), "https://a.edu/x/y?r");
        assert_eq!(j("//evil.example/z").unwrap(), "https://evil.example/z");
        assert_eq!(j("HTTP://b.edu").unwrap(), "http://b.edu/");
        assert!(j("/\\evil.example/").is_err());
        assert!(j("https://user@a.edu/").is_err());
        let local = WebUrl::parse("http://127.0.0.1:9/x").unwrap();
        let moved = local.join("/lists/1").unwrap();
        assert_eq!(moved.to_string(), "http://127.0.0.1:9/lists/1");
        assert!(moved.same_host(&local));
        assert!(
            !local
                .join("http://127.0.0.1:10/")
                .unwrap()
                .same_host(&local)
        );
        assert!(
            WebUrl::parse("https://a.edu:443/")
                .unwrap()
                .same_host(&WebUrl::parse("https://A.edu./x").unwrap())
        );
    }

    #[test]
    fn names_the_ranges_that_are_not_public() {
        let range = |s: &str| address_range(s.parse().unwrap());
        for ip in [
            "0.0.0.0",
            "10.0.0.1",
            "100.64.0.1",
            "100.127.255.255",
            "127.0.0.1",
            "127.255.0.9",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "192.0.0.8",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
        ] {
            assert!(range(ip).is_some(), "{ip} must not count as public");
        }
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.1",
            "172.15.255.255",
            "172.32.0.1",
            "192.169.0.1",
            "169.255.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "2002:0808:0808::1",
        ] {
            assert_eq!(range(ip), None, "{ip} is public");
        }
        assert_eq!(
            range("169.254.169.254"),
            Some("link-local (169.254.0.0/16)")
        );
        assert!(is_loopback("::ffff:127.0.0.2".parse().unwrap()));
        assert!(!is_loopback("10.0.0.1".parse().unwrap()));
        assert!(Host::Name("a.localhost".into()).is_loopback());
        assert!(!Host::Name("localhost.example".into()).is_loopback());
    }
}
