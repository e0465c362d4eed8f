// Lottery: 1e6 draws with stock and pity against the cumulative-sum Math.random loop a developer
// would write, twice: counting wins per prize only (simulating a campaign's outcome), and also
// listing each draw's prize (who won what) in a typed array on both sides; verifiable draws against WebCrypto's HMAC (the same ticket rule); campaignCost for
// a campaign of 1e6 participants simulated 20 times (2e7 draws) against the same JS loop run as a
// simulation. The three scenarios are the case's three "sizes".
const PRIZES = [
  { id: 'iphone', weight: 1, stock: 100, value: 599900 },
  { id: 'airpods', weight: 4, stock: 500, value: 129900 },
  { id: 'coupon100', weight: 20, stock: 5000, value: 10000 },
  { id: 'vip', weight: 75, value: 1500 },
  { id: 'coupon10', weight: 150, value: 1000 },
  { id: 'redpacket', weight: 200, value: 100 },
  { id: 'points', weight: 250, value: 50 },
  { id: 'thanks', weight: 300 },
];
const PITY = { every: 10, prizeIds: ['iphone', 'airpods', 'coupon100', 'vip', 'coupon10'] };
const DRAWS = 1e6;
const VERIFIABLE_DRAWS = 1000;
const PARTICIPANTS = 1e6;
const COST_RUNS = 20;

/**
 * The straightforward JS: per draw, sum the weights of the prizes that can come out (in stock, and
 * only the pity prizes when pity is due), then walk the cumulative sums with Math.random.
 * `participants` users with their own pity counters make `drawsPerUser` draws each from one stock.
 * With `listed`, each draw's prize index also goes into a Uint32Array `sequence`.
 */
function plainCampaign(participants, drawsPerUser, listed = false) {
  const prizes = PRIZES.map((p, index) => ({ ...p, index, left: p.stock ?? Infinity, pity: PITY.prizeIds.includes(p.id) }));
  const counts = new Array(prizes.length).fill(0);
  const sequence = listed ? new Uint32Array(participants * drawsPerUser) : null;
  let drawn = 0;
  let valueFen = 0;
  for (let u = 0; u < participants; u++) {
    let since = 0;
    for (let d = 0; d < drawsPerUser; d++) {
      const due = since + 1 >= PITY.every && prizes.some((p) => p.pity && p.left > 0);
      const open = prizes.filter((p) => p.left > 0 && (!due || p.pity));
      const total = open.reduce((sum, p) => sum + p.weight, 0);
      let x = Math.random() * total;
      let pick = open[open.length - 1];
      for (const p of open) {
        x -= p.weight;
        if (x < 0) {
          pick = p;
          break;
        }
      }
      pick.left -= 1;
      counts[pick.index] += 1;
      if (sequence) sequence[drawn] = pick.index;
      drawn += 1;
      valueFen += pick.value ?? 0;
      since = pick.pity ? 0 : since + 1;
    }
  }
  return { counts, valueFen, sequence };
}

