//! Catalog files (JSON text) → a checked [`Catalog`], or every problem found in them.
//!
//! The reader walks the JSON by hand instead of deriving `Deserialize`, so that it can keep
//! going after a problem and report all of them at once, each with its file, entry and field.

use super::{
    build_index, closest, is_version, normalise_key, yes_no, Alias, AppliesTo, AssuranceQuestion, AttackSurface, ByParty, Catalog,
    Condition, Control, ControlGroup, ControlSet, Effect, Essential, FlagRule, Impact, Inheritance, Lifecycle, LifecycleInfo, List,
    Question, RiskAdjust, RiskModel, Rule, Source, Text, Threat, ThreatKind,
};
use crate::json::{field, set_field, take_field, Value};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One catalog file: its name (e.g. `threats.json`) and its text.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Something wrong in the catalog files, located precisely enough to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, e.g. `threats.json`.
    pub file: String,
    /// The entry, e.g. `threat 'evasion'` or `threats[4]`; `None` for the file as a whole.
    pub entry: Option<String>,
    /// The field, e.g. `parent`; `None` for the entry as a whole.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(entry) = &self.entry {
            write!(f, ": {entry}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The files a catalog is made of; all are required.
pub const FILES: [&str; 7] =
    ["catalog.json", "taxonomy.json", "threats.json", "controls.json", "mappings.json", "questions.json", "rules.json"];

const PERMALINK: &str = "https://owaspai.org/go/{slug}/";
const LEGACY_PERMALINK: &str = "https://owaspai.org/goto/{slug}/";

/// A catalog that passed every check: the model, and the document for people.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub catalog: Catalog,
    /// All files merged into one JSON object, with the prose, the mappings and derived fields
    /// (`url` of every entry and alias, `threats` that list each control). This is what the page
    /// shows and what `catalog()` returns to JavaScript.
    pub document: Value,
}

/// Reads and checks the catalog files. Returns the catalog and its document, or every problem
/// found in the files.
pub fn load(files: &[SourceFile<'_>]) -> Result<Loaded, Vec<Problem>> {
    let mut problems = Problems::default();
    let mut docs: HashMap<&str, Value> = HashMap::new();
    for name in FILES {
        match files.iter().find(|f| f.name == name) {
            None => problems.file(name, "the file is missing".into()),
            Some(file) => match crate::json::parse(file.text) {
                Ok(value @ Value::Object(_)) => {
                    docs.insert(name, value);
                }
                Ok(_) => problems.file(name, "the file must hold a JSON object".into()),
                Err(e) => problems.file(name, format!("not valid JSON: {e}")),
            },
        }
    }
    for file in files {
        if !FILES.contains(&file.name) {
            problems.file(file.name, format!("unknown catalog file; the files are {}", FILES.join(", ")));
        }
    }
    let empty = Value::Object(Vec::new());
    let doc = |name: &str| docs.get(name).unwrap_or(&empty);

    let meta = read_meta(&mut problems, doc("catalog.json"));
    let taxonomy = read_taxonomy(&mut problems, doc("taxonomy.json"));
    let threats = read_threats(&mut problems, doc("threats.json"));
    let (controls, control_sets) = read_controls(&mut problems, doc("controls.json"));
    let index = build_index(&threats, &controls);
    let questions = read_questions(&mut problems, doc("questions.json"));
    let logic = read_rules(&mut problems, doc("rules.json"));
    let catalog = Catalog {
        version: meta.version,
        title: meta.title,
        source: meta.source,
        permalink: meta.permalink,
        legacy_permalink: meta.legacy_permalink,
        impacts: Cow::Owned(taxonomy.impacts),
        lifecycles: Cow::Owned(taxonomy.lifecycles),
        attack_surfaces: Cow::Owned(taxonomy.attack_surfaces),
        control_groups: Cow::Owned(taxonomy.control_groups),
        essentials: Cow::Owned(taxonomy.essentials),
        threats: Cow::Owned(threats),
        controls: Cow::Owned(controls),
        control_sets: Cow::Owned(control_sets),
        index: Cow::Owned(index),
        questions: Cow::Owned(questions),
        rules: Cow::Owned(logic.rules),
        flags: Cow::Owned(logic.flags),
        assurance: Cow::Owned(logic.assurance),
        risk: logic.risk,
        hidden: Cow::Borrowed(&[]),
        addresses: Cow::Borrowed(&[]),
    };
    check_relations(&mut problems, &catalog);
    check_logic(&mut problems, &catalog);
    read_mappings(&mut problems, doc("mappings.json"), &catalog);
    if problems.list.is_empty() {
        let document = document(&catalog, &docs);
        Ok(Loaded { catalog, document })
    } else {
        Err(problems.list)
    }
}

// ---------------------------------------------------------------------------------------------
// The reading machinery: a record is one JSON object; every accessor records what went wrong.

#[derive(Default)]
pub(crate) struct Problems {
    pub(crate) list: Vec<Problem>,
}

impl Problems {
    pub(crate) fn file(&mut self, file: &str, message: String) {
        self.list.push(Problem { file: file.into(), entry: None, field: None, message });
    }

    pub(crate) fn at(&mut self, r: &Record<'_>, field: Option<&str>, message: String) {
        self.list.push(Problem { file: r.file.into(), entry: r.entry.clone(), field: field.map(Into::into), message });
    }
}

/// A JSON object being read, with where it stands.
pub(crate) struct Record<'v> {
    pub(crate) file: &'static str,
    pub(crate) entry: Option<String>,
    pub(crate) map: &'v [(String, Value)],
}

fn type_name(v: &Value) -> &'static str {
    v.kind()
}

