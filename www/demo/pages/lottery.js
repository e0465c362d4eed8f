// 抽奖活动: the three lucky widgets on one page-local pool, a verifiable (server-style) draw,
// 拼手气红包, 集卡 and the campaign designer. Everything is computed by the wasm engine.
import { PrizePool, verifiableDraw, serverSeedHash, splitRedPacket, cardCollection, designCards } from '/pkg/index.js';
import { format, parseYuan } from '/pkg/widgets/index.js';
import { demoPool } from './lottery-pool.js';

const TEXT = {
  'zh-CN': {
    title: '抽奖活动', desc: '大转盘、九宫格、老虎机共用一个奖池：精确概率、库存、保底（每 10 次必中 10 元券及以上）。',
    warning: '注意：在用户浏览器里进行的抽奖可以被用户伪造。真实奖品必须在服务器端抽取（同一 Rust 核心或按文档实现的可验证方案），页面只负责动画和校验。下面的页内奖池仅用于预览与演示。',
    wheel: '大转盘', grid: '九宫格', slot: '老虎机', stock: '奖池库存', prize: '奖品', left: '剩余', unlimited: '不限', draws: '已抽 {n} 次',
    lastDraw: '最近一次：{name}{pity}', byPity: '（保底）',
    verifiable: '可验证抽奖（模拟服务器）', verifiableDesc: '服务器先公布种子的 SHA-256 承诺，用户提供客户端种子；抽奖后公开服务器种子，组件用 verifyDraw 重新计算并校验结果。',
    commitment: '服务器承诺 serverSeedHash', clientSeed: '客户端种子', nonce: 'nonce', proof: '证明', ticket: '票号', valid: '校验通过', invalid: '校验失败',
    redPacket: '拼手气红包', total: '总金额（元）', badTotal: '“{text}” 不是有效金额（最多两位小数）', count: '个数', mode: '算法', doubleMean: '二倍均值', fair: '公平（位置无关）', split: '拆红包', luckiest: '手气最佳',
    cards: '集卡（集五福）', probabilities: '各卡概率', expected: '集齐期望抽数', within: '{n} 次内集齐概率',
    design: '反推稀有卡概率', participants: '参与人数', drawsPerUser: '每人抽卡次数', target: '期望集齐人数', rare: '稀有卡概率', designBtn: '计算',
    designer: '奖池设计器',
  },
  en: {
    title: 'Lottery', desc: 'A wheel, a grid and a slot machine share one pool: exact odds, stock and pity (a ¥10 coupon or better every 10 draws).',
    warning: 'Note: a draw made in the user\'s own browser can be forged by that user. Real prizes must be drawn on a server (the same Rust core or the documented verifiable scheme); the page only animates and verifies. The page-local pool below is for previews and demos.',
    wheel: 'Wheel', grid: 'Grid', slot: 'Slot machine', stock: 'Pool stock', prize: 'Prize', left: 'Left', unlimited: 'unlimited', draws: '{n} draws',
    lastDraw: 'Last: {name}{pity}', byPity: ' (pity)',
    verifiable: 'Verifiable draw (simulated server)', verifiableDesc: 'The server publishes a SHA-256 commitment to its seed, the user gives a client seed; after the draw the seed is revealed and the widget re-checks the result with verifyDraw.',
    commitment: 'Server commitment serverSeedHash', clientSeed: 'Client seed', nonce: 'nonce', proof: 'Proof', ticket: 'ticket', valid: 'verified', invalid: 'verification failed',
    redPacket: 'Lucky red packets', total: 'Total (¥)', badTotal: '"{text}" is not an amount (at most two decimals)', count: 'Packets', mode: 'Algorithm', doubleMean: 'double mean', fair: 'fair (any position)', split: 'Split', luckiest: 'luckiest',
    cards: 'Card collection', probabilities: 'Card probabilities', expected: 'Expected draws to complete', within: 'P(complete within {n})',
    design: 'Design the rare card', participants: 'Participants', drawsPerUser: 'Draws per user', target: 'Target completions', rare: 'Rare card probability', designBtn: 'Compute',
    designer: 'Pool designer',
  },
};

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

