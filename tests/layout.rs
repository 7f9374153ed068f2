//! Layout invariants for every view: everything drawn, nothing overlapping, labels that fit,
//! every relation an edge, the same result every time. Runs natively and as WebAssembly.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ai_security_navigator::assess::{Responsibility, Status};
use ai_security_navigator::catalog::ThreatKind;
use ai_security_navigator::layout::{chars_for, layout, wrap, Layout, Node, Role, VIEWS};
use ai_security_navigator::{assess_text, builtin_catalog, svg};

fn all() -> Vec<Layout> {
    VIEWS.iter().map(|v| layout(builtin_catalog(), v).unwrap()).collect()
}

fn overlap(a: &Node, b: &Node) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

#[test]
fn no_two_nodes_overlap_in_any_view() {
    for l in all() {
        for (i, a) in l.nodes.iter().enumerate() {
            for b in &l.nodes[i + 1..] {
                assert!(!overlap(a, b), "{}: {} overlaps {}", l.view, a.key, b.key);
            }
        }
    }
}

#[test]
fn every_node_lies_inside_the_diagram_and_its_label_fits() {
    for l in all() {
        let mut keys = std::collections::HashSet::new();
        for n in &l.nodes {
            assert!(keys.insert(&n.key), "{}: duplicate key {}", l.view, n.key);
            assert!(n.x >= 0 && n.y >= 0 && n.x + n.w <= l.width && n.y + n.h <= l.height, "{}: {} outside", l.view, n.key);
            let room = chars_for(n.w);
            assert!(room * 7 + 16 + 14 <= n.w as usize, "the estimate leaves room for padding and the symbol");
            for line in &n.lines {
                assert!(line.chars().count() <= room, "{}: '{line}' is too long for {}", l.view, n.key);
            }
            assert!(n.h >= n.lines.len() as i32 * 17 + 16, "{}: {} too short for its lines", l.view, n.key);
        }
    }
}

#[test]
fn the_navigator_shows_every_threat_and_control_and_every_listed_relation() {
    let catalog = builtin_catalog();
    let l = layout(catalog, "navigator").unwrap();
    let count = |role| l.nodes.iter().filter(|n| n.role == role).count();
    assert_eq!((count(Role::Threat), count(Role::Control)), (34, 55));
    for t in catalog.threats.iter() {
        let node = l.nodes.iter().find(|n| n.key == format!("threat:{}", t.id)).unwrap();
        assert_eq!(node.lines.join(" "), t.name, "the label is the name");
        let impacts: Vec<&str> = t.impacts.iter().map(|i| &**i).collect();
        assert_eq!(node.impacts, impacts);
        let mut listed: Vec<&str> = t.controls.iter().map(|c| &**c).collect();
        listed.extend(t.periodic_table_controls.iter().flat_map(|p| p.iter().map(|c| &**c)));
        for c in listed {
            assert!(
                l.edges.iter().any(|e| e.from == format!("threat:{}", t.id) && e.to == format!("control:{c}")),
                "no edge {} → {c}",
                t.id
            );
        }
    }
    // Edges start at a threat's right side and end at a control's left side.
    for e in &l.edges {
        let from = l.nodes.iter().find(|n| n.key == e.from).unwrap();
        let to = l.nodes.iter().find(|n| n.key == e.to).unwrap();
        assert!(e.d.starts_with(&format!("M{} {}C", from.x + from.w, from.y + from.h / 2)), "{}", e.d);
        assert!(e.d.ends_with(&format!(" {} {}", to.x, to.y + to.h / 2)), "{}", e.d);
    }
    // Bands follow the lifecycle: every threat sits below its band's heading.
    let band_y = |id: &str| l.nodes.iter().find(|n| n.key == format!("band:{id}")).unwrap().y;
    let (dev, input, runtime) = (band_y("development-time"), band_y("input"), band_y("runtime"));
    assert!(dev < input && input < runtime);
    let y = |id: &str| l.nodes.iter().find(|n| n.key == format!("threat:{id}")).unwrap().y;
    assert!(y("datapoison") > dev && y("datapoison") < input);
    assert!(y("evasion") > input && y("evasion") < runtime);
    assert!(y("agentescape") > runtime);
}

