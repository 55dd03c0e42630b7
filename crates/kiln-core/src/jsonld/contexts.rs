//! The JSON-LD contexts compiled into Kiln (see `contexts/README.md` for
//! each document's source and licence). None is ever fetched.

/// A context file as `build.rs` writes it: the published document without the
/// whitespace between its tokens.
macro_rules! bundled {
    ($file:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/contexts/", $file))
    };
}

/// (URL, JSON text) of every bundled context.
pub(crate) const BUNDLED: &[(&str, &str)] = &[
    (
        "https://www.w3.org/ns/credentials/undefined-terms/v2",
        bundled!("www.w3.org_ns_credentials_undefined-terms_v2.json"),
    ),
    (
        "https://www.w3.org/2018/credentials/v1",
        bundled!("www.w3.org_2018_credentials_v1.json"),
    ),
    (
        "https://www.w3.org/ns/credentials/v2",
        bundled!("www.w3.org_ns_credentials_v2.json"),
    ),
    (
        "https://w3id.org/security/data-integrity/v1",
        bundled!("w3id.org_security_data-integrity_v1.json"),
    ),
    (
        "https://w3id.org/security/data-integrity/v2",
        bundled!("w3id.org_security_data-integrity_v2.json"),
    ),
    (
        "https://w3id.org/security/multikey/v1",
        bundled!("w3id.org_security_multikey_v1.json"),
    ),
    (
        "https://imsglobal.github.io/openbadges-specification/ob_v3p0.html",
        bundled!("imsglobal.github.io_openbadges-specification_ob_v3p0.html.json"),
    ),
    (
        "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json",
        bundled!("w3c-ccg.github.io_vc-ed_plugfest-1-2022_jff-vc-edu-plugfest-1-context.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        bundled!("purl.imsglobal.org_spec_ob_v3p0_context.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        bundled!("purl.imsglobal.org_spec_ob_v3p0_context-3.0.1.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        bundled!("purl.imsglobal.org_spec_ob_v3p0_context-3.0.2.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        bundled!("purl.imsglobal.org_spec_ob_v3p0_context-3.0.3.json"),
    ),
    // CLR 2.0 records are checked with the feature `nested` only.
    #[cfg(feature = "nested")]
    (
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        bundled!("purl.imsglobal.org_spec_clr_v2p0_context-2.0.1.json"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        bundled!("purl.imsglobal.org_spec_ob_v3p0_extensions.json"),
    ),
    (
        "https://www.w3.org/ns/did/v1",
        bundled!("www.w3.org_ns_did_v1.json"),
    ),
    (
        "https://w3id.org/security/suites/ed25519-2020/v1",
        bundled!("w3id.org_security_suites_ed25519-2020_v1.json"),
    ),
    (
        "https://www.w3.org/ns/credentials/status/v1",
        bundled!("www.w3.org_ns_credentials_status_v1.json"),
    ),
    (
        "https://w3id.org/vc/status-list/2021/v1",
        bundled!("w3id.org_vc_status-list_2021_v1.json"),
    ),
    // Open Badges 2.0 assertions are checked without JSON-LD processing; the
    // context serves documents that mix it into a signed credential (legacy
    // suites), which the complete processor handles: not in the small verifier.
    #[cfg(feature = "jsonld-full")]
    (
        "https://w3id.org/openbadges/v2",
        bundled!("w3id.org_openbadges_v2.json"),
    ),
    (
        "https://www.w3.org/ns/credentials/examples/v2",
        bundled!("www.w3.org_ns_credentials_examples_v2.json"),
    ),
    // A W3C example context (the ECDSA test vectors use it), not a badge's:
    // builds with the complete JSON-LD processor only, so the browser's small
    // verifier does not carry it (a credential using it asks for the full one).
    #[cfg(feature = "jsonld-full")]
    (
        "https://w3id.org/citizenship/v4rc1",
        bundled!("w3id.org_citizenship_v4rc1.json"),
    ),
];

#[cfg(test)]
mod tests {
    use super::BUNDLED;

    #[test]
    fn every_bundled_context_is_json_with_a_context() {
        for (url, text) in BUNDLED {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(v.get("@context").is_some(), "{url} has no @context");
        }
    }
}
