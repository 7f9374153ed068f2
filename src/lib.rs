//! AI Security Navigator: the OWASP AI Exchange as software.
//!
//! The core knows nothing of WebAssembly: [`catalog`] holds the model of threats and controls,
//! and this module exposes the built-in catalog. The binding for JavaScript lives in `wasm.rs`
//! and only converts types and errors.
//!
//! ```
//! let catalog = ai_security_navigator::builtin_catalog();
//! let entry = ai_security_navigator::lookup(catalog, "#PROMPT INJECTION I/O HANDLING").unwrap();
//! assert_eq!(entry.id(), "PROMPTINJECTIONIOHANDLING");
//! ```

pub mod assess;
pub mod assessment;
mod builtin;
pub mod catalog;
pub mod compact;
mod error;
pub mod explain;
pub mod json;
mod key_index;
pub mod layout;
pub mod overlay;
pub mod report;
pub mod share;
pub mod svg;

/// The JavaScript binding; public only so that the in-browser tests can call it directly.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use assess::{assess, Assessment, Status};
pub use assessment::AssessmentFile;
pub use catalog::{Catalog, Entry};
pub use error::{Error, ErrorCode};
pub use explain::explain;

/// The catalog built into this module.
pub fn builtin_catalog() -> &'static Catalog {
    builtin::catalog()
}

/// The built-in catalog as a JSON document: every entry with its prose, relations, aliases,
/// mappings and permalinks (what the page shows and `catalog()` returns to JavaScript).
pub fn catalog_document() -> &'static str {
    builtin::document()
}

/// The built-in catalog with a custom catalog overlay applied (format in `catalog/OVERLAY.md`):
/// its model and document, or every problem in the overlay.
pub fn with_overlay(text: &str) -> Result<overlay::Custom, Vec<catalog::Problem>> {
    overlay::apply(builtin_catalog(), catalog_document(), text)
}

/// Longest text [`lookup`] and [`search`] consider: no id, name or permalink comes near it.
const MAX_QUERY_LEN: usize = 1_000;

fn check_query(text: &str, name: &str) -> Result<(), Error> {
    if text.len() > MAX_QUERY_LEN {
        return Err(
            Error::new(ErrorCode::InvalidArgument, format!("`{name}` is too long: {} bytes, at most {MAX_QUERY_LEN}", text.len())).at(name)
        );
    }
    Ok(())
}

/// Finds a threat or control by current id, older id or name, `#LABEL` or permalink, or says
/// which ids come closest.
pub fn lookup<'a>(catalog: &'a Catalog, text: &str) -> Result<Entry<'a>, Error> {
    check_query(text, "id")?;
    catalog.find(text).ok_or_else(|| {
        let suggestions = catalog.suggest(text, 3);
        let hint = match suggestions.as_slice() {
            [] => String::from("; use a threat id such as 'evasion' or a control id such as 'MONITORUSE'"),
            some => format!("; did you mean {}?", some.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(" or ")),
        };
        let shown: String = text.chars().take(80).collect();
        Error::new(ErrorCode::UnknownId, format!("no threat or control is called '{shown}'{hint}")).at("id").allowing(suggestions)
    })
}

/// Threats and controls whose id, name, label or alias contains `query`, best matches first.
pub fn search<'a>(catalog: &'a Catalog, query: &str) -> Result<Vec<Entry<'a>>, Error> {
    check_query(query, "query")?;
    Ok(catalog.search(query))
}

/// Reads an assessment file and assesses it against the built-in catalog. Every problem in the
/// file is returned at once; the file must be free of them to be assessed.
pub fn assess_text(text: &str) -> Result<Assessment, Vec<Error>> {
    let catalog = builtin_catalog();
    let (file, problems) = assessment::read(text, catalog);
    if problems.is_empty() {
        Ok(assess(catalog, &file))
    } else {
        Err(problems)
    }
}
