//! Cart lines crossing as columns: the fast road `www/cart.js` (`lineColumns`) takes when every
//! line is a plain object of the `CartLine` shape. 500 line objects as JSON text cost more to
//! stringify, encode and parse than the whole pricing; as columns they are the line ids joined
//! in one string, the other distinct texts in another, a `Uint32Array` of indexes into those and
//! two `Float64Array`s.
//!
//! The road only ever accepts what the strict road (the line objects read as JSON) accepts, with
//! the same meaning: when a number is not a whole 分 below 2^53, or the columns do not fit
//! together, it answers `None` and the caller reads the line objects themselves, whose reading
//! names the field at fault. Everything else — empty ids, negative prices, duplicates — is the
//! core's validation, the same on both roads.

use std::sync::Arc;

use js_sys::{Float64Array, Uint32Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::coupon::model::MAX_SAFE_FEN;
use crate::coupon::Line;

/// The texts of a line besides its id, as indexes into the distinct texts: sku, category, store.
const TEXTS_PER_LINE: usize = 3;

/// The ids, and the texts, are joined by this character. A text containing it splits into more
/// texts than were joined, and the road is not taken.
const SEPARATOR: char = '\0';

/// The lines `lineColumns` laid out, `{ ids, texts, refs, prices, quantities }`, or `None` when
/// they do not read as the strict road would read them.
pub fn lines_from_columns(columns: &JsValue) -> Option<Vec<Line>> {
    let field = |name: &str| js_sys::Reflect::get(columns, &JsValue::from(name)).ok();
    let ids = field("ids")?.as_string()?;
    let texts = field("texts")?.as_string()?;
    let refs = field("refs")?.dyn_into::<Uint32Array>().ok()?.to_vec();
    let prices = field("prices")?.dyn_into::<Float64Array>().ok()?.to_vec();
    let quantities = field("quantities")?
        .dyn_into::<Float64Array>()
        .ok()?
        .to_vec();
    lines_of(&ids, &texts, &refs, &prices, &quantities)
}

/// The lines of the columns, once read out of their JS values.
fn lines_of(
    ids: &str,
    texts: &str,
    refs: &[u32],
    prices: &[f64],
    quantities: &[f64],
) -> Option<Vec<Line>> {
    let n = prices.len();
    if quantities.len() != n || refs.len() != TEXTS_PER_LINE * n {
        return None;
    }
    if n == 0 {
        return Some(Vec::new());
    }
    let texts: Vec<Arc<str>> = texts.split(SEPARATOR).map(Arc::from).collect();
    // Every text joined is some line's: a text containing the separator split into more.
    let joined = refs.iter().max().map_or(0, |&r| r as usize + 1);
    if texts.len() != joined {
        return None;
    }
    let text = |r: u32| texts.get(r as usize).cloned();
    let mut ids = ids.split(SEPARATOR);
    let lines = (refs.chunks_exact(TEXTS_PER_LINE))
        .zip(prices.iter().zip(quantities))
        .map(|(r, (&price, &quantity))| {
            Some(Line {
                line_id: ids.next()?.to_string(),
                sku: text(r[0])?,
                category: text(r[1])?,
                store: text(r[2])?,
                unit_price_fen: whole_fen(price)?,
                quantity: whole_fen(quantity)?,
            })
        })
        .collect();
    // As many ids as lines: an id containing the separator split into more.
    ids.next().is_none().then_some(lines).flatten()
}

/// `x` as an integer when JSON would carry it as one the core can take (the strict road reads
/// larger integers too, and its validation rejects them: that error is left to it).
fn whole_fen(x: f64) -> Option<i64> {
    (x.fract() == 0.0 && x.abs() <= MAX_SAFE_FEN as f64).then_some(x as i64)
}
