//! Lottery bindings: `PrizePool`, verifiable draws, red packets, card collection, campaign cost.

use wasm_bindgen::prelude::*;

use super::convert::{from_js, from_js_or_default, js_error, to_js, JsResult};
use super::packed::packed_or;
use crate::error::Error;
use crate::lottery::cards::{self, CardsInput, DesignInput};
use crate::lottery::config::PoolConfig;
use crate::lottery::cost::{campaign_cost, CostInput};
use crate::lottery::pool::{self, Sequence};
use crate::lottery::red_packet::{split, RedPacketInput};
use crate::lottery::state::PoolState;
use crate::lottery::verifiable::{self, DrawInput, VerifyInput};

#[wasm_bindgen(typescript_custom_section)]
const TS_LOTTERY: &'static str = r#"
export interface PrizeConfig {
  id: string;
  name?: string;
  /** A positive integer; the chance is weight / (sum of weights). Sum ≤ 2^32. */
  weight: number;
  /** How many exist (absent: unlimited). */
  stock?: number;
  /** What one costs the operator, in 分 (default 0). */
  value?: number;
  /** How many one user may win (absent: unlimited). */
  userLimit?: number;
  /** An image URL for the widgets. */
  image?: string;
}
export interface PoolConfig {
  prizes: PrizeConfig[];
  /** 'renormalize' (default): a sold-out prize's weight leaves the pool. 'fallback': it goes to fallbackId. */
  soldOut?: 'renormalize' | 'fallback';
  fallbackId?: string;
  /** 保底: after every − 1 draws without one of prizeIds, the next draw is one of them. */
  pity?: { every: number; prizeIds: string[] };
  /** A reproducible run; absent: cryptographic randomness (crypto.getRandomValues). */
  seed?: number;
}
export interface PrizeInfo { id: string; name: string; weight: number; stock: number | null; valueFen: number; userLimit: number | null; image: string | null }
export interface DrawResult {
  index: number; prizeId: string; name: string; valueFen: number;
  /** True when 保底 decided the draw. */
  byPity: boolean;
  /** Stock left of this prize (null: unlimited). */
  remaining: number | null;
  drawNumber: number;
}
export interface DrawManyResult {
  requested: number; drawn: number;
  /** True when the pool ran out before every requested draw. */
  exhausted: boolean;
  /** Wins per prize, in config order. */
  counts: number[];
  pityDraws: number; valueFen: number;
  /**
   * Prize index of each draw, in order: a Uint8Array when the pool has at most 256 prizes, else a
   * Uint16Array (at most 4096 prizes). Absent with `{ sequence: false }`.
   */
  sequence?: Uint8Array | Uint16Array;
}
export interface DrawManyOptions {
  /** false: only the counts (cheaper; for simulating a campaign's outcome). Default true. */
  sequence?: boolean;
}
export interface Probability { num: number; den: number; fraction: string; decimal: number }
export interface ExactValue { fraction: string; decimal: number }
export interface PrizeOdds {
  id: string; name: string; weight: number; valueFen: number;
  stock: number | null; remaining: number | null; soldOut: boolean;
  configured: Probability;
  /** After the stock-outs so far (and the assumed ones). */
  current: Probability;
  currentWeight: number;
}
export interface OddsReport {
  configuredTotal: number; currentTotal: number; prizes: PrizeOdds[];
  configuredValueFen: ExactValue; currentValueFen: ExactValue; empty: boolean;
}
export interface PoolState {
  version: 1; draws: number;
  remaining: Record<string, number>;
  users?: Record<string, { sincePity?: number; won?: Record<string, number> }>;
  rng?: { seed: number; wordPos: string } | null;
}
export interface VerifiablePrize { id: string; weight: number }
export interface VerifiableDrawInput { serverSeed: string; clientSeed: string; nonce: number; prizes: VerifiablePrize[] }
export interface VerifyDrawInput extends VerifiableDrawInput { serverSeedHash: string; prizeId?: string }
export interface DrawProof {
  prizeId: string; index: number; ticket: number; total: number;
  serverSeedHash: string; clientSeed: string; nonce: number;
  round: number; chunk: number; hmac: string;
}
export interface Verification { valid: boolean; hashMatches: boolean; prizeMatches: boolean | null; proof: DrawProof }
export interface RedPacketInput { totalFen: number; count: number; minFen?: number; mode?: 'doubleMean' | 'fair'; seed?: number }
export interface RedPacketSplit { amountsFen: number[]; totalFen: number; count: number; minFen: number; mode: 'doubleMean' | 'fair'; luckiest: number }
export interface CardsInput { probabilities: number[]; draws?: number[] }
export interface CardsReport {
  cards: number; expectedDraws: number; method: 'inclusionExclusion' | 'integral';
  within: { draws: number; probability: number }[];
}
export interface DesignCardsInput { cards: number; rareCards?: number; drawsPerUser: number; participants: number; targetCompletions: number }
export interface CardsDesign {
  probabilities: number[]; rareProbability: number; commonProbability: number;
  completionProbability: number; expectedCompletions: number; expectedDraws: number;
}
export interface CampaignCostInput { pool: PoolConfig; participants: number; drawsPerUser: number; runs?: number; budgetFen?: number; seed?: number }
export interface CampaignCost {
  participants: number; drawsPerUser: number; runs: number;
  /** Exact expectation if stock never ran out. */
  expectedFenUncapped: ExactValue;
  /** The most the campaign can cost (null when a valued prize has no stock limit). */
  capFen: number | null;
  meanFen: number; p50Fen: number; p95Fen: number; p99Fen: number; minFen: number; maxFen: number;
  budgetFen: number | null; runsOverBudget: number | null; probabilityOverBudget: number | null;
  runsExhausted: number;
  histogram: { edgesFen: number[]; counts: number[] };
}
"#;

