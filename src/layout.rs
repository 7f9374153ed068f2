//! Diagram layouts: where every threat, control and heading goes in each view, and the paths of
//! the relations between them. Deterministic (the same catalog and view give the same layout),
//! in whole pixels, with nothing overlapping; the page renders it as SVG and `svg.rs` writes it
//! as a standalone file.
//!
//! Views:
//! - `navigator`: threats in bands by lifecycle (development-time, through use, runtime), controls
//!   by group, and an edge for every control a threat's entry lists;
//! - `matrix`: every threat against the six impacts;
//! - `periodic`: per impact, each threat with the controls the periodic table gives it;
//! - `model-general`, `model-trained`, `model-as-is`: the seed's three threat models (everything;
//!   a generative model you train; one used as-is from a provider): the concrete threats only, each
//!   with the controls listed for it (or, where it has none of its own, for the entry above it),
//!   without the threats that cannot arise, and with the provider's part apart.

use crate::assess::{assess, Assessment, Responsibility, Status};
use crate::assessment::AssessmentFile;
use crate::catalog::{Catalog, Lifecycle, Threat, ThreatKind};
use crate::json::{write_string, ObjectWriter};
use crate::key_index::KeyIndex;
use crate::{Error, ErrorCode};

/// The views, by id.
pub const VIEWS: [&str; 6] = ["navigator", "matrix", "periodic", "model-general", "model-trained", "model-as-is"];

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Threat,
    Control,
    /// A band or column heading.
    Heading,
    /// A mark in the matrix: this threat harms this impact.
    Mark,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Threat => "threat",
            Role::Control => "control",
            Role::Heading => "heading",
            Role::Mark => "mark",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Unique within the layout (a threat can appear more than once in the periodic table).
    pub key: String,
    pub role: Role,
    /// The catalog entry (threat id, control id, impact id or band id).
    pub entry: String,
    /// The label, wrapped to fit.
    pub lines: Vec<String>,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    /// Nesting for threats: 0 section, 1 group, 2 threat under a group.
    pub depth: u8,
    /// Impact marks shown on a threat (navigator views).
    pub impacts: Vec<String>,
    /// In the threat-model views: who must act.
    pub responsibility: Option<Responsibility>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// An SVG path in whole pixels.
    pub d: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub view: &'static str,
    pub title: String,
    pub width: i32,
    pub height: i32,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

// Geometry, in pixels. Text is 13 px; the widest character of the labels averages under 7.5 px.
const LINE: i32 = 17;
const PAD: i32 = 8;
const GAP: i32 = 6;
const CHAR: i32 = 7;
const BADGE: i32 = 18;
/// Room at the right of a box for the state symbol (✓, !, ?, …).
const SYMBOL: i32 = 14;

/// Splits a label into lines of at most `max` characters, at spaces where possible.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > max {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let cut: String = word.chars().take(max - 1).collect();
            word = word.chars().skip(max - 1).collect();
            lines.push(format!("{cut}-"));
        }
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Characters that fit on a line of a box this wide, leaving room for the state symbol.
pub fn chars_for(width: i32) -> usize {
    ((width - 2 * PAD - SYMBOL) / CHAR).max(4) as usize
}

fn box_height(lines: usize, badges: bool) -> i32 {
    lines as i32 * LINE + 2 * PAD + if badges { BADGE + 2 } else { 0 }
}