const STYLE = `
  .lottery-warning { margin-top: 0; padding: 10px 16px; border-radius: 8px; border: 1px solid #ffe58f; background: #fffbe6; color: #614700; }
  .lottery-games { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 16px; margin-top: 16px; }
  @media (max-width: 1200px) { .lottery-games { grid-template-columns: 1fr 1fr; } }
  .lottery-games .panel { margin-top: 0; }
  .lottery-form { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; margin-bottom: 12px; }
  .lottery-form label { display: inline-flex; gap: 6px; align-items: center; }
  .lottery-form input, .lottery-form select { height: 32px; padding: 0 8px; border: 1px solid #d9d9d9; border-radius: 6px; font: inherit; }
  .lottery-form input[type=number] { width: 100px; }
  .lottery-proof { font-family: ui-monospace, Menlo, monospace; font-size: 12px; word-break: break-all; color: rgba(0,0,0,0.65); }
  .lottery-packets { display: flex; flex-wrap: wrap; gap: 8px; }
  .lottery-packet { min-width: 72px; padding: 8px 10px; border-radius: 8px; background: #fff1f0; color: #a8071a; text-align: center; font-variant-numeric: tabular-nums; }
  .lottery-packet.best { background: #f5222d; color: #fff; }
  .lottery-ok { color: #389e0d; font-weight: 600; } .lottery-bad { color: #cf1322; font-weight: 600; }
  .lottery-section { margin-top: 16px; }
`;

