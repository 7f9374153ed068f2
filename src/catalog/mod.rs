//! The catalog model: threats, controls, their taxonomy and relations, as read from `catalog/`.
//!
//! This module is self-contained (it uses nothing else from the crate) because `build.rs`
//! compiles it too: to validate the catalog files and to generate the built-in catalog as Rust
//! data. Keep it that way: refer to siblings with `super::`/`self::`, never `crate::`.
//!
//! The model holds what the engine reasons about (ids, kinds, relations, applicability) and the
//! names people search by. Prose (summaries, descriptions, steps, references, mappings) is not
//! part of it: it travels to the page in the catalog *document*, the JSON that
//! [`load`] produces next to the model.
//!
//! Text and lists are `Cow<'static, _>` so that one type serves both the built-in catalog
//! (generated at build time as `static` data: no parsing, no allocation at start-up) and
//! catalogs read at run time (owned data).

pub mod emit;
mod load;

pub use self::load::{load, Loaded, Problem, SourceFile, CONTROL_FIELDS, FILES, THREAT_FIELDS};
// The reading machinery, shared with the overlay reader (`crate::overlay`) so that an overlay's
// problems are reported exactly like the catalog's.
#[allow(unused_imports)]
pub(crate) use self::load::{check_url, read_condition, Problems, Record};

use std::borrow::Cow;

/// Text in the catalog: borrowed from static data, or owned when read at run time.
pub type Text = Cow<'static, str>;
/// A list in the catalog: borrowed from static data, or owned when read at run time.
pub type List<T> = Cow<'static, [T]>;

/// The whole catalog, checked: every reference in it resolves.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Catalog version, e.g. `2026.08`; pinned by assessment files and shown in every export.
    pub version: Text,
    pub title: Text,
    pub source: Source,
    /// Permalink pattern with `{slug}`, e.g. `https://owaspai.org/go/{slug}/`.
    pub permalink: Text,
    /// The older permalink pattern, e.g. `https://owaspai.org/goto/{slug}/`.
    pub legacy_permalink: Text,
    pub impacts: List<Impact>,
    pub lifecycles: List<LifecycleInfo>,
    pub attack_surfaces: List<AttackSurface>,
    pub control_groups: List<ControlGroup>,
    pub essentials: List<Essential>,
    pub threats: List<Threat>,
    pub controls: List<Control>,
    pub control_sets: List<ControlSet>,
    /// Every searchable key (normalised id, alias, name, label) → entry, sorted by key.
    pub index: List<(Text, EntryRef)>,
    /// The questionnaire, in the order it is asked.
    pub questions: List<Question>,
    /// The decision rules of the risk analysis, in the order they are applied.
    pub rules: List<Rule>,
    pub flags: List<FlagRule>,
    /// What to ask a supplier, and when.
    pub assurance: List<AssuranceQuestion>,
    pub risk: RiskModel,
    /// Ids (current and older) of the entries a custom catalog overlay hides; empty for the
    /// built-in catalog. An assessment file that names them is read as if it did not.
    pub hidden: List<Text>,
    /// Entries that are not on the AI Exchange (an overlay's own controls): id → the address of
    /// their own page, or "" when they have none. Empty for the built-in catalog.
    pub addresses: List<(Text, Text)>,
}

/// Answers a condition requires: every listed question must have one of the listed values.
/// An empty condition always holds.
pub type Condition = List<(Text, List<Text>)>;

/// The values and the labels (as the page shows them) of a `"yes-no"` question's options.
pub fn yes_no() -> (Vec<String>, Vec<String>) {
    (vec!["yes".into(), "no".into()], vec!["Yes".into(), "No".into()])
}

