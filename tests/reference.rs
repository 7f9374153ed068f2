//! The catalog against the reference facts (`../shared/reference/ai-exchange-catalog-facts.json`,
//! or the file named by `ASN_REFERENCE`): every impact, threat, control, relation, alias and
//! mapping of the reference must be in the catalog. Removing any one of them fails a test here.
//! Native only: it reads the reference from disk.
#![cfg(not(target_arch = "wasm32"))]

use ai_security_navigator::catalog::{Catalog, ThreatKind};
use ai_security_navigator::{builtin_catalog, catalog_document, lookup};
use serde_json::Value;
use std::collections::BTreeSet;

fn reference() -> Value {
    let path = std::env::var("ASN_REFERENCE")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/ai-exchange-catalog-facts.json").to_string());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read the reference facts at {path} ({e}); they live in shared/reference beside the checkout, or set ASN_REFERENCE")
    });
    serde_json::from_str(&text).expect("the reference is JSON")
}

fn document() -> Value {
    serde_json::from_str(catalog_document()).unwrap()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

/// The id at the start of a reference string such as `"DEVSECURITY (supplier)"`, if it is one.
fn leading_id(s: &str) -> Option<&str> {
    let token = s.split([' ', '(']).next().unwrap_or_default();
    (!token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(token)
}

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    items.into_iter().collect()
}

fn texts<'a>(list: &'a [std::borrow::Cow<'static, str>]) -> BTreeSet<&'a str> {
    list.iter().map(|s| s.as_ref()).collect()
}

fn resolves_to(catalog: &Catalog, text: &str, id: &str) {
    match lookup(catalog, text) {
        Ok(entry) => assert_eq!(entry.id(), id, "'{text}' resolves to {} instead of {id}", entry.id()),
        Err(e) => panic!("'{text}' (an older name of {id}) does not resolve: {e}"),
    }
}

#[test]
fn impacts_match() {
    let r = reference();
    let catalog = builtin_catalog();
    let refs = r["impacts"].as_array().unwrap();
    assert_eq!(catalog.impacts.len(), refs.len());
    for i in refs {
        let ours = catalog.impacts.iter().find(|x| x.id == i["id"].as_str().unwrap()).expect("impact present");
        assert_eq!(u64::from(ours.nr), i["nr"].as_u64().unwrap());
    }
}

#[test]
fn every_threat_with_its_place_impacts_and_applicability() {
    let r = reference();
    let catalog = builtin_catalog();
    let refs = r["threats"].as_array().unwrap();
    assert_eq!(catalog.threats.len(), refs.len());
    for t in refs {
        let id = t["id"].as_str().unwrap();
        let ours = catalog.threat(id).unwrap_or_else(|| panic!("threat {id} missing"));
        assert_eq!(ours.code, t["code"].as_str().unwrap(), "{id}: code");
        let kind = match ours.kind {
            ThreatKind::Section => "section",
            ThreatKind::Group => "group",
            ThreatKind::Threat => "threat",
        };
        assert_eq!(kind, t["kind"].as_str().unwrap(), "{id}: kind");
        assert_eq!(ours.parent.as_deref(), t["parent"].as_str(), "{id}: parent");
        assert_eq!(texts(&ours.impacts), set(strs(&t["impacts"])), "{id}: impacts");
        let applies = &t["applies_to"];
        assert_eq!(ours.applies_to.genai, applies["genai"].as_bool().unwrap(), "{id}: genai");
        assert_eq!(ours.applies_to.predictive, applies["predictive"].as_bool().unwrap(), "{id}: predictive");
        assert_eq!(ours.applies_to.llm_only, applies["llm_only"].as_bool().unwrap(), "{id}: llm only");
        assert_eq!(catalog.url(id), t["url"].as_str().unwrap(), "{id}: permalink");
        let lifecycle = t["lifecycle"].as_str().unwrap();
        assert!(lifecycle.starts_with(&ours.lifecycle.as_str()[..5]), "{id}: lifecycle {lifecycle} vs {:?}", ours.lifecycle);
    }
}

#[test]
fn every_threat_to_control_relation() {
    let r = reference();
    let catalog = builtin_catalog();
    for t in r["threats"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let ours = catalog.threat(id).unwrap();
        assert_eq!(texts(&ours.controls), set(strs(&t["controls_section"])), "{id}: the section's controls");
        if t["controls_periodic_table"].is_array() {
            let listed: BTreeSet<&str> = strs(&t["controls_periodic_table"]).into_iter().filter_map(leading_id).collect();
            let mut ours_listed = ours.periodic_table_controls.as_deref().map(texts).unwrap_or_default();
            if let Some(by_party) = &ours.controls_by_party {
                ours_listed.extend(texts(&by_party.supplier));
                ours_listed.extend(texts(&by_party.producer));
            }
            assert_eq!(ours_listed, listed, "{id}: the periodic table's controls");
        }
        assert_eq!(texts(&ours.control_sets), set(strs(&t["control_groups"])), "{id}: control sets");
        if let Some(from) = t["inherits_controls_from"].as_str() {
            let inherited = ours.inherits_controls.as_ref().unwrap_or_else(|| panic!("{id}: inherits controls"));
            assert_eq!(inherited.from, leading_id(from).unwrap(), "{id}: inherits from");
        }
    }
    // Party split where the periodic table marks it.
    let supply = catalog.threat("supplymodelpoison").unwrap().controls_by_party.as_ref().expect("split by party");
    assert_eq!(texts(&supply.supplier), set(["DEVSECURITY", "SEGREGATEDATA", "FEDERATEDLEARNING"]));
    assert_eq!(texts(&supply.producer), set(["SUPPLYCHAINMANAGE", "MODELENSEMBLE"]));
}

#[test]
fn every_legacy_threat_id_and_name_resolves() {
    let r = reference();
    let catalog = builtin_catalog();
    for t in r["threats"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        if let Some(legacy) = t["legacy"].as_object() {
            if let Some(old) = legacy.get("id").and_then(Value::as_str) {
                resolves_to(catalog, old, id);
                resolves_to(catalog, &format!("https://owaspai.org/goto/{old}/"), id);
            }
            if let Some(name) = legacy.get("name").and_then(Value::as_str) {
                resolves_to(catalog, name.split(" (").next().unwrap(), id);
            }
        }
    }
}

#[test]
fn every_llm_top10_id_of_every_threat() {
    let r = reference();
    let catalog = builtin_catalog();
    for t in r["threats"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let ours = catalog.threat(id).unwrap();
        for (edition, ids) in t["llm_top10"].as_object().unwrap() {
            for item in strs(ids).into_iter().filter(|s| s.starts_with("LLM")) {
                let llm = leading_id(item).unwrap();
                let listed = ours.llm_top10.iter().find(|(e, _)| e == edition).map(|(_, l)| texts(l)).unwrap_or_default();
                assert!(listed.contains(llm), "{id}: LLM Top 10 {edition} {llm}");
            }
        }
    }
}

fn group_id(reference_group: &str) -> &'static str {
    match reference_group.split(' ').next().unwrap() {
        "1" => "governance",
        "2a" => "it-standard",
        "2b" => "it-adapted",
        "2c" => "it-new",
        "3a" => "ds-development",
        "3b" => "ds-runtime",
        "4" => "minimise-data",
        "5" => "behaviour-impact",
        other => panic!("unknown group {other}"),
    }
}

#[test]
fn every_control_with_its_groups_and_old_ids() {
    let r = reference();
    let catalog = builtin_catalog();
    let refs = r["controls"].as_array().unwrap();
    assert_eq!(catalog.controls.len(), refs.len());
    for c in refs {
        let id = c["id"].as_str().unwrap();
        let ours = catalog.control(id).unwrap_or_else(|| panic!("control {id} missing"));
        if c["name"].as_str().unwrap().starts_with('#') {
            assert_eq!(ours.label, c["name"].as_str().unwrap(), "{id}: label");
        }
        assert_eq!(Some(ours.section.as_ref()), c["section"].as_str().unwrap().split(' ').next(), "{id}: section");
        assert_eq!(texts(&ours.groups), strs(&c["group"]).into_iter().map(group_id).collect(), "{id}: groups");
        assert_eq!(catalog.url(id), c["url"].as_str().unwrap(), "{id}: permalink");
        let essentials: BTreeSet<String> = ours
            .essentials
            .iter()
            .map(|e| {
                let node = catalog.essentials.iter().find(|x| x.id == *e).unwrap();
                let parent = catalog.essentials.iter().find(|x| Some(&x.id) == node.parent.as_ref()).unwrap();
                format!("{} > {}", parent.name, node.name.replace(": ", " > ")).to_lowercase()
            })
            .collect();
        let expected: BTreeSet<String> = strs(&c["essentials"]).into_iter().map(str::to_lowercase).collect();
        assert_eq!(essentials, expected, "{id}: essentials");
    }
    for old in r["legacy_controls"].as_array().unwrap() {
        resolves_to(catalog, old["legacy_id"].as_str().unwrap(), old["head_id"].as_str().unwrap());
        resolves_to(catalog, old["legacy_url"].as_str().unwrap(), old["head_id"].as_str().unwrap());
    }
}

#[test]
fn every_control_set() {
    let r = reference();
    let catalog = builtin_catalog();
    for (id, s) in r["control_sets"].as_object().unwrap() {
        let ours_id = match id.as_str() {
            "inputthreats_generic" => "inputthreatcontrols",
            "devtime_protection" => "devtimeprotection",
            other => other,
        };
        let ours = catalog.control_sets.iter().find(|x| x.id == ours_id).unwrap_or_else(|| panic!("set {id} missing"));
        assert_eq!(texts(&ours.members), set(strs(&s["members"])), "{id}: members");
    }
}

#[test]
fn every_llm_top10_mapping() {
    let r = reference();
    let doc = document();
    for (key, edition) in
        [("OWASP_LLM_Top10_2023", "2023"), ("OWASP_LLM_Top10_2025", "2025"), ("OWASP_LLM_Top10_2026_as_cited_by_site", "2026")]
    {
        let ours = doc["mappings"]["llmTop10"][edition].as_array().unwrap_or_else(|| panic!("edition {edition}"));
        for item in r["mappings"]["owasp_llm_top10"][key]["items"].as_array().unwrap() {
            let id = item["id"].as_str().unwrap();
            if item["name"].as_str().is_some_and(|n| n.starts_with('(')) {
                continue; // "(not referenced by site)": no mapping to hold
            }
            let mine = ours.iter().find(|x| x["id"] == id).unwrap_or_else(|| panic!("{edition} {id} missing"));
            if let Some(name) = item["name"].as_str() {
                assert_eq!(mine["name"], name, "{edition} {id}: name");
            }
            let threats = set(strs(&mine["threats"]));
            for t in strs(&item["threats"]).into_iter().filter_map(leading_id) {
                assert!(threats.contains(t), "{edition} {id}: threat {t}");
            }
            let controls = set(strs(&mine["controls"]));
            for c in strs(&item["controls"]).into_iter().filter_map(leading_id) {
                assert!(controls.contains(c), "{edition} {id}: control {c}");
            }
        }
    }
}

#[test]
fn every_ncsc_cisa_guideline_and_its_controls() {
    let r = reference();
    let doc = document();
    let catalog = builtin_catalog();
    let phases = doc["mappings"]["ncscCisa"]["phases"].as_array().unwrap();
    for (i, phase) in r["mappings"]["ncsc_cisa_joint_guidelines"]["phases"].as_array().unwrap().iter().enumerate() {
        let ours = &phases[i]["guidelines"];
        for item in phase["items"].as_array().unwrap() {
            let name = item["guideline"].as_str().unwrap();
            let mine = ours.as_array().unwrap().iter().find(|g| g["guideline"] == name).unwrap_or_else(|| panic!("guideline {name}"));
            let controls = set(strs(&mine["controls"]));
            for c in strs(&item["controls"]) {
                match leading_id(c).filter(|id| catalog.control(id).is_some()) {
                    Some(id) => assert!(controls.contains(id), "{name}: {id}"),
                    // "All development-time data science controls": every control of group 3a.
                    None if c.contains("development-time data science controls") => {
                        for x in catalog.controls.iter().filter(|x| x.groups.iter().any(|g| g == "ds-development")) {
                            assert!(controls.contains(x.id.as_ref()), "{name}: {}", x.id);
                        }
                    }
                    None => {} // prose such as "see 'Identify, track and protect your assets'"
                }
            }
        }
    }
}

#[test]
fn every_row_of_the_periodic_table() {
    let r = reference();
    let catalog = builtin_catalog();
    for row in r["ai_security_matrix_and_periodic_table"]["rows"].as_array().unwrap() {
        let Some(threat) = row["threat"].as_str().and_then(leading_id).and_then(|id| catalog.threat(id)) else {
            continue; // rows without a threat id (generic conventional threats)
        };
        let mut listed = threat.periodic_table_controls.as_deref().map(texts).unwrap_or_else(|| texts(&threat.controls));
        listed.extend(texts(&threat.control_sets));
        if let Some(by_party) = &threat.controls_by_party {
            listed.extend(texts(&by_party.supplier));
            listed.extend(texts(&by_party.producer));
        }
        for c in strs(&row["controls"]).into_iter().filter_map(leading_id) {
            if catalog.control(c).is_some() || catalog.control_sets.iter().any(|s| s.id == c) {
                assert!(listed.contains(c), "{}: {c}", threat.id);
            }
        }
    }
}
