//! The catalog as the core sees it. One suite, three backends: these tests run natively
//! (`cargo test`) and compiled to WebAssembly in Node.js and in headless Chromium.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ai_security_navigator::catalog::{load, Entry, Problem, SourceFile, ThreatKind};
use ai_security_navigator::{builtin_catalog, catalog_document, lookup, search, ErrorCode};
use serde_json::{json, Value};

const FILES: [(&str, &str); 7] = [
    ("catalog.json", include_str!("../catalog/catalog.json")),
    ("taxonomy.json", include_str!("../catalog/taxonomy.json")),
    ("threats.json", include_str!("../catalog/threats.json")),
    ("controls.json", include_str!("../catalog/controls.json")),
    ("mappings.json", include_str!("../catalog/mappings.json")),
    ("questions.json", include_str!("../catalog/questions.json")),
    ("rules.json", include_str!("../catalog/rules.json")),
];
const THREATS: usize = 2;
const CONTROLS: usize = 3;
const MAPPINGS: usize = 4;

type Docs = [(&'static str, Value); 7];

fn files(docs: &Docs) -> Vec<(&'static str, String)> {
    docs.iter().map(|(n, v)| (*n, v.to_string())).collect()
}

/// Loads the real catalog files after `edit` has changed them; returns the problems found.
fn problems_after(edit: impl FnOnce(&mut Docs)) -> Vec<Problem> {
    let mut docs: Docs = FILES.map(|(name, text)| (name, serde_json::from_str::<Value>(text).unwrap()));
    edit(&mut docs);
    let texts = files(&docs);
    let sources: Vec<SourceFile<'_>> = texts.iter().map(|(name, text)| SourceFile { name, text }).collect();
    match load(&sources) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

fn threat_entry<'a>(docs: &'a mut Docs, id: &str) -> &'a mut Value {
    docs[THREATS].1["threats"].as_array_mut().unwrap().iter_mut().find(|t| t["id"] == id).unwrap()
}

fn control_entry<'a>(docs: &'a mut Docs, id: &str) -> &'a mut Value {
    docs[CONTROLS].1["controls"].as_array_mut().unwrap().iter_mut().find(|t| t["id"] == id).unwrap()
}

/// True when some problem is about this file, entry and field and says `message_part`.
fn has(problems: &[Problem], file: &str, entry: &str, field: &str, message_part: &str) -> bool {
    problems.iter().any(|p| {
        p.file == file && p.entry.as_deref() == Some(entry) && p.field.as_deref() == Some(field) && p.message.contains(message_part)
    })
}

#[test]
fn the_builtin_catalog_is_the_whole_ai_exchange() {
    let catalog = builtin_catalog();
    assert_eq!(catalog.version, "2026.08");
    assert_eq!(catalog.source.commit, "5413fde06349cf25d0414a182f86181bc3941929");
    assert_eq!(catalog.impacts.len(), 6);
    let count = |kind| catalog.threats.iter().filter(|t| t.kind == kind).count();
    assert_eq!((count(ThreatKind::Section), count(ThreatKind::Group), count(ThreatKind::Threat)), (3, 6, 25));
    assert_eq!(catalog.controls.len(), 55);
    assert_eq!(catalog.control_sets.len(), 5);
    let threat = catalog.threat("directpromptinjection").unwrap();
    assert_eq!((threat.code.as_ref(), threat.parent.as_deref()), ("2.2.1", Some("promptinjection")));
    assert_eq!(catalog.url("MONITORUSE"), "https://owaspai.org/go/monitoruse/");
}

#[test]
fn the_generated_catalog_equals_the_files_read_afresh() {
    let texts: Vec<SourceFile<'_>> = FILES.iter().map(|(name, text)| SourceFile { name, text }).collect();
    let fresh = load(&texts).expect("the catalog files are valid").catalog;
    assert_eq!(format!("{:?}", builtin_catalog()), format!("{fresh:?}"));
}

#[test]
fn the_document_carries_prose_relations_and_permalinks() {
    let doc: Value = serde_json::from_str(catalog_document()).expect("the document is JSON");
    assert_eq!(doc["version"], "2026.08");
    let threats = doc["threats"].as_array().unwrap();
    assert_eq!(threats.len(), 34);
    for t in threats {
        let id = t["id"].as_str().unwrap();
        assert_eq!(t["url"], format!("https://owaspai.org/go/{id}/"));
        assert!(t["summary"].as_str().is_some_and(|s| s.len() > 20), "{id} has a summary");
        for alias in t["aliases"].as_array().into_iter().flatten() {
            if let Some(old) = alias["id"].as_str() {
                assert_eq!(alias["url"], format!("https://owaspai.org/goto/{old}/"));
            }
        }
    }
    let controls = doc["controls"].as_array().unwrap();
    assert_eq!(controls.len(), 55);
    let monitor = controls.iter().find(|c| c["id"] == "MONITORUSE").unwrap();
    assert!(monitor["threats"].as_array().unwrap().contains(&json!("evasion")));
    assert!(monitor["does"].as_array().is_some_and(|d| !d.is_empty()));
    assert!(doc["mappings"]["ncscCisa"]["phases"].as_array().is_some_and(|p| p.len() == 4));
}

