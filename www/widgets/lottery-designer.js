// <yy-lottery-designer>: edit a prize pool (names, weights, stock, values, 保底, sold-out rule)
// and see its exact odds, the expected cost and a simulated cost distribution. All numbers
// come from the wasm engine (PrizePool.odds, campaignCost); this file formats and draws.
//
//   <yy-lottery-designer lang="zh-CN" participants="10000" draws-per-user="3" budget-fen="5000000"></yy-lottery-designer>
//   el.data = poolConfig;                                  // { prizes, soldOut?, fallbackId?, pity? }
//   el.addEventListener('yy-result', (e) => e.detail)     // { config, odds, cost } after each change
import { YYElement, h, format, define, parseYuan } from './base.js';
import { PrizePool, campaignCost } from '../index.js';

const messages = {
  'zh-CN': {
    prizes: '奖品设置', name: '奖品名称', weight: '权重', stock: '库存', stockHint: '不限', value: '单价（元）', pity: '保底奖品',
    remove: '删除', removeLabel: '删除奖品 {name}', add: '添加奖品', soldOut: '售罄后', renormalize: '按比例分给其余奖品', fallback: '转给兜底奖品',
    fallbackId: '兜底奖品', pityEvery: '保底：每 N 次必中', pityHint: '0 = 不设保底',
    odds: '中奖概率（精确分数）', prize: '奖品', exact: '概率', percent: '百分比', afterSoldOut: '限量奖品售罄后',
    perDraw: '每次抽奖的期望成本 {value}（精确值 {fraction} 分）', perDrawAfter: '限量奖品全部售罄后 {value}',
    cost: '活动成本', participants: '参与人数', drawsPerUser: '每人抽奖次数', budget: '预算（元）',
    expected: '期望成本（不计库存）', cap: '成本上限（库存封顶）', noCap: '无上限', simulated: '模拟 {runs} 次活动',
    p50: '中位数 P50', p95: 'P95', p99: 'P99', overBudget: '超预算概率', chart: '成本分布：{runs} 次模拟活动的总成本，P50 {p50}，P95 {p95}',
    badYuan: '“{text}” 不是有效金额（最多两位小数）', runsNote: '已按库存、保底和售罄规则模拟；随机种子固定，结果可复现。',
  },
  en: {
    prizes: 'Prizes', name: 'Name', weight: 'Weight', stock: 'Stock', stockHint: 'unlimited', value: 'Value (¥)', pity: 'Pity prize',
    remove: 'Remove', removeLabel: 'Remove prize {name}', add: 'Add prize', soldOut: 'When sold out', renormalize: 'share among the others', fallback: 'give to the fallback prize',
    fallbackId: 'Fallback prize', pityEvery: 'Pity: guaranteed every N draws', pityHint: '0 = no pity',
    odds: 'Odds (exact fractions)', prize: 'Prize', exact: 'Probability', percent: 'Percent', afterSoldOut: 'After limited prizes sell out',
    perDraw: 'Expected cost per draw {value} (exactly {fraction} fen)', perDrawAfter: 'after every limited prize sells out {value}',
    cost: 'Campaign cost', participants: 'Participants', drawsPerUser: 'Draws per user', budget: 'Budget (¥)',
    expected: 'Expected cost (ignoring stock)', cap: 'Cost ceiling (stock)', noCap: 'none', simulated: '{runs} simulated campaigns',
    p50: 'Median P50', p95: 'P95', p99: 'P99', overBudget: 'P(over budget)', chart: 'Cost distribution over {runs} simulated campaigns, P50 {p50}, P95 {p95}',
    badYuan: '"{text}" is not an amount (at most two decimals)', runsNote: 'Simulated with stock, pity and the sold-out rule; fixed seed, reproducible.',
  },
};

const RUNS = 200;

