//! Turning kiln-core errors into JavaScript `Error`s with a `code`, and the
//! browser's clock.
//!
//! The few JavaScript built-ins the verifier module calls are declared here
//! rather than taken from js-sys: js-sys's every binding is linked into the
//! module with its descriptor, and those of callbacks keep a WebAssembly shim
//! for each callback type (43 of them: the module is 1,013 bytes gzipped
//! smaller without js-sys), though the verifier calls none. The issuer and
//! QR modules use js-sys as before.

use kiln_core::Error;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `Error`.
    #[wasm_bindgen(js_name = Error)]
    type JsError;

    /// `new Error(message)`.
    #[wasm_bindgen(constructor, js_class = "Error")]
    fn new(message: &str) -> JsError;

    /// `error.code = code`.
    #[wasm_bindgen(method, setter = code, js_class = "Error")]
    fn set_code(this: &JsError, code: &str);

    /// `Date.now()`: milliseconds since the epoch.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// A JavaScript `Error` whose message is the error's and whose `code`
/// property is its stable code (for example `bad-options`).
pub fn error(e: &Error) -> JsValue {
    let js = JsError::new(&e.to_string());
    js.set_code(e.code().as_str());
    js.into()
}

/// The browser's clock: `Date.now()`, in milliseconds.
#[cfg(feature = "verifier")]
pub fn now_ms() -> f64 {
    date_now()
}