#[test]
fn the_seeds_terms_and_old_links_resolve_to_current_entries() {
    let catalog = builtin_catalog();
    let id = |text: &str| lookup(catalog, text).map(|e| e.id().to_string()).unwrap_or_else(|e| panic!("{text}: {e}"));
    for (term, expected) in [
        ("model theft through use", "modelexfiltration"),
        ("insecure output handling", "outputcontainsconventionalinjection"),
        ("leak sensitive input data", "inputdataleak"),
        ("denial of model service", "airesourceexhaustion"),
        ("threats through use", "inputthreats"),
        ("open-box evasion", "perfectknowledgeevasion"),
        ("#DETECTODDINPUT", "ANOMALOUSINPUTHANDLING"),
        ("#DETECTADVERSARIALINPUT", "EVASIONINPUTHANDLING"),
        ("#FILTERSENSITIVEMODELOUTPUT", "SENSITIVEOUTPUTHANDLING"),
        ("#PROMPT INJECTION I/O HANDLING", "PROMPTINJECTIONIOHANDLING"),
        ("#MONITOR USE", "MONITORUSE"),
        ("https://owaspai.org/goto/promptinputvalidation/", "PROMPTINJECTIONIOHANDLING"),
        ("https://owaspai.org/go/evasion/", "evasion"),
        ("Direct Prompt Injection", "directpromptinjection"),
    ] {
        assert_eq!(id(term), expected, "{term}");
    }
    assert!(matches!(lookup(catalog, "monitoruse").unwrap(), Entry::Control(_)));
}

#[test]
fn every_alias_resolves_to_its_own_entry() {
    let catalog = builtin_catalog();
    for t in catalog.threats.iter() {
        for a in t.aliases.iter() {
            for key in a.id.iter().chain(a.name.iter()) {
                assert_eq!(lookup(catalog, key).unwrap().id(), t.id, "alias {key}");
            }
        }
    }
    for c in catalog.controls.iter() {
        assert_eq!(lookup(catalog, &c.label).unwrap().id(), c.id);
        for a in c.aliases.iter() {
            for key in a.id.iter().chain(a.name.iter()) {
                assert_eq!(lookup(catalog, key).unwrap().id(), c.id, "alias {key}");
            }
        }
    }
}

#[test]
fn search_ranks_exact_then_prefix_then_anywhere() {
    let catalog = builtin_catalog();
    let ids = |q: &str| search(catalog, q).unwrap().iter().map(|e| e.id().to_string()).collect::<Vec<_>>();
    let found = ids("prompt injection");
    assert_eq!(found[0], "promptinjection");
    assert!(found.contains(&"directpromptinjection".to_string()));
    assert!(found.contains(&"PROMPTINJECTIONIOHANDLING".to_string()));
    assert_eq!(ids("closed-box")[0], "zeroknowledgeevasion", "older names are searched too");
    assert!(ids("").is_empty());
    assert!(ids("zzzz-nothing").is_empty());
    assert_eq!(search(catalog, &"x".repeat(5_000)).unwrap_err().code, ErrorCode::InvalidArgument);
}

#[test]
fn an_unknown_id_is_an_error_with_suggestions() {
    let catalog = builtin_catalog();
    let error = lookup(catalog, "evasoin").unwrap_err();
    assert_eq!(error.code, ErrorCode::UnknownId);
    assert_eq!(error.path.as_deref(), Some("id"));
    assert_eq!(error.allowed.first().map(String::as_str), Some("evasion"));
    assert!(error.message.contains("did you mean 'evasion'"), "{}", error.message);
    for nonsense in ["", "   ", "#", "https://owaspai.org/go/", "\u{0}\u{ffff}"] {
        assert_eq!(lookup(catalog, nonsense).unwrap_err().code, ErrorCode::UnknownId);
    }
    assert_eq!(lookup(catalog, &"x".repeat(100_000)).unwrap_err().code, ErrorCode::InvalidArgument);
}

#[test]
fn the_unedited_files_validate() {
    assert_eq!(problems_after(|_| {}), Vec::<Problem>::new());
}

