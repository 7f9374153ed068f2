//! The applicability engine: answers in, an explained assessment out.
//!
//! It interprets the rules of `catalog/rules.json` over the answers with three-valued logic: a
//! condition is true, false, or open because a question it depends on is unanswered. An open
//! condition never rules anything out; it makes the threat `unknown` and puts the question in
//! the follow-ups. Nothing here panics, whatever the answers.

use crate::assessment::{AssessmentFile, ControlStatus, Treatment};
use crate::catalog::{Catalog, Condition, Effect, Rule, Threat, ThreatKind};
use crate::json::{object, Value};

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
    /// Open: these questions are unanswered.
    Open(Vec<String>),
}

/// One step in the explanation of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The rule, or `default`.
    pub rule: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThreatResult {
    pub id: String,
    pub status: Status,
    pub responsibility: Responsibility,
    pub reasons: Vec<Reason>,
    /// Questions whose answer would change this threat's status or responsibility.
    pub open_questions: Vec<String>,
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
    pub id: String,
    pub status: ControlVerdict,
    pub responsibility: Responsibility,
    /// Relevant threats this control addresses.
    pub covers: Vec<String>,
    /// Sum of the risk (likelihood × impact) of the threats it covers.
    pub score: u32,
    /// 1 for the control that buys the most; `None` when not needed.
    pub rank: Option<u32>,
    /// From the assessment file, if given.
    pub implementation: Option<ControlStatus>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub question: String,
    pub why: String,
}

/// One line of the risk register (relevant and low threats).
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    pub threat: String,
    pub likelihood: u32,
    pub impact: u32,
    /// What the answers suggest, before any override in the file.
    pub suggested_likelihood: u32,
    pub suggested_impact: u32,
    /// Why the suggestion is what it is.
    pub basis: Vec<String>,
    pub treatment: Option<Treatment>,
    pub owner: Option<String>,
    pub note: Option<String>,
    /// Own or shared controls that address it, with their status.
    pub controls: Vec<(String, Option<ControlStatus>)>,
    pub inherent: u32,
    pub residual: u32,
    /// What remains to be accepted, in words.
    pub acceptance: String,
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
    pub assurance: Vec<String>,
    pub register: Vec<RegisterEntry>,
}

impl Assessment {
    pub fn threat(&self, id: &str) -> Option<&ThreatResult> {
        self.threats.iter().find(|t| t.id == id)
    }

    pub fn control(&self, id: &str) -> Option<&ControlResult> {
        self.controls.iter().find(|c| c.id == id)
    }
}

/// Answers with the questionnaire's logic: questions not asked take their default.
struct Answers<'a> {
    catalog: &'a Catalog,
    file: &'a AssessmentFile,
}