/// A short mark for an impact id: the letters before the underscore and the first after it
/// (`C_TRAINDATA` → `CT`, `I_MODEL` → `IM`, `CIA_NONAI` → `CIAN`).
pub fn impact_mark(id: &str) -> String {
    match id.split_once('_') {
        Some((a, b)) => format!("{a}{}", b.chars().next().unwrap_or_default()),
        None => id.to_string(),
    }
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    /// Node key → position in `nodes`.
    index: KeyIndex,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn node(&mut self, key: String, role: Role, entry: &str, label: &str, x: i32, y: i32, w: i32, depth: u8, impacts: Vec<String>) -> i32 {
        let lines = wrap(label, chars_for(w));
        let h = box_height(lines.len(), !impacts.is_empty());
        self.push(Node { key, role, entry: entry.to_string(), lines, x, y, w, h, depth, impacts, responsibility: None });
        h
    }

    /// Adds a node, findable by its key.
    fn push(&mut self, node: Node) {
        let nodes = &self.nodes;
        self.index.insert(&node.key, nodes.len(), |p| &nodes[p].key);
        self.nodes.push(node);
    }

    fn find(&self, key: &str) -> Option<&Node> {
        self.index.get(key, |p| &self.nodes[p].key).map(|i| &self.nodes[i])
    }

    /// A curve from the right side of `from` to the left side of `to`.
    fn connect(&mut self, from: &str, to: &str) {
        let (Some(a), Some(b)) = (self.find(from), self.find(to)) else { return };
        let (x1, y1) = (a.x + a.w, a.y + a.h / 2);
        let (x2, y2) = (b.x, b.y + b.h / 2);
        let mid = (x1 + x2) / 2;
        let d = format!("M{x1} {y1}C{mid} {y1} {mid} {y2} {x2} {y2}");
        self.edges.push(Edge { from: from.to_string(), to: to.to_string(), d });
    }
}

fn lifecycle_title(catalog: &Catalog, l: Lifecycle) -> String {
    catalog.lifecycles.iter().find(|x| x.id == l).map_or_else(|| l.as_str().to_string(), |x| x.name.to_string())
}

/// The controls an entry itself lists (its section, the periodic table, the split by party).
fn listed_controls(t: &Threat) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let lists = [Some(&t.controls), t.periodic_table_controls.as_ref()];
    let by_party = t.controls_by_party.as_ref().map(|b| [&b.supplier, &b.producer]);
    for list in lists.into_iter().flatten().chain(by_party.into_iter().flatten()) {
        for id in list.iter() {
            if !out.contains(&id.as_ref()) {
                out.push(id);
            }
        }
    }
    out
}

fn depth_of(t: &Threat) -> u8 {
    match t.kind {
        ThreatKind::Section => 0,
        ThreatKind::Group => 1,
        ThreatKind::Threat if t.parent.is_some() => 2,
        ThreatKind::Threat => 1,
    }
}

/// Which threats a threat-model view shows, and who acts on them; `None` shows everything.
fn preset(catalog: &Catalog, view: &str) -> Option<Assessment> {
    let answers: &[(&str, &str)] = match view {
        // Like the seed's threat models of generative AI, these assume that nobody profits from
        // fooling the model's decisions (no evasion).
        "model-trained" => &[("model_type", "genai_llm"), ("decision_fooling", "no"), ("training", "train"), ("hosting", "self")],
        "model-as-is" => &[("model_type", "genai_llm"), ("decision_fooling", "no"), ("training", "as_is"), ("hosting", "provider")],
        _ => return None,
    };
    Some(assess(catalog, &AssessmentFile::with_answers(answers)))
}

const THREAT_W: i32 = 260;
const CONTROL_W: i32 = 240;
const EDGE_SPACE: i32 = 200;