impl<'v> Record<'v> {
    pub(crate) fn top(file: &'static str, value: &'v Value) -> Option<Record<'v>> {
        value.as_object().map(|map| Record { file, entry: None, map })
    }

    /// The objects in the list under `key`, each labelled `what 'id'` (or `key[i]` without id).
    pub(crate) fn list(&self, p: &mut Problems, key: &str, what: &str, required: bool) -> Vec<Record<'v>> {
        let items = match field(self.map, key) {
            None if required => {
                p.at(self, Some(key), "required list is missing".into());
                return Vec::new();
            }
            None => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                p.at(self, Some(key), format!("must be a list, found {}", type_name(other)));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let label = match (item.get("id").and_then(Value::as_str), &self.entry) {
                (Some(id), _) => format!("{what} '{id}'"),
                (None, Some(parent)) => format!("{parent}: {key}[{i}]"),
                (None, None) => format!("{key}[{i}]"),
            };
            match item.as_object() {
                Some(map) => out.push(Record { file: self.file, entry: Some(label), map }),
                None => p.at(
                    &Record { file: self.file, entry: Some(label), map: self.map },
                    None,
                    format!("must be an object, found {}", type_name(item)),
                ),
            }
        }
        out
    }

    pub(crate) fn child(&self, p: &mut Problems, key: &str, required: bool) -> Option<Record<'v>> {
        match field(self.map, key) {
            None if required => {
                p.at(self, Some(key), "required object is missing".into());
                None
            }
            None => None,
            Some(Value::Object(map)) => Some(Record { file: self.file, entry: self.entry.clone(), map }),
            Some(other) => {
                p.at(self, Some(key), format!("must be an object, found {}", type_name(other)));
                None
            }
        }
    }

    pub(crate) fn opt_str(&self, p: &mut Problems, key: &str) -> Option<String> {
        match field(self.map, key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => {
                p.at(self, Some(key), "must not be empty".into());
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                p.at(self, Some(key), format!("must be a string, found {}", type_name(other)));
                None
            }
        }
    }

    pub(crate) fn str(&self, p: &mut Problems, key: &str) -> String {
        if field(self.map, key).is_none() {
            p.at(self, Some(key), "required field is missing".into());
            return String::new();
        }
        if field(self.map, key) == Some(&Value::Null) {
            p.at(self, Some(key), "must be a string, found null".into());
        }
        self.opt_str(p, key).unwrap_or_default()
    }

    pub(crate) fn str_list(&self, p: &mut Problems, key: &str, required: bool) -> Option<Vec<String>> {
        match field(self.map, key) {
            None | Some(Value::Null) if required => {
                p.at(self, Some(key), "required list is missing".into());
                None
            }
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(s) if !s.trim().is_empty() => out.push(s.to_string()),
                        _ => p.at(self, Some(&format!("{key}[{i}]")), format!("must be a non-empty string, found {}", type_name(item))),
                    }
                }
                Some(out)
            }
            Some(other) => {
                p.at(self, Some(key), format!("must be a list of strings, found {}", type_name(other)));
                None
            }
        }
    }

    fn bool(&self, p: &mut Problems, key: &str) -> bool {
        match field(self.map, key) {
            Some(Value::Bool(b)) => *b,
            None => {
                p.at(self, Some(key), "required field is missing (true or false)".into());
                false
            }
            Some(other) => {
                p.at(self, Some(key), format!("must be true or false, found {}", type_name(other)));
                false
            }
        }
    }

    fn u32(&self, p: &mut Problems, key: &str) -> u32 {
        match field(self.map, key).map(|v| (v, v.as_i64())) {
            Some((_, Some(n))) if (0..=i64::from(u32::MAX)).contains(&n) => n as u32,
            Some((v, _)) => {
                p.at(self, Some(key), format!("must be a whole number, found {}", type_name(v)));
                0
            }
            None => {
                p.at(self, Some(key), "required field is missing".into());
                0
            }
        }
    }

    fn i32_or(&self, p: &mut Problems, key: &str, default: i32) -> i32 {
        match field(self.map, key) {
            None => default,
            Some(v) => match v.as_i64() {
                Some(n) if (-4..=4).contains(&n) => n as i32,
                _ => {
                    p.at(self, Some(key), format!("must be a whole number from -4 to 4, found {}", v.to_json()));
                    default
                }
            },
        }
    }

    /// Reports every key that is not in `allowed`: usually a typo of one that is.
    pub(crate) fn only(&self, p: &mut Problems, allowed: &[&str]) {
        for key in self.map.iter().map(|(k, _)| k) {
            if key != "$schema" && !allowed.contains(&key.as_str()) {
                let hint = closest(key, allowed).map(|k| format!(" (did you mean `{k}`?)")).unwrap_or_default();
                p.at(self, Some(key), format!("unknown field{hint}; allowed: {}", allowed.join(", ")));
            }
        }
    }
}

fn text(s: String) -> Text {
    Cow::Owned(s)
}

fn texts(list: Vec<String>) -> List<Text> {
    Cow::Owned(list.into_iter().map(Cow::Owned).collect())
}

fn top<'v>(file: &'static str, value: &'v Value) -> Record<'v> {
    Record::top(file, value).unwrap_or_else(|| Record { file, entry: None, map: empty_map() })
}

fn empty_map() -> &'static [(String, Value)] {
    &[]
}

// ---------------------------------------------------------------------------------------------
// The files.

struct Meta {
    version: Text,
    title: Text,
    source: Source,
    permalink: Text,
    legacy_permalink: Text,
}

fn read_meta(p: &mut Problems, doc: &Value) -> Meta {
    let r = top("catalog.json", doc);
    r.only(p, &["version", "title", "source", "permalink", "legacyPermalink"]);
    let version = r.str(p, "version");
    if !version.is_empty() && !is_version(&version) {
        p.at(&r, Some("version"), format!("'{version}' is not a catalog version like 2026.08"));
    }
    let s = r.child(p, "source", true).unwrap_or(Record { file: "catalog.json", entry: None, map: empty_map() });
    s.only(p, &["name", "url", "repository", "commit", "date", "legacyCommit", "legacyDate"]);
    let source = Source {
        name: text(s.str(p, "name")),
        url: text(s.str(p, "url")),
        repository: text(s.str(p, "repository")),
        commit: text(s.str(p, "commit")),
        date: text(s.str(p, "date")),
        legacy_commit: s.opt_str(p, "legacyCommit").map(text),
        legacy_date: s.opt_str(p, "legacyDate").map(text),
    };
    let mut pattern = |key: &str, default: &str| {
        let value = r.opt_str(p, key).unwrap_or_else(|| default.to_string());
        if !value.contains("{slug}") || !value.starts_with("https://") {
            p.at(&r, Some(key), "must be an https:// address containing {slug}".into());
        }
        text(value)
    };
    let permalink = pattern("permalink", PERMALINK);
    let legacy_permalink = pattern("legacyPermalink", LEGACY_PERMALINK);
    Meta { version: text(version), title: text(r.str(p, "title")), source, permalink, legacy_permalink }
}

