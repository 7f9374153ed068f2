//! Custom catalog overlays: an organisation's own controls, mappings, notes and questions, and
//! the entries it hides, in one JSON file (format described in `catalog/OVERLAY.md`).
//!
//! [`read`] checks an overlay against a catalog and reports every problem at once, with the same
//! precision as the catalog reader (it uses the same machinery): entry, field, message and "did
//! you mean". [`apply`] merges a valid overlay into the catalog's model and its document; every
//! other function of the crate then works on the result unchanged.
//!
//! How the merge works, in short: an overlay control becomes a control of the model and is
//! appended to the `controls` of every threat, group or section it lists (the engine already
//! hands a group's or section's controls to every threat under it, so naming a group covers its
//! threats); overlay questions come after the built-in ones (share links encode answers by
//! position); hidden entries disappear together with every reference to them, and are recorded
//! in [`Catalog::hidden`] so that assessment files that still name them keep opening.

use crate::catalog::{
    build_index, check_url, closest, is_version, normalise_key, read_condition, yes_no, Catalog, Condition, Control, Entry, List, Problem,
    Problems, Question, Record, Text, ThreatKind,
};
use crate::json::{self, field, set_field, Value};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The `format` an overlay declares.
pub const FORMAT: &str = "ai-security-navigator/overlay@1";
/// The `file` of every problem an overlay has.
pub const FILE: &str = "overlay";
/// Longest overlay text accepted, in bytes.
pub const MAX_LEN: usize = 1024 * 1024;
/// Longest list accepted anywhere in an overlay.
pub const MAX_ITEMS: usize = 500;

const TOP_FIELDS: &[&str] = &["format", "name", "version", "description", "catalog", "controls", "mappings", "notes", "questions", "hide"];
const CONTROL_FIELDS: &[&str] = &["id", "name", "summary", "description", "group", "threats", "url"];
const MAPPING_FIELDS: &[&str] = &["id", "name", "url", "items"];
const ITEM_FIELDS: &[&str] = &["id", "name", "threats", "controls"];
const NOTE_FIELDS: &[&str] = &["entry", "text"];
const QUESTION_FIELDS: &[&str] = &["id", "text", "help", "options", "askWhen", "whenNotAsked"];

/// A checked overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    /// The catalog version it was written for (informational).
    pub catalog: Option<String>,
    pub controls: Vec<OverlayControl>,
    pub mappings: Vec<Mapping>,
    pub notes: Vec<Note>,
    pub questions: Vec<OverlayQuestion>,
    /// Current ids of the threats and controls it hides.
    pub hide: Vec<String>,
}

/// A control of the organisation's own.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayControl {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub description: Option<String>,
    /// A control group of the catalog.
    pub group: String,
    /// Threats, groups or sections it addresses.
    pub threats: Vec<String>,
    pub url: Option<String>,
}

/// A mapping to another framework, e.g. the organisation's policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    pub items: Vec<MappingItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MappingItem {
    pub id: String,
    pub name: String,
    pub threats: Vec<String>,
    pub controls: Vec<String>,
}

/// A note on a threat or control.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub entry: String,
    pub text: String,
}

/// A question of the organisation's own, asked after the built-in ones.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayQuestion {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    /// The options as written: `"yes-no"` or a list of `{ value, label }`.
    pub options: Value,
    /// The values it accepts besides `unknown`.
    pub values: Vec<String>,
    /// Their labels, in the same order.
    pub labels: Vec<String>,
    pub ask_when: Condition,
    pub when_not_asked: Option<String>,
}

/// A catalog with an overlay applied: the model, the document (JSON text) and the overlay.
#[derive(Debug, Clone)]
pub struct Custom {
    pub catalog: Catalog,
    pub document: String,
    pub overlay: Overlay,
}

/// Every problem in an overlay for `catalog`; empty when it is valid.
pub fn validate(catalog: &Catalog, text: &str) -> Vec<Problem> {
    read(catalog, text).err().unwrap_or_default()
}

/// Applies an overlay to a catalog and its document (the JSON of [`crate::catalog_document`]).
pub fn apply(base: &Catalog, document: &str, text: &str) -> Result<Custom, Vec<Problem>> {
    let overlay = read(base, text)?;
    let catalog = merge_model(base, &overlay);
    let document =
        merge_document(document, &overlay).map_err(|message| vec![Problem { file: FILE.into(), entry: None, field: None, message }])?;
    Ok(Custom { catalog, document, overlay })
}

