//! `Cart`: a cart held in wasm memory, priced again and again as an admin console toggles
//! coupons, without its lines crossing the boundary each time. The per-line numbers come back
//! as columns (arrays in line order) rather than one object per line.

use wasm_bindgen::prelude::*;

use super::columns::required_strings;
use super::convert::{invalid, js_error, JsResult};
use super::coupon::{fen_column, from_json_untracked, optional, to_json};
use super::line_columns::lines_from_columns;
use super::tape::Tape;
use crate::coupon::stacking::Reason;
use crate::coupon::{self, Line, LineAmounts, Priced, PricedCart, Terms};
use crate::error::Error;

#[wasm_bindgen(typescript_custom_section)]
const TS_CART: &'static str = r#"
/** Cart lines as columns, one entry per line. Money is integer 分. */
export interface CartColumns {
  lineId: string[]; sku: string[]; category?: string[]; store?: string[];
  unitPriceFen: Float64Array | number[]; quantity: Float64Array | number[];
}
/** What `Cart.price` and `Cart.bestCoupons` read besides the lines (as in `CartInput`). */
export type CartTerms = Omit<CartInput, 'lines'>;
/**
 * A priced resident cart: like `PricedCart`, but the per-line numbers are columns in line order
 * (whole 分, exact up to 2^53 分: every amount is checked to stay below), and an applied offer
 * does not echo the offer back (the caller passed it).
 */
export interface CartPricing extends Omit<PricedCart, 'lines' | 'applied'> {
  lines: { listFen: number[]; discountFen: number[]; payableFen: number[] };
  applied: Omit<AppliedOffer, 'offer'>[];
}
export interface Cart {
  /**
   * Prices the cart with the terms' coupons named in `couponIds` (all of them when omitted), exactly
   * as `priceCart` would with those coupons in that order. Each call returns fresh arrays.
   */
  price(couponIds?: string[]): CartPricing;
}
"#;

/// A cart whose lines stay in wasm memory: load once, then price under any promotions and coupons.
#[wasm_bindgen]
pub struct Cart {
    inner: coupon::Cart,
    /// Counts the sets of terms taken: the reader of `priceTape` keeps what is the same in every
    /// pricing under one set (see `write_pricing`) and says which set it keeps it for.
    terms: u32,
}

#[wasm_bindgen]
impl Cart {
    /// Loads line objects (as `priceCart` takes them); errors name the field, e.g. `lines[3].quantity`.
    #[wasm_bindgen(js_name = fromLines)]
    pub fn from_lines(
        #[wasm_bindgen(unchecked_param_type = "CartLine[]")] lines: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CartTerms")] terms: JsValue,
    ) -> JsResult<Cart> {
        if !js_sys::Array::is_array(&lines) {
            return Err(invalid("lines", "expects an array of cart lines"));
        }
        let lines: Vec<Line> = from_json_untracked(&lines, "lines")?;
        Cart::load(lines, |e| e, &terms)
    }

    /// `fromLines` for lines `www/line-columns.js` laid out as columns (see
    /// `super::line_columns`); `undefined` when they do not read as the line objects would, and
    /// the caller takes `fromLines`.
    #[wasm_bindgen(js_name = fromLineColumns, skip_typescript)]
    pub fn from_line_columns(columns: JsValue, terms: JsValue) -> JsResult<Option<Cart>> {
        match lines_from_columns(&columns) {
            Some(lines) => Cart::load(lines, |e| e, &terms).map(Some),
            None => Ok(None),
        }
    }

    /// Loads lines given as columns (`unitPriceFen` and `quantity` typed arrays or number arrays).
    #[wasm_bindgen(js_name = fromColumns)]
    pub fn from_columns(
        #[wasm_bindgen(unchecked_param_type = "CartColumns")] columns: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CartTerms")] terms: JsValue,
    ) -> JsResult<Cart> {
        if !columns.is_object() {
            return Err(invalid(
                "",
                "expects { lineId, sku, category?, store?, unitPriceFen, quantity }",
            ));
        }
        let column = |name: &str| js_sys::Reflect::get(&columns, &name.into()).unwrap_or_default();
        let texts = |name: &str| -> JsResult<Vec<String>> {
            let value = column(name);
            if value.is_undefined() {
                Ok(Vec::new())
            } else {
                required_strings(&value, name)
            }
        };
        let ids = required_strings(&column("lineId"), "lineId")?;
        let skus = required_strings(&column("sku"), "sku")?;
        let categories = texts("category")?;
        let stores = texts("store")?;
        let prices = fen_column(&column("unitPriceFen"), "unitPriceFen")?;
        let quantities = fen_column(&column("quantity"), "quantity")?;
        let n = ids.len();
        for (name, len) in [
            ("sku", skus.len()),
            ("unitPriceFen", prices.len()),
            ("quantity", quantities.len()),
        ]
        .into_iter()
        .chain((!categories.is_empty()).then_some(("category", categories.len())))
        .chain((!stores.is_empty()).then_some(("store", stores.len())))
        {
            if len != n {
                return Err(invalid(
                    name,
                    format!("has {len} entries but lineId has {n}"),
                ));
            }
        }
        let mut categories = categories.into_iter();
        let mut stores = stores.into_iter();
        let lines = ids
            .into_iter()
            .zip(skus)
            .zip(prices.into_iter().zip(quantities))
            .map(|((line_id, sku), (unit_price_fen, quantity))| Line {
                line_id,
                sku: sku.into(),
                category: categories.next().unwrap_or_default().into(),
                store: stores.next().unwrap_or_default().into(),
                unit_price_fen,
                quantity,
            })
            .collect();
        Cart::load(lines, column_field, &terms)
    }

