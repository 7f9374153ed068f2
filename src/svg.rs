//! A layout as a standalone SVG file: the diagram people put in documents and slides, with the
//! verdicts of an assessment drawn on it when one is given. Colour is never the only signal: every
//! state also has a symbol and a line style, explained in the legend.

use crate::assess::{Assessment, ControlVerdict, Responsibility, Status};
use crate::catalog::Catalog;
use crate::layout::{impact_mark, Layout, Role};

const MARGIN: i32 = 16;
const LEGEND_H: i32 = 72;

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
}

/// The state of a node as class names and the symbol drawn in its corner.
pub fn node_state(layout_role: Role, entry: &str, result: Option<&Assessment>) -> (String, &'static str) {
    let Some(result) = result else { return (String::new(), "") };
    match layout_role {
        Role::Threat | Role::Mark => match result.threat(entry) {
            Some(t) => {
                let (class, symbol) = match t.status {
                    Status::Applies => ("applies", "!"),
                    Status::Unknown => ("unknown", "?"),
                    Status::Low => ("low", "↓"),
                    Status::NotApplicable => ("not-applicable", "–"),
                };
                let party = match t.responsibility {
                    Responsibility::Supplier if t.status != Status::NotApplicable => " supplier",
                    Responsibility::Shared if t.status != Status::NotApplicable => " shared",
                    _ => "",
                };
                (format!("{class}{party}"), symbol)
            }
            None => (String::new(), ""),
        },
        Role::Control => match result.control(entry).map(|c| c.status) {
            Some(ControlVerdict::Recommended) => ("recommended".to_string(), "✓"),
            Some(ControlVerdict::General) => ("general".to_string(), "G"),
            Some(ControlVerdict::NotNeeded) => ("not-needed".to_string(), "–"),
            None => (String::new(), ""),
        },
        Role::Heading => (String::new(), ""),
    }
}

const STYLE: &str = "\
text{font:13px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;fill:#1b1f24}\
.edge{fill:none;stroke:#8c959f;stroke-opacity:.35;stroke-width:1}\
rect{stroke-width:1.5}\
.threat rect{fill:#fff4e5;stroke:#b35900}\
.control rect{fill:#e8f1fb;stroke:#0b5cad}\
.heading rect{fill:#eaeef2;stroke:#57606a}\
.heading text{font-weight:600}\
.mark rect{fill:#fde0c2;stroke:#b35900}\
.badge{font-size:10px;fill:#57606a}\
.symbol{font-weight:700}\
.unknown rect{stroke-dasharray:6 3}\
.low rect{fill:#e0f0fa;stroke:#0072b2}\
.not-applicable,.not-needed{opacity:.35}\
.supplier rect{stroke-dasharray:2 2;stroke-width:2.5}\
.shared rect{stroke-dasharray:8 2 2 2;stroke-width:2.5}\
.recommended rect{stroke-width:2.5}\
.general rect{fill:#dff3ea;stroke:#00734f}";

/// The layout as a standalone SVG document, with the verdicts of `result` when given.
pub fn svg(catalog: &Catalog, layout: &Layout, result: Option<(&Assessment, &str)>) -> String {
    let legend = if result.is_some() { LEGEND_H } else { 28 };
    let (w, h) = (layout.width + 2 * MARGIN, layout.height + 2 * MARGIN + 24 + legend);
    let mut out = String::with_capacity(96 * 1024);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"title\">"
    ));
    out.push_str("<title id=\"title\">");
    let subject = result.map_or(String::new(), |(_, name)| format!(" for {name}"));
    escape(&mut out, &format!("{}{subject} (OWASP AI Exchange, catalog {})", layout.title, catalog.version));
    out.push_str("</title><style>");
    out.push_str(STYLE);
    out.push_str("</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    out.push_str(&format!("<text x=\"{MARGIN}\" y=\"{}\" style=\"font-size:16px;font-weight:600\">", MARGIN + 4));
    escape(&mut out, &format!("{}{subject}", layout.title));
    out.push_str(&format!("</text><g transform=\"translate({MARGIN} {})\">", MARGIN + 24));
    out.push_str("<g class=\"edges\">");
    for e in &layout.edges {
        out.push_str("<path class=\"edge\" d=\"");
        out.push_str(&e.d);
        out.push_str("\"/>");
    }
    out.push_str("</g>");
    for n in &layout.nodes {
        let (state, symbol) = node_state(n.role, &n.entry, result.map(|(r, _)| r));
        out.push_str(&format!("<g class=\"{} {state}\">", n.role.as_str()));
        out.push_str(&format!("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>", n.x, n.y, n.w, n.h));
        for (i, line) in n.lines.iter().enumerate() {
            out.push_str(&format!("<text x=\"{}\" y=\"{}\">", n.x + 8, n.y + 8 + 13 + i as i32 * 17));
            escape(&mut out, line);
            out.push_str("</text>");
        }
        for (i, impact) in n.impacts.iter().enumerate().filter(|_| n.role != Role::Mark) {
            out.push_str(&format!("<text class=\"badge\" x=\"{}\" y=\"{}\">", n.x + 8 + i as i32 * 40, n.y + n.h - 8));
            escape(&mut out, &impact_mark(impact));
            out.push_str("</text>");
        }
        if !symbol.is_empty() {
            out.push_str(&format!("<text class=\"symbol\" x=\"{}\" y=\"{}\">{symbol}</text>", n.x + n.w - 14, n.y + 18));
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
    let impacts: Vec<String> = catalog.impacts.iter().map(|i| format!("{} {}", impact_mark(&i.id), i.short)).collect();
    out.push_str(&format!("<text class=\"badge\" x=\"{MARGIN}\" y=\"{}\">", h - 10));
    escape(&mut out, &format!("Impacts: {}", impacts.join(" · ")));
    out.push_str("</text>");
    if result.is_some() {
        let y = h - legend;
        out.push_str(&format!("<text x=\"{MARGIN}\" y=\"{}\">", y + 14));
        escape(
            &mut out,
            "! applies   ? unknown (dashed)   ↓ low   – not applicable or not needed (faded)   ✓ recommended control   G general control",
        );
        out.push_str(&format!("</text><text x=\"{MARGIN}\" y=\"{}\">", y + 34));
        escape(&mut out, "Dotted border: the supplier must act; dash-dot border: shared with the supplier.");
        out.push_str("</text>");
    }
    out.push_str("</svg>\n");
    out
}