// ---------------------------------------------------------------------------------------------
// Reading and checking.

/// Text for a message: at most 60 characters of it.
fn shown(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

fn hint(word: &str, candidates: &[&str]) -> String {
    closest(word, candidates).map(|c| format!(" (did you mean '{c}'?)")).unwrap_or_default()
}

/// Reports lists longer than [`MAX_ITEMS`], with where they are.
fn check_sizes(p: &mut Problems, value: &Value, path: &str) {
    match value {
        Value::Array(items) => {
            if items.len() > MAX_ITEMS {
                let at = if path.is_empty() { "the overlay" } else { path };
                p.file(FILE, format!("`{at}` has {} items; at most {MAX_ITEMS} are allowed", items.len()));
                return;
            }
            for (i, item) in items.iter().enumerate() {
                check_sizes(p, item, &format!("{path}[{i}]"));
            }
        }
        Value::Object(fields) => {
            for (key, v) in fields {
                let path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                check_sizes(p, v, &path);
            }
        }
        _ => {}
    }
}

fn max_chars(p: &mut Problems, r: &Record<'_>, key: &str, value: &str, max: usize) {
    let n = value.chars().count();
    if n > max {
        p.at(r, Some(key), format!("at most {max} characters, found {n}"));
    }
}

/// A field that must be a well-formed https:// address; `None` when absent or wrong.
fn url_field(p: &mut Problems, r: &Record<'_>) -> Option<String> {
    let before = p.list.len();
    check_url(p, r, "url");
    if p.list.len() > before {
        return None;
    }
    field(r.map, "url").and_then(Value::as_str).map(str::to_string)
}

/// What an overlay's references resolve against.
struct Known<'a> {
    catalog: &'a Catalog,
    threats: Vec<&'a str>,
    controls: Vec<&'a str>,
    /// This overlay's own control ids.
    own: Vec<String>,
    hidden: HashSet<String>,
}

impl Known<'_> {
    /// Reports `id` unless it is a current threat id (of any kind), or is hidden.
    fn threat(&self, p: &mut Problems, r: &Record<'_>, key: &str, id: &str) {
        if self.catalog.threat(id).is_some() {
            if self.hidden.contains(id) {
                p.at(r, Some(key), format!("'{id}' is hidden by `hide`; remove it here or keep it visible"));
            }
            return;
        }
        let message = match self.catalog.find(id) {
            Some(Entry::Threat(t)) => format!("'{}' is an older id or a name; use the current id '{}'", shown(id), t.id),
            _ => format!("unknown threat '{}'{}", shown(id), hint(id, &self.threats)),
        };
        p.at(r, Some(key), message);
    }

    /// Reports `id` unless it is a current control id of the catalog or of this overlay.
    fn control(&self, p: &mut Problems, r: &Record<'_>, key: &str, id: &str) {
        if self.own.iter().any(|c| c == id) {
            return;
        }
        if self.catalog.control(id).is_some() {
            if self.hidden.contains(id) {
                p.at(r, Some(key), format!("'{id}' is hidden by `hide`; remove it here or keep it visible"));
            }
            return;
        }
        let candidates: Vec<&str> = self.controls.iter().copied().chain(self.own.iter().map(String::as_str)).collect();
        let message = match self.catalog.find(id) {
            Some(Entry::Control(c)) => format!("'{}' is an older id or a name; use the current id '{}'", shown(id), c.id),
            _ => format!("unknown control '{}'{}", shown(id), hint(id, &candidates)),
        };
        p.at(r, Some(key), message);
    }

    /// A threat or a control (of the catalog or this overlay).
    fn entry(&self, p: &mut Problems, r: &Record<'_>, key: &str, id: &str) {
        if self.catalog.threat(id).is_some() {
            self.threat(p, r, key, id);
        } else if self.catalog.control(id).is_some() || self.own.iter().any(|c| c == id) {
            self.control(p, r, key, id);
        } else {
            let candidates: Vec<&str> =
                self.threats.iter().chain(self.controls.iter()).copied().chain(self.own.iter().map(String::as_str)).collect();
            let message = match self.catalog.find(id) {
                Some(e) => format!("'{}' is an older id or a name; use the current id '{}'", shown(id), e.id()),
                None => format!("unknown threat or control '{}'{}", shown(id), hint(id, &candidates)),
            };
            p.at(r, Some(key), message);
        }
    }
}

