//! Reading assessment files (contract §1): every kind of bad input is an error that names the
//! key or position and, where it helps, what is allowed; nothing valid is dropped because of an
//! error elsewhere; and no input, however strange, makes the core panic. Runs natively and in
//! WebAssembly.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;
use common::Rng;

use ai_security_navigator::assessment::read;
use ai_security_navigator::{assess, assess_text, builtin_catalog, AssessmentFile, ErrorCode};

fn problems(text: &str) -> Vec<(ErrorCode, String, String)> {
    let (_, errors) = read(text, builtin_catalog());
    errors.into_iter().map(|e| (e.code, e.path.unwrap_or_default(), e.message)).collect()
}

#[test]
fn every_kind_of_bad_input_names_the_problem() {
    let cases: [(&str, ErrorCode, &str, &str); 12] = [
        ("{\"answers\": {", ErrorCode::NotJson, "line 1, column 14", "not valid JSON"),
        ("[1]", ErrorCode::WrongType, "", "an assessment file is a JSON object, found a list"),
        (r#"{"answers": {"modle_type": "predictive"}}"#, ErrorCode::UnknownQuestion, "answers.modle_type", "did you mean `model_type`?"),
        (
            r#"{"answers": {"training": "retrain"}}"#,
            ErrorCode::InvalidOption,
            "answers.training",
            "allowed: train, finetune, as_is, unknown",
        ),
        (
            r#"{"answers": {"augmentation": true}}"#,
            ErrorCode::WrongType,
            "answers.augmentation",
            "must be one of yes, no, unknown, found true",
        ),
        (
            r#"{"answers": {}, "risks": {"evasion": {"likelihood": 7}}}"#,
            ErrorCode::OutOfRange,
            "risks.evasion.likelihood",
            "from 1 to 5, found 7",
        ),
        (r#"{"answers": {}, "risks": {"evasoin": {}}}"#, ErrorCode::UnknownThreat, "risks.evasoin", "did you mean `evasion`?"),
        (
            r#"{"answers": {}, "risks": {"evasion": {"treatment": "ignore"}}}"#,
            ErrorCode::InvalidOption,
            "risks.evasion.treatment",
            "allowed: mitigate, accept, transfer, avoid",
        ),
        (
            r#"{"answers": {}, "controls": {"RATELIMITS": {"status": "planned"}}}"#,
            ErrorCode::UnknownControl,
            "controls.RATELIMITS",
            "did you mean `RATELIMIT`?",
        ),
        (
            r#"{"answers": {}, "controls": {"RATELIMIT": {"status": "done"}}}"#,
            ErrorCode::InvalidOption,
            "controls.RATELIMIT.status",
            "allowed: implemented, planned, not-planned",
        ),
        (
            r#"{"format": "other@2", "answers": {}}"#,
            ErrorCode::UnsupportedFormat,
            "format",
            "this version reads ai-security-navigator/assessment@1",
        ),
        (r#"{"answer": {}}"#, ErrorCode::UnknownField, "answer", "allowed: format, catalog, system, answers, risks, controls"),
    ];
    for (text, code, path, message) in cases {
        let found = problems(text);
        assert!(
            found.iter().any(|(c, p, m)| *c == code && p == path && m.contains(message)),
            "{text}\nexpected {code:?} at '{path}' saying '{message}'\nfound {found:#?}"
        );
    }
    assert!(problems(r#"{}"#).iter().any(|(c, p, _)| *c == ErrorCode::MissingField && p == "answers"));
}

#[test]
fn valid_parts_survive_errors_elsewhere() {
    let text = r#"{
        "system": { "name": "Kept", "colour": "red" },
        "answers": { "model_type": "genai_llm", "training": "retrain", "hosting": "provider", "nonsense": "yes" },
        "risks": { "directpromptinjection": { "likelihood": 9, "impact": 4, "owner": "app team" } }
    }"#;
    let (file, errors) = read(text, builtin_catalog());
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert_eq!(file.system_name.as_deref(), Some("Kept"));
    assert_eq!(file.answer("model_type"), Some("genai_llm"));
    assert_eq!(file.answer("hosting"), Some("provider"));
    assert_eq!(file.answer("training"), None);
    let risk = file.risk("directpromptinjection").unwrap();
    assert_eq!((risk.likelihood, risk.impact, risk.owner.as_deref()), (None, Some(4), Some("app team")));
    assert!(assess_text(text).is_err(), "a file with problems is not assessed");
}

#[test]
fn unknown_and_missing_answers_are_the_same() {
    let catalog = builtin_catalog();
    let missing = assess(catalog, &AssessmentFile::with_answers(&[("model_type", "genai_llm")]));
    let unknown = assess(catalog, &AssessmentFile::with_answers(&[("model_type", "genai_llm"), ("training", "unknown")]));
    assert_eq!(missing, unknown);
    let (file, errors) = read(r#"{"answers": {"training": "unknown", "hosting": null}}"#, catalog);
    assert!(errors.is_empty());
    assert!(file.answers.is_empty());
}

#[test]
fn property_any_answer_set_gives_a_complete_explained_result() {
    let catalog = builtin_catalog();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..120 {
        let mut answers: Vec<(&str, &str)> = Vec::new();
        for q in catalog.questions.iter() {
            if rng.below(4) > 0 {
                let choice = rng.below(q.options.len() + 1);
                answers.push((q.id.as_ref(), q.options.get(choice).map_or("unknown", |o| o.as_ref())));
            }
        }
        let result = assess(catalog, &AssessmentFile::with_answers(&answers));
        assert_eq!(result.threats.len(), catalog.threats.len());
        assert_eq!(result.controls.len(), catalog.controls.len());
        assert!(result.threats.iter().all(|t| !t.reasons.is_empty()), "{answers:?}");
        // Answering more never turns a ruled-out threat back on: unknowns are conservative.
        let unanswered: Vec<(&str, &str)> = answers.iter().copied().filter(|_| rng.below(2) == 0).collect();
        let fewer = assess(catalog, &AssessmentFile::with_answers(&unanswered));
        for (t, f) in result.threats.iter().zip(&fewer.threats) {
            if f.status.as_str() == "not-applicable" {
                assert_eq!(t.status.as_str(), "not-applicable", "{}: {answers:?} vs {unanswered:?}", t.id);
            }
        }
    }
}

#[test]
fn property_random_text_and_json_never_panic() {
    let catalog = builtin_catalog();
    let mut rng = Rng(42);
    const PIECES: [&str; 24] = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"answers\"",
        "\"risks\"",
        "\"controls\"",
        "\"model_type\"",
        "\"evasion\"",
        "\"likelihood\"",
        "\"yes\"",
        "\"genai_llm\"",
        "1",
        "-0.5e9",
        "null",
        "true",
        "\"\\u00e9\"",
        "\"\\ud83d\"",
        " ",
        "\n",
        "\"RATELIMIT\"",
        "\"status\"",
    ];
    for _ in 0..1500 {
        let text: String = (0..rng.below(40)).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        let (file, _errors) = read(&text, catalog);
        let _ = assess(catalog, &file);
    }
    let deep = format!("{}{}", "{\"answers\":".repeat(5000), "}".repeat(5000));
    assert_eq!(read(&deep, catalog).1[0].code, ErrorCode::NotJson);
}
