//! Any text as an assessment file: reading, assessing, and every output format (the compact one
//! too) must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let catalog = ai_security_navigator::builtin_catalog();
    let (file, _problems) = ai_security_navigator::assessment::read(text, catalog);
    let result = ai_security_navigator::assess(catalog, &file);
    let json = result.to_json();
    assert!(ai_security_navigator::json::parse(&json).is_ok(), "the result is valid JSON");
    // The compact form JavaScript receives: the text holds exactly the strings it announces.
    let mut interner = ai_security_navigator::compact::Interner::new();
    let compact = result.to_compact(&mut interner, 0);
    let (new, made) = (compact.numbers[1] as usize, compact.numbers[2] as usize);
    let units: u32 = compact.numbers[compact.numbers.len() - new - made..].iter().sum();
    assert_eq!(units as usize, compact.text.encode_utf16().count(), "the lengths add up to the text");
    let _ = ai_security_navigator::report::markdown(catalog, &file, &result, "2026-01-01");
    let _ = ai_security_navigator::report::csv(catalog, &result, "2026-01-01");
});
