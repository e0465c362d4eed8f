//! Coupons and promotions: `priceCart`, `bestCoupons`, `refundLines`, coupon codes and the
//! campaign what-if (also on a resident `EventLog`).

use wasm_bindgen::prelude::*;

use super::cart::{write_priced_cart, LineTexts};
use super::columns::numbers;
use super::convert::{invalid, js_error, JsResult};
use super::events::EventLog;
use super::line_columns::lines_from_columns;
use crate::coupon::codes::{self, CodeFormat, GenerateOptions};
use crate::coupon::model::MAX_SAFE_FEN;
use crate::coupon::refund::{refund_lines, RefundOptions, Return};
use crate::coupon::whatif::{order_amounts, what_if, WhatIfOptions};
use crate::coupon::{best_coupons, price_cart, CartInput, PricedCart, Terms};

#[wasm_bindgen(typescript_custom_section)]
const TS_COUPON: &'static str = r#"
/** A cart line. Money is integer 分. */
export interface CartLine { lineId: string; sku: string; category?: string; store?: string; unitPriceFen: number; quantity: number }
export type Rounding = 'halfUp' | 'floor';
/** A promotion or coupon rule, tagged by `kind`. */
export type PromotionRule =
  | { kind: 'fullReduction'; thresholdFen: number; offFen: number }
  | { kind: 'tiered'; tiers: { thresholdFen: number; offFen: number }[] }
  | { kind: 'everyReduction'; everyFen: number; offFen: number; capFen?: number }
  | { kind: 'percentage'; percentOff: number; thresholdFen?: number; capFen?: number; rounding?: Rounding }
  | { kind: 'noThreshold'; offFen: number }
  | { kind: 'multiBuy'; groupSize: number; discountedUnits: number; percentOff: number; rounding?: Rounding }
  | { kind: 'perItemOff'; offFen: number }
  | { kind: 'freeShipping'; thresholdFen?: number }
  | { kind: 'memberDiscount'; tiers: { name: string; minSpendFen?: number; percentOff: number }[]; rounding?: Rounding }
  | { kind: 'memberPrice'; prices: { sku: string; unitPriceFen: number }[] };
/** Which lines an offer covers; a store-bound scope puts it in the store stage. */
export type PromotionScope =
  | { type: 'order' }
  | { type: 'platform'; stores?: string[] }
  | { type: 'store'; store: string }
  | { type: 'skus'; skus: string[]; store?: string }
  | { type: 'categories'; categories: string[]; store?: string };
export interface Offer {
  id: string; name?: string; rule: PromotionRule; scope?: PromotionScope;
  /** 'preCoupon' (default, Taobao/JD) or 'running' (Saleor/Shopify). */
  thresholdBasis?: 'preCoupon' | 'running';
  /** false: used with no other coupon. Default true. */
  stackable?: boolean;
  validFromMs?: number; validUntilMs?: number;
}
export interface CartInput {
  lines: CartLine[];
  /** Applied automatically when met. */
  promotions?: Offer[];
  /** The shopper's coupons (priceCart uses them in order; bestCoupons picks the best subset). */
  coupons?: Offer[];
  member?: { tier?: string; spendFen?: number } | null;
  shippingFen?: number;
  /** Required when an offer has a validity window. */
  nowMs?: number;
}
export type Stage = 'item' | 'member' | 'store' | 'platform' | 'shipping';
export interface AppliedOffer {
  id: string; source: 'promotion' | 'coupon'; stage: Stage;
  basisFen: number; discountFen: number;
  /** Per line, in line order; empty for a shipping discount. Sums to discountFen exactly. */
  shares: number[];
  offer: Offer;
}
export type NotAppliedReason =
  | { code: 'belowThreshold'; shortFen: number }
  | { code: 'unitsShort'; shortUnits: number }
  | { code: 'outOfScope' }
  | { code: 'expired'; validUntilMs: number }
  | { code: 'notYetValid'; validFromMs: number }
  | { code: 'notStackable'; with: string }
  | { code: 'sameGroup'; with: string }
  | { code: 'noDiscount' }
  | { code: 'notMember' }
  | { code: 'tierNotEligible'; tier: string }
  | { code: 'memberSpendShort'; shortFen: number }
  | { code: 'notBest' };
