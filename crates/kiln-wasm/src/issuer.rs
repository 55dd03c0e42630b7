//! The issuer module: keys, signing, baking and badge designs (templates
//! filled and rendered to PNG by kiln-render).

use crate::core_calls::{self, ProofRequest};
use crate::js;
use crate::options::{
    self, BakeOptions, ClrOptions, CredentialOptions, DeriveOptions, KeyOptions, SignOptions,
    SuiteName,
};
use kiln_core::issue::{self, BadgeFields, Fresh, Pattern, Recipient, RecipientRow};
use kiln_core::key::{KeyPair, KeyType, didweb};
use kiln_core::proof::ecdsa_sd;
use kiln_core::proof::{ProofEnv, Suite};
use kiln_core::status_list::{self, Purpose};
use kiln_core::{Error, Limits};
use serde_json::{Map, Value, json};
use wasm_bindgen::prelude::*;

/// Signs the credential (JSON text of an unsecured credential) with the key
/// (key-file JSON) and returns the signed credential as JSON text.
pub fn sign_json(credential: &str, key: &str, options_json: &str) -> Result<String, Error> {
    let options: SignOptions = options::parse("signCredential", options_json)?;
    let unsecured = kiln_core::credential::parse_json(credential, &kiln_core::Limits::default())?;
    if !unsecured.is_object() {
        return Err(Error::misuse(
            kiln_core::Code::CredentialNotObject,
            "the credential must be a JSON object",
        ));
    }
    let Some(created) = options.created.as_deref() else {
        return Err(Error::misuse(
            kiln_core::Code::BadOptions,
            "options of signCredential: created is missing",
        ));
    };
    let suite = match options.suite.unwrap_or_default() {
        SuiteName::EddsaRdfc2022 => Suite::EddsaRdfc2022,
        SuiteName::EddsaJcs2022 => Suite::EddsaJcs2022,
        SuiteName::EcdsaRdfc2019 => Suite::EcdsaRdfc2019,
        SuiteName::EcdsaJcs2019 => Suite::EcdsaJcs2019,
        SuiteName::EcdsaSd2023 => {
            let signed = sign_sd_base(&unsecured, key, created, &options)?;
            return to_json_text(&signed, "the signed credential");
        }
    };
    if options.mandatory_pointers.is_some() {
        return Err(Error::misuse(
            kiln_core::Code::BadOptions,
            "options of signCredential: mandatoryPointers is for the ecdsa-sd-2023 suite only",
        ));
    }
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
            kiln_core::Code::CredentialUnwritable,
            format!("the signed credential could not be written: {e}"),
        )
    })
}

/// An `ecdsa-sd-2023` base proof on `unsecured` with the P-256 key in
/// `key` (key-file JSON), with fresh HMAC and ephemeral keys. The mandatory
/// pointers are the options' or Kiln's Open Badges 3.0 default.
fn sign_sd_base(
    unsecured: &Value,
    key: &str,
    created: &str,
    options: &SignOptions,
) -> Result<Value, Error> {
    let (secret, public) = ecdsa_sd::p256_key_from_json(key)?;
    let mandatory_pointers = match &options.mandatory_pointers {
        Some(p) => p.clone(),
        None => ecdsa_sd::default_mandatory_pointers(unsecured),
    };
    let opts = ecdsa_sd::BaseOptions {
        verification_method: options
            .verification_method
            .clone()
            .unwrap_or_else(|| format!("did:key:{public}#{public}")),
        created: created.to_owned(),
        proof_purpose: options
            .proof_purpose
            .clone()
            .unwrap_or_else(|| "assertionMethod".to_owned()),
        mandatory_pointers,
    };
    ecdsa_sd::create_base_proof_random(unsecured, &secret, &opts, &ProofEnv::default())
}

/// The holder's step of `ecdsa-sd-2023`: from a credential with a base
/// proof (JSON text), the credential that discloses the mandatory claims
/// and those the options' `reveal` pointers select, with a derived proof.
pub fn derive_json(credential: &str, options_json: &str) -> Result<String, Error> {
    let options: DeriveOptions = options::parse("deriveCredential", options_json)?;
    let secured = kiln_core::credential::parse_json(credential, &Limits::default())?;
    let reveal = options.reveal.unwrap_or_default();
    let derived = ecdsa_sd::derive(&secured, &reveal, &ProofEnv::default())?;
    to_json_text(&derived, "the derived credential")
}

/// A new key of the options' type (default Ed25519) as key-file JSON.
pub fn generate_key_text(options_json: &str) -> Result<String, Error> {
    let options: KeyOptions = options::parse("generateKey", options_json)?;
    let ty = KeyType::from_name(options.key_type.as_deref().unwrap_or("ed25519"))?;
    Ok(KeyPair::generate_type(ty)?.to_json())
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

/// A new key, as key-file JSON (Multikey with a did:key controller):
/// Ed25519 unless `options` (JSON text of `KeyOptions`) names `p256` or
/// `p384`.
#[wasm_bindgen(js_name = generateKey)]
pub fn generate_key(options: Option<String>) -> Result<String, JsValue> {
    match options {
        None => core_calls::generate_key_json(),
        Some(text) => generate_key_text(&text),
    }
    .map_err(|e| js::error(&e))
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

/// Derives a credential for sharing from one with an `ecdsa-sd-2023` base
/// proof: JSON text in and out; `options` is the JSON text of `DeriveOptions`.
#[wasm_bindgen(js_name = deriveCredentialJson)]
pub fn derive_credential_json(credential: &str, options: &str) -> Result<String, JsValue> {
    derive_json(credential, options).map_err(|e| js::error(&e))
}

/// Bakes the payload into the image; `options` is the JSON text of `BakeOptions`.
#[wasm_bindgen(js_name = bakeBadgeBytes)]
pub fn bake_badge_bytes(image: &[u8], payload: &str, options: &str) -> Result<Vec<u8>, JsValue> {
    bake_bytes(image, payload, options).map_err(|e| js::error(&e))
}

fn to_json_text(value: &Value, what: &str) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| {
        Error::misuse(
            kiln_core::Code::JsonUnwritable,
            format!("{what} could not be written: {e}"),
        )
    })
}

/// Reads a recipients CSV by kiln-core's rules (`issue::read_recipients`):
/// `{"headers": [...], "rows": [...]}`, each row
/// `{"number", "name", "email"?, "custom": {...}, "slug"}` or
/// `{"number", "error"}`.
pub fn recipients_json(csv_text: &str) -> Result<String, Error> {
    let read = issue::read_recipients(csv_text, &Limits::default())?;
    let rows: Vec<Value> = read
        .rows
        .iter()
        .map(|row| match row {
            RecipientRow::Ready(r) => {
                let mut o = Map::new();
                o.insert("number".into(), r.number.into());
                o.insert("name".into(), r.name.clone().into());
                if let Some(e) = &r.email {
                    o.insert("email".into(), e.clone().into());
                }
                let custom: Map<String, Value> = r
                    .custom
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone().into()))
                    .collect();
                o.insert("custom".into(), Value::Object(custom));
                o.insert("slug".into(), issue::slug(r.number, &r.name).into());
                Value::Object(o)
            }
            RecipientRow::Unusable { number, reason } => {
                json!({ "number": number, "error": reason })
            }
        })
        .collect();
    to_json_text(
        &json!({ "headers": read.headers, "rows": rows }),
        "the recipients",
    )
}

