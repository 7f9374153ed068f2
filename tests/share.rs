//! Share links (`src/share.rs`): written byte for byte as the page's JavaScript wrote them, read
//! back to the same file, every kind of damage refused with a precise error, and what a link
//! carries checked like an assessment file. Runs natively and as WebAssembly (Node.js, Chromium).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;
use common::Rng;

use ai_security_navigator::share::{read, write, ReadError, MAX_LEN};
use ai_security_navigator::{assessment, builtin_catalog, with_overlay, AssessmentFile, Catalog, ErrorCode};
use serde_json::json;

const EXAMPLES: [(&str, &str); 7] = [
    ("credit-scoring.json", include_str!("../examples/credit-scoring.json")),
    ("finetuned-assistant.json", include_str!("../examples/finetuned-assistant.json")),
    ("fraud-rules.json", include_str!("../examples/fraud-rules.json")),
    ("image-generator.json", include_str!("../examples/image-generator.json")),
    ("mail-agent.json", include_str!("../examples/mail-agent.json")),
    ("nothing-answered.json", include_str!("../examples/nothing-answered.json")),
    ("support-chatbot.json", include_str!("../examples/support-chatbot.json")),
];

/// What the page's JavaScript (`shareFragment` of www/store.js, before links moved into the
/// module) wrote for the same files, with catalog 2026.08. A link must not change its spelling.
const BY_JAVASCRIPT: [(&str, &str); 11] = [
    ("credit-scoring.json", "#share=1.2026.08.000001001-----10.eyJzeXN0ZW0iOnsibmFtZSI6IkNyZWRpdCBzY29yaW5nIiwiZGVzY3JpcHRpb24iOiJBIGdyYWRpZW50LWJvb3N0ZWQgbW9kZWwsIHRyYWluZWQgaW4taG91c2Ugb24gbG9hbiBoaXN0b3JpZXMsIGRlY2lkZXMgd2hpY2ggYXBwbGljYXRpb25zIGdvIHRvIG1hbnVhbCByZXZpZXcuIn19"),
    ("finetuned-assistant.json", "#share=1.2026.08.111001001-101-11.eyJzeXN0ZW0iOnsibmFtZSI6IkludGVybmFsIGNvZGUgYXNzaXN0YW50IiwiZGVzY3JpcHRpb24iOiJBbiBvcGVuLXdlaWdodHMgTExNIGZpbmUtdHVuZWQgb24gb3VyIHJlcG9zaXRvcmllcywgcnVuIG9uIG91ciBvd24gR1BVcyBmb3IgZGV2ZWxvcGVycy4ifX0"),
    ("fraud-rules.json", "#share=1.2026.08.300001001-----00.eyJzeXN0ZW0iOnsibmFtZSI6IlBheW1lbnQgZnJhdWQgcnVsZXMiLCJkZXNjcmlwdGlvbiI6IkhhbmQtd3JpdHRlbiBydWxlcywgdHVuZWQgb24gcGFzdCBmcmF1ZCBjYXNlcywgaG9sZCBzdXNwaWNpb3VzIHBheW1lbnRzLiJ9fQ"),
    ("image-generator.json", "#share=1.2026.08.2121--111-111-11.eyJzeXN0ZW0iOnsibmFtZSI6Ik1hcmtldGluZyBpbWFnZSBnZW5lcmF0b3IiLCJkZXNjcmlwdGlvbiI6IlN0YWZmIGNyZWF0ZSBjYW1wYWlnbiBpbWFnZXMgd2l0aCBhIGhvc3RlZCBpbWFnZSBtb2RlbCB1c2VkIGFzIGl0IGlzLiJ9fQ"),
    ("mail-agent.json", "#share=1.2026.08.1121--1000000000.eyJzeXN0ZW0iOnsibmFtZSI6IkluYm94IGFzc2lzdGFudCIsImRlc2NyaXB0aW9uIjoiQW4gTExNIGFnZW50IHJlYWRzIGluY29taW5nIG1haWwsIHNlYXJjaGVzIHRoZSBDUk0gYW5kIGRyYWZ0cyBhbmQgc2VuZHMgcmVwbGllcy4ifX0"),
    ("nothing-answered.json", "#share=1.2026.08.----------------.eyJzeXN0ZW0iOnsibmFtZSI6Ik5ldyBzeXN0ZW0sIG5vdGhpbmcgYW5zd2VyZWQgeWV0In19"),
    ("support-chatbot.json", "#share=1.2026.08.1121--1000001-00.eyJzeXN0ZW0iOnsibmFtZSI6IlN1cHBvcnQgY2hhdGJvdCIsImRlc2NyaXB0aW9uIjoiQW5zd2VycyBjdXN0b21lciBxdWVzdGlvbnMgd2l0aCBhIGhvc3RlZCBMTE0gYW5kIHJldHJpZXZhbCBvdmVyIG91ciBoZWxwIGNlbnRyZSBhbmQgb3JkZXIgcmVjb3Jkcy4ifSwicmlza3MiOnsiZGlyZWN0cHJvbXB0aW5qZWN0aW9uIjp7Imxpa2VsaWhvb2QiOjQsImltcGFjdCI6MywidHJlYXRtZW50IjoibWl0aWdhdGUiLCJvd25lciI6ImFwcCB0ZWFtIiwibm90ZSI6IiJ9fSwiY29udHJvbHMiOnsiUFJPTVBUSU5KRUNUSU9OSU9IQU5ETElORyI6eyJzdGF0dXMiOiJwbGFubmVkIiwibm90ZSI6IiJ9LCJNT0RFTEFDQ0VTU0NPTlRST0wiOnsic3RhdHVzIjoiaW1wbGVtZW50ZWQifX19"),
    ("unicode", "#share=1.2026.08.0--u-----------1.eyJzeXN0ZW0iOnsibmFtZSI6IkJvdCDDqSDinJMgXCJxXCIgXFwg4oCoIPCfmIAiLCJkZXNjcmlwdGlvbiI6IiJ9LCJyaXNrcyI6eyJldmFzaW9uIjp7Imxpa2VsaWhvb2QiOjQsImltcGFjdCI6MiwidHJlYXRtZW50IjoiYWNjZXB0Iiwib3duZXIiOiJvcHMiLCJub3RlIjoibiJ9fSwiY29udHJvbHMiOnsiUkFURUxJTUlUIjp7InN0YXR1cyI6InBsYW5uZWQifX19"),
    ("controls", "#share=1.2026.08.--u-------------.eyJzeXN0ZW0iOnsibmFtZSI6ImFcYlxmXHUwMDAxXHUwMDFmXG5cdFxy4oCpLzw-In0sImNvbnRyb2xzIjp7IlJBVEVMSU1JVCI6eyJzdGF0dXMiOiJwbGFubmVkIiwibm90ZSI6IngifSwiTU9OSVRPUlVTRSI6e319fQ"),
    ("empty", "#share=1.2026.08.----------------"),
    ("acme", "#share=1.2026.08.1---------------12"),
];

