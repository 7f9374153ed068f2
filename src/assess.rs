//! The applicability engine: answers in, an explained assessment out.
//!
//! It interprets the rules of `catalog/rules.json` over the answers with three-valued logic: a
//! condition is true, false, or open because a question it depends on is unanswered. An open
//! condition never rules anything out; it makes the threat `unknown` and puts the question in
//! the follow-ups. Nothing here panics, whatever the answers.

use crate::assessment::{AssessmentFile, ControlStatus, Treatment};
use crate::catalog::{Catalog, Condition, Effect, List, Text, Threat, ThreatKind};
use crate::json::{object, push_number, Value};
use crate::key_index::KeyIndex;

/// Whether a threat matters for the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Applies,
    Unknown,
    Low,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applies => "applies",
            Status::Unknown => "unknown",
            Status::Low => "low",
            Status::NotApplicable => "not-applicable",
        }
    }

    /// Relevant threats are the ones the register and control selection work with.
    pub fn is_relevant(self) -> bool {
        matches!(self, Status::Applies | Status::Unknown)
    }
}

/// Who must act on a threat or control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Responsibility {
    Own,
    Supplier,
    Shared,
}

impl Responsibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Responsibility::Own => "own",
            Responsibility::Supplier => "supplier",
            Responsibility::Shared => "shared",
        }
    }
}

/// A rule's verdict on the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Truth {
    Yes,
    No,
    /// Open: these questions (positions in the catalog's list) are unanswered.
    Open(Vec<usize>),
}

/// One step in the explanation of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The rule, or `default`.
    pub rule: Text,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThreatResult {
    pub id: Text,
    pub status: Status,
    pub responsibility: Responsibility,
    pub reasons: Vec<Reason>,
    /// Questions whose answer would change this threat's status or responsibility.
    pub open_questions: Vec<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlVerdict {
    Recommended,
    General,
    NotNeeded,
}

impl ControlVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlVerdict::Recommended => "recommended",
            ControlVerdict::General => "general",
            ControlVerdict::NotNeeded => "not-needed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ControlResult {
    pub id: Text,
    pub status: ControlVerdict,
    pub responsibility: Responsibility,
    /// Relevant threats this control addresses.
    pub covers: List<Text>,
    /// Sum of the risk (likelihood × impact) of the threats it covers.
    pub score: u32,
    /// 1 for the control that buys the most; `None` when not needed.
    pub rank: Option<u32>,
    /// From the assessment file, if given.
    pub implementation: Option<ControlStatus>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub id: Text,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub question: String,
    pub why: String,
}

/// One line of the risk register (relevant and low threats).
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    pub threat: Text,
    pub likelihood: u32,
    pub impact: u32,
    /// What the answers suggest, before any override in the file.
    pub suggested_likelihood: u32,
    pub suggested_impact: u32,
    /// Why the suggestion is what it is.
    pub basis: Vec<Text>,
    pub treatment: Option<Treatment>,
    pub owner: Option<String>,
    pub note: Option<String>,
    /// The controls that address it (their status is in the file and in `implemented`).
    pub controls: List<Text>,
    pub inherent: u32,
    pub residual: u32,
    /// How many of `controls` are implemented.
    pub implemented: u32,
}

impl RegisterEntry {
    /// What remains to be accepted, in words.
    pub fn acceptance(&self) -> String {
        let mut out = String::with_capacity(112);
        self.write_acceptance(&mut out);
        out
    }

    /// Writes `acceptance()` at the end of `out`.
    pub fn write_acceptance(&self, out: &mut String) {
        let (residual, inherent, implemented, total) = (self.residual, self.inherent, self.implemented, self.controls.len() as u32);
        // Pieces of text and numbers (written for every line of every result, so no `format!`).
        let mut put = |text: &str, n: u32| {
            out.push_str(text);
            push_number(out, n as usize);
        };
        let end = match self.treatment {
            Some(Treatment::Avoid) => "Avoided: the activity that causes it is not undertaken.",
            Some(Treatment::Accept) => {
                put("Accepted as it is, at ", inherent);
                " of 25."
            }
            Some(Treatment::Transfer) => {
                put("Transferred (for example by contract or insurance); ", inherent);
                " of 25 stays with the party it was transferred to."
            }
            Some(Treatment::Mitigate) => {
                put("", residual);
                put(" of 25 remains to accept with ", implemented);
                put(" of ", total);
                " controls in place."
            }
            None => {
                put("No treatment chosen yet; ", residual);
                put(" of 25 remains with ", implemented);
                put(" of ", total);
                " controls in place."
            }
        };
        out.push_str(end);
    }
}

/// The whole result of an assessment (contract §2, with the register and supplier questions).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub catalog: String,
    pub threats: Vec<ThreatResult>,
    pub controls: Vec<ControlResult>,
    pub flags: Vec<Flag>,
    pub follow_ups: Vec<FollowUp>,
    /// What to verify with suppliers (seed step 3).
    pub assurance: Vec<Text>,
    pub register: Vec<RegisterEntry>,
    /// Set when the file was made with another catalog version or used older ids.
    pub catalog_change: Option<CatalogChange>,
}

/// What changed for this system since the catalog version the file was made with.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogChange {
    pub from: Option<String>,
    pub to: String,
    /// Older ids in the file, read as their current ones: (old, current).
    pub renamed: Vec<(String, String)>,
    /// Threats and controls added to the catalog since the file's version that matter for this
    /// system: relevant threats and recommended controls.
    pub added: Vec<Text>,
    pub text: String,
}

impl Assessment {
    pub fn threat(&self, id: &str) -> Option<&ThreatResult> {
        self.threats.iter().find(|t| t.id == id)
    }

    pub fn control(&self, id: &str) -> Option<&ControlResult> {
        self.controls.iter().find(|c| c.id == id)
    }
}

/// Answers with the questionnaire's logic: questions not asked take their default. Every
/// question's effective value is worked out once; nothing here copies a string.
struct Answers<'a> {
    catalog: &'a Catalog,
    file: &'a AssessmentFile,
    /// Where each condition's questions are in the catalog's list.
    at: &'a Positions,
    /// Per question of the catalog: the effective value, or the unanswered questions in the way.
    values: Vec<Result<&'a str, Vec<usize>>>,
}

