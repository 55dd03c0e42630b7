//! Turning kiln-core errors into JavaScript `Error`s with a `code`.

use kiln_core::Error;
use wasm_bindgen::JsValue;

/// A JavaScript `Error` whose message is the error's and whose `code`
/// property is its stable code (for example `bad-options`).
pub fn error(e: &Error) -> JsValue {
    let js = js_sys::Error::new(&e.to_string());
    // Setting a property on a fresh Error object cannot fail; if it ever did,
    // the message alone still reaches the caller.
    let _ = js_sys::Reflect::set(
        &js,
        &JsValue::from_str("code"),
        &JsValue::from_str(e.code().as_str()),
    );
    js.into()
}
