//! The WebAssembly binding as JavaScript sees it: typed errors, never a trap, and a module that
//! keeps working after an error. Runs in Node.js and in headless Chromium.
#![cfg(target_arch = "wasm32")]

use ai_security_navigator::wasm::{catalog_object, catalog_version, lookup};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn the_catalog_reaches_javascript_as_a_plain_object() {
    assert_eq!(catalog_version().unwrap(), "2026.08");
    let catalog = catalog_object().unwrap();
    assert_eq!(get(&catalog, "version").as_string().as_deref(), Some("2026.08"));
    let threats = js_sys::Array::from(&get(&catalog, "threats"));
    assert!(threats.length() >= 4);
    let first = threats.get(0);
    assert_eq!(get(&first, "id").as_string().as_deref(), Some("inputthreats"));
    assert!(get(&first, "parent").is_null());
}

#[wasm_bindgen_test]
fn lookup_returns_kind_and_entry() {
    let found = lookup(JsValue::from_str("#DETECTODDINPUT")).unwrap();
    assert_eq!(get(&found, "kind").as_string().as_deref(), Some("control"));
    assert_eq!(get(&get(&found, "entry"), "id").as_string().as_deref(), Some("ANOMALOUSINPUTHANDLING"));
}

#[wasm_bindgen_test]
fn wrong_arguments_are_typed_errors_and_the_module_keeps_working() {
    for bad in [JsValue::from_f64(42.0), JsValue::NULL, JsValue::UNDEFINED, js_sys::Object::new().into()] {
        let error = lookup(bad).unwrap_err();
        assert!(error.is_instance_of::<js_sys::Error>());
        assert_eq!(get(&error, "code").as_string().as_deref(), Some("invalid-argument"));
        assert_eq!(get(&error, "path").as_string().as_deref(), Some("id"));
        assert_eq!(get(&error, "name").as_string().as_deref(), Some("NavigatorError"));
    }
    let error = lookup(JsValue::from_str("evasoin")).unwrap_err();
    assert_eq!(get(&error, "code").as_string().as_deref(), Some("unknown-id"));
    // Still alive after every error.
    assert!(lookup(JsValue::from_str("promptinjection")).is_ok());
}