impl Answers<'_> {
    /// The effective answer, or the unanswered questions that stand in the way.
    fn value(&self, question: &str, depth: usize) -> Result<String, Vec<String>> {
        let Some(q) = self.catalog.question(question) else {
            return Err(Vec::new());
        };
        // The questionnaire is shallow; a deeper chain can only be a cycle.
        let asked = if depth > self.catalog.questions.len() { Truth::Yes } else { self.truth(&q.ask_when, depth + 1) };
        match (asked, self.file.answer(question), &q.when_not_asked) {
            (Truth::No, _, Some(default)) => Ok(default.to_string()),
            (_, Some(given), _) => Ok(given.to_string()),
            (Truth::Open(mut before), None, _) => {
                before.push(question.to_string());
                Err(before)
            }
            (_, None, _) => Err(vec![question.to_string()]),
        }
    }

    /// For a condition that does not hold: the answer that makes it fail, in words.
    fn deciding_answer(&self, condition: &Condition) -> Option<String> {
        condition.iter().find_map(|(question, values)| {
            let v = self.value(question, 0).ok()?;
            if values.iter().any(|x| *x == v) {
                return None;
            }
            let q = self.catalog.question(question)?;
            Some(if self.file.answer(question).is_some() {
                format!("Stays on your list: you answered \"{v}\" to \"{}\"", q.text)
            } else {
                format!("Stays on your list: \"{}\" does not arise for your system (counts as \"{v}\")", q.text)
            })
        })
    }

    fn truth(&self, condition: &Condition, depth: usize) -> Truth {
        let mut open: Vec<String> = Vec::new();
        for (question, values) in condition.iter() {
            match self.value(question, depth) {
                Ok(v) if values.iter().any(|x| *x == v) => {}
                Ok(_) => return Truth::No,
                Err(missing) => {
                    for m in missing {
                        if !open.contains(&m) {
                            open.push(m);
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

/// Does `rule` name this threat, directly or through a group or section above it?
fn names(catalog: &Catalog, rule_threats: &[crate::catalog::Text], threat: &str) -> bool {
    rule_threats.iter().any(|t| catalog.is_within(threat, t))
}

/// Threats whose status comes from rules: threats, and groups without threats under them.
fn is_leaf(catalog: &Catalog, t: &Threat) -> bool {
    t.kind == ThreatKind::Threat || (t.kind == ThreatKind::Group && !catalog.threats.iter().any(|x| x.parent.as_deref() == Some(&*t.id)))
}

fn push_unique(list: &mut Vec<String>, items: &[String]) {
    for i in items {
        if !list.contains(i) {
            list.push(i.clone());
        }
    }
}

fn open_text(rule: &Rule) -> String {
    let mut text = String::from("Unless an open question settles it: ");
    text.push_str(&rule.reason);
    text
}

fn leaf_result(catalog: &Catalog, answers: &Answers<'_>, t: &Threat) -> ThreatResult {
    let mut excluded: Vec<&Rule> = Vec::new();
    let mut lowered: Vec<&Rule> = Vec::new();
    let mut applying: Vec<&Rule> = Vec::new();
    let mut open: Vec<(&Rule, Vec<String>)> = Vec::new();
    let mut responsibility = Responsibility::Own;
    let mut responsibility_reasons: Vec<&Rule> = Vec::new();
    let mut open_questions: Vec<String> = Vec::new();
    let mut kept: Vec<Reason> = Vec::new();
    for rule in catalog.rules.iter().filter(|r| names(catalog, &r.threats, &t.id)) {
        match (answers.truth(&rule.when, 0), rule.effect) {
            (Truth::No, Effect::Exclude | Effect::Low) => {
                // Say which answer keeps the threat on the list.
                if let Some(text) = answers.deciding_answer(&rule.when) {
                    if !kept.iter().any(|k| k.text == text) {
                        kept.push(Reason { rule: rule.id.to_string(), text });
                    }
                }
            }
            (Truth::No, _) => {}
            (Truth::Yes, Effect::Exclude) => excluded.push(rule),
            (Truth::Yes, Effect::Low) => lowered.push(rule),
            (Truth::Yes, Effect::Applies) => applying.push(rule),
            (Truth::Yes, Effect::Supplier) => {
                responsibility = Responsibility::Supplier;
                responsibility_reasons.push(rule);
            }
            (Truth::Yes, Effect::Shared) => {
                if responsibility == Responsibility::Own {
                    responsibility = Responsibility::Shared;
                }
                responsibility_reasons.push(rule);
            }
            (Truth::Open(questions), Effect::Applies) => {
                // Explains nothing yet; changes nothing either way.
                let _ = questions;
            }
            (Truth::Open(questions), _) => {
                push_unique(&mut open_questions, &questions);
                open.push((rule, questions));
            }
        }
    }
    let reason = |r: &Rule| Reason { rule: r.id.to_string(), text: r.reason.to_string() };
    let mut reasons: Vec<Reason>;
    let status = if !excluded.is_empty() {
        reasons = excluded.iter().map(|r| reason(r)).collect();
        Status::NotApplicable
    } else if !lowered.is_empty() {
        reasons = lowered.iter().map(|r| reason(r)).collect();
        Status::Low
    } else if open.iter().any(|(r, _)| matches!(r.effect, Effect::Exclude | Effect::Low)) {
        reasons = open
            .iter()
            .filter(|(r, _)| matches!(r.effect, Effect::Exclude | Effect::Low))
            .map(|(r, _)| Reason { rule: r.id.to_string(), text: open_text(r) })
            .collect();
        reasons.extend(applying.iter().map(|r| reason(r)));
        Status::Unknown
    } else {
        reasons = applying.iter().map(|r| reason(r)).collect();
        reasons.extend(kept);
        if reasons.is_empty() {
            reasons.push(Reason { rule: "default".into(), text: default_reason(catalog, t) });
        }
        Status::Applies
    };
    if status.is_relevant() || status == Status::Low {
        reasons.extend(responsibility_reasons.iter().map(|r| reason(r)));
        for (r, _) in open.iter().filter(|(r, _)| matches!(r.effect, Effect::Supplier | Effect::Shared)) {
            reasons.push(Reason { rule: r.id.to_string(), text: format!("Your own responsibility until answered: {}", r.reason) });
        }
    }
    if status == Status::NotApplicable {
        open_questions.clear(); // settled whatever the open questions say
    }
    ThreatResult { id: t.id.to_string(), status, responsibility, reasons, open_questions }
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
fn group_result(catalog: &Catalog, t: &Threat, leaves: &[ThreatResult]) -> ThreatResult {
    let under: Vec<&ThreatResult> = leaves.iter().filter(|r| r.id != t.id && catalog.is_within(&r.id, &t.id)).collect();
    let status = under.iter().map(|r| r.status).min().unwrap_or(Status::NotApplicable);
    let count = |s: Status| under.iter().filter(|r| r.status == s).count();
    // You must act if you must act on any of them; the supplier only if on all of them.
    let responsibility = {
        let relevant: Vec<&&ThreatResult> = under.iter().filter(|r| r.status == status).collect();
        if relevant.is_empty() || relevant.iter().any(|r| r.responsibility == Responsibility::Own) {
            Responsibility::Own
        } else if relevant.iter().all(|r| r.responsibility == Responsibility::Supplier) {
            Responsibility::Supplier
        } else {
            Responsibility::Shared
        }
    };
    let text = format!(
        "Summarises the {} threats under it: {} apply, {} unknown, {} low, {} not applicable.",
        under.len(),
        count(Status::Applies),
        count(Status::Unknown),
        count(Status::Low),
        count(Status::NotApplicable)
    );
    let mut open_questions = Vec::new();
    for r in &under {
        push_unique(&mut open_questions, &r.open_questions);
    }
    ThreatResult { id: t.id.to_string(), status, responsibility, reasons: vec![Reason { rule: "group".into(), text }], open_questions }
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
fn suggest(catalog: &Catalog, answers: &Answers<'_>, t: &Threat, status: Status) -> (u32, u32, Vec<String>) {
    let risk = &catalog.risk;
    let (mut l, mut i) = (risk.likelihood as i32, risk.impact as i32);
    let mut basis = Vec::new();
    for a in risk.adjust.iter() {
        let selected = a.lifecycle == Some(t.lifecycle)
            || names(catalog, &a.threats, &t.id)
            || t.impacts.iter().any(|x| a.impacts.iter().any(|y| y == x));
        if selected && answers.truth(&a.when, 0) == Truth::Yes {
            l += a.likelihood;
            i += a.impact;
            let signed = |n: i32| if n < 0 { n.to_string() } else { format!("+{n}") };
            let mut step = String::new();
            if a.likelihood != 0 {
                step.push_str("likelihood ");
                step.push_str(&signed(a.likelihood));
            }
            if a.impact != 0 {
                if !step.is_empty() {
                    step.push_str(", ");
                }
                step.push_str("impact ");
                step.push_str(&signed(a.impact));
            }
            basis.push(format!("{step}: {}", a.reason));
        }
    }
    if status == Status::Low {
        l = 1;
        basis.push("likelihood 1: rated low to zero for this kind of system".into());
    }
    (l.clamp(1, 5) as u32, i.clamp(1, 5) as u32, basis)
}

const GENERAL_SET: &str = "governancecontrols";

/// Assesses a system described by `file` against `catalog`.
pub fn assess(catalog: &Catalog, file: &AssessmentFile) -> Assessment {
    let answers = Answers { catalog, file };
    let leaves: Vec<ThreatResult> =
        catalog.threats.iter().filter(|t| is_leaf(catalog, t)).map(|t| leaf_result(catalog, &answers, t)).collect();
    let threats: Vec<ThreatResult> = catalog
        .threats
        .iter()
        .map(|t| match leaves.iter().find(|r| r.id == t.id) {
            Some(r) => r.clone(),
            None => group_result(catalog, t, &leaves),
        })
        .collect();

    // The register: every relevant or low leaf threat, with suggested and chosen levels.
    let mut register = Vec::new();
    for r in leaves.iter().filter(|r| r.status.is_relevant() || r.status == Status::Low) {
        let Some(t) = catalog.threat(&r.id) else { continue };
        let (sl, si, basis) = suggest(catalog, &answers, t, r.status);
        let input = file.risk(&r.id);
        let likelihood = input.and_then(|x| x.likelihood).unwrap_or(sl);
        let impact = input.and_then(|x| x.impact).unwrap_or(si);
        let controls: Vec<(String, Option<ControlStatus>)> =
            controls_of(catalog, &r.id).into_iter().map(|c| { let s = file.control(&c).and_then(|x| x.status); (c, s) }).collect();
        let treatment = input.and_then(|x| x.treatment);
        let implemented = controls.iter().filter(|(_, s)| *s == Some(ControlStatus::Implemented)).count() as u32;
        let inherent = likelihood * impact;
        let (residual, acceptance) = match treatment {
            Some(Treatment::Avoid) => (0, "Avoided: the activity that causes it is not undertaken.".to_string()),
            Some(Treatment::Accept) => (inherent, format!("Accepted as it is, at {inherent} of 25.")),
            Some(Treatment::Transfer) => (inherent, format!("Transferred (for example by contract or insurance); {inherent} of 25 stays with the party it was transferred to.")),
            Some(Treatment::Mitigate) | None => {
                // Each implemented control lowers the likelihood one step, to no less than 1.
                let residual = likelihood.saturating_sub(implemented).max(1) * impact;
                let text = if treatment.is_none() {
                    format!("No treatment chosen yet; {residual} of 25 remains with {implemented} of {} controls in place.", controls.len())
                } else {
                    format!("{residual} of 25 remains to accept with {implemented} of {} controls in place.", controls.len())
                };
                (residual, text)
            }
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
            acceptance,
        });
    }
    let risk_of = |id: &str| register.iter().find(|e| e.threat == id).map_or(0, |e| e.inherent);

    // Controls: what each addresses among the relevant threats, ranked by the risk it covers.
    let general: Vec<&str> = catalog
        .control_sets
        .iter()
        .filter(|s| s.id == GENERAL_SET)
        .flat_map(|s| s.members.iter().map(|m| m.as_ref()))
        .collect();
    let relevant: Vec<&ThreatResult> = leaves.iter().filter(|r| r.status.is_relevant()).collect();
    let lists: Vec<(&ThreatResult, Vec<String>)> = relevant.iter().map(|r| (*r, controls_of(catalog, &r.id))).collect();
    let mut controls: Vec<ControlResult> = catalog
        .controls
        .iter()
        .map(|c| {
            let covering: Vec<&ThreatResult> = lists.iter().filter(|(_, l)| l.iter().any(|x| x == c.id.as_ref())).map(|(r, _)| *r).collect();
            let status = if general.contains(&c.id.as_ref()) {
                ControlVerdict::General
            } else if covering.is_empty() {
                ControlVerdict::NotNeeded
            } else {
                ControlVerdict::Recommended
            };
            let responsibility = if covering.iter().any(|r| r.responsibility == Responsibility::Own) || covering.is_empty() {
                Responsibility::Own
            } else if covering.iter().all(|r| r.responsibility == Responsibility::Supplier) {
                Responsibility::Supplier
            } else {
                Responsibility::Shared
            };
            ControlResult {
                id: c.id.to_string(),
                status,
                responsibility,
                covers: covering.iter().map(|r| r.id.clone()).collect(),
                score: covering.iter().map(|r| risk_of(&r.id)).sum(),
                rank: None,
                implementation: file.control(&c.id).and_then(|x| x.status),
            }
        })
        .collect();
    // Rank: general controls first, then by covered risk, then by how many threats, then catalog order.
    let mut order: Vec<usize> = (0..controls.len()).filter(|&i| controls[i].status != ControlVerdict::NotNeeded).collect();
    let key = |c: &ControlResult| (c.status != ControlVerdict::General, std::cmp::Reverse(c.score), std::cmp::Reverse(c.covers.len()));
    sort_by_key(&mut order, |&i| (key(&controls[i]), i));
    for (rank, i) in order.iter().enumerate() {
        controls[*i].rank = Some(rank as u32 + 1);
    }

    // Flags and follow-ups.
    let mut flags = Vec::new();
    let mut follow_ups: Vec<(String, Vec<String>)> = Vec::new();
    let note = |question: &str, what: String, follow_ups: &mut Vec<(String, Vec<String>)>| {
        match follow_ups.iter_mut().find(|(q, _)| q == question) {
            Some((_, list)) => {
                if !list.contains(&what) {
                    list.push(what);
                }
            }
            None => follow_ups.push((question.to_string(), vec![what])),
        }
    };
    for f in catalog.flags.iter() {
        match answers.truth(&f.when, 0) {
            Truth::Yes => flags.push(Flag { id: f.id.to_string(), text: f.text.to_string() }),
            Truth::No => {}
            Truth::Open(questions) => {
                for q in questions {
                    note(&q, format!("whether the '{}' warning applies", f.id), &mut follow_ups);
                }
            }
        }
    }
    for r in &leaves {
        let name = catalog.threat(&r.id).map_or(r.id.as_str(), |t| &t.name).to_string();
        for q in &r.open_questions {
            note(q, name.clone(), &mut follow_ups);
        }
    }
    let mut assurance = Vec::new();
    let has_supplier = leaves.iter().any(|r| r.status.is_relevant() && r.responsibility != Responsibility::Own);
    for a in catalog.assurance.iter() {
        match answers.truth(&a.when, 0) {
            Truth::Yes if has_supplier => assurance.push(a.text.to_string()),
            Truth::Open(questions) => {
                for q in questions {
                    note(&q, "what to ask your suppliers".into(), &mut follow_ups);
                }
            }
            _ => {}
        }
    }
    sort_by_key(&mut follow_ups, |(q, _)| catalog.questions.iter().position(|x| x.id == *q));
    let follow_ups = follow_ups
        .into_iter()
        .map(|(question, what)| {
            let why = format!("Your answer decides {}.", join_limited(&what, 6));
            FollowUp { question, why }
        })
        .collect();

    Assessment { catalog: catalog.version.to_string(), threats, controls, flags, follow_ups, assurance, register }
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

fn join_limited(items: &[String], max: usize) -> String {
    let mut parts: Vec<String> = items.iter().take(max).cloned().collect();
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
    /// The result as JSON (contract §2).
    pub fn to_value(&self) -> Value {
        let threats = self
            .threats
            .iter()
            .map(|t| {
                object([
                    ("id", t.id.as_str().into()),
                    ("status", t.status.as_str().into()),
                    ("responsibility", t.responsibility.as_str().into()),
                    ("reasons", t.reasons.iter().map(|r| object([("rule", r.rule.as_str().into()), ("text", r.text.as_str().into())])).collect()),
                    ("openQuestions", t.open_questions.iter().map(String::as_str).collect()),
                ])
            })
            .collect();
        let controls = self
            .controls
            .iter()
            .map(|c| {
                object([
                    ("id", c.id.as_str().into()),
                    ("status", c.status.as_str().into()),
                    ("responsibility", c.responsibility.as_str().into()),
                    ("covers", c.covers.iter().map(String::as_str).collect()),
                    ("score", c.score.into()),
                    ("rank", c.rank.into()),
                    ("implementation", c.implementation.map(ControlStatus::as_str).into()),
                ])
            })
            .collect();
        let register = self
            .register
            .iter()
            .map(|e| {
                object([
                    ("threat", e.threat.as_str().into()),
                    ("likelihood", e.likelihood.into()),
                    ("impact", e.impact.into()),
                    ("suggested", object([("likelihood", e.suggested_likelihood.into()), ("impact", e.suggested_impact.into())])),
                    ("basis", e.basis.iter().map(String::as_str).collect()),
                    ("treatment", e.treatment.map(Treatment::as_str).into()),
                    ("owner", e.owner.as_deref().into()),
                    ("note", e.note.as_deref().into()),
                    (
                        "controls",
                        e.controls
                            .iter()
                            .map(|(id, s)| object([("id", id.as_str().into()), ("status", s.map(ControlStatus::as_str).into())]))
                            .collect(),
                    ),
                    ("inherent", e.inherent.into()),
                    ("residual", e.residual.into()),
                    ("acceptance", e.acceptance.as_str().into()),
                ])
            })
            .collect();
        object([
            ("catalog", self.catalog.as_str().into()),
            ("threats", threats),
            ("controls", controls),
            ("flags", self.flags.iter().map(|f| object([("id", f.id.as_str().into()), ("text", f.text.as_str().into())])).collect()),
            ("followUps", self.follow_ups.iter().map(|f| object([("question", f.question.as_str().into()), ("why", f.why.as_str().into())])).collect()),
            ("assurance", self.assurance.iter().map(String::as_str).collect()),
            ("register", register),
        ])
    }
}
