//! Key files: the plain JSON `kiln keygen` writes, or the same JSON
//! protected by a passphrase, as the issuer page saves it.
//!
//! A protected key file is a JWE (RFC 7516) in compact serialisation:
//! `BASE64URL(header).BASE64URL(encrypted key).BASE64URL(iv).BASE64URL(ciphertext).BASE64URL(tag)`
//! with the protected header
//! `{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2s":...,"p2c":...,"cty":"kiln-key+json"}`.
//! The passphrase and the salt input (`alg`, a zero byte, the 16 bytes of
//! `p2s`) give, by PBKDF2-HMAC-SHA-256 with `p2c` iterations, a 128-bit key
//! (RFC 7518 §4.8) that unwraps the content key with AES key wrap (§4.4);
//! the content key decrypts the key JSON with AES-256-GCM (§5.3), the
//! ASCII of the encoded header as additional data.
//!
//! The passphrase comes from `KILN_KEY_PASSPHRASE`, or is asked for on the
//! terminal (not echoed) when standard input is one. `p2c` is held to
//! [`MIN_P2C`]..=[`MAX_P2C`]: fewer iterations protect nothing, and a file
//! asking for billions would make us spin.

use std::io::IsTerminal as _;
use std::path::Path;

use aes_gcm::aead::{Aead as _, KeyInit as _, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use aes_kw::KekAes128;
use kiln_core::key::KeyPair;
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

/// The environment variable a passphrase is read from.
pub const PASSPHRASE_ENV: &str = "KILN_KEY_PASSPHRASE";
/// The iterations `kiln keygen --encrypt` uses (OWASP's figure for PBKDF2-HMAC-SHA-256).
pub const P2C_WRITTEN: u32 = 600_000;
/// Fewest iterations a key file may ask for.
pub const MIN_P2C: u64 = 1_000;
/// Most iterations a key file may ask for (some seconds of work).
pub const MAX_P2C: u64 = 10_000_000;
/// The `cty` of a protected Kiln key.
const CTY: &str = "kiln-key+json";
const ALG: &str = "PBES2-HS256+A128KW";
const ENC: &str = "A256GCM";
/// Largest key file read, in bytes.
const MAX_KEY_FILE: usize = 64 * 1024;

/// Reads a key file (plain or protected) and the key in it.
pub fn read_key(path: &Path) -> Result<KeyPair, String> {
    let text = read_key_text(path)?;
    KeyPair::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The key JSON of a key file: the file itself, or what its JWE protects.
pub fn read_key_text(path: &Path) -> Result<Zeroizing<String>, String> {
    let name = path.display();
    let bytes = super::read_limited(path, MAX_KEY_FILE).map_err(|e| format!("{name}: {e}"))?;
    let text =
        Zeroizing::new(String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text"))?);
    if !is_jwe(&text) {
        return Ok(text);
    }
    let passphrase = passphrase(path)?;
    decrypt(text.trim(), passphrase.as_bytes()).map_err(|e| format!("{name}: {e}"))
}

/// Whether a key file's text is a compact JWE (five base64url parts), not JSON.
fn is_jwe(text: &str) -> bool {
    let t = text.trim();
    !t.starts_with('{') && t.split('.').count() == 5
}

/// The passphrase: from the environment, or asked for on the terminal.
fn passphrase(path: &Path) -> Result<Zeroizing<String>, String> {
    if let Ok(p) = std::env::var(PASSPHRASE_ENV) {
        return Ok(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "{}: the key is protected by a passphrase; set {PASSPHRASE_ENV} (standard input is not a terminal to ask on)",
            path.display()
        ));
    }
    rpassword::prompt_password(format!("Passphrase for {}: ", path.display()))
        .map(Zeroizing::new)
        .map_err(|e| format!("{}: cannot read the passphrase: {e}", path.display()))
}

/// Asks for a new passphrase twice on the terminal, or takes it from the environment.
pub fn new_passphrase() -> Result<Zeroizing<String>, String> {
    if let Ok(p) = std::env::var(PASSPHRASE_ENV) {
        return non_empty(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "--encrypt: set {PASSPHRASE_ENV} (standard input is not a terminal to ask on)"
        ));
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|e| format!("cannot read the passphrase: {e}"))
    };
    let first = read("New passphrase for the key: ")?;
    let again = read("The same passphrase again: ")?;
    if *first != *again {
        return Err("the two passphrases differ".into());
    }
    non_empty(first)
}