struct Taxonomy {
    impacts: Vec<Impact>,
    lifecycles: Vec<LifecycleInfo>,
    attack_surfaces: Vec<AttackSurface>,
    control_groups: Vec<ControlGroup>,
    essentials: Vec<Essential>,
}

fn read_lifecycle(p: &mut Problems, r: &Record<'_>, key: &str) -> Lifecycle {
    let s = r.str(p, key);
    Lifecycle::parse(&s).unwrap_or_else(|| {
        if !s.is_empty() {
            let allowed: Vec<&str> = Lifecycle::ALL.iter().map(|l| l.as_str()).collect();
            p.at(r, Some(key), format!("unknown lifecycle '{s}'; allowed: {}", allowed.join(", ")));
        }
        Lifecycle::Input
    })
}

fn read_taxonomy(p: &mut Problems, doc: &Value) -> Taxonomy {
    let top = top("taxonomy.json", doc);
    top.only(p, &["impacts", "lifecycles", "attackSurfaces", "controlGroups", "essentials"]);
    let mut impacts = Vec::new();
    for r in top.list(p, "impacts", "impact", true) {
        r.only(p, &["id", "nr", "goal", "name", "short", "summary"]);
        r.str(p, "goal");
        r.str(p, "summary");
        impacts.push(Impact { id: text(r.str(p, "id")), nr: r.u32(p, "nr"), name: text(r.str(p, "name")), short: text(r.str(p, "short")) });
    }
    let mut lifecycles = Vec::new();
    for r in top.list(p, "lifecycles", "lifecycle", true) {
        r.only(p, &["id", "name", "summary"]);
        r.str(p, "summary");
        lifecycles.push(LifecycleInfo { id: read_lifecycle(p, &r, "id"), name: text(r.str(p, "name")) });
    }
    let mut attack_surfaces = Vec::new();
    for r in top.list(p, "attackSurfaces", "attack surface", true) {
        r.only(p, &["id", "lifecycle", "name"]);
        attack_surfaces.push(AttackSurface {
            id: text(r.str(p, "id")),
            lifecycle: read_lifecycle(p, &r, "lifecycle"),
            name: text(r.str(p, "name")),
        });
    }
    let mut control_groups = Vec::new();
    for r in top.list(p, "controlGroups", "control group", true) {
        r.only(p, &["id", "nr", "parent", "name"]);
        control_groups.push(ControlGroup {
            id: text(r.str(p, "id")),
            nr: text(r.str(p, "nr")),
            parent: r.opt_str(p, "parent").map(text),
            name: text(r.str(p, "name")),
        });
    }
    let mut essentials = Vec::new();
    for r in top.list(p, "essentials", "essentials group", true) {
        r.only(p, &["id", "parent", "name"]);
        essentials.push(Essential { id: text(r.str(p, "id")), parent: r.opt_str(p, "parent").map(text), name: text(r.str(p, "name")) });
    }
    Taxonomy { impacts, lifecycles, attack_surfaces, control_groups, essentials }
}

fn read_aliases(p: &mut Problems, r: &Record<'_>) -> List<Alias> {
    let mut out = Vec::new();
    for a in r.list(p, "aliases", "alias", false) {
        a.only(p, &["id", "name"]);
        let alias = Alias { id: a.opt_str(p, "id").map(text), name: a.opt_str(p, "name").map(text) };
        if alias.id.is_none() && alias.name.is_none() {
            p.at(&a, None, "an alias needs an `id`, a `name` or both".into());
        }
        out.push(alias);
    }
    Cow::Owned(out)
}

/// References are prose for people (not part of the model); only their shape is checked.
fn check_references(p: &mut Problems, r: &Record<'_>) {
    for x in r.list(p, "references", "reference", false) {
        x.only(p, &["source", "id", "title", "url"]);
        x.str(p, "source");
        x.str(p, "id");
        x.opt_str(p, "title");
        check_url(p, &x, "url");
    }
}

pub(crate) fn check_url(p: &mut Problems, r: &Record<'_>, key: &str) {
    if let Some(u) = r.opt_str(p, key) {
        if !u.starts_with("https://") || u.contains(char::is_whitespace) {
            p.at(r, Some(key), format!("'{u}' must be an https:// address without spaces"));
        }
    }
}

/// The fields a threat entry may have; `catalog/schema/threats.schema.json` lists the same.
pub const THREAT_FIELDS: &[&str] = &[
    "id",
    "code",
    "name",
    "since",
    "kind",
    "parent",
    "impacts",
    "lifecycle",
    "attackSurfaces",
    "appliesTo",
    "controls",
    "periodicTableControls",
    "controlSets",
    "inheritsControls",
    "controlsByParty",
    "aliases",
    "llmTop10",
    "references",
    "summary",
    "description",
    "notes",
];

