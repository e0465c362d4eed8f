// User segments (issue 4): the default layering (新用户 / 流失 / 沉睡 / 高价值 / 活跃 / 其他 with
// per-segment totals) and RFM (quintile scores, R×F grid, named segments) on a resident log,
// against what a developer would write instead. Every contender starts from the same columns;
// yunying and DuckDB have them resident (ingested in setup), arquero as a table, plain JS as arrays.

const DAY = 86_400_000;
const OFFSET = 480; // Beijing
const LAYERS = ['new', 'churned', 'dormant', 'highValue', 'active', 'other'];
// The default thresholds (README: User segments and RFM).
const T = { newDays: 7, dormantDays: 14, churnDays: 30, highValueFen: 50_000, highValueOrders: 3, activeMinDays: 3, activeWindowDays: 14 };

/** The R×F map of the named segments, rows R1…R5, columns F1…F5 (README). */
const NAMED_GRID = [
  ['lost', 'lost', 'atRisk', 'atRisk', 'cantLose'],
  ['hibernating', 'hibernating', 'atRisk', 'atRisk', 'cantLose'],
  ['aboutToSleep', 'aboutToSleep', 'needAttention', 'loyal', 'loyal'],
  ['promising', 'potentialLoyalist', 'potentialLoyalist', 'loyal', 'loyal'],
  ['new', 'potentialLoyalist', 'potentialLoyalist', 'champions', 'champions'],
];

const localDay = (t) => Math.floor((t + OFFSET * 60_000) / DAY);

function agree(what, ...values) {
  const text = values.map((v) => JSON.stringify(v));
  if (text.some((v) => v !== text[0])) throw new Error(`contenders disagree on ${what}:\n${text.join('\n')}`);
}

/** The layer of one user's figures, in the documented precedence. */
function layerOf(asOfDay, first, last, recentDays, orders, paid) {
  if (asOfDay - first < T.newDays) return 'new';
  if (asOfDay - last >= T.churnDays) return 'churned';
  if (asOfDay - last >= T.dormantDays) return 'dormant';
  if (paid >= T.highValueFen || orders >= T.highValueOrders) return 'highValue';
  if (recentDays >= T.activeMinDays) return 'active';
  return 'other';
}

/** Plain JS layering: one pass with a Map of per-user records (a Set of days each), then the rules. */
function layeringPlain({ user, ts, event, fen, pay, asOfDay }) {
  const users = new Map();
  for (let i = 0; i < ts.length; i++) {
    const day = localDay(ts[i]);
    let u = users.get(user[i]);
    if (u === undefined) users.set(user[i], (u = { first: day, last: day, days: new Set(), events: 0, orders: 0, paid: 0 }));
    if (day < u.first) u.first = day;
    if (day > u.last) u.last = day;
    u.days.add(day);
    u.events++;
    if (event[i] === pay) {
      u.orders++;
      if (!Number.isNaN(fen[i])) u.paid += fen[i];
    }
  }
  const out = Object.fromEntries(LAYERS.map((k) => [k, { users: 0, events: 0, activeDays: 0, orders: 0, paidFen: 0 }]));
  const recentFrom = asOfDay - T.activeWindowDays + 1;
  for (const u of users.values()) {
    let recent = 0;
    for (const d of u.days) if (d >= recentFrom) recent++;
    const s = out[layerOf(asOfDay, u.first, u.last, recent, u.orders, u.paid)];
    s.users++;
    s.events += u.events;
    s.activeDays += u.days.size;
    s.orders += u.orders;
    s.paidFen += u.paid;
  }
  return out;
}

async function layeringArquero({ table, pay, asOfDay }, aq) {
  const { op } = aq;
  const perUser = table
    .params({ pay, recentFrom: asOfDay - T.activeWindowDays + 1, OFFSET: OFFSET * 60_000, DAY })
    .derive({
      day: (d, $) => op.floor((d.ts + $.OFFSET) / $.DAY),
      isPay: (d, $) => (d.event === $.pay ? 1 : 0),
      paid: (d, $) => (d.event === $.pay && !op.is_nan(d.fen) ? d.fen : 0),
    })
    .derive({ recentDay: (d, $) => (d.day >= $.recentFrom ? d.day : undefined) })
    .groupby('user')
    .rollup({
      first: op.min('day'), last: op.max('day'), activeDays: op.distinct('day'),
      // distinct counts a missing value as one more value.
      recent: (d) => op.distinct(d.recentDay) - (op.valid(d.recentDay) < op.count() ? 1 : 0),
      events: op.count(), orders: op.sum('isPay'), paidFen: op.sum('paid'),
    });
  const rows = perUser
    .params({ asOfDay, ...T })
    .derive({
      layer: (d, $) => (($.asOfDay - d.first < $.newDays) ? 'new'
        : ($.asOfDay - d.last >= $.churnDays) ? 'churned'
          : ($.asOfDay - d.last >= $.dormantDays) ? 'dormant'
            : (d.paidFen >= $.highValueFen || d.orders >= $.highValueOrders) ? 'highValue'
              : (d.recent >= $.activeMinDays) ? 'active' : 'other'),
    })
    .groupby('layer')
    .rollup({ users: op.count(), events: op.sum('events'), activeDays: op.sum('activeDays'), orders: op.sum('orders'), paidFen: op.sum('paidFen') })
    .objects();
  return byLayer(rows);
}