export interface PricedLine {
  lineId: string; sku: string; category: string; store: string; unitPriceFen: number; quantity: number;
  listFen: number; discountFen: number; payableFen: number;
}
export interface PricedCart {
  lines: PricedLine[];
  applied: AppliedOffer[];
  notApplied: { id: string; source: 'promotion' | 'coupon'; reason: NotAppliedReason }[];
  couponIds: string[];
  subtotalFen: number; discountFen: number; shippingFen: number; shippingDiscountFen: number; payableFen: number;
  member: { tier?: string; spendFen?: number } | null; nowMs: number | null;
}
export interface BestCoupons {
  best: PricedCart;
  couponIds: string[];
  alternatives: { couponIds: string[]; payableFen: number; savedFen: number }[];
  combinationsEvaluated: number;
  method: 'aggregate' | 'lineByLine';
}
export interface RefundLine { lineId: string; quantity: number; listFen: number; refundFen: number }
export interface RefundPlan { lines: RefundLine[]; shippingRefundFen: number; refundFen: number; shortfallFen: number }
export interface Refund { keep: RefundPlan; clawBack: RefundPlan; brokenOffers: string[]; paidFen: number; keptPayableFen: number }
export interface CodeFormat { alphabet?: string; length?: number; prefix?: string; checkCharacter?: boolean }
export interface GenerateCodesOptions { count: number; format?: CodeFormat; seed?: number }
export interface GeneratedCodes { codes: string[]; bitsPerCode: number; duplicatesRejected: number; seeded: boolean }
export interface CodeCheck { valid: boolean; normalized: string; problem: 'length' | 'prefix' | 'character' | 'checkCharacter' | null }
export interface WhatIfOptions {
  rule: PromotionRule;
  /** How far below a threshold shoppers still top up. Default: 20% of the first threshold. */
  reachFen?: number;
  /** Share of near misses that top up, 0–100. Default 30. */
  topUpPercent?: number;
  binsEachSide?: number;
}
export interface PromotionWhatIf {
  orders: number; qualifying: number; nearMiss: number; pushedOver: number;
  costFen: number; costWithoutTopUpFen: number; topUpFen: number; grossFen: number; paidAfterFen: number;
  firstThresholdFen: number;
  histogram: { startFen: number; binFen: number; before: number[]; after: number[] };
}
"#;

// Carts and priced orders are object graphs of hundreds of small objects with string fields;
// serde-wasm-bindgen converts them field by field (each key and string crossing the boundary),
// while JSON text crosses once. Every amount is validated to stay below 2^53 分, so JSON.parse
// reads results back exactly. One deserializer for every coupon type also keeps the wasm small.

/// Reads a JSON-able object; the error names the path at fault, prefixed with `field`.
pub(super) fn from_json<T: serde::de::DeserializeOwned>(
    value: &JsValue,
    field: &str,
) -> JsResult<T> {
    parse_json(&json_text(value, field)?, field)
}

/// [`from_json`] for what is bulky or crosses on every call (a cart's lines, the coupon ids of a
/// pricing): the text is read without tracking the path, and again with it only when something
/// is wrong, to name the field. (Each type read so is compiled twice: keep it to those.)
pub(super) fn from_json_untracked<T: serde::de::DeserializeOwned>(
    value: &JsValue,
    field: &str,
) -> JsResult<T> {
    let text = json_text(value, field)?;
    serde_json::from_str(&text).or_else(|_| parse_json(&text, field))
}

/// A JS value as JSON text (one crossing, however many objects it holds).
pub(super) fn json_text(value: &JsValue, field: &str) -> JsResult<String> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| JsValue::from(t).as_string())
        .ok_or_else(|| invalid(field, "cannot be read as plain data (a BigInt or a cycle?)"))
}

/// Reads JSON text made by [`json_text`]; the error names the path at fault.
pub(super) fn parse_json<T: serde::de::DeserializeOwned>(text: &str, field: &str) -> JsResult<T> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let mut path: Vec<String> = [field.to_string(), e.path().to_string()]
            .into_iter()
            .filter(|p| !p.is_empty() && p != ".")
            .collect();
        let message = e.into_inner().to_string();
        // serde_json adds " at line 1 column 123" of the text made here: not the caller's business.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string();
        if let Some(name) = message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
        {
            path.push(name.to_string());
        }
        invalid(path.join(".").replace(".[", "["), message)
    })
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(value).map_err(|e| invalid("", e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| invalid("", "the result could not be read back"))
}

