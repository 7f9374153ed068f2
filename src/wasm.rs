//! The WebAssembly binding: converts arguments, results and errors, and nothing else.
//!
//! Every export returns `Result`, and no input can make it panic (a panic would poison the
//! instance for the rest of the page). Arguments arrive as `JsValue` and are type-checked here.
//! Errors reach JavaScript as `Error` objects with a stable `code`, the `path` of the offending
//! argument, and the `allowed` values where they help; `www/navigator.js` turns them into
//! `NavigatorError`s.
//!
//! Every function works on a catalog and its document: the free functions on the built-in ones,
//! the methods of [`CustomCatalog`] (made by `withOverlay`) on a catalog with an overlay applied.
//!
//! Two modules are built from this file. The full one (feature `tools`, the default) has every
//! export. The page's core module (`--no-default-features`) leaves out what a visitor only needs
//! on request — reports, the SVG file, share links, custom catalogs and overlays — and is about
//! 80 KiB gzip smaller; `www/navigator.js` fetches the full module when one of those is first
//! used (`loadTools`). See ARCHITECTURE.md, "Two modules".

#[cfg(feature = "tools")]
use crate::catalog::Problem;
use crate::catalog::{Catalog, Entry};
use crate::{builtin_catalog, catalog_document, Error, ErrorCode};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Defining a data property on a plain object or a fresh Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn to_js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("NavigatorError");
    let allowed: Array = error.allowed.iter().map(|a| JsValue::from_str(a)).collect();
    set(&js, "code", &error.code.as_str().into());
    set(&js, "path", &error.path.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&js, "allowed", &allowed);
    js.into()
}

fn text_argument(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        let found = if value.is_null() { "null".into() } else { value.js_typeof().as_string().unwrap_or_default() };
        to_js_error(Error::new(ErrorCode::InvalidArgument, format!("`{name}` must be a string, found {found}")).at(name))
    })
}

/// `{ kind: "threat" | "control", id }`
fn entry_ref(entry: Entry<'_>) -> JsValue {
    let object: JsValue = Object::new().into();
    set(&object, "kind", &entry.kind().into());
    set(&object, "id", &entry.id().into());
    object
}

fn converted(text: &str, what: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| to_js_error(Error::new(ErrorCode::InvalidArgument, format!("the {what} could not be converted"))))
}

/// The text of an argument given as JSON text or as a plain object (`name`: `assessment`, `overlay`).
fn json_text(input: &JsValue, name: &str) -> Result<String, JsValue> {
    if let Some(text) = input.as_string() {
        return Ok(text);
    }
    if input.is_object() && !input.is_function() {
        if let Ok(text) = js_sys::JSON::stringify(input) {
            if let Some(text) = text.as_string() {
                return Ok(text);
            }
        }
        return Err(to_js_error(
            Error::new(ErrorCode::InvalidArgument, format!("the {name} object cannot be turned into JSON (a cycle, or a BigInt?)"))
                .at(name),
        ));
    }
    let found = if input.is_null() { "null".into() } else { input.js_typeof().as_string().unwrap_or_default() };
    Err(to_js_error(Error::new(ErrorCode::InvalidArgument, format!("`{name}` must be an object or JSON text, found {found}")).at(name)))
}

fn problem_object(e: &Error) -> JsValue {
    let object: JsValue = Object::new().into();
    set(&object, "code", &e.code.as_str().into());
    set(&object, "path", &e.path.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&object, "message", &e.message.as_str().into());
    set(&object, "allowed", &e.allowed.iter().map(|a| JsValue::from_str(a)).collect::<Array>());
    object
}

/// A catalog problem (or an overlay's): `{ file, entry, field, message }`.
#[cfg(feature = "tools")]
fn catalog_problem_object(p: &Problem) -> JsValue {
    let object: JsValue = Object::new().into();
    set(&object, "file", &p.file.as_str().into());
    set(&object, "entry", &p.entry.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&object, "field", &p.field.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&object, "message", &p.message.as_str().into());
    object
}

/// The `invalid-assessment` error: the first problem in the message, all of them in `problems`.
/// `which` names the assessment when there are two (`a`, `b`); its path is then that name.
fn invalid_assessment(problems: &[Error], which: Option<&str>) -> JsValue {
    let subject = which.map_or_else(|| "the assessment".to_string(), |w| format!("assessment {w}"));
    invalid_assessment_in(problems, &subject, which)
}