/// A prize pool with exact odds, stock, per-user limits and 保底. Draws in the browser can be
/// forged by the user: draw real prizes on a server.
#[wasm_bindgen]
pub struct PrizePool {
    inner: pool::PrizePool,
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
struct OddsOptions {
    assume_sold_out: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
struct DrawManyOptions {
    sequence: bool,
}

impl Default for DrawManyOptions {
    fn default() -> Self {
        DrawManyOptions { sequence: true }
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PrizeInfo<'a> {
    id: &'a str,
    name: &'a str,
    weight: u64,
    stock: Option<u64>,
    value_fen: i64,
    user_limit: Option<u32>,
    image: Option<&'a str>,
}

#[wasm_bindgen]
impl PrizePool {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "PoolConfig")] config: JsValue,
    ) -> JsResult<PrizePool> {
        let config: PoolConfig = from_js(config, "")?;
        let inner = pool::PrizePool::new(&config).map_err(js_error)?;
        Ok(PrizePool { inner })
    }

    /// One draw for `userId` (absent: the page's one player).
    #[wasm_bindgen(unchecked_return_type = "DrawResult")]
    pub fn draw(
        &mut self,
        #[wasm_bindgen(js_name = userId)] user_id: Option<String>,
    ) -> JsResult<JsValue> {
        to_js(&self.inner.draw(user_id.as_deref()).map_err(js_error)?)
    }

    /// Up to `count` draws for one user; stops early (exhausted: true) when the pool runs out.
    /// `{ sequence: false }` returns only the counts.
    #[wasm_bindgen(js_name = drawMany, unchecked_return_type = "DrawManyResult")]
    pub fn draw_many(
        &mut self,
        count: f64,
        // Optional in TypeScript too, as before `options` followed it.
        #[wasm_bindgen(js_name = userId, unchecked_optional_param_type = "string | null")]
        user_id: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "DrawManyOptions")] options: JsValue,
    ) -> JsResult<JsValue> {
        let options: DrawManyOptions = from_js_or_default(options, "options")?;
        if !(count.is_finite() && count >= 0.0 && count.fract() == 0.0) {
            return Err(js_error(Error::invalid(
                "count",
                format!("{count} is not a whole number of draws"),
            )));
        }
        let many = self
            .inner
            .draw_many(count as u64, user_id.as_deref(), options.sequence)
            .map_err(js_error)?;
        let result = to_js(&many)?;
        let sequence: JsValue = match &many.sequence {
            Sequence::Skipped => return Ok(result),
            Sequence::Narrow(indexes) => js_sys::Uint8Array::from(&indexes[..]).into(),
            Sequence::Wide(indexes) => js_sys::Uint16Array::from(&indexes[..]).into(),
        };
        js_sys::Reflect::set(&result, &"sequence".into(), &sequence)?;
        Ok(result)
    }

    /// Exact odds as configured and now; `assumeSoldOut` adds what-if stock-outs.
    #[wasm_bindgen(unchecked_return_type = "OddsReport")]
    pub fn odds(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ assumeSoldOut?: string[] }")]
        options: JsValue,
    ) -> JsResult<JsValue> {
        let options: OddsOptions = from_js_or_default(options, "options")?;
        to_js(
            &self
                .inner
                .odds(&options.assume_sold_out)
                .map_err(js_error)?,
        )
    }

    /// The prizes as configured (with names, values and images for display).
    #[wasm_bindgen(unchecked_return_type = "PrizeInfo[]")]
    pub fn prizes(&self) -> JsResult<JsValue> {
        let list: Vec<PrizeInfo> = self
            .inner
            .prizes()
            .iter()
            .map(|p| PrizeInfo {
                id: &p.id,
                name: &p.name,
                weight: p.weight,
                stock: p.stock,
                value_fen: p.value_fen,
                user_limit: p.user_limit,
                image: p.image.as_deref(),
            })
            .collect();
        to_js(&list)
    }

    /// Stock left, per-user counters and (seeded pools) the random stream's position, as JSON.
    #[wasm_bindgen(js_name = exportState, unchecked_return_type = "PoolState")]
    pub fn export_state(&self) -> JsResult<JsValue> {
        to_js(&self.inner.export_state())
    }

    /// Installs an exported state after checking it against this pool's prizes.
    pub fn restore(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PoolState")] state: JsValue,
    ) -> JsResult<()> {
        let state: PoolState = from_js(state, "state")?;
        self.inner
            .restore(&state)
            .map_err(|e| js_error(e.within("state")))
    }

    /// True when nothing can be drawn any more.
    #[wasm_bindgen(getter, js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

