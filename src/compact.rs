//! The assessment result in a compact form for JavaScript: a list of numbers, and strings by
//! number.
//!
//! Handing JavaScript the result as JSON text costs far more than working it out: for a full
//! answer set the 33 KB of text took about 37 µs to become a JavaScript string and 112 µs to
//! parse, against about 7 µs for the assessment itself. Almost every string in a result is one
//! of a few hundred that never change (ids, the rules' reasons, the texts of the `Plan`), so
//! they cross once: the [`Interner`] numbers every `'static` string it meets, by address, and a
//! result carries only numbers for them, plus the few strings made for this result (a group's
//! summary, what remains to accept, the user's own notes). `www/navigator.js` keeps the table
//! and builds the very objects `JSON.parse` would have built from [`Assessment::to_json`] — a
//! test compares the two for every example and for random answer sets.
//!
//! The stream (`u32`s):
//!
//! ```text
//! first  new  dynamic  body…  length × (new + dynamic)
//! ```
//!
//! `first` is the table position of the first of `new` strings the caller does not have yet;
//! `dynamic` is the number of strings made for this result. The stream ends with the length of
//! each of those strings in UTF-16 code units (JavaScript's `length`): the text that comes with
//! the stream is all of them, one after another. In the body a string is its table position,
//! `NULL`, or `dynamic(i)` for the i-th dynamic string; lists are their length, then their
//! items; the fields come in the order of `to_json`. Read as signed 32-bit numbers (as
//! JavaScript does, to stay with small integers) `NULL` is -1, `dynamic(i)` is -2 - i, and
//! everything else is at least 0.

use crate::assess::Assessment;
use crate::catalog::{List, Text};
use std::borrow::Cow;

/// In the body: `null` (-1 as a signed number).
pub const NULL: u32 = u32::MAX;
/// Table positions and plain numbers stay below this; dynamic strings are counted down from
/// `NULL - 1`.
pub const LIMIT: u32 = 1 << 31;

/// In the body: the i-th string made for this result (-2 - i as a signed number).
pub fn dynamic(i: u32) -> u32 {
    NULL - 1 - i
}

/// The strings that live as long as the program, numbered in the order they were first met.
/// One per WebAssembly instance; JavaScript keeps a copy of the list.
#[derive(Default)]
pub struct Interner {
    list: Vec<&'static str>,
    /// (address, length, what) of every string and list met, sorted, with its number: for a
    /// string its position in `list`, for a list its position in `lists`. Addresses and
    /// lengths are unique while the program runs; a binary search over a few hundred of them
    /// costs less code than a hash map, and about the same time.
    index: Vec<(Key, u32)>,
    /// Lists that live as long as the program (a threat's controls in the `Plan`, say), as the
    /// positions of their strings: one lookup instead of one per item.
    lists: Vec<Vec<u32>>,
    /// The last key found in each of `RECENT` slots: most lookups end here, without a search.
    recent: Vec<(Key, u32)>,
}

const RECENT: usize = 1024;

/// Address, length, and whether it is a list (an empty string and an empty list may share an
/// address).
type Key = (usize, usize, bool);

impl Interner {
    /// The number of `key`, or where it would go in `index`. The common case, a key found in
    /// `recent`, is inlined where strings are written; it was a tenth of the time of `assess`
    /// through WebAssembly as a call.
    #[inline(always)]
    fn find(&mut self, key: Key) -> Result<u32, usize> {
        let slot = (key.0.wrapping_mul(0x9E37_79B9) >> 16 ^ key.1) % RECENT;
        match self.recent.get(slot) {
            Some(&(k, n)) if k == key => Ok(n),
            _ => self.search(key, slot),
        }
    }

