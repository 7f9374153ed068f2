//! Custom catalog overlays: reading them with precise problems, and the merged catalog that every
//! function then uses. Runs natively and compiled to WebAssembly (Node.js and Chromium).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ai_security_navigator::catalog::{load, Entry, Problem, SourceFile};
use ai_security_navigator::overlay::{self, Custom};
use ai_security_navigator::{assess, assessment, builtin_catalog, catalog_document, explain, layout, lookup, search, with_overlay};
use serde_json::{json, Value};

const ACME: &str = include_str!("../examples/overlay/acme.json");
const BROKEN: &str = include_str!("../examples/overlay/broken.json");

fn acme() -> Custom {
    with_overlay(ACME).unwrap_or_else(|problems| panic!("the example overlay applies: {problems:#?}"))
}

fn problems(text: &str) -> Vec<Problem> {
    overlay::validate(builtin_catalog(), text)
}

/// An overlay with `extra` merged into a minimal valid one.
fn with(extra: Value) -> String {
    let mut base = json!({ "format": "ai-security-navigator/overlay@1", "name": "Test" });
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base.to_string()
}

fn has(found: &[Problem], entry: Option<&str>, field: Option<&str>, message: &str) -> bool {
    found.iter().any(|p| p.file == "overlay" && p.entry.as_deref() == entry && p.field.as_deref() == field && p.message.contains(message))
}

fn assert_has(found: &[Problem], entry: Option<&str>, field: Option<&str>, message: &str) {
    assert!(has(found, entry, field, message), "expected {entry:?} {field:?} '{message}'\nfound {found:#?}");
}

#[test]
fn the_example_overlay_applies() {
    let custom = acme();
    let c = &custom.catalog;
    let builtin = builtin_catalog();
    assert_eq!(c.controls.len(), builtin.controls.len() + 2 - 1);
    assert_eq!(c.threats.len(), builtin.threats.len() - 1);
    assert_eq!(c.questions.len(), builtin.questions.len() + 2);
    // Overlay questions come after the built-in ones, in their order.
    let ids: Vec<&str> = c.questions.iter().map(|q| q.id.as_ref()).collect();
    assert_eq!(&ids[..builtin.questions.len()], builtin.questions.iter().map(|q| q.id.as_ref()).collect::<Vec<_>>().as_slice());
    assert_eq!(&ids[builtin.questions.len()..], ["acme_review_board", "acme_data_class"]);
    let control = c.control("ACMEMODELREGISTER").unwrap();
    assert_eq!(
        (control.label.as_ref(), control.groups.as_ref()),
        ("#ACMEMODELREGISTER", [std::borrow::Cow::Borrowed("governance")].as_slice())
    );
    assert!(c.threat("supplymodelpoison").unwrap().controls.iter().any(|x| x == "ACMEMODELREGISTER"));
    assert_eq!(c.url("ACMEMODELREGISTER"), "https://intranet.example/policy/ai-7");
    assert_eq!(c.url("ACMEPROMPTGATEWAY"), "");
    assert_eq!(c.url("MONITORUSE"), "https://owaspai.org/go/monitoruse/");
    assert!(c.is_hidden("agentescape") && c.is_hidden("ADVERSARIALROBUSTDISTILLATION"));

    // The document: the overlay's controls, notes, mappings, questions and summary.
    let doc: Value = serde_json::from_str(&custom.document).unwrap();
    let register = doc["controls"].as_array().unwrap().iter().find(|x| x["id"] == "ACMEMODELREGISTER").unwrap();
    assert_eq!(register["overlay"], true);
    assert_eq!(register["category"], "organisation control");
    assert_eq!(register["url"], "https://intranet.example/policy/ai-7");
    assert_eq!(register["threats"], json!(["modelpoison", "supplymodelpoison"]));
    assert_eq!(register["overlayNotes"], json!(["The inventory lives in the CMDB under the class 'AI model'."]));
    assert_eq!(
        register["overlayMappings"][0],
        json!({ "mapping": "ACME information security policy", "id": "POL-7.2", "name": "AI supply chain" })
    );
    let gateway = doc["controls"].as_array().unwrap().iter().find(|x| x["id"] == "ACMEPROMPTGATEWAY").unwrap();
    assert_eq!(gateway["url"], Value::Null);
    let dpi = doc["threats"].as_array().unwrap().iter().find(|x| x["id"] == "directpromptinjection").unwrap();
    assert!(dpi["controls"].as_array().unwrap().contains(&json!("ACMEPROMPTGATEWAY")));
    assert!(dpi["overlayNotes"][0].as_str().unwrap().starts_with("Our prompt gateway"));
    assert_eq!(doc["mappings"]["overlay"][0]["items"][1]["id"], "POL-7.4");
    let questions = doc["questions"].as_array().unwrap();
    assert_eq!(questions.last().unwrap()["id"], "acme_data_class");
    assert_eq!(questions.last().unwrap()["overlay"], true);
    assert_eq!(questions.last().unwrap()["askWhen"], json!({ "acme_review_board": ["yes"] }));
    assert_eq!(
        doc["overlay"],
        json!({ "name": "ACME AI policy", "version": "2026-11", "description": doc["overlay"]["description"], "catalog": "2026.08",
                "controls": 2, "questions": 2, "notes": 2, "mappings": 1, "hidden": ["agentescape", "ADVERSARIALROBUSTDISTILLATION"] })
    );
}