/// [`invalid_assessment`] with its subject (`the assessment in this share link`) and path (that of
/// the first problem when `None`).
fn invalid_assessment_in(problems: &[Error], subject: &str, path: Option<&str>) -> JsValue {
    let first = problems.first().map(|p| p.message.as_str()).unwrap_or_default();
    let more = if problems.len() > 1 { format!(" (and {} more problems)", problems.len() - 1) } else { String::new() };
    let path = match path {
        Some(w) => w.to_string(),
        None => problems.first().and_then(|p| p.path.clone()).unwrap_or_default(),
    };
    let error = to_js_error(Error::new(ErrorCode::InvalidAssessment, format!("{subject} has problems: {first}{more}")).at(path));
    set(&error, "problems", &problems.iter().map(problem_object).collect::<Array>());
    error
}

/// The `invalid-overlay` error: the first problem in the message, all of them in `problems`.
#[cfg(feature = "tools")]
fn invalid_overlay(problems: &[Problem]) -> JsValue {
    let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
    let more = match problems.len() {
        0 | 1 => String::new(),
        2 => " (and 1 more problem)".to_string(),
        n => format!(" (and {} more problems)", n - 1),
    };
    let error = to_js_error(Error::new(ErrorCode::InvalidOverlay, format!("the overlay has problems: {first}{more}")).at("overlay"));
    set(&error, "problems", &problems.iter().map(catalog_problem_object).collect::<Array>());
    error
}

// ---------------------------------------------------------------------------------------------
// The API over any catalog: the free functions and the methods of CustomCatalog call these.

/// Reads an assessment given as text or object; every problem becomes `invalid-assessment`.
fn read_assessment(catalog: &Catalog, input: &JsValue, which: Option<&str>) -> Result<crate::AssessmentFile, JsValue> {
    let text = json_text(input, "assessment").inspect_err(|e| {
        if let Some(w) = which {
            set(e, "path", &JsValue::from_str(w));
        }
    })?;
    let (file, problems) = crate::assessment::read(&text, catalog);
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(invalid_assessment(&problems, which))
    }
}

fn lookup_in(catalog: &Catalog, id: &JsValue) -> Result<JsValue, JsValue> {
    let text = text_argument(id, "id")?;
    crate::lookup(catalog, &text).map(entry_ref).map_err(to_js_error)
}

fn search_in(catalog: &Catalog, query: &JsValue) -> Result<Array, JsValue> {
    let text = text_argument(query, "query")?;
    let found = crate::search(catalog, &text).map_err(to_js_error)?;
    Ok(found.into_iter().map(entry_ref).collect())
}

fn validate_in(catalog: &Catalog, assessment: &JsValue) -> Result<Array, JsValue> {
    let text = json_text(assessment, "assessment")?;
    let (_, problems) = crate::assessment::read(&text, catalog);
    Ok(problems.iter().map(problem_object).collect())
}

thread_local! {
    /// The strings this instance has numbered for compact results (`src/compact.rs`);
    /// `www/navigator.js` keeps the same list.
    static INTERNER: std::cell::RefCell<crate::compact::Interner> = std::cell::RefCell::new(crate::compact::Interner::new());
}

/// The result in compact form, `[numbers, text]` (see `src/compact.rs`); `known` is how many
/// strings of this instance's table the caller holds.
fn assess_in(catalog: &Catalog, assessment: &JsValue, known: &JsValue) -> Result<Array, JsValue> {
    let known = match known.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => n as usize,
        _ => return Err(to_js_error(Error::new(ErrorCode::InvalidArgument, "`known` must be a whole number, at least 0").at("known"))),
    };
    let file = read_assessment(catalog, assessment, None)?;
    let result = crate::assess(catalog, &file);
    // `try_with` and `try_borrow_mut`: neither can fail here (one thread, no re-entry), and
    // neither brings a panic into the module if it did.
    let compact = INTERNER
        .try_with(|interner| interner.try_borrow_mut().map(|mut interner| result.to_compact(&mut interner, known)).ok())
        .ok()
        .flatten()
        .ok_or_else(|| to_js_error(Error::new(ErrorCode::InvalidArgument, "the string table is in use by another call")))?;
    Ok(Array::of2(&js_sys::Uint32Array::from(compact.numbers.as_slice()).into(), &JsValue::from_str(&compact.text)))
}