fn navigator(catalog: &Catalog, view: &'static str) -> Layout {
    let shown = preset(catalog, view);
    // Threat models list concrete threats: no sections, and groups only where they have no members.
    let model = view.starts_with("model-");
    let leaf = |t: &Threat| t.kind != ThreatKind::Section && !catalog.threats.iter().any(|x| x.parent.as_deref() == Some(&*t.id));
    let visible =
        |t: &Threat| (!model || leaf(t)) && shown.as_ref().and_then(|a| a.threat(&t.id)).is_none_or(|r| r.status != Status::NotApplicable);
    let responsibility = |id: &str| shown.as_ref().and_then(|a| a.threat(id)).map(|r| r.responsibility);
    let mut b = Builder::default();
    let mut y = 0;
    // Bands: one per lifecycle; in "as-is" the provider's threats get a band of their own.
    let provider = view == "model-as-is";
    let mut bands: Vec<(String, String, Vec<&Threat>)> = Vec::new();
    for l in Lifecycle::ALL {
        let members: Vec<&Threat> = catalog
            .threats
            .iter()
            .filter(|t| t.lifecycle == l && visible(t))
            .filter(|t| !provider || responsibility(&t.id) != Some(Responsibility::Supplier))
            .collect();
        bands.push((format!("band:{}", l.as_str()), lifecycle_title(catalog, l), members));
    }
    if provider {
        let members: Vec<&Threat> =
            catalog.threats.iter().filter(|t| visible(t) && responsibility(&t.id) == Some(Responsibility::Supplier)).collect();
        bands.push(("band:provider".to_string(), "The provider's part (supplier responsibility)".to_string(), members));
    }
    for (key, title, members) in bands {
        if members.is_empty() {
            continue;
        }
        y += b.node(key.clone(), Role::Heading, key.trim_start_matches("band:"), &title, 0, y, THREAT_W, 0, Vec::new()) + GAP;
        for t in members {
            let indent = if model { 0 } else { 14 * i32::from(depth_of(t)) };
            let impacts: Vec<String> = t.impacts.iter().map(|i| i.to_string()).collect();
            y += b.node(format!("threat:{}", t.id), Role::Threat, &t.id, &t.name, indent, y, THREAT_W - indent, depth_of(t), impacts) + GAP;
            if let Some(r) = responsibility(&t.id) {
                if let Some(n) = b.nodes.last_mut() {
                    n.responsibility = Some(r);
                }
            }
        }
        y += 2 * GAP;
    }
    let threats_height = y;

    // Controls by top-level group, each group ordered by where its threats sit (fewer crossings).
    let threat_y = |b: &Builder, id: &str| b.find(&format!("threat:{id}")).map(|n| n.y + n.h / 2);
    let mut related: Vec<(String, String)> = Vec::new();
    for t in catalog.threats.iter() {
        if b.find(&format!("threat:{}", t.id)).is_none() {
            continue;
        }
        // In a threat model a threat without a list of its own takes the list of the entry above it.
        let mut source = Some(t);
        let mut steps = 0;
        while let Some(x) = source {
            let listed = listed_controls(x);
            if !listed.is_empty() || !model || steps > catalog.threats.len() {
                for c in listed {
                    related.push((t.id.to_string(), c.to_string()));
                }
                break;
            }
            steps += 1;
            source = x.parent.as_deref().and_then(|p| catalog.threat(p));
        }
    }
    // Where each control's threats sit, for ordering.
    let control_ids: Vec<&str> = catalog.controls.iter().map(|c| &*c.id).collect();
    let control_at = KeyIndex::of(&control_ids);
    let mut ys_of: Vec<Vec<i32>> = vec![Vec::new(); control_ids.len()];
    for (t, c) in &related {
        if let (Some(y), Some(i)) = (threat_y(&b, t), control_at.get(c, |p| control_ids[p])) {
            ys_of[i].push(y);
        }
    }
    let x = THREAT_W + EDGE_SPACE;
    let mut y = 0;
    // The top-level group of a control group (bounded, should the groups ever form a cycle).
    let top_of = |id: &str| {
        let mut g = catalog.control_groups.iter().find(|g| g.id == id);
        for _ in 0..catalog.control_groups.len() {
            match g.and_then(|g| g.parent.as_deref()) {
                Some(p) => g = catalog.control_groups.iter().find(|x| x.id == p),
                None => break,
            }
        }
        g.map(|g| g.id.to_string())
    };
    for group in catalog.control_groups.iter().filter(|g| g.parent.is_none()) {
        let mut members: Vec<(i32, &str, &str)> = catalog
            .controls
            .iter()
            .filter(|c| c.groups.first().and_then(|g| top_of(g)).as_deref() == Some(&*group.id))
            .map(|c| (c, control_at.get(&c.id, |p| control_ids[p]).map_or(&[][..], |i| &ys_of[i][..])))
            .filter(|(_, ys)| !model || !ys.is_empty())
            .map(|(c, ys)| {
                let centre = if ys.is_empty() { i32::MAX } else { ys.iter().sum::<i32>() / ys.len() as i32 };
                (centre, &*c.id, &*c.name)
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        // A few dozen members at most (a few hundred in the ten-times benchmark catalog): the
        // crate's small insertion sort, not the standard library's, whose code is larger.
        crate::assess::sort_by_key(&mut members, |&(centre, id, _)| (centre, id));
        let key = format!("group:{}", group.id);
        y += b.node(key, Role::Heading, &group.id, &group.name, x, y, CONTROL_W, 0, Vec::new()) + GAP;
        for (_, id, name) in members {
            y += b.node(format!("control:{id}"), Role::Control, id, name, x, y, CONTROL_W, 0, Vec::new()) + GAP;
        }
        y += 2 * GAP;
    }
    for (t, c) in &related {
        b.connect(&format!("threat:{t}"), &format!("control:{c}"));
    }
    let title = match view {
        "model-general" => "Threat model with controls: general",
        "model-trained" => "Threat model with controls: generative AI you train or fine-tune",
        "model-as-is" => "Threat model with controls: generative AI used as-is from a provider",
        _ => "Navigator: threats by lifecycle, controls by group",
    };
    Layout { view, title: title.to_string(), width: x + CONTROL_W, height: threats_height.max(y), nodes: b.nodes, edges: b.edges }
}

const CELL_W: i32 = 120;

fn matrix(catalog: &Catalog) -> Layout {
    let mut b = Builder::default();
    // Column headings: the impacts, all the same height.
    let heading_lines = catalog.impacts.iter().map(|i| wrap(&i.short, chars_for(CELL_W)).len()).max().unwrap_or(1);
    let heading_h = box_height(heading_lines, false);
    for (col, impact) in catalog.impacts.iter().enumerate() {
        let x = THREAT_W + GAP + col as i32 * (CELL_W + GAP);
        b.node(format!("impact:{}", impact.id), Role::Heading, &impact.id, &impact.short, x, 0, CELL_W, 0, Vec::new());
        if let Some(n) = b.nodes.last_mut() {
            n.h = heading_h;
        }
    }
    let mut y = heading_h + GAP;
    for l in Lifecycle::ALL {
        let leaves: Vec<&Threat> =
            catalog.threats.iter().filter(|t| t.lifecycle == l && t.kind != ThreatKind::Section && !t.impacts.is_empty()).collect();
        if leaves.is_empty() {
            continue;
        }
        let key = format!("band:{}", l.as_str());
        y += b.node(key, Role::Heading, l.as_str(), &lifecycle_title(catalog, l), 0, y, THREAT_W, 0, Vec::new()) + GAP;
        for t in leaves {
            let indent = 14 * i32::from(depth_of(t).saturating_sub(1));
            let h = b.node(format!("threat:{}", t.id), Role::Threat, &t.id, &t.name, indent, y, THREAT_W - indent, depth_of(t), Vec::new());
            for (col, impact) in catalog.impacts.iter().enumerate() {
                if t.impacts.contains(&impact.id) {
                    let x = THREAT_W + GAP + col as i32 * (CELL_W + GAP);
                    let key = format!("mark:{}:{}", t.id, impact.id);
                    b.push(Node {
                        key,
                        role: Role::Mark,
                        entry: t.id.to_string(),
                        lines: vec![impact_mark(&impact.id)],
                        x,
                        y,
                        w: CELL_W,
                        h,
                        depth: 0,
                        impacts: vec![impact.id.to_string()],
                        responsibility: None,
                    });
                }
            }
            y += h + GAP;
        }
        y += 2 * GAP;
    }
    let width = THREAT_W + GAP + catalog.impacts.len() as i32 * (CELL_W + GAP);
    Layout {
        view: "matrix",
        title: "AI security matrix: threats by type and impact".to_string(),
        width,
        height: y,
        nodes: b.nodes,
        edges: b.edges,
    }
}

/// The controls of a threat's row in the periodic table: the list the table gives it; for a
/// threat the table does not list (newer ones), the controls its own section gives, unless an
/// entry above it already has a row. `None`: no row.
fn periodic_row<'a>(catalog: &'a Catalog, t: &'a Threat) -> Option<Vec<&'a str>> {
    if let Some(list) = &t.periodic_table_controls {
        return Some(list.iter().map(|c| &**c).collect());
    }
    let mut parent = t.parent.as_deref().and_then(|p| catalog.threat(p));
    let mut steps = 0;
    while let Some(p) = parent {
        steps += 1;
        if p.periodic_table_controls.is_some() || steps > catalog.threats.len() {
            return None;
        }
        parent = p.parent.as_deref().and_then(|x| catalog.threat(x));
    }
    let leaf = !catalog.threats.iter().any(|x| x.parent.as_deref() == Some(&*t.id));
    (leaf && t.kind != ThreatKind::Section && !t.controls.is_empty()).then(|| t.controls.iter().map(|c| &**c).collect())
}

const CHIP_W: i32 = 170;
const CHIPS_PER_ROW: i32 = 5;

fn periodic(catalog: &Catalog) -> Layout {
    let mut b = Builder::default();
    let mut y = 0;
    let chip_h = box_height(2, false);
    for impact in catalog.impacts.iter() {
        let rows: Vec<(&Threat, Vec<&str>)> = catalog
            .threats
            .iter()
            .filter(|t| t.impacts.contains(&impact.id))
            .filter_map(|t| periodic_row(catalog, t).map(|controls| (t, controls)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let key = format!("impact:{}", impact.id);
        y += b.node(key, Role::Heading, &impact.id, &impact.name, 0, y, THREAT_W + CHIPS_PER_ROW * (CHIP_W + GAP), 0, Vec::new()) + GAP;
        for (t, controls) in rows {
            let row_key = format!("threat:{}@{}", t.id, impact.id);
            let chip_rows = (controls.len() as i32 + CHIPS_PER_ROW - 1) / CHIPS_PER_ROW;
            let h = b.node(row_key.clone(), Role::Threat, &t.id, &t.name, 0, y, THREAT_W, depth_of(t), Vec::new());
            let block = (chip_rows * (chip_h + GAP) - GAP).max(h);
            if let Some(n) = b.nodes.last_mut() {
                n.h = block;
            }
            for (i, c) in controls.iter().enumerate() {
                let (row, col) = (i as i32 / CHIPS_PER_ROW, i as i32 % CHIPS_PER_ROW);
                let name = catalog.control(c).map_or(*c, |x| &*x.name);
                let key = format!("control:{c}@{}@{}", t.id, impact.id);
                let x = THREAT_W + GAP + col * (CHIP_W + GAP);
                b.node(key, Role::Control, c, name, x, y + row * (chip_h + GAP), CHIP_W, 0, Vec::new());
                if let Some(n) = b.nodes.last_mut() {
                    n.h = chip_h;
                }
            }
            y += block + GAP;
        }
        y += 2 * GAP;
    }
    let width = THREAT_W + GAP + CHIPS_PER_ROW * (CHIP_W + GAP);
    Layout {
        view: "periodic",
        title: "Periodic table: each threat with its controls, by impact".to_string(),
        width,
        height: y,
        nodes: b.nodes,
        edges: b.edges,
    }
}

/// The layout of a view, or an `invalid-argument` error naming the views.
pub fn layout(catalog: &Catalog, view: &str) -> Result<Layout, Error> {
    let view = VIEWS.iter().find(|v| **v == view).ok_or_else(|| {
        let shown: String = view.chars().take(40).collect();
        Error::new(ErrorCode::InvalidArgument, format!("unknown view '{shown}'; views: {}", VIEWS.join(", "))).at("view").allowing(VIEWS)
    })?;
    Ok(match *view {
        "matrix" => matrix(catalog),
        "periodic" => periodic(catalog),
        v => navigator(catalog, v),
    })
}

impl Layout {
    /// The layout as JSON: `{ view, title, width, height, nodes: [...], edges: [...] }`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 * 1024);
        let mut o = ObjectWriter::new(&mut out);
        o.str("view", self.view).str("title", &self.title);
        o.num("width", self.width as u32).num("height", self.height as u32);
        o.list("nodes", &self.nodes, |out, n| {
            let mut x = ObjectWriter::new(out);
            x.str("key", &n.key).str("role", n.role.as_str()).str("entry", &n.entry);
            x.list("lines", &n.lines, |out, l| write_string(out, l));
            x.num("x", n.x as u32).num("y", n.y as u32).num("w", n.w as u32).num("h", n.h as u32).num("depth", u32::from(n.depth));
            x.list("impacts", &n.impacts, |out, i| write_string(out, i));
            x.opt_str("responsibility", n.responsibility.map(Responsibility::as_str));
            x.end();
        });
        o.list("edges", &self.edges, |out, e| {
            let mut x = ObjectWriter::new(out);
            x.str("from", &e.from).str("to", &e.to).str("d", &e.d);
            x.end();
        });
        o.end();
        out
    }
}