fn by_javascript(name: &str) -> &'static str {
    BY_JAVASCRIPT.iter().find(|(n, _)| *n == name).map(|(_, f)| *f).unwrap()
}

fn file(catalog: &Catalog, text: &str) -> AssessmentFile {
    let (file, problems) = assessment::read(text, catalog);
    assert!(problems.is_empty(), "{text}: {problems:#?}");
    file
}

/// Writes, checks the spelling, reads back and compares (the link always names its catalog).
fn round_trip(catalog: &Catalog, file: &AssessmentFile, expected: &str) {
    let link = write(catalog, file).unwrap();
    assert_eq!(link, expected);
    let back = read(catalog, &link).unwrap_or_else(|e| panic!("{link}: {e:#?}"));
    let pinned = AssessmentFile { catalog: Some(file.catalog.clone().unwrap_or_else(|| catalog.version.to_string())), ..file.clone() };
    assert_eq!(back, pinned, "{link}");
}

#[test]
fn every_example_round_trips_spelled_as_the_javascript_did() {
    let catalog = builtin_catalog();
    for (name, text) in EXAMPLES {
        round_trip(catalog, &file(catalog, text), by_javascript(name));
    }
    round_trip(catalog, &file(catalog, r#"{"answers": {}}"#), by_javascript("empty"));
}

#[test]
fn strings_are_escaped_as_json_stringify_escapes_them() {
    let catalog = builtin_catalog();
    // As text, not json!: the order of the keys is part of the spelling.
    let unicode = r#"{
        "system": { "name": "Bot é ✓ \"q\" \\ \u2028 😀", "description": "" },
        "answers": { "model_type": "predictive", "hosting": "unknown", "public_input": "no" },
        "risks": { "evasion": { "likelihood": 4, "impact": 2, "treatment": "accept", "owner": "ops", "note": "n" } },
        "controls": { "RATELIMIT": { "status": "planned" } }
    }"#;
    round_trip(catalog, &file(catalog, unicode), by_javascript("unicode"));
    let controls = r#"{
        "system": { "name": "a\b\f\u0001\u001f\n\t\r\u2029/<>" },
        "answers": { "training": "unknown" },
        "controls": { "RATELIMIT": { "status": "planned", "note": "x" }, "MONITORUSE": {} }
    }"#;
    let controls = file(catalog, controls);
    assert_eq!(controls.unknown, ["training"], "\"don't know\" is kept apart from unanswered");
    round_trip(catalog, &controls, by_javascript("controls"));
}