/// A question of the questionnaire. Its text and help are in the document; the model keeps what
/// the engine needs.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: Text,
    /// The question as it is asked.
    pub text: Text,
    /// The values it accepts besides `unknown`, e.g. `yes`, `no`.
    pub options: List<Text>,
    /// How each option is put to the user, in the order of `options` (`Yes`, `No` for yes/no
    /// questions): reasons quote an answer by its label, not its value.
    pub labels: List<Text>,
    /// When the question matters; otherwise it is not asked and counts as `when_not_asked`.
    pub ask_when: Condition,
    pub when_not_asked: Option<Text>,
}

/// What a rule does to the threats it names when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Ruled out: not applicable.
    Exclude,
    /// Rated low to zero for this kind of system.
    Low,
    /// Applies, for the stated reason (explains; changes nothing).
    Applies,
    /// The supplier (model maker or hosting provider) must act; you need assurance.
    Supplier,
    /// Responsibility is shared with a supplier.
    Shared,
}

impl Effect {
    pub const ALL: [Effect; 5] = [Effect::Exclude, Effect::Low, Effect::Applies, Effect::Supplier, Effect::Shared];

    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Exclude => "exclude",
            Effect::Low => "low",
            Effect::Applies => "applies",
            Effect::Supplier => "supplier",
            Effect::Shared => "shared",
        }
    }
}

/// A decision rule of the risk analysis.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Text,
    pub when: Condition,
    pub effect: Effect,
    /// Threats, groups or sections (a group or section stands for everything under it).
    pub threats: List<Text>,
    /// Why, in words a reader understands.
    pub reason: Text,
}

/// A condition worth a headline, such as the lethal trifecta.
#[derive(Debug, Clone)]
pub struct FlagRule {
    pub id: Text,
    pub when: Condition,
    pub text: Text,
}

/// A question to put to a supplier when the condition holds.
#[derive(Debug, Clone)]
pub struct AssuranceQuestion {
    pub id: Text,
    pub when: Condition,
    pub text: Text,
}

/// How the suggested likelihood and impact (1–5) of a threat follow from the answers.
#[derive(Debug, Clone)]
pub struct RiskModel {
    pub likelihood: u32,
    pub impact: u32,
    pub adjust: List<RiskAdjust>,
}

/// A step up or down of likelihood or impact for the threats it selects, when its condition holds.
#[derive(Debug, Clone)]
pub struct RiskAdjust {
    pub when: Condition,
    /// Selects threats of this lifecycle …
    pub lifecycle: Option<Lifecycle>,
    /// … or these threats (groups stand for their members) …
    pub threats: List<Text>,
    /// … or threats with one of these impacts.
    pub impacts: List<Text>,
    pub likelihood: i32,
    pub impact: i32,
    pub reason: Text,
}

/// Where the catalog's facts were read.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: Text,
    pub url: Text,
    pub repository: Text,
    pub commit: Text,
    pub date: Text,
    pub legacy_commit: Option<Text>,
    pub legacy_date: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Impact {
    pub id: Text,
    pub nr: u32,
    pub name: Text,
    pub short: Text,
}

/// When in the life of an AI system a threat strikes; the seed's three types of threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lifecycle {
    DevelopmentTime,
    Input,
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

#[derive(Debug, Clone)]
pub struct LifecycleInfo {
    pub id: Lifecycle,
    pub name: Text,
}

#[derive(Debug, Clone)]
pub struct AttackSurface {
    pub id: Text,
    pub lifecycle: Lifecycle,
    pub name: Text,
}

/// A group of the seed's five-group classification of controls, or one of its sub-groups.
#[derive(Debug, Clone)]
pub struct ControlGroup {
    pub id: Text,
    pub nr: Text,
    pub parent: Option<Text>,
    pub name: Text,
}

/// A node of the site's newer grouping of controls ("essentials").
#[derive(Debug, Clone)]
pub struct Essential {
    pub id: Text,
    pub parent: Option<Text>,
    pub name: Text,
}

/// Whether a catalog entry is a section, a group of threats, or a threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreatKind {
    Section,
    Group,
    Threat,
}

