//! The WebAssembly binding: converts arguments, results and errors, and nothing else.
//!
//! Every export returns `Result`, and no input can make it panic (a panic would poison the
//! instance for the rest of the page). Errors reach JavaScript as `Error` objects with a stable
//! `code`, the `path` of the offending argument, and the `allowed` values where they help;
//! `www/navigator.js` turns them into `NavigatorError`s.

use crate::{builtin_catalog, catalog::Entry, lookup as core_lookup, Error, ErrorCode};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("NavigatorError");
    let allowed: js_sys::Array = error.allowed.iter().map(|a| JsValue::from_str(a)).collect();
    let path = error.path.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    // Setting plain data properties on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&js, &"code".into(), &error.code.as_str().into());
    let _ = js_sys::Reflect::set(&js, &"path".into(), &path);
    let _ = js_sys::Reflect::set(&js, &"allowed".into(), &allowed);
    js.into()
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(Error::new(ErrorCode::InvalidArgument, format!("cannot convert the result: {e}"))))
}

fn text_argument(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        let found = value.js_typeof().as_string().unwrap_or_default();
        let found = if value.is_null() { "null".to_string() } else { found };
        to_js_error(Error::new(ErrorCode::InvalidArgument, format!("`{name}` must be a string, found {found}")).at(name))
    })
}

/// The version of the built-in catalog, e.g. `2026.08`.
#[wasm_bindgen(js_name = catalogVersion)]
pub fn catalog_version() -> Result<String, JsValue> {
    builtin_catalog().map(|c| c.version.clone()).map_err(to_js_error)
}

/// The whole built-in catalog as a plain object.
#[wasm_bindgen(js_name = catalog)]
pub fn catalog_object() -> Result<JsValue, JsValue> {
    to_js(builtin_catalog().map_err(to_js_error)?)
}

#[derive(Serialize)]
#[serde(tag = "kind", content = "entry", rename_all = "lowercase")]
enum Found<'a> {
    Threat(&'a crate::catalog::Threat),
    Control(&'a crate::catalog::Control),
}

/// Finds a threat or control by id, older id or name, label or permalink:
/// `{ kind: "threat" | "control", entry }`.
#[wasm_bindgen]
pub fn lookup(id: JsValue) -> Result<JsValue, JsValue> {
    let text = text_argument(&id, "id")?;
    let catalog = builtin_catalog().map_err(to_js_error)?;
    match core_lookup(catalog, &text).map_err(to_js_error)? {
        Entry::Threat(t) => to_js(&Found::Threat(t)),
        Entry::Control(c) => to_js(&Found::Control(c)),
    }
}