/** HMAC-SHA256 with WebCrypto, then the documented ticket rule (first round, first accepted chunk). */
async function webCryptoTicket(key, clientSeed, nonce, total) {
  const digest = new DataView(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${clientSeed}:${nonce}`)));
  const limit = 2 ** 32 - (2 ** 32 % total);
  for (let chunk = 0; chunk < 8; chunk++) {
    const x = digest.getUint32(chunk * 4);
    if (x < limit) return x % total;
  }
  return null; // the next round: not needed for this benchmark's nonce
}

const SCENARIOS = {
  draws: '1e6 draws, stock + pity: counts per prize',
  sequence: '1e6 draws, stock + pity: counts and each draw\'s prize',
  verifiable: '1000 verifiable draws (one each: ÷ 1000)',
  cost: 'campaignCost, 1e6 participants × 20 simulated campaigns',
};

export default {
  id: 'lottery',
  title: 'Lottery: draws with stock and pity, a verifiable draw, campaign cost',
  where: ['browser', 'node'],
  sizes: Object.keys(SCENARIOS),
  sizeLabel: (size) => SCENARIOS[size],

  async setup({ size, yunying }) {
    const state = { size };
    if (size === 'draws' || size === 'sequence') {
      const listed = size === 'sequence';
      state.run = () => {
        const pool = new yunying.PrizePool({ prizes: PRIZES, pity: PITY });
        try {
          const { counts, sequence } = pool.drawMany(DRAWS, undefined, { sequence: listed });
          return { counts, sequence };
        } finally {
          pool.free();
        }
      };
      state.plain = () => plainCampaign(1, DRAWS, listed);
    } else if (size === 'verifiable') {
      // A thousand draws per timed call (nonces 1…1000): one draw is below the browser timer's resolution.
      const serverSeed = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
      const prizes = PRIZES.map(({ id, weight }) => ({ id, weight }));
      const total = prizes.reduce((sum, p) => sum + p.weight, 0);
      const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(serverSeed), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      state.run = () => Array.from({ length: VERIFIABLE_DRAWS }, (_, i) => yunying.verifiableDraw({ serverSeed, clientSeed: 'user-42', nonce: i + 1, prizes }).ticket);
      state.plain = () => Promise.all(Array.from({ length: VERIFIABLE_DRAWS }, (_, i) => webCryptoTicket(key, 'user-42', i + 1, total)));
    } else {
      // A campaign of 1e6 participants (one draw each), simulated 20 times: the mean cost.
      state.run = () => yunying.campaignCost({ pool: { prizes: PRIZES, pity: PITY }, participants: PARTICIPANTS, drawsPerUser: 1, runs: COST_RUNS }).meanFen;
      state.plain = () => {
        let sum = 0;
        for (let r = 0; r < COST_RUNS; r++) sum += plainCampaign(PARTICIPANTS, 1).valueFen;
        return sum / COST_RUNS;
      };
    }
    return state;
  },

  contenders: {
    yunying: (state) => state.run(),
    'plain JS': (state) => state.plain(),
  },

  check(answers, state) {
    const ours = answers.yunying;
    const theirs = answers['plain JS'];
    if (state.size === 'draws' || state.size === 'sequence') {
      // Both honour stock exactly and, for the unlimited prizes, agree within sampling noise.
      const [a, b] = [ours.counts, theirs.counts];
      if (a.reduce((x, y) => x + y, 0) !== DRAWS || b.reduce((x, y) => x + y, 0) !== DRAWS) throw new Error('not 1e6 draws');
      PRIZES.forEach((p, i) => {
        if (p.stock !== undefined && (a[i] > p.stock || b[i] > p.stock)) throw new Error(`${p.id} over its stock`);
        if (p.stock === undefined && Math.abs(a[i] - b[i]) > 6 * Math.sqrt(b[i]) + 10) throw new Error(`${p.id}: ${a[i]} vs ${b[i]}`);
      });
      // With a sequence, each side's sequence is its counts, draw by draw; without, neither made one.
      for (const [who, { counts, sequence }] of [['yunying', ours], ['plain JS', theirs]]) {
        if (state.size === 'draws') {
          if (sequence) throw new Error(`${who} listed the draws`);
          continue;
        }
        if (sequence?.length !== DRAWS) throw new Error(`${who}: no sequence of ${DRAWS} draws`);
        const tally = new Array(PRIZES.length).fill(0);
        for (const i of sequence) tally[i] += 1;
        if (tally.some((n, i) => n !== counts[i])) throw new Error(`${who}: the sequence is not the counts`);
      }
    } else if (state.size === 'cost') {
      // Mean cost of 20 campaigns: the standard error of each mean is ≈ 1.3e5 分 here (≈ 0.05%).
      if (Math.abs(ours - theirs) > 0.01 * theirs) throw new Error(`mean cost ${ours} vs ${theirs}`);
    } else if (state.size === 'verifiable') {
      // WebCrypto's tickets use only round 0 (null when a round 1 would be needed).
      ours.forEach((t, i) => {
        if (theirs[i] !== null && theirs[i] !== t) throw new Error(`nonce ${i + 1}: ticket ${t} vs ${theirs[i]}`);
      });
    }
  },

  targets: [
    { env: 'browser', size: 'draws', fasterThan: 'plain JS', by: 20 },
    { env: 'browser', size: 'verifiable', contender: 'yunying', maxMs: 0.02 * VERIFIABLE_DRAWS }, // ≤ 20 µs per draw
    { env: 'browser', size: 'cost', contender: 'yunying', maxMs: 1000 },
  ],
};