#[cfg(feature = "tools")]
fn report_in(catalog: &Catalog, assessment: &JsValue, format: &JsValue, date: &JsValue) -> Result<String, JsValue> {
    let file = read_assessment(catalog, assessment, None)?;
    let format = text_argument(format, "format")?;
    let date = if date.is_undefined() { String::new() } else { text_argument(date, "date")? };
    let result = crate::assess(catalog, &file);
    match format.as_str() {
        "md" => Ok(crate::report::markdown(catalog, &file, &result, &date)),
        "csv" => Ok(crate::report::csv(catalog, &result, &date)),
        "json" => Ok(result.to_json()),
        other => Err(to_js_error(
            Error::new(ErrorCode::InvalidArgument, format!("unknown report format '{other}'; allowed: md, csv, json"))
                .at("format")
                .allowing(["md", "csv", "json"]),
        )),
    }
}

fn explain_in(catalog: &Catalog, id: &JsValue, assessment: &JsValue) -> Result<JsValue, JsValue> {
    let id = text_argument(id, "id")?;
    let file = read_assessment(catalog, assessment, None)?;
    let text = crate::explain(catalog, &file, &id).map_err(to_js_error)?;
    converted(&text, "result")
}

fn diagram_in(catalog: &Catalog, view: &JsValue) -> Result<JsValue, JsValue> {
    let view = text_argument(view, "view")?;
    let layout = crate::layout::layout(catalog, &view).map_err(to_js_error)?;
    converted(&layout.to_json(), "layout")
}

#[cfg(feature = "tools")]
fn diagram_svg_in(catalog: &Catalog, view: &JsValue, assessment: &JsValue) -> Result<String, JsValue> {
    let view = text_argument(view, "view")?;
    let layout = crate::layout::layout(catalog, &view).map_err(to_js_error)?;
    if assessment.is_undefined() || assessment.is_null() {
        return Ok(crate::svg::svg(catalog, &layout, None));
    }
    let file = read_assessment(catalog, assessment, None)?;
    let result = crate::assess(catalog, &file);
    let name = file.system_name.clone().unwrap_or_else(|| "your system".to_string());
    Ok(crate::svg::svg(catalog, &layout, Some((&result, &name))))
}

fn diff_in(catalog: &Catalog, a: &JsValue, b: &JsValue) -> Result<JsValue, JsValue> {
    let (before, after) = (read_assessment(catalog, a, Some("a"))?, read_assessment(catalog, b, Some("b"))?);
    converted(&crate::assess::diff(catalog, &before, &after).to_value().to_json(), "result")
}

#[cfg(feature = "tools")]
fn share_link_in(catalog: &Catalog, assessment: &JsValue) -> Result<String, JsValue> {
    let file = read_assessment(catalog, assessment, None)?;
    crate::share::write(catalog, &file).map_err(to_js_error)
}

#[cfg(feature = "tools")]
fn read_share_link_in(catalog: &Catalog, hash: &JsValue) -> Result<JsValue, JsValue> {
    let text = text_argument(hash, "hash")?;
    match crate::share::read(catalog, &text) {
        Ok(file) => converted(&file.to_json(), "assessment"),
        Err(crate::share::ReadError::Damaged(error)) => Err(to_js_error(error)),
        Err(crate::share::ReadError::Invalid(problems)) => Err(invalid_assessment_in(&problems, "the assessment in this share link", None)),
    }
}

// ---------------------------------------------------------------------------------------------
// The built-in catalog.

/// The version of the built-in catalog, e.g. `2026.08`.
#[wasm_bindgen(js_name = catalogVersion)]
pub fn catalog_version() -> Result<String, JsValue> {
    Ok(builtin_catalog().version.to_string())
}

/// The catalog document: every threat and control with prose, relations, aliases, mappings.
#[wasm_bindgen(js_name = catalog)]
pub fn catalog_object() -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(catalog_document())
        .map_err(|_| to_js_error(Error::new(ErrorCode::InvalidCatalog, "the built-in catalog document is not valid JSON")))
}

/// Finds a threat or control by id, older id or name, label or permalink: `{ kind, id }`.
#[wasm_bindgen]
pub fn lookup(id: JsValue) -> Result<JsValue, JsValue> {
    lookup_in(builtin_catalog(), &id)
}

/// Threats and controls matching `query` by id, name, label or alias, best first: `[{ kind, id }]`.
#[wasm_bindgen]
pub fn search(query: JsValue) -> Result<Array, JsValue> {
    search_in(builtin_catalog(), &query)
}

/// Every problem in an assessment (an empty list when it is valid).
#[wasm_bindgen]
pub fn validate(assessment: JsValue) -> Result<Array, JsValue> {
    validate_in(builtin_catalog(), &assessment)
}