#[test]
fn an_overlay_adds_its_questions_at_the_end() {
    let custom = with_overlay(include_str!("../examples/overlay/acme.json")).unwrap();
    let answers = r#"{"answers": {"model_type": "genai_llm", "acme_review_board": "no", "acme_data_class": "confidential"}}"#;
    round_trip(&custom.catalog, &file(&custom.catalog, answers), by_javascript("acme"));
    // A link made without the overlay opens with it (its answers are a prefix), not the reverse.
    let plain = write(builtin_catalog(), &file(builtin_catalog(), EXAMPLES[0].1)).unwrap();
    assert_eq!(read(&custom.catalog, &plain).unwrap().answer("model_type"), Some("predictive"));
    let damaged = read(builtin_catalog(), by_javascript("acme")).unwrap_err();
    assert!(
        matches!(&damaged, ReadError::Damaged(e) if e.message.contains("it answers 18 questions; the questionnaire has 16")),
        "{damaged:?}"
    );
}

#[test]
fn a_link_carries_the_first_thirty_options_and_says_so_past_them() {
    let options: Vec<_> = (0..40).map(|i| json!({ "value": format!("o{i}"), "label": format!("Option {i}") })).collect();
    let overlay = json!({
        "format": "ai-security-navigator/overlay@1", "name": "Many",
        "questions": [{ "id": "many", "text": "Which one?", "options": options }]
    });
    let custom = with_overlay(&overlay.to_string()).unwrap_or_else(|p| panic!("{p:#?}"));
    let c = &custom.catalog;
    let answer = |value: &str| file(c, &json!({ "answers": { "many": value } }).to_string());
    let prefix = format!("#share=1.2026.08.{}", "-".repeat(16));
    round_trip(c, &answer("o29"), &format!("{prefix}t"));
    round_trip(c, &answer("o31"), &format!("{prefix}v"));
    round_trip(c, &answer("o35"), &format!("{prefix}z"));
    for past in ["o30", "o36", "o39"] {
        let error = write(c, &answer(past)).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidArgument);
        assert_eq!(error.path.as_deref(), Some("answers.many"));
        assert!(error.message.contains("a share link carries options 1 to 30 only"), "{}", error.message);
    }
}

/// The error a damaged link gives: code, path and a part of the message.
fn damage(hash: &str) -> (ErrorCode, String, String) {
    match read(builtin_catalog(), hash) {
        Err(ReadError::Damaged(e)) => (e.code, e.path.unwrap_or_default(), e.message),
        other => panic!("{hash}: expected a damaged link, got {other:?}"),
    }
}

