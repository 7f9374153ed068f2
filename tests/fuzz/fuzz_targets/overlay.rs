//! Any text as a custom catalog overlay: validating it and applying it to the built-in catalog
//! must never panic, and on a merged catalog assessing, reporting and every layout must not either.
#![no_main]

use ai_security_navigator::{assess, assessment, builtin_catalog, catalog_document, json, layout, overlay, report, svg, AssessmentFile};
use libfuzzer_sys::fuzz_target;

const VIEWS: [&str; 6] = ["navigator", "matrix", "periodic", "model-general", "model-trained", "model-as-is"];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let builtin = builtin_catalog();
    let problems = overlay::validate(builtin, text);
    let Ok(custom) = overlay::apply(builtin, catalog_document(), text) else {
        assert!(!problems.is_empty(), "an overlay that does not apply has problems");
        return;
    };
    assert!(problems.is_empty(), "an overlay that applies has no problems: {problems:?}");
    let catalog = &custom.catalog;
    assert!(json::parse(&custom.document).is_ok(), "the merged document is JSON");
    // Nothing answered, the first option everywhere, the last option everywhere, and an example.
    let pick = |last: bool| {
        let answers: Vec<(&str, &str)> = catalog
            .questions
            .iter()
            .filter_map(|q| Some((q.id.as_ref(), if last { q.options.last()? } else { q.options.first()? }.as_ref())))
            .collect();
        AssessmentFile::with_answers(&answers)
    };
    let (example, _) = assessment::read(include_str!("../../../examples/support-chatbot.json"), catalog);
    for file in [AssessmentFile::default(), pick(false), pick(true), example] {
        let result = assess(catalog, &file);
        assert!(json::parse(&result.to_json()).is_ok(), "the result is JSON");
        let _ = report::markdown(catalog, &file, &result, "2026-01-01");
        let _ = report::csv(catalog, &result, "2026-01-01");
    }
    let result = assess(catalog, &pick(false));
    for view in VIEWS {
        let layout = layout::layout(catalog, view).expect("every view lays out");
        assert!(json::parse(&layout.to_json()).is_ok(), "the layout is JSON");
        let _ = svg::svg(catalog, &layout, Some((&result, "fuzz")));
    }
});