#[test]
fn the_matrix_marks_every_impact_of_every_threat() {
    let catalog = builtin_catalog();
    let l = layout(catalog, "matrix").unwrap();
    let mut marks = 0;
    for t in catalog.threats.iter().filter(|t| t.kind != ThreatKind::Section) {
        for i in t.impacts.iter() {
            let key = format!("mark:{}:{i}", t.id);
            let mark = l.nodes.iter().find(|n| n.key == key).unwrap_or_else(|| panic!("missing {key}"));
            let column = l.nodes.iter().find(|n| n.key == format!("impact:{i}")).unwrap();
            let row = l.nodes.iter().find(|n| n.key == format!("threat:{}", t.id)).unwrap();
            assert_eq!((mark.x, mark.y), (column.x, row.y), "{key} sits in its column and row");
            marks += 1;
        }
    }
    assert_eq!(l.nodes.iter().filter(|n| n.role == Role::Mark).count(), marks);
    assert_eq!(l.nodes.iter().filter(|n| n.role == Role::Heading && n.key.starts_with("impact:")).count(), 6);
}

#[test]
fn the_periodic_table_gives_every_threat_its_controls_under_each_impact() {
    let catalog = builtin_catalog();
    let l = layout(catalog, "periodic").unwrap();
    for t in catalog.threats.iter() {
        let Some(list) = &t.periodic_table_controls else { continue };
        for i in t.impacts.iter() {
            for c in list.iter() {
                let key = format!("control:{c}@{}@{i}", t.id);
                assert!(l.nodes.iter().any(|n| n.key == key), "missing {key}");
            }
        }
    }
    // Newer threats that the table does not list still get a row with their own controls.
    assert!(l.nodes.iter().any(|n| n.key == "control:AGENTSANDBOXING@agentescape@I_MODEL"), "agent escape is in");
    // And sub-threats of a listed entry do not repeat it.
    assert!(!l.nodes.iter().any(|n| n.key.starts_with("threat:zeroknowledgeevasion@")));
}