fn read_threats(p: &mut Problems, doc: &Value) -> Vec<Threat> {
    let top = top("threats.json", doc);
    top.only(p, &["threats"]);
    let mut out = Vec::new();
    for r in top.list(p, "threats", "threat", true) {
        r.only(p, THREAT_FIELDS);
        let id = r.str(p, "id");
        if !id.is_empty() && !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            p.at(&r, Some("id"), format!("'{id}' must be lower-case letters and digits only, like a permalink slug"));
        }
        let kind_text = r.str(p, "kind");
        let kind = ThreatKind::parse(&kind_text).unwrap_or_else(|| {
            if !kind_text.is_empty() {
                p.at(&r, Some("kind"), format!("unknown kind '{kind_text}'; allowed: section, group, threat"));
            }
            ThreatKind::Threat
        });
        if field(r.map, "parent").is_none() {
            p.at(&r, Some("parent"), "required field is missing (null for a section)".into());
        }
        let applies_to = match r.child(p, "appliesTo", true) {
            Some(a) => {
                a.only(p, &["predictive", "genai", "llmOnly", "agenticOnly"]);
                AppliesTo {
                    predictive: a.bool(p, "predictive"),
                    genai: a.bool(p, "genai"),
                    llm_only: a.bool(p, "llmOnly"),
                    agentic_only: a.bool(p, "agenticOnly"),
                }
            }
            None => AppliesTo::default(),
        };
        let mut llm_top10 = Vec::new();
        if let Some(m) = r.child(p, "llmTop10", false) {
            for edition in m.map.iter().map(|(k, _)| k) {
                if !(edition.len() == 4 && edition.bytes().all(|b| b.is_ascii_digit())) {
                    p.at(&r, Some(&format!("llmTop10.{edition}")), "the key must be an edition year, e.g. 2025".into());
                }
                let ids = m.str_list(p, edition, true).unwrap_or_default();
                check_llm_ids(p, &r, &format!("llmTop10.{edition}"), &ids);
                llm_top10.push((text(edition.clone()), texts(ids)));
            }
            llm_top10.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let inherits_controls = r.child(p, "inheritsControls", false).map(|x| {
            x.only(p, &["from", "except", "plus"]);
            Inheritance {
                from: text(x.str(p, "from")),
                except: texts(x.str_list(p, "except", false).unwrap_or_default()),
                plus: texts(x.str_list(p, "plus", false).unwrap_or_default()),
            }
        });
        let controls_by_party = r.child(p, "controlsByParty", false).map(|x| {
            x.only(p, &["supplier", "producer"]);
            ByParty {
                supplier: texts(x.str_list(p, "supplier", true).unwrap_or_default()),
                producer: texts(x.str_list(p, "producer", true).unwrap_or_default()),
            }
        });
        check_references(p, &r);
        r.str(p, "summary");
        r.opt_str(p, "description");
        r.opt_str(p, "notes");
        out.push(Threat {
            since: read_since(p, &r),
            code: text(r.str(p, "code")),
            name: text(r.str(p, "name")),
            kind,
            parent: r.opt_str(p, "parent").map(text),
            impacts: texts(r.str_list(p, "impacts", true).unwrap_or_default()),
            lifecycle: read_lifecycle(p, &r, "lifecycle"),
            attack_surfaces: texts(r.str_list(p, "attackSurfaces", true).unwrap_or_default()),
            applies_to,
            controls: texts(r.str_list(p, "controls", true).unwrap_or_default()),
            periodic_table_controls: r.str_list(p, "periodicTableControls", false).map(texts),
            control_sets: texts(r.str_list(p, "controlSets", false).unwrap_or_default()),
            inherits_controls,
            controls_by_party,
            aliases: read_aliases(p, &r),
            llm_top10: Cow::Owned(llm_top10),
            id: text(id),
        });
    }
    out
}

fn read_since(p: &mut Problems, r: &Record<'_>) -> Option<Text> {
    let since = r.opt_str(p, "since")?;
    if !is_version(&since) {
        p.at(r, Some("since"), format!("'{since}' is not a catalog version like 2026.01"));
    }
    Some(text(since))
}

fn check_llm_ids(p: &mut Problems, r: &Record<'_>, field: &str, ids: &[String]) {
    for i in ids {
        let ok = i.len() == 5 && i.starts_with("LLM") && i[3..].bytes().all(|b| b.is_ascii_digit());
        if !ok {
            p.at(r, Some(field), format!("'{i}' is not an OWASP Top 10 for LLM id like LLM01"));
        }
    }
}

/// The fields a control entry may have; `catalog/schema/controls.schema.json` lists the same.
pub const CONTROL_FIELDS: &[&str] = &[
    "id",
    "name",
    "label",
    "section",
    "since",
    "category",
    "groups",
    "essentials",
    "aliases",
    "references",
    "summary",
    "description",
    "does",
    "notes",
];

fn read_controls(p: &mut Problems, doc: &Value) -> (Vec<Control>, Vec<ControlSet>) {
    let top = top("controls.json", doc);
    top.only(p, &["controls", "controlSets"]);
    let mut controls = Vec::new();
    for r in top.list(p, "controls", "control", true) {
        r.only(p, CONTROL_FIELDS);
        let id = r.str(p, "id");
        if !id.is_empty() && !id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            p.at(&r, Some("id"), format!("'{id}' must be capital letters and digits only, e.g. MONITORUSE"));
        }
        let label = r.str(p, "label");
        if !label.is_empty() && !label.starts_with('#') {
            p.at(&r, Some("label"), format!("'{label}' must start with #, e.g. #MONITOR USE"));
        }
        r.str(p, "category");
        check_references(p, &r);
        r.str(p, "summary");
        r.opt_str(p, "description");
        r.str_list(p, "does", false);
        r.opt_str(p, "notes");
        controls.push(Control {
            since: read_since(p, &r),
            name: text(r.str(p, "name")),
            label: text(label),
            section: text(r.str(p, "section")),
            groups: texts(r.str_list(p, "groups", true).unwrap_or_default()),
            essentials: texts(r.str_list(p, "essentials", true).unwrap_or_default()),
            aliases: read_aliases(p, &r),
            id: text(id),
        });
    }
    let mut sets = Vec::new();
    for r in top.list(p, "controlSets", "control set", false) {
        r.only(p, &["id", "code", "name", "members"]);
        sets.push(ControlSet {
            id: text(r.str(p, "id")),
            code: text(r.str(p, "code")),
            name: text(r.str(p, "name")),
            members: texts(r.str_list(p, "members", true).unwrap_or_default()),
        });
    }
    (controls, sets)
}