    /// How many lines the cart holds.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.lines().len()
    }

    /// Replaces the promotions, coupons, member, shipping fee and time the cart is priced under.
    /// On an error the cart keeps its previous terms.
    #[wasm_bindgen(js_name = setTerms)]
    pub fn set_terms(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CartTerms")] terms: JsValue,
    ) -> JsResult<()> {
        let terms: Terms = optional(&terms, "")?;
        self.inner.set_terms(terms).map_err(js_error)?;
        self.terms = self.terms.wrapping_add(1);
        Ok(())
    }

    /// Prices the cart with the terms' coupons named in `couponIds` (all of them when omitted),
    /// exactly as `priceCart` would with those coupons in that order, and writes the pricing as a
    /// tape (see `super::tape`); returns its length. The package's `Cart.price` reads it into a
    /// `CartPricing` (`www/cart.js`), whose per-line numbers are arrays in line order. `kept`
    /// says for which set of terms the reader keeps columns (see [`write_pricing`]), if any, and
    /// `held` which columns it has: `held[key]` is 1 for each one.
    #[wasm_bindgen(js_name = priceTape, skip_typescript)]
    pub fn price_tape(
        &self,
        coupon_ids: JsValue,
        kept: Option<u32>,
        held: &[u8],
    ) -> JsResult<usize> {
        let ids = coupon_ids_of(&coupon_ids)?;
        let priced = self.inner.price(ids.as_deref()).map_err(js_error)?;
        let held = if kept == Some(self.terms) {
            Held::Columns(held)
        } else {
            Held::Nothing(self.terms)
        };
        Ok(write_pricing(&priced, &self.inner, held))
    }

    /// The best subset of the terms' coupons, exactly as `bestCoupons` picks it.
    #[wasm_bindgen(js_name = bestCoupons, unchecked_return_type = "BestCoupons")]
    pub fn best_coupons(&self) -> JsResult<JsValue> {
        to_json(&self.inner.best_coupons().map_err(js_error)?)
    }
}

impl Cart {
    /// Validates and indexes the lines (`name` puts an error's field in the caller's terms),
    /// then takes the terms.
    fn load(lines: Vec<Line>, name: fn(Error) -> Error, terms: &JsValue) -> JsResult<Cart> {
        let mut inner = coupon::Cart::new(lines).map_err(|e| js_error(name(e)))?;
        inner
            .set_terms(optional(terms, "terms")?)
            .map_err(|e| js_error(e.within("terms")))?;
        Ok(Cart { inner, terms: 0 })
    }
}

/// The coupon ids to price with; `None` (all of the terms' coupons) when omitted.
fn coupon_ids_of(coupon_ids: &JsValue) -> JsResult<Option<Vec<String>>> {
    if coupon_ids.is_undefined() || coupon_ids.is_null() {
        Ok(None)
    } else {
        // As JSON: one crossing for the list rather than one per id.
        from_json_untracked::<Vec<String>>(coupon_ids, "couponIds").map(Some)
    }
}

/// The core names a line's field as `lines[3].quantity`; in columns it is `quantity[3]`.
fn column_field(mut e: Error) -> Error {
    let named = e
        .field
        .strip_prefix("lines[")
        .and_then(|rest| rest.split_once("]."))
        .map(|(index, name)| format!("{name}[{index}]"));
    if let Some(field) = named {
        e.field = field;
    }
    e
}

// `Cart.price` crosses as a tape; `www/cart.js` reads it back in this order. The per-line
// columns come last. Those that are the same in every pricing under a set of terms (the list
// amounts, each store coupon's split) cross the first time a pricing under that set has them:
// the reader keeps them and copies them into each answer, and the tape names a kept column
// instead of repeating it.

/// Key of the list amounts among the kept columns; store coupon `k`'s split is `k + 1`.
const LIST_KEY: usize = 0;

/// What the reader keeps of the columns that are the same under the current terms.
enum Held<'a> {
    /// Nothing yet: it is to start keeping them for this set of terms.
    Nothing(u32),
    /// `held[key]` is 1 for each column it has.
    Columns(&'a [u8]),
}