fn twice(p: &mut Problems, r: &Record<'_>, key: &str, list: &[String]) {
    let mut seen = HashSet::new();
    for x in list {
        if !seen.insert(x.as_str()) {
            p.at(r, Some(key), format!("'{}' is listed twice", shown(x)));
        }
    }
}

/// Reads and checks an overlay for `catalog`: the overlay, or every problem in it.
pub fn read(catalog: &Catalog, text: &str) -> Result<Overlay, Vec<Problem>> {
    let mut p = Problems::default();
    // Bound the input before any work that grows with it.
    if text.len() > MAX_LEN {
        p.file(FILE, format!("the overlay is too large: {} bytes, at most {MAX_LEN}", text.len()));
        return Err(p.list);
    }
    let value = match json::parse(text) {
        Ok(value) => value,
        Err(e) => {
            p.file(FILE, format!("not valid JSON: {e}"));
            return Err(p.list);
        }
    };
    let Some(top) = Record::top(FILE, &value) else {
        p.file(FILE, format!("an overlay is a JSON object, found {}", value.kind()));
        return Err(p.list);
    };
    check_sizes(&mut p, &value, "");
    if !p.list.is_empty() {
        return Err(p.list);
    }

    top.only(&mut p, TOP_FIELDS);
    match field(top.map, "format") {
        None => p.at(&top, Some("format"), format!("required field is missing; write \"{FORMAT}\"")),
        Some(Value::String(s)) if s == FORMAT => {}
        Some(other) => {
            p.at(&top, Some("format"), format!("unsupported format {}; this version reads \"{FORMAT}\"", shown(&other.to_json())))
        }
    }
    let name = top.str(&mut p, "name");
    max_chars(&mut p, &top, "name", &name, 100);
    let version = top.opt_str(&mut p, "version");
    if let Some(v) = &version {
        max_chars(&mut p, &top, "version", v, 40);
    }
    let description = top.opt_str(&mut p, "description");
    let catalog_version = top.opt_str(&mut p, "catalog");
    if let Some(v) = catalog_version.as_deref().filter(|v| !is_version(v)) {
        p.at(&top, Some("catalog"), format!("'{}' is not a catalog version like {}", shown(v), catalog.version));
    }
    let hide = top.str_list(&mut p, "hide", false).unwrap_or_default();

    let mut known = Known {
        catalog,
        threats: catalog.threats.iter().map(|t| t.id.as_ref()).collect(),
        controls: catalog.controls.iter().map(|c| c.id.as_ref()).collect(),
        own: Vec::new(),
        // What can be hidden; other ids in `hide` are reported below.
        hidden: hide
            .iter()
            .filter(|h| catalog.threat(h).is_some_and(|t| t.kind == ThreatKind::Threat) || catalog.control(h).is_some())
            .cloned()
            .collect(),
    };

    // Controls: ids first (mappings and notes may refer to any of them), then the rest.
    let control_records = top.list(&mut p, "controls", "control", false);
    let mut keys: HashSet<String> = HashSet::new();
    for r in &control_records {
        if let Some(id) = field(r.map, "id").and_then(Value::as_str) {
            known.own.push(id.to_string());
        }
    }
    let groups: Vec<&str> = catalog.control_groups.iter().map(|g| g.id.as_ref()).collect();
    let mut controls = Vec::new();
    for r in &control_records {
        r.only(&mut p, CONTROL_FIELDS);
        let id = r.str(&mut p, "id");
        if !id.is_empty() {
            if !(3..=40).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                p.at(r, Some("id"), format!("'{}' must be 3 to 40 capital letters and digits, e.g. ACMEMODELREGISTER", shown(&id)));
            } else if let Some(existing) = catalog.find(&id) {
                p.at(
                    r,
                    Some("id"),
                    format!(
                        "'{id}' clashes with the {} '{}' of the catalog (its id, an older id, its name or its label); choose another id",
                        existing.kind(),
                        existing.id()
                    ),
                );
            } else if !keys.insert(normalise_key(&id)) {
                p.at(r, Some("id"), format!("duplicate id: another control of the overlay already uses '{id}'"));
            }
        }
        let name = r.str(&mut p, "name");
        max_chars(&mut p, r, "name", &name, 200);
        let summary = r.str(&mut p, "summary");
        let description = r.opt_str(&mut p, "description");
        let group = r.str(&mut p, "group");
        if !group.is_empty() && !groups.contains(&group.as_str()) {
            p.at(
                r,
                Some("group"),
                format!("unknown control group '{}'{}; allowed: {}", shown(&group), hint(&group, &groups), groups.join(", ")),
            );
        }
        let threats = r.str_list(&mut p, "threats", true).unwrap_or_default();
        if matches!(field(r.map, "threats"), Some(Value::Array(items)) if items.is_empty()) {
            p.at(r, Some("threats"), "list at least one threat, group or section the control addresses".into());
        }
        for t in &threats {
            known.threat(&mut p, r, "threats", t);
        }
        twice(&mut p, r, "threats", &threats);
        let url = url_field(&mut p, r);
        controls.push(OverlayControl { id, name, summary, description, group, threats, url });
    }

    let mut mappings = Vec::new();
    let mut mapping_ids = HashSet::new();
    for r in top.list(&mut p, "mappings", "mapping", false) {
        r.only(&mut p, MAPPING_FIELDS);
        let id = r.str(&mut p, "id");
        if !id.is_empty() {
            let well_formed = id.len() <= 40
                && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && id.as_bytes()[0].is_ascii_lowercase();
            if !well_formed {
                p.at(&r, Some("id"), format!("'{}' must be up to 40 lower-case letters, digits and hyphens, e.g. acme-policy", shown(&id)));
            } else if !mapping_ids.insert(id.clone()) {
                p.at(&r, Some("id"), format!("duplicate id: another mapping already uses '{id}'"));
            }
        }
        let name = r.str(&mut p, "name");
        max_chars(&mut p, &r, "name", &name, 100);
        let url = url_field(&mut p, &r);
        let what = format!("{} item", r.entry.as_deref().unwrap_or("mapping"));
        let mut items = Vec::new();
        let mut item_ids = HashSet::new();
        if matches!(field(r.map, "items"), Some(Value::Array(list)) if list.is_empty()) {
            p.at(&r, Some("items"), "list at least one item".into());
        }
        for item in r.list(&mut p, "items", &what, true) {
            item.only(&mut p, ITEM_FIELDS);
            let item_id = item.str(&mut p, "id");
            max_chars(&mut p, &item, "id", &item_id, 100);
            if !item_id.is_empty() && !item_ids.insert(item_id.clone()) {
                p.at(&item, Some("id"), format!("duplicate id: another item of this mapping already uses '{}'", shown(&item_id)));
            }
            let item_name = item.str(&mut p, "name");
            let threats = item.str_list(&mut p, "threats", false).unwrap_or_default();
            let item_controls = item.str_list(&mut p, "controls", false).unwrap_or_default();
            for t in &threats {
                known.threat(&mut p, &item, "threats", t);
            }
            for c in &item_controls {
                known.control(&mut p, &item, "controls", c);
            }
            twice(&mut p, &item, "threats", &threats);
            twice(&mut p, &item, "controls", &item_controls);
            if threats.is_empty() && item_controls.is_empty() {
                p.at(&item, None, "an item maps to at least one threat or control (`threats`, `controls`)".into());
            }
            items.push(MappingItem { id: item_id, name: item_name, threats, controls: item_controls });
        }
        mappings.push(Mapping { id, name, url, items });
    }

    let mut notes = Vec::new();
    for r in top.list(&mut p, "notes", "note", false) {
        r.only(&mut p, NOTE_FIELDS);
        let entry = r.str(&mut p, "entry");
        if !entry.is_empty() {
            known.entry(&mut p, &r, "entry", &entry);
        }
        let text = r.str(&mut p, "text");
        notes.push(Note { entry, text });
    }

    let questions = read_questions(&mut p, &top, catalog);

    // Hidden entries: current ids of threats (kind `threat`) and controls of the catalog.
    let mut seen = HashSet::new();
    for id in &hide {
        if !seen.insert(id.as_str()) {
            p.at(&top, Some("hide"), format!("'{}' is listed twice", shown(id)));
            continue;
        }
        match (catalog.threat(id), catalog.control(id)) {
            (Some(t), _) if t.kind != ThreatKind::Threat => p.at(
                &top,
                Some("hide"),
                format!(
                    "'{id}' is a {}; only threats (kind threat) and controls can be hidden: hide the threats under it instead",
                    t.kind.as_str()
                ),
            ),
            (Some(_), _) | (_, Some(_)) => {}
            _ if known.own.iter().any(|c| c == id) => {
                p.at(&top, Some("hide"), format!("'{id}' is a control of this overlay; leave it out instead of hiding it"))
            }
            _ => {
                let candidates: Vec<&str> = known.threats.iter().chain(known.controls.iter()).copied().collect();
                let message = match catalog.find(id) {
                    Some(e) => format!("'{}' is an older id or a name; use the current id '{}'", shown(id), e.id()),
                    None => format!("unknown threat or control '{}'{}", shown(id), hint(id, &candidates)),
                };
                p.at(&top, Some("hide"), message);
            }
        }
    }
    // A visible threat that takes over a hidden threat's controls would lose them silently.
    for t in catalog.threats.iter().filter(|t| !known.hidden.contains(t.id.as_ref())) {
        if let Some(from) = t
            .inherits_controls
            .as_ref()
            .map(|i| &i.from)
            .filter(|f| known.hidden.contains(f.as_ref()) && catalog.threat(f).is_some_and(|x| x.kind == ThreatKind::Threat))
        {
            p.at(
                &top,
                Some("hide"),
                format!("'{from}' cannot be hidden: the threat '{}' inherits its controls from it (`inheritsControls.from`); hide '{}' too, or keep '{from}'", t.id, t.id),
            );
        }
    }

    if !p.list.is_empty() {
        return Err(p.list);
    }
    Ok(Overlay { name, version, description, catalog: catalog_version, controls, mappings, notes, questions, hide })
}