/// Like [`from_json`], but `undefined`/`null` give the type's default.
pub(super) fn optional<T: serde::de::DeserializeOwned + Default>(
    value: &JsValue,
    field: &str,
) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        from_json(value, field)
    }
}

fn cart(input: JsValue) -> JsResult<CartInput> {
    let (terms, lines) = terms_and_lines(input)?;
    Ok(terms.with_lines(from_json_untracked(&lines, "lines")?))
}

/// A cart's terms (read as `Cart.setTerms` reads them) and its `lines`, still unread: they are
/// the bulk of a cart, read as `Cart.fromLines` reads them.
fn terms_and_lines(input: JsValue) -> JsResult<(Terms, JsValue)> {
    if !input.is_object() {
        return Err(invalid(
            "",
            "expects an object { lines, promotions?, coupons?, member?, shippingFen?, nowMs? }",
        ));
    }
    let key = JsValue::from("lines");
    let lines = js_sys::Reflect::get(&input, &key).unwrap_or_default();
    if lines.is_undefined() {
        return Err(invalid("lines", "missing field `lines`"));
    }
    let rest = js_sys::Object::assign(&js_sys::Object::new(), input.unchecked_ref());
    // Deleting an own data property of a plain object just made cannot fail.
    let _ = js_sys::Reflect::delete_property(&rest, &key);
    Ok((from_json(&rest, "")?, lines))
}

/// Prices a cart: payable total, every applied offer with its per-line split, and why the others
/// did not apply. Writes the answer as a tape (500 line objects cross ~2× faster than as JSON);
/// returns its length. The package's `priceCart` reads it into a `PricedCart` (`www/cart.js`).
#[wasm_bindgen(js_name = priceCartTape, skip_typescript)]
pub fn price_cart_tape(
    #[wasm_bindgen(unchecked_param_type = "CartInput")] input: JsValue,
) -> JsResult<usize> {
    price_cart_to_tape(&cart(input)?, LineTexts::Written)
}

/// `priceCartTape` with the cart's lines laid out as columns by `www/line-columns.js`, leaving
/// the lines' texts out of the tape (the reader has them); `undefined` when they do not read as
/// the line objects would (see [`cart_from_columns`]).
#[wasm_bindgen(js_name = priceCartColumnsTape, skip_typescript)]
pub fn price_cart_columns_tape(input: JsValue, columns: JsValue) -> JsResult<Option<usize>> {
    cart_from_columns(input, &columns)?
        .map(|cart| price_cart_to_tape(&cart, LineTexts::LeftOut))
        .transpose()
}

/// The cart `input` with the lines laid out as columns (see `super::line_columns`), or `None`
/// when they do not read as its line objects would: the caller then reads those.
fn cart_from_columns(input: JsValue, columns: &JsValue) -> JsResult<Option<CartInput>> {
    let (terms, _) = terms_and_lines(input)?;
    Ok(lines_from_columns(columns).map(|lines| terms.with_lines(lines)))
}

fn price_cart_to_tape(input: &CartInput, texts: LineTexts) -> JsResult<usize> {
    let priced = price_cart(input).map_err(js_error)?;
    let offers = (priced.applied.iter())
        .map(|a| serde_json::to_string(&a.offer).map_err(|e| invalid("", e.to_string())))
        .collect::<JsResult<Vec<String>>>()?;
    Ok(write_priced_cart(&priced, &offers, texts))
}

/// The subset of `coupons` that minimises the payable amount, with the runners-up.
#[wasm_bindgen(js_name = bestCoupons, unchecked_return_type = "BestCoupons")]
pub fn best_coupons_js(
    #[wasm_bindgen(unchecked_param_type = "CartInput")] input: JsValue,
) -> JsResult<JsValue> {
    to_json(&best_coupons(&cart(input)?).map_err(js_error)?)
}