/// The unsigned credential for one recipient and its template values, by
/// kiln-core's rules (`issue::Pattern`): `{"credential": {...}, "values": {...}}`.
pub fn credential_json(options_json: &str) -> Result<String, Error> {
    let o: CredentialOptions = options::parse("buildCredential", options_json)?;
    let Some(now_ms) = o.now.filter(|n| n.is_finite()) else {
        return Err(Error::misuse(
            kiln_core::Code::BadOptions,
            "options of buildCredential: now (milliseconds since 1970) is missing",
        ));
    };
    // Whole seconds; the cast saturates at the i64 range.
    let now = (now_ms / 1000.0).floor() as i64;
    let fresh = Fresh::random()?;
    let fields = BadgeFields {
        issuer_name: o.issuer_name,
        issuer_url: o.issuer_url,
        achievement_id: match o.achievement_id {
            Some(id) => id,
            // A second draw: the achievement's id is not the credential's.
            None => Fresh::random()?.id,
        },
        achievement_name: o.achievement_name,
        achievement_description: o.achievement_description,
        criteria: o.criteria,
    };
    let mut pattern = Pattern::from_fields(&fields, &o.issuer_id)?;
    pattern.set_validity(o.valid_from.as_deref(), o.valid_until.as_deref())?;
    let r = o.recipient.unwrap_or_default();
    let recipient = Recipient {
        number: r.number.unwrap_or(0),
        name: r.name.map(|n| n.trim().to_owned()).unwrap_or_default(),
        email: r
            .email
            .filter(|e| !e.trim().is_empty())
            .map(|e| issue::normalize_email(&e).unwrap_or(e)),
        custom: r.custom.unwrap_or_default().into_iter().collect(),
    };
    let id = o.id.unwrap_or(fresh.id);
    let salt = o.salt.unwrap_or(fresh.salt);
    let credential = pattern.credential(&recipient, &id, &salt, now)?;
    let values = issue::template_values(&credential, &recipient, o.placeholders.as_deref(), now);
    to_json_text(
        &json!({ "credential": credential, "values": values }),
        "the credential",
    )
}

/// The unsigned CLR 2.0 learner record (`ClrCredential`) bundling the
/// options' signed credentials for the learner, by kiln-core's rules
/// (`issue::clr_credential`, as `kiln clr`): JSON text, to be signed with
/// `signCredentialJson` like any credential.
pub fn clr_json(options_json: &str) -> Result<String, Error> {
    let o: ClrOptions = options::parse("buildClr", options_json)?;
    let Some(now_ms) = o.now.filter(|n| n.is_finite()) else {
        return Err(Error::misuse(
            kiln_core::Code::BadOptions,
            "options of buildClr: now (milliseconds since 1970) is missing",
        ));
    };
    let limits = Limits::default();
    if o.credentials.len() > limits.max_nested_credentials {
        return Err(Error::misuse(
            kiln_core::Code::BadOptions,
            format!(
                "options of buildClr: {} credentials, more than the limit max_nested_credentials = {}",
                o.credentials.len(),
                limits.max_nested_credentials
            ),
        ));
    }
    let learner = o.learner.trim();
    if learner.is_empty() {
        return Err(Error::misuse(
            kiln_core::Code::IssueFieldMissing,
            "options of buildClr: the learner's id is missing",
        ));
    }
    if o.issuer_id.trim().is_empty() {
        return Err(Error::misuse(
            kiln_core::Code::IssueFieldMissing,
            "options of buildClr: issuerId (the key's controller) is missing",
        ));
    }
    let nonempty = |s: Option<String>, default: &str| {
        s.map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default.to_owned())
    };
    // Whole seconds; the cast saturates at the i64 range.
    let now = (now_ms / 1000.0).floor() as i64;
    let fields = issue::ClrFields {
        id: match o.id {
            Some(id) => id,
            None => Fresh::random()?.id,
        },
        issuer_id: o.issuer_id,
        issuer_name: nonempty(o.issuer_name, "Learner record issuer"),
        learner: learner.to_owned(),
        name: nonempty(o.name, "Learner record"),
        valid_from: kiln_core::format_rfc3339(now),
    };
    let record = issue::clr_credential(&fields, &o.credentials, &o.associations)?;
    to_json_text(&record, "the learner record")
}

/// The unsigned CLR 2.0 learner record (options and result as JSON text;
/// see `web/lib/issuer.d.ts`).
#[wasm_bindgen(js_name = buildClrJson)]
pub fn build_clr_json(options: &str) -> Result<String, JsValue> {
    clr_json(options).map_err(|e| js::error(&e))
}

/// Splits CSV text into records by kiln-core's reader (`issue::csv`):
/// JSON text of an array of arrays of strings.
pub fn csv_records_json(csv_text: &str) -> Result<String, Error> {
    let records = issue::csv::parse(csv_text, &Limits::default())?;
    to_json_text(&json!(records), "the records")
}

/// Splits CSV text into records (JSON text of `string[][]`).
#[wasm_bindgen(js_name = parseCsv)]
pub fn parse_csv(csv_text: &str) -> Result<String, JsValue> {
    csv_records_json(csv_text).map_err(|e| js::error(&e))
}

/// Reads a recipients CSV (JSON text out; see `web/lib/issuer.d.ts`).
#[wasm_bindgen(js_name = parseRecipients)]
pub fn parse_recipients(csv_text: &str) -> Result<String, JsValue> {
    recipients_json(csv_text).map_err(|e| js::error(&e))
}

/// The unsigned credential for one recipient and its template values
/// (options and result as JSON text; see `web/lib/issuer.d.ts`).
#[wasm_bindgen(js_name = buildCredentialJson)]
pub fn build_credential_json(options: &str) -> Result<String, JsValue> {
    credential_json(options).map_err(|e| js::error(&e))
}

/// Reads template values: a JSON object whose members are strings, keyed by
/// placeholder name (`{"recipient.name": "Zoë"}`).
pub fn values_from_json(json: &str) -> Result<kiln_render::Values, Error> {
    let trimmed = json.trim();
    if trimmed.is_empty() || trimmed == "null" || trimmed == "undefined" {
        return Ok(kiln_render::Values::new());
    }
    let value = kiln_core::credential::read_json(
        trimmed,
        &kiln_core::Limits::default(),
        "the template values",
    )?;
    serde_json::from_value(value).map_err(|e| {
        Error::misuse(
            kiln_core::Code::BadValues,
            format!("the template values must be an object of strings: {e}"),
        )
    })
}

/// Fills the template and renders it: the PNG and the renderer's warnings.
pub fn render_png(
    svg: &str,
    values_json: &str,
    width: u32,
) -> Result<(Vec<u8>, Vec<String>), Error> {
    let values = values_from_json(values_json)?;
    core_calls::render_template(svg, &values, width)
}