fn non_empty(p: Zeroizing<String>) -> Result<Zeroizing<String>, String> {
    if p.is_empty() {
        Err("an empty passphrase protects nothing".into())
    } else {
        Ok(p)
    }
}

/// The PBES2 key-encryption key (RFC 7518 §4.8.1.1): PBKDF2-HMAC-SHA-256
/// of the passphrase, salted with `alg || 0x00 || p2s`, 16 bytes.
fn kek(passphrase: &[u8], p2s: &[u8], p2c: u32) -> Zeroizing<[u8; 16]> {
    let mut salt = Vec::with_capacity(ALG.len().saturating_add(1).saturating_add(p2s.len()));
    salt.extend_from_slice(ALG.as_bytes());
    salt.push(0);
    salt.extend_from_slice(p2s);
    let mut key = Zeroizing::new([0u8; 16]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase, &salt, p2c, key.as_mut_slice());
    key
}

/// Protects `plaintext` (the key JSON) with `passphrase`: a compact JWE.
pub fn encrypt(plaintext: &[u8], passphrase: &[u8], p2c: u32) -> Result<String, String> {
    let random = |n: usize| -> Result<Zeroizing<Vec<u8>>, String> {
        let mut b = Zeroizing::new(vec![0u8; n]);
        getrandom::fill(b.as_mut_slice()).map_err(|e| format!("no random source: {e}"))?;
        Ok(b)
    };
    let p2s = random(16)?;
    let cek = random(32)?;
    let iv = random(12)?;
    let header = json!({"alg": ALG, "enc": ENC, "p2s": b64(&p2s), "p2c": p2c, "cty": CTY});
    let header = b64(header.to_string().as_bytes());
    let kek = kek(passphrase, &p2s, p2c);
    let wrapped = KekAes128::from(*kek)
        .wrap_vec(&cek)
        .map_err(|e| format!("cannot wrap the key: {e}"))?;
    let cipher = Aes256Gcm::new_from_slice(&cek).map_err(|e| e.to_string())?;
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: plaintext,
                aad: header.as_bytes(),
            },
        )
        .map_err(|_| "cannot encrypt the key".to_owned())?;
    let (ciphertext, tag) = sealed.split_at(sealed.len().saturating_sub(16));
    Ok(format!(
        "{header}.{}.{}.{}.{}",
        b64(&wrapped),
        b64(&iv),
        b64(ciphertext),
        b64(tag)
    ))
}

