//! Scenario table: one column per realistic system (the files in `examples/`), one row per
//! threat, each cell the expected status and responsibility. Readable by a security expert;
//! change a rule and this table shows exactly which verdicts move. The same table runs natively
//! and compiled to WebAssembly.
//!
//! Cells: `A` applies, `?` unknown, `L` low, `-` not applicable; after the slash who acts:
//! `own`, `sup` (supplier), `shr` (shared). Not-applicable cells give no responsibility.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ai_security_navigator::assess::{Responsibility, Status};
use ai_security_navigator::{assess_text, builtin_catalog, Assessment};

const SCENARIOS: [(&str, &str); 7] = [
    ("credit", include_str!("../examples/credit-scoring.json")),
    ("chatbot", include_str!("../examples/support-chatbot.json")),
    ("imagegen", include_str!("../examples/image-generator.json")),
    ("agent", include_str!("../examples/mail-agent.json")),
    ("finetune", include_str!("../examples/finetuned-assistant.json")),
    ("rules", include_str!("../examples/fraud-rules.json")),
    ("empty", include_str!("../examples/nothing-answered.json")),
];

const EXPECTED: &str = "
threat                              credit   chatbot  imagegen agent    finetune rules    empty
inputthreats                        A/own    A/own    A/own    A/own    A/own    A/own    A/own
evasion                             A/own    -        -        -        -        A/own    ?/own
zeroknowledgeevasion                A/own    -        -        -        -        A/own    ?/own
perfectknowledgeevasion             A/own    -        -        -        -        A/own    ?/own
transferattack                      A/own    -        -        -        -        A/own    ?/own
partialknowledgeevasion             A/own    -        -        -        -        A/own    ?/own
evasionafterpoison                  A/own    -        -        -        -        A/own    ?/own
promptinjection                     -        A/own    A/own    A/own    A/own    -        ?/own
directpromptinjection               -        A/own    A/own    A/own    A/own    -        ?/own
indirectpromptinjection             -        A/own    -        A/own    -        -        ?/own
agentmessagestructuremanipulation   -        -        -        A/own    -        -        ?/own
disclosureuse                       A/own    A/own    -        A/own    A/own    -        ?/own
disclosureinoutput                  A/own    A/own    -        A/own    A/own    -        ?/own
modelinversionandmembership         A/own    -        -        -        L/own    -        ?/own
modelexfiltration                   A/own    -        -        -        A/own    A/own    ?/own
airesourceexhaustion                A/own    A/shr    A/shr    A/shr    A/own    A/own    A/own
developmenttime                     A/own    A/shr    A/shr    A/shr    A/own    A/own    A/own
modelpoison                         A/own    A/shr    A/shr    A/shr    A/own    A/own    A/own
datapoison                          A/own    A/sup    A/sup    A/sup    A/own    A/own    A/own
devmodelpoison                      A/own    A/sup    A/sup    A/sup    A/own    A/own    A/own
supplymodelpoison                   A/own    A/shr    A/shr    A/shr    A/shr    -        ?/own
devleak                             A/own    -        -        -        A/own    A/own    ?/own
devdataleak                         A/own    -        -        -        A/own    A/own    ?/own
devmodelleak                        A/own    -        -        -        A/own    A/own    ?/own
devcodeleak                         A/own    -        -        -        A/own    A/own    ?/own
runtimeconventionalsec              A/own    A/own    A/shr    A/own    A/own    A/own    A/own
genericsecthreats                   A/own    A/shr    A/shr    A/shr    A/own    A/own    A/own
runtimemodelpoison                  A/own    A/shr    A/shr    A/shr    A/own    A/own    A/own
runtimemodelleak                    A/own    -        -        -        A/own    A/own    ?/own
outputcontainsconventionalinjection -        A/own    -        A/own    A/own    -        ?/own
inputdataleak                       A/own    A/shr    -        A/shr    A/own    A/own    ?/own
augmentationdataleak                -        A/own    -        A/own    -        -        ?/own
augmentationdatamanipulation        -        A/own    -        A/own    -        -        ?/own
agentescape                         -        -        -        A/own    -        -        ?/own
";

