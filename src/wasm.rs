//! The WebAssembly binding: converts arguments, results and errors, and nothing else.
//!
//! Every export returns `Result`, and no input can make it panic (a panic would poison the
//! instance for the rest of the page). Arguments arrive as `JsValue` and are type-checked here.
//! Errors reach JavaScript as `Error` objects with a stable `code`, the `path` of the offending
//! argument, and the `allowed` values where they help; `www/navigator.js` turns them into
//! `NavigatorError`s.

use crate::{builtin_catalog, catalog::Entry, catalog_document, Error, ErrorCode};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Defining a data property on a plain object or a fresh Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn to_js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("NavigatorError");
    let allowed: Array = error.allowed.iter().map(|a| JsValue::from_str(a)).collect();
    set(&js, "code", &error.code.as_str().into());
    set(&js, "path", &error.path.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&js, "allowed", &allowed);
    js.into()
}

fn text_argument(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        let found = if value.is_null() { "null".into() } else { value.js_typeof().as_string().unwrap_or_default() };
        to_js_error(Error::new(ErrorCode::InvalidArgument, format!("`{name}` must be a string, found {found}")).at(name))
    })
}

/// `{ kind: "threat" | "control", id }`
fn entry_ref(entry: Entry<'_>) -> JsValue {
    let object: JsValue = Object::new().into();
    set(&object, "kind", &entry.kind().into());
    set(&object, "id", &entry.id().into());
    object
}

/// The version of the built-in catalog, e.g. `2026.08`.
#[wasm_bindgen(js_name = catalogVersion)]
pub fn catalog_version() -> Result<String, JsValue> {
    Ok(builtin_catalog().version.to_string())
}

/// The catalog document: every threat and control with prose, relations, aliases, mappings.
#[wasm_bindgen(js_name = catalog)]
pub fn catalog_object() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(catalog_document())
        .map_err(|_| to_js_error(Error::new(ErrorCode::InvalidCatalog, "the built-in catalog document is not valid JSON")))
}

/// Finds a threat or control by id, older id or name, label or permalink: `{ kind, id }`.
#[wasm_bindgen]
pub fn lookup(id: JsValue) -> Result<JsValue, JsValue> {
    let text = text_argument(&id, "id")?;
    crate::lookup(builtin_catalog(), &text).map(entry_ref).map_err(to_js_error)
}

/// Threats and controls matching `query` by id, name, label or alias, best first: `[{ kind, id }]`.
#[wasm_bindgen]
pub fn search(query: JsValue) -> Result<Array, JsValue> {
    let text = text_argument(&query, "query")?;
    let found = crate::search(builtin_catalog(), &text).map_err(to_js_error)?;
    Ok(found.into_iter().map(entry_ref).collect())
}