/// Fills the template with the values (JSON text of an object of strings)
/// and renders it to a PNG `width` pixels wide. Returns
/// `{ png: Uint8Array, warnings: string[] }`; the warnings name characters
/// no embedded font has. Errors carry the renderer's code, such as
/// `template-unknown-placeholder` or `fill-missing-value`.
#[wasm_bindgen(js_name = renderTemplatePng)]
pub fn render_template_png(svg: &str, values: &str, width: u32) -> Result<JsValue, JsValue> {
    let (png, warnings) = render_png(svg, values, width).map_err(|e| js::error(&e))?;
    rendered_to_js(&png, &warnings)
}

/// The embedded fonts and the issuer's own font files (a brand typeface, a
/// font for a script the embedded fonts lack), loaded once for every badge
/// rendered with them: a template naming one of their families finds it.
#[wasm_bindgen]
pub struct Fonts {
    renderer: kiln_render::Renderer,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("families", &self.renderer.font_families())
            .finish()
    }
}

#[wasm_bindgen]
impl Fonts {
    /// Loads the font files (each a `Uint8Array` of a TrueType, OpenType or
    /// collection file) beside the embedded fonts. Fails with the
    /// renderer's code (`font-unreadable`, `font-too-large`) when a file
    /// holds no face that can be read or is too large; the error's
    /// `fileIndex` is that file's place in `files` (from 0).
    #[wasm_bindgen(constructor)]
    pub fn new(files: js_sys::Array) -> Result<Fonts, JsValue> {
        let mut data = Vec::new();
        for file in files.iter() {
            let Some(bytes) = file.dyn_ref::<js_sys::Uint8Array>() else {
                return Err(
                    js_sys::TypeError::new("Fonts: each font file must be a Uint8Array").into(),
                );
            };
            data.push(bytes.to_vec());
        }
        core_calls::renderer_with_fonts(data)
            .map(|renderer| Fonts { renderer })
            .map_err(|(index, e)| {
                // Which file it was (from 0), for the caller to name it.
                let error = js::error(&e);
                let _ = js_sys::Reflect::set(
                    &error,
                    &JsValue::from_str("fileIndex"),
                    &JsValue::from(index as u32),
                );
                error
            })
    }

    /// The family names of every loaded face (the embedded fonts first),
    /// each once.
    pub fn families(&self) -> Vec<String> {
        self.renderer.font_families()
    }

    /// [`render_template_png`] with these fonts.
    #[wasm_bindgen(js_name = renderTemplatePng)]
    pub fn render_template_png(
        &self,
        svg: &str,
        values: &str,
        width: u32,
    ) -> Result<JsValue, JsValue> {
        let values = values_from_json(values).map_err(|e| js::error(&e))?;
        let (png, warnings) = core_calls::render_template_with(&self.renderer, svg, &values, width)
            .map_err(|e| js::error(&e))?;
        rendered_to_js(&png, &warnings)
    }
}

/// `{ png: Uint8Array, warnings: string[] }`.
fn rendered_to_js(png: &[u8], warnings: &[String]) -> Result<JsValue, JsValue> {
    let out = js_sys::Object::new();
    let list = js_sys::Array::new();
    for w in warnings {
        list.push(&JsValue::from_str(w));
    }
    js_sys::Reflect::set(
        &out,
        &JsValue::from_str("png"),
        &js_sys::Uint8Array::from(png),
    )?;
    js_sys::Reflect::set(&out, &JsValue::from_str("warnings"), &list)?;
    Ok(out.into())
}

/// Fills the template with the values (JSON text of an object of strings)
/// and returns the SVG text, without rendering it.
#[wasm_bindgen(js_name = fillTemplate)]
pub fn fill_template(svg: &str, values: &str) -> Result<String, JsValue> {
    values_from_json(values)
        .and_then(|v| core_calls::fill_template(svg, &v))
        .map_err(|e| js::error(&e))
}

/// The placeholder names the template uses, in order of first appearance.
#[wasm_bindgen(js_name = templatePlaceholders)]
pub fn template_placeholders(svg: &str) -> Result<Vec<String>, JsValue> {
    core_calls::template_placeholders(svg).map_err(|e| js::error(&e))
}

// ---- The issuer kit: did:web identity and status lists, as the CLI makes them ----

/// Options of `didWebJson`: the domain the DID document is served from (a
/// port allowed: `localhost:8080`) and an optional path below it
/// (`issuers:1` or `issuers/1`), as `kiln did-web --domain --path`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DidWebOptions {
    /// The domain; empty for a key already set up.
    #[serde(default)]
    pub domain: String,
    /// A path below the domain.
    pub path: Option<String>,
}

/// The did:web set-up of `kiln did-web` for the key (key-file JSON):
/// `{"did", "url", "fetchUrl", "document", "key"}`: the DID, where the
/// document is published (`https://DOMAIN/.well-known/did.json`), the URL a
/// verifier on this machine fetches (plain http for a local host), the DID
/// document, and the key file with its id (`<did>#key-1`) and controller
/// (the DID) set, as `kiln did-web --key-out` writes it. Without a domain,
/// a key whose controller is a did:web DID gives its own set-up.
pub fn did_web_json(key: &str, options_json: &str) -> Result<String, Error> {
    let o: DidWebOptions = options::parse("didWeb", options_json)?;
    let mut pair = KeyPair::from_json(key)?;
    let domain = o.domain.trim();
    let did = if !domain.is_empty() {
        didweb::did_for(domain, o.path.as_deref().map(str::trim))?
    } else if pair.controller.starts_with("did:web:") && o.path.is_none() {
        // A key already set up: its own DID.
        didweb::did_of(&pair.controller)?
    } else {
        return Err(Error::misuse(
            kiln_core::Code::BadOptions,
            "options of didWeb: the domain is missing",
        ));
    };
    let url = didweb::document_url(&did, false)?;
    let fetch_url = didweb::document_url(&did, true)?;
    let document = didweb::document(&did, &pair.public)?;
    pair.id = format!("{did}#key-1");
    pair.controller = did.clone();
    let key_value =
        kiln_core::credential::read_json(&pair.to_json(), &Limits::default(), "the key")?;
    to_json_text(
        &json!({ "did": did, "url": url, "fetchUrl": fetch_url,
                 "document": document, "key": key_value }),
        "the did:web set-up",
    )
}

