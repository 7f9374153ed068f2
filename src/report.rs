//! Reports people paste into their work: Markdown (readable on its own, following the seed's
//! seven steps of risk analysis) and CSV (one row per threat and per control).

use crate::assess::{Assessment, Status};
use crate::assessment::AssessmentFile;
use crate::catalog::Catalog;

fn threat_name<'a>(catalog: &'a Catalog, id: &'a str) -> &'a str {
    catalog.threat(id).map_or(id, |t| &t.name)
}

fn control_name<'a>(catalog: &'a Catalog, id: &'a str) -> &'a str {
    catalog.control(id).map_or(id, |c| &c.name)
}

/// Text safe inside a Markdown table cell: no line breaks, pipes escaped.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn link(catalog: &Catalog, name: &str, id: &str) -> String {
    match catalog.url(id) {
        // An overlay's own control without an address of its own.
        url if url.is_empty() => cell(name),
        url => format!("[{}]({url})", cell(name).replace(['[', ']'], "")),
    }
}

/// The assessment as a Markdown report.
pub fn markdown(catalog: &Catalog, file: &AssessmentFile, result: &Assessment, date: &str) -> String {
    let mut out = String::new();
    let name = file.system_name.as_deref().unwrap_or("Unnamed system");
    out.push_str(&format!("# AI security assessment: {}\n\n", cell(name)));
    if let Some(d) = &file.system_description {
        out.push_str(&format!("{}\n\n", d.replace('\n', " ")));
    }
    out.push_str(&format!(
        "Catalog {} ({}, as of {}) · {} · made with AI Security Navigator\n\n",
        catalog.version, catalog.source.name, catalog.source.date, date
    ));
    if let Some(change) = &result.catalog_change {
        out.push_str(&format!("> {}\n\n", change.text));
    }
    for flag in &result.flags {
        out.push_str(&format!("> **Warning — {}.** {}\n\n", flag.id, flag.text));
    }
    if !result.follow_ups.is_empty() {
        out.push_str(
            "## Open questions\n\nThese answers are missing; until they are given, the threats they could rule out stay on the list.\n\n",
        );
        for f in &result.follow_ups {
            let text = catalog.question(&f.question).map_or(f.question.as_str(), |q| &q.text);
            out.push_str(&format!("- **{}** (`{}`) {}\n", text, f.question, f.why));
        }
        out.push('\n');
    }

    let relevant: Vec<_> = result.register.iter().filter(|e| result.threat(&e.threat).is_some_and(|t| t.status.is_relevant())).collect();
    let mut by_risk = relevant.clone();
    crate::assess::sort_by_key(&mut by_risk, |e| std::cmp::Reverse(e.inherent));
    out.push_str(&format!("## 1. Threats that apply ({})\n\n", relevant.len()));
    out.push_str("| Threat | Status | Who acts | Likelihood × impact | Why |\n|---|---|---|---|---|\n");
    for e in &by_risk {
        let Some(t) = result.threat(&e.threat) else { continue };
        let why: Vec<String> = t.reasons.iter().map(|r| cell(&r.text)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} × {} = {} | {} |\n",
            link(catalog, threat_name(catalog, &t.id), &t.id),
            t.status.as_str(),
            t.responsibility.as_str(),
            e.likelihood,
            e.impact,
            e.inherent,
            why.join(" ")
        ));
    }
    let others: Vec<_> = result
        .threats
        .iter()
        .filter(|t| {
            matches!(t.status, Status::Low | Status::NotApplicable)
                && catalog.threat(&t.id).is_some_and(|x| x.kind == crate::catalog::ThreatKind::Threat)
        })
        .collect();
    if !others.is_empty() {
        out.push_str("\nLow or not applicable:\n\n");
        for t in others {
            let why = t.reasons.first().map(|r| r.text.as_ref()).unwrap_or_default();
            out.push_str(&format!("- {} — {}: {}\n", threat_name(catalog, &t.id), t.status.as_str(), why));
        }
    }

    out.push_str("\n## 2. Who is responsible\n\n");
    for (who, label) in
        [("own", "You act on"), ("shared", "Shared with a supplier"), ("supplier", "The supplier acts on (you need assurance)")]
    {
        let names: Vec<&str> = relevant
            .iter()
            .filter_map(|e| result.threat(&e.threat))
            .filter(|t| t.responsibility.as_str() == who)
            .map(|t| threat_name(catalog, &t.id))
            .collect();
        if !names.is_empty() {
            out.push_str(&format!("- **{label}** ({}): {}\n", names.len(), names.join(", ")));
        }
    }

    out.push_str("\n## 3. What to verify with suppliers\n\n");
    if result.assurance.is_empty() {
        out.push_str("Nothing: none of your answers leaves a relevant threat to a supplier.\n");
    }
    for a in &result.assurance {
        out.push_str(&format!("- {a}\n"));
    }

    out.push_str("\n## 4. Controls to select\n\nGeneral controls first, then the controls that cover the most risk.\n\n");
    out.push_str("| Rank | Control | Status | Who acts | Covers | Risk covered | In place |\n|---|---|---|---|---|---|---|\n");
    let mut ranked: Vec<_> = result.controls.iter().filter(|c| c.rank.is_some()).collect();
    crate::assess::sort_by_key(&mut ranked, |c| c.rank);
    for c in &ranked {
        let covers: Vec<&str> = c.covers.iter().map(|t| threat_name(catalog, t)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            c.rank.unwrap_or(0),
            link(catalog, control_name(catalog, &c.id), &c.id),
            c.status.as_str(),
            c.responsibility.as_str(),
            // A general control (security programme, education …) serves the whole system.
            if covers.is_empty() { "every AI system".to_string() } else { cell(&covers.join(", ")) },
            c.score,
            c.implementation.map_or("—", |s| s.as_str())
        ));
    }
    // How a control is in place, or why it is not planned, as the assessment says.
    let noted: Vec<_> = ranked.iter().filter_map(|c| Some((c, file.control(&c.id)?.note.as_deref().filter(|n| !n.is_empty())?))).collect();
    if !noted.is_empty() {
        out.push_str("\nNotes on the controls:\n\n");
        for (c, note) in noted {
            let status = c.implementation.map_or("", |s| s.as_str());
            out.push_str(&format!(
                "- **{}**{}: {}\n",
                control_name(catalog, &c.id),
                if status.is_empty() { String::new() } else { format!(" ({status})") },
                note
            ));
        }
    }

    out.push_str("\n## 5. References\n\n");
    for e in &by_risk {
        let Some(t) = catalog.threat(&e.threat) else { continue };
        let llm: Vec<String> = t.llm_top10.iter().map(|(edition, ids)| format!("{} ({edition})", ids.join(", "))).collect();
        let extra = if llm.is_empty() { String::new() } else { format!(" — OWASP Top 10 for LLM: {}", llm.join("; ")) };
        out.push_str(&format!("- {}{}\n", link(catalog, &t.name, &t.id), extra));
    }

    out.push_str("\n## 6. Risk register and acceptance\n\n");
    out.push_str("| Threat | Likelihood | Impact | Risk | Treatment | Owner | Controls in place | Residual | What remains |\n|---|---|---|---|---|---|---|---|---|\n");
    for e in &by_risk {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} of {} | {} | {} |\n",
            cell(threat_name(catalog, &e.threat)),
            e.likelihood,
            e.impact,
            e.inherent,
            e.treatment.map_or("not chosen", |t| t.as_str()),
            cell(e.owner.as_deref().unwrap_or("—")),
            e.implemented,
            e.controls.len(),
            e.residual,
            cell(&e.acceptance())
        ));
    }
    let noted: Vec<_> =
        by_risk.iter().filter_map(|e| Some((e, file.risk(&e.threat)?.note.as_deref().filter(|n| !n.is_empty())?))).collect();
    if !noted.is_empty() {
        out.push_str("\nNotes on the risks:\n\n");
        for (e, note) in noted {
            out.push_str(&format!("- **{}**: {}\n", threat_name(catalog, &e.threat), note));
        }
    }

    out.push_str("\n## 7. Further management\n\n");
    out.push_str("- Monitor the controls you rely on, and review this assessment when the system or its suppliers change.\n");
    out.push_str("- Document decisions and accepted risks, report on them, and include AI in incident response (the AI Exchange's security program control, #SEC PROGRAM).\n");
    out.push_str("- Re-run the assessment when a new catalog version appears; it reports what changed for this system.\n");
    out
}