#[test]
fn hidden_entries_are_gone_everywhere() {
    let custom = acme();
    let c = &custom.catalog;
    assert!(c.threat("agentescape").is_none() && c.control("ADVERSARIALROBUSTDISTILLATION").is_none());
    assert!(lookup(c, "agentescape").is_err());
    assert!(lookup(c, "#ADVERSARIAL ROBUST DISTILLATION").is_err());
    assert!(search(c, "agentescape").unwrap().is_empty());
    for t in c.threats.iter() {
        let lists = [Some(&t.controls), t.periodic_table_controls.as_ref(), t.inherits_controls.as_ref().map(|i| &i.except)];
        assert!(lists.into_iter().flatten().all(|l| l.iter().all(|x| x != "ADVERSARIALROBUSTDISTILLATION")), "{}", t.id);
    }
    assert!(c.rules.iter().all(|r| r.threats.iter().all(|x| x != "agentescape")));
    let result = assess(c, &assessment::AssessmentFile::with_answers(&[("model_type", "genai_llm"), ("agent_actions", "yes")]));
    assert!(result.threat("agentescape").is_none());
    assert!(result.control("ADVERSARIALROBUSTDISTILLATION").is_none());
    for view in layout::VIEWS {
        let l = layout::layout(c, view).unwrap();
        assert!(l.nodes.iter().all(|n| n.entry != "agentescape" && n.entry != "ADVERSARIALROBUSTDISTILLATION"), "{view}");
        assert!(l.edges.iter().all(|e| !e.from.contains("agentescape") && !e.to.contains("ADVERSARIALROBUSTDISTILLATION")), "{view}");
    }
    // The document no longer mentions them, not even in reverse lists or mappings.
    assert!(
        !custom.document.contains("\"agentescape\"") || custom.document.matches("\"agentescape\"").count() == 1,
        "only in overlay.hidden"
    );
    assert!(
        !custom.document.contains("\"ADVERSARIALROBUSTDISTILLATION\"")
            || custom.document.matches("\"ADVERSARIALROBUSTDISTILLATION\"").count() == 1
    );
}

#[test]
fn the_engine_ranks_overlay_controls_and_lists_what_they_cover() {
    let custom = acme();
    let c = &custom.catalog;
    let file = assessment::AssessmentFile::with_answers(&[("model_type", "genai_llm"), ("public_input", "yes"), ("training", "train")]);
    let result = assess(c, &file);
    let gateway = result.control("ACMEPROMPTGATEWAY").unwrap();
    assert!(gateway.rank.is_some(), "{gateway:?}");
    assert!(gateway.covers.iter().any(|t| t == "directpromptinjection"), "{gateway:?}");
    // Named through its group, the registry covers every threat under `modelpoison`.
    let register = result.control("ACMEMODELREGISTER").unwrap();
    assert!(register.covers.iter().any(|t| t == "datapoison"), "{register:?}");
    let e: Value = serde_json::from_str(&explain(c, &file, "ACMEPROMPTGATEWAY").unwrap()).unwrap();
    assert_eq!(e["kind"], "control");
    assert_eq!(e["url"], "");
    let md = ai_security_navigator::report::markdown(c, &file, &result, "2026-11-25");
    assert!(md.contains("Route all LLM traffic through the ACME prompt gateway"));
    let svg = ai_security_navigator::svg::svg(c, &layout::layout(c, "navigator").unwrap(), Some((&result, "x")));
    assert!(svg.contains("ACME prompt"), "the overlay control is drawn");
    for view in layout::VIEWS {
        let l = layout::layout(c, view).unwrap();
        if view == "navigator" {
            assert!(l.nodes.iter().any(|n| n.entry == "ACMEPROMPTGATEWAY"));
            assert!(l.edges.iter().any(|e| e.from == "threat:directpromptinjection" && e.to == "control:ACMEPROMPTGATEWAY"));
        }
    }
}