impl ThreatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ThreatKind::Section => "section",
            ThreatKind::Group => "group",
            ThreatKind::Threat => "threat",
        }
    }

    pub fn parse(s: &str) -> Option<ThreatKind> {
        [ThreatKind::Section, ThreatKind::Group, ThreatKind::Threat].into_iter().find(|k| k.as_str() == s)
    }
}

/// Which kinds of AI system a threat concerns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AppliesTo {
    pub predictive: bool,
    pub genai: bool,
    pub llm_only: bool,
    pub agentic_only: bool,
}

/// An older id or name under which an entry was known (seed document, `/goto/` links).
#[derive(Debug, Clone)]
pub struct Alias {
    /// The older id (permalink slug), where the entry had another one.
    pub id: Option<Text>,
    /// The older name, where it differs from the current one.
    pub name: Option<Text>,
}

/// A threat that takes over the controls of another entry, with exceptions and additions.
#[derive(Debug, Clone)]
pub struct Inheritance {
    /// The threat or group whose controls apply.
    pub from: Text,
    /// Controls of `from` that do not apply.
    pub except: List<Text>,
    /// Threats whose controls apply as well.
    pub plus: List<Text>,
}

/// Controls split by who applies them, where the AI Exchange makes that split.
#[derive(Debug, Clone)]
pub struct ByParty {
    /// Applied by the supplier of a model or data.
    pub supplier: List<Text>,
    /// Applied by the organisation that produces the AI system.
    pub producer: List<Text>,
}

#[derive(Debug, Clone)]
pub struct Threat {
    /// The permalink slug: the entry lives at `https://owaspai.org/go/<id>/`.
    pub id: Text,
    pub code: Text,
    pub name: Text,
    /// The catalog version it first appeared in, for entries newer than the older catalog.
    pub since: Option<Text>,
    pub kind: ThreatKind,
    pub parent: Option<Text>,
    pub impacts: List<Text>,
    pub lifecycle: Lifecycle,
    pub attack_surfaces: List<Text>,
    pub applies_to: AppliesTo,
    /// The controls the threat's own section lists.
    pub controls: List<Text>,
    /// The controls the periodic table lists, where it gives a list.
    pub periodic_table_controls: Option<List<Text>>,
    pub control_sets: List<Text>,
    pub inherits_controls: Option<Inheritance>,
    pub controls_by_party: Option<ByParty>,
    pub aliases: List<Alias>,
    /// OWASP Top 10 for LLM ids by edition ("2023", "2025", …), in edition order.
    pub llm_top10: List<(Text, List<Text>)>,
}

#[derive(Debug, Clone)]
pub struct Control {
    /// Capitals without spaces, e.g. `MONITORUSE`; the permalink uses it in lower case.
    pub id: Text,
    pub name: Text,
    /// The tag as the AI Exchange writes it, e.g. `#MONITOR USE`.
    pub label: Text,
    pub section: Text,
    /// The catalog version it first appeared in, for entries newer than the older catalog.
    pub since: Option<Text>,
    pub groups: List<Text>,
    pub essentials: List<Text>,
    pub aliases: List<Alias>,
}

/// A named set of controls that threat sections refer to as a whole.
#[derive(Debug, Clone)]
pub struct ControlSet {
    pub id: Text,
    pub code: Text,
    pub name: Text,
    pub members: List<Text>,
}

/// Position of an entry in [`Catalog::threats`] or [`Catalog::controls`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryRef {
    Threat(usize),
    Control(usize),
}

/// A threat or a control, as found by [`Catalog::find`] or [`Catalog::search`].
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

    pub fn name(&self) -> &'a str {
        match self {
            Entry::Threat(t) => &t.name,
            Entry::Control(c) => &c.name,
        }
    }

    /// `"threat"` or `"control"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Entry::Threat(_) => "threat",
            Entry::Control(_) => "control",
        }
    }
}

