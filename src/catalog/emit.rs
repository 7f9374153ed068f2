//! Writes a [`Catalog`] as Rust source: `build.rs` uses it to turn the validated catalog into
//! `static` data that the module carries ready-made (no parsing and no allocation at start-up).
//!
//! The module also carries the catalog document (minified JSON), which holds nearly every id and
//! name of the model too. A string of the model that occurs in the document is written as
//! `doc!(offset, length)`, a slice of the document, so the module stores it once.

use super::{
    Alias, AppliesTo, AssuranceQuestion, AttackSurface, ByParty, Catalog, Control, ControlGroup, ControlSet, Effect, EntryRef, Essential,
    FlagRule, Impact, Inheritance, Lifecycle, LifecycleInfo, Question, RiskAdjust, RiskModel, Rule, Source, Threat, ThreatKind,
};
use std::borrow::Cow;

/// Rust source for `pub static CATALOG: Catalog = …;`. The types must be in scope where the
/// output is `include!`d, and so must a macro `doc!(offset, length)` that gives that slice of
/// `document`, the text the module embeds as the catalog document (see `src/builtin.rs`).
pub fn catalog_source(catalog: &Catalog, document: &str) -> String {
    let mut out = Out { text: String::from("pub static CATALOG: Catalog = "), document };
    catalog.emit(&mut out);
    out.push_str(";\n");
    out.text
}

/// The Rust source being written, and the document that strings may be borrowed from.
struct Out<'d> {
    text: String,
    document: &'d str,
}

impl Out<'_> {
    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn push(&mut self, c: char) {
        self.text.push(c);
    }
}

/// A value that can write itself as a Rust constant expression.
trait Emit {
    fn emit(&self, out: &mut Out<'_>);
}

impl Emit for Cow<'static, str> {
    fn emit(&self, out: &mut Out<'_>) {
        let text = match out.document.find(self.as_ref()).filter(|_| !self.is_empty()) {
            // The same bytes at that place of the document (at character boundaries, since
            // `find` matched a whole str).
            Some(at) => format!("Cow::Borrowed(doc!({at}, {}))", self.len()),
            // `{:?}` of a str is a valid Rust string literal.
            None => format!("Cow::Borrowed({:?})", self.as_ref()),
        };
        out.push_str(&text);
    }
}

impl<T: Emit + Clone> Emit for Cow<'static, [T]> {
    fn emit(&self, out: &mut Out<'_>) {
        out.push_str("Cow::Borrowed(&[");
        for item in self.iter() {
            item.emit(out);
            out.push(',');
        }
        out.push_str("])");
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, out: &mut Out<'_>) {
        match self {
            None => out.push_str("None"),
            Some(value) => {
                out.push_str("Some(");
                value.emit(out);
                out.push(')');
            }
        }
    }
}

impl<A: Emit, B: Emit> Emit for (A, B) {
    fn emit(&self, out: &mut Out<'_>) {
        out.push('(');
        self.0.emit(out);
        out.push(',');
        self.1.emit(out);
        out.push(')');
    }
}

impl Emit for bool {
    fn emit(&self, out: &mut Out<'_>) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl Emit for u32 {
    fn emit(&self, out: &mut Out<'_>) {
        out.push_str(&self.to_string());
    }
}

impl Emit for i32 {
    fn emit(&self, out: &mut Out<'_>) {
        out.push_str(&self.to_string());
    }
}

impl Emit for Effect {
    fn emit(&self, out: &mut Out<'_>) {
        out.push_str(&format!("Effect::{self:?}"));
    }
}

impl Emit for Lifecycle {
    fn emit(&self, out: &mut Out<'_>) {
        out.push_str(&format!("Lifecycle::{self:?}"));
    }
}

impl Emit for ThreatKind {
    fn emit(&self, out: &mut Out<'_>) {
        out.push_str(&format!("ThreatKind::{self:?}"));
    }
}

impl Emit for EntryRef {
    fn emit(&self, out: &mut Out<'_>) {
        out.push_str(&format!("EntryRef::{self:?}"));
    }
}

/// `impl Emit` for a struct: writes `Name { field: value, … }` for the listed fields. Listing a
/// field that does not exist fails to compile; forgetting one fails where the output is
/// compiled (a missing field in a struct expression).
macro_rules! emit_struct {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Emit for $ty {
            fn emit(&self, out: &mut Out<'_>) {
                out.push_str(concat!(stringify!($ty), " {"));
                $(
                    out.push_str(concat!(stringify!($field), ":"));
                    self.$field.emit(out);
                    out.push(',');
                )*
                out.push('}');
            }
        }
    )*};
}

emit_struct! {
    Catalog { version, title, source, permalink, legacy_permalink, impacts, lifecycles, attack_surfaces,
              control_groups, essentials, threats, controls, control_sets, index, questions, rules, flags,
              assurance, risk, hidden, addresses }
    Question { id, text, options, labels, ask_when, when_not_asked }
    Rule { id, when, effect, threats, reason }
    FlagRule { id, when, text }
    AssuranceQuestion { id, when, text }
    RiskModel { likelihood, impact, adjust }
    RiskAdjust { when, lifecycle, threats, impacts, likelihood, impact, reason }
    Source { name, url, repository, commit, date, legacy_commit, legacy_date }
    Impact { id, nr, name, short }
    LifecycleInfo { id, name }
    AttackSurface { id, lifecycle, name }
    ControlGroup { id, nr, parent, name }
    Essential { id, parent, name }
    AppliesTo { predictive, genai, llm_only, agentic_only }
    Alias { id, name }
    Inheritance { from, except, plus }
    ByParty { supplier, producer }
    Threat { id, code, name, since, kind, parent, impacts, lifecycle, attack_surfaces, applies_to, controls,
             periodic_table_controls, control_sets, inherits_controls, controls_by_party, aliases, llm_top10 }
    Control { id, name, label, section, since, groups, essentials, aliases }
    ControlSet { id, code, name, members }
}