function fenToYuanText(fen) {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

class YYLotteryDesigner extends YYElement {
  static messages = messages;
  static get observedAttributes() {
    return ['lang', 'participants', 'draws-per-user', 'budget-fen'];
  }
  static styles = `
    .layout { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 16px; align-items: start; }
    @media (max-width: 1100px) { .layout { grid-template-columns: 1fr; } }
    .yy-card + .yy-card { margin-top: 16px; }
    table.edit input[type=text], table.edit input[type=number] { width: 100%; min-width: 0; }
    table.edit td { padding: 6px 6px; }
    table.edit .yy-btn { white-space: nowrap; padding: 0 10px; }
    table.edit th { padding: 8px 6px; white-space: nowrap; }
    table.edit td.check { text-align: center; }
    .row { display: flex; flex-wrap: wrap; gap: 12px 16px; align-items: center; margin-top: 12px; }
    .row label { display: inline-flex; gap: 6px; align-items: center; }
    .row input[type=number] { width: 110px; }
    .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 12px; margin: 12px 0; }
    .stat .label { color: var(--yy-text-secondary); font-size: 12px; }
    .stat .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
    .fraction { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
    .chart { width: 100%; height: 180px; display: block; }
    .axis { display: flex; justify-content: space-between; color: var(--yy-text-secondary); font-size: 12px; }
    .note { margin-top: 8px; }
    .yy-error { margin-top: 12px; }
  `;

  #config = null;
  #campaign = null;
  #timer = 0;
  #results = null;
  #nextId = 1;

  get data() {
    return super.data;
  }
  /** A new pool config replaces whatever was being edited. */
  set data(value) {
    this.#config = null;
    super.data = value;
  }

  render() {
    if (!this.#config) this.#config = this.#initialConfig();
    this.#campaign ??= {
      participants: this.numberAttribute('participants', 10000),
      drawsPerUser: this.numberAttribute('draws-per-user', 1),
      budgetFen: this.numberAttribute('budget-fen', 0) || null,
    };
    this.#results = h('div', { 'aria-live': 'polite' });
    const view = h('div', { class: 'layout' }, h('div', {}, this.#editor()), this.#results);
    this.#recompute();
    return view;
  }

  #initialConfig() {
    const data = this.data ?? { prizes: [] };
    const prizes = (data.prizes ?? []).map((p) => ({ ...p }));
    for (const p of prizes) p.id ??= `p${this.#nextId++}`;
    return { soldOut: 'renormalize', ...data, prizes };
  }

  #editor() {
    const cfg = this.#config;
    const pityIds = new Set(cfg.pity?.prizeIds ?? []);
    const numberInput = (label, value, onValue, attrs = {}) =>
      h('input', { type: 'number', min: 0, step: 1, value: value ?? '', 'aria-label': label, oninput: (e) => onValue(e.target.value), ...attrs });
    const rows = cfg.prizes.map((p, i) => {
      const name = p.name ?? p.id;
      return h('tr', { 'data-prize': p.id },
        h('td', {}, h('input', { type: 'text', value: name, 'aria-label': `${this.t('name')} ${i + 1}`, oninput: (e) => { p.name = e.target.value; this.#changed(); } })),
        h('td', {}, numberInput(`${this.t('weight')} ${name}`, p.weight, (v) => { p.weight = v === '' ? 0 : Number(v); this.#changed(); }, { 'data-field': 'weight' })),
        h('td', {}, numberInput(`${this.t('stock')} ${name}`, p.stock, (v) => { if (v === '') delete p.stock; else p.stock = Number(v); this.#changed(); }, { placeholder: this.t('stockHint'), 'data-field': 'stock' })),
        h('td', {}, h('input', {
          type: 'text', inputmode: 'decimal', value: p.value ? fenToYuanText(p.value) : '', placeholder: '0.00', 'aria-label': `${this.t('value')} ${name}`, 'data-field': 'value',
          oninput: (e) => { p.valueText = e.target.value; this.#changed(); },
        })),
        h('td', { class: 'check' }, h('input', {
          type: 'checkbox', checked: pityIds.has(p.id), 'aria-label': `${this.t('pity')} ${name}`,
          onchange: (e) => { this.#setPity(p.id, e.target.checked); this.#changed(); },
        })),
        h('td', {}, h('button', { type: 'button', class: 'yy-btn', 'aria-label': this.t('removeLabel', { name }), onclick: () => { cfg.prizes.splice(i, 1); this.#setPity(p.id, false); this.#rebuild(); } }, this.t('remove'))));
    });
    const policy = h('select', { 'aria-label': this.t('soldOut'), onchange: (e) => { cfg.soldOut = e.target.value; this.#rebuild(); } },
      h('option', { value: 'renormalize', selected: cfg.soldOut !== 'fallback' }, this.t('renormalize')),
      h('option', { value: 'fallback', selected: cfg.soldOut === 'fallback' }, this.t('fallback')));
    const fallback = cfg.soldOut === 'fallback' &&
      h('label', {}, this.t('fallbackId'), h('select', { onchange: (e) => { cfg.fallbackId = e.target.value; this.#changed(); } },
        ...cfg.prizes.map((p) => h('option', { value: p.id, selected: cfg.fallbackId === p.id }, p.name ?? p.id))));
    if (cfg.soldOut === 'fallback' && !cfg.prizes.some((p) => p.id === cfg.fallbackId)) cfg.fallbackId = cfg.prizes.at(-1)?.id;
    const campaign = this.#campaign;
    return [
      h('section', { class: 'yy-card', 'aria-label': this.t('prizes') },
        h('h3', { class: 'yy-title' }, this.t('prizes')),
        h('table', { class: 'yy-table edit' },
          h('thead', {}, h('tr', {}, ...['name', 'weight', 'stock', 'value', 'pity'].map((k) => h('th', {}, this.t(k))), h('th', {}, ''))),
          h('tbody', {}, ...rows)),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'yy-btn', onclick: () => { cfg.prizes.push({ id: `p${this.#nextId++}`, name: `${this.t('prize')} ${cfg.prizes.length + 1}`, weight: 1 }); this.#rebuild(); } }, `+ ${this.t('add')}`),
          h('label', {}, this.t('soldOut'), policy),
          fallback,
          h('label', {}, this.t('pityEvery'), numberInput(this.t('pityEvery'), cfg.pity?.every ?? 0, (v) => { this.#setPityEvery(Number(v)); this.#changed(); }, { title: this.t('pityHint') })))),
      h('section', { class: 'yy-card', 'aria-label': this.t('cost') },
        h('h3', { class: 'yy-title' }, this.t('cost')),
        h('div', { class: 'row' },
          h('label', {}, this.t('participants'), numberInput(this.t('participants'), campaign.participants, (v) => { campaign.participants = Number(v); this.#changed(); })),
          h('label', {}, this.t('drawsPerUser'), numberInput(this.t('drawsPerUser'), campaign.drawsPerUser, (v) => { campaign.drawsPerUser = Number(v); this.#changed(); })),
          h('label', {}, this.t('budget'), h('input', {
            type: 'text', inputmode: 'decimal', value: campaign.budgetFen ? fenToYuanText(campaign.budgetFen) : '', 'aria-label': this.t('budget'),
            oninput: (e) => { campaign.budgetText = e.target.value; this.#changed(); },
          })))),
    ];
  }

  #setPity(id, on) {
    const cfg = this.#config;
    const ids = new Set(cfg.pity?.prizeIds ?? []);
    if (on) ids.add(id);
    else ids.delete(id);
    cfg.pity = { every: cfg.pity?.every ?? 0, prizeIds: [...ids] };
  }

  #setPityEvery(every) {
    const cfg = this.#config;
    cfg.pity = { every, prizeIds: cfg.pity?.prizeIds ?? [] };
  }

  #rebuild() {
    this.invalidate();
  }

  #changed() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#recompute(), 120);
  }

  /** The engine's input from the editor's state; a malformed amount is reported with its field. */
  #poolConfig() {
    const cfg = this.#config;
    const prizes = cfg.prizes.map((p, i) => {
      const { valueText, ...prize } = p;
      if (valueText !== undefined) {
        const fen = valueText.trim() === '' ? 0 : parseYuan(valueText);
        if (fen === null) throw Object.assign(new Error(this.t('badYuan', { text: valueText })), { field: `prizes[${i}].value` });
        prize.value = fen;
        p.value = fen;
        delete p.valueText;
      }
      return prize;
    });
    const config = { prizes, soldOut: cfg.soldOut ?? 'renormalize' };
    if (config.soldOut === 'fallback') config.fallbackId = cfg.fallbackId;
    if (cfg.pity && cfg.pity.every > 0 && cfg.pity.prizeIds.length > 0) config.pity = { every: cfg.pity.every, prizeIds: cfg.pity.prizeIds };
    return config;
  }

  #campaignInput(config) {
    const campaign = this.#campaign;
    if (campaign.budgetText !== undefined) {
      const fen = campaign.budgetText.trim() === '' ? null : parseYuan(campaign.budgetText);
      if (fen === null && campaign.budgetText.trim() !== '') throw Object.assign(new Error(this.t('badYuan', { text: campaign.budgetText })), { field: 'budgetFen' });
      campaign.budgetFen = fen;
      delete campaign.budgetText;
    }
    const input = { pool: config, participants: campaign.participants, drawsPerUser: campaign.drawsPerUser, runs: RUNS, seed: 1 };
    if (campaign.budgetFen !== null) input.budgetFen = campaign.budgetFen;
    return input;
  }

  #recompute() {
    if (!this.#results) return;
    let pool;
    try {
      const config = this.#poolConfig();
      pool = new PrizePool(config);
      const odds = pool.odds();
      const limited = config.prizes.filter((p) => p.stock !== undefined).map((p) => p.id);
      const after = limited.length && limited.length < config.prizes.length ? pool.odds({ assumeSoldOut: limited }) : null;
      const cost = campaignCost(this.#campaignInput(config));
      this.#results.replaceChildren(this.#oddsCard(odds, after), this.#costCard(cost));
      this.emit('yy-result', { config, odds, oddsAfterSoldOut: after, cost });
    } catch (err) {
      this.#results.replaceChildren(h('div', { class: 'yy-error', role: 'alert' }, this.describeError(err)));
    } finally {
      pool?.free();
    }
  }

  #oddsCard(odds, after) {
    const lang = this.locale;
    const percent = (p) => format.percent(p.decimal, p.decimal > 0 && p.decimal < 0.001 ? 4 : 2);
    const head = [this.t('prize'), this.t('weight'), this.t('exact'), this.t('percent')];
    if (after) head.push(this.t('afterSoldOut'));
    return h('section', { class: 'yy-card', 'aria-label': this.t('odds') },
      h('h3', { class: 'yy-title' }, this.t('odds')),
      h('table', { class: 'yy-table odds' },
        h('thead', {}, h('tr', {}, ...head.map((t, i) => h('th', { class: i > 0 ? 'num' : '' }, t)))),
        h('tbody', {}, ...odds.prizes.map((p, i) => h('tr', { 'data-prize': p.id },
          h('td', {}, p.name),
          h('td', { class: 'num' }, format.integer(p.weight, lang)),
          h('td', { class: 'num fraction', 'data-fraction': p.configured.fraction }, p.configured.fraction),
          h('td', { class: 'num' }, percent(p.configured)),
          after && h('td', { class: 'num fraction', 'data-after': after.prizes[i].current.fraction }, `${after.prizes[i].current.fraction} (${percent(after.prizes[i].current)})`))))),
      h('p', { class: 'yy-muted note', 'data-per-draw': odds.configuredValueFen.fraction },
        this.t('perDraw', { value: format.yuan(Math.round(odds.configuredValueFen.decimal), lang), fraction: odds.configuredValueFen.fraction }),
        after ? `；${this.t('perDrawAfter', { value: format.yuan(Math.round(after.currentValueFen.decimal), lang) })}` : ''));
  }

  #costCard(cost) {
    const lang = this.locale;
    const yuan = (fen) => format.yuan(fen, lang);
    const stat = (key, label, value) => h('div', { class: 'stat', 'data-stat': key }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
    return h('section', { class: 'yy-card', 'aria-label': this.t('cost') },
      h('h3', { class: 'yy-title' }, `${this.t('cost')} · ${this.t('simulated', { runs: cost.runs })}`),
      h('div', { class: 'stats' },
        stat('expected', this.t('expected'), yuan(Math.round(cost.expectedFenUncapped.decimal))),
        stat('cap', this.t('cap'), cost.capFen === null ? this.t('noCap') : yuan(cost.capFen)),
        stat('p50', this.t('p50'), yuan(cost.p50Fen)),
        stat('p95', this.t('p95'), yuan(cost.p95Fen)),
        stat('p99', this.t('p99'), yuan(cost.p99Fen)),
        cost.probabilityOverBudget !== null && stat('over', this.t('overBudget'), format.percent(cost.probabilityOverBudget, 1))),
      histogram(cost, this.t('chart', { runs: cost.runs, p50: yuan(cost.p50Fen), p95: yuan(cost.p95Fen) })),
      h('div', { class: 'axis' }, h('span', {}, yuan(cost.histogram.edgesFen[0])), h('span', {}, yuan(cost.histogram.edgesFen.at(-1)))),
      h('p', { class: 'yy-muted note' }, this.t('runsNote')));
  }
}

/** Bars of the simulated totals, with the budget as a red line when it falls in range. */
function histogram(cost, label) {
  const { edgesFen, counts } = cost.histogram;
  const width = 600;
  const height = 180;
  const max = Math.max(1, ...counts);
  const lo = edgesFen[0];
  const span = Math.max(1, edgesFen.at(-1) - lo);
  const x = (fen) => ((fen - lo) / span) * width;
  const bars = counts.map((c, i) => {
    const barHeight = (c / max) * (height - 10);
    return h('svg:rect', { x: x(edgesFen[i]) + 1, y: height - barHeight, width: Math.max(1, x(edgesFen[i + 1]) - x(edgesFen[i]) - 2), height: barHeight, fill: 'var(--yy-chart-1)', rx: 2 });
  });
  const budget = cost.budgetFen !== null && cost.budgetFen >= lo && cost.budgetFen <= edgesFen.at(-1)
    ? h('svg:line', { x1: x(cost.budgetFen), x2: x(cost.budgetFen), y1: 0, y2: height, stroke: 'var(--yy-danger)', 'stroke-width': 2, 'stroke-dasharray': '6 4' })
    : null;
  return h('svg:svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label },
    h('svg:title', {}, label), ...bars, budget);
}

define('yy-lottery-designer', YYLotteryDesigner);
export { YYLotteryDesigner };
