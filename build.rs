//! Validates the catalog in `catalog/` with the core's own reader, then embeds it.
//!
//! A catalog that does not validate does not build: every problem is printed with its file,
//! entry and field, and the build stops. A valid catalog becomes two files in `OUT_DIR`:
//! - `catalog_data.rs`: the model as `static` Rust data (`src/builtin.rs` includes it);
//! - `catalog.json`: the catalog document (all prose, mappings and derived fields), minified,
//!   which the module hands to JavaScript as it is.
//!
//! With the `parse-catalog` feature the module instead embeds the raw files and parses them at
//! start-up: kept only so that the benchmark can compare the two designs.

#[allow(dead_code, unused_imports)]
#[path = "src/catalog/mod.rs"]
mod catalog;

// The catalog reader uses the crate's own JSON module (as `crate::json`).
#[allow(dead_code)]
#[path = "src/json.rs"]
mod json;

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut texts = Vec::new();
    for name in catalog::FILES {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        match std::fs::read_to_string(&path) {
            Ok(text) => texts.push((name, text)),
            Err(e) => fail(&[format!("catalog/{name}: cannot read: {e}")]),
        }
    }
    let files: Vec<catalog::SourceFile<'_>> = texts.iter().map(|(name, text)| catalog::SourceFile { name, text }).collect();
    let loaded = match catalog::load(&files) {
        Ok(loaded) => loaded,
        Err(problems) => fail(&problems.iter().map(|p| format!("catalog/{p}")).collect::<Vec<_>>()),
    };
    let document = loaded.document.to_json();
    write(&out.join("catalog_data.rs"), &catalog::emit::catalog_source(&loaded.catalog, &document));
    write(&out.join("catalog.json"), &document);
    for (name, text) in &texts {
        // Minified copies for the `parse-catalog` build; the JSON was validated by load() above.
        let minified = json::parse(text).map(|v| v.to_json()).unwrap_or_default();
        write(&out.join(format!("raw-{name}")), &minified);
    }
}

fn write(path: &Path, text: &str) {
    if let Err(e) = std::fs::write(path, text) {
        fail(&[format!("cannot write {}: {e}", path.display())]);
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