/// Whether the DID document (JSON text, as fetched from where the key's
/// did:web publishes it) lists the key (key-file JSON whose id is a
/// did:web method) for issuing: `{"matches": bool, "detail": "..."}`, read
/// by kiln-core's `didweb::find_key` as a verifier reads it.
pub fn did_web_check_json(document: &str, key: &str) -> Result<String, Error> {
    let pair = KeyPair::from_json(key)?;
    let did = didweb::did_of(&pair.id)?;
    let answer = |matches: bool, detail: String| {
        to_json_text(
            &json!({ "matches": matches, "detail": detail }),
            "the check",
        )
    };
    let doc =
        match kiln_core::credential::read_json(document, &Limits::default(), "the DID document") {
            Ok(doc) => doc,
            Err(e) => return answer(false, e.to_string()),
        };
    let found = match didweb::find_key(&doc, &pair.id) {
        Ok(found) => found,
        Err(e) => return answer(false, e.to_string()),
    };
    let published = found.method.public_key.to_multibase();
    let ours = pair.public.to_multibase();
    if published != ours {
        return answer(
            false,
            format!(
                "the DID document of {did} lists another key as {} ({published}, not this page's key {ours}): publish the did.json made for this key",
                pair.id
            ),
        );
    }
    if !found.assertion_method {
        return answer(
            false,
            format!(
                "the DID document of {did} lists the key {} but not under assertionMethod, so it may not issue badges",
                pair.id
            ),
        );
    }
    answer(
        true,
        format!(
            "the DID document of {did} lists this key ({ours}) for issuing: badges signed with it show the issuer's domain {} as confirmed",
            found.domain
        ),
    )
}

/// Options of `statusListNewJson`, as `kiln status new`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusListOptions {
    /// Where the list will be published; it becomes the list's id.
    pub url: String,
    /// Number of entries (default the specification's minimum, 131072).
    pub length: Option<usize>,
    /// `revocation` (default) or `suspension`.
    pub purpose: Option<String>,
    /// The list's cryptosuite (default eddsa-jcs-2022).
    pub suite: Option<String>,
    /// The list's validFrom and proof date (RFC 3339).
    pub created: Option<String>,
}

/// Options of `statusListSetJson`, as `kiln status revoke`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusSetOptions {
    /// The badge's statusListIndex.
    pub index: Option<usize>,
    /// Clear the bit instead (lift a suspension).
    pub clear: Option<bool>,
    /// The cryptosuite of the new proof (default eddsa-jcs-2022).
    pub suite: Option<String>,
    /// The proof date (RFC 3339).
    pub created: Option<String>,
}

/// Options of `addStatusJson`, as `kiln sign --status-list --status-index`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusEntryOptions {
    /// The status list's URL.
    pub url: String,
    /// The badge's index in it.
    pub index: Option<usize>,
    /// `revocation` (default) or `suspension`.
    pub purpose: Option<String>,
}

fn created_of(call: &str, created: Option<&str>) -> Result<String, Error> {
    created.map(str::to_owned).ok_or_else(|| {
        Error::misuse(
            kiln_core::Code::BadOptions,
            format!("options of {call}: created is missing"),
        )
    })
}

fn index_of(call: &str, index: Option<usize>) -> Result<usize, Error> {
    index.ok_or_else(|| {
        Error::misuse(
            kiln_core::Code::BadOptions,
            format!("options of {call}: index is missing"),
        )
    })
}

/// A new, empty signed BitstringStatusListCredential issued by the key's
/// controller, by kiln-core's `status_list::new_list` (as `kiln status new`).
pub fn status_list_new_json(key: &str, options_json: &str) -> Result<String, Error> {
    let o: StatusListOptions = options::parse("statusListNew", options_json)?;
    let created = created_of("statusListNew", o.created.as_deref())?;
    let pair = KeyPair::from_json(key)?;
    let purpose = Purpose::from_name(o.purpose.as_deref().unwrap_or("revocation"))?;
    let suite = Suite::from_name(o.suite.as_deref().unwrap_or("eddsa-jcs-2022"))?;
    let length = o.length.unwrap_or(status_list::MIN_LIST_BITS);
    let list = status_list::new_list(o.url.trim(), length, purpose, &pair, &created, suite)?;
    to_json_text(&list, "the status list")
}

/// The list (JSON text) with bit `index` set (or cleared) and signed again,
/// by kiln-core's `status_list::set_bit` (as `kiln status revoke`):
/// `{"list": {...}, "unchanged": bool}`.
pub fn status_list_set_json(list: &str, key: &str, options_json: &str) -> Result<String, Error> {
    let o: StatusSetOptions = options::parse("statusListSet", options_json)?;
    let created = created_of("statusListSet", o.created.as_deref())?;
    let index = index_of("statusListSet", o.index)?;
    let pair = KeyPair::from_json(key)?;
    let suite = Suite::from_name(o.suite.as_deref().unwrap_or("eddsa-jcs-2022"))?;
    let doc = kiln_core::credential::parse_json(list, &Limits::default())?;
    let (updated, unchanged) = status_list::set_bit(
        &doc,
        index,
        !o.clear.unwrap_or(false),
        &pair,
        &created,
        suite,
    )?;
    to_json_text(
        &json!({ "list": updated, "unchanged": unchanged }),
        "the status list",
    )
}

/// What a status list holds: `{"id", "issuer", "purpose", "length", "set"}`,
/// `set` the indexes whose bit is set (at most `MAX_LISTED_SET` of them).
pub fn status_list_info_json(list: &str) -> Result<String, Error> {
    const MAX_LISTED_SET: usize = 100_000;
    let limits = Limits::default();
    let doc = kiln_core::credential::parse_json(list, &limits)?;
    let malformed = |what: &str| {
        Error::malformed(
            kiln_core::Code::StatusListMalformed,
            format!("the status list {what}"),
        )
    };
    let subject = doc
        .get("credentialSubject")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("has no credentialSubject"))?;
    let encoded = subject
        .get("encodedList")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("has no encodedList"))?;
    let bits = status_list::decode(encoded, limits.max_status_list_bytes)?;
    let mut set = Vec::new();
    for (i, byte) in bits.iter().enumerate() {
        for b in 0..8usize {
            if byte & (0x80 >> b) != 0 && set.len() < MAX_LISTED_SET {
                set.push(i.saturating_mul(8).saturating_add(b));
            }
        }
    }
    let issuer = match doc.get("issuer") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    to_json_text(
        &json!({
            "id": doc.get("id").and_then(Value::as_str),
            "issuer": issuer,
            "purpose": subject.get("statusPurpose").and_then(Value::as_str),
            "length": bits.len().saturating_mul(8),
            "set": set,
        }),
        "the status list",
    )
}

/// The unsigned credential (JSON text) with a BitstringStatusListEntry
/// pointing at entry `index` of the list at `url`, by kiln-core's
/// `issue::add_status` (as `kiln sign --status-list URL --status-index N`).
pub fn add_status_json(credential: &str, options_json: &str) -> Result<String, Error> {
    let o: StatusEntryOptions = options::parse("addStatus", options_json)?;
    let index = index_of("addStatus", o.index)?;
    let mut doc = kiln_core::credential::parse_json(credential, &Limits::default())?;
    let Value::Object(map) = &mut doc else {
        return Err(Error::misuse(
            kiln_core::Code::CredentialNotObject,
            "the credential must be a JSON object",
        ));
    };
    issue::add_status(
        map,
        o.url.trim(),
        index,
        o.purpose.as_deref().unwrap_or("revocation"),
    )?;
    to_json_text(&doc, "the credential")
}