/// Checks that mappings.json is well-formed and that every id in it exists.
fn read_mappings(p: &mut Problems, doc: &Value, c: &Catalog) {
    let top = top("mappings.json", doc);
    top.only(p, &["llmTop10", "llmTop10Sources", "llmTop10NotCovered", "ncscCisa", "genaiParticularities", "genaiParticularitiesNote"]);
    let threats: Vec<&str> = c.threats.iter().map(|x| x.id.as_ref()).collect();
    let controls: Vec<&str> = c.controls.iter().map(|x| x.id.as_ref()).collect();
    let sets: Vec<&str> = c.control_sets.iter().map(|x| x.id.as_ref()).collect();
    let ids = |p: &mut Problems, r: &Record<'_>, key: &str, what: &str, known: &[&str], required: bool| {
        let list = r.str_list(p, key, required).unwrap_or_default();
        refs(p, r, key, what, &list, known);
    };
    if let Some(editions) = top.child(p, "llmTop10", true) {
        for edition in editions.map.iter().map(|(k, _)| k) {
            for item in editions.list(p, edition, &format!("LLM Top 10 {edition} item"), true) {
                item.only(p, &["id", "name", "threats", "controls", "controlSets", "legacyThreat", "note"]);
                let id = item.str(p, "id");
                check_llm_ids(p, &item, "id", &[id]);
                item.str(p, "name");
                item.opt_str(p, "note");
                ids(p, &item, "threats", "threat", &threats, true);
                ids(p, &item, "controls", "control", &controls, false);
                ids(p, &item, "controlSets", "control set", &sets, false);
                if let Some(old) = item.opt_str(p, "legacyThreat") {
                    if !matches!(c.find(&old), Some(super::Entry::Threat(_))) {
                        p.at(&item, Some("legacyThreat"), format!("'{old}' is not an id or alias of any threat"));
                    }
                }
            }
        }
    }
    if let Some(sources) = top.child(p, "llmTop10Sources", false) {
        for edition in sources.map.iter().map(|(k, _)| k) {
            sources.str(p, edition);
        }
    }
    if let Some(editions) = top.child(p, "llmTop10NotCovered", false) {
        for edition in editions.map.iter().map(|(k, _)| k) {
            for item in editions.list(p, edition, "not covered", true) {
                item.only(p, &["threat", "note"]);
                let threat = item.str(p, "threat");
                refs(p, &item, "threat", "threat", &[threat], &threats);
                item.opt_str(p, "note");
            }
        }
    }
    if let Some(ncsc) = top.child(p, "ncscCisa", true) {
        ncsc.only(p, &["source", "dsitExtraPrinciples", "phases"]);
        ncsc.str(p, "source");
        ncsc.str_list(p, "dsitExtraPrinciples", false);
        for phase in ncsc.list(p, "phases", "phase", true) {
            phase.only(p, &["nr", "phase", "guidelines"]);
            phase.u32(p, "nr");
            phase.str(p, "phase");
            for g in phase.list(p, "guidelines", "guideline", true) {
                g.only(p, &["guideline", "dsit", "controls", "note"]);
                g.str(p, "guideline");
                g.opt_str(p, "dsit");
                g.opt_str(p, "note");
                ids(p, &g, "controls", "control", &controls, true);
            }
        }
    }
    for row in top.list(p, "genaiParticularities", "GenAI particularity", true) {
        row.only(p, &["nr", "topic", "summary", "llmTop10", "seedLlmTop10", "threats", "note"]);
        row.u32(p, "nr");
        row.str(p, "topic");
        row.str(p, "summary");
        row.opt_str(p, "note");
        for key in ["llmTop10", "seedLlmTop10"] {
            let list = row.str_list(p, key, true).unwrap_or_default();
            check_llm_ids(p, &row, key, &list);
        }
        ids(p, &row, "threats", "threat", &threats, true);
    }
    top.opt_str(p, "genaiParticularitiesNote");
}

// ---------------------------------------------------------------------------------------------
// Relations: everything that points somewhere must point at something that exists.

