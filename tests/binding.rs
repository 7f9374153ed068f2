//! The WebAssembly binding as JavaScript sees it: typed errors, never a trap, and a module that
//! keeps working after an error. Runs in Node.js and in headless Chromium.
#![cfg(target_arch = "wasm32")]

use ai_security_navigator::wasm::{
    catalog_object, catalog_version, lookup, read_share_link, search, share_link, validate_catalog, validate_overlay, with_overlay,
};
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

const ACME: &str = include_str!("../examples/overlay/acme.json");

#[wasm_bindgen_test]
fn with_overlay_gives_a_catalog_whose_methods_mirror_the_free_functions() {
    // As text and as an object.
    let custom = with_overlay(JsValue::from_str(ACME)).unwrap();
    let object = js_sys::JSON::parse(ACME).unwrap();
    let again = with_overlay(object).unwrap();
    assert_eq!(custom.catalog_version().unwrap(), "2026.08");
    let doc = again.catalog_object().unwrap();
    assert_eq!(text(&get(&doc, "overlay"), "name").as_deref(), Some("ACME AI policy"));
    let controls = Array::from(&get(&doc, "controls"));
    assert!(controls.iter().any(|c| text(&c, "id").as_deref() == Some("ACMEPROMPTGATEWAY") && get(&c, "overlay") == JsValue::TRUE));
    let found = custom.lookup(JsValue::from_str("#ACMEPROMPTGATEWAY")).unwrap();
    assert_eq!(text(&found, "id").as_deref(), Some("ACMEPROMPTGATEWAY"));
    assert_eq!(text(&custom.lookup(JsValue::from_str("agentescape")).unwrap_err(), "code").as_deref(), Some("unknown-id"));
    let assessment =
        JsValue::from_str(r#"{ "answers": { "model_type": "genai_llm", "acme_review_board": "yes" }, "risks": { "agentescape": {} } }"#);
    assert_eq!(custom.validate(assessment.clone()).unwrap().length(), 0);
    // The result comes compact, [numbers, text] (www/navigator.js rebuilds the objects; the
    // JavaScript tests compare them with the JSON result): the overlay's control is in the text.
    let result = custom.assess(assessment.clone(), JsValue::from_f64(0.0)).unwrap();
    assert!(result.get(0).is_instance_of::<js_sys::Uint32Array>());
    assert!(result.get(1).as_string().unwrap().contains("ACMEPROMPTGATEWAY"));
    assert_eq!(text(&custom.assess(assessment.clone(), JsValue::from_f64(-1.0)).unwrap_err(), "code").as_deref(), Some("invalid-argument"));
    assert!(custom.report(assessment.clone(), JsValue::from_str("md"), JsValue::UNDEFINED).unwrap().contains("ACME prompt gateway"));
    assert_eq!(
        text(&custom.explain(JsValue::from_str("ACMEPROMPTGATEWAY"), assessment.clone()).unwrap(), "kind").as_deref(),
        Some("control")
    );
    assert!(custom.diagram(JsValue::from_str("navigator")).is_ok());
    assert!(custom.diagram_svg(JsValue::from_str("periodic"), assessment.clone()).unwrap().starts_with("<svg"));
    assert!(custom.diff(assessment.clone(), assessment.clone()).is_ok());
    assert!(custom.search(JsValue::from_str("prompt gateway")).unwrap().length() >= 1);
    // The built-in functions do not know the overlay's question.
    assert!(crate_validate(assessment).length() > 0);
}

fn crate_validate(assessment: JsValue) -> Array {
    ai_security_navigator::wasm::validate(assessment).unwrap()
}

#[wasm_bindgen_test]
fn bad_overlays_are_typed_errors_with_every_problem() {
    let broken = include_str!("../examples/overlay/broken.json");
    let error = with_overlay(JsValue::from_str(broken)).err().unwrap();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&error, "code").as_deref(), Some("invalid-overlay"));
    assert_eq!(text(&error, "path").as_deref(), Some("overlay"));
    let message = text(&error, "message").unwrap();
    assert!(
        message.starts_with("the overlay has problems: overlay: `catalgo`: unknown field") && message.ends_with("(and 10 more problems)"),
        "{message}"
    );
    let problems = Array::from(&get(&error, "problems"));
    assert_eq!(problems.length(), 11);
    let listed = validate_overlay(JsValue::from_str(broken)).unwrap();
    assert_eq!(listed.length(), 11);
    let first = listed.get(1);
    assert_eq!(text(&first, "file").as_deref(), Some("overlay"));
    assert_eq!(text(&first, "entry").as_deref(), Some("control 'ACMEMODELREGISTER'"));
    assert_eq!(text(&first, "field").as_deref(), Some("group"));
    assert!(get(&listed.get(0), "entry").is_null());
    assert_eq!(validate_overlay(JsValue::from_str(ACME)).unwrap().length(), 0);
    // Wrong types are invalid-argument, never a trap.
    for bad in [JsValue::from_f64(1.0), JsValue::NULL, JsValue::UNDEFINED, JsValue::TRUE] {
        let error = with_overlay(bad.clone()).err().unwrap();
        assert_eq!(text(&error, "code").as_deref(), Some("invalid-argument"));
        assert_eq!(text(&error, "path").as_deref(), Some("overlay"));
        assert_eq!(text(&validate_overlay(bad).unwrap_err(), "code").as_deref(), Some("invalid-argument"));
    }
    let not_json = validate_overlay(JsValue::from_str("{")).unwrap();
    assert!(text(&not_json.get(0), "message").unwrap().contains("line 1, column 2"));
    let custom = with_overlay(JsValue::from_str(ACME)).unwrap();
    assert_eq!(text(&custom.diagram(JsValue::from_f64(3.0)).unwrap_err(), "code").as_deref(), Some("invalid-argument"));
    assert_eq!(
        text(&custom.assess(JsValue::from_str("{}"), JsValue::from_f64(0.0)).unwrap_err(), "code").as_deref(),
        Some("invalid-assessment")
    );
    assert!(lookup(JsValue::from_str("agentescape")).is_ok(), "the built-in catalog is unchanged");
}