    #[inline(never)]
    fn search(&mut self, key: Key, slot: usize) -> Result<u32, usize> {
        let n = self.index.binary_search_by(|(k, _)| k.cmp(&key)).map(|at| self.index[at].1)?;
        if self.recent.is_empty() {
            self.recent = vec![((0, 0, false), 0); RECENT];
        }
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = (key, n);
        }
        Ok(n)
    }

    pub fn new() -> Interner {
        Interner::default()
    }

    /// How many strings have been numbered.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    #[inline]
    fn number(&mut self, s: &'static str) -> u32 {
        let key = (s.as_ptr() as usize, s.len(), false);
        let at = match self.find(key) {
            Ok(n) => return n,
            Err(at) => at,
        };
        // From LIMIT on a number would read as a dynamic string: send the string as one instead
        // (a catalog would need two billion strings to get there).
        let n = self.list.len() as u32;
        if n >= LIMIT {
            return NULL;
        }
        self.list.push(s);
        self.index.insert(at, (key, n));
        n
    }
}

/// A result in compact form: the numbers and the text of the strings they introduce.
pub struct Compact {
    pub numbers: Vec<u32>,
    pub text: String,
}

struct Writer<'i> {
    interner: &'i mut Interner,
    /// The numbers of the names of statuses, responsibilities and the like, by variant.
    names: Names,
    body: Vec<u32>,
    /// The strings made for this result, one after another, and each one's UTF-16 length.
    dynamic: String,
    dynamic_lengths: Vec<u32>,
}

impl Writer<'_> {
    fn fixed(&mut self, s: &'static str) {
        match self.interner.number(s) {
            NULL => self.made(s),
            n => self.body.push(n),
        }
    }

    fn made(&mut self, s: &str) {
        self.made_with(|out| out.push_str(s));
    }

    /// A string made for this result, written by `write` straight into the result's text.
    fn made_with(&mut self, write: impl FnOnce(&mut String)) {
        self.body.push(dynamic(self.dynamic_lengths.len() as u32));
        let start = self.dynamic.len();
        write(&mut self.dynamic);
        self.dynamic_lengths.push(self.dynamic.get(start..).map_or(0, utf16_len));
    }

    fn text(&mut self, t: &Text) {
        match t {
            Cow::Borrowed(s) => self.fixed(s),
            Cow::Owned(s) => self.made(s),
        }
    }

    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.made(s),
            None => self.body.push(NULL),
        }
    }

    fn num(&mut self, n: u32) {
        self.body.push(n);
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.body.push(items.len() as u32);
        for item in items {
            each(self, item);
        }
    }

    /// A list of texts; one that lives as long as the program, with nothing made at run time in
    /// it, is numbered once and then copied as numbers.
    fn texts(&mut self, items: &List<Text>) {
        let Cow::Borrowed(slice) = items else {
            return self.list(items, |w, t| w.text(t));
        };
        let key = (slice.as_ptr() as usize, slice.len(), true);
        if let Ok(n) = self.interner.find(key) {
            if let Some(numbers) = self.interner.lists.get(n as usize) {
                self.body.push(numbers.len() as u32);
                self.body.extend_from_slice(numbers);
                return;
            }
        }
        let start = self.body.len() + 1;
        let made_before = self.dynamic_lengths.len();
        self.list(slice, |w, t| w.text(t));
        if self.dynamic_lengths.len() == made_before {
            if let Err(at) = self.interner.find(key) {
                self.interner.index.insert(at, (key, self.interner.lists.len() as u32));
                self.interner.lists.push(self.body[start..].to_vec());
            }
        }
    }
}

/// The numbers of the names of fieldless variants, in the order of their discriminants (`as
/// usize` picks one; were the variants reordered, the comparison with the JSON result in
/// tests/js/compact.test.mjs would fail).
struct Names {
    status: [u32; 4],
    responsibility: [u32; 3],
    verdict: [u32; 3],
    control_status: [u32; 3],
    treatment: [u32; 4],
}