fn cell(a: &Assessment, threat: &str) -> String {
    let t = a.threat(threat).unwrap();
    let s = match t.status {
        Status::Applies => "A",
        Status::Unknown => "?",
        Status::Low => "L",
        Status::NotApplicable => return "-".into(),
    };
    let r = match t.responsibility {
        Responsibility::Own => "own",
        Responsibility::Supplier => "sup",
        Responsibility::Shared => "shr",
    };
    format!("{s}/{r}")
}

fn actual_table() -> String {
    let results: Vec<Assessment> =
        SCENARIOS.iter().map(|(name, text)| assess_text(text).unwrap_or_else(|e| panic!("{name}: {e:?}"))).collect();
    let mut out = String::from("\nthreat                              ");
    for (name, _) in SCENARIOS {
        out.push_str(&format!("{name:<9}"));
    }
    out = out.trim_end().to_string();
    out.push('\n');
    for t in builtin_catalog().threats.iter() {
        let mut line = format!("{:<36}", t.id.as_ref());
        for a in &results {
            line.push_str(&format!("{:<9}", cell(a, &t.id)));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn every_scenario_gives_the_expected_verdict_for_every_threat() {
    let actual = actual_table();
    assert_eq!(actual, EXPECTED, "\nactual:\n{actual}");
}

fn scenario(name: &str) -> Assessment {
    let text = SCENARIOS.iter().find(|(n, _)| *n == name).unwrap().1;
    assess_text(text).unwrap()
}

#[test]
fn every_verdict_has_a_reason_that_leads_back_to_a_rule() {
    let catalog = builtin_catalog();
    for (name, _) in SCENARIOS {
        for t in scenario(name).threats {
            assert!(!t.reasons.is_empty(), "{name}: {} has no reason", t.id);
            for r in &t.reasons {
                assert!(
                    ["default", "group"].contains(&r.rule.as_ref()) || catalog.rules.iter().any(|x| x.id == r.rule),
                    "{name}: {} cites an unknown rule {}",
                    t.id,
                    r.rule
                );
                assert!(r.text.len() > 20, "{name}: {}: reason too short", t.id);
            }
        }
    }
}

#[test]
fn every_rule_decides_something_in_some_scenario() {
    let mut cited: Vec<String> = Vec::new();
    for (name, _) in SCENARIOS {
        for t in scenario(name).threats {
            cited.extend(t.reasons.into_iter().map(|r| r.rule.to_string()));
        }
    }
    for rule in builtin_catalog().rules.iter() {
        assert!(cited.iter().any(|c| *c == rule.id), "no scenario exercises rule {}", rule.id);
    }
}

#[test]
fn unknown_answers_rule_nothing_out_and_become_follow_ups() {
    let empty = scenario("empty");
    assert!(empty.threats.iter().all(|t| t.status != Status::NotApplicable && t.status != Status::Low));
    let asked: Vec<&str> = empty.follow_ups.iter().map(|f| f.question.as_str()).collect();
    for q in ["model_type", "decision_fooling", "training", "hosting", "untrusted_data_in_prompt", "agent_actions"] {
        assert!(asked.contains(&q), "{q} should be a follow-up: {asked:?}");
    }
    assert!(empty.follow_ups.iter().all(|f| f.why.starts_with("Your answer decides ")));
    // With nothing answered, no reason may claim an answer: a rule that would rule a threat out
    // is said as a possibility.
    for t in &empty.threats {
        for r in &t.reasons {
            assert!(!r.text.contains("you said") && !r.text.contains("you answered"), "{}: {:?} claims an answer", t.id, r.text);
        }
    }
    let evasion = empty.threats.iter().find(|t| t.id == "zeroknowledgeevasion").unwrap();
    assert!(evasion.reasons.iter().any(|r| r.text.starts_with("May not apply, depending on open questions: ")), "{:?}", evasion.reasons);
    let hosted = empty.threats.iter().find(|t| t.id == "runtimemodelpoison").unwrap();
    assert!(
        hosted.reasons.iter().any(|r| r.text.starts_with("Yours for now; shared with the supplier if your answers confirm: ")),
        "{:?}",
        hosted.reasons
    );
    // A fully answered system has nothing left to ask.
    assert_eq!(scenario("credit").follow_ups, vec![]);
    assert_eq!(scenario("chatbot").follow_ups, vec![]);
}

#[test]
fn the_lethal_trifecta_is_flagged_only_when_all_three_hold() {
    let ids = |name: &str| scenario(name).flags.into_iter().map(|f| f.id.to_string()).collect::<Vec<_>>();
    assert!(ids("agent").contains(&"lethal-trifecta".to_string()));
    assert!(!ids("chatbot").contains(&"lethal-trifecta".to_string()), "the chatbot cannot send data out");
    assert!(ids("empty").is_empty());
    assert!(scenario("empty")
        .follow_ups
        .iter()
        .any(|f| f.question == "actions_send_data_out" && f.why.contains("whether the \"lethal trifecta\" warning applies")));
}

#[test]
fn controls_are_ranked_general_first_then_by_the_risk_they_cover() {
    let chatbot = scenario("chatbot");
    let control = |id: &str| chatbot.control(id).unwrap();
    let general: Vec<_> = chatbot.controls.iter().filter(|c| c.status.as_str() == "general").collect();
    assert_eq!(general.len(), 6, "the governance controls always apply");
    assert!(general.iter().all(|c| c.rank.is_some_and(|r| r <= 6)), "and come first");
    assert_eq!(control("AIPROGRAM").status.as_str(), "general");
    let pi = control("PROMPTINJECTIONIOHANDLING");
    assert_eq!(pi.status.as_str(), "recommended");
    assert!(pi.covers.iter().any(|c| c == "directpromptinjection") && pi.covers.iter().any(|c| c == "indirectpromptinjection"));
    assert_eq!(control("EVASIONROBUSTMODEL").status.as_str(), "not-needed");
    assert_eq!(control("EVASIONROBUSTMODEL").rank, None);
    let mut ranked: Vec<_> = chatbot.controls.iter().filter(|c| c.rank.is_some()).collect();
    ranked.sort_by_key(|c| c.rank);
    let scores: Vec<u32> = ranked.iter().filter(|c| c.status.as_str() == "recommended").map(|c| c.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "recommended controls come in order of covered risk: {scores:?}");
}

#[test]
fn the_register_takes_overrides_and_implemented_controls_into_account() {
    let chatbot = scenario("chatbot");
    let entry = chatbot.register.iter().find(|e| e.threat == "directpromptinjection").unwrap();
    assert_eq!((entry.likelihood, entry.impact), (4, 3), "overridden in the file");
    assert_eq!(entry.inherent, 12);
    assert!(entry.controls.iter().any(|c| c == "MODELACCESSCONTROL"));
    assert_eq!(entry.implemented, 1, "MODELACCESSCONTROL is implemented (the file says so)");
    assert_eq!(entry.residual, 9, "one implemented control lowers the likelihood one step");
    let suggested = chatbot.register.iter().find(|e| e.threat == "indirectpromptinjection").unwrap();
    // 3 + 1 (anyone can send input) + 1 (outsiders write what it reads); 3 + 1 (it reaches sensitive data)
    assert_eq!((suggested.suggested_likelihood, suggested.suggested_impact), (5, 4));
    assert!(suggested.basis.iter().any(|b| b.contains("outsiders can write what the model reads")));
    assert!(chatbot.register.iter().all(|e| e.threat != "evasion"), "not-applicable threats stay out");
}

#[test]
fn supplier_questions_follow_who_trains_and_who_hosts() {
    let chatbot = scenario("chatbot");
    assert!(chatbot.assurance.iter().any(|a| a.contains("prompts, outputs and files kept")));
    assert!(chatbot.assurance.iter().any(|a| a.contains("genuine, untampered")));
    assert!(scenario("credit").assurance.is_empty(), "nothing to ask when you train and host yourself");
}

#[test]
fn the_result_has_the_contract_shape() {
    let text = scenario("chatbot").to_json();
    let value = ai_security_navigator::json::parse(&text).expect("the result is JSON");
    assert_eq!(value.get("catalog").and_then(|v| v.as_str()), Some("2026.08"));
    for key in ["threats", "controls", "flags", "followUps"] {
        assert!(matches!(value.get(key), Some(ai_security_navigator::json::Value::Array(_))), "{key}");
    }
    assert!(text.contains(r#"{"id":"directpromptinjection","status":"applies","responsibility":"own","reasons":[{"rule":"#));
    assert_eq!(ai_security_navigator::json::parse(&value.to_json()).unwrap(), value, "and round-trips");
}

#[test]
fn what_if_says_which_threats_and_controls_change_and_why() {
    use ai_security_navigator::assess::diff;
    use ai_security_navigator::AssessmentFile;
    let catalog = builtin_catalog();
    let base = [
        ("model_type", "genai_llm"),
        ("training", "as_is"),
        ("hosting", "provider"),
        ("augmentation", "yes"),
        ("augmentation_sensitive", "yes"),
    ];
    let mut without_rag = base.to_vec();
    without_rag[3] = ("augmentation", "no");
    let d = diff(catalog, &AssessmentFile::with_answers(&base), &AssessmentFile::with_answers(&without_rag));
    assert_eq!(d.answers, vec![("augmentation".to_string(), Some("yes".to_string()), Some("no".to_string()))]);
    let moved: Vec<&str> = d.threats.iter().map(|c| c.id.as_str()).collect();
    assert!(moved.contains(&"augmentationdataleak") && moved.contains(&"augmentationdatamanipulation"), "{moved:?}");
    let change = d.threats.iter().find(|c| c.id == "augmentationdatamanipulation").unwrap();
    assert_eq!((change.from.as_str(), change.to.as_str()), ("applies (own)", "not-applicable (own)"));
    assert!(change.why[0].contains("Nothing is added to the model's input"));
    // Without added data nothing sensitive is left to surface in output either (training is the maker's).
    assert!(moved.contains(&"disclosureinoutput"));
    assert_eq!(d.summary, "Answering augmentation: no removed 3 threats and added 0.");
    let same = diff(catalog, &AssessmentFile::with_answers(&base), &AssessmentFile::with_answers(&base));
    assert!(same.threats.is_empty() && same.controls.is_empty());
}

#[test]
fn a_file_from_an_older_catalog_opens_and_says_what_changed() {
    let old = r#"{
        "catalog": "2025.08",
        "answers": { "model_type": "genai_llm", "public_input": "yes" },
        "risks": { "modeltheftuse": { "likelihood": 2 } },
        "controls": { "PROMPTINPUTVALIDATION": { "status": "implemented" } }
    }"#;
    let result = assess_text(old).expect("older ids are read as their current ones");
    let change = result.catalog_change.as_ref().unwrap();
    assert_eq!((change.from.as_deref(), change.to.as_str()), (Some("2025.08"), "2026.08"));
    assert!(change.renamed.contains(&("modeltheftuse".to_string(), "modelexfiltration".to_string())));
    assert!(change.renamed.contains(&("PROMPTINPUTVALIDATION".to_string(), "PROMPTINJECTIONIOHANDLING".to_string())));
    assert_eq!(result.register.iter().find(|e| e.threat == "modelexfiltration").unwrap().likelihood, 2);
    assert_eq!(result.control("PROMPTINJECTIONIOHANDLING").unwrap().implementation.map(|s| s.as_str()), Some("implemented"));
    assert!(scenario("chatbot").catalog_change.is_none());
}

#[test]
fn opening_an_older_file_lists_what_is_new_and_relevant_for_this_system() {
    let agent = include_str!("../examples/mail-agent.json").replace("\"catalog\": \"2026.08\"", "\"catalog\": \"2025.08\"");
    let change = assess_text(&agent).unwrap().catalog_change.unwrap();
    for id in ["agentescape", "agentmessagestructuremanipulation", "augmentationdatamanipulation", "AUGMENTATIONDATAINTEGRITY"] {
        assert!(change.added.iter().any(|a| a == id), "{id} is new since 2025.08: {:?}", change.added);
    }
    assert!(!change.added.iter().any(|a| a == "transferattack"), "evasion does not matter for the agent");
    assert!(change.text.contains("New since 2025.08 and relevant for this system: "), "{}", change.text);
    let credit = include_str!("../examples/credit-scoring.json").replace("\"catalog\": \"2026.08\"", "\"catalog\": \"2026.02\"");
    let change = assess_text(&credit).unwrap().catalog_change.unwrap();
    assert!(change.added.is_empty(), "{:?}", change.added);
    assert!(change.text.ends_with("Nothing added to the catalog since 2026.02 matters for this system."));
}

#[test]
fn explain_gathers_the_verdict_on_one_threat_or_control() {
    use ai_security_navigator::json::{parse, Value};
    use ai_security_navigator::{assessment, explain};
    let catalog = builtin_catalog();
    let text = SCENARIOS.iter().find(|(n, _)| *n == "chatbot").unwrap().1;
    let (file, problems) = assessment::read(text, catalog);
    assert!(problems.is_empty());
    let get = |v: &Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);

    // By an older name: "insecure output handling" is today's output-contains-injection threat.
    let t = parse(&explain(catalog, &file, "insecure output handling").unwrap()).unwrap();
    assert_eq!(get(&t, "id").as_deref(), Some("outputcontainsconventionalinjection"));
    assert_eq!(get(&t, "status").as_deref(), Some("applies"));
    assert!(get(&t, "summary").unwrap().ends_with("applies to your system; it is yours to handle."));
    assert_eq!(get(&t, "url").as_deref(), Some("https://owaspai.org/go/outputcontainsconventionalinjection/"));
    let controls = t.get("controls").and_then(Value::as_array).unwrap();
    assert!(controls.iter().any(|c| get(c, "id").as_deref() == Some("ENCODEMODELOUTPUT")), "{controls:?}");

    // The register line and its override come along.
    let d = parse(&explain(catalog, &file, "directpromptinjection").unwrap()).unwrap();
    let risk = d.get("risk").unwrap();
    assert_eq!(risk.get("likelihood").and_then(Value::as_i64), Some(4));
    assert_eq!(get(risk, "owner").as_deref(), Some("app team"));

    // A group lists its members' verdicts.
    let g = parse(&explain(catalog, &file, "evasion").unwrap()).unwrap();
    assert_eq!(get(&g, "status").as_deref(), Some("not-applicable"));
    assert!(g.get("children").and_then(Value::as_array).is_some_and(|c| c.len() >= 4));
    assert_eq!(g.get("risk"), Some(&Value::Null));

    // A control: what it covers here, and every threat it addresses with that threat's verdict.
    let c = parse(&explain(catalog, &file, "#PROMPT INJECTION I/O HANDLING").unwrap()).unwrap();
    assert_eq!(get(&c, "kind").as_deref(), Some("control"));
    assert_eq!(get(&c, "implementation").as_deref(), Some("planned"));
    assert!(get(&c, "summary").unwrap().starts_with("Prompt injection I/O handling is recommended: it addresses"));
    let covers: Vec<String> =
        c.get("covers").and_then(Value::as_array).unwrap().iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    assert!(covers.contains(&"indirectpromptinjection".to_string()), "{covers:?}");

    let unknown = explain(catalog, &file, "promptinjektion").unwrap_err();
    assert_eq!(unknown.code.as_str(), "unknown-id");
    assert!(unknown.allowed.iter().any(|a| a == "promptinjection"), "{:?}", unknown.allowed);
}

#[test]
fn a_reason_quotes_an_answer_as_the_user_saw_it() {
    let chatbot = scenario("chatbot");
    let injection = chatbot.threats.iter().find(|t| t.id == "directpromptinjection").unwrap();
    let quoted = "Stays on your list: you answered \"Generative AI: a large language model\" to \"What kind of model is at the heart of the system?\"";
    assert!(injection.reasons.iter().any(|r| r.text == quoted), "{:?}", injection.reasons);
    // Yes/no questions quote "Yes" and "No".
    let all: Vec<&str> = chatbot.threats.iter().flat_map(|t| t.reasons.iter().map(|r| r.text.as_ref())).collect();
    assert!(all.iter().any(|r| r.starts_with("Stays on your list: you answered \"Yes\" to ")), "{all:?}");
    assert!(!all.iter().any(|r| r.contains("you answered \"yes\"") || r.contains("you answered \"genai_llm\"")));
}

#[test]
fn a_group_summary_counts_in_plain_english() {
    let empty = scenario("empty");
    let group = empty.threats.iter().find(|t| t.id == "inputthreats").unwrap();
    assert_eq!(group.reasons[0].text, "Summarises the 12 threats under it: 1 applies, 11 unknown, 0 low, 0 not applicable.");
}