#[test]
fn every_kind_of_damage_is_named() {
    use ErrorCode::{InvalidShareLink as Damaged, UnsupportedFormat};
    let too_long = format!("#share=1.2026.08.{}", "-".repeat(MAX_LEN));
    let too_many = format!("#share=1.2026.08.{}", "0".repeat(17));
    let form = "does not have the form #share=1.<catalog>.<answers>[.<details>]";
    let cases: Vec<(&str, ErrorCode, &str, &str)> = vec![
        (&too_long, Damaged, "link", "this share link is too long: 65553 bytes, at most 65536"),
        ("#view=navigator", Damaged, "link", form),
        ("", Damaged, "link", form),
        ("#share=", Damaged, "link", form),
        ("#share=garbage", Damaged, "link", form),
        ("#share=1", Damaged, "link", form),
        ("#share=1.2026.08", Damaged, "link", form),
        ("#share=1.2026.08.0.", Damaged, "link", form),
        ("#share=1.2026.08.0.e30.e30", Damaged, "link", form),
        ("#share=2.2026.08.0", UnsupportedFormat, "format", "this share link has format 2; this version reads format 1"),
        ("#share=12.x", UnsupportedFormat, "format", "has format 12"),
        ("#share=1.2026.13.0", Damaged, "catalog", "its catalog version '2026.13' is not a version such as 2026.08"),
        ("#share=1.26.08.0", Damaged, "catalog", "its catalog version '26.08'"),
        (
            "#share=1.2026.08.0!",
            Damaged,
            "answers",
            "character 2 of its answers is '!'; answers are 0-9, a-z, u (don't know) or - (unanswered)",
        ),
        ("#share=1.2026.08.A", Damaged, "answers", "character 1 of its answers is 'A'"),
        ("#share=1.2026.08.0é", Damaged, "answers", "character 2 of its answers is '\\u{e9}'"),
        (&too_many, Damaged, "answers", "it answers 17 questions; the questionnaire has 16"),
        (
            "#share=1.2026.08.z",
            Damaged,
            "answers.model_type",
            "this share link gives question 1 an option it does not have: `model_type` has 5 options, the link says option 36",
        ),
        ("#share=1.2026.08.03", Damaged, "answers.decision_fooling", "gives question 2 an option it does not have"),
        ("#share=1.2026.08.0.a+b", Damaged, "details", "its details are not base64url text"),
        ("#share=1.2026.08.0.e30=", Damaged, "details", "its details are not base64url text"),
        ("#share=1.2026.08.0.e", Damaged, "details", "its details are not base64url text"),
        ("#share=1.2026.08.0.WzF", Damaged, "details", "its details are not base64url text"),
        ("#share=1.2026.08.0._w", Damaged, "details", "its details are not UTF-8 text"),
        ("#share=1.2026.08.0.bm90IGpzb24", Damaged, "details", "its details cannot be read (unexpected character"),
        ("#share=1.2026.08.0.WzFd", Damaged, "details", "its details are not an object"),
    ];
    for (hash, code, path, message) in cases {
        let (c, p, m) = damage(hash);
        let shown: String = hash.chars().take(40).collect();
        assert!(
            c == code && p == path && m.contains(message),
            "{shown}\nexpected {code:?} at '{path}' saying '{message}'\nfound {c:?} at '{p}': {m}"
        );
    }
    // Without the '#' too; the position of "don't know" in questions() reads as "don't know".
    let file = read(builtin_catalog(), "share=1.2026.08.02").unwrap();
    assert_eq!((file.answer("model_type"), file.unknown.as_slice()), (Some("predictive"), ["decision_fooling".to_string()].as_slice()));
}

/// The details part for a JSON value.
fn details(value: serde_json::Value) -> String {
    use base64_free::encode;
    format!("#share=1.2026.08.0.{}", encode(value.to_string().as_bytes()))
}

