//! Interning: each distinct string (or user id) gets a dense code, in order of first appearance.

use rustc_hash::FxHashMap;

/// Maps byte strings to dense `u32` codes. Looking up a known string does not allocate and
/// a new one allocates once, which matters when ten million CSV fields go through it.
#[derive(Default)]
pub struct Interner {
    codes: FxHashMap<Box<[u8]>, u32>,
}

impl Interner {
    pub fn intern(&mut self, value: &[u8]) -> u32 {
        if let Some(&code) = self.codes.get(value) {
            return code;
        }
        let code = self.codes.len() as u32;
        self.codes.insert(value.into(), code);
        code
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The interned values as text, in code order. Invalid UTF-8 is replaced, never dropped.
    pub fn into_strings(self) -> Vec<String> {
        let mut out = vec![String::new(); self.codes.len()];
        for (bytes, code) in self.codes {
            out[code as usize] = String::from_utf8(bytes.into_vec())
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        }
        out
    }
}

/// Maps arbitrary integer user ids to dense codes in first-appearance order.
///
/// Ids are usually small and dense (auto-increment keys), so when they fit a table a few
/// times the number of events, a direct-address table replaces the hash map: no hashing at all.
pub struct IdInterner {
    table: IdTable,
    ids: Vec<i64>,
}

enum IdTable {
    Direct { min: i64, slots: Vec<u32> },
    Hashed(FxHashMap<i64, u32>),
}

const EMPTY_SLOT: u32 = u32::MAX;

impl IdInterner {
    /// `ids_hint` is the id column: its range decides between the two tables.
    pub fn for_ids(ids_hint: &[i64]) -> Self {
        let (min, max) = ids_hint
            .iter()
            .fold((i64::MAX, i64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let span = (max as i128) - (min as i128) + 1;
        let direct_limit = (ids_hint.len() as i128 * 4).max(1 << 16);
        let table = if !ids_hint.is_empty() && span <= direct_limit {
            IdTable::Direct {
                min,
                slots: vec![EMPTY_SLOT; span as usize],
            }
        } else {
            IdTable::Hashed(FxHashMap::default())
        };
        IdInterner {
            table,
            ids: Vec::new(),
        }
    }

    #[inline]
    pub fn intern(&mut self, id: i64) -> u32 {
        let next = self.ids.len() as u32;
        let code = match &mut self.table {
            IdTable::Direct { min, slots } => {
                // In range by construction: the table spans every id of the column it was built for.
                let slot = &mut slots[(id - *min) as usize];
                if *slot == EMPTY_SLOT {
                    *slot = next;
                }
                *slot
            }
            IdTable::Hashed(map) => *map.entry(id).or_insert(next),
        };
        if code == next {
            self.ids.push(id);
        }
        code
    }

    pub fn into_ids(self) -> Vec<i64> {
        self.ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_get_codes_in_first_appearance_order() {
        let mut i = Interner::default();
        assert_eq!(i.intern(b"view"), 0);
        assert_eq!(i.intern(b"pay"), 1);
        assert_eq!(i.intern(b"view"), 0);
        assert_eq!(i.into_strings(), vec!["view", "pay"]);
    }

    #[test]
    fn ids_use_either_table_consistently() {
        let dense = [5, 3, 5, 9];
        let sparse = [5, 1 << 60, 5, -7];
        for ids in [&dense[..], &sparse[..]] {
            let mut i = IdInterner::for_ids(ids);
            let codes: Vec<u32> = ids.iter().map(|&v| i.intern(v)).collect();
            assert_eq!(codes, vec![0, 1, 0, 2]);
            assert_eq!(i.into_ids(), vec![ids[0], ids[1], ids[3]]);
        }
    }
}