async function layeringDuck({ duck, pay, asOfDay }) {
  const rows = await duck.query(`
    WITH e AS (SELECT "user", event, fen, floor((ts + ${OFFSET * 60_000}) / ${DAY})::INTEGER AS day FROM seg_events),
    u AS (
      SELECT "user", min(day) AS first, max(day) AS last, count(DISTINCT day) AS active_days,
             count(DISTINCT day) FILTER (WHERE day >= ${asOfDay - T.activeWindowDays + 1}) AS recent,
             count(*) AS events, count(*) FILTER (WHERE event = ${pay}) AS orders,
             coalesce(sum(CASE WHEN isnan(fen) THEN 0 ELSE fen END) FILTER (WHERE event = ${pay}), 0) AS paid
      FROM e GROUP BY "user")
    SELECT CASE WHEN ${asOfDay} - first < ${T.newDays} THEN 'new'
                WHEN ${asOfDay} - last >= ${T.churnDays} THEN 'churned'
                WHEN ${asOfDay} - last >= ${T.dormantDays} THEN 'dormant'
                WHEN paid >= ${T.highValueFen} OR orders >= ${T.highValueOrders} THEN 'highValue'
                WHEN recent >= ${T.activeMinDays} THEN 'active' ELSE 'other' END AS layer,
           count(*)::INTEGER AS users, sum(events)::BIGINT AS events, sum(active_days)::BIGINT AS "activeDays",
           sum(orders)::BIGINT AS orders, sum(paid)::DOUBLE AS "paidFen"
    FROM u GROUP BY layer`);
  return byLayer(rows);
}

function byLayer(rows) {
  const out = Object.fromEntries(LAYERS.map((k) => [k, { users: 0, events: 0, activeDays: 0, orders: 0, paidFen: 0 }]));
  for (const r of rows) out[r.layer] = { users: Number(r.users), events: Number(r.events), activeDays: Number(r.activeDays), orders: Number(r.orders), paidFen: Number(r.paidFen) };
  return out;
}

/** yunying's answer in the same shape (totals from averages × users, which are exact here). */
function yunyingLayers(result) {
  const out = {};
  for (const s of result.segments) {
    out[s.key] = {
      users: s.users, events: Math.round(s.avgEvents * s.users), activeDays: Math.round(s.avgActiveDays * s.users),
      orders: Math.round(s.avgOrders * s.users), paidFen: s.totalPaidFen,
    };
  }
  return out;
}

/** pandas qcut(x, 5) quintile edges over sorted values (linear interpolation, numpy's lerp). */
function quintileEdges(sorted) {
  const n = sorted.length;
  return [0.2, 0.4, 0.6, 0.8].map((q) => {
    const v = (n - 1) * q;
    const k = Math.floor(v);
    const t = v - k;
    const [a, b] = [sorted[k], sorted[Math.min(k + 1, n - 1)]];
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  });
}

/** Score 1…5 of x against four ascending edges (right-closed bins); low values best when `lowBest`. */
function scoreOf(x, edges, lowBest) {
  let bin = 0;
  while (bin < 4 && x > edges[bin]) bin++;
  return lowBest ? 5 - bin : bin + 1;
}

function gridToSegments(grid) {
  const counts = {};
  for (let r = 0; r < 5; r++) for (let f = 0; f < 5; f++) counts[NAMED_GRID[r][f]] = (counts[NAMED_GRID[r][f]] ?? 0) + grid[r][f];
  return counts;
}