/// base64url without padding, written out here so that the test checks the module's own.
mod base64_free {
    pub fn encode(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bits = 0u32;
        let mut count = 0;
        let mut out = String::new();
        for &b in bytes {
            bits = bits << 8 | u32::from(b);
            count += 8;
            while count >= 6 {
                count -= 6;
                out.push(char::from(A[(bits >> count & 63) as usize]));
            }
        }
        if count > 0 {
            out.push(char::from(A[(bits << (6 - count) & 63) as usize]));
        }
        out
    }
}

#[test]
fn what_a_link_carries_is_checked_like_a_file() {
    let catalog = builtin_catalog();
    let problems = |value: serde_json::Value| match read(catalog, &details(value.clone())) {
        Err(ReadError::Invalid(problems)) => {
            problems.into_iter().map(|e| (e.code, e.path.unwrap_or_default(), e.message)).collect::<Vec<_>>()
        }
        other => panic!("{value}: expected problems, got {other:?}"),
    };
    let cases = [
        (
            json!({ "risks": { "evasion": { "likelihood": 9 } } }),
            ErrorCode::OutOfRange,
            "risks.evasion.likelihood",
            "must be a whole number from 1 to 5, found 9",
        ),
        (json!({ "risks": { "evasoin": {} } }), ErrorCode::UnknownThreat, "risks.evasoin", "did you mean `evasion`?"),
        (
            json!({ "controls": { "RATELIMIT": { "status": "done" } } }),
            ErrorCode::InvalidOption,
            "controls.RATELIMIT.status",
            "allowed: implemented, planned, not-planned",
        ),
        (json!({ "system": 5 }), ErrorCode::WrongType, "system", "`system` must be an object"),
        (json!({ "system": { "colour": "red" } }), ErrorCode::UnknownField, "system.colour", "allowed: name, description"),
        (json!({ "risks": { "Evasion": {}, "evasion": {} } }), ErrorCode::DuplicateEntry, "risks.evasion", "is the threat `evasion` again"),
    ];
    for (value, code, path, message) in cases {
        let found = problems(value.clone());
        assert!(
            found.iter().any(|(c, p, m)| *c == code && p == path && m.contains(message)),
            "{value}\nexpected {code:?} at '{path}' saying '{message}'\nfound {found:#?}"
        );
    }
    // Only system, risks and controls are taken from the details: answers come from the answers.
    let file = read(catalog, &details(json!({ "answers": { "model_type": "genai_llm" }, "format": "x", "catalog": 1 }))).unwrap();
    assert_eq!((file.answer("model_type"), file.catalog.as_deref()), (Some("predictive"), Some("2026.08")));
    // Older ids are read as current ones, like in a file.
    let file = read(catalog, &details(json!({ "risks": { "closedboxevasion": { "impact": 2 } } }))).unwrap();
    assert_eq!(file.risks[0].0, "zeroknowledgeevasion");
    assert_eq!(file.migrated, [("closedboxevasion".to_string(), "zeroknowledgeevasion".to_string())]);
}

