//! Which cart lines an offer covers, and the stacking stage its scope puts it in.

use serde::{Deserialize, Serialize};

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::model::Line;
use crate::error::{Error, Result};

/// The lines an offer covers, tagged by `type`. An unknown `type` is an input error.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Scope {
    /// The whole order.
    #[default]
    Order,
    /// 跨店: every store, or only the listed `stores`.
    Platform {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stores: Option<Vec<String>>,
    },
    /// One store's lines (店铺优惠).
    Store { store: String },
    /// Listed SKUs, optionally of one store.
    Skus {
        skus: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        store: Option<String>,
    },
    /// Listed categories, optionally of one store.
    Categories {
        categories: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        store: Option<String>,
    },
}

impl Scope {
    pub fn validate(&self) -> Result<()> {
        let empty = |field: &str| Err(Error::invalid(field, "must list at least one"));
        match self {
            Scope::Skus { skus, .. } if skus.is_empty() => empty("skus"),
            Scope::Categories { categories, .. } if categories.is_empty() => empty("categories"),
            Scope::Platform { stores: Some(s) } if s.is_empty() => empty("stores"),
            Scope::Store { store } if store.is_empty() => {
                Err(Error::invalid("store", "must not be empty"))
            }
            _ => Ok(()),
        }
    }

    /// The store whose offers this belongs to (店铺 stage), or `None` for order and platform
    /// offers (平台 stage).
    pub fn store(&self) -> Option<&str> {
        match self {
            Scope::Store { store } => Some(store),
            Scope::Skus { store, .. } | Scope::Categories { store, .. } => store.as_deref(),
            Scope::Order | Scope::Platform { .. } => None,
        }
    }

    /// Indexes of the lines in scope, ascending.
    pub fn lines<'a>(&self, index: &'a LineIndex) -> Cow<'a, [usize]> {
        match self {
            Scope::Order | Scope::Platform { stores: None } => Cow::Borrowed(&index.all),
            Scope::Platform {
                stores: Some(stores),
            } => index.stores.union(stores),
            Scope::Store { store } => index.stores.union(std::slice::from_ref(store)),
            Scope::Skus { skus, store } => index.in_store(index.skus.union(skus), store),
            Scope::Categories { categories, store } => {
                index.in_store(index.categories.union(categories), store)
            }
        }
    }
}

/// The cart's lines grouped by store, SKU and category, so an offer's scope is a few look-ups
/// rather than a pass over every line (a resident cart builds it once for all its pricings).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Every line, `0..n`.
    all: Vec<usize>,
    stores: Groups,
    skus: Groups,
    categories: Groups,
    /// Each line's store, as a group number of `stores`.
    store_of: Vec<u32>,
}

/// Lines by the value of one field: the value's group number, and each group's lines ascending.
#[derive(Debug, Clone, Default)]
struct Groups {
    numbers: FxHashMap<String, u32>,
    lines: Vec<Vec<usize>>,
}

impl Groups {
    fn add(&mut self, value: &str, line: usize) -> u32 {
        let number = match self.numbers.get(value) {
            Some(&n) => n,
            None => {
                let n = self.lines.len() as u32;
                self.numbers.insert(value.to_string(), n);
                self.lines.push(Vec::new());
                n
            }
        };
        self.lines[number as usize].push(line);
        number
    }

    /// The lines of any of `values`, ascending.
    fn union(&self, values: &[String]) -> Cow<'_, [usize]> {
        let mut found = values.iter().filter_map(|v| self.numbers.get(v.as_str()));
        match (found.next(), found.next()) {
            (None, _) => Cow::Borrowed(&[]),
            (Some(&n), None) => Cow::Borrowed(&self.lines[n as usize]),
            (Some(&a), Some(&b)) => {
                let mut out: Vec<usize> = [a, b]
                    .into_iter()
                    .chain(found.copied())
                    .flat_map(|n| self.lines[n as usize].iter().copied())
                    .collect();
                out.sort_unstable();
                out.dedup();
                Cow::Owned(out)
            }
        }
    }
}

impl LineIndex {
    pub fn new(lines: &[Line]) -> Self {
        let mut index = LineIndex {
            all: (0..lines.len()).collect(),
            ..LineIndex::default()
        };
        for (i, line) in lines.iter().enumerate() {
            let store = index.stores.add(&line.store, i);
            index.store_of.push(store);
            index.skus.add(&line.sku, i);
            index.categories.add(&line.category, i);
        }
        index
    }

    /// Keeps the `lines` of `store`, when one is given.
    fn in_store<'a>(&self, lines: Cow<'a, [usize]>, store: &Option<String>) -> Cow<'a, [usize]> {
        let Some(store) = store else {
            return lines;
        };
        match self.stores.numbers.get(store.as_str()) {
            Some(&n) => lines
                .iter()
                .copied()
                .filter(|&i| self.store_of[i] == n)
                .collect(),
            None => Cow::Borrowed(&[]),
        }
    }
}