impl Catalog {
    /// A catalog with nothing in it.
    pub const EMPTY: Catalog = Catalog {
        version: Cow::Borrowed(""),
        title: Cow::Borrowed(""),
        source: Source {
            name: Cow::Borrowed(""),
            url: Cow::Borrowed(""),
            repository: Cow::Borrowed(""),
            commit: Cow::Borrowed(""),
            date: Cow::Borrowed(""),
            legacy_commit: None,
            legacy_date: None,
        },
        permalink: Cow::Borrowed(""),
        legacy_permalink: Cow::Borrowed(""),
        impacts: Cow::Borrowed(&[]),
        lifecycles: Cow::Borrowed(&[]),
        attack_surfaces: Cow::Borrowed(&[]),
        control_groups: Cow::Borrowed(&[]),
        essentials: Cow::Borrowed(&[]),
        threats: Cow::Borrowed(&[]),
        controls: Cow::Borrowed(&[]),
        control_sets: Cow::Borrowed(&[]),
        index: Cow::Borrowed(&[]),
        questions: Cow::Borrowed(&[]),
        rules: Cow::Borrowed(&[]),
        flags: Cow::Borrowed(&[]),
        assurance: Cow::Borrowed(&[]),
        risk: RiskModel { likelihood: 3, impact: 3, adjust: Cow::Borrowed(&[]) },
        hidden: Cow::Borrowed(&[]),
        addresses: Cow::Borrowed(&[]),
    };

    /// A synthetic catalog `copies` times as large, for benchmarks: every threat, control and
    /// control set repeated with the suffix `-2`, `-3`, … and its relations pointing at the copies
    /// of the same number. Lookups by alias and the questionnaire are not copied.
    #[doc(hidden)]
    pub fn scaled(&self, copies: usize) -> Catalog {
        let suffix = |id: &Text, n: usize| -> Text {
            if n == 1 {
                id.clone()
            } else {
                Cow::Owned(format!("{id}-{n}"))
            }
        };
        let list = |ids: &List<Text>, n: usize| -> List<Text> { Cow::Owned(ids.iter().map(|id| suffix(id, n)).collect()) };
        let mut threats = Vec::new();
        let mut controls = Vec::new();
        let mut sets = Vec::new();
        for n in 1..=copies.max(1) {
            threats.extend(self.threats.iter().map(|t| Threat {
                id: suffix(&t.id, n),
                parent: t.parent.as_ref().map(|p| suffix(p, n)),
                controls: list(&t.controls, n),
                periodic_table_controls: t.periodic_table_controls.as_ref().map(|p| list(p, n)),
                control_sets: list(&t.control_sets, n),
                inherits_controls: t.inherits_controls.as_ref().map(|i| Inheritance {
                    from: suffix(&i.from, n),
                    except: list(&i.except, n),
                    plus: list(&i.plus, n),
                }),
                controls_by_party:
                    t.controls_by_party.as_ref().map(|b| ByParty { supplier: list(&b.supplier, n), producer: list(&b.producer, n) }),
                ..t.clone()
            }));
            controls.extend(self.controls.iter().map(|c| Control { id: suffix(&c.id, n), ..c.clone() }));
            sets.extend(self.control_sets.iter().map(|s| ControlSet { id: suffix(&s.id, n), members: list(&s.members, n), ..s.clone() }));
        }
        Catalog {
            threats: Cow::Owned(threats),
            controls: Cow::Owned(controls),
            control_sets: Cow::Owned(sets),
            index: Cow::Borrowed(&[]),
            ..self.clone()
        }
    }

