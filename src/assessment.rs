//! The assessment file (contract §1): reading it, checking it against the catalog, and keeping
//! everything valid in it even when other parts are wrong.

use crate::catalog::Catalog;
use crate::catalog::{closest, is_version};
use crate::error::{Error, ErrorCode};
use crate::json::{self, ObjectWriter, Value};

/// The `format` an assessment file declares.
pub const FORMAT: &str = "ai-security-navigator/assessment@1";

/// What a risk is done about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    Mitigate,
    Accept,
    Transfer,
    Avoid,
}

impl Treatment {
    pub const ALL: [Treatment; 4] = [Treatment::Mitigate, Treatment::Accept, Treatment::Transfer, Treatment::Avoid];

    pub fn as_str(self) -> &'static str {
        match self {
            Treatment::Mitigate => "mitigate",
            Treatment::Accept => "accept",
            Treatment::Transfer => "transfer",
            Treatment::Avoid => "avoid",
        }
    }
}

/// Where a control stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlStatus {
    Implemented,
    Planned,
    NotPlanned,
}

impl ControlStatus {
    pub const ALL: [ControlStatus; 3] = [ControlStatus::Implemented, ControlStatus::Planned, ControlStatus::NotPlanned];

    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Implemented => "implemented",
            ControlStatus::Planned => "planned",
            ControlStatus::NotPlanned => "not-planned",
        }
    }
}

/// A person's decisions about one threat.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RiskInput {
    pub likelihood: Option<u32>,
    pub impact: Option<u32>,
    pub treatment: Option<Treatment>,
    pub owner: Option<String>,
    pub note: Option<String>,
}

/// A person's decisions about one control.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ControlInput {
    pub status: Option<ControlStatus>,
    pub note: Option<String>,
}

/// A checked assessment file. Answers hold only valid values; `unknown` and missing are the same.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssessmentFile {
    /// The catalog version the file was made with, if it says.
    pub catalog: Option<String>,
    pub system_name: Option<String>,
    pub system_description: Option<String>,
    /// (question id, option value), in the catalog's question order; never `unknown`.
    pub answers: Vec<(String, String)>,
    /// Questions answered `unknown` ("don't know"), in the catalog's question order. The engine
    /// treats them like unanswered ones; they are kept so that the file can be written back.
    pub unknown: Vec<String>,
    /// (threat id, decisions).
    pub risks: Vec<(String, RiskInput)>,
    /// (control id, decisions).
    pub controls: Vec<(String, ControlInput)>,
    /// Older ids in `risks` and `controls` that were read as their current ones: (old, current).
    pub migrated: Vec<(String, String)>,
}

impl AssessmentFile {
    /// The answer to a question, or `None` when it is unanswered or `unknown`.
    pub fn answer(&self, question: &str) -> Option<&str> {
        self.answers.iter().find(|(q, _)| q == question).map(|(_, v)| v.as_str())
    }

    pub fn risk(&self, threat: &str) -> Option<&RiskInput> {
        self.risks.iter().find(|(t, _)| t == threat).map(|(_, r)| r)
    }

    pub fn control(&self, control: &str) -> Option<&ControlInput> {
        self.controls.iter().find(|(c, _)| c == control).map(|(_, c)| c)
    }

    /// The file as JSON text (contract §1): `format`, `catalog`, `answers` (with the `unknown`
    /// ones), then `system`, `risks` and `controls` where they hold anything. Older ids come out
    /// as their current ones.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.str("format", FORMAT);
        if let Some(catalog) = &self.catalog {
            w.str("catalog", catalog);
        }
        let mut answers = w.object("answers");
        for (question, value) in &self.answers {
            answers.str(question, value);
        }
        for question in &self.unknown {
            answers.str(question, "unknown");
        }
        answers.end();
        self.write_decisions(&mut w);
        w.end();
        out
    }

    /// Writes `system`, `risks` and `controls` into an object being written, each only when it
    /// holds anything, their fields in the order of the format (and only those that are set).
    pub fn write_decisions(&self, w: &mut ObjectWriter<'_>) {
        if self.system_name.is_some() || self.system_description.is_some() {
            let mut system = w.object("system");
            for (key, value) in [("name", &self.system_name), ("description", &self.system_description)] {
                if let Some(value) = value {
                    system.str(key, value);
                }
            }
            system.end();
        }
        if !self.risks.is_empty() {
            let mut risks = w.object("risks");
            for (threat, risk) in &self.risks {
                let mut r = risks.object(threat);
                for (key, value) in [("likelihood", risk.likelihood), ("impact", risk.impact)] {
                    if let Some(value) = value {
                        r.num(key, value);
                    }
                }
                let texts = [
                    ("treatment", risk.treatment.map(Treatment::as_str)),
                    ("owner", risk.owner.as_deref()),
                    ("note", risk.note.as_deref()),
                ];
                for (key, value) in texts {
                    if let Some(value) = value {
                        r.str(key, value);
                    }
                }
                r.end();
            }
            risks.end();
        }
        if !self.controls.is_empty() {
            let mut controls = w.object("controls");
            for (id, control) in &self.controls {
                let mut c = controls.object(id);
                for (key, value) in [("status", control.status.map(ControlStatus::as_str)), ("note", control.note.as_deref())] {
                    if let Some(value) = value {
                        c.str(key, value);
                    }
                }
                c.end();
            }
            controls.end();
        }
    }

    /// An assessment with these answers and nothing else (handy for tests and what-ifs).
    pub fn with_answers(answers: &[(&str, &str)]) -> AssessmentFile {
        AssessmentFile {
            answers: answers.iter().filter(|(_, v)| *v != "unknown").map(|(q, v)| (q.to_string(), v.to_string())).collect(),
            ..AssessmentFile::default()
        }
    }
}