impl<'a> Answers<'a> {
    fn new(catalog: &'a Catalog, file: &'a AssessmentFile, at: &'a Positions) -> Answers<'a> {
        let mut answers = Answers { catalog, file, at, values: Vec::with_capacity(catalog.questions.len()) };
        // In catalog order, so that a question asked only after another finds its value here.
        for qi in 0..catalog.questions.len() {
            let value = answers.compute(qi, 0);
            answers.values.push(value);
        }
        answers
    }

    fn position(&self, question: &str) -> Option<usize> {
        self.catalog.questions.iter().position(|q| q.id == question)
    }

    /// The effective value of the question at `qi`, or the unanswered questions in the way.
    fn compute(&self, qi: usize, depth: usize) -> Result<&'a str, Vec<usize>> {
        let (Some(q), Some(ask_at)) = (self.catalog.questions.get(qi), self.at.ask_when.get(qi)) else {
            return Err(Vec::new());
        };
        // The questionnaire is shallow; a deeper chain can only be a cycle.
        let asked = if depth > self.catalog.questions.len() { Truth::Yes } else { self.truth_at(&q.ask_when, ask_at, depth + 1) };
        match (asked, self.file.answer(&q.id), &q.when_not_asked) {
            (Truth::No, _, Some(default)) => Ok(default),
            (_, Some(given), _) => Ok(given),
            (Truth::Open(mut before), None, _) => {
                before.push(qi);
                Err(before)
            }
            (_, None, _) => Err(vec![qi]),
        }
    }

    /// The effective answer to the question at `qi`, if there is one.
    fn value(&self, qi: usize) -> Option<&'a str> {
        match self.values.get(qi) {
            Some(known) => known.as_ref().ok().copied(),
            None => self.compute(qi, 0).ok(),
        }
    }

    /// Whether `condition` holds; `at` has the position of each of its questions.
    fn truth(&self, condition: &Condition, at: &[Option<usize>]) -> Truth {
        self.truth_at(condition, at, 0)
    }

    fn truth_at(&self, condition: &Condition, at: &[Option<usize>], depth: usize) -> Truth {
        let mut open: Vec<usize> = Vec::new();
        for (k, (_, values)) in condition.iter().enumerate() {
            // Not a question of the catalog: never answered, and nothing to ask.
            let Some(qi) = at.get(k).copied().flatten() else { continue };
            // The worked-out value when there is one (no copy), else work it out now.
            let computed;
            let value = match self.values.get(qi) {
                Some(known) => known,
                None => {
                    computed = self.compute(qi, depth);
                    &computed
                }
            };
            match value {
                Ok(v) if values.iter().any(|x| x == v) => {}
                Ok(_) => return Truth::No,
                Err(missing) => {
                    for m in missing {
                        if !open.contains(m) {
                            open.push(*m);
                        }
                    }
                }
            }
        }
        if open.is_empty() {
            Truth::Yes
        } else {
            Truth::Open(open)
        }
    }
}

/// Per condition of the catalog, the position of each of its questions in the catalog's list
/// (`None` for a name that is not a question), so that answers are found without comparing ids.
#[derive(Debug, Clone)]
struct Positions {
    ask_when: Vec<Vec<Option<usize>>>,
    rules: Vec<Vec<Option<usize>>>,
    adjust: Vec<Vec<Option<usize>>>,
    flags: Vec<Vec<Option<usize>>>,
    assurance: Vec<Vec<Option<usize>>>,
}

impl Positions {
    fn new(catalog: &Catalog) -> Positions {
        let of = |c: &Condition| -> Vec<Option<usize>> {
            c.iter().map(|(question, _)| catalog.questions.iter().position(|q| q.id == *question)).collect()
        };
        Positions {
            ask_when: catalog.questions.iter().map(|q| of(&q.ask_when)).collect(),
            rules: catalog.rules.iter().map(|r| of(&r.when)).collect(),
            adjust: catalog.risk.adjust.iter().map(|a| of(&a.when)).collect(),
            flags: catalog.flags.iter().map(|f| of(&f.when)).collect(),
            assurance: catalog.assurance.iter().map(|a| of(&a.when)).collect(),
        }
    }
}

/// The catalog's relations resolved to positions, once per catalog (once per page for the
/// built-in one), so that an assessment is mostly index arithmetic.
#[derive(Debug, Clone)]
struct Plan {
    /// Per threat: is its status decided by rules (a threat, or a group with nothing under it)?
    leaf: Vec<bool>,
    /// Per threat: the leaves under it (itself, for a leaf).
    under: Vec<Vec<usize>>,
    /// Per rule, per threat: does the rule concern it?
    rule_targets: Vec<Vec<bool>>,
    /// Per risk adjustment, per threat: does it apply to it?
    adjust_targets: Vec<Vec<bool>>,
    /// Per risk adjustment: how it reads in the register's basis, e.g. "likelihood +1: …".
    adjust_basis: Vec<String>,
    /// Per threat: the ids of the controls that address it.
    control_ids: Vec<Vec<Text>>,
    /// Per control: the leaves it addresses, in catalog order, and their ids.
    addresses: Vec<Vec<usize>>,
    address_ids: Vec<Vec<Text>>,
    /// Per control: is it a general control that always applies?
    general: Vec<bool>,
    /// Per threat: why it applies when no rule says anything about it.
    default_reasons: Vec<String>,
    /// Per rule: its reason while a question it depends on is open (said as a possibility).
    open_texts: Vec<String>,
    /// Per question, per option: why a threat stays on the list, answered and not asked.
    stays: Vec<Vec<[String; 2]>>,
    /// Where the questions of every condition are.
    at: Positions,
}

