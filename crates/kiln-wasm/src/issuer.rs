//! The issuer module: keys, signing and baking.

use crate::core_calls::{self, ProofRequest};
use crate::js;
use crate::options::{self, BakeOptions, SignOptions, SuiteName};
use kiln_core::proof::Suite;
use kiln_core::{Error, Limits};
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// Signs the credential (JSON text of an unsecured credential) with the key
/// (key-file JSON) and returns the signed credential as JSON text.
pub fn sign_json(credential: &str, key: &str, options_json: &str) -> Result<String, Error> {
    let options: SignOptions = options::parse("signCredential", options_json)?;
    let unsecured: Value = serde_json::from_str(credential).map_err(|e| {
        Error::malformed(
            "credential-json",
            format!("the credential is not JSON: {e}"),
        )
    })?;
    if !unsecured.is_object() {
        return Err(Error::misuse(
            "credential-not-object",
            "the credential must be a JSON object",
        ));
    }
    let Some(created) = options.created.as_deref() else {
        return Err(Error::misuse(
            "bad-options",
            "options of signCredential: created is missing",
        ));
    };
    let suite = match options.suite.unwrap_or_default() {
        SuiteName::EddsaRdfc2022 => Suite::EddsaRdfc2022,
        SuiteName::EddsaJcs2022 => Suite::EddsaJcs2022,
    };
    let request = ProofRequest {
        suite,
        verification_method: options.verification_method.as_deref(),
        created,
        proof_purpose: options
            .proof_purpose
            .as_deref()
            .unwrap_or("assertionMethod"),
    };
    let signed = core_calls::create_proof(&unsecured, key, &request)?;
    serde_json::to_string(&signed).map_err(|e| {
        Error::misuse(
            "credential-unwritable",
            format!("the signed credential could not be written: {e}"),
        )
    })
}

/// Bakes the payload (credential JSON or compact JWS) into a PNG or SVG.
pub fn bake_bytes(image: &[u8], payload: &str, options_json: &str) -> Result<Vec<u8>, Error> {
    let options: BakeOptions = options::parse("bakeBadge", options_json)?;
    core_calls::bake(
        image,
        payload,
        options.ob2.unwrap_or(false),
        &Limits::default(),
    )
}

/// A new Ed25519 key, as key-file JSON (Multikey with a did:key controller).
#[wasm_bindgen(js_name = generateKey)]
pub fn generate_key() -> Result<String, JsValue> {
    core_calls::generate_key_json().map_err(|e| js::error(&e))
}

/// Reads a key file (JSON text) and returns it in Kiln's form; an error when
/// it holds no usable Ed25519 secret key.
#[wasm_bindgen(js_name = importKey)]
pub fn import_key(json: &str) -> Result<String, JsValue> {
    core_calls::import_key_json(json).map_err(|e| js::error(&e))
}

/// Signs a credential: JSON text in, signed JSON text out. `options` is the
/// JSON text of `SignOptions` with `created` given as an RFC 3339 string.
#[wasm_bindgen(js_name = signCredentialJson)]
pub fn sign_credential_json(credential: &str, key: &str, options: &str) -> Result<String, JsValue> {
    sign_json(credential, key, options).map_err(|e| js::error(&e))
}

/// Bakes the payload into the image; `options` is the JSON text of `BakeOptions`.
#[wasm_bindgen(js_name = bakeBadgeBytes)]
pub fn bake_badge_bytes(image: &[u8], payload: &str, options: &str) -> Result<Vec<u8>, JsValue> {
    bake_bytes(image, payload, options).map_err(|e| js::error(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATED: &str = r#"{"created": "2024-01-01T00:00:00Z"}"#;

    #[test]
    fn sign_rejects_bad_options_before_signing() {
        let e = sign_json(
            "{}",
            "{}",
            r#"{"created": "2024-01-01T00:00:00Z", "suit": "x"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "bad-options");
        assert!(e.to_string().contains("suit"), "{e}");
        let e = sign_json("{}", "{}", "{}").unwrap_err();
        assert!(e.to_string().contains("created"), "{e}");
    }

    #[test]
    fn sign_rejects_what_is_not_a_credential_object() {
        assert_eq!(
            sign_json("not json", "{}", CREATED).unwrap_err().code(),
            "credential-json"
        );
        assert_eq!(
            sign_json("[1]", "{}", CREATED).unwrap_err().code(),
            "credential-not-object"
        );
    }

    #[test]
    fn bake_rejects_unknown_options() {
        let e = bake_bytes(b"", "{}", r#"{"ob3": true}"#).unwrap_err();
        assert_eq!(e.code(), "bad-options");
    }
}
