//! The `qr` module: QR codes of verification links for printed certificates,
//! loaded by the verify page only when it prints (never part of the verifier).

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::js;

/// A QR code of `text` as SVG: `{ svg, version, modules, printMm }`, at
/// error correction level L and at most the version that prints legibly at
/// 5 cm (`maxPrintVersion()`); `printMm` is the width to print the symbol at
/// (0.4 mm a module, at least 3 cm; the quiet zone around it not counted).
/// A longer text is an `Error` with code `qr-too-long` whose message says
/// how long it is and what fits.
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(text: &str) -> Result<JsValue, JsValue> {
    let qr = kiln_core::qr::qr_svg(text).map_err(|e| js::error(&e))?;
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &JsValue::from_str("svg"), &JsValue::from_str(&qr.svg))?;
    js_sys::Reflect::set(
        &out,
        &JsValue::from_str("version"),
        &JsValue::from(qr.version),
    )?;
    let modules = u32::try_from(qr.modules).unwrap_or(u32::MAX);
    js_sys::Reflect::set(&out, &JsValue::from_str("modules"), &JsValue::from(modules))?;
    let mm = u32::try_from(kiln_core::qr::print_mm(qr.modules)).unwrap_or(u32::MAX);
    js_sys::Reflect::set(&out, &JsValue::from_str("printMm"), &JsValue::from(mm))?;
    Ok(out.into())
}

/// The QR version (1 to 40) `text` needs at level L, or `undefined` when no
/// QR code holds it; for measuring links, without the print limit.
#[wasm_bindgen(js_name = qrVersion)]
pub fn qr_version(text: &str) -> Option<i16> {
    kiln_core::qr::qr_version(text)
}

/// The largest QR version the pages print (legible at 5 cm).
#[wasm_bindgen(js_name = maxPrintVersion)]
pub fn max_print_version() -> i16 {
    kiln_core::qr::MAX_PRINT_VERSION
}