/// Reads an assessment file. Returns what could be read (nothing valid is dropped because of an
/// error elsewhere) and every problem found; the file is usable only if there are none.
pub fn read(text: &str, catalog: &Catalog) -> (AssessmentFile, Vec<Error>) {
    match json::parse(text) {
        Ok(value) => check(&value, catalog),
        Err(e) => {
            let error = Error::new(ErrorCode::NotJson, format!("the assessment file is not valid JSON: {e}"))
                .at(format!("line {}, column {}", e.line, e.column));
            (AssessmentFile::default(), vec![error])
        }
    }
}

/// Checks a JSON value as an assessment file; see [`read`].
pub fn check(value: &Value, catalog: &Catalog) -> (AssessmentFile, Vec<Error>) {
    let mut file = AssessmentFile::default();
    let mut errors = Vec::new();
    let Value::Object(top) = value else {
        errors.push(Error::new(ErrorCode::WrongType, format!("an assessment file is a JSON object, found {}", value.kind())));
        return (file, errors);
    };
    const FIELDS: [&str; 6] = ["format", "catalog", "system", "answers", "risks", "controls"];
    for (key, value) in top {
        match key.as_str() {
            "format" => match value.as_str() {
                Some(FORMAT) => {}
                _ => errors.push(
                    Error::new(ErrorCode::UnsupportedFormat, format!("unsupported format {}; this version reads {FORMAT}", shown(value)))
                        .at("format")
                        .allowing([FORMAT]),
                ),
            },
            "catalog" => match value.as_str() {
                Some(v) if is_version(v) => file.catalog = Some(v.to_string()),
                _ => errors.push(wrong(value, "catalog", "a catalog version such as \"2026.08\"")),
            },
            "system" => read_system(value, &mut file, &mut errors),
            "answers" => read_answers(value, catalog, &mut file, &mut errors),
            "risks" => read_risks(value, catalog, &mut file, &mut errors),
            "controls" => read_controls(value, catalog, &mut file, &mut errors),
            other => errors.push(unknown_key(other, "", &FIELDS)),
        }
    }
    if !top.iter().any(|(k, _)| k == "answers") {
        errors.push(
            Error::new(ErrorCode::MissingField, "the assessment file has no `answers` (use {} if nothing is answered yet)").at("answers"),
        );
    }
    // Keep answers in questionnaire order, whatever order the file used.
    crate::assess::sort_by_key(&mut file.answers, |(q, _)| catalog.questions.iter().position(|x| x.id == *q));
    crate::assess::sort_by_key(&mut file.unknown, |q| catalog.questions.iter().position(|x| x.id == *q));
    (file, errors)
}

