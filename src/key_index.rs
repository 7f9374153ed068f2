//! Positions of items by their string key: a small open-addressing hash table of positions.
//!
//! The core looks ids up in two places only (the assessment plan and the diagram layout), each
//! for a list it owns. `std`'s `HashMap` would do, but it brings hashbrown's generic table and
//! SipHash into the WebAssembly module for every key type it is used with; this table stores
//! nothing but positions and asks its owner for the key at a position, so it is one small piece
//! of code for every use (see ARCHITECTURE.md, "Sizes").

/// An empty slot.
const EMPTY: u32 = u32::MAX;

/// Maps a key to a position in a list the caller owns. Every method takes `key_at`, which gives
/// the key of a position already added.
#[derive(Default)]
pub(crate) struct KeyIndex {
    /// A power of two in length (or empty); each slot is `EMPTY` or a position.
    slots: Vec<u32>,
    count: usize,
}

/// FNV-1a: short ids, no adversary (the keys come from the catalog), and a few instructions.
fn hash(key: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for &b in key.as_bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h as usize
}

impl KeyIndex {
    /// The slot holding `key`, or the empty slot where it would go. The table is never full.
    fn slot<'a>(&self, key: &str, key_at: &impl Fn(usize) -> &'a str) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = hash(key) & mask;
        loop {
            let p = self.slots[i];
            if p == EMPTY || key_at(p as usize) == key {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The position stored under `key`.
    pub(crate) fn get<'a>(&self, key: &str, key_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        match self.slots[self.slot(key, &key_at)] {
            EMPTY => None,
            p => Some(p as usize),
        }
    }

    /// Stores `position` under `key`, replacing the position stored under it before.
    pub(crate) fn insert<'a>(&mut self, key: &str, position: usize, key_at: impl Fn(usize) -> &'a str) {
        if (self.count + 1) * 2 > self.slots.len() {
            self.grow(&key_at);
        }
        let i = self.slot(key, &key_at);
        if self.slots[i] == EMPTY {
            self.count += 1;
        }
        self.slots[i] = position as u32;
    }

    /// Stores `position` under `key` unless the key is there already (the first one stays).
    pub(crate) fn insert_first<'a>(&mut self, key: &str, position: usize, key_at: impl Fn(usize) -> &'a str) {
        if self.get(key, &key_at).is_none() {
            self.insert(key, position, key_at);
        }
    }

    /// Doubles the table (at least 16 slots) and puts every position back.
    fn grow<'a>(&mut self, key_at: &impl Fn(usize) -> &'a str) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
        for p in old.into_iter().filter(|&p| p != EMPTY) {
            let i = self.slot(key_at(p as usize), key_at);
            self.slots[i] = p;
        }
    }

    /// Builds the index of `keys`, the first of equal keys winning.
    pub(crate) fn of(keys: &[&str]) -> KeyIndex {
        let mut index = KeyIndex::default();
        for (i, key) in keys.iter().enumerate() {
            index.insert_first(key, i, |p| keys[p]);
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::KeyIndex;

    #[test]
    fn finds_every_key_and_keeps_the_first_of_equal_keys() {
        let owned: Vec<String> = (0..1000).map(|i| format!("key-{}", i % 700)).collect();
        let keys: Vec<&str> = owned.iter().map(String::as_str).collect();
        let index = KeyIndex::of(&keys);
        for i in 0..700 {
            assert_eq!(index.get(&format!("key-{i}"), |p| keys[p]), Some(i));
        }
        assert_eq!(index.get("key-700", |p| keys[p]), None);
        assert_eq!(index.get("", |p| keys[p]), None);
        assert_eq!(KeyIndex::default().get("key-1", |p| keys[p]), None);
    }

    #[test]
    fn insert_replaces_and_insert_first_does_not() {
        let keys = ["a", "b", "a", "b"];
        let mut index = KeyIndex::default();
        for (i, key) in keys.iter().enumerate() {
            index.insert(key, i, |p| keys[p]);
        }
        assert_eq!((index.get("a", |p| keys[p]), index.get("b", |p| keys[p])), (Some(2), Some(3)));
        index.insert_first("a", 0, |p| keys[p]);
        assert_eq!(index.get("a", |p| keys[p]), Some(2));
    }
}