/** Plain JS RFM: a Map of customers in first-appearance order, sorts for quantiles and ranks. */
function rfmPlain({ user, ts, event, fen, pay, asOfDay }) {
  const seen = new Map();
  for (let i = 0; i < ts.length; i++) {
    let c = seen.get(user[i]);
    if (c === undefined) seen.set(user[i], (c = { last: -Infinity, frequency: 0, monetary: 0 }));
    if (event[i] === pay) {
      c.last = Math.max(c.last, localDay(ts[i]));
      c.frequency++;
      if (!Number.isNaN(fen[i])) c.monetary += fen[i];
    }
  }
  const customers = [...seen.values()].filter((c) => c.frequency > 0);
  const recency = customers.map((c) => asOfDay - c.last);
  const order = customers.map((_, i) => i).sort((a, b) => customers[a].frequency - customers[b].frequency || a - b);
  const rank = new Float64Array(customers.length);
  order.forEach((i, r) => { rank[i] = r + 1; });
  const rEdges = quintileEdges(Float64Array.from(recency).sort());
  const fEdges = quintileEdges(Float64Array.from(rank).sort());
  const mEdges = quintileEdges(Float64Array.from(customers, (c) => c.monetary).sort());
  const grid = [...Array(5)].map(() => new Array(5).fill(0));
  const m = new Array(5).fill(0);
  customers.forEach((c, i) => {
    grid[scoreOf(recency[i], rEdges, true) - 1][scoreOf(rank[i], fEdges, false) - 1]++;
    m[scoreOf(c.monetary, mEdges, false) - 1]++;
  });
  return { customers: customers.length, grid, m };
}

async function rfmArquero({ table, pay, asOfDay }, aq) {
  const { op } = aq;
  const firsts = table.derive({ row: () => op.row_number() }).groupby('user').rollup({ firstRow: op.min('row') });
  const customers = table
    .params({ pay, OFFSET: OFFSET * 60_000, DAY })
    .filter((d, $) => d.event === $.pay)
    .derive({ day: (d, $) => op.floor((d.ts + $.OFFSET) / $.DAY), paid: (d) => (op.is_nan(d.fen) ? 0 : d.fen) })
    .groupby('user')
    .rollup({ last: op.max('day'), frequency: op.count(), monetary: op.sum('paid') })
    .join(firsts, 'user')
    .params({ asOfDay })
    .derive({ recency: (d, $) => $.asOfDay - d.last })
    .orderby('frequency', 'firstRow')
    .derive({ rank: () => op.row_number() });
  const q = (name) => [0.2, 0.4, 0.6, 0.8].map((p) => customers.rollup({ v: op.quantile(name, p) }).get('v', 0));
  const [r, f, mEdges] = [q('recency'), q('rank'), q('monetary')];
  const scored = customers
    .params({ r, f, m: mEdges })
    .derive({
      R: (d, $) => (d.recency <= $.r[0] ? 5 : d.recency <= $.r[1] ? 4 : d.recency <= $.r[2] ? 3 : d.recency <= $.r[3] ? 2 : 1),
      F: (d, $) => (d.rank <= $.f[0] ? 1 : d.rank <= $.f[1] ? 2 : d.rank <= $.f[2] ? 3 : d.rank <= $.f[3] ? 4 : 5),
      M: (d, $) => (d.monetary <= $.m[0] ? 1 : d.monetary <= $.m[1] ? 2 : d.monetary <= $.m[2] ? 3 : d.monetary <= $.m[3] ? 4 : 5),
    });
  const grid = [...Array(5)].map(() => new Array(5).fill(0));
  for (const row of scored.groupby('R', 'F').count().objects()) grid[row.R - 1][row.F - 1] = row.count;
  const m = new Array(5).fill(0);
  for (const row of scored.groupby('M').count().objects()) m[row.M - 1] = row.count;
  return { customers: scored.numRows(), grid, m };
}

async function rfmDuck({ duck, pay, asOfDay }) {
  const rows = await duck.query(`
    WITH firsts AS (SELECT "user", min(rowid) AS first_row FROM seg_events GROUP BY "user"),
    c AS (SELECT "user", ${asOfDay} - max(floor((ts + ${OFFSET * 60_000}) / ${DAY})) AS recency, count(*) AS frequency,
                 sum(CASE WHEN isnan(fen) THEN 0 ELSE fen END) AS monetary
          FROM seg_events WHERE event = ${pay} GROUP BY "user"),
    ranked AS (SELECT c.*, row_number() OVER (ORDER BY frequency, first_row) AS rnk FROM c JOIN firsts USING ("user")),
    q AS (SELECT quantile_cont(recency, [0.2, 0.4, 0.6, 0.8]) AS r, quantile_cont(rnk, [0.2, 0.4, 0.6, 0.8]) AS f,
                 quantile_cont(monetary, [0.2, 0.4, 0.6, 0.8]) AS m FROM ranked),
    s AS (SELECT CASE WHEN recency <= r[1] THEN 5 WHEN recency <= r[2] THEN 4 WHEN recency <= r[3] THEN 3 WHEN recency <= r[4] THEN 2 ELSE 1 END AS R,
                 CASE WHEN rnk <= f[1] THEN 1 WHEN rnk <= f[2] THEN 2 WHEN rnk <= f[3] THEN 3 WHEN rnk <= f[4] THEN 4 ELSE 5 END AS F,
                 CASE WHEN monetary <= m[1] THEN 1 WHEN monetary <= m[2] THEN 2 WHEN monetary <= m[3] THEN 3 WHEN monetary <= m[4] THEN 4 ELSE 5 END AS M
          FROM ranked, q)
    SELECT R::INTEGER AS r, F::INTEGER AS f, M::INTEGER AS m, count(*)::INTEGER AS n FROM s GROUP BY ALL`);
  const grid = [...Array(5)].map(() => new Array(5).fill(0));
  const m = new Array(5).fill(0);
  let customers = 0;
  for (const row of rows) {
    grid[row.r - 1][row.f - 1] += row.n;
    m[row.m - 1] += row.n;
    customers += row.n;
  }
  return { customers, grid, m };
}

