//! The WebAssembly binding as JavaScript sees it: typed errors, never a trap, and a module that
//! keeps working after an error. Runs in Node.js and in headless Chromium.
#![cfg(target_arch = "wasm32")]

use ai_security_navigator::wasm::{catalog_object, catalog_version, lookup, search};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

#[wasm_bindgen_test]
fn the_catalog_reaches_javascript_as_a_plain_object() {
    assert_eq!(catalog_version().unwrap(), "2026.08");
    let catalog = catalog_object().unwrap();
    assert_eq!(text(&catalog, "version").as_deref(), Some("2026.08"));
    let threats = Array::from(&get(&catalog, "threats"));
    assert_eq!(threats.length(), 34);
    let first = threats.get(0);
    assert_eq!(text(&first, "id").as_deref(), Some("inputthreats"));
    assert_eq!(text(&first, "url").as_deref(), Some("https://owaspai.org/go/inputthreats/"));
    assert!(get(&first, "parent").is_null());
    assert_eq!(Array::from(&get(&catalog, "controls")).length(), 55);
}

#[wasm_bindgen_test]
fn lookup_and_search_return_kind_and_id() {
    let found = lookup(JsValue::from_str("#DETECTODDINPUT")).unwrap();
    assert_eq!(text(&found, "kind").as_deref(), Some("control"));
    assert_eq!(text(&found, "id").as_deref(), Some("ANOMALOUSINPUTHANDLING"));
    let results = search(JsValue::from_str("model theft")).unwrap();
    assert!(results.length() >= 1);
    assert_eq!(text(&results.get(0), "id").as_deref(), Some("modelexfiltration"));
}

#[wasm_bindgen_test]
fn wrong_arguments_are_typed_errors_and_the_module_keeps_working() {
    let bad_values: [JsValue; 4] = [JsValue::from_f64(42.0), JsValue::NULL, JsValue::UNDEFINED, js_sys::Object::new().into()];
    for bad in bad_values.iter() {
        for (result, path) in [(lookup(bad.clone()).map(|_| ()), "id"), (search(bad.clone()).map(|_| ()), "query")] {
            let error = result.unwrap_err();
            assert!(error.is_instance_of::<js_sys::Error>());
            assert_eq!(text(&error, "code").as_deref(), Some("invalid-argument"));
            assert_eq!(text(&error, "path").as_deref(), Some(path));
            assert_eq!(text(&error, "name").as_deref(), Some("NavigatorError"));
        }
    }
    let error = lookup(JsValue::from_str("evasoin")).unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("unknown-id"));
    assert_eq!(Array::from(&get(&error, "allowed")).get(0).as_string().as_deref(), Some("evasion"));
    // Still alive after every error.
    assert!(lookup(JsValue::from_str("promptinjection")).is_ok());
}
