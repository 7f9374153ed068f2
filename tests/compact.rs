//! The compact result (src/compact.rs): strings cross once, a caller that fell behind catches
//! up, and the stream holds together. (That the objects JavaScript builds from it equal the JSON
//! result is checked in tests/js/compact.test.mjs.)

use ai_security_navigator::compact::{Interner, NULL};
use ai_security_navigator::{assess, assessment, builtin_catalog, Assessment};

fn result(text: &str) -> Assessment {
    let catalog = builtin_catalog();
    let (file, problems) = assessment::read(text, catalog);
    assert!(problems.is_empty(), "{problems:?}");
    assess(catalog, &file)
}

/// (first, new, dynamic) and the lengths at the end of the stream.
fn header(numbers: &[u32]) -> (u32, u32, u32, &[u32]) {
    let (first, new, dynamic) = (numbers[0], numbers[1], numbers[2]);
    (first, new, dynamic, &numbers[numbers.len() - (new + dynamic) as usize..])
}

#[test]
fn strings_cross_once_and_a_caller_that_fell_behind_catches_up() {
    let r = result(include_str!("../examples/mail-agent.json"));
    let mut interner = Interner::new();
    let first = r.to_compact(&mut interner, 0);
    let (start, new, dynamic, lengths) = header(&first.numbers);
    assert_eq!((start, new as usize), (0, interner.len()), "the first result brings every string it uses");
    assert!(new > 100 && dynamic > 0);
    // The text is exactly the strings the lengths announce (all ASCII or BMP here but the dashes).
    let units: u32 = lengths.iter().sum();
    assert_eq!(units as usize, first.text.encode_utf16().count());

    let known = interner.len();
    let again = r.to_compact(&mut interner, known);
    let (start, new, dynamic_again, _) = header(&again.numbers);
    assert_eq!((start as usize, new, dynamic_again), (known, 0, dynamic), "nothing new the second time");
    assert_eq!(again.numbers.len(), first.numbers.len() - known, "the same body, without the table's lengths");
    assert_eq!(
        &again.numbers[3..again.numbers.len() - dynamic as usize],
        &first.numbers[3..first.numbers.len() - (known + dynamic as usize)]
    );

    // A caller that lost its table (or has too many) gets everything again from where it can.
    let (start, new, ..) = header(&r.to_compact(&mut interner, 0).numbers);
    assert_eq!((start, new as usize), (0, known));
    let (start, new, ..) = header(&r.to_compact(&mut interner, known + 50).numbers);
    assert_eq!((start as usize, new), (known, 0));
}

#[test]
fn the_users_own_words_and_nulls_are_dynamic_strings_or_null() {
    let r = result(
        r#"{ "answers": { "model_type": "genai_llm", "public_input": "yes" },
             "risks": { "directpromptinjection": { "owner": "Zoë 😀", "treatment": "accept" } } }"#,
    );
    let mut interner = Interner::new();
    let c = r.to_compact(&mut interner, 0);
    assert!(c.text.contains("Zoë 😀"));
    let (_, new, dynamic, lengths) = header(&c.numbers);
    assert!(lengths[new as usize..].contains(&6), "'Zoë 😀' is 6 UTF-16 units: {lengths:?}");
    assert!(dynamic >= 1);
    assert!(c.numbers.contains(&NULL), "no catalog change, unranked controls: null");
}