/// The plaintext of a protected key file, or why it cannot be read.
pub fn decrypt(jwe: &str, passphrase: &[u8]) -> Result<Zeroizing<String>, String> {
    let parts: Vec<&str> = jwe.split('.').collect();
    let [header_b64, wrapped, iv, ciphertext, tag] = parts.as_slice() else {
        return Err("not a key file: neither JSON nor a compact JWE of five parts".into());
    };
    let part = |s: &str, what: &str| {
        unb64(s).ok_or_else(|| format!("the protected key's {what} is not unpadded base64url"))
    };
    let header_bytes = part(header_b64, "header")?;
    let header: Map<String, Value> = serde_json::from_slice(&header_bytes)
        .map_err(|_| "the protected key's header is not a JSON object".to_owned())?;
    let member = |name: &str| header.get(name).and_then(Value::as_str);
    if member("alg") != Some(ALG) {
        return Err(format!(
            "the protected key's alg is {}; Kiln reads {ALG}",
            header.get("alg").map_or("missing".into(), Value::to_string)
        ));
    }
    if member("enc") != Some(ENC) {
        return Err(format!(
            "the protected key's enc is {}; Kiln reads {ENC}",
            header.get("enc").map_or("missing".into(), Value::to_string)
        ));
    }
    if let Some(cty) = header.get("cty") {
        if cty.as_str() != Some(CTY) {
            return Err(format!(
                "the protected content is {cty}, not a Kiln key ({CTY})"
            ));
        }
    }
    if let Some(crit) = header.get("crit") {
        return Err(format!(
            "the protected key's header has critical extensions Kiln does not know: {crit}"
        ));
    }
    let p2s = member("p2s")
        .and_then(unb64)
        .ok_or("the protected key's header has no p2s (base64url salt)")?;
    if p2s.len() < 8 {
        return Err(format!(
            "the protected key's salt (p2s) is {} bytes; at least 8 are needed",
            p2s.len()
        ));
    }
    let p2c = header
        .get("p2c")
        .and_then(Value::as_u64)
        .ok_or("the protected key's header has no p2c (iteration count)")?;
    if !(MIN_P2C..=MAX_P2C).contains(&p2c) {
        return Err(format!(
            "the protected key asks for {p2c} PBKDF2 iterations (p2c); Kiln accepts {MIN_P2C} to {MAX_P2C}"
        ));
    }
    let p2c = u32::try_from(p2c).map_err(|_| "p2c out of range".to_owned())?;
    let wrapped = part(wrapped, "encrypted key")?;
    let iv = part(iv, "iv")?;
    let mut sealed = part(ciphertext, "ciphertext")?;
    let tag = part(tag, "tag")?;
    if iv.len() != 12 || tag.len() != 16 {
        return Err("the protected key's iv or tag has the wrong length for A256GCM".into());
    }
    let kek = kek(passphrase, &p2s, p2c);
    let cek = Zeroizing::new(
        KekAes128::from(*kek)
            .unwrap_vec(&wrapped)
            .map_err(|_| "wrong passphrase (the key could not be unwrapped)".to_owned())?,
    );
    let cipher = Aes256Gcm::new_from_slice(&cek)
        .map_err(|_| "the protected key's content key is not 256 bits".to_owned())?;
    sealed.extend_from_slice(&tag);
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                Nonce::from_slice(&iv),
                Payload {
                    msg: &sealed,
                    aad: header_b64.as_bytes(),
                },
            )
            .map_err(|_| "the protected key was changed (its tag does not match)".to_owned())?,
    );
    String::from_utf8(plain.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| "the protected key is not UTF-8 text".into())
}

/// Base64url without padding (RFC 4648 section 5), through RustCrypto's
/// constant-time `base64ct`: the key file's salt and wrapped key pass here.
fn b64(bytes: &[u8]) -> String {
    use base64ct::Encoding as _;
    base64ct::Base64UrlUnpadded::encode_string(bytes)
}

