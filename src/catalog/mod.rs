//! The catalog model: threats, controls, their taxonomy and relations, as read from `catalog/`.
//!
//! This module is self-contained (it uses nothing else from the crate) because `build.rs`
//! compiles it too, to validate the catalog files before they are embedded. Keep it that way:
//! refer to siblings with `super::`/`self::`, never `crate::`.

mod load;

pub use self::load::{load, Problem, SourceFile, FILES};

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The whole catalog, checked: every reference in it resolves.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    /// Catalog version, e.g. `2026.08`; pinned by assessment files and shown in every export.
    pub version: String,
    pub title: String,
    pub source: Source,
    pub impacts: Vec<Impact>,
    pub lifecycles: Vec<LifecycleInfo>,
    pub attack_surfaces: Vec<AttackSurface>,
    pub control_groups: Vec<ControlGroup>,
    pub essentials: Vec<Essential>,
    pub threats: Vec<Threat>,
    pub controls: Vec<Control>,
    pub control_sets: Vec<ControlSet>,
    /// Normalised key (id, alias, label, name, permalink slug) → entry.
    #[serde(skip)]
    index: HashMap<String, EntryRef>,
}

/// Where the catalog's facts were read.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub name: String,
    pub url: String,
    pub repository: String,
    pub commit: String,
    pub date: String,
    pub legacy_commit: Option<String>,
    pub legacy_date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Impact {
    pub id: String,
    pub nr: u32,
    pub goal: String,
    pub name: String,
    pub short: String,
    pub summary: String,
}

/// When in the life of an AI system a threat strikes; the seed's three types of threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Lifecycle {
    #[serde(rename = "development-time")]
    DevelopmentTime,
    #[serde(rename = "input")]
    Input,
    #[serde(rename = "runtime")]
    Runtime,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 3] = [Lifecycle::DevelopmentTime, Lifecycle::Input, Lifecycle::Runtime];

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::DevelopmentTime => "development-time",
            Lifecycle::Input => "input",
            Lifecycle::Runtime => "runtime",
        }
    }

    pub fn parse(s: &str) -> Option<Lifecycle> {
        Lifecycle::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleInfo {
    pub id: Lifecycle,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttackSurface {
    pub id: String,
    pub lifecycle: Lifecycle,
    pub name: String,
}

/// A group of the seed's five-group classification of controls, or one of its sub-groups.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlGroup {
    pub id: String,
    pub nr: String,
    pub parent: Option<String>,
    pub name: String,
}

/// A node of the site's newer grouping of controls ("essentials").
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Essential {
    pub id: String,
    pub parent: Option<String>,
    pub name: String,
}

/// Whether a catalog entry is a section, a group of threats, or a threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ThreatKind {
    Section,
    Group,
    Threat,
}

impl ThreatKind {
    pub fn parse(s: &str) -> Option<ThreatKind> {
        match s {
            "section" => Some(ThreatKind::Section),
            "group" => Some(ThreatKind::Group),
            "threat" => Some(ThreatKind::Threat),
            _ => None,
        }
    }
}

/// Which kinds of AI system a threat concerns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliesTo {
    pub predictive: bool,
    pub genai: bool,
    pub llm_only: bool,
    pub agentic_only: bool,
}

/// An older id or name under which an entry was known (seed document, `/goto/` links).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alias {
    pub id: String,
    pub name: Option<String>,
    /// The old permalink, `https://owaspai.org/goto/<id>/`.
    pub url: String,
}

/// A pointer into another framework (MITRE ATLAS, NIST AI 100-2, OpenCRE, …).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    pub source: String,
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Threat {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: ThreatKind,
    pub parent: Option<String>,
    pub impacts: Vec<String>,
    pub lifecycle: Lifecycle,
    pub attack_surfaces: Vec<String>,
    pub applies_to: AppliesTo,
    pub controls: Vec<String>,
    pub periodic_table_controls: Option<Vec<String>>,
    pub control_sets: Vec<String>,
    pub aliases: Vec<Alias>,
    /// OWASP Top 10 for LLM ids by edition ("2023", "2025", …).
    pub llm_top10: BTreeMap<String, Vec<String>>,
    pub references: Vec<Reference>,
    pub summary: String,
    pub description: Option<String>,
    /// The permalink, `https://owaspai.org/go/<id>/`.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Control {
    pub id: String,
    pub name: String,
    pub label: String,
    pub section: String,
    pub category: String,
    pub groups: Vec<String>,
    pub essentials: Vec<String>,
    pub aliases: Vec<Alias>,
    pub references: Vec<Reference>,
    pub summary: String,
    pub does: Vec<String>,
    pub url: String,
}

/// A named set of controls that threat sections refer to as a whole.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ControlSet {
    pub id: String,
    pub code: String,
    pub name: String,
    pub members: Vec<String>,
}

