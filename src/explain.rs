//! `explain`: everything the assessment says about one threat or control, gathered in one place
//! and summed up in a sentence — what a details panel, a ticket or a reviewer asks for.

use crate::assess::{controls_of, Assessment, ControlResult, ControlVerdict, Responsibility, Status, ThreatResult};
use crate::assessment::{AssessmentFile, ControlStatus, Treatment};
use crate::catalog::{Catalog, Control, Entry, Threat, ThreatKind};
use crate::json::{write_string, ObjectWriter};
use crate::{assess, lookup, Error};

/// Explains the verdict on one threat or control (found by current or older id, name, label or
/// permalink) for the system the assessment describes. JSON text; see `www/index.d.ts`
/// (`Explanation`) for its shape.
pub fn explain(catalog: &Catalog, file: &AssessmentFile, id: &str) -> Result<String, Error> {
    let entry = lookup(catalog, id)?;
    let result = assess(catalog, file);
    Ok(match entry {
        Entry::Threat(t) => threat(catalog, &result, t),
        Entry::Control(c) => control(catalog, &result, c),
    })
}

fn threat_sentence(t: &Threat, r: &ThreatResult) -> String {
    let who = match r.responsibility {
        Responsibility::Supplier => "the supplier (the model maker or host) must handle it, and you need assurance that they do",
        Responsibility::Shared => "you share it with the supplier",
        Responsibility::Own => "it is yours to handle",
    };
    let what = if t.kind == ThreatKind::Threat { "threat" } else { "group of threats" };
    match r.status {
        Status::Applies => format!("{} applies to your system; {who}.", t.name),
        Status::Unknown => format!(
            "{} counts as relevant until {} answered; {who}.",
            t.name,
            if r.open_questions.len() == 1 { "one open question is" } else { "the open questions are" }
        ),
        Status::Low => format!("{} is possible in theory, but the AI Exchange rates this {what} low for a system like yours.", t.name),
        Status::NotApplicable => format!("{} does not apply to your system: your answers rule this {what} out.", t.name),
    }
}

fn threat(catalog: &Catalog, result: &Assessment, t: &Threat) -> String {
    let Some(r) = result.threat(&t.id) else { return String::from("null") };
    let mut out = String::with_capacity(2048);
    let mut o = ObjectWriter::new(&mut out);
    o.str("kind", "threat").str("id", &t.id).str("name", &t.name).str("url", &catalog.url(&t.id));
    o.str("status", r.status.as_str()).str("responsibility", r.responsibility.as_str());
    o.str("summary", &threat_sentence(t, r));
    o.list("reasons", &r.reasons, |out, reason| {
        let mut x = ObjectWriter::new(out);
        x.str("rule", &reason.rule).str("text", &reason.text);
        x.end();
    });
    o.list("openQuestions", &r.open_questions, |out, q| write_string(out, q));
    o.opt_str("parent", t.parent.as_deref());
    let children: Vec<&ThreatResult> =
        catalog.threats.iter().filter(|c| c.parent.as_deref() == Some(&*t.id)).filter_map(|c| result.threat(&c.id)).collect();
    o.list("children", children, |out, c| status_of(out, &c.id, c.status.as_str()));
    match result.register.iter().find(|e| e.threat == t.id) {
        None => o.key("risk").push_str("null"),
        Some(e) => {
            let mut x = ObjectWriter::new(o.key("risk"));
            x.num("likelihood", e.likelihood).num("impact", e.impact).num("inherent", e.inherent).num("residual", e.residual);
            x.opt_str("treatment", e.treatment.map(Treatment::as_str)).opt_str("owner", e.owner.as_deref());
            x.str("acceptance", &e.acceptance());
            x.end();
        }
    }
    let controls: Vec<&ControlResult> = controls_of(catalog, &t.id).iter().filter_map(|id| result.control(id)).collect();
    o.list("controls", controls, |out, c| {
        let mut x = ObjectWriter::new(out);
        x.str("id", &c.id).str("status", c.status.as_str()).str("responsibility", c.responsibility.as_str());
        x.opt_num("rank", c.rank).opt_str("implementation", c.implementation.map(ControlStatus::as_str));
        x.end();
    });
    o.end();
    out
}

fn control(catalog: &Catalog, result: &Assessment, c: &Control) -> String {
    let Some(r) = result.control(&c.id) else { return String::from("null") };
    let addresses: Vec<&ThreatResult> = result
        .threats
        .iter()
        .filter(|t| catalog.threat(&t.id).is_some_and(|x| x.kind == ThreatKind::Threat))
        .filter(|t| controls_of(catalog, &t.id).iter().any(|id| *id == *c.id))
        .collect();
    let n = r.covers.len();
    let summary = match r.status {
        ControlVerdict::General => {
            format!("{} is a general control: every organisation that uses AI needs it, whatever the answers.", c.name)
        }
        ControlVerdict::Recommended => format!(
            "{} is recommended: it addresses {n} relevant threat{} of your system{}.",
            c.name,
            if n == 1 { "" } else { "s" },
            r.rank.map_or(String::new(), |k| format!(", rank {k} among the controls to select"))
        ),
        ControlVerdict::NotNeeded => format!("{} is not needed: none of the threats it addresses is relevant to your system.", c.name),
    };
    let mut out = String::with_capacity(1024);
    let mut o = ObjectWriter::new(&mut out);
    o.str("kind", "control").str("id", &c.id).str("name", &c.name).str("url", &catalog.url(&c.id));
    o.str("status", r.status.as_str()).str("responsibility", r.responsibility.as_str());
    o.str("summary", &summary);
    o.num("score", r.score).opt_num("rank", r.rank).opt_str("implementation", r.implementation.map(ControlStatus::as_str));
    o.list("covers", r.covers.iter(), |out, t| write_string(out, t));
    o.list("threats", addresses, |out, t| status_of(out, &t.id, t.status.as_str()));
    o.end();
    out
}

fn status_of(out: &mut String, id: &str, status: &str) {
    let mut x = ObjectWriter::new(out);
    x.str("id", id).str("status", status);
    x.end();
}
