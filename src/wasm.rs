//! The WebAssembly binding: converts arguments, results and errors, and nothing else.
//!
//! Every export returns `Result`, and no input can make it panic (a panic would poison the
//! instance for the rest of the page). Arguments arrive as `JsValue` and are type-checked here.
//! Errors reach JavaScript as `Error` objects with a stable `code`, the `path` of the offending
//! argument, and the `allowed` values where they help; `www/navigator.js` turns them into
//! `NavigatorError`s.

use crate::{builtin_catalog, catalog::Entry, catalog_document, Error, ErrorCode};
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
    let text = text_argument(&id, "id")?;
    crate::lookup(builtin_catalog(), &text).map(entry_ref).map_err(to_js_error)
}

/// Threats and controls matching `query` by id, name, label or alias, best first: `[{ kind, id }]`.
#[wasm_bindgen]
pub fn search(query: JsValue) -> Result<Array, JsValue> {
    let text = text_argument(&query, "query")?;
    let found = crate::search(builtin_catalog(), &text).map_err(to_js_error)?;
    Ok(found.into_iter().map(entry_ref).collect())
}

/// The text of an assessment given as JSON text or as a plain object.
fn assessment_text(input: &JsValue) -> Result<String, JsValue> {
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
            Error::new(ErrorCode::InvalidArgument, "the assessment object cannot be turned into JSON (a cycle, or a BigInt?)").at("assessment"),
        ));
    }
    let found = if input.is_null() { "null".into() } else { input.js_typeof().as_string().unwrap_or_default() };
    Err(to_js_error(
        Error::new(ErrorCode::InvalidArgument, format!("`assessment` must be an object or JSON text, found {found}")).at("assessment"),
    ))
}

fn problem_object(e: &Error) -> JsValue {
    let object: JsValue = Object::new().into();
    set(&object, "code", &e.code.as_str().into());
    set(&object, "path", &e.path.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&object, "message", &e.message.as_str().into());
    set(&object, "allowed", &e.allowed.iter().map(|a| JsValue::from_str(a)).collect::<Array>());
    object
}

/// The `invalid-assessment` error: the first problem in the message, all of them in `problems`.
/// `which` names the assessment when there are two (`a`, `b`); its path is then that name.
fn invalid_assessment(problems: &[Error], which: Option<&str>) -> JsValue {
    let first = problems.first().map(|p| p.message.as_str()).unwrap_or_default();
    let more = if problems.len() > 1 { format!(" (and {} more problems)", problems.len() - 1) } else { String::new() };
    let subject = which.map_or_else(|| "the assessment".to_string(), |w| format!("assessment {w}"));
    let path = match which {
        Some(w) => w.to_string(),
        None => problems.first().and_then(|p| p.path.clone()).unwrap_or_default(),
    };
    let error = to_js_error(Error::new(ErrorCode::InvalidAssessment, format!("{subject} has problems: {first}{more}")).at(path));
    set(&error, "problems", &problems.iter().map(problem_object).collect::<Array>());
    error
}

/// Reads an assessment given as text or object; every problem becomes `invalid-assessment`.
fn read_assessment(input: &JsValue, which: Option<&str>) -> Result<crate::AssessmentFile, JsValue> {
    let text = assessment_text(input).map_err(|e| {
        if let Some(w) = which {
            set(&e, "path", &JsValue::from_str(w));
        }
        e
    })?;
    let (file, problems) = crate::assessment::read(&text, builtin_catalog());
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(invalid_assessment(&problems, which))
    }
}

/// Every problem in an assessment (an empty list when it is valid).
#[wasm_bindgen]
pub fn validate(assessment: JsValue) -> Result<Array, JsValue> {
    let text = assessment_text(&assessment)?;
    let (_, problems) = crate::assessment::read(&text, builtin_catalog());
    Ok(problems.iter().map(problem_object).collect())
}

/// Assesses a system: the result of contract §2. Throws `invalid-assessment` with every
/// problem in `problems` when the assessment has any.
#[wasm_bindgen]
pub fn assess(assessment: JsValue) -> Result<JsValue, JsValue> {
    let file = read_assessment(&assessment, None)?;
    let result = crate::assess(builtin_catalog(), &file);
    js_sys::JSON::parse(&result.to_json())
        .map_err(|_| to_js_error(Error::new(ErrorCode::InvalidArgument, "the result could not be converted")))
}