/** Shared set-up of both cases: the columns, resident in every contender. */
async function residentSetup({ size, data, libs, yunying }) {
  const columns = data.eventLog({ events: size });
  const fen = columns.props.amount.fen;
  const pay = columns.eventNames.indexOf('pay');
  let asOf = -Infinity;
  for (const t of columns.ts) if (t > asOf) asOf = t;
  const aq = await libs.arquero();
  const duck = await libs.duckdb();
  await duck.insert('seg_events', { user: columns.user, ts: columns.ts, event: columns.event, fen });
  return {
    // arquero needs over a minute per run at 10M events (and is ~250× slower than yunying at 1M).
    skip: size >= 1e7 ? { arquero: 'over a minute per run at this size; see the 1M table' } : undefined,
    user: columns.user, ts: columns.ts, event: columns.event, fen, pay, asOfDay: localDay(asOf),
    log: yunying.EventLog.fromColumns(columns),
    table: aq.table({ user: columns.user, ts: columns.ts, event: columns.event, fen }),
    aq, duck,
  };
}

async function teardown(state) {
  state?.log.free();
  await state?.duck.query('DROP TABLE IF EXISTS seg_events');
  await state?.duck.close();
}

const SIZES = [1e6, 1e7];
const OTHERS = ['plain JS', 'arquero', 'DuckDB'];
const sizeLabel = (n) => `${n / 1e6}M events / ${n / 1e7}M users`;
const TARGETS = [
  { env: 'browser', size: 1e7, maxMs: 300 },
  { env: 'browser', fasterThan: 'plain JS', by: 5 },
  { env: 'browser', fasterThan: 'arquero' },
  { env: 'browser', fasterThan: 'DuckDB' },
];

const layering = {
  id: 'segments',
  title: 'Default user layering (新用户/流失/沉睡/高价值/活跃/其他) with per-segment totals',
  where: ['browser', 'node'],
  sizes: SIZES,
  sizeLabel,
  setup: residentSetup,
  contenders: {
    yunying: ({ log }) => log.segments({ orderEvent: 'pay', amountProp: 'amount', utcOffsetMinutes: OFFSET, layering: { highValueFen: T.highValueFen } }),
    'plain JS': (state) => layeringPlain(state),
    arquero: (state) => layeringArquero(state, state.aq),
    DuckDB: (state) => layeringDuck(state),
  },
  check(answers) {
    agree('layers', yunyingLayers(answers.yunying), ...OTHERS.filter((n) => n in answers).map((n) => answers[n]));
  },
  teardown,
  targets: TARGETS,
};

const rfm = {
  id: 'segments-rfm',
  title: 'RFM: quintile scores (pandas qcut conventions), R×F grid and named segments',
  where: ['browser', 'node'],
  sizes: SIZES,
  sizeLabel,
  setup: residentSetup,
  contenders: {
    yunying: ({ log }) => log.rfm({ orderEvent: 'pay', amountProp: 'amount', utcOffsetMinutes: OFFSET }),
    'plain JS': (state) => rfmPlain(state),
    arquero: (state) => rfmArquero(state, state.aq),
    DuckDB: (state) => rfmDuck(state),
  },
  check(answers) {
    const y = answers.yunying;
    const named = Object.fromEntries(y.segments.map((s) => [s.key, s.customers]));
    for (const name of OTHERS.filter((n) => n in answers)) {
      agree(`RFM grid (${name})`, y.grid, answers[name].grid);
      agree(`customers (${name})`, y.customers, answers[name].customers);
      agree(`named segments (${name})`, named, { ...named, ...gridToSegments(answers[name].grid) });
    }
  },
  teardown,
  targets: TARGETS,
};

export default [layering, rfm];