/// The did:web set-up for the key (see `web/lib/issuer.d.ts`).
#[wasm_bindgen(js_name = didWebJson)]
pub fn did_web(key: &str, options: &str) -> Result<String, JsValue> {
    did_web_json(key, options).map_err(|e| js::error(&e))
}

/// Whether a fetched DID document lists the key for issuing.
#[wasm_bindgen(js_name = didWebCheckJson)]
pub fn did_web_check(document: &str, key: &str) -> Result<String, JsValue> {
    did_web_check_json(document, key).map_err(|e| js::error(&e))
}

/// A new signed status list (JSON text).
#[wasm_bindgen(js_name = statusListNewJson)]
pub fn status_list_new(key: &str, options: &str) -> Result<String, JsValue> {
    status_list_new_json(key, options).map_err(|e| js::error(&e))
}

/// A status list with one bit set or cleared, signed again.
#[wasm_bindgen(js_name = statusListSetJson)]
pub fn status_list_set(list: &str, key: &str, options: &str) -> Result<String, JsValue> {
    status_list_set_json(list, key, options).map_err(|e| js::error(&e))
}

/// What a status list holds.
#[wasm_bindgen(js_name = statusListInfoJson)]
pub fn status_list_info(list: &str) -> Result<String, JsValue> {
    status_list_info_json(list).map_err(|e| js::error(&e))
}

