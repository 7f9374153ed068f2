//! The catalog as the core sees it. One suite, three backends: these tests run natively
//! (`cargo test`) and compiled to WebAssembly in Node.js and in headless Chromium.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ai_security_navigator::catalog::{load, Problem, SourceFile, ThreatKind};
use ai_security_navigator::{builtin_catalog, lookup, Entry, ErrorCode};
use serde_json::{json, Value};

const FILES: [(&str, &str); 4] = [
    ("catalog.json", include_str!("../catalog/catalog.json")),
    ("taxonomy.json", include_str!("../catalog/taxonomy.json")),
    ("threats.json", include_str!("../catalog/threats.json")),
    ("controls.json", include_str!("../catalog/controls.json")),
];

/// Loads the real catalog files after `edit` has changed them.
fn load_edited(edit: impl FnOnce(&mut [(&'static str, Value); 4])) -> Result<(), Vec<Problem>> {
    let mut docs = FILES.map(|(name, text)| (name, serde_json::from_str::<Value>(text).unwrap()));
    edit(&mut docs);
    let texts: Vec<(&str, String)> = docs.iter().map(|(n, v)| (*n, v.to_string())).collect();
    let files: Vec<SourceFile<'_>> = texts.iter().map(|(name, text)| SourceFile { name, text }).collect();
    load(&files).map(|_| ())
}

fn threats<'a>(docs: &'a mut [(&'static str, Value); 4]) -> &'a mut Vec<Value> {
    docs[2].1["threats"].as_array_mut().unwrap()
}

fn has(problems: &[Problem], file: &str, entry: &str, field: &str, message_part: &str) -> bool {
    problems.iter().any(|p| {
        p.file == file
            && p.entry.as_deref() == Some(entry)
            && p.field.as_deref() == Some(field)
            && p.message.contains(message_part)
    })
}

#[test]
fn the_builtin_catalog_loads_with_its_version_and_source() {
    let catalog = builtin_catalog().expect("the embedded catalog is valid");
    assert_eq!(catalog.version, "2026.08");
    assert_eq!(catalog.source.commit, "5413fde06349cf25d0414a182f86181bc3941929");
    assert_eq!(catalog.impacts.len(), 6);
    assert!(catalog.threats.iter().any(|t| t.kind == ThreatKind::Section));
    let threat = catalog.threat("directpromptinjection").expect("a real threat");
    assert_eq!(threat.code, "2.2.1");
    assert_eq!(threat.parent.as_deref(), Some("promptinjection"));
    assert_eq!(threat.url, "https://owaspai.org/go/directpromptinjection/");
    assert_eq!(catalog.control("MONITORUSE").unwrap().url, "https://owaspai.org/go/monitoruse/");
}

#[test]
fn lookup_resolves_current_ids_older_names_labels_and_links() {
    let catalog = builtin_catalog().unwrap();
    let id = |text: &str| lookup(catalog, text).map(|e| e.id().to_string()).unwrap();
    assert_eq!(id("directpromptinjection"), "directpromptinjection");
    assert_eq!(id("Direct Prompt Injection"), "directpromptinjection");
    assert_eq!(id("#DETECTODDINPUT"), "ANOMALOUSINPUTHANDLING");
    assert_eq!(id("#MONITOR USE"), "MONITORUSE");
    assert_eq!(id("https://owaspai.org/goto/promptinputvalidation/"), "PROMPTINJECTIONIOHANDLING");
    assert_eq!(id("https://owaspai.org/go/inputthreats/"), "inputthreats");
    assert_eq!(id("threats through use"), "inputthreats");
    assert!(matches!(lookup(catalog, "monitoruse").unwrap(), Entry::Control(_)));
}

#[test]
fn an_unknown_id_is_an_error_with_suggestions() {
    let catalog = builtin_catalog().unwrap();
    let error = lookup(catalog, "promptinjektion").unwrap_err();
    assert_eq!(error.code, ErrorCode::UnknownId);
    assert_eq!(error.path.as_deref(), Some("id"));
    assert_eq!(error.allowed.first().map(String::as_str), Some("promptinjection"));
    assert!(error.message.contains("did you mean 'promptinjection'"), "{}", error.message);
    for nonsense in ["", "   ", "#", "https://owaspai.org/go/", &"x".repeat(100_000)] {
        assert_eq!(lookup(catalog, nonsense).unwrap_err().code, ErrorCode::UnknownId);
    }
}

#[test]
fn the_unedited_files_validate() {
    assert_eq!(load_edited(|_| {}), Ok(()));
}

#[test]
fn validation_reports_every_problem_at_once_with_file_entry_and_field() {
    let problems = load_edited(|docs| {
        let list = threats(docs);
        list[2]["parent"] = json!("promptinjektion"); // dangling reference
        list[3]["impacts"] = json!(["I_MODEL", "I_MODLE"]); // unknown impact
        list[3].as_object_mut().unwrap().remove("summary"); // missing required field
        list[1]["parnet"] = json!("x"); // unknown field (a typo)
        list.push(list[1].clone()); // duplicate id
        docs[3].1["controls"][0]["groups"] = json!(["governanse"]); // unknown group
    })
    .unwrap_err();
    assert!(has(&problems, "threats.json", "threat 'directpromptinjection'", "parent", "did you mean 'promptinjection'"), "{problems:#?}");
    assert!(has(&problems, "threats.json", "threat 'indirectpromptinjection'", "impacts", "unknown impact 'I_MODLE'"));
    assert!(has(&problems, "threats.json", "threat 'indirectpromptinjection'", "summary", "required"));
    assert!(has(&problems, "threats.json", "threat 'promptinjection'", "parnet", "did you mean `parent`"));
    assert!(has(&problems, "threats.json", "threat 'promptinjection'", "id", "duplicate id"));
    assert!(has(&problems, "controls.json", "control 'AIPROGRAM'", "groups", "did you mean 'governance'"));
    assert_eq!(problems.len(), 7, "{problems:#?}"); // the duplicate also repeats the typo
}

#[test]
fn a_parent_cycle_is_reported() {
    let problems = load_edited(|docs| {
        let list = threats(docs);
        list[1]["kind"] = json!("group");
        list[1]["parent"] = json!("indirectpromptinjection");
        list[3]["kind"] = json!("group");
    })
    .unwrap_err();
    assert!(problems.iter().any(|p| p.message.starts_with("parent cycle: promptinjection → indirectpromptinjection → promptinjection")), "{problems:#?}");
}

#[test]
fn broken_json_and_wrong_types_are_reported_not_panicked_on() {
    let files = [
        SourceFile { name: "catalog.json", text: "{ \"version\": 2026.08 " },
        SourceFile { name: "taxonomy.json", text: "[]" },
        SourceFile { name: "threats.json", text: r#"{ "threats": [ 42, { "id": 7 } ] }"# },
        SourceFile { name: "extra.json", text: "{}" },
    ];
    let problems = load(&files).unwrap_err();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|p| p.starts_with("catalog.json: not valid JSON") && p.contains("line 1")), "{text:#?}");
    assert!(text.iter().any(|p| p == "taxonomy.json: the file must hold a JSON object"));
    assert!(text.iter().any(|p| p == "controls.json: the file is missing"));
    assert!(text.iter().any(|p| p.starts_with("extra.json: unknown catalog file")));
    assert!(text.iter().any(|p| p == "threats.json: threats[0]: must be an object, found a number"));
    assert!(text.iter().any(|p| p == "threats.json: threats[1]: `id`: must be a string, found a number"));
}
