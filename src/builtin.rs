//! The catalog built into the module.
//!
//! By default `build.rs` generates it as `static` data: available at once, nothing to parse.
//! With the `parse-catalog` feature the raw files are embedded and parsed on first use instead
//! (kept only so that `npm run bench` can measure the difference).

use crate::catalog::Catalog;

/// The catalog document as minified JSON: everything the page shows.
#[cfg(not(feature = "parse-catalog"))]
const DOCUMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.json"));

#[cfg(not(feature = "parse-catalog"))]
mod generated {
    #![allow(clippy::all)]
    use crate::catalog::*;
    use std::borrow::Cow;

    /// `length` bytes of the document from `offset`: the generated model borrows every string
    /// the document contains instead of storing it a second time. An inline `const` block, so it
    /// is always evaluated by the compiler: a slice that is not UTF-8 (which `emit` never writes)
    /// fails the build, and the module carries no panic for it.
    macro_rules! doc {
        ($offset:literal, $length:literal) => {
            const {
                match core::str::from_utf8(super::DOCUMENT.as_bytes().split_at($offset).1.split_at($length).0) {
                    Ok(text) => text,
                    Err(_) => panic!("a string of the generated catalog is not a slice of the document"),
                }
            }
        };
    }

    include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));
}

#[cfg(not(feature = "parse-catalog"))]
pub fn catalog() -> &'static Catalog {
    &generated::CATALOG
}

#[cfg(not(feature = "parse-catalog"))]
pub fn document() -> &'static str {
    DOCUMENT
}

#[cfg(feature = "parse-catalog")]
mod parsed {
    use crate::catalog::{load, Catalog, Loaded, SourceFile};
    use std::sync::OnceLock;

    macro_rules! raw {
        ($($name:literal),*) => {
            [$(SourceFile { name: $name, text: include_str!(concat!(env!("OUT_DIR"), "/raw-", $name)) }),*]
        };
    }

    pub fn loaded() -> Option<&'static (Catalog, String)> {
        static LOADED: OnceLock<Option<(Catalog, String)>> = OnceLock::new();
        LOADED
            .get_or_init(|| {
                let files =
                    raw!("catalog.json", "taxonomy.json", "threats.json", "controls.json", "mappings.json", "questions.json", "rules.json");
                load(&files).ok().map(|Loaded { catalog, document }| (catalog, document.to_json()))
            })
            .as_ref()
    }
}

#[cfg(feature = "parse-catalog")]
pub fn catalog() -> &'static Catalog {
    static EMPTY: Catalog = Catalog::EMPTY;
    parsed::loaded().map_or(&EMPTY, |(c, _)| c)
}

#[cfg(feature = "parse-catalog")]
pub fn document() -> &'static str {
    parsed::loaded().map_or("{}", |(_, d)| d.as_str())
}
