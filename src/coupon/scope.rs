//! Which cart lines an offer covers, and the stacking stage its scope puts it in.

use serde::{Deserialize, Serialize};

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

    pub fn covers(&self, line: &Line) -> bool {
        let in_store = |store: &Option<String>| store.as_ref().is_none_or(|s| *s == line.store);
        match self {
            Scope::Order => true,
            Scope::Platform { stores } => stores.as_ref().is_none_or(|s| s.contains(&line.store)),
            Scope::Store { store } => *store == line.store,
            Scope::Skus { skus, store } => in_store(store) && skus.contains(&line.sku),
            Scope::Categories { categories, store } => {
                in_store(store) && categories.contains(&line.category)
            }
        }
    }

    /// Indexes of the lines in scope, ascending.
    pub fn lines(&self, lines: &[Line]) -> Vec<usize> {
        (0..lines.len())
            .filter(|&i| self.covers(&lines[i]))
            .collect()
    }
}