/// Assesses a system: the result of contract §2 in compact form, `[numbers, text]`
/// (`src/compact.rs`), which `navigator.js` turns into the result's objects; `known` is how many
/// strings of the string table the caller has. Throws `invalid-assessment` with every problem in
/// `problems` when the assessment has any.
#[wasm_bindgen]
pub fn assess(assessment: JsValue, known: JsValue) -> Result<Array, JsValue> {
    assess_in(builtin_catalog(), &assessment, &known)
}

/// The assessment as a report: `format` is `md`, `csv` or `json`; `date` (e.g. 2026-11-25) is
/// printed in the report. Throws like `assess` when the assessment has problems.
#[cfg(feature = "tools")]
#[wasm_bindgen]
pub fn report(assessment: JsValue, format: JsValue, date: JsValue) -> Result<String, JsValue> {
    report_in(builtin_catalog(), &assessment, &format, &date)
}

/// Everything the assessment says about one threat or control (current or older id, name, label
/// or permalink), with a one-sentence summary. Throws `unknown-id` (with suggestions) or
/// `invalid-assessment`.
#[wasm_bindgen]
pub fn explain(id: JsValue, assessment: JsValue) -> Result<JsValue, JsValue> {
    explain_in(builtin_catalog(), &id, &assessment)
}

/// The layout of a diagram view (`navigator`, `matrix`, `periodic`, `model-general`,
/// `model-trained`, `model-as-is`): `{ view, title, width, height, nodes, edges }`.
#[wasm_bindgen]
pub fn diagram(view: JsValue) -> Result<JsValue, JsValue> {
    diagram_in(builtin_catalog(), &view)
}

/// Benchmark builds only (feature `synthetic`): the layout of a view for a synthetic catalog
/// `copies` times as large as the built-in one.
#[cfg(feature = "synthetic")]
#[wasm_bindgen(js_name = syntheticDiagram)]
pub fn synthetic_diagram(view: JsValue, copies: u32) -> Result<JsValue, JsValue> {
    let catalog = builtin_catalog().scaled(copies.clamp(1, 50) as usize);
    diagram_in(&catalog, &view)
}

/// A diagram view as a standalone SVG file; with an assessment, its verdicts are drawn on it.
#[cfg(feature = "tools")]
#[wasm_bindgen(js_name = diagramSvg)]
pub fn diagram_svg(view: JsValue, assessment: JsValue) -> Result<String, JsValue> {
    diagram_svg_in(builtin_catalog(), &view, &assessment)
}

/// What changes between two assessments (what-if): answers, threats, controls and flags that
/// differ, each change with why, and a one-line summary.
#[wasm_bindgen]
pub fn diff(a: JsValue, b: JsValue) -> Result<JsValue, JsValue> {
    diff_in(builtin_catalog(), &a, &b)
}

/// The share link's fragment for an assessment: `#share=1.<catalog>.<answers>[.<details>]`.
/// Throws `invalid-assessment` like `assess` for an assessment with problems.
#[cfg(feature = "tools")]
#[wasm_bindgen(js_name = shareLink)]
pub fn share_link(assessment: JsValue) -> Result<String, JsValue> {
    share_link_in(builtin_catalog(), &assessment)
}

/// The assessment a share link's fragment (`location.hash`) carries, as an assessment file
/// object. Throws `invalid-share-link` (or `unsupported-format`) for a damaged link and
/// `invalid-assessment` when what it carries is not a valid assessment.
#[cfg(feature = "tools")]
#[wasm_bindgen(js_name = readShareLink)]
pub fn read_share_link(hash: JsValue) -> Result<JsValue, JsValue> {
    read_share_link_in(builtin_catalog(), &hash)
}

/// Every problem in a custom catalog, given as `{ "threats.json": text, … }` (the files of a
/// catalog folder); an empty list when it is valid. Each problem: `{ file, entry, field, message }`.
#[cfg(feature = "tools")]
#[wasm_bindgen(js_name = validateCatalog)]
pub fn validate_catalog(files: JsValue) -> Result<Array, JsValue> {
    let bad = || {
        to_js_error(
            Error::new(
                ErrorCode::InvalidArgument,
                "`files` must be an object of file names and their text, e.g. { \"threats.json\": \"…\" }",
            )
            .at("files"),
        )
    };
    if !files.is_object() || files.is_function() || Array::is_array(&files) {
        return Err(bad());
    }
    let mut texts: Vec<(String, String)> = Vec::new();
    // Reflect.get, not Object.entries: a getter that throws becomes an error here instead of an
    // exception unwinding through the module.
    for key in Object::keys(&Object::from(files.clone())).iter() {
        let value = Reflect::get(&files, &key).map_err(|_| bad())?;
        let (Some(name), Some(text)) = (key.as_string(), value.as_string()) else {
            return Err(bad());
        };
        texts.push((name, text));
    }
    let sources: Vec<crate::catalog::SourceFile<'_>> = texts.iter().map(|(name, text)| crate::catalog::SourceFile { name, text }).collect();
    let problems = crate::catalog::load(&sources).err().unwrap_or_default();
    Ok(problems.iter().map(catalog_problem_object).collect())
}