fn at(file: &'static str, entry: String) -> Record<'static> {
    Record { file, entry: Some(entry), map: empty_map() }
}

fn check_relations(p: &mut Problems, c: &Catalog) {
    unique(p, "taxonomy.json", "impact", c.impacts.iter().map(|x| x.id.as_ref()));
    unique(p, "taxonomy.json", "attack surface", c.attack_surfaces.iter().map(|x| x.id.as_ref()));
    unique(p, "taxonomy.json", "control group", c.control_groups.iter().map(|x| x.id.as_ref()));
    unique(p, "taxonomy.json", "essentials group", c.essentials.iter().map(|x| x.id.as_ref()));
    unique(p, "controls.json", "control set", c.control_sets.iter().map(|x| x.id.as_ref()));

    // Threats, controls and alias ids share one namespace: a lookup by id must be unambiguous.
    // (An alias may repeat its own entry's id, to record an older name under the same id.)
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut claim = |p: &mut Problems, file: &'static str, owner: String, id: &str, field: &str| match owners.get(&normalise_key(id)) {
        Some(existing) if *existing == owner && field == "aliases" => {}
        Some(existing) => p.at(&at(file, owner.clone()), Some(field), format!("duplicate id: '{id}' is already used by {existing}")),
        None => {
            owners.insert(normalise_key(id), owner);
        }
    };
    for t in c.threats.iter() {
        claim(p, "threats.json", format!("threat '{}'", t.id), &t.id, "id");
    }
    for x in c.controls.iter() {
        claim(p, "controls.json", format!("control '{}'", x.id), &x.id, "id");
    }
    for t in c.threats.iter() {
        for id in t.aliases.iter().filter_map(|a| a.id.as_deref()) {
            claim(p, "threats.json", format!("threat '{}'", t.id), id, "aliases");
        }
    }
    for x in c.controls.iter() {
        for id in x.aliases.iter().filter_map(|a| a.id.as_deref()) {
            claim(p, "controls.json", format!("control '{}'", x.id), id, "aliases");
        }
    }

    let ids = |list: &[Text]| -> Vec<String> { list.iter().map(|x| x.to_string()).collect() };
    let impacts: Vec<&str> = c.impacts.iter().map(|x| x.id.as_ref()).collect();
    let surfaces: Vec<&str> = c.attack_surfaces.iter().map(|x| x.id.as_ref()).collect();
    let groups: Vec<&str> = c.control_groups.iter().map(|x| x.id.as_ref()).collect();
    let essentials: Vec<&str> = c.essentials.iter().map(|x| x.id.as_ref()).collect();
    let controls: Vec<&str> = c.controls.iter().map(|x| x.id.as_ref()).collect();
    let threats: Vec<&str> = c.threats.iter().map(|x| x.id.as_ref()).collect();
    let sets: Vec<&str> = c.control_sets.iter().map(|x| x.id.as_ref()).collect();
    let opt = |o: &Option<Text>| -> Vec<String> { o.iter().map(|x| x.to_string()).collect() };

    for g in c.control_groups.iter() {
        refs(p, &at("taxonomy.json", format!("control group '{}'", g.id)), "parent", "control group", &opt(&g.parent), &groups);
    }
    for e in c.essentials.iter() {
        refs(p, &at("taxonomy.json", format!("essentials group '{}'", e.id)), "parent", "essentials group", &opt(&e.parent), &essentials);
    }
    for t in c.threats.iter() {
        let r = at("threats.json", format!("threat '{}'", t.id));
        refs(p, &r, "parent", "threat", &opt(&t.parent), &threats);
        refs(p, &r, "impacts", "impact", &ids(&t.impacts), &impacts);
        refs(p, &r, "attackSurfaces", "attack surface", &ids(&t.attack_surfaces), &surfaces);
        refs(p, &r, "controls", "control", &ids(&t.controls), &controls);
        refs(p, &r, "periodicTableControls", "control", &ids(t.periodic_table_controls.as_deref().unwrap_or(&[])), &controls);
        refs(p, &r, "controlSets", "control set", &ids(&t.control_sets), &sets);
        if let Some(i) = &t.inherits_controls {
            refs(p, &r, "inheritsControls.from", "threat", &[i.from.to_string()], &threats);
            refs(p, &r, "inheritsControls.except", "control", &ids(&i.except), &controls);
            refs(p, &r, "inheritsControls.plus", "threat", &ids(&i.plus), &threats);
            if i.from == t.id || i.plus.contains(&t.id) {
                p.at(&r, Some("inheritsControls"), "a threat cannot inherit from itself".into());
            }
        }
        if let Some(b) = &t.controls_by_party {
            refs(p, &r, "controlsByParty.supplier", "control", &ids(&b.supplier), &controls);
            refs(p, &r, "controlsByParty.producer", "control", &ids(&b.producer), &controls);
        }
        for (field, list) in [("controls", &t.controls), ("impacts", &t.impacts), ("controlSets", &t.control_sets)] {
            let mut seen: HashSet<&str> = HashSet::new();
            for x in list.iter() {
                if !seen.insert(x.as_ref()) {
                    p.at(&r, Some(field), format!("'{x}' is listed twice"));
                }
            }
        }
        if let Some(surface) = t.attack_surfaces.iter().find_map(|s| c.attack_surfaces.iter().find(|a| a.id == *s)) {
            if surface.lifecycle != t.lifecycle {
                p.at(
                    &r,
                    Some("attackSurfaces"),
                    format!(
                        "'{}' belongs to the {} lifecycle, the threat to {}",
                        surface.id,
                        surface.lifecycle.as_str(),
                        t.lifecycle.as_str()
                    ),
                );
            }
        }
    }
    for x in c.controls.iter() {
        let r = at("controls.json", format!("control '{}'", x.id));
        refs(p, &r, "groups", "control group", &ids(&x.groups), &groups);
        refs(p, &r, "essentials", "essentials group", &ids(&x.essentials), &essentials);
        if x.groups.is_empty() {
            p.at(&r, Some("groups"), "a control belongs to at least one control group".into());
        }
    }
    for s in c.control_sets.iter() {
        refs(p, &at("controls.json", format!("control set '{}'", s.id)), "members", "control", &ids(&s.members), &controls);
    }

    // The threat tree: sections at the top, groups and threats under a section or group.
    for t in c.threats.iter() {
        let r = at("threats.json", format!("threat '{}'", t.id));
        match (t.kind, &t.parent) {
            (ThreatKind::Section, Some(_)) => p.at(&r, Some("parent"), "a section has no parent (use null)".into()),
            (ThreatKind::Group | ThreatKind::Threat, None) => p.at(&r, Some("parent"), "only a section may have no parent".into()),
            (_, Some(parent)) if c.threat(parent).is_some_and(|pt| pt.kind == ThreatKind::Threat) => {
                p.at(&r, Some("parent"), format!("'{parent}' is a threat; a parent must be a section or group"));
            }
            _ => {}
        }
        // Walk up; coming back to an id already seen means a cycle.
        let mut seen = vec![t.id.as_ref()];
        let mut next = t.parent.as_deref();
        while let Some(id) = next {
            let cycle = seen.contains(&id);
            seen.push(id);
            if cycle {
                p.at(&r, Some("parent"), format!("parent cycle: {}", seen.join(" → ")));
                break;
            }
            next = c.threat(id).and_then(|x| x.parent.as_deref());
        }
    }
}

