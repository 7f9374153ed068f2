//! AI Security Navigator: the OWASP AI Exchange as software.
//!
//! The core knows nothing of WebAssembly: [`catalog`] holds the model of threats and controls,
//! and this module exposes the built-in catalog. The binding for JavaScript lives in `wasm.rs`
//! and only converts types and errors.
//!
//! ```
//! let catalog = ai_security_navigator::builtin_catalog().unwrap();
//! let entry = ai_security_navigator::lookup(catalog, "#PROMPT INJECTION I/O HANDLING").unwrap();
//! assert_eq!(entry.id(), "PROMPTINJECTIONIOHANDLING");
//! ```

pub mod catalog;
mod error;

/// The JavaScript binding; public only so that the in-browser tests can call it directly.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use catalog::{Catalog, Entry};
pub use error::{Error, ErrorCode};

use catalog::SourceFile;
use std::sync::OnceLock;

macro_rules! embedded {
    ($($name:literal),*) => {
        [$(SourceFile { name: $name, text: include_str!(concat!(env!("OUT_DIR"), "/", $name)) }),*]
    };
}

/// The catalog files as validated by `build.rs`.
const EMBEDDED: [SourceFile<'static>; 4] = embedded!("catalog.json", "taxonomy.json", "threats.json", "controls.json");

/// The catalog built into this module, read once on first use.
pub fn builtin_catalog() -> Result<&'static Catalog, Error> {
    static CATALOG: OnceLock<Result<Catalog, Error>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            catalog::load(&EMBEDDED).map_err(|problems| {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                Error::new(ErrorCode::InvalidCatalog, format!("the built-in catalog is invalid: {}", lines.join("; ")))
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Finds a threat or control by current id, older id or name, `#LABEL` or permalink, or says
/// which ids come closest.
pub fn lookup<'a>(catalog: &'a Catalog, text: &str) -> Result<Entry<'a>, Error> {
    // No id, name or permalink comes near this length; refuse early rather than scan it.
    const MAX_LEN: usize = 1_000;
    if text.len() > MAX_LEN {
        return Err(Error::new(
            ErrorCode::UnknownId,
            format!("no threat or control is called that: the text has {} bytes, an id or link at most {MAX_LEN}", text.len()),
        )
        .at("id"));
    }
    catalog.find(text).ok_or_else(|| {
        let suggestions = catalog.suggest(text, 3);
        let shown: String = text.chars().take(80).collect();
        let hint = match suggestions.as_slice() {
            [] => String::from("; use a threat id such as 'evasion' or a control id such as 'MONITORUSE'"),
            some => format!("; did you mean {}?", some.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(" or ")),
        };
        Error::new(ErrorCode::UnknownId, format!("no threat or control is called '{shown}'{hint}"))
            .at("id")
            .allowing(suggestions)
    })
}