fn read_questions(p: &mut Problems, top: &Record<'_>, catalog: &Catalog) -> Vec<OverlayQuestion> {
    let mut out: Vec<OverlayQuestion> = Vec::new();
    let records = top.list(p, "questions", "question", false);
    let mut ids = HashSet::new();
    for r in &records {
        r.only(p, QUESTION_FIELDS);
        let id = r.str(p, "id");
        if !id.is_empty() {
            let snake = id.len() <= 60
                && id.as_bytes()[0].is_ascii_lowercase()
                && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !snake {
                p.at(
                    r,
                    Some("id"),
                    format!("'{}' must be lower_snake_case (letters, digits, _; up to 60), e.g. acme_review_board", shown(&id)),
                );
            } else if catalog.question(&id).is_some() {
                p.at(r, Some("id"), format!("'{id}' is already a question of the catalog; choose another id"));
            } else if !ids.insert(id.clone()) {
                p.at(r, Some("id"), format!("duplicate id: another question of the overlay already uses '{id}'"));
            }
        }
        let text = r.str(p, "text");
        let help = r.opt_str(p, "help");
        let (options, values, labels) = match field(r.map, "options") {
            Some(Value::String(s)) if s == "yes-no" => {
                let (values, labels) = yes_no();
                (Value::from("yes-no"), values, labels)
            }
            Some(Value::Array(list)) => {
                if list.is_empty() {
                    p.at(r, Some("options"), "list at least one option".into());
                }
                let (mut values, mut labels): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
                let mut written = Vec::new();
                for o in r.list(p, "options", "option", true) {
                    o.only(p, &["value", "label"]);
                    let label = o.str(p, "label");
                    let value = o.str(p, "value");
                    if value == "unknown" {
                        p.at(&o, Some("value"), "'unknown' is always offered; do not list it".into());
                    } else if values.contains(&value) {
                        p.at(&o, Some("value"), format!("'{}' is offered twice", shown(&value)));
                    }
                    written.push(json::object([("value", Value::from(value.as_str())), ("label", Value::from(label.as_str()))]));
                    values.push(value);
                    labels.push(label);
                }
                (Value::Array(written), values, labels)
            }
            None => {
                p.at(r, Some("options"), "required field is missing: \"yes-no\" or a list of { value, label }".into());
                (Value::Null, Vec::new(), Vec::new())
            }
            Some(_) => {
                p.at(r, Some("options"), "must be \"yes-no\" or a list of { value, label }".into());
                (Value::Null, Vec::new(), Vec::new())
            }
        };
        let ask_when = read_condition(p, r, "askWhen");
        let when_not_asked = r.opt_str(p, "whenNotAsked");
        if let Some(v) = &when_not_asked {
            if ask_when.is_empty() {
                p.at(r, Some("whenNotAsked"), "only a question with `askWhen` has a value for when it is not asked".into());
            } else if !values.contains(v) {
                let allowed: Vec<&str> = values.iter().map(String::as_str).collect();
                p.at(
                    r,
                    Some("whenNotAsked"),
                    format!("unknown option '{}'{}; allowed: {}", shown(v), hint(v, &allowed), allowed.join(", ")),
                );
            }
        }
        out.push(OverlayQuestion { id, text, help, options, values, labels, ask_when, when_not_asked });
    }
    // Conditions may name built-in questions and the overlay's own.
    let all: Vec<&str> = catalog.questions.iter().map(|q| q.id.as_ref()).chain(out.iter().map(|q| q.id.as_str())).collect();
    for (r, q) in records.iter().zip(&out) {
        for (question, values) in q.ask_when.iter() {
            let key = format!("askWhen.{question}");
            if *question == q.id {
                p.at(r, Some("askWhen"), "a question cannot depend on itself".into());
                continue;
            }
            let options: Vec<&str> = match (catalog.question(question), out.iter().find(|x| x.id == *question)) {
                (Some(b), _) => b.options.iter().map(|o| o.as_ref()).collect(),
                (None, Some(o)) => o.values.iter().map(String::as_str).collect(),
                (None, None) => {
                    p.at(r, Some("askWhen"), format!("unknown question '{}'{}", shown(question), hint(question, &all)));
                    continue;
                }
            };
            let allowed: Vec<&str> = options.into_iter().chain(["unknown"]).collect();
            for v in values.iter() {
                if !allowed.contains(&v.as_ref()) {
                    p.at(r, Some(&key), format!("unknown option '{}'{}; allowed: {}", shown(v), hint(v, &allowed), allowed.join(", ")));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The model.

fn merge_model(base: &Catalog, o: &Overlay) -> Catalog {
    let mut c = base.clone();
    let hidden_threats: HashSet<&str> = o.hide.iter().filter(|h| base.threat(h).is_some()).map(String::as_str).collect();
    let hidden_controls: HashSet<&str> = o.hide.iter().filter(|h| base.control(h).is_some()).map(String::as_str).collect();
    // Copies a borrowed list only when something in it goes.
    fn keep(list: &mut List<Text>, gone: &HashSet<&str>) {
        if list.iter().any(|x| gone.contains(x.as_ref())) {
            list.to_mut().retain(|x| !gone.contains(x.as_ref()));
        }
    }
    if !hidden_threats.is_empty() || !hidden_controls.is_empty() {
        c.threats.to_mut().retain(|t| !hidden_threats.contains(t.id.as_ref()));
        c.controls.to_mut().retain(|x| !hidden_controls.contains(x.id.as_ref()));
        for t in c.threats.to_mut().iter_mut() {
            keep(&mut t.controls, &hidden_controls);
            if let Some(list) = &mut t.periodic_table_controls {
                keep(list, &hidden_controls);
            }
            if let Some(i) = &mut t.inherits_controls {
                keep(&mut i.except, &hidden_controls);
                keep(&mut i.plus, &hidden_threats);
            }
            if let Some(b) = &mut t.controls_by_party {
                keep(&mut b.supplier, &hidden_controls);
                keep(&mut b.producer, &hidden_controls);
            }
        }
        for s in c.control_sets.to_mut().iter_mut() {
            keep(&mut s.members, &hidden_controls);
        }
        for r in c.rules.to_mut().iter_mut() {
            keep(&mut r.threats, &hidden_threats);
        }
        for a in c.risk.adjust.to_mut().iter_mut() {
            keep(&mut a.threats, &hidden_threats);
        }
    }
    // Hidden ids, current and older, so that assessment files naming them still open.
    let mut hidden: Vec<Text> = Vec::new();
    for id in &o.hide {
        hidden.push(Cow::Owned(id.clone()));
        let aliases = match (base.threat(id), base.control(id)) {
            (Some(t), _) => t.aliases.to_vec(),
            (_, Some(x)) => x.aliases.to_vec(),
            _ => Vec::new(),
        };
        hidden.extend(aliases.into_iter().filter_map(|a| a.id));
    }
    let mut addresses: Vec<(Text, Text)> = Vec::new();
    for x in &o.controls {
        let id: Text = Cow::Owned(x.id.clone());
        c.controls.to_mut().push(Control {
            id: id.clone(),
            name: Cow::Owned(x.name.clone()),
            label: Cow::Owned(format!("#{}", x.id)),
            section: Cow::Borrowed(""),
            since: None,
            groups: Cow::Owned(vec![Cow::Owned(x.group.clone())]),
            essentials: Cow::Borrowed(&[]),
            aliases: Cow::Borrowed(&[]),
        });
        for threat in c.threats.to_mut().iter_mut().filter(|t| x.threats.iter().any(|n| *n == t.id)) {
            if !threat.controls.contains(&id) {
                threat.controls.to_mut().push(id.clone());
            }
        }
        addresses.push((id, Cow::Owned(x.url.clone().unwrap_or_default())));
    }
    for q in &o.questions {
        c.questions.to_mut().push(Question {
            id: Cow::Owned(q.id.clone()),
            text: Cow::Owned(q.text.clone()),
            options: Cow::Owned(q.values.iter().cloned().map(Cow::Owned).collect()),
            labels: Cow::Owned(q.labels.iter().cloned().map(Cow::Owned).collect()),
            ask_when: q.ask_when.clone(),
            when_not_asked: q.when_not_asked.clone().map(Cow::Owned),
        });
    }
    c.index = Cow::Owned(build_index(&c.threats, &c.controls));
    c.hidden = Cow::Owned(hidden);
    c.addresses = Cow::Owned(addresses);
    c
}

// ---------------------------------------------------------------------------------------------
// The document.

/// Keys whose lists hold ids of threats or controls, anywhere in the document.
const ID_LISTS: [&str; 8] = ["threats", "controls", "members", "except", "plus", "supplier", "producer", "periodicTableControls"];

/// Removes every mention of a hidden id: entries (objects with that `id` in a list of threats or
/// controls), ids in lists of ids, and list items about one threat (`{ "threat": id, … }`).
fn prune(value: &mut Value, hidden: &HashSet<&str>) {
    match value {
        Value::Object(fields) => {
            for (key, v) in fields.iter_mut() {
                if let Value::Array(items) = v {
                    if ID_LISTS.contains(&key.as_str()) {
                        items.retain(|x| match x {
                            Value::String(s) => !hidden.contains(s.as_str()),
                            Value::Object(_) => !x.get("id").and_then(Value::as_str).is_some_and(|id| hidden.contains(id)),
                            _ => true,
                        });
                    }
                    items.retain(|x| !x.get("threat").and_then(Value::as_str).is_some_and(|t| hidden.contains(t)));
                }
                prune(v, hidden);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| prune(x, hidden)),
        _ => {}
    }
}

fn strings<'a>(list: impl IntoIterator<Item = &'a String>) -> Value {
    Value::Array(list.into_iter().map(|s| Value::from(s.as_str())).collect())
}

fn condition_value(condition: &Condition) -> Value {
    Value::Object(
        condition
            .iter()
            .map(|(q, values)| (q.to_string(), Value::Array(values.iter().map(|v| Value::from(v.as_ref())).collect())))
            .collect(),
    )
}

fn merge_document(document: &str, o: &Overlay) -> Result<String, String> {
    let mut doc = json::parse(document).map_err(|e| format!("the catalog document is not valid JSON: {e}"))?;
    let hidden: HashSet<&str> = o.hide.iter().map(String::as_str).collect();
    if !hidden.is_empty() {
        prune(&mut doc, &hidden);
    }
    let top = doc.as_object_mut().ok_or_else(|| "the catalog document is not a JSON object".to_string())?;

    // What each entry gains: notes, mapping items, and (threats) the overlay controls.
    let mut notes: HashMap<&str, Vec<Value>> = HashMap::new();
    for n in &o.notes {
        notes.entry(n.entry.as_str()).or_default().push(Value::from(n.text.as_str()));
    }
    let mut mapped: HashMap<&str, Vec<Value>> = HashMap::new();
    for m in &o.mappings {
        for item in &m.items {
            for id in item.threats.iter().chain(&item.controls) {
                mapped.entry(id.as_str()).or_default().push(json::object([
                    ("mapping", Value::from(m.name.as_str())),
                    ("id", Value::from(item.id.as_str())),
                    ("name", Value::from(item.name.as_str())),
                ]));
            }
        }
    }
    let mut added: HashMap<&str, Vec<&str>> = HashMap::new();
    for x in &o.controls {
        for t in &x.threats {
            added.entry(t.as_str()).or_default().push(x.id.as_str());
        }
    }
    let annotate = |entry: &mut Vec<(String, Value)>| {
        let id = field(entry, "id").and_then(Value::as_str).unwrap_or_default().to_string();
        if let Some(list) = notes.get(id.as_str()) {
            set_field(entry, "overlayNotes", Value::Array(list.clone()));
        }
        if let Some(list) = mapped.get(id.as_str()) {
            set_field(entry, "overlayMappings", Value::Array(list.clone()));
        }
    };

    if let Some(Value::Array(threats)) = top.iter_mut().find(|(k, _)| k == "threats").map(|(_, v)| v) {
        for t in threats.iter_mut().filter_map(Value::as_object_mut) {
            let id = field(t, "id").and_then(Value::as_str).unwrap_or_default().to_string();
            if let Some(extra) = added.get(id.as_str()) {
                if let Some(Value::Array(list)) = t.iter_mut().find(|(k, _)| k == "controls").map(|(_, v)| v) {
                    for c in extra {
                        if !list.iter().any(|x| x.as_str() == Some(c)) {
                            list.push(Value::from(*c));
                        }
                    }
                }
            }
            annotate(t);
        }
    }
    if let Some(Value::Array(controls)) = top.iter_mut().find(|(k, _)| k == "controls").map(|(_, v)| v) {
        for c in controls.iter_mut().filter_map(Value::as_object_mut) {
            annotate(c);
        }
        for x in &o.controls {
            let mut entry: Vec<(String, Value)> = vec![
                ("id".into(), Value::from(x.id.as_str())),
                ("name".into(), Value::from(x.name.as_str())),
                ("label".into(), Value::from(format!("#{}", x.id))),
                ("section".into(), Value::from("")),
                ("category".into(), Value::from("organisation control")),
                ("groups".into(), strings([&x.group])),
                ("essentials".into(), Value::Array(Vec::new())),
                ("summary".into(), Value::from(x.summary.as_str())),
            ];
            if let Some(d) = &x.description {
                entry.push(("description".into(), Value::from(d.as_str())));
            }
            entry.push(("does".into(), Value::Array(Vec::new())));
            entry.push(("url".into(), Value::from(x.url.clone())));
            entry.push(("threats".into(), strings(&x.threats)));
            entry.push(("overlay".into(), Value::from(true)));
            annotate(&mut entry);
            controls.push(Value::Object(entry));
        }
    }
    if let Some(Value::Object(mappings)) = top.iter_mut().find(|(k, _)| k == "mappings").map(|(_, v)| v) {
        let list = o
            .mappings
            .iter()
            .map(|m| {
                let items = m
                    .items
                    .iter()
                    .map(|i| {
                        json::object([
                            ("id", Value::from(i.id.as_str())),
                            ("name", Value::from(i.name.as_str())),
                            ("threats", strings(&i.threats)),
                            ("controls", strings(&i.controls)),
                        ])
                    })
                    .collect();
                json::object([
                    ("id", Value::from(m.id.as_str())),
                    ("name", Value::from(m.name.as_str())),
                    ("url", Value::from(m.url.clone())),
                    ("items", Value::Array(items)),
                ])
            })
            .collect();
        set_field(mappings, "overlay", Value::Array(list));
    }
    if let Some(Value::Array(questions)) = top.iter_mut().find(|(k, _)| k == "questions").map(|(_, v)| v) {
        for q in &o.questions {
            let mut entry: Vec<(String, Value)> = vec![
                ("id".into(), Value::from(q.id.as_str())),
                ("text".into(), Value::from(q.text.as_str())),
                ("help".into(), Value::from(q.help.clone().unwrap_or_default())),
                ("options".into(), q.options.clone()),
            ];
            if !q.ask_when.is_empty() {
                entry.push(("askWhen".into(), condition_value(&q.ask_when)));
            }
            if let Some(v) = &q.when_not_asked {
                entry.push(("whenNotAsked".into(), Value::from(v.as_str())));
            }
            entry.push(("overlay".into(), Value::from(true)));
            questions.push(Value::Object(entry));
        }
    }
    let count = |n: usize| Value::Number(n.to_string());
    set_field(
        top,
        "overlay",
        json::object([
            ("name", Value::from(o.name.as_str())),
            ("version", Value::from(o.version.clone())),
            ("description", Value::from(o.description.clone())),
            ("catalog", Value::from(o.catalog.clone())),
            ("controls", count(o.controls.len())),
            ("questions", count(o.questions.len())),
            ("notes", count(o.notes.len())),
            ("mappings", count(o.mappings.len())),
            ("hidden", strings(&o.hide)),
        ]),
    );
    Ok(doc.to_json())
}