#[test]
fn the_file_written_as_json_reads_back_the_same() {
    let catalog = builtin_catalog();
    for (_, text) in EXAMPLES {
        let file = file(catalog, text);
        assert_eq!(assessment::read(&file.to_json(), catalog), (file, vec![]));
    }
    let with_unknown = file(catalog, r#"{"answers": {"training": "unknown", "model_type": "predictive"}}"#);
    assert_eq!(
        with_unknown.to_json(),
        r#"{"format":"ai-security-navigator/assessment@1","answers":{"model_type":"predictive","training":"unknown"}}"#
    );
}

/// Text with the characters that escaping must get right.
fn text(rng: &mut Rng) -> String {
    const PIECES: [&str; 10] = ["a", "Bot", " ", "é", "✓", "😀", "\"", "\\", "\n\u{1}\u{8}", "\u{2028}"];
    (0..rng.below(6)).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

#[test]
fn property_any_assessment_round_trips() {
    let catalog = builtin_catalog();
    let mut rng = Rng(0x5EED_F00D);
    let treatments = ["mitigate", "accept", "transfer", "avoid"];
    for _ in 0..300 {
        let mut answers = serde_json::Map::new();
        for q in catalog.questions.iter() {
            match rng.below(3) {
                0 => {}
                1 => drop(answers.insert(q.id.to_string(), json!("unknown"))),
                _ => drop(answers.insert(q.id.to_string(), json!(q.options[rng.below(q.options.len())].as_ref()))),
            }
        }
        let mut value = json!({ "answers": answers });
        if rng.below(2) == 0 {
            value["system"] = json!({ "name": text(&mut rng) });
            if rng.below(2) == 0 {
                value["system"]["description"] = json!(text(&mut rng));
            }
        }
        for _ in 0..rng.below(4) {
            let threat = catalog.threats[rng.below(catalog.threats.len())].id.to_string();
            value["risks"][threat] =
                json!({ "likelihood": rng.below(5) + 1, "treatment": treatments[rng.below(4)], "note": text(&mut rng) });
        }
        for _ in 0..rng.below(4) {
            let control = catalog.controls[rng.below(catalog.controls.len())].id.to_string();
            value["controls"][control] = if rng.below(2) == 0 { json!({ "status": "planned" }) } else { json!({}) };
        }
        let file = file(catalog, &value.to_string());
        let link = write(catalog, &file).unwrap();
        let back = read(catalog, &link).unwrap_or_else(|e| panic!("{link}: {e:?}"));
        assert_eq!(back, AssessmentFile { catalog: Some("2026.08".into()), ..file }, "{value}");
        assert_eq!(write(catalog, &back).unwrap(), link);
    }
}

#[test]
fn property_random_links_never_panic() {
    let catalog = builtin_catalog();
    let mut rng = Rng(7);
    // Mostly the pieces of a link, so that some random texts are links and read.
    const HEADS: [&str; 5] = ["#share=1.2026.08.", "share=1.2025.11.", "#share=1.2026.08", "#share=", ""];
    const PIECES: [&str; 16] = ["-", "u", "0", "1", "2", "z", ".", "e30", "eyJyaXNrcyI6", "_w", "=", "#", "é", "WzFd", "A", "\u{0}"];
    let mut read_ok = 0;
    for _ in 0..4000 {
        let head = HEADS[rng.below(HEADS.len())];
        let text: String = std::iter::once(head).chain((0..rng.below(12)).map(|_| PIECES[rng.below(PIECES.len())])).collect();
        if let Ok(file) = read(catalog, &text) {
            read_ok += 1;
            let again = read(catalog, &write(catalog, &file).unwrap()).unwrap();
            // Older ids come back as the current ones: only the record of that is gone.
            assert_eq!(again, AssessmentFile { migrated: Vec::new(), ..file }, "{text}");
        }
    }
    assert!(read_ok > 100, "the generator reaches valid links too ({read_ok})");
    // Random details: random JSON pieces, encoded.
    const JSON: [&str; 16] = [
        "{",
        "}",
        "\"risks\"",
        "\"system\"",
        ":",
        ",",
        "\"evasion\"",
        "\"Evasion\"",
        "{}",
        "[",
        "]",
        "\"name\"",
        "\"x\"",
        "1",
        "null",
        "\"likelihood\"",
    ];
    let mut details_ok = 0;
    for _ in 0..3000 {
        let text: String = (0..rng.below(14)).map(|_| JSON[rng.below(JSON.len())]).collect();
        let link = format!("#share=1.2026.08.1.{}", base64_free::encode(text.as_bytes()));
        if let Ok(file) = read(catalog, &link) {
            details_ok += 1;
            assert_eq!(read(catalog, &write(catalog, &file).unwrap()).unwrap(), AssessmentFile { migrated: Vec::new(), ..file }, "{text}");
        }
    }
    assert!(details_ok > 10, "random details read too ({details_ok})");
}
