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

/// Counts by dense id, for one period: an array while at least a quarter of its slots are
/// used, else a hash map. A period of a day sees a few thousand of a corpus' 300,000 words
/// scattered over all ids; an array per day-period (as it was) took 2 GB for `cooccur --by day`
/// on kcna-cojp; a whole-corpus period stays an array (one increment per token).
#[derive(Debug, Clone, Default)]
pub struct IdCounts {
    dense: Vec<u64>,
    /// Non-zero slots of `dense`.
    used: usize,
    sparse: Option<FxHashMap<u32, u64>>,
}

impl IdCounts {
    /// Adds `by` to the count of `id`.
    #[inline]
    pub fn add(&mut self, id: u32, by: u64) {
        if let Some(m) = &mut self.sparse {
            *m.entry(id).or_insert(0) += by;
            return;
        }
        let i = id as usize;
        if i >= self.dense.len() {
            // Grow while a quarter of the slots would still be used (small arrays always).
            let len = (i + 1).max(self.dense.len() * 3 / 2);
            if i >= 4096 && (self.used + 1) * 4 < len {
                let mut m: FxHashMap<u32, u64> = self.nonzero().collect();
                *m.entry(id).or_insert(0) += by;
                self.dense = Vec::new();
                self.sparse = Some(m);
                return;
            }
            self.dense.resize(len, 0);
        }
        let slot = &mut self.dense[i];
        self.used += usize::from(*slot == 0);
        *slot += by;
    }

    /// The count of `id` (0 when never added).
    #[inline]
    pub fn get(&self, id: u32) -> u64 {
        match &self.sparse {
            Some(m) => m.get(&id).copied().unwrap_or(0),
            None => self.dense.get(id as usize).copied().unwrap_or(0),
        }
    }

    /// Every (id, count) with a non-zero count, in no fixed order.
    pub fn nonzero(&self) -> Box<dyn Iterator<Item = (u32, u64)> + '_> {
        match &self.sparse {
            Some(m) => Box::new(m.iter().map(|(&k, &v)| (k, v))),
            None => Box::new(
                self.dense
                    .iter()
                    .enumerate()
                    .filter(|&(_, &c)| c > 0)
                    .map(|(i, &c)| (i as u32, c)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_counts_are_the_same_dense_or_sparse() {
        // A few scattered ids turn the counts into a map; a run of ids keeps an array.
        let mut scattered = IdCounts::default();
        let mut run = IdCounts::default();
        let mut want = std::collections::BTreeMap::new();
        for k in 0..3000u32 {
            let id = (k * 7919) % 200_000;
            scattered.add(id, u64::from(k % 3 + 1));
            *want.entry(id).or_insert(0u64) += u64::from(k % 3 + 1);
            run.add(k, 2);
            run.add(k / 2, 1);
        }
        assert!(scattered.sparse.is_some() && run.sparse.is_none());
        let got: std::collections::BTreeMap<u32, u64> = scattered.nonzero().collect();
        assert_eq!(got, want);
        assert_eq!(
            (
                run.get(0),
                run.get(1499),
                run.get(1500),
                run.get(2999),
                run.get(5000)
            ),
            (4, 4, 2, 2, 0)
        );
        assert_eq!(run.nonzero().map(|(_, c)| c).sum::<u64>(), 9000);
        assert_eq!(scattered.get(7919), want[&7919]);
    }

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