impl Plan {
    /// Linear in the catalog's size (times the depth of the threat tree): ids are resolved to
    /// positions once, and "is within" becomes a walk up a short chain of positions.
    fn new(catalog: &Catalog) -> Plan {
        let threats = &catalog.threats;
        let n = threats.len();
        let threat_ids: Vec<&str> = threats.iter().map(|t| &*t.id).collect();
        let position = KeyIndex::of(&threat_ids);
        let position_of = |id: &str| position.get(id, |p| threat_ids[p]);
        let parent: Vec<Option<usize>> = threats.iter().map(|t| t.parent.as_deref().and_then(position_of)).collect();
        // Each threat, then its parents up to the section (stopping should parents form a cycle,
        // which the catalog's validation rejects anyway).
        let chains: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                let mut chain = vec![i];
                let mut next = parent[i];
                while let Some(p) = next.filter(|p| !chain.contains(p)) {
                    chain.push(p);
                    next = parent[p];
                }
                chain
            })
            .collect();
        let mut has_child = vec![false; n];
        for &p in parent.iter().flatten() {
            has_child[p] = true;
        }
        // A threat, or a group with nothing under it (see `is_leaf`).
        let leaf: Vec<bool> = threats
            .iter()
            .zip(&has_child)
            .map(|(t, &has_child)| t.kind == ThreatKind::Threat || (t.kind == ThreatKind::Group && !has_child))
            .collect();
        let mut under: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in (0..n).filter(|&i| leaf[i]) {
            for &a in &chains[i] {
                under[a].push(i);
            }
        }
        // Per threat: does `ids` name it or one of its parents?
        let within = |ids: &[Text]| -> Vec<bool> {
            let named: Vec<usize> = ids.iter().filter_map(|id| position_of(id)).collect();
            chains.iter().map(|chain| chain.iter().any(|a| named.contains(a))).collect()
        };
        let rule_targets = catalog.rules.iter().map(|r| within(&r.threats)).collect();
        let adjust_targets = catalog
            .risk
            .adjust
            .iter()
            .map(|a| {
                let named = within(&a.threats);
                threats
                    .iter()
                    .zip(named)
                    .map(|(t, named)| {
                        a.lifecycle == Some(t.lifecycle) || named || t.impacts.iter().any(|x| a.impacts.iter().any(|y| y == x))
                    })
                    .collect()
            })
            .collect();
        let signed = |n: i32| if n < 0 { n.to_string() } else { format!("+{n}") };
        let adjust_basis = catalog
            .risk
            .adjust
            .iter()
            .map(|a| {
                let mut steps = Vec::new();
                if a.likelihood != 0 {
                    steps.push(format!("likelihood {}", signed(a.likelihood)));
                }
                if a.impact != 0 {
                    steps.push(format!("impact {}", signed(a.impact)));
                }
                format!("{}: {}", steps.join(", "), a.reason)
            })
            .collect();
        let control_ids: Vec<&str> = catalog.controls.iter().map(|c| &*c.id).collect();
        let control_position = KeyIndex::of(&control_ids);
        // Per threat: the controls that address it, as positions in the catalog's control list.
        let controls: Vec<Vec<usize>> = threats
            .iter()
            .map(|t| controls_of(catalog, &t.id).iter().filter_map(|id| control_position.get(id, |p| control_ids[p])).collect())
            .collect();
        let mut addresses: Vec<Vec<usize>> = vec![Vec::new(); catalog.controls.len()];
        for ti in (0..n).filter(|&ti| leaf[ti]) {
            for &ci in &controls[ti] {
                if addresses[ci].last() != Some(&ti) {
                    addresses[ci].push(ti);
                }
            }
        }
        let general_sets: Vec<_> = catalog.control_sets.iter().filter(|s| s.id == GENERAL_SET).collect();
        let general = catalog.controls.iter().map(|c| general_sets.iter().any(|s| s.members.contains(&c.id))).collect();
        let default_reasons = threats.iter().map(|t| default_reason(catalog, t)).collect();
        // A rule whose question is still open is said as a possibility, since the user has not
        // given the answer it assumes: it may rule the threat out, rate it low, or hand it to a
        // supplier (or share it). A rule that only explains why a threat applies is never open.
        let open_texts = catalog
            .rules
            .iter()
            .map(|r| {
                let lead = match r.effect {
                    Effect::Exclude => "May not apply, depending on open questions: ",
                    Effect::Low => "May be rated low, depending on open questions: ",
                    Effect::Supplier => "Yours for now; the supplier's if your answers confirm: ",
                    Effect::Shared => "Yours for now; shared with the supplier if your answers confirm: ",
                    Effect::Applies => return String::new(),
                };
                format!("{lead}{}", r.reason)
            })
            .collect();
        let stays = catalog
            .questions
            .iter()
            .map(|q| {
                // An answer is quoted as the user saw it: by its label (a catalog without labels
                // falls back to the value).
                q.options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let label = q.labels.get(i).unwrap_or(o);
                        [stays_text(&q.text, label, true), stays_text(&q.text, label, false)]
                    })
                    .collect()
            })
            .collect();
        let at = Positions::new(catalog);
        let control_ids = controls.iter().map(|list| list.iter().map(|&ci| catalog.controls[ci].id.clone()).collect()).collect();
        let address_ids = addresses.iter().map(|list| list.iter().map(|&ti| threats[ti].id.clone()).collect()).collect();
        Plan {
            leaf,
            under,
            rule_targets,
            adjust_targets,
            adjust_basis,
            control_ids,
            addresses,
            address_ids,
            general,
            default_reasons,
            open_texts,
            stays,
            at,
        }
    }

    /// The plan for `catalog`: computed once for the built-in catalog, afresh for any other.
    fn of(catalog: &Catalog) -> std::borrow::Cow<'static, Plan> {
        static BUILTIN: std::sync::OnceLock<Plan> = std::sync::OnceLock::new();
        if std::ptr::eq(catalog, crate::builtin_catalog()) {
            std::borrow::Cow::Borrowed(BUILTIN.get_or_init(|| Plan::new(catalog)))
        } else {
            std::borrow::Cow::Owned(Plan::new(catalog))
        }
    }
}