/// Position of an entry in [`Catalog::threats`] or [`Catalog::controls`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryRef {
    Threat(usize),
    Control(usize),
}

/// A threat or a control, as found by [`Catalog::find`].
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Threat(&'a Threat),
    Control(&'a Control),
}

impl<'a> Entry<'a> {
    pub fn id(&self) -> &'a str {
        match self {
            Entry::Threat(t) => &t.id,
            Entry::Control(c) => &c.id,
        }
    }
}

impl Catalog {
    pub fn threat(&self, id: &str) -> Option<&Threat> {
        self.threats.iter().find(|t| t.id == id)
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// Finds a threat or control by anything a person may have in hand: its current id, an older
    /// id or name (`"model theft through use"`, `#DETECTODDINPUT`), its `#LABEL`, or a `/go/` or
    /// `/goto/` permalink. Case, spaces, `#` and punctuation do not matter.
    pub fn find(&self, text: &str) -> Option<Entry<'_>> {
        let key = normalise_key(strip_permalink(text.trim()));
        if key.is_empty() {
            return None;
        }
        self.index.get(&key).map(|r| match *r {
            EntryRef::Threat(i) => Entry::Threat(&self.threats[i]),
            EntryRef::Control(i) => Entry::Control(&self.controls[i]),
        })
    }

    /// The indexed keys closest to `text`, best first: for "did you mean" messages.
    pub fn suggest(&self, text: &str, max: usize) -> Vec<&str> {
        let key = normalise_key(strip_permalink(text.trim()));
        // No id is longer than this; comparing against a huge string would only waste time.
        if key.len() > 64 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, &str)> = self
            .threats
            .iter()
            .map(|t| t.id.as_str())
            .chain(self.controls.iter().map(|c| c.id.as_str()))
            .map(|id| (edit_distance(&key, &normalise_key(id)), id))
            .filter(|(d, id)| *d <= (id.len() / 3).max(2))
            .collect();
        scored.sort();
        scored.into_iter().take(max).map(|(_, id)| id).collect()
    }

    fn build_index(&mut self) {
        let mut index = HashMap::new();
        // Later insertions never override earlier ones: current ids win over aliases and names.
        let mut add = |key: &str, entry: EntryRef| {
            let key = normalise_key(key);
            if !key.is_empty() {
                index.entry(key).or_insert(entry);
            }
        };
        for (i, t) in self.threats.iter().enumerate() {
            add(&t.id, EntryRef::Threat(i));
        }
        for (i, c) in self.controls.iter().enumerate() {
            add(&c.id, EntryRef::Control(i));
        }
        for (i, t) in self.threats.iter().enumerate() {
            for a in &t.aliases {
                add(&a.id, EntryRef::Threat(i));
            }
        }
        for (i, c) in self.controls.iter().enumerate() {
            for a in &c.aliases {
                add(&a.id, EntryRef::Control(i));
            }
        }
        for (i, t) in self.threats.iter().enumerate() {
            add(&t.name, EntryRef::Threat(i));
            for a in t.aliases.iter().filter_map(|a| a.name.as_deref()) {
                add(a, EntryRef::Threat(i));
            }
        }
        for (i, c) in self.controls.iter().enumerate() {
            add(&c.name, EntryRef::Control(i));
            add(&c.label, EntryRef::Control(i));
            for a in c.aliases.iter().filter_map(|a| a.name.as_deref()) {
                add(a, EntryRef::Control(i));
            }
        }
        self.index = index;
    }
}

/// Lower-case letters and digits only: `"#MONITOR USE"`, `"monitor-use"` and `"MONITORUSE"` meet.
pub fn normalise_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `https://owaspai.org/goto/monitoruse/` → `monitoruse`; anything else is returned unchanged.
fn strip_permalink(text: &str) -> &str {
    let without_host = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or(text);
    for prefix in ["/go/", "/goto/"] {
        if let Some(slug) = without_host.strip_prefix(prefix) {
            let slug = slug.split(['#', '?']).next().unwrap_or(slug);
            return slug.trim_end_matches('/');
        }
    }
    text
}

/// Levenshtein distance over characters; small inputs only (ids and names).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb { diagonal } else { 1 + diagonal.min(above).min(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_and_punctuation() {
        assert_eq!(normalise_key("#MONITOR USE"), "monitoruse");
        assert_eq!(normalise_key("Prompt injection I/O handling"), "promptinjectioniohandling");
    }

    #[test]
    fn permalinks_reduce_to_their_slug() {
        assert_eq!(strip_permalink("https://owaspai.org/go/evasion/"), "evasion");
        assert_eq!(strip_permalink("https://owaspai.org/goto/detectoddinput/#x"), "detectoddinput");
        assert_eq!(strip_permalink("/goto/threatsuse"), "threatsuse");
        assert_eq!(strip_permalink("evasion"), "evasion");
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("evasion", "evasion"), 0);
        assert_eq!(edit_distance("evasoin", "evasion"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