impl Names {
    fn new(interner: &mut Interner) -> Names {
        use crate::assess::{ControlVerdict as V, Responsibility as R, Status as S};
        use crate::assessment::{ControlStatus as C, Treatment as T};
        let mut n = |s: &'static str| interner.number(s);
        Names {
            status: [S::Applies, S::Unknown, S::Low, S::NotApplicable].map(|x| n(x.as_str())),
            responsibility: [R::Own, R::Supplier, R::Shared].map(|x| n(x.as_str())),
            verdict: [V::Recommended, V::General, V::NotNeeded].map(|x| n(x.as_str())),
            control_status: [C::Implemented, C::Planned, C::NotPlanned].map(|x| n(x.as_str())),
            treatment: [T::Mitigate, T::Accept, T::Transfer, T::Avoid].map(|x| n(x.as_str())),
        }
    }
}

fn utf16_len(s: &str) -> u32 {
    // Characters beyond U+FFFF take two UTF-16 units, the others one.
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

impl Assessment {
    /// The result in compact form (see the module's documentation). `known` is how many strings
    /// of `interner`'s table the caller has already; the result brings the rest.
    pub fn to_compact(&self, interner: &mut Interner, known: usize) -> Compact {
        let first = known.min(interner.len());
        let names = Names::new(interner);
        let mut body = Vec::with_capacity(2048);
        body.extend([0, 0, 0]); // the header, filled in at the end
        let mut w = Writer { interner, names, body, dynamic: String::with_capacity(4096), dynamic_lengths: Vec::new() };
        w.made(&self.catalog);
        w.list(&self.threats, |w, t| {
            w.text(&t.id);
            w.num(w.names.status[t.status as usize]);
            w.num(w.names.responsibility[t.responsibility as usize]);
            w.list(&t.reasons, |w, r| {
                w.text(&r.rule);
                w.text(&r.text);
            });
            w.list(&t.open_questions, |w, q| w.text(q));
        });
        w.list(&self.controls, |w, c| {
            w.text(&c.id);
            w.num(w.names.verdict[c.status as usize]);
            w.num(w.names.responsibility[c.responsibility as usize]);
            w.texts(&c.covers);
            w.num(c.score);
            w.num(c.rank.unwrap_or(NULL));
            w.num(c.implementation.map_or(NULL, |s| w.names.control_status[s as usize]));
        });
        w.list(&self.flags, |w, f| {
            w.text(&f.id);
            w.text(&f.text);
        });
        w.list(&self.follow_ups, |w, f| {
            w.made(&f.question);
            w.made(&f.why);
        });
        w.list(&self.assurance, |w, a| w.text(a));
        w.list(&self.register, |w, e| {
            w.text(&e.threat);
            for n in [e.likelihood, e.impact, e.suggested_likelihood, e.suggested_impact] {
                w.num(n);
            }
            w.list(&e.basis, |w, b| w.text(b));
            w.num(e.treatment.map_or(NULL, |t| w.names.treatment[t as usize]));
            w.opt(e.owner.as_deref());
            w.opt(e.note.as_deref());
            w.texts(&e.controls);
            for n in [e.implemented, e.inherent, e.residual] {
                w.num(n);
            }
            w.made_with(|out| e.write_acceptance(out));
        });
        match &self.catalog_change {
            None => w.num(NULL),
            Some(c) => {
                w.num(1);
                w.opt(c.from.as_deref());
                w.made(&c.to);
                w.list(&c.renamed, |w, (from, to)| {
                    w.made(from);
                    w.made(to);
                });
                w.list(&c.added, |w, t| w.text(t));
                w.made(&c.text);
            }
        }

        let Writer { interner, body: mut numbers, dynamic, dynamic_lengths, .. } = w;
        let new = &interner.list[first..];
        numbers[..3].copy_from_slice(&[first as u32, new.len() as u32, dynamic_lengths.len() as u32]);
        numbers.extend(new.iter().map(|s| utf16_len(s)));
        numbers.extend(dynamic_lengths);
        // Usually every string is known already, and the text is only what was made.
        let text = if new.is_empty() {
            dynamic
        } else {
            let mut text = new.concat();
            text.push_str(&dynamic);
            text
        };
        Compact { numbers, text }
    }
}
