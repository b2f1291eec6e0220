//! Strings to dense ids: the one interner of the analyses (terms' words and n-grams' names,
//! co-occurrence's vocabulary). Ids are given in order of first sight, so a table built from
//! one interner is deterministic only after sorting by name, which every output does.

use rustc_hash::FxHashMap;

/// Strings to dense ids `0..len`, and back.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    /// The id of `s`, inserted when new.
    #[inline]
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        let b: Box<str> = s.into();
        self.names.push(b.clone());
        self.ids.insert(b, id);
        id
    }

    /// The id of `s`, if it was interned.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    /// The string with id `id`.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// The number of strings.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Adds `other`'s strings; returns the id here of each of `other`'s ids.
    pub fn absorb(&mut self, other: &Interner) -> Vec<u32> {
        other.names.iter().map(|s| self.id(s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_order_of_first_sight_and_merge() {
        let mut a = Interner::default();
        assert_eq!([a.id("un"), a.id("UN"), a.id("un")], [0, 1, 0]);
        assert_eq!((a.name(1), a.len(), a.get("US")), ("UN", 2, None));
        let mut b = Interner::default();
        b.id("US");
        b.id("un");
        assert_eq!(a.absorb(&b), [2, 0]);
        assert_eq!(a.len(), 3);
    }
}