// The package's `verifiableDraw(input)` and `verifyDraw(input)` (`www/index.js`) pass the input
// and its packed form (`www/pack.js`): a prize list read key by key through the strict road costs
// ~1 µs a prize, several times the HMAC itself; packed, it crosses as one array.

/// The server side of a verifiable draw: the prize and its proof (keep serverSeed secret until the reveal).
#[wasm_bindgen(js_name = verifiableDrawPacked, skip_typescript)]
pub fn verifiable_draw(input: JsValue, packed: Option<Vec<f64>>) -> JsResult<JsValue> {
    let input: DrawInput = packed_or(packed, || from_js(input, ""))?;
    to_js(&verifiable::draw(&input).map_err(js_error)?)
}

/// Re-checks a verifiable draw after the server seed is revealed.
#[wasm_bindgen(js_name = verifyDrawPacked, skip_typescript)]
pub fn verify_draw(input: JsValue, packed: Option<Vec<f64>>) -> JsResult<JsValue> {
    let input: VerifyInput = packed_or(packed, || from_js(input, ""))?;
    to_js(&verifiable::verify(&input).map_err(js_error)?)
}

/// The commitment to publish before the draws: lowercase hex SHA-256 of the seed's UTF-8 bytes.
#[wasm_bindgen(js_name = serverSeedHash)]
pub fn server_seed_hash(#[wasm_bindgen(js_name = serverSeed)] server_seed: &str) -> String {
    verifiable::sha256_hex(server_seed)
}

/// 拼手气红包: splits totalFen into count packets (二倍均值, or `fair`).
#[wasm_bindgen(js_name = splitRedPacket, unchecked_return_type = "RedPacketSplit")]
pub fn split_red_packet(
    #[wasm_bindgen(unchecked_param_type = "RedPacketInput")] input: JsValue,
) -> JsResult<JsValue> {
    let input: RedPacketInput = from_js(input, "")?;
    to_js(&split(&input).map_err(js_error)?)
}

/// 集卡: expected draws to complete the set and P(complete within n draws).
#[wasm_bindgen(js_name = cardCollection, unchecked_return_type = "CardsReport")]
pub fn card_collection(
    #[wasm_bindgen(unchecked_param_type = "CardsInput")] input: JsValue,
) -> JsResult<JsValue> {
    let input: CardsInput = from_js(input, "")?;
    to_js(&cards::analyse(&input).map_err(js_error)?)
}

/// 集卡 design: the rare-card probability for a target expected number of completions.
#[wasm_bindgen(js_name = designCards, unchecked_return_type = "CardsDesign")]
pub fn design_cards(
    #[wasm_bindgen(unchecked_param_type = "DesignCardsInput")] input: JsValue,
) -> JsResult<JsValue> {
    let input: DesignInput = from_js(input, "")?;
    to_js(&cards::design(&input).map_err(js_error)?)
}

/// What a campaign costs: exact expectation and a Monte-Carlo distribution honouring stock.
#[wasm_bindgen(js_name = campaignCost, unchecked_return_type = "CampaignCost")]
pub fn campaign_cost_js(
    #[wasm_bindgen(unchecked_param_type = "CampaignCostInput")] input: JsValue,
) -> JsResult<JsValue> {
    let input: CostInput = from_js(input, "")?;
    to_js(&campaign_cost(&input).map_err(js_error)?)
}