/// Writes the tape of a pricing of `cart`; returns its length.
fn write_pricing(p: &Priced<LineAmounts>, cart: &coupon::Cart, held: Held) -> usize {
    let mut t = Tape::start();
    write_head(&mut t, p);
    t.count(p.lines.list_fen.len());
    let held = match held {
        Held::Nothing(terms) => {
            t.present(true);
            t.num(f64::from(terms));
            &[]
        }
        Held::Columns(held) => {
            t.present(false);
            held
        }
    };
    write_kept(&mut t, LIST_KEY, cart.list(), held);
    t.fen(&p.lines.discount_fen);
    t.fen(&p.lines.payable_fen);
    for a in &p.applied {
        match cart.store_split_of(a) {
            Some(k) => write_kept(&mut t, k + 1, &a.shares, held),
            None => {
                t.num(-1.0);
                t.fen(&a.shares);
            }
        }
    }
    t.publish()
}

/// A column the reader keeps: its key, then whether it follows (the reader lacks it), and if so
/// its numbers.
fn write_kept(t: &mut Tape, key: usize, column: &[i64], held: &[u8]) {
    t.count(key);
    let lacks = held.get(key) != Some(&1);
    t.present(lacks);
    if lacks {
        t.fen(column);
    }
}

/// Whether `priceCart`'s tape carries each line's texts (id, SKU, category, store).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum LineTexts {
    Written,
    /// The reader has them: the lines crossed as columns of exactly these texts.
    LeftOut,
}

/// Writes the tape of `priceCart`'s answer (read by `www/cart.js` into a `PricedCart`); returns
/// its length. After the head: each applied offer as serde writes it (JSON text), then whether
/// the lines' texts follow, then each line as its texts (if so) and its five amounts, then each
/// applied offer's shares.
pub(super) fn write_priced_cart(p: &PricedCart, offers: &[String], texts: LineTexts) -> usize {
    let mut t = Tape::start();
    write_head(&mut t, p);
    offers.iter().for_each(|offer| t.text(offer));
    t.count(p.lines.len());
    t.present(texts == LineTexts::Written);
    for line in &p.lines {
        if texts == LineTexts::Written {
            t.text(&line.line_id);
            t.text(&line.sku);
            t.text(&line.category);
            t.text(&line.store);
        }
        for fen in [
            line.unit_price_fen,
            line.quantity,
            line.list_fen,
            line.discount_fen,
            line.payable_fen,
        ] {
            t.num(fen as f64);
        }
    }
    for a in &p.applied {
        t.fen(&a.shares);
    }
    t.publish()
}

/// What a pricing holds besides its per-line numbers: the amounts, the member, the coupons
/// used, each applied offer but its shares (with their count), each offer not applied and why.
fn write_head<'a, L>(t: &mut Tape<'a>, p: &'a Priced<L>) {
    for fen in [
        p.subtotal_fen,
        p.discount_fen,
        p.shipping_fen,
        p.shipping_discount_fen,
        p.payable_fen,
    ] {
        t.num(fen as f64);
    }
    t.present(p.member.is_some());
    if let Some(m) = &p.member {
        t.opt_text(m.tier.as_deref());
        t.opt(m.spend_fen.map(|f| f as f64));
    }
    t.opt(p.now_ms.map(|ms| ms as f64));
    t.count(p.coupon_ids.len());
    p.coupon_ids.iter().for_each(|id| t.text(id));
    t.count(p.applied.len());
    for a in &p.applied {
        t.text(&a.id);
        t.word(a.source.name());
        t.word(a.stage.name());
        t.num(a.basis_fen as f64);
        t.num(a.discount_fen as f64);
        t.count(a.shares.len());
    }
    t.count(p.not_applied.len());
    for n in &p.not_applied {
        t.text(&n.id);
        t.word(n.source.name());
        write_reason(t, &n.reason);
    }
}

/// The reason's code, then its one field if it has one (the reader knows which, by the code).
fn write_reason<'a>(t: &mut Tape<'a>, reason: &'a Reason) {
    t.word(reason.code());
    match reason {
        Reason::BelowThreshold { short_fen } | Reason::MemberSpendShort { short_fen } => {
            t.num(*short_fen as f64)
        }
        Reason::UnitsShort { short_units } => t.num(*short_units as f64),
        Reason::Expired { valid_until_ms } => t.num(*valid_until_ms as f64),
        Reason::NotYetValid { valid_from_ms } => t.num(*valid_from_ms as f64),
        Reason::NotStackable { with } | Reason::SameGroup { with } => t.text(with),
        Reason::TierNotEligible { tier } => t.text(tier),
        Reason::OutOfScope | Reason::NoDiscount | Reason::NotMember | Reason::NotBest => {}
    }
}
