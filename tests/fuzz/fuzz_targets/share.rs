//! Any text as a share link's fragment: reading never panics, and a link that reads is written
//! again to a link that reads to the same file (and is spelled the same way once more).
#![no_main]

use ai_security_navigator::{builtin_catalog, share, AssessmentFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let catalog = builtin_catalog();
    let Ok(file) = share::read(catalog, text) else { return };
    let link = share::write(catalog, &file).expect("a file read from a link can be written as one");
    let again = share::read(catalog, &link).unwrap_or_else(|e| panic!("{link} does not read: {e:?}"));
    // Older ids come back as the current ones; only the record of the migration is gone.
    assert_eq!(again, AssessmentFile { migrated: Vec::new(), ..file });
    assert_eq!(share::write(catalog, &again).as_deref(), Ok(link.as_str()));
});
