use ai_security_navigator::{assess, assessment, builtin_catalog};
use std::hint::black_box;
fn main() {
    let catalog = builtin_catalog();
    let text = include_str!("mail-agent.json");
    let (file, _) = assessment::read(text, catalog);
    let mode = std::env::args().nth(1).unwrap_or_default();
    for _ in 0..100_000 {
        let r = assess(catalog, black_box(&file));
        if mode == "json" { black_box(r.to_json()); } else { black_box(r); }
    }
}