export default {
  id: 'lottery',
  title: { 'zh-CN': '抽奖活动', en: 'Lottery' },
  available: true,
  mount(container, { lang }) {
    const t = (key, vars = {}) => TEXT[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
    const yuan = (fen) => format.yuan(fen, lang);
    const config = demoPool(lang);
    // Cryptographic randomness, unless a reproducible run was asked for (the e2e tests do).
    const seed = localStorage.getItem('yy-demo-lottery-seed');
    const pool = new PrizePool(seed === null ? config : { ...config, seed: Number(seed) });
    const cleanups = [() => pool.free()];

    container.append(
      el('style', {}, STYLE),
      el('h1', { class: 'page-title' }, t('title')),
      el('p', { class: 'page-desc' }, t('desc')),
      el('p', { class: 'lottery-warning', role: 'note' }, t('warning')),
    );

    // The three games on one pool, and its stock.
    const stock = el('section', { class: 'panel', id: 'lottery-stock', 'aria-label': t('stock') });
    const games = el('div', { class: 'lottery-games' });
    const renderStock = (last) => {
      const odds = pool.odds();
      const rows = odds.prizes.map((p) => el('tr', { 'data-prize': p.id },
        el('td', {}, p.name),
        el('td', { class: 'num' }, p.remaining === null ? t('unlimited') : String(p.remaining)),
        el('td', { class: 'num' }, p.current.fraction)));
      stock.replaceChildren(
        el('h3', {}, `${t('stock')} · ${t('draws', { n: pool.exportState().draws })}`),
        last ? el('p', { id: 'lottery-last' }, t('lastDraw', { name: last.prize.name, pity: last.result?.byPity ? t('byPity') : '' })) : '',
        el('table', { class: 'data' },
          el('tr', {}, el('th', {}, t('prize')), el('th', { class: 'num' }, t('left')), el('th', { class: 'num' }, 'P')),
          ...rows));
    };
    for (const [tag, key] of [['yy-lucky-wheel', 'wheel'], ['yy-lucky-grid', 'grid'], ['yy-lucky-slot', 'slot']]) {
      const game = el(tag, { lang, id: `lottery-${key}` });
      game.data = { pool, userId: 'demo-user' };
      game.addEventListener('yy-draw', (e) => renderStock(e.detail));
      games.append(el('section', { class: 'panel', 'aria-label': t(key) }, el('h3', {}, t(key)), game));
    }
    renderStock(null);
    container.append(games, stock);

    container.append(verifiableSection(t, config, cleanups));
    container.append(redPacketSection(t, yuan));
    container.append(cardsSection(t, lang));

    const designer = el('yy-lottery-designer', { lang, participants: '10000', 'draws-per-user': '3', 'budget-fen': '11300000', id: 'lottery-designer' });
    designer.data = config;
    container.append(el('section', { class: 'lottery-section', 'aria-label': t('designer') }, el('h2', { class: 'page-title' }, t('designer')), designer));
    return () => cleanups.forEach((f) => f());
  },
};

/** A simulated server: commits to a random seed, draws with verifiableDraw, reveals the seed. */
function verifiableSection(t, config, cleanups) {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const serverSeed = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const commitment = serverSeedHash(serverSeed);
  let nonce = 0;
  const clientSeed = el('input', { value: 'my-lucky-seed', 'aria-label': t('clientSeed'), id: 'lottery-client-seed' });
  const result = el('div', { class: 'lottery-proof', id: 'lottery-proof', 'aria-live': 'polite' });
  const wheel = el('yy-lucky-wheel', { lang: document.documentElement.lang, id: 'lottery-verifiable' });
  wheel.style.setProperty('--yy-wheel-size', '300px');
  wheel.data = { prizes: config.prizes };
  let timer = 0;
  wheel.addEventListener('yy-start', () => {
    nonce += 1;
    // verifiableDraw takes prizes as { id, weight } only: names, stock and pictures are not part of the proof.
    const prizes = config.prizes.map(({ id, weight }) => ({ id, weight }));
    const request = { serverSeed, clientSeed: clientSeed.value.replaceAll(':', ''), nonce, prizes };
    // The "server" answers after a network-like delay.
    timer = setTimeout(() => {
      try {
        const proof = verifiableDraw(request);
        wheel.stop(proof.prizeId, { serverSeed, serverSeedHash: commitment, clientSeed: request.clientSeed, nonce });
      } catch (err) {
        result.textContent = err.message;
      }
    }, 300);
  });
  wheel.addEventListener('yy-draw', (e) => {
    const { verification, prize } = e.detail;
    const p = verification.proof;
    result.replaceChildren(
      Object.assign(document.createElement('span'), { className: verification.valid ? 'lottery-ok' : 'lottery-bad', textContent: `${prize.name} · ${verification.valid ? t('valid') : t('invalid')}` }),
      document.createElement('br'),
      `serverSeed = ${serverSeed}`, document.createElement('br'),
      `clientSeed:nonce = ${p.clientSeed}:${p.nonce} · ${t('ticket')} ${p.ticket} / ${p.total} · round ${p.round} chunk ${p.chunk}`, document.createElement('br'),
      `HMAC-SHA256 = ${p.hmac}`);
  });
  cleanups.push(() => clearTimeout(timer));
  return el('section', { class: 'panel', 'aria-label': t('verifiable') },
    el('h3', {}, t('verifiable')),
    el('p', { class: 'page-desc' }, t('verifiableDesc')),
    el('div', { class: 'grid-2' },
      wheel,
      el('div', {},
        el('div', { class: 'lottery-form' }, el('label', {}, t('clientSeed'), clientSeed)),
        el('div', {}, el('strong', {}, t('commitment'))),
        el('div', { class: 'lottery-proof', id: 'lottery-commitment' }, commitment),
        el('h4', {}, t('proof')),
        result)));
}

function redPacketSection(t, yuan) {
  const total = el('input', { type: 'number', value: '100', min: '0.01', step: '0.01', 'aria-label': t('total'), id: 'rp-total' });
  const count = el('input', { type: 'number', value: '10', min: '1', step: '1', 'aria-label': t('count'), id: 'rp-count' });
  const mode = el('select', { 'aria-label': t('mode'), id: 'rp-mode' }, el('option', { value: 'doubleMean' }, t('doubleMean')), el('option', { value: 'fair' }, t('fair')));
  const out = el('div', { class: 'lottery-packets', id: 'rp-out', 'aria-live': 'polite' });
  const run = () => {
    const totalFen = parseYuan(total.value);
    if (totalFen === null) {
      out.replaceChildren(el('div', { class: 'lottery-bad', role: 'alert' }, t('badTotal', { text: total.value })));
      return;
    }
    try {
      const split = splitRedPacket({ totalFen, count: Number(count.value), mode: mode.value });
      out.replaceChildren(...split.amountsFen.map((fen, i) => el('div', { class: `lottery-packet${i === split.luckiest ? ' best' : ''}` }, yuan(fen), i === split.luckiest ? el('div', {}, t('luckiest')) : null)));
    } catch (err) {
      out.replaceChildren(el('div', { class: 'lottery-bad', role: 'alert' }, `${err.message} (${err.field})`));
    }
  };
  const section = el('section', { class: 'panel', 'aria-label': t('redPacket') },
    el('h3', {}, t('redPacket')),
    el('div', { class: 'lottery-form' },
      el('label', {}, t('total'), total), el('label', {}, t('count'), count), el('label', {}, t('mode'), mode),
      el('button', { type: 'button', class: 'btn', onclick: run, id: 'rp-split' }, t('split'))),
    out);
  run();
  return section;
}

function cardsSection(t, lang) {
  const probs = el('input', { value: '0.24, 0.24, 0.24, 0.24, 0.04', 'aria-label': t('probabilities'), id: 'cards-p', style: 'width: 260px' });
  const out = el('div', { id: 'cards-out', 'aria-live': 'polite' });
  const num = (x, d = 2) => Number(x).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: d });
  const run = () => {
    try {
      const report = cardCollection({ probabilities: probs.value.split(/[,，\s]+/).filter(Boolean).map(Number), draws: [10, 20, 50] });
      out.replaceChildren(
        el('p', {}, `${t('expected')}: `, el('strong', { id: 'cards-expected' }, num(report.expectedDraws))),
        el('p', {}, report.within.map((w) => `${t('within', { n: w.draws })}: ${(w.probability * 100).toFixed(2)}%`).join(' · ')));
    } catch (err) {
      out.replaceChildren(el('div', { class: 'lottery-bad', role: 'alert' }, `${err.message} (${err.field})`));
    }
  };
  const participants = el('input', { type: 'number', value: '100000', 'aria-label': t('participants') });
  const draws = el('input', { type: 'number', value: '20', 'aria-label': t('drawsPerUser') });
  const target = el('input', { type: 'number', value: '10000', 'aria-label': t('target') });
  const designOut = el('div', { id: 'cards-design', 'aria-live': 'polite' });
  const design = () => {
    try {
      const d = designCards({ cards: 5, drawsPerUser: Number(draws.value), participants: Number(participants.value), targetCompletions: Number(target.value) });
      designOut.textContent = `${t('rare')}: ${(d.rareProbability * 100).toFixed(3)}% · ${d.probabilities.map((p) => `${(p * 100).toFixed(2)}%`).join(' / ')} · ${t('expected')}: ${num(d.expectedDraws)}`;
    } catch (err) {
      designOut.textContent = `${err.message} (${err.field})`;
    }
  };
  probs.addEventListener('change', run);
  const section = el('section', { class: 'panel', 'aria-label': t('cards') },
    el('h3', {}, t('cards')),
    el('div', { class: 'lottery-form' }, el('label', {}, t('probabilities'), probs)),
    out,
    el('h4', {}, t('design')),
    el('div', { class: 'lottery-form' },
      el('label', {}, t('participants'), participants), el('label', {}, t('drawsPerUser'), draws), el('label', {}, t('target'), target),
      el('button', { type: 'button', class: 'btn', onclick: design }, t('designBtn'))),
    designOut);
  run();
  design();
  return section;
}