fn refs(p: &mut Problems, r: &Record<'_>, field: &str, what: &str, values: &[String], known: &[&str]) {
    for v in values {
        if !known.contains(&v.as_str()) {
            let hint = closest(v, known).map(|k| format!(" (did you mean '{k}'?)")).unwrap_or_default();
            p.at(r, Some(field), format!("unknown {what} '{v}'{hint}"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The document: the files merged, with derived fields, for the page.

fn document(c: &Catalog, docs: &HashMap<&str, Value>) -> Value {
    let get = |file: &str| docs.get(file).and_then(Value::as_object).cloned().unwrap_or_default();
    let mut out = get("catalog.json");
    take_field(&mut out, "$schema");
    set_field(&mut out, "permalink", Value::from(c.permalink.as_ref()));
    set_field(&mut out, "legacyPermalink", Value::from(c.legacy_permalink.as_ref()));
    for (key, value) in get("taxonomy.json") {
        if key != "$schema" {
            set_field(&mut out, &key, value);
        }
    }
    let with_urls = |entries: Option<&Value>, covers: &dyn Fn(&str) -> Option<Vec<Value>>| -> Value {
        let mut list = entries.and_then(Value::as_array).cloned().unwrap_or_default();
        for entry in list.iter_mut().filter_map(Value::as_object_mut) {
            let id = field(entry, "id").and_then(Value::as_str).unwrap_or_default().to_string();
            set_field(entry, "url", Value::from(c.url(&id)));
            if let Some((_, aliases)) = entry.iter_mut().find(|(k, _)| k == "aliases") {
                for alias in aliases.as_array_mut().into_iter().flatten().filter_map(Value::as_object_mut) {
                    if let Some(alias_id) = field(alias, "id").and_then(Value::as_str).map(str::to_string) {
                        set_field(alias, "url", Value::from(c.legacy_url(&alias_id)));
                    }
                }
            }
            if let Some(threats) = covers(&id) {
                set_field(entry, "threats", Value::Array(threats));
            }
        }
        Value::Array(list)
    };
    let threats_doc = get("threats.json");
    let controls_doc = get("controls.json");
    set_field(&mut out, "threats", with_urls(field(&threats_doc, "threats"), &|_| None));
    // For each control: the threats whose own lists name it (section, periodic table, by party).
    let listing = |control: &str| -> Option<Vec<Value>> {
        let named = |list: &[Text]| list.iter().any(|x| x == control);
        Some(
            c.threats
                .iter()
                .filter(|t| {
                    named(&t.controls)
                        || t.periodic_table_controls.as_deref().is_some_and(named)
                        || t.controls_by_party.as_ref().is_some_and(|b| named(&b.supplier) || named(&b.producer))
                })
                .map(|t| Value::from(t.id.as_ref()))
                .collect(),
        )
    };
    set_field(&mut out, "controls", with_urls(field(&controls_doc, "controls"), &listing));
    set_field(&mut out, "controlSets", field(&controls_doc, "controlSets").cloned().unwrap_or(Value::Array(Vec::new())));
    let mut mappings = get("mappings.json");
    take_field(&mut mappings, "$schema");
    set_field(&mut out, "mappings", Value::Object(mappings));
    set_field(&mut out, "questions", take_field(&mut get("questions.json"), "questions").unwrap_or(Value::Array(Vec::new())));
    for (key, value) in get("rules.json") {
        if key != "$schema" {
            set_field(&mut out, &key, value);
        }
    }
    Value::Object(out)
}

// ---------------------------------------------------------------------------------------------
// The questionnaire and the rules.

pub(crate) fn read_condition(p: &mut Problems, r: &Record<'_>, key: &str) -> Condition {
    let mut out = Vec::new();
    if let Some(c) = r.child(p, key, false) {
        for question in c.map.iter().map(|(k, _)| k) {
            let values = c.str_list(p, question, true).unwrap_or_default();
            out.push((text(question.clone()), texts(values)));
        }
    }
    Cow::Owned(out)
}

fn read_questions(p: &mut Problems, doc: &Value) -> Vec<Question> {
    let top = top("questions.json", doc);
    top.only(p, &["questions"]);
    let mut out = Vec::new();
    for r in top.list(p, "questions", "question", true) {
        r.only(p, &["id", "text", "help", "options", "askWhen", "whenNotAsked"]);
        let id = r.str(p, "id");
        let question_text = r.str(p, "text");
        r.str(p, "help");
        let (options, labels): (Vec<String>, Vec<String>) = match field(r.map, "options") {
            Some(Value::String(s)) if s == "yes-no" => yes_no(),
            Some(Value::Array(_)) => r
                .list(p, "options", "option", true)
                .into_iter()
                .map(|o| {
                    o.only(p, &["value", "label"]);
                    let label = o.str(p, "label");
                    let value = o.str(p, "value");
                    if value == "unknown" {
                        p.at(&o, Some("value"), "'unknown' is always offered; do not list it".into());
                    }
                    (value, label)
                })
                .unzip(),
            _ => {
                p.at(&r, Some("options"), "must be \"yes-no\" or a list of { value, label }".into());
                (Vec::new(), Vec::new())
            }
        };
        out.push(Question {
            id: text(id),
            text: text(question_text),
            options: texts(options),
            labels: texts(labels),
            ask_when: read_condition(p, &r, "askWhen"),
            when_not_asked: r.opt_str(p, "whenNotAsked").map(text),
        });
    }
    out
}

struct Logic {
    rules: Vec<Rule>,
    flags: Vec<FlagRule>,
    assurance: Vec<AssuranceQuestion>,
    risk: RiskModel,
}

fn read_rules(p: &mut Problems, doc: &Value) -> Logic {
    let top = top("rules.json", doc);
    top.only(p, &["rules", "flags", "assurance", "risk"]);
    let mut rules = Vec::new();
    for r in top.list(p, "rules", "rule", true) {
        r.only(p, &["id", "when", "effect", "threats", "reason", "source", "follows"]);
        let effect_text = r.str(p, "effect");
        let effect = Effect::ALL.into_iter().find(|e| e.as_str() == effect_text).unwrap_or_else(|| {
            if !effect_text.is_empty() {
                let allowed: Vec<&str> = Effect::ALL.iter().map(|e| e.as_str()).collect();
                p.at(&r, Some("effect"), format!("unknown effect '{effect_text}'; allowed: {}", allowed.join(", ")));
            }
            Effect::Applies
        });
        r.str(p, "source");
        let follows = r.str(p, "follows");
        if !follows.is_empty() && follows != "seed" && follows != "site" {
            p.at(&r, Some("follows"), format!("'{follows}' is not a source; allowed: seed, site"));
        }
        if field(r.map, "when").is_none() {
            p.at(&r, Some("when"), "required field is missing ({} for a rule that always applies)".into());
        }
        rules.push(Rule {
            id: text(r.str(p, "id")),
            when: read_condition(p, &r, "when"),
            effect,
            threats: texts(r.str_list(p, "threats", true).unwrap_or_default()),
            reason: text(r.str(p, "reason")),
        });
    }
    let mut flags = Vec::new();
    for r in top.list(p, "flags", "flag", false) {
        r.only(p, &["id", "when", "text", "source"]);
        r.str(p, "source");
        flags.push(FlagRule { id: text(r.str(p, "id")), when: read_condition(p, &r, "when"), text: text(r.str(p, "text")) });
    }
    let mut assurance = Vec::new();
    for r in top.list(p, "assurance", "assurance question", false) {
        r.only(p, &["id", "when", "text"]);
        assurance.push(AssuranceQuestion { id: text(r.str(p, "id")), when: read_condition(p, &r, "when"), text: text(r.str(p, "text")) });
    }
    let risk = match top.child(p, "risk", true) {
        Some(r) => {
            r.only(p, &["likelihood", "impact", "adjust"]);
            let mut adjust = Vec::new();
            for a in r.list(p, "adjust", "risk adjustment", false) {
                a.only(p, &["when", "lifecycle", "threats", "impacts", "likelihood", "impact", "reason"]);
                let lifecycle = field(a.map, "lifecycle").is_some().then(|| read_lifecycle(p, &a, "lifecycle"));
                adjust.push(RiskAdjust {
                    when: read_condition(p, &a, "when"),
                    lifecycle,
                    threats: texts(a.str_list(p, "threats", false).unwrap_or_default()),
                    impacts: texts(a.str_list(p, "impacts", false).unwrap_or_default()),
                    likelihood: a.i32_or(p, "likelihood", 0),
                    impact: a.i32_or(p, "impact", 0),
                    reason: text(a.str(p, "reason")),
                });
            }
            let level = |p: &mut Problems, key: &str| {
                let n = r.u32(p, key);
                if !(1..=5).contains(&n) {
                    p.at(&r, Some(key), format!("must be from 1 to 5, found {n}"));
                }
                n.clamp(1, 5)
            };
            RiskModel { likelihood: level(p, "likelihood"), impact: level(p, "impact"), adjust: Cow::Owned(adjust) }
        }
        None => RiskModel { likelihood: 3, impact: 3, adjust: Cow::Borrowed(&[]) },
    };
    Logic { rules, flags, assurance, risk }
}

/// Questions, options and threats named by the questionnaire and the rules exist.
fn check_logic(p: &mut Problems, c: &Catalog) {
    let questions: Vec<&str> = c.questions.iter().map(|q| q.id.as_ref()).collect();
    let threats: Vec<&str> = c.threats.iter().map(|x| x.id.as_ref()).collect();
    let impacts: Vec<&str> = c.impacts.iter().map(|x| x.id.as_ref()).collect();
    let condition = |p: &mut Problems, r: &Record<'_>, field: &str, cond: &Condition| {
        for (question, values) in cond.iter() {
            match c.question(question) {
                None => refs(p, r, field, "question", &[question.to_string()], &questions),
                Some(q) => {
                    let allowed: Vec<&str> = q.options.iter().map(|o| o.as_ref()).chain(["unknown"]).collect();
                    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                    refs(p, r, &format!("{field}.{question}"), "option", &values, &allowed);
                }
            }
        }
    };
    unique(p, "questions.json", "question", c.questions.iter().map(|x| x.id.as_ref()));
    for q in c.questions.iter() {
        let r = at("questions.json", format!("question '{}'", q.id));
        condition(p, &r, "askWhen", &q.ask_when);
        if q.ask_when.iter().any(|(id, _)| *id == q.id) {
            p.at(&r, Some("askWhen"), "a question cannot depend on itself".into());
        }
        if let Some(v) = &q.when_not_asked {
            let allowed: Vec<&str> = q.options.iter().map(|o| o.as_ref()).collect();
            refs(p, &r, "whenNotAsked", "option", &[v.to_string()], &allowed);
        }
        if q.ask_when.is_empty() != q.when_not_asked.is_none() {
            p.at(&r, Some("whenNotAsked"), "give `whenNotAsked` exactly when the question has `askWhen`".into());
        }
    }
    unique(p, "rules.json", "rule", c.rules.iter().map(|x| x.id.as_ref()));
    for rule in c.rules.iter() {
        let r = at("rules.json", format!("rule '{}'", rule.id));
        condition(p, &r, "when", &rule.when);
        let named: Vec<String> = rule.threats.iter().map(|t| t.to_string()).collect();
        refs(p, &r, "threats", "threat", &named, &threats);
    }
    unique(p, "rules.json", "flag", c.flags.iter().map(|x| x.id.as_ref()));
    for flag in c.flags.iter() {
        condition(p, &at("rules.json", format!("flag '{}'", flag.id)), "when", &flag.when);
    }
    for a in c.assurance.iter() {
        condition(p, &at("rules.json", format!("assurance question '{}'", a.id)), "when", &a.when);
    }
    for (i, a) in c.risk.adjust.iter().enumerate() {
        let r = at("rules.json", format!("risk.adjust[{i}]"));
        condition(p, &r, "when", &a.when);
        refs(p, &r, "threats", "threat", &a.threats.iter().map(|t| t.to_string()).collect::<Vec<_>>(), &threats);
        refs(p, &r, "impacts", "impact", &a.impacts.iter().map(|t| t.to_string()).collect::<Vec<_>>(), &impacts);
    }
}

/// Reports ids that occur twice in one kind of thing, case- and punctuation-insensitively.
fn unique<'a>(p: &mut Problems, file: &'static str, what: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for id in ids {
        if !id.is_empty() && !seen.insert(normalise_key(id)) {
            p.at(&at(file, format!("{what} '{id}'")), Some("id"), format!("duplicate id: another {what} already uses '{id}'"));
        }
    }
}