/// One CSV field: quoted when needed, and defused when a spreadsheet would read it as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The assessment as CSV: one row per threat, then one per control. Every row ends with the
/// catalog version and the date, so that a row pasted elsewhere still says where it came from.
pub fn csv(catalog: &Catalog, result: &Assessment, date: &str) -> String {
    let mut out = String::from(
        "kind,id,name,status,responsibility,likelihood,impact,risk,residual,treatment,owner,rank,covers,url,reasons,catalog,date\r\n",
    );
    let row = |mut fields: Vec<String>| {
        fields.push(result.catalog.clone());
        fields.push(date.to_string());
        fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",") + "\r\n"
    };
    for t in &result.threats {
        let e = result.register.iter().find(|e| e.threat == t.id);
        let num = |f: fn(&crate::assess::RegisterEntry) -> u32| e.map_or(String::new(), |e| f(e).to_string());
        out.push_str(&row(vec![
            "threat".into(),
            t.id.to_string(),
            threat_name(catalog, &t.id).into(),
            t.status.as_str().into(),
            t.responsibility.as_str().into(),
            num(|e| e.likelihood),
            num(|e| e.impact),
            num(|e| e.inherent),
            num(|e| e.residual),
            e.and_then(|e| e.treatment).map_or(String::new(), |x| x.as_str().into()),
            e.and_then(|e| e.owner.clone()).unwrap_or_default(),
            String::new(),
            String::new(),
            catalog.url(&t.id),
            t.reasons.iter().map(|r| r.text.as_ref()).collect::<Vec<_>>().join(" "),
        ]));
    }
    for c in &result.controls {
        out.push_str(&row(vec![
            "control".into(),
            c.id.to_string(),
            control_name(catalog, &c.id).into(),
            c.status.as_str().into(),
            c.responsibility.as_str().into(),
            String::new(),
            String::new(),
            c.score.to_string(),
            String::new(),
            String::new(),
            String::new(),
            c.rank.map_or(String::new(), |r| r.to_string()),
            c.covers.iter().map(|x| x.as_ref()).collect::<Vec<_>>().join(" "),
            catalog.url(&c.id),
            String::new(),
        ]));
    }
    out
}