fn shown(value: &Value) -> String {
    let text = value.to_json();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// Looks like an id (letters and digits only), not a name or a link: only ids are migrated.
fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn wrong(value: &Value, path: &str, expected: &str) -> Error {
    Error::new(ErrorCode::WrongType, format!("`{path}` must be {expected}, found {}", shown(value))).at(path)
}

fn unknown_key(key: &str, prefix: &str, allowed: &[&str]) -> Error {
    let path = format!("{prefix}{key}");
    Error::new(ErrorCode::UnknownField, format!("unknown field `{path}`; allowed: {}", allowed.join(", ")))
        .at(path)
        .allowing(allowed.iter().copied())
}

fn read_system(value: &Value, file: &mut AssessmentFile, errors: &mut Vec<Error>) {
    let Value::Object(entries) = value else {
        errors.push(wrong(value, "system", "an object with `name` and `description`"));
        return;
    };
    for (key, v) in entries {
        let path = format!("system.{key}");
        let slot = match key.as_str() {
            "name" => &mut file.system_name,
            "description" => &mut file.system_description,
            other => {
                errors.push(unknown_key(other, "system.", &["name", "description"]));
                continue;
            }
        };
        match v {
            Value::String(s) => *slot = Some(s.clone()),
            Value::Null => {}
            other => errors.push(wrong(other, &path, "text")),
        }
    }
}

fn read_answers(value: &Value, catalog: &Catalog, file: &mut AssessmentFile, errors: &mut Vec<Error>) {
    let Value::Object(entries) = value else {
        errors.push(wrong(value, "answers", "an object of question ids and answers, e.g. {\"model_type\": \"genai_llm\"}"));
        return;
    };
    for (key, v) in entries {
        // The path and the allowed values are only needed for an error: made then, not for every
        // answer (they were a sixth of the time of reading a file).
        let path = || format!("answers.{key}");
        let Some(question) = catalog.question(key) else {
            let ids: Vec<&str> = catalog.questions.iter().map(|q| q.id.as_ref()).collect();
            let mut error =
                Error::new(ErrorCode::UnknownQuestion, format!("unknown question `{key}`")).at(path()).allowing(ids.iter().copied());
            if let Some(close) = closest(key, &ids) {
                error.message.push_str(&format!(" (did you mean `{close}`?)"));
            }
            errors.push(error);
            continue;
        };
        let allowed = || -> Vec<&str> { question.options.iter().map(|o| o.as_ref()).chain(["unknown"]).collect() };
        match v {
            Value::Null => {}
            Value::String(s) if s == "unknown" => file.unknown.push(key.clone()),
            Value::String(s) if question.options.iter().any(|o| o == s) => file.answers.push((key.clone(), s.clone())),
            Value::String(s) => {
                let (path, allowed) = (path(), allowed());
                errors.push(
                    Error::new(ErrorCode::InvalidOption, format!("`{path}` cannot be \"{s}\"; allowed: {}", allowed.join(", ")))
                        .at(path)
                        .allowing(allowed.iter().copied()),
                )
            }
            other => {
                let (path, allowed) = (path(), allowed());
                errors.push(
                    Error::new(ErrorCode::WrongType, format!("`{path}` must be one of {}, found {}", allowed.join(", "), shown(other)))
                        .at(path)
                        .allowing(allowed.iter().copied()),
                )
            }
        }
    }
}

fn level(v: &Value, path: &str, errors: &mut Vec<Error>) -> Option<u32> {
    match v {
        Value::Number(_) if value_in(v, 1, 5) => v.as_i64().map(|n| n as u32),
        Value::Number(n) => {
            errors.push(
                Error::new(ErrorCode::OutOfRange, format!("`{path}` must be a whole number from 1 to 5, found {n}"))
                    .at(path)
                    .allowing(["1", "2", "3", "4", "5"]),
            );
            None
        }
        Value::Null => None,
        other => {
            errors.push(wrong(other, path, "a whole number from 1 to 5"));
            None
        }
    }
}

fn value_in(v: &Value, low: i64, high: i64) -> bool {
    v.as_i64().is_some_and(|n| (low..=high).contains(&n))
}

fn text_field(v: &Value, path: &str, errors: &mut Vec<Error>) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => {
            errors.push(wrong(other, path, "text"));
            None
        }
    }
}

fn choice<T: Copy>(v: &Value, path: &str, all: &[T], name: fn(T) -> &'static str, errors: &mut Vec<Error>) -> Option<T> {
    let allowed: Vec<&str> = all.iter().map(|x| name(*x)).collect();
    match v {
        Value::String(s) => match all.iter().find(|x| name(**x) == s) {
            Some(x) => Some(*x),
            None => {
                errors.push(
                    Error::new(ErrorCode::InvalidOption, format!("`{path}` cannot be \"{s}\"; allowed: {}", allowed.join(", ")))
                        .at(path)
                        .allowing(allowed.iter().copied()),
                );
                None
            }
        },
        Value::Null => None,
        other => {
            errors.push(wrong(other, path, &format!("one of {}", allowed.join(", "))));
            None
        }
    }
}