    pub fn threat(&self, id: &str) -> Option<&Threat> {
        self.threats.iter().find(|t| t.id == id)
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Is `ancestor` this threat or one of its parents (up to the section)?
    pub fn is_within(&self, threat: &str, ancestor: &str) -> bool {
        let mut next = Some(threat);
        let mut steps = 0;
        while let Some(id) = next {
            if id == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.threats.len() {
                return false; // a cycle; the validator rejects those
            }
            next = self.threat(id).and_then(|t| t.parent.as_deref());
        }
        false
    }

    /// The permalink of an entry: `https://owaspai.org/go/<slug>/`; for an entry an overlay
    /// added, the address it gave (or "" when it gave none).
    pub fn url(&self, id: &str) -> String {
        match self.addresses.iter().find(|(x, _)| x == id) {
            Some((_, address)) => address.to_string(),
            None => permalink(&self.permalink, id),
        }
    }

    /// Does an overlay hide the entry with this id (current or older)?
    pub fn is_hidden(&self, id: &str) -> bool {
        !self.hidden.is_empty() && self.hidden.iter().any(|h| *h == id)
    }

    /// The older permalink of an alias: `https://owaspai.org/goto/<slug>/`.
    pub fn legacy_url(&self, id: &str) -> String {
        permalink(&self.legacy_permalink, id)
    }

    fn entry(&self, r: EntryRef) -> Option<Entry<'_>> {
        match r {
            EntryRef::Threat(i) => self.threats.get(i).map(Entry::Threat),
            EntryRef::Control(i) => self.controls.get(i).map(Entry::Control),
        }
    }

    /// Finds a threat or control by anything a person may have in hand: its current id, an older
    /// id or name (`"model theft through use"`, `#DETECTODDINPUT`), its `#LABEL`, or a `/go/` or
    /// `/goto/` permalink. Case, spaces, `#` and punctuation do not matter.
    pub fn find(&self, text: &str) -> Option<Entry<'_>> {
        let key = normalise_key(strip_permalink(text.trim()));
        let at = self.index.binary_search_by(|(k, _)| k.as_ref().cmp(key.as_str())).ok()?;
        self.entry(self.index[at].1)
    }

    /// Every threat and control whose id, name, label or alias contains `query` (compared like
    /// [`Catalog::find`]), best matches first: exact, then prefix, then anywhere; ties in
    /// catalog order.
    pub fn search(&self, query: &str) -> Vec<Entry<'_>> {
        let key = normalise_key(strip_permalink(query.trim()));
        if key.is_empty() {
            return Vec::new();
        }
        // Three passes instead of a sort: the index is small, and sorting code is not.
        let mut found: Vec<EntryRef> = Vec::new();
        type Matches<'k> = &'k dyn Fn(&[u8]) -> bool;
        let passes: [Matches<'_>; 3] =
            [&|k| k == key.as_bytes(), &|k| k.starts_with(key.as_bytes()), &|k| k.windows(key.len()).any(|w| w == key.as_bytes())];
        for matches in passes {
            let mut pass: Vec<EntryRef> = Vec::new();
            for (k, r) in self.index.iter() {
                if matches(k.as_bytes()) && !found.contains(r) && !pass.contains(r) {
                    pass.push(*r);
                }
            }
            // Within a pass, catalog order: threats first, each list in its own order.
            for r in self
                .threats
                .iter()
                .enumerate()
                .map(|(i, _)| EntryRef::Threat(i))
                .chain(self.controls.iter().enumerate().map(|(i, _)| EntryRef::Control(i)))
            {
                if pass.contains(&r) {
                    found.push(r);
                }
            }
        }
        found.into_iter().filter_map(|r| self.entry(r)).collect()
    }

    /// The ids closest to `text`, best first: for "did you mean" messages.
    pub fn suggest(&self, text: &str, max: usize) -> Vec<&str> {
        let key = normalise_key(strip_permalink(text.trim()));
        // No id is longer than this; comparing against a huge string would only waste time.
        if key.len() > 64 {
            return Vec::new();
        }
        let ids = self.threats.iter().map(|t| t.id.as_ref()).chain(self.controls.iter().map(|c| c.id.as_ref()));
        let scored: Vec<(usize, &str)> =
            ids.map(|id| (edit_distance(&key, &normalise_key(id)), id)).filter(|(d, id)| *d <= (id.len() / 3).max(2)).collect();
        // Closest first, ties in catalog order (a selection, not a sort: the list is short).
        let mut out = Vec::new();
        for distance in 0..=scored.iter().map(|(d, _)| *d).max().unwrap_or(0) {
            out.extend(scored.iter().filter(|(d, _)| *d == distance).map(|(_, id)| *id));
        }
        out.truncate(max);
        out
    }
}