/// Strict unpadded base64url: no other characters, no unused bits set.
fn unb64(text: &str) -> Option<Vec<u8>> {
    use base64ct::Encoding as _;
    base64ct::Base64UrlUnpadded::decode_vec(text).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn base64url_round_trips_and_is_strict() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(unb64(&b64(&bytes)).unwrap(), bytes);
        }
        assert_eq!(b64(b"\xfb\xff"), "-_8");
        assert_eq!(unb64("-_8"), Some(b"\xfb\xff".to_vec()));
        assert_eq!(unb64("A"), None, "one character is not a byte");
        assert_eq!(unb64("AB"), None, "unused bits set");
        assert_eq!(unb64("AA=="), None, "padding");
        assert_eq!(unb64("A+"), None);
    }

    /// RFC 7517 Appendix C: a JWK encrypted with PBES2-HS256+A128KW (and
    /// A128CBC-HS256, which Kiln does not read): the passphrase, salt and
    /// count give the key-encryption key that unwraps the RFC's encrypted
    /// key to its content key (Appendix C.2 and C.3).
    #[test]
    fn rfc7517_appendix_c_key_unwrap() {
        let passphrase = "Thus from my lips, by yours, my sin is purged.";
        let p2s = unb64("2WCTcJZ1Rvd_CJuJripQ1w").unwrap();
        let p2c = 4096;
        let header = r#"{"alg":"PBES2-HS256+A128KW","p2s":"2WCTcJZ1Rvd_CJuJripQ1w","p2c":4096,"enc":"A128CBC-HS256","cty":"jwk+json"}"#;
        assert_eq!(
            b64(header.as_bytes()),
            "eyJhbGciOiJQQkVTMi1IUzI1NitBMTI4S1ciLCJwMnMiOiIyV0NUY0paMVJ2ZF9DSnVKcmlwUTF3IiwicDJjIjo0MDk2LCJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiY3R5IjoiandrK2pzb24ifQ"
        );
        // C.4: the derived key.
        let kek = kek(passphrase.as_bytes(), &p2s, p2c);
        assert_eq!(
            kek.to_vec(),
            [
                110, 171, 169, 92, 129, 92, 109, 117, 233, 242, 116, 233, 170, 14, 24, 75
            ]
        );
        // C.2 / C.5: the content key and its wrapping.
        let cek: [u8; 32] = [
            111, 27, 25, 52, 66, 29, 20, 78, 92, 176, 56, 240, 65, 208, 82, 112, 161, 131, 36, 55,
            202, 236, 185, 172, 129, 23, 153, 194, 195, 48, 253, 182,
        ];
        let wrapped = unb64("TrqXOwuNUfDV9VPTNbyGvEJ9JMjefAVn-TR1uIxR9p6hsRQh9Tk7BA").unwrap();
        assert_eq!(KekAes128::from(*kek).wrap_vec(&cek).unwrap(), wrapped);
        assert_eq!(KekAes128::from(*kek).unwrap_vec(&wrapped).unwrap(), cek);
        // The RFC's header with its encrypted key is refused for its enc,
        // naming it (the iv, ciphertext and tag here are stand-ins: the
        // refusal comes before they are read).
        let jwe = format!(
            "{}.{}.AAAA.AAAA.AAAA",
            b64(header.as_bytes()),
            b64(&wrapped)
        );
        let e = decrypt(&jwe, passphrase.as_bytes()).unwrap_err();
        assert!(e.contains("A128CBC-HS256"), "{e}");
    }

    /// A key file the issuer page wrote (web/lib/keyfile.js, with
    /// WebCrypto; `tests/fixtures/keys/ed25519.key.jwe`, passphrase
    /// `correct horse battery staple`): its plaintext is the key file
    /// `kiln keygen` wrote, byte for byte.
    #[test]
    fn a_key_file_the_issuer_page_protected() {
        let jwe = [
        "eyJhbGciOiJQQkVTMi1IUzI1NitBMTI4S1ciLCJlbmMiOiJBMjU2R0NNIiwicDJzIjoicWM2X0oxWFNvbGUyTnN1c1FTajlNZyIsInAyYyI6NjAwMDAwLCJjdHkiOiJraWxuLWtleStqc29uIn0",
        "OCcFrpJoQWsaNkUksEG7y-AP776IyQ1TxOlVwq0wYdaFJpKs3yKkVA",
        "c7cXAqKCDA76n3oJ",
        "1vceY5N2i0E2tl6anEBSQNupyrYMpuHzIMiCy3JfyIghYtUejTgj2VwpnpNo63TiBCtG5axDzcrCt3ixTBwoBbykV7FO3g47EJZY3vxGTbCdq6m7tUoVUBbYByZqlAXHXwaTYLbwXmWcDFJqaZRbPZZo73bWwz3-jjT8HOFEjnCWgLI0TuBaIMn8_AuN540k2VV-YQcugF5qXaLEA8ZJXhIsMkz8E3Zc7gsZ437e5f6SsfgLJB4OEGaZgeKhwRtby553055ye0mKNIoBq0SqL-LlGh_t0tppqv-yOQx4CzfVz6UeoCFyDjRSd9ytAjrXYJDitH_yQ9VckNgSUKlvJT1o3EeSz7Kgo4sv72TMImhUf9soO6xQEFUoGtv4tgo-wFYUrvTwXKPGBCXDS7G57ryNLFH9WXHHbw-7fcoxmdKuT7Mjo1wb7nWlLlCCPJTtj7JmxpB9u8KW02Zc2cYwJg7LJDn_lw5mcKGzqvW4N4X3OQ",
        "rgPpvlvUrWY68emqrNSYMg",
        ]
        .join(".");
        let plain = decrypt(&jwe, b"correct horse battery staple").unwrap();
        assert_eq!(
            plain.as_str(),
            "{\n  \"type\": \"Multikey\",\n  \"id\": \"did:key:z6Mkq3qVQwr4cx9XNC9Vw7tXe69kkCRqhZgNowqC1UyD71Ap#z6Mkq3qVQwr4cx9XNC9Vw7tXe69kkCRqhZgNowqC1UyD71Ap\",\n  \"controller\": \"did:key:z6Mkq3qVQwr4cx9XNC9Vw7tXe69kkCRqhZgNowqC1UyD71Ap\",\n  \"publicKeyMultibase\": \"z6Mkq3qVQwr4cx9XNC9Vw7tXe69kkCRqhZgNowqC1UyD71Ap\",\n  \"secretKeyMultibase\": \"z3u2WzmpHksipcwQYnVBy7FJh8Njh639CMs56kpryCF1hLAX\"\n}\n"
        );
        let key = KeyPair::from_json(&plain).unwrap();
        assert_eq!(
            key.controller,
            "did:key:z6Mkq3qVQwr4cx9XNC9Vw7tXe69kkCRqhZgNowqC1UyD71Ap"
        );
        let e = decrypt(&jwe, b"correct horse battery stapler").unwrap_err();
        assert!(e.starts_with("wrong passphrase"), "{e}");
    }

    #[test]
    fn round_trip_wrong_passphrase_and_hostile_headers() {
        let key = KeyPair::from_secret(kiln_core::key::SecretKey::from_bytes(&[7u8; 32]));
        let json = format!("{}\n", key.to_json());
        let jwe = encrypt(json.as_bytes(), b"correct horse", 1_000).unwrap();
        let header: Value =
            serde_json::from_slice(&unb64(jwe.split('.').next().unwrap()).unwrap()).unwrap();
        assert_eq!(header["alg"], ALG);
        assert_eq!(header["enc"], ENC);
        assert_eq!(header["cty"], CTY);
        assert_eq!(header["p2c"], 1_000);
        assert_eq!(unb64(header["p2s"].as_str().unwrap()).unwrap().len(), 16);
        assert!(is_jwe(&jwe) && !is_jwe(&json));
        assert_eq!(*decrypt(&jwe, b"correct horse").unwrap(), json);
        let e = decrypt(&jwe, b"correct horse!").unwrap_err();
        assert!(e.starts_with("wrong passphrase"), "{e}");

        // Each part changed after encryption is refused.
        let parts: Vec<&str> = jwe.split('.').collect();
        let mut changed = parts.clone();
        let flipped = {
            let mut c = unb64(parts[3]).unwrap();
            c[0] ^= 1;
            b64(&c)
        };
        changed[3] = &flipped;
        let e = decrypt(&changed.join("."), b"correct horse").unwrap_err();
        assert!(e.contains("tag does not match"), "{e}");

        // A header asking for too many, or too few, iterations is refused
        // before any work.
        let with = |edit: &dyn Fn(&mut Map<String, Value>)| {
            let mut h = header.as_object().unwrap().clone();
            edit(&mut h);
            let mut p = parts.clone();
            let encoded = b64(Value::Object(h).to_string().as_bytes());
            p[0] = &encoded;
            decrypt(&p.join("."), b"correct horse").unwrap_err()
        };
        let e = with(&|h| {
            h.insert("p2c".into(), json!(MAX_P2C + 1));
        });
        assert!(e.contains("10000001 PBKDF2 iterations"), "{e}");
        let e = with(&|h| {
            h.insert("p2c".into(), json!(999));
        });
        assert!(e.contains("999"), "{e}");
        let e = with(&|h| {
            h.insert("alg".into(), json!("dir"));
        });
        assert!(e.contains("alg is \"dir\""), "{e}");
        let e = with(&|h| {
            h.insert("cty".into(), json!("jwk+json"));
        });
        assert!(e.contains("not a Kiln key"), "{e}");
        let e = with(&|h| {
            h.insert("p2s".into(), json!("AAAA"));
        });
        assert!(e.contains("salt"), "{e}");
        // The header is authenticated: a changed but acceptable header fails the tag.
        let e = with(&|h| {
            h.insert("p2c".into(), json!(1_001));
        });
        assert!(e.starts_with("wrong passphrase"), "{e}");
        assert!(decrypt("a.b.c", b"x").unwrap_err().contains("five parts"));
    }
}
