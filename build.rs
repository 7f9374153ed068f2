//! Validates the catalog in `catalog/` with the core's own reader and embeds it.
//!
//! A catalog that does not validate does not build: every problem is printed with its file,
//! entry and field, and the build stops. A valid catalog is written, minified, to `OUT_DIR`,
//! where `src/lib.rs` includes it.

#[allow(dead_code, unused_imports)]
#[path = "src/catalog/mod.rs"]
mod catalog;

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    println!("cargo:rerun-if-changed={}", dir.display());
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();

    let mut texts = Vec::new();
    for name in catalog::FILES {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        match std::fs::read_to_string(&path) {
            Ok(text) => texts.push((name, text)),
            Err(e) => fail(&[format!("catalog/{name}: cannot read: {e}")]),
        }
    }
    let files: Vec<catalog::SourceFile<'_>> =
        texts.iter().map(|(name, text)| catalog::SourceFile { name, text }).collect();
    if let Err(problems) = catalog::load(&files) {
        fail(&problems.iter().map(|p| format!("catalog/{p}")).collect::<Vec<_>>());
    }
    for (name, text) in &texts {
        // Valid JSON: checked by load() above.
        let mut value: serde_json::Value = serde_json::from_str(text).expect("validated JSON");
        if let Some(map) = value.as_object_mut() {
            map.remove("$schema");
        }
        std::fs::write(out.join(name), value.to_string()).expect("OUT_DIR is writable");
    }
}

fn fail(problems: &[String]) -> ! {
    eprintln!("\nThe catalog is not valid ({} problem(s)):", problems.len());
    for p in problems {
        eprintln!("  - {p}");
    }
    eprintln!();
    std::process::exit(1);
}
