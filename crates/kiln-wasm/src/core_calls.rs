//! Every call the bindings make into kiln-core, in one place, in terms of
//! plain values (bytes, JSON text, [`serde_json::Value`]).

use kiln_core::{Limits, Result};

#[cfg(feature = "verifier")]
/// What the caller gives a verification beside the clock and the network:
/// the issuers it trusts and the documents it pins.
#[derive(Debug, Default)]
pub struct Given {
    /// The trust list (`identity`, never the verdict).
    pub trust: Option<kiln_core::verify::TrustList>,
    /// Documents in place of fetches.
    pub documents: Option<kiln_core::verify::Documents>,
}

#[cfg(feature = "verifier")]
impl Given {
    fn apply(self, options: &mut kiln_core::verify::VerifyOptions) {
        options.trust = self.trust;
        if let Some(d) = self.documents {
            options.use_documents(d);
        }
    }
}

#[cfg(feature = "verifier")]
/// The report of `kiln_core::verify::verify` with the caller's clock (Unix
/// seconds) as the contract's JSON; input that cannot be read gives the
/// `error` report of `Report::from_error`.
pub fn verify_report(input: &[u8], now: i64, given: Given) -> serde_json::Value {
    let mut options = kiln_core::verify::VerifyOptions::at(now);
    given.apply(&mut options);
    kiln_core::verify::verify_to_report(input, &options).to_json()
}

#[cfg(feature = "verifier")]
/// A document the caller fetched for an online check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchedDoc {
    /// An HTTP response: status, `Content-Type`, body.
    Response(u16, Option<String>, Vec<u8>),
    /// The request failed, with the reason.
    Failed(String),
}

#[cfg(feature = "verifier")]
/// One round of online verification: the report as JSON and the URLs the
/// checks asked for and did not have (see `kiln_core::verify::verify_round`).
/// With `online` false, or in a kiln-core without online checks, nothing is
/// asked for and the report is the offline one.
pub fn verify_round(
    input: &[u8],
    now: i64,
    online: bool,
    allow_http_localhost: bool,
    fetched: Vec<(String, FetchedDoc)>,
    last_round: bool,
    given: Given,
) -> (serde_json::Value, Vec<String>) {
    let mut options = kiln_core::verify::VerifyOptions::at(now);
    given.apply(&mut options);
    options.online = online;
    options.allow_http_localhost = allow_http_localhost;
    // Inserted one by one (a later duplicate URL wins, as with `collect`):
    // `collect` into a BTreeMap would bring in a stable sort for this type.
    for (url, doc) in fetched {
        let doc = match doc {
            FetchedDoc::Response(status, content_type, body) => {
                kiln_core::verify::Fetched::Response {
                    status,
                    content_type,
                    body,
                }
            }
            FetchedDoc::Failed(why) => kiln_core::verify::Fetched::Failed(why),
        };
        options.fetched.insert(url, doc);
    }
    match kiln_core::verify::verify_round(input, &options, last_round) {
        Ok((report, needs)) => (report.to_json(), needs),
        Err(e) => (
            kiln_core::verify::Report::from_error(&e).to_json(),
            Vec::new(),
        ),
    }
}

#[cfg(feature = "verifier")]
/// The payload baked into a PNG or SVG, exactly as baked:
/// `kiln_core::container::unbake(image, limits)?.payload`.
pub fn unbake_payload(image: &[u8], limits: &Limits) -> Result<String> {
    kiln_core::container::unbake(image, limits).map(|u| u.payload)
}

#[cfg(feature = "issuer")]
/// A new Ed25519 key as key-file JSON:
/// `kiln_core::key::KeyPair::generate()?.to_json()`.
pub fn generate_key_json() -> Result<String> {
    Ok(kiln_core::key::KeyPair::generate()?.to_json())
}

#[cfg(feature = "issuer")]
/// A key file read and written back in Kiln's form (checks it holds a
/// usable secret key): `KeyPair::from_json(json)?.to_json()`.
pub fn import_key_json(json: &str) -> Result<String> {
    Ok(kiln_core::key::KeyPair::from_json(json)?.to_json())
}