/// For a condition that does not hold: the answer that makes it fail, in words.
#[allow(clippy::ptr_arg)] // `&Cow`: see `from_plan`
fn deciding_answer(answers: &Answers, plan: &std::borrow::Cow<'static, Plan>, condition: &Condition, at: &[Option<usize>]) -> Option<Text> {
    condition.iter().zip(at).find_map(|((question, values), &qi)| {
        let qi = qi?;
        let v = answers.value(qi)?;
        if values.iter().any(|x| *x == v) {
            return None;
        }
        let answered = answers.file.answer(question).is_some();
        let q = &answers.catalog.questions[qi];
        Some(match q.options.iter().position(|o| *o == v) {
            Some(oi) => from_plan(plan, |p| p.stays[qi][oi][usize::from(!answered)].as_str()),
            None => Text::Owned(stays_text(&q.text, v, answered)),
        })
    })
}

/// Why a threat stays on the list although a rule could have removed it.
fn stays_text(question: &str, value: &str, answered: bool) -> String {
    if answered {
        format!("Stays on your list: you answered \"{value}\" to \"{question}\"")
    } else {
        format!("Stays on your list: \"{question}\" does not arise for your system (counts as \"{value}\")")
    }
}

/// A text or list the plan keeps, for a result: borrowed from the built-in catalog's plan (which
/// lives as long as the program), copied from any other.
// `&Cow`, not `&Plan`: whether the plan is borrowed says whether its texts live as long as the
// program (the built-in catalog's), so that results can borrow them.
#[allow(clippy::ptr_arg)]
fn from_plan<T: ToOwned + ?Sized>(plan: &std::borrow::Cow<'static, Plan>, pick: impl Fn(&Plan) -> &T) -> std::borrow::Cow<'static, T> {
    match plan {
        std::borrow::Cow::Borrowed(p) => std::borrow::Cow::Borrowed(pick(p)),
        std::borrow::Cow::Owned(p) => std::borrow::Cow::Owned(pick(p).to_owned()),
    }
}

/// Threats whose status comes from rules: threats, and groups without threats under them.
fn is_leaf(catalog: &Catalog, t: &Threat) -> bool {
    t.kind == ThreatKind::Threat || (t.kind == ThreatKind::Group && !catalog.threats.iter().any(|x| x.parent.as_deref() == Some(&*t.id)))
}

fn push_unique<T: PartialEq + Clone>(list: &mut Vec<T>, items: &[T]) {
    for i in items {
        if !list.contains(i) {
            list.push(i.clone());
        }
    }
}

/// Per rule: its verdict, and for a rule that does not hold, the answer that makes it fail.
struct Verdicts {
    truths: Vec<Truth>,
    deciding: Vec<Option<Text>>,
}

/// Lists of rule and question positions that `leaf_result` fills afresh for every threat, kept
/// between threats so that their memory is reused.
#[derive(Default)]
struct Scratch {
    excluded: Vec<usize>,
    lowered: Vec<usize>,
    applying: Vec<usize>,
    /// Rules that an open question could still make exclude, lower or hand over the threat.
    open: Vec<usize>,
    responsibility_reasons: Vec<usize>,
    open_questions: Vec<usize>,
}

#[allow(clippy::ptr_arg)] // `&Cow`: see `from_plan`
fn leaf_result(
    catalog: &Catalog,
    plan: &std::borrow::Cow<'static, Plan>,
    verdicts: &Verdicts,
    scratch: &mut Scratch,
    ti: usize,
) -> ThreatResult {
    let truths = &verdicts.truths;
    let t = &catalog.threats[ti];
    let Scratch { excluded, lowered, applying, open, responsibility_reasons, open_questions } = scratch;
    for list in [&mut *excluded, &mut *lowered, &mut *applying, &mut *open, &mut *responsibility_reasons, &mut *open_questions] {
        list.clear();
    }
    let mut responsibility = Responsibility::Own;
    let mut kept: Vec<Reason> = Vec::new();
    for (ri, rule) in catalog.rules.iter().enumerate() {
        if !plan.rule_targets[ri][ti] {
            continue;
        }
        match (&truths[ri], rule.effect) {
            (Truth::No, Effect::Exclude | Effect::Low) => {
                // Say which answer keeps the threat on the list.
                if let Some(text) = &verdicts.deciding[ri] {
                    if !kept.iter().any(|k| k.text == *text) {
                        kept.push(Reason { rule: rule.id.clone(), text: text.clone() });
                    }
                }
            }
            (Truth::No, _) => {}
            (Truth::Yes, Effect::Exclude) => excluded.push(ri),
            (Truth::Yes, Effect::Low) => lowered.push(ri),
            (Truth::Yes, Effect::Applies) => applying.push(ri),
            (Truth::Yes, Effect::Supplier) => {
                responsibility = Responsibility::Supplier;
                responsibility_reasons.push(ri);
            }
            (Truth::Yes, Effect::Shared) => {
                if responsibility == Responsibility::Own {
                    responsibility = Responsibility::Shared;
                }
                responsibility_reasons.push(ri);
            }
            // Explains nothing yet; changes nothing either way.
            (Truth::Open(_), Effect::Applies) => {}
            (Truth::Open(questions), _) => {
                push_unique(open_questions, questions);
                open.push(ri);
            }
        }
    }
    let rules = &catalog.rules;
    let reason = |ri: &usize| Reason { rule: rules[*ri].id.clone(), text: rules[*ri].reason.clone() };
    let settles = |ri: &&usize| matches!(rules[**ri].effect, Effect::Exclude | Effect::Low);
    let mut reasons: Vec<Reason>;
    let room = applying.len() + kept.len() + responsibility_reasons.len() + open.len() + 1;
    let status = if !excluded.is_empty() {
        reasons = excluded.iter().map(reason).collect();
        Status::NotApplicable
    } else if !lowered.is_empty() {
        reasons = lowered.iter().map(reason).collect();
        Status::Low
    } else if open.iter().any(|ri| settles(&ri)) {
        reasons = Vec::with_capacity(room);
        reasons.extend(
            open.iter()
                .filter(settles)
                .map(|&ri| Reason { rule: rules[ri].id.clone(), text: from_plan(plan, |p| p.open_texts[ri].as_str()) }),
        );
        reasons.extend(applying.iter().map(reason));
        Status::Unknown
    } else {
        reasons = Vec::with_capacity(room);
        reasons.extend(applying.iter().map(reason));
        reasons.extend(kept);
        if reasons.is_empty() {
            reasons.push(Reason { rule: Text::Borrowed("default"), text: from_plan(plan, |p| p.default_reasons[ti].as_str()) });
        }
        Status::Applies
    };
    if status.is_relevant() || status == Status::Low {
        reasons.extend(responsibility_reasons.iter().map(reason));
        for &ri in open.iter().filter(|ri| matches!(rules[**ri].effect, Effect::Supplier | Effect::Shared)) {
            reasons.push(Reason { rule: rules[ri].id.clone(), text: from_plan(plan, |p| p.open_texts[ri].as_str()) });
        }
    }
    if status == Status::NotApplicable {
        open_questions.clear(); // settled whatever the open questions say
    }
    let open_questions = open_questions.iter().map(|&qi| catalog.questions[qi].id.clone()).collect();
    ThreatResult { id: t.id.clone(), status, responsibility, reasons, open_questions }
}

fn default_reason(catalog: &Catalog, t: &Threat) -> String {
    let when = catalog.lifecycles.iter().find(|l| l.id == t.lifecycle).map(|l| l.name.to_ascii_lowercase()).unwrap_or_default();
    let kinds = match (t.applies_to.predictive, t.applies_to.genai) {
        (true, true) => "both predictive and generative AI",
        (false, true) => "generative AI",
        (true, false) => "predictive AI",
        (false, false) => "AI systems",
    };
    format!("Nothing in your answers rules this out: it threatens {kinds} ({when}), so it stays on your list.")
}

/// Groups and sections take the most relevant status of what is under them.
fn group_result<'r>(t: &Threat, under: impl Iterator<Item = &'r ThreatResult> + Clone) -> ThreatResult {
    let status = under.clone().map(|r| r.status).min().unwrap_or(Status::NotApplicable);
    let count = |s: Status| under.clone().filter(|r| r.status == s).count();
    // You must act if you must act on any of them; the supplier only if on all of them.
    let responsibility = {
        let mut relevant = under.clone().filter(|r| r.status == status).map(|r| r.responsibility);
        if relevant.clone().next().is_none() || relevant.clone().any(|r| r == Responsibility::Own) {
            Responsibility::Own
        } else if relevant.all(|r| r == Responsibility::Supplier) {
            Responsibility::Supplier
        } else {
            Responsibility::Shared
        }
    };
    // Written piece by piece: `format!` with five numbers took a third of this function's time.
    let mut text = String::with_capacity(96);
    let (members, applying) = (under.clone().count(), count(Status::Applies));
    let parts = [
        ("Summarises the ", members),
        (if members == 1 { " threat under it: " } else { " threats under it: " }, applying),
        (if applying == 1 { " applies, " } else { " apply, " }, count(Status::Unknown)),
        (" unknown, ", count(Status::Low)),
        (" low, ", count(Status::NotApplicable)),
    ];
    for (words, number) in parts {
        text.push_str(words);
        push_number(&mut text, number);
    }
    text.push_str(" not applicable.");
    let mut open_questions = Vec::new();
    for r in under {
        push_unique(&mut open_questions, &r.open_questions);
    }
    ThreatResult {
        id: t.id.clone(),
        status,
        responsibility,
        reasons: vec![Reason { rule: Text::Borrowed("group"), text: Text::Owned(text) }],
        open_questions,
    }
}