#[test]
fn assessments_naming_hidden_entries_still_open_and_overlay_questions_are_answers() {
    let custom = acme();
    let c = &custom.catalog;
    let text = r#"{ "answers": { "model_type": "genai_llm", "acme_review_board": "yes", "acme_data_class": "internal" },
                   "risks": { "agentescape": { "likelihood": 2 }, "evasion": { "impact": 3 } },
                   "controls": { "ADVERSARIALROBUSTDISTILLATION": { "status": "planned" }, "ACMEPROMPTGATEWAY": { "status": "implemented" } } }"#;
    let (file, errors) = assessment::read(text, c);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(file.answer("acme_data_class"), Some("internal"));
    assert!(file.risk("agentescape").is_none() && file.risk("evasion").is_some());
    assert_eq!(file.controls.len(), 1);
    // The built-in catalog knows neither the overlay's questions nor its controls.
    let (_, errors) = assessment::read(text, builtin_catalog());
    assert!(errors.iter().any(|e| e.path.as_deref() == Some("answers.acme_review_board")));
    assert!(errors.iter().any(|e| e.path.as_deref() == Some("controls.ACMEPROMPTGATEWAY")));
    // Unknown questions and options are still rejected, with the overlay's in the suggestions.
    let (_, errors) = assessment::read(r#"{ "answers": { "acme_review_bord": "yes", "acme_data_class": "secret" } }"#, c);
    assert!(
        errors
            .iter()
            .any(|e| e.path.as_deref() == Some("answers.acme_review_bord") && e.message.contains("did you mean `acme_review_board`?")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.path.as_deref() == Some("answers.acme_data_class") && e.message.contains("public, internal, confidential, unknown")),
        "{errors:#?}"
    );
    // A skipped overlay question counts as its whenNotAsked.
    let (file, _) = assessment::read(r#"{ "answers": { "acme_review_board": "no" } }"#, c);
    assert!(assess(c, &file).follow_ups.iter().all(|f| f.question != "acme_data_class"));
}

#[test]
fn each_mistake_in_the_broken_example_is_reported_where_it_is() {
    let found = problems(BROKEN);
    assert_has(&found, None, Some("catalgo"), "unknown field (did you mean `catalog`?); allowed: format, name");
    assert_has(
        &found,
        Some("control 'ACMEMODELREGISTER'"),
        Some("group"),
        "unknown control group 'governanse' (did you mean 'governance'?); allowed: governance,",
    );
    assert_has(&found, Some("control 'ACMEMODELREGISTER'"), Some("threats"), "unknown threat 'datapoisson' (did you mean 'datapoison'?)");
    assert_has(&found, Some("control 'MONITORUSE'"), Some("id"), "clashes with the control 'MONITORUSE' of the catalog");
    assert_has(&found, Some("control 'MONITORUSE'"), Some("url"), "must be an https:// address");
    assert_has(
        &found,
        Some("mapping 'acme-policy' item 'POL-1'"),
        Some("controls"),
        "unknown control 'ACMEMODELREGISTR' (did you mean 'ACMEMODELREGISTER'?)",
    );
    assert_has(&found, Some("mapping 'acme-policy' item 'POL-1'"), Some("threats"), "'agentescape' is hidden by `hide`");
    assert_has(&found, Some("notes[0]"), Some("txt"), "unknown field (did you mean `text`?); allowed: entry, text");
    assert_has(&found, Some("notes[0]"), Some("text"), "required field is missing");
    assert_has(&found, Some("question 'model_type'"), Some("id"), "already a question of the catalog");
    assert_has(&found, None, Some("hide"), "'evasion' is a group; only threats (kind threat) and controls can be hidden");
    assert_eq!(found.len(), 11, "{found:#?}");
    let error = with_overlay(BROKEN).unwrap_err();
    assert_eq!(error, found);
    assert!(found[0].to_string().starts_with("overlay: "), "{}", found[0]);
}

#[test]
fn more_mistakes_are_reported_precisely() {
    let found = problems(&with(json!({
        "format": "ai-security-navigator/overlay@2",
        "name": "",
        "version": "x".repeat(41),
        "catalog": "2026-08",
        "controls": [
            { "id": "acme", "name": "n", "summary": "s", "group": "governance", "threats": [] },
            { "id": "PROMPTINJECTIONIOHANDLING2", "name": "n", "summary": "s", "group": "governance", "threats": ["threatsuse"], "colour": "red" },
            { "id": "PROMPTINJECTIONIOHANDLING2", "name": "n", "summary": "s", "group": "governance", "threats": ["evasion", "evasion"] },
            { "id": "DETECTODDINPUT", "name": "n", "summary": "s", "group": "governance", "threats": ["evasion"] }
        ],
        "mappings": [ { "id": "Policy", "name": "P", "items": [ { "id": "1", "name": "x" } ] }, { "id": "p2", "name": "P", "items": [] } ],
        "notes": [ { "entry": "MONITORUS", "text": "t" } ],
        "questions": [
            { "id": "Acme", "text": "?", "options": "yes-no" },
            { "id": "acme_q", "text": "?", "options": [ { "value": "unknown", "label": "U" } ], "askWhen": { "acme_q": ["yes"] } },
            { "id": "acme_r", "text": "?", "options": "yes-no", "askWhen": { "model_typ": ["x"], "training": ["retrain"] }, "whenNotAsked": "maybe" },
            { "id": "acme_s", "text": "?", "options": "yes-no", "whenNotAsked": "no" }
        ],
        "hide": ["MONITORUSE", "MONITORUSE", "PROMPTINJECTIONIOHANDLING2", "mdoelexfiltration", "inputthreats"]
    })));
    let q = |id: &str| format!("question '{id}'");
    assert_has(&found, None, Some("format"), "unsupported format \"ai-security-navigator/overlay@2\"; this version reads");
    assert_has(&found, None, Some("name"), "must not be empty");
    assert_has(&found, None, Some("version"), "at most 40 characters, found 41");
    assert_has(&found, None, Some("catalog"), "'2026-08' is not a catalog version like 2026.08");
    assert_has(&found, Some("control 'acme'"), Some("id"), "must be 3 to 40 capital letters and digits");
    assert_has(&found, Some("control 'acme'"), Some("threats"), "list at least one threat");
    assert_has(&found, Some("control 'PROMPTINJECTIONIOHANDLING2'"), Some("colour"), "unknown field; allowed: id, name, summary");
    assert_has(
        &found,
        Some("control 'PROMPTINJECTIONIOHANDLING2'"),
        Some("threats"),
        "'threatsuse' is an older id or a name; use the current id 'inputthreats'",
    );
    assert_has(&found, Some("control 'PROMPTINJECTIONIOHANDLING2'"), Some("id"), "duplicate id");
    assert_has(&found, Some("control 'PROMPTINJECTIONIOHANDLING2'"), Some("threats"), "'evasion' is listed twice");
    assert_has(&found, Some("control 'DETECTODDINPUT'"), Some("id"), "clashes with the control 'ANOMALOUSINPUTHANDLING'");
    assert_has(&found, Some("mapping 'Policy'"), Some("id"), "lower-case letters, digits and hyphens");
    assert_has(&found, Some("mapping 'Policy' item '1'"), None, "at least one threat or control");
    assert_has(&found, Some("mapping 'p2'"), Some("items"), "list at least one item");
    assert_has(&found, Some("notes[0]"), Some("entry"), "unknown threat or control 'MONITORUS' (did you mean 'MONITORUSE'?)");
    assert_has(&found, Some(&q("Acme")), Some("id"), "lower_snake_case");
    assert_has(&found, Some("question 'acme_q': options[0]"), Some("value"), "'unknown' is always offered");
    assert_has(&found, Some(&q("acme_q")), Some("askWhen"), "cannot depend on itself");
    assert_has(&found, Some(&q("acme_r")), Some("askWhen"), "unknown question 'model_typ' (did you mean 'model_type'?)");
    assert_has(&found, Some(&q("acme_r")), Some("askWhen.training"), "unknown option 'retrain'");
    assert_has(&found, Some(&q("acme_r")), Some("whenNotAsked"), "unknown option 'maybe'; allowed: yes, no");
    assert_has(&found, Some(&q("acme_s")), Some("whenNotAsked"), "only a question with `askWhen`");
    assert_has(&found, None, Some("hide"), "'MONITORUSE' is listed twice");
    assert_has(&found, None, Some("hide"), "'PROMPTINJECTIONIOHANDLING2' is a control of this overlay");
    assert_has(&found, None, Some("hide"), "unknown threat or control 'mdoelexfiltration' (did you mean 'modelexfiltration'?)");
    assert_has(&found, None, Some("hide"), "'inputthreats' is a section");
}

#[test]
fn a_hidden_threat_that_another_inherits_from_is_refused() {
    // The built-in catalog inherits only from groups; make a threat inherit from a threat.
    let files = ai_security_navigator::catalog::FILES.map(|name| {
        let text = match name {
            "catalog.json" => include_str!("../catalog/catalog.json"),
            "taxonomy.json" => include_str!("../catalog/taxonomy.json"),
            "threats.json" => include_str!("../catalog/threats.json"),
            "controls.json" => include_str!("../catalog/controls.json"),
            "mappings.json" => include_str!("../catalog/mappings.json"),
            "questions.json" => include_str!("../catalog/questions.json"),
            _ => include_str!("../catalog/rules.json"),
        };
        (name, text.to_string())
    });
    let mut threats: Value = serde_json::from_str(&files[2].1).unwrap();
    let transfer = threats["threats"].as_array_mut().unwrap().iter_mut().find(|t| t["id"] == "transferattack").unwrap();
    transfer["inheritsControls"]["from"] = json!("modelexfiltration");
    transfer["inheritsControls"]["plus"] = json!([]);
    let mut files = files.to_vec();
    files[2].1 = threats.to_string();
    let sources: Vec<SourceFile<'_>> = files.iter().map(|(name, text)| SourceFile { name, text }).collect();
    let catalog = load(&sources).unwrap().catalog;
    let found = overlay::validate(&catalog, &with(json!({ "hide": ["modelexfiltration"] })));
    assert_has(
        &found,
        None,
        Some("hide"),
        "'modelexfiltration' cannot be hidden: the threat 'transferattack' inherits its controls from it",
    );
    assert!(overlay::validate(&catalog, &with(json!({ "hide": ["modelexfiltration", "transferattack"] }))).is_empty());
}

#[test]
fn not_json_and_oversized_input_are_refused_up_front() {
    let found = problems("{\n  \"format\": \"ai-security-navigator/overlay@1\",\n  \"name\": \"x\"\n  \"hide\": []\n}");
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("not valid JSON") && found[0].message.contains("line 4, column 3"), "{}", found[0]);
    assert!(problems("[]")[0].message.contains("an overlay is a JSON object, found a list"));
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(overlay::MAX_LEN));
    let found = problems(&big);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("too large"), "{}", found[0]);
    let many: Vec<String> = (0..501).map(|i| format!("x{i}")).collect();
    let found = problems(&with(json!({ "hide": many })));
    assert_eq!(found.len(), 1, "nothing else is checked: {found:#?}");
    assert!(found[0].message.contains("`hide` has 501 items; at most 500"), "{}", found[0]);
    let found = problems(&with(
        json!({ "mappings": [ { "id": "m", "name": "m", "items": vec![json!({ "id": "1", "name": "x", "threats": ["evasion"] }); 501] } ] }),
    ));
    assert!(found[0].message.contains("`mappings[0].items` has 501 items"), "{}", found[0]);
    // Hostile shapes are problems, never panics.
    for text in [
        "",
        "null",
        "{\"controls\": {}}",
        "{\"controls\": [1, null, []]}",
        "{\"questions\": [{\"options\": [1]}]}",
        "{\"hide\": [1]}",
        "{\"format\": 1}",
        "{\"mappings\": [{\"id\": \"\", \"items\": [{}]}]}",
    ] {
        assert!(!problems(text).is_empty(), "{text}");
    }
}