// ---------------------------------------------------------------------------------------------
// Custom catalog overlays.

/// Every problem in a custom catalog overlay (object or JSON text), as `{ file: "overlay",
/// entry, field, message }`; an empty list when it is valid.
#[cfg(feature = "tools")]
#[wasm_bindgen(js_name = validateOverlay)]
pub fn validate_overlay(overlay: JsValue) -> Result<Array, JsValue> {
    let text = json_text(&overlay, "overlay")?;
    Ok(crate::overlay::validate(builtin_catalog(), &text).iter().map(catalog_problem_object).collect())
}

/// The built-in catalog with an overlay applied. Throws `invalid-overlay` (every problem in
/// `problems`) when the overlay has any.
#[cfg(feature = "tools")]
#[wasm_bindgen(js_name = withOverlay)]
pub fn with_overlay(overlay: JsValue) -> Result<CustomCatalog, JsValue> {
    let text = json_text(&overlay, "overlay")?;
    match crate::with_overlay(&text) {
        Ok(custom) => Ok(CustomCatalog { catalog: custom.catalog, document: custom.document }),
        Err(problems) => Err(invalid_overlay(&problems)),
    }
}

/// A catalog with an overlay applied; its methods are the free functions' twins.
#[cfg(feature = "tools")]
#[wasm_bindgen]
pub struct CustomCatalog {
    catalog: Catalog,
    document: String,
}

#[cfg(feature = "tools")]
#[wasm_bindgen]
impl CustomCatalog {
    #[wasm_bindgen(js_name = catalogVersion)]
    pub fn catalog_version(&self) -> Result<String, JsValue> {
        Ok(self.catalog.version.to_string())
    }

    /// The merged catalog document, with `overlay` describing the overlay.
    #[wasm_bindgen(js_name = catalog)]
    pub fn catalog_object(&self) -> Result<JsValue, JsValue> {
        js_sys::JSON::parse(&self.document)
            .map_err(|_| to_js_error(Error::new(ErrorCode::InvalidCatalog, "the merged catalog document is not valid JSON")))
    }

    pub fn lookup(&self, id: JsValue) -> Result<JsValue, JsValue> {
        lookup_in(&self.catalog, &id)
    }

    pub fn search(&self, query: JsValue) -> Result<Array, JsValue> {
        search_in(&self.catalog, &query)
    }

    pub fn validate(&self, assessment: JsValue) -> Result<Array, JsValue> {
        validate_in(&self.catalog, &assessment)
    }

    pub fn assess(&self, assessment: JsValue, known: JsValue) -> Result<Array, JsValue> {
        assess_in(&self.catalog, &assessment, &known)
    }

    pub fn report(&self, assessment: JsValue, format: JsValue, date: JsValue) -> Result<String, JsValue> {
        report_in(&self.catalog, &assessment, &format, &date)
    }

    pub fn explain(&self, id: JsValue, assessment: JsValue) -> Result<JsValue, JsValue> {
        explain_in(&self.catalog, &id, &assessment)
    }

    pub fn diagram(&self, view: JsValue) -> Result<JsValue, JsValue> {
        diagram_in(&self.catalog, &view)
    }

    #[wasm_bindgen(js_name = diagramSvg)]
    pub fn diagram_svg(&self, view: JsValue, assessment: JsValue) -> Result<String, JsValue> {
        diagram_svg_in(&self.catalog, &view, &assessment)
    }

    pub fn diff(&self, a: JsValue, b: JsValue) -> Result<JsValue, JsValue> {
        diff_in(&self.catalog, &a, &b)
    }

    #[wasm_bindgen(js_name = shareLink)]
    pub fn share_link(&self, assessment: JsValue) -> Result<String, JsValue> {
        share_link_in(&self.catalog, &assessment)
    }

    #[wasm_bindgen(js_name = readShareLink)]
    pub fn read_share_link(&self, hash: JsValue) -> Result<JsValue, JsValue> {
        read_share_link_in(&self.catalog, &hash)
    }
}