/// Every control that addresses a threat: its own lists, its sets, what it inherits, and the
/// controls of the groups and sections above it.
pub fn controls_of(catalog: &Catalog, threat: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let add = |out: &mut Vec<String>, ids: &[crate::catalog::Text]| {
        for id in ids {
            if !out.iter().any(|x| x == id.as_ref()) {
                out.push(id.to_string());
            }
        }
    };
    let direct = |out: &mut Vec<String>, t: &Threat| {
        add(out, &t.controls);
        if let Some(p) = &t.periodic_table_controls {
            add(out, p);
        }
        if let Some(b) = &t.controls_by_party {
            add(out, &b.supplier);
            add(out, &b.producer);
        }
        for set in t.control_sets.iter() {
            if let Some(s) = catalog.control_sets.iter().find(|s| s.id == *set) {
                add(out, &s.members);
            }
        }
    };
    let Some(t) = catalog.threat(threat) else { return out };
    let mut next = Some(t);
    let mut steps = 0;
    while let Some(x) = next {
        direct(&mut out, x);
        steps += 1;
        next = if steps > catalog.threats.len() { None } else { x.parent.as_deref().and_then(|p| catalog.threat(p)) };
    }
    if let Some(i) = &t.inherits_controls {
        let mut inherited = Vec::new();
        if let Some(from) = catalog.threat(&i.from) {
            direct(&mut inherited, from);
        }
        inherited.retain(|c| !i.except.iter().any(|e| e == c.as_str()));
        for plus in i.plus.iter() {
            if let Some(p) = catalog.threat(plus) {
                direct(&mut inherited, p);
            }
        }
        for c in inherited {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Suggested likelihood and impact, with the reasons for each step away from the base.
#[allow(clippy::ptr_arg)] // `&Cow`: see `from_plan`
fn suggest(catalog: &Catalog, plan: &std::borrow::Cow<'static, Plan>, holds: &[bool], ti: usize, status: Status) -> (u32, u32, Vec<Text>) {
    let risk = &catalog.risk;
    let (mut l, mut i) = (risk.likelihood as i32, risk.impact as i32);
    let mut basis = Vec::with_capacity(risk.adjust.len() + 1);
    for (ai, a) in risk.adjust.iter().enumerate() {
        if plan.adjust_targets[ai][ti] && holds[ai] {
            l += a.likelihood;
            i += a.impact;
            basis.push(from_plan(plan, |p| p.adjust_basis[ai].as_str()));
        }
    }
    if status == Status::Low {
        l = 1;
        basis.push(Text::Borrowed("likelihood 1: rated low to zero for this kind of system"));
    }
    (l.clamp(1, 5) as u32, i.clamp(1, 5) as u32, basis)
}

const GENERAL_SET: &str = "governancecontrols";

/// Assesses a system described by `file` against `catalog`.
pub fn assess(catalog: &Catalog, file: &AssessmentFile) -> Assessment {
    let plan = Plan::of(catalog);
    let answers = Answers::new(catalog, file, &plan.at);
    let truths: Vec<Truth> = catalog.rules.iter().zip(&plan.at.rules).map(|(r, at)| answers.truth(&r.when, at)).collect();
    let deciding = catalog
        .rules
        .iter()
        .zip(&truths)
        .zip(&plan.at.rules)
        .map(|((r, t), at)| {
            if *t == Truth::No && matches!(r.effect, Effect::Exclude | Effect::Low) {
                deciding_answer(&answers, &plan, &r.when, at)
            } else {
                None
            }
        })
        .collect();
    let verdicts = Verdicts { truths, deciding };
    let holds: Vec<bool> =
        catalog.risk.adjust.iter().zip(&plan.at.adjust).map(|(a, at)| matches!(answers.truth(&a.when, at), Truth::Yes)).collect();
    let n = catalog.threats.len();
    let mut scratch = Scratch::default();
    // Leaves first, then the groups that summarise them; every threat in catalog order, moved
    // rather than copied.
    let mut results: Vec<Option<ThreatResult>> =
        (0..n).map(|ti| plan.leaf[ti].then(|| leaf_result(catalog, &plan, &verdicts, &mut scratch, ti))).collect();
    for ti in (0..n).filter(|&ti| !plan.leaf[ti]) {
        let group = group_result(&catalog.threats[ti], plan.under[ti].iter().filter_map(|&i| results[i].as_ref()));
        results[ti] = Some(group);
    }
    let mut threats: Vec<ThreatResult> = Vec::with_capacity(n);
    threats.extend(results.into_iter().flatten());
    let leaf_result_at = |ti: usize| plan.leaf[ti].then(|| &threats[ti]);
    // (position, result) of every leaf, in catalog order.
    let mut leaves: Vec<(usize, &ThreatResult)> = Vec::with_capacity(n);
    leaves.extend((0..n).filter_map(|ti| leaf_result_at(ti).map(|r| (ti, r))));

    // The register: every relevant or low leaf threat, with suggested and chosen levels.
    let mut register = Vec::with_capacity(leaves.len());
    let mut risk_by_threat = vec![0u32; n];
    for &(ti, r) in leaves.iter().filter(|(_, r)| r.status.is_relevant() || r.status == Status::Low) {
        let (sl, si, basis) = suggest(catalog, &plan, &holds, ti, r.status);
        let input = file.risk(&r.id);
        let likelihood = input.and_then(|x| x.likelihood).unwrap_or(sl);
        let impact = input.and_then(|x| x.impact).unwrap_or(si);
        // The ids come from the plan: borrowed, not copied, for the built-in catalog.
        let controls: List<Text> = from_plan(&plan, |p| p.control_ids[ti].as_slice());
        let treatment = input.and_then(|x| x.treatment);
        let implemented =
            controls.iter().filter(|id| file.control(id).and_then(|x| x.status) == Some(ControlStatus::Implemented)).count() as u32;
        let inherent = likelihood * impact;
        risk_by_threat[ti] = inherent;
        let residual = match treatment {
            Some(Treatment::Avoid) => 0,
            Some(Treatment::Accept | Treatment::Transfer) => inherent,
            // Each implemented control lowers the likelihood one step, to no less than 1.
            Some(Treatment::Mitigate) | None => likelihood.saturating_sub(implemented).max(1) * impact,
        };
        register.push(RegisterEntry {
            threat: r.id.clone(),
            likelihood,
            impact,
            suggested_likelihood: sl,
            suggested_impact: si,
            basis,
            treatment,
            owner: input.and_then(|x| x.owner.clone()),
            note: input.and_then(|x| x.note.clone()),
            controls,
            inherent,
            residual,
            implemented,
        });
    }

    // Controls: what each addresses among the relevant threats, ranked by the risk it covers.
    let relevant: Vec<bool> = threats.iter().map(|t| t.status.is_relevant()).collect();
    let mut controls: Vec<ControlResult> = catalog
        .controls
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            // One pass for the numbers, then the list, allocated at its size.
            let (mut count, mut score, mut any_own, mut all_supplier) = (0, 0, false, true);
            for &ti in plan.addresses[ci].iter().filter(|&&ti| relevant[ti]) {
                count += 1;
                score += risk_by_threat[ti];
                any_own |= threats[ti].responsibility == Responsibility::Own;
                all_supplier &= threats[ti].responsibility == Responsibility::Supplier;
            }
            // When every threat it addresses is relevant, the plan's list is the answer (borrowed,
            // not copied, for the built-in catalog).
            let covers: List<Text> = if count == plan.addresses[ci].len() {
                from_plan(&plan, |p| p.address_ids[ci].as_slice())
            } else {
                let mut covers = Vec::with_capacity(count);
                covers.extend(plan.addresses[ci].iter().filter(|&&ti| relevant[ti]).map(|&ti| threats[ti].id.clone()));
                List::Owned(covers)
            };
            let status = if plan.general[ci] {
                ControlVerdict::General
            } else if count == 0 {
                ControlVerdict::NotNeeded
            } else {
                ControlVerdict::Recommended
            };
            let responsibility = if count == 0 || any_own {
                Responsibility::Own
            } else if all_supplier {
                Responsibility::Supplier
            } else {
                Responsibility::Shared
            };
            ControlResult {
                id: c.id.clone(),
                status,
                responsibility,
                covers,
                score,
                rank: None,
                implementation: file.control(&c.id).and_then(|x| x.status),
            }
        })
        .collect();
    // Rank: general controls first, then by covered risk, then by how many threats, then catalog
    // order (the keys worked out once, not in every comparison).
    let mut order: Vec<(bool, std::cmp::Reverse<u32>, std::cmp::Reverse<usize>, usize)> = controls
        .iter()
        .enumerate()
        .filter(|(_, c)| c.status != ControlVerdict::NotNeeded)
        .map(|(i, c)| (c.status != ControlVerdict::General, std::cmp::Reverse(c.score), std::cmp::Reverse(c.covers.len()), i))
        .collect();
    sort_by_key(&mut order, |&k| k);
    for (rank, &(.., i)) in order.iter().enumerate() {
        controls[i].rank = Some(rank as u32 + 1);
    }

    // Flags and follow-ups: per question (its position), what its answer decides.
    let mut flags = Vec::new();
    let mut follow_ups: Vec<(usize, Vec<Text>)> = Vec::new();
    let note =
        |question: usize, what: Text, follow_ups: &mut Vec<(usize, Vec<Text>)>| match follow_ups.iter_mut().find(|(q, _)| *q == question) {
            Some((_, list)) => {
                if !list.contains(&what) {
                    list.push(what);
                }
            }
            None => follow_ups.push((question, vec![what])),
        };
    for (f, at) in catalog.flags.iter().zip(&plan.at.flags) {
        match answers.truth(&f.when, at) {
            Truth::Yes => flags.push(Flag { id: f.id.clone(), text: f.text.clone() }),
            Truth::No => {}
            Truth::Open(questions) => {
                for q in questions {
                    note(q, Text::Owned(format!("whether the \"{}\" warning applies", f.id.replace('-', " "))), &mut follow_ups);
                }
            }
        }
    }
    for &(ti, r) in &leaves {
        for q in &r.open_questions {
            if let Some(qi) = answers.position(q) {
                note(qi, catalog.threats[ti].name.clone(), &mut follow_ups);
            }
        }
    }
    let mut assurance = Vec::new();
    let has_supplier = leaves.iter().any(|(_, r)| r.status.is_relevant() && r.responsibility != Responsibility::Own);
    for (a, at) in catalog.assurance.iter().zip(&plan.at.assurance) {
        match answers.truth(&a.when, at) {
            Truth::Yes if has_supplier => assurance.push(a.text.clone()),
            Truth::Open(questions) => {
                for q in questions {
                    note(q, Text::Borrowed("what to ask your suppliers"), &mut follow_ups);
                }
            }
            _ => {}
        }
    }
    sort_by_key(&mut follow_ups, |(q, _)| *q);
    let follow_ups = follow_ups
        .into_iter()
        .map(|(question, what)| {
            let why = format!("Your answer decides {}.", join_limited(&what, 6));
            FollowUp { question: catalog.questions[question].id.to_string(), why }
        })
        .collect();

    let catalog_change = catalog_change(catalog, file, &threats, &controls);
    Assessment { catalog: catalog.version.to_string(), threats, controls, flags, follow_ups, assurance, register, catalog_change }
}

fn catalog_change(catalog: &Catalog, file: &AssessmentFile, threats: &[ThreatResult], controls: &[ControlResult]) -> Option<CatalogChange> {
    let other_version = file.catalog.as_deref().filter(|v| *v != catalog.version);
    if other_version.is_none() && file.migrated.is_empty() {
        return None;
    }
    let mut text = match other_version {
        Some(v) => format!("Made with catalog {v}, assessed with {}.", catalog.version),
        None => format!("Assessed with catalog {}.", catalog.version),
    };
    for (old, new) in &file.migrated {
        text.push_str(&format!(" '{old}' is now '{new}'."));
    }
    // Entries newer than the file's catalog version that matter for this system.
    let mut added: Vec<Text> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    if let Some(v) = other_version {
        let newer = |since: &Option<Text>| since.as_deref().is_some_and(|s| s > v);
        for (t, r) in catalog.threats.iter().zip(threats) {
            if newer(&t.since) && r.status.is_relevant() {
                added.push(t.id.clone());
                names.push(format!("{} (threat, {})", t.name, r.status.as_str()));
            }
        }
        for (c, r) in catalog.controls.iter().zip(controls) {
            if newer(&c.since) && r.status != ControlVerdict::NotNeeded {
                added.push(c.id.clone());
                names.push(format!("{} (control)", c.name));
            }
        }
        if names.is_empty() {
            text.push_str(&format!(" Nothing added to the catalog since {v} matters for this system."));
        } else {
            text.push_str(&format!(" New since {v} and relevant for this system: {}.", names.join(", ")));
        }
    }
    Some(CatalogChange { from: file.catalog.clone(), to: catalog.version.to_string(), renamed: file.migrated.clone(), added, text })
}

/// One threat or control whose verdict differs between two assessments.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: String,
    pub from: String,
    pub to: String,
    /// Why it is what it is now.
    pub why: Vec<String>,
}

