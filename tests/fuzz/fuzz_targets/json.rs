//! The JSON reader: never panics, and what it reads it writes back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(value) = ai_security_navigator::json::parse(text) {
        let written = value.to_json();
        assert_eq!(ai_security_navigator::json::parse(&written).as_ref(), Ok(&value));
    }
});
