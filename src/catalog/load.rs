//! Catalog files (JSON text) → a checked [`Catalog`], or every problem found in them.
//!
//! The reader walks the JSON by hand instead of deriving `Deserialize`, so that it can keep
//! going after a problem and report all of them at once, each with its file, entry and field.

use super::{
    edit_distance, normalise_key, Alias, AppliesTo, AttackSurface, Catalog, Control, ControlGroup,
    ControlSet, Essential, Impact, Lifecycle, LifecycleInfo, Reference, Source, Threat, ThreatKind,
};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
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

/// The files a catalog is made of; all four are required.
pub const FILES: [&str; 4] = ["catalog.json", "taxonomy.json", "threats.json", "controls.json"];

const PERMALINK: &str = "https://owaspai.org/go/{slug}/";
const LEGACY_PERMALINK: &str = "https://owaspai.org/goto/{slug}/";

/// Reads and checks the catalog files. Returns the catalog, or every problem found.
pub fn load(files: &[SourceFile<'_>]) -> Result<Catalog, Vec<Problem>> {
    let mut problems = Problems::default();
    let mut docs: HashMap<&str, Value> = HashMap::new();
    for name in FILES {
        match files.iter().find(|f| f.name == name) {
            None => problems.file(name, "the file is missing".into()),
            Some(file) => match serde_json::from_str::<Value>(file.text) {
                Ok(value @ Value::Object(_)) => {
                    docs.insert(name, value);
                }
                Ok(_) => problems.file(name, "the file must hold a JSON object".into()),
                Err(e) => problems.file(
                    name,
                    format!("not valid JSON: {} at line {}, column {}", e, e.line(), e.column()),
                ),
            },
        }
    }
    for file in files {
        if !FILES.contains(&file.name) {
            problems.file(file.name, format!("unknown catalog file; the files are {}", FILES.join(", ")));
        }
    }
    let empty = Value::Object(Map::new());
    let doc = |name: &str| docs.get(name).unwrap_or(&empty);

    let meta = read_meta(&mut problems, doc("catalog.json"));
    let taxonomy = read_taxonomy(&mut problems, doc("taxonomy.json"));
    let threats = read_threats(&mut problems, doc("threats.json"), &meta.permalink, &meta.legacy_permalink);
    let (controls, control_sets) =
        read_controls(&mut problems, doc("controls.json"), &meta.permalink, &meta.legacy_permalink);

    let mut catalog = Catalog {
        version: meta.version,
        title: meta.title,
        source: meta.source,
        impacts: taxonomy.impacts,
        lifecycles: taxonomy.lifecycles,
        attack_surfaces: taxonomy.attack_surfaces,
        control_groups: taxonomy.control_groups,
        essentials: taxonomy.essentials,
        threats,
        controls,
        control_sets,
        index: HashMap::new(),
    };
    check_relations(&mut problems, &catalog);
    if problems.list.is_empty() {
        catalog.build_index();
        Ok(catalog)
    } else {
        Err(problems.list)
    }
}

// ---------------------------------------------------------------------------------------------
// The reading machinery: a record is one JSON object; every accessor records what went wrong.

#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    fn file(&mut self, file: &str, message: String) {
        self.list.push(Problem { file: file.into(), entry: None, field: None, message });
    }

    fn at(&mut self, r: &Record<'_>, field: Option<&str>, message: String) {
        self.list.push(Problem {
            file: r.file.into(),
            entry: r.entry.clone(),
            field: field.map(Into::into),
            message,
        });
    }
}