#[test]
fn validation_reports_every_problem_at_once_with_file_entry_and_field() {
    let problems = problems_after(|docs| {
        threat_entry(docs, "directpromptinjection")["parent"] = json!("promptinjektion"); // dangling reference
        threat_entry(docs, "indirectpromptinjection")["impacts"] = json!(["I_MODEL", "I_MODLE"]); // unknown impact
        threat_entry(docs, "evasion").as_object_mut().unwrap().remove("summary"); // missing required field
        threat_entry(docs, "datapoison")["parnet"] = json!("x"); // unknown field (a typo)
        threat_entry(docs, "devleak")["id"] = json!("devdataleak"); // duplicate id
        threat_entry(docs, "transferattack")["inheritsControls"]["except"] = json!(["RATELIMITS"]);
        control_entry(docs, "AIPROGRAM")["groups"] = json!(["governanse"]); // unknown group
        control_entry(docs, "RATELIMIT")["essentials"] = json!("watch-io"); // wrong type
        docs[MAPPINGS].1["ncscCisa"]["phases"][0]["guidelines"][0]["controls"] = json!(["SECEDUKATE"]);
    });
    let expect = [
        ("threats.json", "threat 'directpromptinjection'", "parent", "unknown threat 'promptinjektion' (did you mean 'promptinjection'?)"),
        ("threats.json", "threat 'indirectpromptinjection'", "impacts", "unknown impact 'I_MODLE'"),
        ("threats.json", "threat 'evasion'", "summary", "required field is missing"),
        ("threats.json", "threat 'datapoison'", "parnet", "unknown field (did you mean `parent`?)"),
        ("threats.json", "threat 'devdataleak'", "id", "duplicate id"),
        ("threats.json", "threat 'transferattack'", "inheritsControls.except", "did you mean 'RATELIMIT'"),
        ("controls.json", "control 'AIPROGRAM'", "groups", "unknown control group 'governanse' (did you mean 'governance'?)"),
        ("controls.json", "control 'RATELIMIT'", "essentials", "must be a list of strings, found a string"),
        ("mappings.json", "phases[0]: guidelines[0]", "controls", "unknown control 'SECEDUKATE'"),
    ];
    for (file, entry, field, message) in expect {
        assert!(has(&problems, file, entry, field, message), "missing: {file}: {entry}: {field}: {message}\n{problems:#?}");
    }
}

#[test]
fn a_parent_cycle_is_reported() {
    let problems = problems_after(|docs| {
        threat_entry(docs, "promptinjection")["kind"] = json!("group");
        threat_entry(docs, "promptinjection")["parent"] = json!("evasion");
        threat_entry(docs, "evasion")["parent"] = json!("promptinjection");
    });
    assert!(problems.iter().any(|p| p.message.starts_with("parent cycle: ")), "{problems:#?}");
}

#[test]
fn broken_json_and_wrong_types_are_reported_not_panicked_on() {
    let files = [
        SourceFile { name: "catalog.json", text: "{ \"version\": 2026.08 " },
        SourceFile { name: "taxonomy.json", text: "[]" },
        SourceFile { name: "threats.json", text: r#"{ "threats": [ 42, { "id": 7 } ] }"# },
        SourceFile { name: "extra.json", text: "{}" },
        SourceFile { name: "mappings.json", text: "{}" },
    ];
    let problems = load(&files).unwrap_err();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for expected in [
        "taxonomy.json: the file must hold a JSON object",
        "controls.json: the file is missing",
        "threats.json: threats[0]: must be an object, found a number",
        "threats.json: threats[1]: `id`: must be a string, found a number",
    ] {
        assert!(text.iter().any(|p| p == expected), "missing: {expected}\n{text:#?}");
    }
    assert!(text.iter().any(|p| p.starts_with("catalog.json: not valid JSON") && p.contains("line 1")), "{text:#?}");
    assert!(text.iter().any(|p| p.starts_with("extra.json: unknown catalog file")));
}

/// The field names of a schema's entry definition.
fn schema_fields(schema: &str, pointer: &str) -> Vec<String> {
    let schema: Value = serde_json::from_str(schema).unwrap();
    let mut keys: Vec<String> = schema.pointer(pointer).unwrap().as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn the_schemas_and_the_reader_accept_the_same_fields() {
    use ai_security_navigator::catalog::{CONTROL_FIELDS, THREAT_FIELDS};
    let sorted = |fields: &[&str]| {
        let mut v: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    let threats = schema_fields(include_str!("../catalog/schema/threats.schema.json"), "/$defs/threat/properties");
    assert_eq!(threats, sorted(THREAT_FIELDS));
    let controls = schema_fields(include_str!("../catalog/schema/controls.schema.json"), "/$defs/control/properties");
    assert_eq!(controls, sorted(CONTROL_FIELDS));
}