/// Which kind of entry a section of the file is keyed by.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Threat,
    Control,
}

/// The current id for a key of `risks` or `controls`: the key itself, or, for an id of an older
/// catalog version, its current id (recorded in `file.migrated`). `None`, with the error
/// recorded, when there is no such entry.
fn resolve(kind: Kind, given: &str, base: &str, catalog: &Catalog, file: &mut AssessmentFile, errors: &mut Vec<Error>) -> Option<String> {
    use crate::catalog::Entry;
    let (word, ids, code): (&str, Vec<&str>, ErrorCode) = match kind {
        Kind::Threat => ("threat", catalog.threats.iter().map(|t| t.id.as_ref()).collect(), ErrorCode::UnknownThreat),
        Kind::Control => ("control", catalog.controls.iter().map(|c| c.id.as_ref()).collect(), ErrorCode::UnknownControl),
    };
    if ids.contains(&given) {
        return Some(given.to_string());
    }
    if is_id(given) {
        let current = match (kind, catalog.find(given)) {
            (Kind::Threat, Some(Entry::Threat(t))) => Some(t.id.to_string()),
            (Kind::Control, Some(Entry::Control(c))) => Some(c.id.to_string()),
            _ => None,
        };
        if let Some(current) = current {
            file.migrated.push((given.to_string(), current.clone()));
            return Some(current);
        }
    }
    let hint = closest(given, &ids).map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default();
    errors.push(Error::new(code, format!("`{base}`: no {word} is called `{given}`{hint}")).at(base));
    None
}

/// A second entry for the same threat or control (say, under its current and an older id).
fn duplicate(word: &str, base: &str, id: &str) -> Error {
    Error::new(ErrorCode::DuplicateEntry, format!("`{base}` is the {word} `{id}` again; give each {word} once")).at(base)
}

fn read_risks(value: &Value, catalog: &Catalog, file: &mut AssessmentFile, errors: &mut Vec<Error>) {
    let Value::Object(entries) = value else {
        errors.push(wrong(value, "risks", "an object of threat ids and risk decisions"));
        return;
    };
    for (given, v) in entries {
        if catalog.is_hidden(given) {
            continue; // an entry the custom catalog hides: the decision no longer applies
        }
        let base = format!("risks.{given}");
        let Some(threat) = resolve(Kind::Threat, given, &base, catalog, file, errors) else { continue };
        if file.risks.iter().any(|(t, _)| *t == threat) {
            errors.push(duplicate("threat", &base, &threat));
            continue;
        }
        let Value::Object(fields) = v else {
            errors.push(wrong(v, &base, "an object with likelihood, impact, treatment, owner, note"));
            continue;
        };
        let mut risk = RiskInput::default();
        for (key, field) in fields {
            let path = format!("{base}.{key}");
            match key.as_str() {
                "likelihood" => risk.likelihood = level(field, &path, errors),
                "impact" => risk.impact = level(field, &path, errors),
                "treatment" => risk.treatment = choice(field, &path, &Treatment::ALL, Treatment::as_str, errors),
                "owner" => risk.owner = text_field(field, &path, errors),
                "note" => risk.note = text_field(field, &path, errors),
                other => errors.push(unknown_key(other, &format!("{base}."), &["likelihood", "impact", "treatment", "owner", "note"])),
            }
        }
        file.risks.push((threat, risk));
    }
}

fn read_controls(value: &Value, catalog: &Catalog, file: &mut AssessmentFile, errors: &mut Vec<Error>) {
    let Value::Object(entries) = value else {
        errors.push(wrong(value, "controls", "an object of control ids and control decisions"));
        return;
    };
    for (given, v) in entries {
        if catalog.is_hidden(given) {
            continue;
        }
        let base = format!("controls.{given}");
        let Some(control) = resolve(Kind::Control, given, &base, catalog, file, errors) else { continue };
        if file.controls.iter().any(|(c, _)| *c == control) {
            errors.push(duplicate("control", &base, &control));
            continue;
        }
        let Value::Object(fields) = v else {
            errors.push(wrong(v, &base, "an object with status and note"));
            continue;
        };
        let mut input = ControlInput::default();
        for (key, field) in fields {
            let path = format!("{base}.{key}");
            match key.as_str() {
                "status" => input.status = choice(field, &path, &ControlStatus::ALL, ControlStatus::as_str, errors),
                "note" => input.note = text_field(field, &path, errors),
                other => errors.push(unknown_key(other, &format!("{base}."), &["status", "note"])),
            }
        }
        file.controls.push((control, input));
    }
}