/// A JSON object being read, with where it stands.
struct Record<'v> {
    file: &'static str,
    entry: Option<String>,
    map: &'v Map<String, Value>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl<'v> Record<'v> {
    fn top(file: &'static str, value: &'v Value) -> Option<Record<'v>> {
        value.as_object().map(|map| Record { file, entry: None, map })
    }

    /// The objects in the list under `key`, each labelled `what 'id'` (or `key[i]` without id).
    fn list(&self, p: &mut Problems, key: &str, what: &str, required: bool) -> Vec<Record<'v>> {
        let items = match self.map.get(key) {
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
            let label = match item.get("id").and_then(Value::as_str) {
                Some(id) => format!("{what} '{id}'"),
                None => format!("{key}[{i}]"),
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

    fn child(&self, p: &mut Problems, key: &str, required: bool) -> Option<Record<'v>> {
        match self.map.get(key) {
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

    fn opt_str(&self, p: &mut Problems, key: &str) -> Option<String> {
        match self.map.get(key) {
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

    fn str(&self, p: &mut Problems, key: &str) -> String {
        if !self.map.contains_key(key) {
            p.at(self, Some(key), "required field is missing".into());
            return String::new();
        }
        if self.map.get(key) == Some(&Value::Null) {
            p.at(self, Some(key), "must be a string, found null".into());
        }
        self.opt_str(p, key).unwrap_or_default()
    }

    fn str_list(&self, p: &mut Problems, key: &str, required: bool) -> Option<Vec<String>> {
        match self.map.get(key) {
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
                        _ => p.at(
                            self,
                            Some(&format!("{key}[{i}]")),
                            format!("must be a non-empty string, found {}", type_name(item)),
                        ),
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
        match self.map.get(key) {
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
        match self.map.get(key).map(|v| (v, v.as_u64())) {
            Some((_, Some(n))) if n <= u64::from(u32::MAX) => n as u32,
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

    /// Reports every key that is not in `allowed`: usually a typo of one that is.
    fn only(&self, p: &mut Problems, allowed: &[&str]) {
        for key in self.map.keys() {
            if key != "$schema" && !allowed.contains(&key.as_str()) {
                let hint = closest(key, allowed.iter().copied())
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                p.at(self, Some(key), format!("unknown field{hint}; allowed: {}", allowed.join(", ")));
            }
        }
    }
}

/// The candidate closest to `word`, when it is close enough to be a likely typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = normalise_key(word);
    candidates
        .map(|c| (edit_distance(&word, &normalise_key(c)), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn permalink(pattern: &str, slug: &str) -> String {
    pattern.replace("{slug}", &slug.to_lowercase())
}

// ---------------------------------------------------------------------------------------------
// The four files.

struct Meta {
    version: String,
    title: String,
    source: Source,
    permalink: String,
    legacy_permalink: String,
}

fn read_meta(p: &mut Problems, doc: &Value) -> Meta {
    let r = Record::top("catalog.json", doc);
    let empty = Map::new();
    let r = r.unwrap_or(Record { file: "catalog.json", entry: None, map: &empty });
    r.only(p, &["version", "title", "source", "permalink", "legacyPermalink"]);
    let version = r.str(p, "version");
    if !version.is_empty() && !is_version(&version) {
        p.at(&r, Some("version"), format!("'{version}' is not a catalog version like 2026.08"));
    }
    let source = match r.child(p, "source", true) {
        Some(s) => {
            s.only(p, &["name", "url", "repository", "commit", "date", "legacyCommit", "legacyDate"]);
            Source {
                name: s.str(p, "name"),
                url: s.str(p, "url"),
                repository: s.str(p, "repository"),
                commit: s.str(p, "commit"),
                date: s.str(p, "date"),
                legacy_commit: s.opt_str(p, "legacyCommit"),
                legacy_date: s.opt_str(p, "legacyDate"),
            }
        }
        None => Source {
            name: String::new(),
            url: String::new(),
            repository: String::new(),
            commit: String::new(),
            date: String::new(),
            legacy_commit: None,
            legacy_date: None,
        },
    };
    let mut pattern = |key: &str, default: &str| {
        let value = r.opt_str(p, key).unwrap_or_else(|| default.to_string());
        if !value.contains("{slug}") {
            p.at(&r, Some(key), "must contain {slug}".into());
        }
        value
    };
    let permalink = pattern("permalink", PERMALINK);
    let legacy_permalink = pattern("legacyPermalink", LEGACY_PERMALINK);
    Meta { version, title: r.str(p, "title"), source, permalink, legacy_permalink }
}

/// `YYYY.MM`
fn is_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 7
        && b[4] == b'.'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(&v[5..], "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12")
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
    let empty = Map::new();
    let top = Record::top("taxonomy.json", doc).unwrap_or(Record { file: "taxonomy.json", entry: None, map: &empty });
    top.only(p, &["impacts", "lifecycles", "attackSurfaces", "controlGroups", "essentials"]);
    let impacts = top
        .list(p, "impacts", "impact", true)
        .into_iter()
        .map(|r| {
            r.only(p, &["id", "nr", "goal", "name", "short", "summary"]);
            Impact {
                id: r.str(p, "id"),
                nr: r.u32(p, "nr"),
                goal: r.str(p, "goal"),
                name: r.str(p, "name"),
                short: r.str(p, "short"),
                summary: r.str(p, "summary"),
            }
        })
        .collect();
    let lifecycles = top
        .list(p, "lifecycles", "lifecycle", true)
        .into_iter()
        .map(|r| {
            r.only(p, &["id", "name", "summary"]);
            LifecycleInfo { id: read_lifecycle(p, &r, "id"), name: r.str(p, "name"), summary: r.str(p, "summary") }
        })
        .collect();
    let attack_surfaces = top
        .list(p, "attackSurfaces", "attack surface", true)
        .into_iter()
        .map(|r| {
            r.only(p, &["id", "lifecycle", "name"]);
            AttackSurface { id: r.str(p, "id"), lifecycle: read_lifecycle(p, &r, "lifecycle"), name: r.str(p, "name") }
        })
        .collect();
    let control_groups = top
        .list(p, "controlGroups", "control group", true)
        .into_iter()
        .map(|r| {
            r.only(p, &["id", "nr", "parent", "name"]);
            ControlGroup { id: r.str(p, "id"), nr: r.str(p, "nr"), parent: r.opt_str(p, "parent"), name: r.str(p, "name") }
        })
        .collect();
    let essentials = top
        .list(p, "essentials", "essentials group", true)
        .into_iter()
        .map(|r| {
            r.only(p, &["id", "parent", "name"]);
            Essential { id: r.str(p, "id"), parent: r.opt_str(p, "parent"), name: r.str(p, "name") }
        })
        .collect();
    Taxonomy { impacts, lifecycles, attack_surfaces, control_groups, essentials }
}

fn read_aliases(p: &mut Problems, r: &Record<'_>, legacy_permalink: &str) -> Vec<Alias> {
    r.list(p, "aliases", "alias", false)
        .into_iter()
        .map(|a| {
            a.only(p, &["id", "name"]);
            let id = a.str(p, "id");
            Alias { url: permalink(legacy_permalink, &id), id, name: a.opt_str(p, "name") }
        })
        .collect()
}

fn read_references(p: &mut Problems, r: &Record<'_>) -> Vec<Reference> {
    r.list(p, "references", "reference", false)
        .into_iter()
        .map(|x| {
            x.only(p, &["source", "id", "title", "url"]);
            let url = x.opt_str(p, "url");
            if let Some(u) = &url {
                if !u.starts_with("https://") {
                    p.at(&x, Some("url"), format!("'{u}' must be an https:// address"));
                }
            }
            Reference { source: x.str(p, "source"), id: x.str(p, "id"), title: x.opt_str(p, "title"), url }
        })
        .collect()
}

const THREAT_FIELDS: &[&str] = &[
    "id", "code", "name", "kind", "parent", "impacts", "lifecycle", "attackSurfaces", "appliesTo", "controls",
    "periodicTableControls", "controlSets", "aliases", "llmTop10", "references", "summary", "description",
];

fn read_threats(p: &mut Problems, doc: &Value, permalink_pattern: &str, legacy: &str) -> Vec<Threat> {
    let empty = Map::new();
    let top = Record::top("threats.json", doc).unwrap_or(Record { file: "threats.json", entry: None, map: &empty });
    top.only(p, &["threats"]);
    top.list(p, "threats", "threat", true)
        .into_iter()
        .map(|r| {
            r.only(p, THREAT_FIELDS);
            let id = r.str(p, "id");
            let kind_text = r.str(p, "kind");
            let kind = ThreatKind::parse(&kind_text).unwrap_or_else(|| {
                if !kind_text.is_empty() {
                    p.at(&r, Some("kind"), format!("unknown kind '{kind_text}'; allowed: section, group, threat"));
                }
                ThreatKind::Threat
            });
            if !r.map.contains_key("parent") {
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
            let mut llm_top10 = BTreeMap::new();
            if let Some(m) = r.child(p, "llmTop10", false) {
                for edition in m.map.keys() {
                    if !(edition.len() == 4 && edition.bytes().all(|b| b.is_ascii_digit())) {
                        p.at(&r, Some(&format!("llmTop10.{edition}")), "the key must be an edition year, e.g. 2025".into());
                    }
                    let ids = m.str_list(p, edition, true).unwrap_or_default();
                    for i in &ids {
                        if !is_llm_id(i) {
                            p.at(&r, Some(&format!("llmTop10.{edition}")), format!("'{i}' is not an id like LLM01"));
                        }
                    }
                    llm_top10.insert(edition.clone(), ids);
                }
            }
            Threat {
                url: permalink(permalink_pattern, &id),
                code: r.str(p, "code"),
                name: r.str(p, "name"),
                kind,
                parent: r.opt_str(p, "parent"),
                impacts: r.str_list(p, "impacts", true).unwrap_or_default(),
                lifecycle: read_lifecycle(p, &r, "lifecycle"),
                attack_surfaces: r.str_list(p, "attackSurfaces", true).unwrap_or_default(),
                applies_to,
                controls: r.str_list(p, "controls", true).unwrap_or_default(),
                periodic_table_controls: r.str_list(p, "periodicTableControls", false),
                control_sets: r.str_list(p, "controlSets", false).unwrap_or_default(),
                aliases: read_aliases(p, &r, legacy),
                llm_top10,
                references: read_references(p, &r),
                summary: r.str(p, "summary"),
                description: r.opt_str(p, "description"),
                id,
            }
        })
        .collect()
}

fn is_llm_id(s: &str) -> bool {
    s.len() == 5 && s.starts_with("LLM") && s[3..].bytes().all(|b| b.is_ascii_digit())
}

const CONTROL_FIELDS: &[&str] = &[
    "id", "name", "label", "section", "category", "groups", "essentials", "aliases", "references", "summary", "does",
];

fn read_controls(p: &mut Problems, doc: &Value, permalink_pattern: &str, legacy: &str) -> (Vec<Control>, Vec<ControlSet>) {
    let empty = Map::new();
    let top = Record::top("controls.json", doc).unwrap_or(Record { file: "controls.json", entry: None, map: &empty });
    top.only(p, &["controls", "controlSets"]);
    let controls = top
        .list(p, "controls", "control", true)
        .into_iter()
        .map(|r| {
            r.only(p, CONTROL_FIELDS);
            let id = r.str(p, "id");
            if !id.is_empty() && !id.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
                p.at(&r, Some("id"), format!("'{id}' must be capital letters and digits only, e.g. MONITORUSE"));
            }
            Control {
                url: permalink(permalink_pattern, &id),
                name: r.str(p, "name"),
                label: r.str(p, "label"),
                section: r.str(p, "section"),
                category: r.str(p, "category"),
                groups: r.str_list(p, "groups", true).unwrap_or_default(),
                essentials: r.str_list(p, "essentials", true).unwrap_or_default(),
                aliases: read_aliases(p, &r, legacy),
                references: read_references(p, &r),
                summary: r.str(p, "summary"),
                does: r.str_list(p, "does", false).unwrap_or_default(),
                id,
            }
        })
        .collect();
    let sets = top
        .list(p, "controlSets", "control set", false)
        .into_iter()
        .map(|r| {
            r.only(p, &["id", "code", "name", "members"]);
            ControlSet {
                id: r.str(p, "id"),
                code: r.str(p, "code"),
                name: r.str(p, "name"),
                members: r.str_list(p, "members", true).unwrap_or_default(),
            }
        })
        .collect();
    (controls, sets)
}

// ---------------------------------------------------------------------------------------------
// Relations: everything that points somewhere must point at something that exists.

fn check_relations(p: &mut Problems, c: &Catalog) {
    let at = |file: &'static str, entry: String| Record { file, entry: Some(entry), map: EMPTY.get_or_init(Map::new) };

    // Unique ids and aliases, per kind of thing, case- and punctuation-insensitively.
    fn unique<'a>(p: &mut Problems, file: &'static str, what: &str, ids: impl Iterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for id in ids {
            if !id.is_empty() && !seen.insert(normalise_key(id)) {
                p.list.push(Problem {
                    file: file.into(),
                    entry: Some(format!("{what} '{id}'")),
                    field: Some("id".into()),
                    message: format!("duplicate id: another {what} already uses '{id}'"),
                });
            }
        }
    }
    unique(p, "taxonomy.json", "impact", c.impacts.iter().map(|x| x.id.as_str()));
    unique(p, "taxonomy.json", "attack surface", c.attack_surfaces.iter().map(|x| x.id.as_str()));
    unique(p, "taxonomy.json", "control group", c.control_groups.iter().map(|x| x.id.as_str()));
    unique(p, "taxonomy.json", "essentials group", c.essentials.iter().map(|x| x.id.as_str()));
    unique(p, "controls.json", "control set", c.control_sets.iter().map(|x| x.id.as_str()));
    // Threats, controls and every alias share one namespace: lookups by id must be unambiguous.
    let mut owners: HashMap<String, String> = HashMap::new();
    let names = c
        .threats
        .iter()
        .map(|t| ("threats.json", format!("threat '{}'", t.id), &t.id, None))
        .chain(c.controls.iter().map(|x| ("controls.json", format!("control '{}'", x.id), &x.id, None)))
        .chain(c.threats.iter().flat_map(|t| {
            t.aliases.iter().map(move |a| ("threats.json", format!("threat '{}'", t.id), &a.id, Some("aliases")))
        }))
        .chain(c.controls.iter().flat_map(|x| {
            x.aliases.iter().map(move |a| ("controls.json", format!("control '{}'", x.id), &a.id, Some("aliases")))
        }));
    for (file, entry, id, field) in names {
        if id.is_empty() {
            continue;
        }
        match owners.get(&normalise_key(id)) {
            Some(owner) => p.at(
                &at(file, entry.clone()),
                Some(field.unwrap_or("id")),
                format!("duplicate id: '{id}' is already used by {owner}"),
            ),
            None => {
                owners.insert(normalise_key(id), entry);
            }
        }
    }

    let impacts: Vec<&str> = c.impacts.iter().map(|x| x.id.as_str()).collect();
    let surfaces: Vec<&str> = c.attack_surfaces.iter().map(|x| x.id.as_str()).collect();
    let groups: Vec<&str> = c.control_groups.iter().map(|x| x.id.as_str()).collect();
    let essentials: Vec<&str> = c.essentials.iter().map(|x| x.id.as_str()).collect();
    let controls: Vec<&str> = c.controls.iter().map(|x| x.id.as_str()).collect();
    let threats: Vec<&str> = c.threats.iter().map(|x| x.id.as_str()).collect();
    let sets: Vec<&str> = c.control_sets.iter().map(|x| x.id.as_str()).collect();

    for g in &c.control_groups {
        refs(p, &at("taxonomy.json", format!("control group '{}'", g.id)), "parent", "control group", g.parent.as_slice(), &groups);
    }
    for e in &c.essentials {
        refs(p, &at("taxonomy.json", format!("essentials group '{}'", e.id)), "parent", "essentials group", e.parent.as_slice(), &essentials);
    }
    for t in &c.threats {
        let r = at("threats.json", format!("threat '{}'", t.id));
        refs(p, &r, "parent", "threat", t.parent.as_slice(), &threats);
        refs(p, &r, "impacts", "impact", &t.impacts, &impacts);
        refs(p, &r, "attackSurfaces", "attack surface", &t.attack_surfaces, &surfaces);
        refs(p, &r, "controls", "control", &t.controls, &controls);
        refs(p, &r, "periodicTableControls", "control", t.periodic_table_controls.as_deref().unwrap_or(&[]), &controls);
        refs(p, &r, "controlSets", "control set", &t.control_sets, &sets);
    }
    for x in &c.controls {
        let r = at("controls.json", format!("control '{}'", x.id));
        refs(p, &r, "groups", "control group", &x.groups, &groups);
        refs(p, &r, "essentials", "essentials group", &x.essentials, &essentials);
        if x.groups.is_empty() {
            p.at(&r, Some("groups"), "a control belongs to at least one control group".into());
        }
    }
    for s in &c.control_sets {
        refs(p, &at("controls.json", format!("control set '{}'", s.id)), "members", "control", &s.members, &controls);
    }

    // The threat tree: sections at the top, groups and threats under a section or group.
    for t in &c.threats {
        let r = at("threats.json", format!("threat '{}'", t.id));
        match (t.kind, &t.parent) {
            (ThreatKind::Section, Some(_)) => p.at(&r, Some("parent"), "a section has no parent (use null)".into()),
            (ThreatKind::Group | ThreatKind::Threat, None) => {
                p.at(&r, Some("parent"), "only a section may have no parent".into())
            }
            (_, Some(parent)) => {
                if let Some(pt) = c.threat(parent) {
                    if pt.kind == ThreatKind::Threat {
                        p.at(&r, Some("parent"), format!("'{parent}' is a threat; a parent must be a section or group"));
                    }
                }
            }
            _ => {}
        }
        // Walk up; more steps than entries means a cycle.
        let mut seen = vec![t.id.as_str()];
        let mut next = t.parent.as_deref();
        while let Some(id) = next {
            if seen.contains(&id) {
                seen.push(id);
                p.at(&r, Some("parent"), format!("parent cycle: {}", seen.join(" → ")));
                break;
            }
            seen.push(id);
            next = c.threat(id).and_then(|x| x.parent.as_deref());
        }
    }
}

fn refs(p: &mut Problems, r: &Record<'_>, field: &str, what: &str, values: &[String], known: &[&str]) {
    for v in values {
        if !known.contains(&v.as_str()) {
            let hint = closest(v, known.iter().copied()).map(|k| format!(" (did you mean '{k}'?)")).unwrap_or_default();
            p.at(r, Some(field), format!("unknown {what} '{v}'{hint}"));
        }
    }
}

static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