/// An unsigned credential with a status entry added.
#[wasm_bindgen(js_name = addStatusJson)]
pub fn add_status(credential: &str, options: &str) -> Result<String, JsValue> {
    add_status_json(credential, options).map_err(|e| js::error(&e))
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

    /// An unsigned Open Badges 3.0 credential issued by `issuer`, with a
    /// member (`description`) outside Kiln's mandatory pointers.
    fn unsigned_badge(issuer: &str) -> String {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:2f1d0c5e-0000-4000-8000-000000000001",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "Glaze Chemistry",
            "description": "Kept by the holder unless revealed.",
            "issuer": {"id": issuer, "type": ["Profile"], "name": "Kiln Academy"},
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "name": "Zoë Ångström",
                "achievement": {
                    "id": "urn:uuid:2f1d0c5e-0000-4000-8000-000000000002",
                    "type": ["Achievement"], "name": "Glaze Chemistry",
                    "description": "Three glazes.", "criteria": {"narrative": "Three tiles."}
                }
            }
        })
        .to_string()
    }

    fn verdict_of(credential: &str) -> Value {
        let options = kiln_core::verify::VerifyOptions::at(1_800_000_000);
        kiln_core::verify::verify_to_report(credential.as_bytes(), &options).to_json()
    }

    #[test]
    fn generates_keys_of_the_type_asked_for() {
        let p256: Value =
            serde_json::from_str(&generate_key_text(r#"{"type": "p256"}"#).unwrap()).unwrap();
        assert!(
            p256["controller"]
                .as_str()
                .unwrap()
                .starts_with("did:key:zDn"),
            "{p256}"
        );
        let p384: Value =
            serde_json::from_str(&generate_key_text(r#"{"type": "p384"}"#).unwrap()).unwrap();
        assert!(
            p384["controller"]
                .as_str()
                .unwrap()
                .starts_with("did:key:z82"),
            "{p384}"
        );
        for default in ["", "{}", r#"{"type": "ed25519"}"#] {
            let ed: Value = serde_json::from_str(&generate_key_text(default).unwrap()).unwrap();
            assert!(
                ed["controller"]
                    .as_str()
                    .unwrap()
                    .starts_with("did:key:z6Mk"),
                "{ed}"
            );
        }
        let e = generate_key_text(r#"{"type": "rsa"}"#).unwrap_err();
        assert_eq!(e.code(), "key-type-unsupported");
        assert!(e.to_string().contains("rsa"), "{e}");
        let e = generate_key_text(r#"{"typ": "p256"}"#).unwrap_err();
        assert_eq!(e.code(), "bad-options");
        assert!(e.to_string().contains("typ"), "{e}");
    }

    #[test]
    fn ecdsa_rdfc_with_a_generated_p256_key_verifies() {
        let key = generate_key_text(r#"{"type": "p256"}"#).unwrap();
        let issuer = serde_json::from_str::<Value>(&key).unwrap()["controller"].clone();
        let options = r#"{"created": "2024-01-01T00:00:00Z", "suite": "ecdsa-rdfc-2019"}"#;
        let signed = sign_json(&unsigned_badge(issuer.as_str().unwrap()), &key, options).unwrap();
        let report = verdict_of(&signed);
        assert_eq!(report["verdict"], "verified", "{report}");
        // An Ed25519 key cannot make an ECDSA proof.
        let ed = generate_key_text("").unwrap();
        assert!(sign_json(&unsigned_badge("did:key:z6Mk"), &ed, options).is_err());
    }

    #[test]
    fn ecdsa_sd_base_proof_is_for_the_holder_and_its_derivation_verifies() {
        let key = generate_key_text(r#"{"type": "p256"}"#).unwrap();
        let issuer = serde_json::from_str::<Value>(&key).unwrap()["controller"].clone();
        let options = r#"{"created": "2024-01-01T00:00:00Z", "suite": "ecdsa-sd-2023"}"#;
        let base = sign_json(&unsigned_badge(issuer.as_str().unwrap()), &key, options).unwrap();
        let report = verdict_of(&base);
        assert_eq!(report["verdict"], "error", "{report}");
        assert_eq!(report["error"]["code"], "ecdsa-sd-base-proof", "{report}");

        // The mandatory pointers only: the description is withheld.
        let minimal: Value = serde_json::from_str(&derive_json(&base, "").unwrap()).unwrap();
        assert_eq!(minimal.get("description"), None);
        assert_eq!(
            minimal["credentialSubject"]["achievement"]["name"],
            "Glaze Chemistry"
        );
        assert_eq!(verdict_of(&minimal.to_string())["verdict"], "verified");
        // Revealed on request.
        let shared = derive_json(
            &base,
            r#"{"reveal": ["/description", "/credentialSubject/name"]}"#,
        )
        .unwrap();
        let shared_value: Value = serde_json::from_str(&shared).unwrap();
        assert_eq!(
            shared_value["description"],
            "Kept by the holder unless revealed."
        );
        assert_eq!(verdict_of(&shared)["verdict"], "verified");
        // Changed after derivation: not verified.
        let tampered = shared.replace("Zoë Ångström", "Mallory");
        assert_ne!(tampered, shared);
        assert_ne!(verdict_of(&tampered)["verdict"], "verified");

        let e = derive_json(&base, r#"{"revael": []}"#).unwrap_err();
        assert_eq!(e.code(), "bad-options");
        // A derived proof is no base proof: nothing to derive from.
        assert!(derive_json(&shared, "").is_err());
    }

    #[test]
    fn mandatory_pointers_only_with_ecdsa_sd() {
        let key = generate_key_text("").unwrap();
        let e = sign_json(
            &unsigned_badge("did:key:z6Mk"),
            &key,
            r#"{"created": "2024-01-01T00:00:00Z", "mandatoryPointers": ["/issuer"]}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "bad-options");
        // An Ed25519 key is no P-256 key.
        let e = sign_json(
            &unsigned_badge("did:key:z6Mk"),
            &key,
            r#"{"created": "2024-01-01T00:00:00Z", "suite": "ecdsa-sd-2023"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("P-256"), "{e}");
    }

    #[test]
    fn sign_rejects_what_is_not_a_credential_object() {
        assert_eq!(
            sign_json("not json", "{}", CREATED).unwrap_err().code(),
            "credential-json-malformed"
        );
        assert_eq!(
            sign_json("[1]", "{}", CREATED).unwrap_err().code(),
            "credential-not-object"
        );
    }

    #[test]
    fn recipients_as_the_page_reads_them() {
        let text =
            recipients_json("name,email,Cohort\nZoë Ångström,Zoe@Example.org,2026\n,x@y.z,1\n")
                .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["headers"], json!(["name", "email", "cohort"]));
        assert_eq!(
            v["rows"],
            json!([
                {"number": 1, "name": "Zoë Ångström", "email": "zoe@example.org",
                 "custom": {"custom.cohort": "2026"}, "slug": "0001-zoe-angstrom"},
                {"number": 2, "error": "has no name"}
            ])
        );
        assert_eq!(
            recipients_json("email\n").unwrap_err().code(),
            "csv-no-name"
        );
        assert_eq!(
            recipients_json("a\n\"b").unwrap_err().code(),
            "csv-malformed"
        );
    }

    #[test]
    fn credentials_as_the_cli_builds_them() {
        let options = json!({
            "issuerId": "did:key:z6MkExample", "issuerName": "Kiln Academy",
            "achievementId": "urn:uuid:a", "achievementName": "Glaze Chemistry",
            "achievementDescription": "Three glazes.", "criteria": "Three tiles.",
            "recipient": {"number": 1, "name": "Ada", "email": "ada@example.org",
                          "custom": {"custom.cohort": "2026"}, "slug": "0001-ada"},
            "now": 1_740_996_000_500.0_f64, "id": "urn:uuid:c", "salt": "00",
            "placeholders": ["recipient.name", "date", "custom.cohort"],
        });
        let out: Value =
            serde_json::from_str(&credential_json(&options.to_string()).unwrap()).unwrap();
        let fields = BadgeFields {
            issuer_name: "Kiln Academy".into(),
            issuer_url: None,
            achievement_id: "urn:uuid:a".into(),
            achievement_name: "Glaze Chemistry".into(),
            achievement_description: "Three glazes.".into(),
            criteria: "Three tiles.".into(),
        };
        let ada = Recipient {
            number: 1,
            name: "Ada".into(),
            email: Some("ada@example.org".into()),
            custom: vec![("custom.cohort".into(), "2026".into())],
        };
        let expected = Pattern::from_fields(&fields, "did:key:z6MkExample")
            .unwrap()
            .credential(&ada, "urn:uuid:c", "00", 1_740_996_000)
            .unwrap();
        assert_eq!(out["credential"], Value::Object(expected));
        assert_eq!(
            out["values"],
            json!({"recipient.name": "Ada", "date": "3 March 2025", "custom.cohort": "2026"})
        );
        // Fresh ids when none are given; two calls never share one.
        let mut fresh = options.clone();
        for k in ["id", "salt", "achievementId"] {
            fresh.as_object_mut().unwrap().remove(k);
        }
        let a: Value = serde_json::from_str(&credential_json(&fresh.to_string()).unwrap()).unwrap();
        let b: Value = serde_json::from_str(&credential_json(&fresh.to_string()).unwrap()).unwrap();
        assert_ne!(a["credential"]["id"], b["credential"]["id"]);
        assert_ne!(
            a["credential"]["id"],
            a["credential"]["credentialSubject"]["achievement"]["id"]
        );
    }

    #[test]
    fn credential_options_are_checked() {
        let e = credential_json(r#"{"issuerId": "did:key:z", "nwo": 1}"#).unwrap_err();
        assert_eq!(e.code(), "bad-options");
        assert!(e.to_string().contains("nwo"), "{e}");
        let e = credential_json(r#"{"issuerId": "did:key:z"}"#).unwrap_err();
        assert!(e.to_string().contains("now"), "{e}");
        let e = credential_json(r#"{"issuerId": "did:key:z", "now": 0}"#).unwrap_err();
        assert_eq!(e.code(), "issue-field-missing");
    }

    /// A signed badge for `learner` of the achievement `achievement`, issued
    /// by `key`'s controller.
    fn signed_badge_for(key: &str, learner: &str, achievement: &str) -> Value {
        let issuer = serde_json::from_str::<Value>(key).unwrap()["controller"].clone();
        let mut badge: Value =
            serde_json::from_str(&unsigned_badge(issuer.as_str().unwrap())).unwrap();
        badge["id"] = json!(format!("urn:uuid:badge-{achievement}"));
        badge["credentialSubject"]["id"] = json!(learner);
        // The record and its credentials are one graph: a subject name
        // would be a second statement about the learner's node.
        badge["credentialSubject"]
            .as_object_mut()
            .unwrap()
            .remove("name");
        badge["credentialSubject"]["achievement"]["id"] = json!(achievement);
        badge["credentialSubject"]["achievement"]["name"] = json!(format!("Course {achievement}"));
        // Listed twice in the record (nested and in its achievements), the
        // criteria need an id to be one node.
        badge["credentialSubject"]["achievement"]["criteria"]["id"] =
            json!(format!("{achievement}/criteria"));
        serde_json::from_str(&sign_json(&badge.to_string(), key, CREATED).unwrap()).unwrap()
    }

    #[test]
    fn a_built_and_signed_record_verifies_with_every_credential_listed() {
        let school = generate_key_text("").unwrap();
        let registrar = generate_key_text("").unwrap();
        let learner = "did:example:zoe";
        let badges: Vec<Value> = ["urn:course:1", "urn:course:2", "urn:course:3"]
            .iter()
            .map(|a| signed_badge_for(&school, learner, a))
            .collect();
        let registrar_id = serde_json::from_str::<Value>(&registrar).unwrap()["controller"].clone();
        let options = json!({
            "learner": learner, "name": "Transcript",
            "issuerId": registrar_id, "issuerName": "Registrar",
            "credentials": badges,
            "associations": [
                {"source": "urn:course:1", "relation": "precedes", "target": "urn:course:2"},
                {"source": "urn:course:2", "relation": "precedes", "target": "urn:course:3"}
            ],
            "now": 1_740_996_000_000.0_f64,
        });
        let unsigned = clr_json(&options.to_string()).unwrap();
        let record: Value = serde_json::from_str(&unsigned).unwrap();
        assert_eq!(record["validFrom"], "2025-03-03T10:00:00Z");
        assert_eq!(record["issuer"]["id"], registrar_id);
        let signed = sign_json(&unsigned, &registrar, CREATED).unwrap();
        let report = verdict_of(&signed);
        assert_eq!(report["verdict"], "verified", "{report}");
        let nested = report["credentials"].as_array().unwrap();
        assert_eq!(nested.len(), badges.len(), "{report}");
        for n in nested {
            assert_eq!(n["verdict"], "verified", "{n}");
        }
        // One nested badge changed after the record was signed: not verified.
        let tampered = signed.replace("Course urn:course:2", "Course urn:course:9");
        assert_ne!(tampered, signed);
        assert_ne!(verdict_of(&tampered)["verdict"], "verified");
    }

    #[test]
    fn a_record_refuses_another_learners_badge_and_bad_options() {
        let key = generate_key_text("").unwrap();
        let issuer = serde_json::from_str::<Value>(&key).unwrap()["controller"].clone();
        let mine = signed_badge_for(&key, "did:example:zoe", "urn:course:1");
        let theirs = signed_badge_for(&key, "did:example:mallory", "urn:course:2");
        let options = |credentials: Value| {
            json!({"learner": "did:example:zoe", "issuerId": issuer,
                   "credentials": credentials, "now": 0})
            .to_string()
        };
        let e = clr_json(&options(json!([mine, theirs]))).unwrap_err();
        assert!(e.to_string().contains("credential 2"), "{e}");
        assert!(e.to_string().contains("did:example:mallory"), "{e}");
        assert!(clr_json(&options(json!([]))).is_err());
        let e = clr_json(&options(json!([42]))).unwrap_err();
        assert_eq!(e.code(), "credential-not-object");
        let e = clr_json(
            r#"{"learner": "x", "issuerId": "y", "credentials": [], "now": 0, "lerner": 1}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "bad-options");
        assert!(e.to_string().contains("lerner"), "{e}");
        let e = clr_json(r#"{"learner": "x", "issuerId": "y", "credentials": [{}]}"#).unwrap_err();
        assert!(e.to_string().contains("now"), "{e}");
        let e = clr_json(r#"{"learner": " ", "issuerId": "y", "credentials": [{}], "now": 0}"#)
            .unwrap_err();
        assert!(e.to_string().contains("learner"), "{e}");
    }

    #[test]
    fn bake_rejects_unknown_options() {
        let e = bake_bytes(b"", "{}", r#"{"ob3": true}"#).unwrap_err();
        assert_eq!(e.code(), "bad-options");
    }

    const HEXAGON: &str = include_str!("../../kiln-render/templates/hexagon.svg");

    fn hexagon_values() -> String {
        r#"{"recipient.name": "Zoë Ἀθηνᾶ Жукова <&\"", "achievement.name": "Rust", "issuer.name": "Kiln", "date": "28 November 2026"}"#.to_owned()
    }

    #[test]
    fn renders_a_shipped_template_to_png() {
        let (png, warnings) = render_png(HEXAGON, &hexagon_values(), 128).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(warnings, Vec::<String>::new());
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(width, 128);
    }

    #[test]
    fn lists_placeholders() {
        let names = core_calls::template_placeholders(HEXAGON).unwrap();
        for n in ["recipient.name", "achievement.name", "issuer.name", "date"] {
            assert!(names.iter().any(|p| p == n), "{n} in {names:?}");
        }
    }

    #[test]
    fn unknown_placeholders_and_missing_values_are_named() {
        let svg =
            r#"<svg xmlns="http://www.w3.org/2000/svg"><text>{{recipient.nmae}}</text></svg>"#;
        let e = render_png(svg, "{}", 64).unwrap_err();
        assert!(e.to_string().contains("recipient.nmae"), "{e}");
        let e = render_png(HEXAGON, "{}", 64).unwrap_err();
        assert_eq!(e.code(), "fill-missing-value");
        let e = render_png(HEXAGON, r#"{"recipient.name": 3}"#, 64).unwrap_err();
        assert_eq!(e.code(), "bad-values");
    }

    #[test]
    fn missing_glyphs_are_warnings() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="5" y="30">{{recipient.name}}</text></svg>"#;
        let (_, warnings) = render_png(svg, r#"{"recipient.name": "한글"}"#, 100).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains('한'), "{warnings:?}");
    }

    #[test]
    fn replaced_fonts_are_warnings_and_vanishing_text_an_error() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="5" y="30" style="font-family:Arial">{{recipient.name}}</text></svg>"#;
        let (_, warnings) = render_png(svg, r#"{"recipient.name": "Ada"}"#, 100).unwrap();
        assert_eq!(warnings, ["Arial is not available: DejaVu Sans used"]);
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text id="n"><textPath href="#none">{{recipient.name}}</textPath></text></svg>"##;
        let e = render_png(svg, r#"{"recipient.name": "Ada"}"#, 100).unwrap_err();
        assert_eq!(e.code(), "text-not-drawn");
        assert!(e.to_string().contains("\"n\""), "{e}");
    }

    #[test]
    fn did_web_set_up_is_the_clis_and_the_check_reads_it_as_a_verifier() {
        let key = generate_key_text("").unwrap();
        let pair = KeyPair::from_json(&key).unwrap();
        let out: Value = serde_json::from_str(
            &did_web_json(
                &key,
                r#"{"domain": "localhost:8080", "path": "/issuers/1/"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        let did = "did:web:localhost%3A8080:issuers:1";
        assert_eq!(out["did"], did);
        assert_eq!(out["url"], "https://localhost:8080/issuers/1/did.json");
        assert_eq!(out["fetchUrl"], "http://localhost:8080/issuers/1/did.json");
        assert_eq!(
            out["document"],
            didweb::document(did, &pair.public).unwrap()
        );
        assert_eq!(out["key"]["controller"], did);
        assert_eq!(out["key"]["id"], format!("{did}#key-1"));
        let web_key = out["key"].to_string();
        assert_eq!(
            KeyPair::from_json(&web_key).unwrap().public.to_multibase(),
            pair.public.to_multibase()
        );

        let check = |doc: &str| -> Value {
            serde_json::from_str(&did_web_check_json(doc, &web_key).unwrap()).unwrap()
        };
        let published = out["document"].to_string();
        assert_eq!(check(&published)["matches"], true, "{}", check(&published));
        // The document of another key under the same DID.
        let other = KeyPair::from_json(&generate_key_text("").unwrap()).unwrap();
        let forged = didweb::document(did, &other.public).unwrap().to_string();
        let answer = check(&forged);
        assert_eq!(answer["matches"], false);
        assert!(
            answer["detail"].as_str().unwrap().contains("another key"),
            "{answer}"
        );
        // Listed, but not for issuing.
        let mut no_assertion = out["document"].clone();
        no_assertion["assertionMethod"] = json!([]);
        let answer = check(&no_assertion.to_string());
        assert_eq!(answer["matches"], false);
        assert!(
            answer["detail"]
                .as_str()
                .unwrap()
                .contains("assertionMethod"),
            "{answer}"
        );
        // Another DID's document, and no JSON at all.
        let mut wrong_id = out["document"].clone();
        wrong_id["id"] = json!("did:web:elsewhere.example");
        assert_eq!(check(&wrong_id.to_string())["matches"], false);
        assert_eq!(check("<html>Not found</html>")["matches"], false);
        // A did:key key has no did:web document to check.
        assert_eq!(
            did_web_check_json(&published, &key).unwrap_err().code(),
            "not-did-web"
        );

        // A key set up already gives its own DID again.
        let again: Value = serde_json::from_str(&did_web_json(&web_key, "{}").unwrap()).unwrap();
        assert_eq!(again["did"], did);
        assert_eq!(again["document"], out["document"]);
        for bad in [r#"{"domain": " "}"#, r#"{"domain": "a", "pth": "x"}"#] {
            assert_eq!(
                did_web_json(&key, bad).unwrap_err().code(),
                "bad-options",
                "{bad}"
            );
        }
        assert_eq!(
            did_web_json(&key, r#"{"domain": "exa mple.org"}"#)
                .unwrap_err()
                .code(),
            "did-web-malformed"
        );
    }

    #[test]
    fn status_lists_made_revoked_and_read_as_the_cli_does() {
        let key = generate_key_text("").unwrap();
        let pair = KeyPair::from_json(&key).unwrap();
        let url = "https://school.example/status/1.json";
        let options = json!({"url": url, "length": 1024, "created": "2026-01-01T00:00:00Z"});
        let list = status_list_new_json(&key, &options.to_string()).unwrap();
        let expected = status_list::new_list(
            url,
            1024,
            Purpose::Revocation,
            &pair,
            "2026-01-01T00:00:00Z",
            Suite::EddsaJcs2022,
        )
        .unwrap();
        let made: Value = serde_json::from_str(&list).unwrap();
        // The same document but for the proof's signature bytes.
        let without_proof = |v: &Value| {
            let mut v = v.clone();
            v.as_object_mut().unwrap().remove("proof");
            v
        };
        assert_eq!(without_proof(&made), without_proof(&expected));
        // Signed by the key (the list is no badge, so only its proof counts).
        let proof_of = |list: &str| {
            verdict_of(list)["checks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["check"] == "proof")
                .unwrap()["outcome"]
                .clone()
        };
        assert_eq!(proof_of(&list), "passed");

        let set = |list: &str, o: Value| -> Value {
            serde_json::from_str(&status_list_set_json(list, &key, &o.to_string()).unwrap())
                .unwrap()
        };
        let revoked = set(
            &list,
            json!({"index": 5, "created": "2026-01-02T00:00:00Z"}),
        );
        assert_eq!(revoked["unchanged"], false);
        let revoked_text = revoked["list"].to_string();
        assert_eq!(proof_of(&revoked_text), "passed");
        let info: Value =
            serde_json::from_str(&status_list_info_json(&revoked_text).unwrap()).unwrap();
        assert_eq!(
            info,
            json!({"id": url, "issuer": pair.controller, "purpose": "revocation", "length": 1024, "set": [5]})
        );
        let again = set(
            &revoked_text,
            json!({"index": 5, "created": "2026-01-02T00:00:00Z"}),
        );
        assert_eq!(again["unchanged"], true);
        let cleared = set(
            &revoked_text,
            json!({"index": 5, "clear": true, "created": "2026-01-03T00:00:00Z"}),
        );
        let info: Value =
            serde_json::from_str(&status_list_info_json(&cleared["list"].to_string()).unwrap())
                .unwrap();
        assert_eq!(info["set"], json!([]));

        // Another key may not change the list; an index past its end is named.
        let other = generate_key_text("").unwrap();
        let e = status_list_set_json(
            &list,
            &other,
            r#"{"index": 1, "created": "2026-01-02T00:00:00Z"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "status-list-wrong-key");
        let e = status_list_set_json(
            &list,
            &key,
            r#"{"index": 1024, "created": "2026-01-02T00:00:00Z"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code(), "status-index-out-of-range");
        let e = status_list_set_json(&list, &key, r#"{"created": "2026-01-02T00:00:00Z"}"#)
            .unwrap_err();
        assert!(e.to_string().contains("index"), "{e}");
        // The CLI's rules for lengths and URLs.
        for (o, code) in [
            (
                json!({"url": url, "length": 7, "created": "2026-01-01T00:00:00Z"}),
                "status-list-length",
            ),
            (
                json!({"url": "http://school.example/l.json", "created": "2026-01-01T00:00:00Z"}),
                "status-list-url",
            ),
            (json!({"url": url}), "bad-options"),
            (
                json!({"url": url, "created": "2026-01-01T00:00:00Z", "lenght": 8}),
                "bad-options",
            ),
        ] {
            assert_eq!(
                status_list_new_json(&key, &o.to_string())
                    .unwrap_err()
                    .code(),
                code,
                "{o}"
            );
        }
        assert_eq!(
            status_list_info_json(r#"{"credentialSubject": {}}"#)
                .unwrap_err()
                .code(),
            "status-list-malformed"
        );
    }

    #[test]
    fn a_badge_with_a_status_entry_is_revoked_by_its_list() {
        let key = generate_key_text("").unwrap();
        let issuer = serde_json::from_str::<Value>(&key).unwrap()["controller"].clone();
        let url = "https://school.example/status/1.json";
        let unsigned = add_status_json(
            &unsigned_badge(issuer.as_str().unwrap()),
            &json!({"url": url, "index": 7}).to_string(),
        )
        .unwrap();
        let with_status: Value = serde_json::from_str(&unsigned).unwrap();
        assert_eq!(
            with_status["credentialStatus"],
            status_list::entry(url, 7, Purpose::Revocation)
        );
        let signed = sign_json(&unsigned, &key, CREATED).unwrap();
        let list = status_list_new_json(
            &key,
            &json!({"url": url, "created": "2024-01-01T00:00:00Z"}).to_string(),
        )
        .unwrap();
        let revoked: Value = serde_json::from_str(
            &status_list_set_json(
                &list,
                &key,
                r#"{"index": 7, "created": "2024-01-02T00:00:00Z"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        let verdict_with = |list: &Value| {
            let mut options = kiln_core::verify::VerifyOptions::at(1_800_000_000);
            let pinned = json!({ url: list }).to_string();
            options.use_documents(
                kiln_core::verify::Documents::from_json(&pinned, &Limits::default()).unwrap(),
            );
            kiln_core::verify::verify_to_report(signed.as_bytes(), &options).to_json()["verdict"]
                .clone()
        };
        assert_eq!(
            verdict_with(&serde_json::from_str(&list).unwrap()),
            "verified"
        );
        assert_eq!(verdict_with(&revoked["list"]), "invalid");

        let e =
            add_status_json(&unsigned, &json!({"url": url, "index": 8}).to_string()).unwrap_err();
        assert_eq!(e.code(), "status-present");
        let e = add_status_json(
            &unsigned_badge("did:key:z"),
            r#"{"url": "x", "index": 1, "purpose": "fun"}"#,
        )
        .unwrap_err();
        assert!(!e.to_string().is_empty());
    }
}