/// `bestCoupons` with the cart's lines laid out as columns by `www/line-columns.js`;
/// `undefined` when they do not read as the line objects would (see [`cart_from_columns`]).
#[wasm_bindgen(js_name = bestCouponsColumns, skip_typescript)]
pub fn best_coupons_columns(input: JsValue, columns: JsValue) -> JsResult<JsValue> {
    match cart_from_columns(input, &columns)? {
        Some(cart) => to_json(&best_coupons(&cart).map_err(js_error)?),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// What returning units of a priced order gives back, under the keep and claw-back policies.
#[wasm_bindgen(js_name = refundLines, unchecked_return_type = "Refund")]
pub fn refund_lines_js(
    #[wasm_bindgen(unchecked_param_type = "PricedCart")] order: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ lineId: string; quantity: number }[]")]
    returns: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "{ previousReturns?: { lineId: string; quantity: number }[] }"
    )]
    options: JsValue,
) -> JsResult<JsValue> {
    if !order.is_object() {
        return Err(invalid(
            "order",
            "expects a priced order from priceCart or bestCoupons",
        ));
    }
    let order: PricedCart = from_json(&order, "order")?;
    let returns: Vec<Return> = from_json(&returns, "returns")?;
    let options: RefundOptions = optional(&options, "options")?;
    to_json(&refund_lines(&order, &returns, &options).map_err(js_error)?)
}

/// A batch of unique, unguessable coupon codes.
#[wasm_bindgen(js_name = generateCouponCodes, unchecked_return_type = "GeneratedCodes")]
pub fn generate_coupon_codes(
    #[wasm_bindgen(unchecked_param_type = "GenerateCodesOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let options: GenerateOptions = from_json(&options, "")?;
    to_json(&codes::generate(&options).map_err(js_error)?)
}

/// Checks a typed code against the format (length, alphabet, check character).
#[wasm_bindgen(js_name = validateCouponCode, unchecked_return_type = "CodeCheck")]
pub fn validate_coupon_code(
    code: &str,
    #[wasm_bindgen(unchecked_param_type = "CodeFormat")] format: JsValue,
) -> JsResult<JsValue> {
    let format: CodeFormat = optional(&format, "format")?;
    to_json(&codes::validate(code, &format).map_err(js_error)?)
}

/// Whole 分 from a JS number column (integers up to 2^53).
pub(super) fn fen_column(value: &JsValue, field: &str) -> JsResult<Vec<i64>> {
    numbers(value, field)?
        .into_iter()
        .enumerate()
        .map(|(i, x)| {
            if x.fract() == 0.0 && x.abs() <= MAX_SAFE_FEN as f64 {
                Ok(x as i64)
            } else {
                Err(invalid(
                    format!("{field}[{i}]"),
                    format!("{x} is not a whole number of 分"),
                ))
            }
        })
        .collect()
}

/// What a campaign would cost over a set of order amounts (分), and the orders it pushes over a threshold.
#[wasm_bindgen(js_name = promotionWhatIf, unchecked_return_type = "PromotionWhatIf")]
pub fn promotion_what_if(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] amounts: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WhatIfOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let amounts = fen_column(&amounts, "amounts")?;
    let options: WhatIfOptions = from_json(&options, "options")?;
    to_json(&what_if(&amounts, &options).map_err(what_if_error)?)
}

/// The core names the option fields relative to the options object, and the amounts by index.
fn what_if_error(e: crate::error::Error) -> JsValue {
    if e.field.starts_with("amounts") {
        js_error(e)
    } else {
        js_error(e.within("options"))
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OrderSource {
    event: String,
    prop: String,
}

#[wasm_bindgen]
impl EventLog {
    /// The campaign what-if over the amounts of the log's orders, e.g.
    /// `log.promotionWhatIf({ event: 'pay', prop: 'amount' }, { rule })`.
    #[wasm_bindgen(js_name = promotionWhatIf, unchecked_return_type = "PromotionWhatIf")]
    pub fn promotion_what_if(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ event: string; prop: string }")] source: JsValue,
        #[wasm_bindgen(unchecked_param_type = "WhatIfOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let source: OrderSource = from_json(&source, "")?;
        let options: WhatIfOptions = from_json(&options, "options")?;
        let amounts = order_amounts(&self.inner, &source.event, &source.prop).map_err(js_error)?;
        to_json(&what_if(&amounts, &options).map_err(what_if_error)?)
    }
}