#[wasm_bindgen_test]
fn share_links_round_trip_and_damage_is_a_typed_error() {
    let chatbot = JsValue::from_str(include_str!("../examples/support-chatbot.json"));
    let link = share_link(chatbot).unwrap();
    assert!(link.starts_with("#share=1.2026.08.1121--1000001-00."), "{link}");
    let file = read_share_link(JsValue::from_str(&link)).unwrap();
    assert_eq!(text(&file, "format").as_deref(), Some("ai-security-navigator/assessment@1"));
    assert_eq!(text(&get(&file, "answers"), "model_type").as_deref(), Some("genai_llm"));
    assert_eq!(text(&get(&file, "system"), "name").as_deref(), Some("Support chatbot"));
    assert_eq!(get(&get(&get(&file, "risks"), "directpromptinjection"), "likelihood").as_f64(), Some(4.0));
    let custom = with_overlay(JsValue::from_str(ACME)).unwrap();
    assert_eq!(
        custom.share_link(JsValue::from_str(r#"{"answers": {"acme_review_board": "no"}}"#)).unwrap(),
        format!("#share=1.2026.08.{}1-", "-".repeat(16))
    );
    assert!(custom.read_share_link(JsValue::from_str(&link)).is_ok());

    let damaged = read_share_link(JsValue::from_str("#share=1.2026.08.z")).unwrap_err();
    assert_eq!(text(&damaged, "code").as_deref(), Some("invalid-share-link"));
    assert_eq!(text(&damaged, "path").as_deref(), Some("answers.model_type"));
    let invalid = read_share_link(JsValue::from_str("#share=1.2026.08.0.eyJyaXNrcyI6eyJldmFzaW9uIjp7Imxpa2VsaWhvb2QiOjl9fX0")).unwrap_err();
    assert_eq!(text(&invalid, "code").as_deref(), Some("invalid-assessment"));
    assert_eq!(Array::from(&get(&invalid, "problems")).length(), 1);
    for bad in [JsValue::from_f64(1.0), JsValue::NULL, JsValue::UNDEFINED, js_sys::Object::new().into()] {
        assert_eq!(text(&read_share_link(bad.clone()).unwrap_err(), "code").as_deref(), Some("invalid-argument"));
    }
    assert_eq!(text(&share_link(JsValue::TRUE).unwrap_err(), "code").as_deref(), Some("invalid-argument"));
}

#[wasm_bindgen_test]
fn a_getter_that_throws_is_an_error_not_an_exception_through_the_module() {
    let files = js_sys::Object::new();
    let getter = js_sys::Function::new_no_args("throw new Error('no')");
    let descriptor = js_sys::Object::new();
    Reflect::set(&descriptor, &JsValue::from_str("get"), &getter).unwrap();
    Reflect::set(&descriptor, &JsValue::from_str("enumerable"), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(&files, &JsValue::from_str("threats.json"), &descriptor);
    let error = validate_catalog(files.into()).unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("invalid-argument"));
    assert!(lookup(JsValue::from_str("evasion")).is_ok());
}