/// What changes between two assessments of a system (what-if).
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// Answers that differ: (question, before, after); `None` is unknown.
    pub answers: Vec<(String, Option<String>, Option<String>)>,
    pub threats: Vec<Change>,
    pub controls: Vec<Change>,
    pub flags_added: Vec<String>,
    pub flags_removed: Vec<String>,
    /// One sentence, e.g. "Answering … removed 2 threats and added 1."
    pub summary: String,
}

/// Compares the assessments of two answer sets (or two versions of one file).
pub fn diff(catalog: &Catalog, a: &AssessmentFile, b: &AssessmentFile) -> Diff {
    let (ra, rb) = (assess(catalog, a), assess(catalog, b));
    let answers: Vec<(String, Option<String>, Option<String>)> = catalog
        .questions
        .iter()
        .filter_map(|q| {
            let (x, y) = (a.answer(&q.id), b.answer(&q.id));
            (x != y).then(|| (q.id.to_string(), x.map(String::from), y.map(String::from)))
        })
        .collect();
    let mut threats = Vec::new();
    for (x, y) in ra.threats.iter().zip(&rb.threats) {
        if x.status != y.status || x.responsibility != y.responsibility {
            let show = |t: &ThreatResult| format!("{} ({})", t.status.as_str(), t.responsibility.as_str());
            threats.push(Change {
                id: y.id.to_string(),
                from: show(x),
                to: show(y),
                why: y.reasons.iter().map(|r| r.text.to_string()).collect(),
            });
        }
    }
    let mut controls = Vec::new();
    for (x, y) in ra.controls.iter().zip(&rb.controls) {
        if x.status != y.status || x.covers != y.covers {
            let why = vec![format!("Now covers {} relevant threats (before: {}).", y.covers.len(), x.covers.len())];
            controls.push(Change { id: y.id.to_string(), from: x.status.as_str().into(), to: y.status.as_str().into(), why });
        }
    }
    let ids = |r: &Assessment| r.flags.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    let (fa, fb) = (ids(&ra), ids(&rb));
    let flags_added: Vec<String> = fb.iter().filter(|f| !fa.contains(f)).map(|f| f.to_string()).collect();
    let flags_removed: Vec<String> = fa.iter().filter(|f| !fb.contains(f)).map(|f| f.to_string()).collect();
    let leaf = |id: &str| catalog.threat(id).is_some_and(|t| is_leaf(catalog, t));
    let was = |r: &Assessment, id: &str| r.threat(id).is_some_and(|t| t.status.is_relevant());
    let added = threats.iter().filter(|c| leaf(&c.id) && !was(&ra, &c.id) && was(&rb, &c.id)).count();
    let removed = threats.iter().filter(|c| leaf(&c.id) && was(&ra, &c.id) && !was(&rb, &c.id)).count();
    let answered: Vec<String> = answers.iter().map(|(q, _, after)| format!("{q}: {}", after.as_deref().unwrap_or("unknown"))).collect();
    let summary = format!(
        "{} removed {removed} threat{} and added {added}.",
        if answered.is_empty() { "No answer changed; this".to_string() } else { format!("Answering {}", join_limited(&answered, 4)) },
        if removed == 1 { "" } else { "s" }
    );
    Diff { answers, threats, controls, flags_added, flags_removed, summary }
}