#[test]
fn threat_models_leave_out_what_cannot_arise_and_set_the_providers_part_apart() {
    let catalog = builtin_catalog();
    let is_leaf = |id: &str| {
        let t = catalog.threat(id).unwrap();
        t.kind != ThreatKind::Section && !catalog.threats.iter().any(|x| x.parent.as_deref() == Some(id))
    };
    let general = layout(catalog, "model-general").unwrap();
    let leaves = catalog.threats.iter().filter(|t| is_leaf(&t.id)).count();
    assert_eq!(general.nodes.iter().filter(|n| n.role == Role::Threat).count(), leaves, "the concrete threats, no sections");
    // A threat without a list of its own takes the controls of the group above it.
    assert!(general.edges.iter().any(|e| e.from == "threat:zeroknowledgeevasion" && e.to == "control:EVASIONROBUSTMODEL"));
    // Only controls that address a shown threat.
    for n in general.nodes.iter().filter(|n| n.role == Role::Control) {
        assert!(general.edges.iter().any(|e| e.to == n.key), "{} has no relation", n.key);
    }
    let as_is = layout(catalog, "model-as-is").unwrap();
    let result =
        assess_text(r#"{"answers":{"model_type":"genai_llm","decision_fooling":"no","training":"as_is","hosting":"provider"}}"#).unwrap();
    let provider = as_is.nodes.iter().find(|n| n.key == "band:provider").expect("a band for the provider");
    for t in result.threats.iter().filter(|t| is_leaf(&t.id)) {
        let node = as_is.nodes.iter().find(|n| n.key == format!("threat:{}", t.id));
        if t.status == Status::NotApplicable {
            assert!(node.is_none(), "{} cannot arise and is left out", t.id);
            continue;
        }
        let node = node.unwrap_or_else(|| panic!("{} is shown", t.id));
        assert_eq!(node.responsibility, Some(t.responsibility), "{}", t.id);
        assert_eq!(node.y > provider.y, t.responsibility == Responsibility::Supplier, "{} in the right part", t.id);
    }
    assert!(as_is.nodes.iter().any(|n| n.key == "threat:datapoison" && n.y > provider.y), "poisoning is the maker's");
    assert!(!as_is.nodes.iter().any(|n| n.key == "threat:zeroknowledgeevasion"), "nobody gains from fooling it");
    let trained = layout(catalog, "model-trained").unwrap();
    assert!(!trained.nodes.iter().any(|n| n.key == "band:provider"));
    assert!(trained.nodes.iter().any(|n| n.key == "threat:directpromptinjection"));
    assert!(trained.nodes.iter().any(|n| n.key == "threat:datapoison" && n.responsibility == Some(Responsibility::Own)));
    assert_ne!(trained, general);
}

#[test]
fn layouts_are_deterministic_and_unknown_views_are_errors() {
    for v in VIEWS {
        let (a, b) = (layout(builtin_catalog(), v).unwrap(), layout(builtin_catalog(), v).unwrap());
        assert_eq!(a, b);
        assert_eq!(a.to_json(), b.to_json());
    }
    let error = layout(builtin_catalog(), "mindmap").unwrap_err();
    assert_eq!(error.code.as_str(), "invalid-argument");
    assert!(error.message.contains("views: navigator, matrix, periodic, model-general, model-trained, model-as-is"));
}

#[test]
fn labels_wrap_at_spaces_and_split_only_overlong_words() {
    assert_eq!(wrap("Prompt injection I/O handling", 16), vec!["Prompt injection", "I/O handling"]);
    assert_eq!(wrap("Supercalifragilistic", 8), vec!["Superca-", "lifragi-", "listic"]);
    assert_eq!(wrap("", 10), vec![""]);
}

#[test]
fn the_svg_file_draws_every_node_and_escapes_text() {
    let catalog = builtin_catalog();
    let l = layout(catalog, "navigator").unwrap();
    let plain = svg::svg(catalog, &l, None);
    assert!(plain.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert_eq!(plain.matches("<g class=\"threat ").count(), 34);
    assert_eq!(plain.matches("<g class=\"control ").count(), 55);
    assert_eq!(plain.matches("<path class=\"edge\"").count(), l.edges.len());
    assert!(plain.contains("Prompt injection I/O handling"));
    let result = assess_text(include_str!("../examples/support-chatbot.json")).unwrap();
    let drawn = svg::svg(catalog, &l, Some((&result, "<Bob & Alice's> bot")));
    assert!(drawn.contains("for &lt;Bob &amp; Alice&#39;s&gt; bot"));
    assert!(!drawn.contains("<Bob"));
    assert!(drawn.contains("<g class=\"threat applies\">"), "states become classes");
    assert!(drawn.contains("class=\"symbol\""), "and symbols, not only colours");
}

#[test]
fn a_catalog_ten_times_larger_lays_out_without_overlaps() {
    let large = builtin_catalog().scaled(10);
    assert_eq!((large.threats.len(), large.controls.len()), (340, 550));
    let l = layout(&large, "navigator").unwrap();
    assert_eq!(l.nodes.iter().filter(|n| n.role == Role::Threat).count(), 340);
    let mut nodes: Vec<&Node> = l.nodes.iter().collect();
    nodes.sort_by_key(|n| (n.x, n.y));
    for pair in nodes.windows(2) {
        if pair[0].x == pair[1].x {
            assert!(!overlap(pair[0], pair[1]), "{} overlaps {}", pair[0].key, pair[1].key);
        }
    }
    assert_eq!(l.edges.len(), 10 * layout(builtin_catalog(), "navigator").unwrap().edges.len());
}