/// Builds the sorted lookup index. Current ids win over aliases, aliases over names.
pub(crate) fn build_index(threats: &[Threat], controls: &[Control]) -> Vec<(Text, EntryRef)> {
    let mut keys: Vec<(String, EntryRef)> = Vec::new();
    let mut add = |key: &str, entry: EntryRef| {
        let key = normalise_key(key);
        if !key.is_empty() && !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, entry));
        }
    };
    let threat_refs = || threats.iter().enumerate().map(|(i, t)| (t, EntryRef::Threat(i)));
    let control_refs = || controls.iter().enumerate().map(|(i, c)| (c, EntryRef::Control(i)));
    threat_refs().for_each(|(t, r)| add(&t.id, r));
    control_refs().for_each(|(c, r)| add(&c.id, r));
    threat_refs().for_each(|(t, r)| t.aliases.iter().filter_map(|a| a.id.as_deref()).for_each(|id| add(id, r)));
    control_refs().for_each(|(c, r)| c.aliases.iter().filter_map(|a| a.id.as_deref()).for_each(|id| add(id, r)));
    for (t, r) in threat_refs() {
        add(&t.name, r);
        t.aliases.iter().filter_map(|a| a.name.as_deref()).for_each(|n| add(n, r));
    }
    for (c, r) in control_refs() {
        add(&c.name, r);
        add(&c.label, r);
        c.aliases.iter().filter_map(|a| a.name.as_deref()).for_each(|n| add(n, r));
    }
    keys.sort();
    keys.into_iter().map(|(k, r)| (Cow::Owned(k), r)).collect()
}

/// Lower-case ASCII letters and digits only: `"#MONITOR USE"`, `"monitor-use"` and
/// `"MONITORUSE"` meet. (Ids and names are ASCII; other characters cannot match and are dropped.)
pub fn normalise_key(text: &str) -> String {
    text.bytes().filter(u8::is_ascii_alphanumeric).map(|b| char::from(b.to_ascii_lowercase())).collect()
}

/// A catalog version, `YYYY.MM` (month 01–12).
pub fn is_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 7
        && b[4] == b'.'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && (1..=12).contains(&((b[5] - b'0') * 10 + (b[6] - b'0')))
}

/// `pattern` with `{slug}` replaced by the lower-cased id.
pub fn permalink(pattern: &str, id: &str) -> String {
    pattern.replace("{slug}", &id.to_ascii_lowercase())
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

/// The candidate closest to `word` (compared like ids: case and punctuation do not matter),
/// when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = normalise_key(word);
    if word.len() > 64 {
        return None;
    }
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &normalise_key(c)), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over bytes; small inputs only (ids and names).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
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
        assert_eq!(normalise_key("Évasion"), "vasion");
    }

    #[test]
    fn permalinks_reduce_to_their_slug() {
        assert_eq!(strip_permalink("https://owaspai.org/go/evasion/"), "evasion");
        assert_eq!(strip_permalink("https://owaspai.org/goto/detectoddinput/#x"), "detectoddinput");
        assert_eq!(strip_permalink("/goto/threatsuse"), "threatsuse");
        assert_eq!(strip_permalink("evasion"), "evasion");
        assert_eq!(permalink("https://owaspai.org/go/{slug}/", "MONITORUSE"), "https://owaspai.org/go/monitoruse/");
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("evasion", "evasion"), 0);
        assert_eq!(edit_distance("evasoin", "evasion"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