/// The assessment as a report: `format` is `md`, `csv` or `json`; `date` (e.g. 2026-11-25) is
/// printed in the report. Throws like `assess` when the assessment has problems.
#[wasm_bindgen]
pub fn report(assessment: JsValue, format: JsValue, date: JsValue) -> Result<String, JsValue> {
    let file = read_assessment(&assessment, None)?;
    let format = text_argument(&format, "format")?;
    let date = if date.is_undefined() { String::new() } else { text_argument(&date, "date")? };
    let catalog = builtin_catalog();
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

/// Everything the assessment says about one threat or control (current or older id, name, label
/// or permalink), with a one-sentence summary. Throws `unknown-id` (with suggestions) or
/// `invalid-assessment`.
#[wasm_bindgen]
pub fn explain(id: JsValue, assessment: JsValue) -> Result<JsValue, JsValue> {
    let id = text_argument(&id, "id")?;
    let file = read_assessment(&assessment, None)?;
    let text = crate::explain(builtin_catalog(), &file, &id).map_err(to_js_error)?;
    js_sys::JSON::parse(&text).map_err(|_| to_js_error(Error::new(ErrorCode::InvalidArgument, "the result could not be converted")))
}

/// The layout of a diagram view (`navigator`, `matrix`, `periodic`, `model-general`,
/// `model-trained`, `model-as-is`): `{ view, title, width, height, nodes, edges }`.
#[wasm_bindgen]
pub fn diagram(view: JsValue) -> Result<JsValue, JsValue> {
    let view = text_argument(&view, "view")?;
    let layout = crate::layout::layout(builtin_catalog(), &view).map_err(to_js_error)?;
    js_sys::JSON::parse(&layout.to_json()).map_err(|_| to_js_error(Error::new(ErrorCode::InvalidArgument, "the layout could not be converted")))
}

/// Benchmark builds only (feature `synthetic`): the layout of a view for a synthetic catalog
/// `copies` times as large as the built-in one.
#[cfg(feature = "synthetic")]
#[wasm_bindgen(js_name = syntheticDiagram)]
pub fn synthetic_diagram(view: JsValue, copies: u32) -> Result<JsValue, JsValue> {
    let view = text_argument(&view, "view")?;
    let catalog = builtin_catalog().scaled(copies.clamp(1, 50) as usize);
    let layout = crate::layout::layout(&catalog, &view).map_err(to_js_error)?;
    js_sys::JSON::parse(&layout.to_json()).map_err(|_| to_js_error(Error::new(ErrorCode::InvalidArgument, "the layout could not be converted")))
}

/// A diagram view as a standalone SVG file; with an assessment, its verdicts are drawn on it.
#[wasm_bindgen(js_name = diagramSvg)]
pub fn diagram_svg(view: JsValue, assessment: JsValue) -> Result<String, JsValue> {
    let view = text_argument(&view, "view")?;
    let catalog = builtin_catalog();
    let layout = crate::layout::layout(catalog, &view).map_err(to_js_error)?;
    if assessment.is_undefined() || assessment.is_null() {
        return Ok(crate::svg::svg(catalog, &layout, None));
    }
    let file = read_assessment(&assessment, None)?;
    let result = crate::assess(catalog, &file);
    let name = file.system_name.clone().unwrap_or_else(|| "your system".to_string());
    Ok(crate::svg::svg(catalog, &layout, Some((&result, &name))))
}

/// What changes between two assessments (what-if): answers, threats, controls and flags that
/// differ, each change with why, and a one-line summary.
#[wasm_bindgen]
pub fn diff(a: JsValue, b: JsValue) -> Result<JsValue, JsValue> {
    let (before, after) = (read_assessment(&a, Some("a"))?, read_assessment(&b, Some("b"))?);
    let result = crate::assess::diff(builtin_catalog(), &before, &after);
    js_sys::JSON::parse(&result.to_value().to_json())
        .map_err(|_| to_js_error(Error::new(ErrorCode::InvalidArgument, "the result could not be converted")))
}

/// Every problem in a custom catalog, given as `{ "threats.json": text, … }` (the files of a
/// catalog folder); an empty list when it is valid. Each problem: `{ file, entry, field, message }`.
#[wasm_bindgen(js_name = validateCatalog)]
pub fn validate_catalog(files: JsValue) -> Result<Array, JsValue> {
    let bad = || {
        to_js_error(
            Error::new(ErrorCode::InvalidArgument, "`files` must be an object of file names and their text, e.g. { \"threats.json\": \"…\" }")
                .at("files"),
        )
    };
    if !files.is_object() || files.is_function() || Array::is_array(&files) {
        return Err(bad());
    }
    let mut texts: Vec<(String, String)> = Vec::new();
    for entry in Object::entries(&Object::from(files)).iter() {
        let pair = Array::from(&entry);
        let (Some(name), Some(text)) = (pair.get(0).as_string(), pair.get(1).as_string()) else {
            return Err(bad());
        };
        texts.push((name, text));
    }
    let sources: Vec<crate::catalog::SourceFile<'_>> =
        texts.iter().map(|(name, text)| crate::catalog::SourceFile { name, text }).collect();
    let problems = crate::catalog::load(&sources).err().unwrap_or_default();
    Ok(problems
        .iter()
        .map(|p| {
            let object: JsValue = Object::new().into();
            set(&object, "file", &p.file.as_str().into());
            set(&object, "entry", &p.entry.as_deref().map_or(JsValue::NULL, JsValue::from_str));
            set(&object, "field", &p.field.as_deref().map_or(JsValue::NULL, JsValue::from_str));
            set(&object, "message", &p.message.as_str().into());
            object
        })
        .collect())
}