#[test]
fn an_empty_overlay_changes_nothing_but_the_summary() {
    let custom = with_overlay(&with(json!({}))).unwrap();
    let builtin = builtin_catalog();
    assert_eq!(custom.catalog.threats.len(), builtin.threats.len());
    assert_eq!(custom.catalog.controls.len(), builtin.controls.len());
    let file = assessment::AssessmentFile::with_answers(&[("model_type", "predictive")]);
    assert_eq!(assess(&custom.catalog, &file), assess(builtin, &file));
    for view in layout::VIEWS {
        assert_eq!(layout::layout(&custom.catalog, view).unwrap(), layout::layout(builtin, view).unwrap(), "{view}");
    }
    let mut doc: Value = serde_json::from_str(&custom.document).unwrap();
    doc.as_object_mut().unwrap().remove("overlay");
    doc["mappings"].as_object_mut().unwrap().remove("overlay");
    assert_eq!(doc, serde_json::from_str::<Value>(catalog_document()).unwrap());
    // The built-in catalog is untouched by applying overlays.
    let _ = acme();
    assert!(builtin.hidden.is_empty() && builtin.addresses.is_empty());
    assert!(builtin.threat("agentescape").is_some());
    assert!(matches!(lookup(builtin, "agentescape"), Ok(Entry::Threat(_))));
    assert!(assess(builtin, &assessment::AssessmentFile::with_answers(&[("model_type", "genai_llm")])).threat("agentescape").is_some());
}