impl Diff {
    pub fn to_value(&self) -> Value {
        let change = |c: &Change| {
            object([
                ("id", c.id.as_str().into()),
                ("from", c.from.as_str().into()),
                ("to", c.to.as_str().into()),
                ("why", c.why.iter().map(String::as_str).collect()),
            ])
        };
        object([
            (
                "answers",
                self.answers
                    .iter()
                    .map(|(q, a, b)| object([("question", q.as_str().into()), ("from", a.as_deref().into()), ("to", b.as_deref().into())]))
                    .collect(),
            ),
            ("threats", Value::Array(self.threats.iter().map(change).collect())),
            ("controls", Value::Array(self.controls.iter().map(change).collect())),
            ("flagsAdded", self.flags_added.iter().map(String::as_str).collect()),
            ("flagsRemoved", self.flags_removed.iter().map(String::as_str).collect()),
            ("summary", self.summary.as_str().into()),
        ])
    }
}

/// A stable insertion sort: the lists here have at most a few dozen items, and the standard
/// library's sorts weigh several kilobytes of WebAssembly for each use.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn join_limited<T: AsRef<str>>(items: &[T], max: usize) -> String {
    let mut parts: Vec<String> = items.iter().take(max).map(|x| x.as_ref().to_string()).collect();
    if items.len() > max {
        parts.push(format!("{} more", items.len() - max));
    }
    match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