#[cfg(feature = "issuer")]
/// What a proof needs besides the document and the key.
#[derive(Debug, Clone)]
pub struct ProofRequest<'a> {
    /// Which cryptosuite.
    pub suite: kiln_core::proof::Suite,
    /// The verification method; `None` for the key's own id.
    pub verification_method: Option<&'a str>,
    /// The proof's `created` date-time.
    pub created: &'a str,
    /// The proof purpose.
    pub proof_purpose: &'a str,
}

#[cfg(feature = "issuer")]
/// The credential signed with the key in `key_json`:
/// `kiln_core::proof::create_proof(unsecured, &KeyPair::from_json(key_json)?,
/// &ProofOptions { suite, verification_method (default key.id), created,
/// proof_purpose }, &ProofEnv::default())`.
pub fn create_proof(
    unsecured: &serde_json::Value,
    key_json: &str,
    request: &ProofRequest<'_>,
) -> Result<serde_json::Value> {
    let key = kiln_core::key::KeyPair::from_json(key_json)?;
    let options = kiln_core::proof::ProofOptions {
        suite: request.suite,
        verification_method: request.verification_method.unwrap_or(&key.id).to_owned(),
        created: request.created.to_owned(),
        proof_purpose: request.proof_purpose.to_owned(),
    };
    kiln_core::proof::create_proof(
        unsecured,
        &key,
        &options,
        &kiln_core::proof::ProofEnv::default(),
    )
}

#[cfg(feature = "issuer")]
/// The image with the payload baked in: `kiln_core::container::bake(image,
/// payload, &BakeOptions { ob2 }, limits)`.
pub fn bake(image: &[u8], payload: &str, ob2: bool, limits: &Limits) -> Result<Vec<u8>> {
    let options = kiln_core::container::BakeOptions { ob2 };
    kiln_core::container::bake(image, payload, &options, limits)
}

#[cfg(feature = "issuer")]
/// The renderer with the embedded fonts, made once: `Renderer::new()`.
fn renderer() -> &'static kiln_render::Renderer {
    static RENDERER: std::sync::OnceLock<kiln_render::Renderer> = std::sync::OnceLock::new();
    RENDERER.get_or_init(kiln_render::Renderer::new)
}

#[cfg(feature = "issuer")]
/// The template's placeholder names in order of first appearance:
/// `Template::parse(svg)?.placeholders()`.
pub fn template_placeholders(svg: &str) -> Result<Vec<String>> {
    let template = kiln_render::Template::parse(svg)?;
    Ok(template.placeholders().to_vec())
}

#[cfg(feature = "issuer")]
/// The template filled with the values: `Template::parse(svg)?.fill(values)`.
pub fn fill_template(svg: &str, values: &kiln_render::Values) -> Result<String> {
    let template = kiln_render::Template::parse(svg)?;
    template.fill(values)
}

#[cfg(feature = "issuer")]
/// The template filled and rendered to a PNG `width` pixels wide, with the
/// renderer's warnings: `Renderer::new().render_png(&fill_template(..)?, width)`.
pub fn render_template(
    svg: &str,
    values: &kiln_render::Values,
    width: u32,
) -> Result<(Vec<u8>, Vec<String>)> {
    render_template_with(renderer(), svg, values, width)
}

#[cfg(feature = "issuer")]
/// [`render_template`] with another renderer (the embedded fonts and the
/// user's): `renderer.render_png(&fill_template(..)?, width)`.
pub fn render_template_with(
    renderer: &kiln_render::Renderer,
    svg: &str,
    values: &kiln_render::Values,
    width: u32,
) -> Result<(Vec<u8>, Vec<String>)> {
    let filled = fill_template(svg, values)?;
    let rendered = renderer.render_png(&filled, width)?;
    Ok((rendered.png, rendered.warnings))
}

#[cfg(feature = "issuer")]
/// A renderer with the embedded fonts and then each font file:
/// `Renderer::new().with_font(..)` for each; an error comes with the place
/// of the file at fault in `files`.
pub fn renderer_with_fonts(
    files: Vec<Vec<u8>>,
) -> std::result::Result<kiln_render::Renderer, (usize, kiln_core::Error)> {
    let mut renderer = kiln_render::Renderer::new();
    for (i, data) in files.into_iter().enumerate() {
        renderer = renderer.with_font(data).map_err(|e| (i, e))?;
    }
    Ok(renderer)
}