impl Assessment {
    /// The result as JSON text (contract §2), written directly (no intermediate tree).
    pub fn to_json(&self) -> String {
        use crate::json::{write_string, ObjectWriter};
        let mut out = String::with_capacity(40 * 1024);
        let mut top = ObjectWriter::new(&mut out);
        top.str("catalog", &self.catalog);
        top.list("threats", &self.threats, |out, t| {
            let mut o = ObjectWriter::new(out);
            o.str("id", &t.id).str("status", t.status.as_str()).str("responsibility", t.responsibility.as_str());
            o.list("reasons", &t.reasons, |out, r| {
                let mut x = ObjectWriter::new(out);
                x.str("rule", &r.rule).str("text", &r.text);
                x.end();
            });
            o.list("openQuestions", &t.open_questions, |out, q| write_string(out, q));
            o.end();
        });
        top.list("controls", &self.controls, |out, c| {
            let mut o = ObjectWriter::new(out);
            o.str("id", &c.id).str("status", c.status.as_str()).str("responsibility", c.responsibility.as_str());
            o.list("covers", c.covers.iter(), |out, t| write_string(out, t));
            o.num("score", c.score).opt_num("rank", c.rank).opt_str("implementation", c.implementation.map(ControlStatus::as_str));
            o.end();
        });
        top.list("flags", &self.flags, |out, f| {
            let mut o = ObjectWriter::new(out);
            o.str("id", &f.id).str("text", &f.text);
            o.end();
        });
        top.list("followUps", &self.follow_ups, |out, f| {
            let mut o = ObjectWriter::new(out);
            o.str("question", &f.question).str("why", &f.why);
            o.end();
        });
        top.list("assurance", &self.assurance, |out, a| write_string(out, a));
        top.list("register", &self.register, |out, e| {
            let mut o = ObjectWriter::new(out);
            o.str("threat", &e.threat).num("likelihood", e.likelihood).num("impact", e.impact);
            {
                let mut s = ObjectWriter::new(o.key("suggested"));
                s.num("likelihood", e.suggested_likelihood).num("impact", e.suggested_impact);
                s.end();
            }
            o.list("basis", &e.basis, |out, b| write_string(out, b));
            o.opt_str("treatment", e.treatment.map(Treatment::as_str))
                .opt_str("owner", e.owner.as_deref())
                .opt_str("note", e.note.as_deref());
            // Ids only: each control's status is in `controls[].implementation`.
            o.list("controls", e.controls.iter(), |out, id| write_string(out, id));
            o.num("implemented", e.implemented);
            o.num("inherent", e.inherent).num("residual", e.residual).str("acceptance", &e.acceptance());
            o.end();
        });
        match &self.catalog_change {
            None => top.key("catalogChange").push_str("null"),
            Some(c) => {
                let mut o = ObjectWriter::new(top.key("catalogChange"));
                o.opt_str("from", c.from.as_deref()).str("to", &c.to);
                o.list("renamed", &c.renamed, |out, (a, b)| {
                    let mut r = ObjectWriter::new(out);
                    r.str("from", a).str("to", b);
                    r.end();
                });
                o.list("added", &c.added, |out, id| write_string(out, id));
                o.str("text", &c.text);
                o.end();
            }
        }
        top.end();
        out
    }
}
