// 5-step funnel (signup → view → add_to_cart → order → pay, 1-day window, ClickHouse default
// mode) with a first-touch breakdown by channel. Every contender returns
// { total: [users per step], groups: { channel: [users per step] } }; the contenders that also
// compute times to convert, as yunying does (per step and per group: nearest-rank median and p90,
// histogram), add { times: { total: [...], groups: { channel: [...] } } }. check() compares the
// counts of all of them and the times of those that compute times.
const STEPS = ['signup', 'view', 'add_to_cart', 'order', 'pay'];
const WINDOW_MS = 86_400_000;
/** yunying's time-to-convert bin edges (README, Funnels), up to the window; the last bin is open. */
const EDGES_MS = [0, 10_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000,
  43_200_000, 86_400_000, 172_800_000, 604_800_000, 1_209_600_000, 2_592_000_000].filter((e) => e <= WINDOW_MS);

/**
 * ClickHouse windowFunnel (default) over one user's step events in (time, step) order: a step-0
 * event restarts the chain start; step k extends step k−1 within the window of its start.
 * Returns [level, first-touch channel of the chain that reached it, its step-to-step durations].
 */
function greedy(ts, step, channel, n) {
  const start = new Float64Array(5), last = new Float64Array(5), touch = new Int32Array(5);
  const chains = [[], [], [], [], []];
  let set = 0;
  for (let i = 0; i < n; i++) {
    const k = step[i];
    if (k === 0) { start[0] = last[0] = ts[i]; touch[0] = channel[i]; chains[0] = []; set |= 1; }
    else if (set & (1 << (k - 1)) && ts[i] <= start[k - 1] + WINDOW_MS) {
      start[k] = start[k - 1]; touch[k] = touch[k - 1]; last[k] = ts[i];
      chains[k] = [...chains[k - 1], ts[i] - last[k - 1]];
      set |= 1 << k;
      if (k === 4) break;
    }
  }
  const level = 32 - Math.clz32(set);
  return [level, level ? touch[level - 1] : -1, level ? chains[level - 1] : []];
}

/** Per-step conversion times of one group: durations[k] for step k ≥ 1. */
const noTimes = () => [[], [], [], [], []];

function tally(answer, level, channelName, durations) {
  if (level === 0) return;
  const g = (answer.groups[channelName] ??= [0, 0, 0, 0, 0]);
  for (let k = 0; k < level; k++) { answer.total[k]++; g[k]++; }
  if (durations) {
    const times = (answer.durations[channelName] ??= noTimes());
    for (let k = 1; k < level; k++) times[k].push(durations[k - 1]);
  }
}

/** Median and p90 (nearest rank: the ⌈q·n⌉-th smallest) and the histogram of each step ≥ 1. */
function summarize(durations) {
  return durations.slice(1).map((list) => {
    const sorted = Float64Array.from(list).sort();
    const rank = (q) => (sorted.length ? sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] : null);
    const histogram = new Array(EDGES_MS.length).fill(0);
    for (const t of sorted) {
      let bin = EDGES_MS.length - 1;
      while (EDGES_MS[bin] > t) bin--;
      histogram[bin]++;
    }
    return { medianMs: rank(0.5), p90Ms: rank(0.9), histogram };
  });
}

/** Adds `times` (per-step summaries, whole funnel and per group) to an answer with durations. */
function withTimes(answer) {
  const total = noTimes();
  const groups = {};
  for (const [name, durations] of Object.entries(answer.durations)) {
    durations.forEach((list, k) => { for (const t of list) total[k].push(t); });
    groups[name] = summarize(durations);
  }
  return { total: answer.total, groups: answer.groups, times: { total: summarize(total), groups } };
}

const empty = (withDurations) => ({ total: [0, 0, 0, 0, 0], groups: {}, durations: withDurations ? {} : undefined });

/** The per-user JS loop of the contenders that group rows first (arquero). */
function fromLists(users, values) {
  const answer = empty(true);
  for (const u of users) {
    const [level, ch, durations] = greedy(u.ts, u.step, u.ch, u.ts.length);
    tally(answer, level, values[ch], durations);
  }
  return withTimes(answer);
}

/** yunying's step results as the contenders' time summaries. */
const timesOf = (steps) => steps.slice(1).map(({ timeToConvert: t }) => ({
  medianMs: t.medianMs, p90Ms: t.p90Ms, histogram: t.histogram.map((b) => b.count),
}));

export default {
  id: 'funnel',
  title: '5-step funnel (1-day window) with a breakdown by channel',
  where: ['browser', 'node'],
  sizes: [1e6, 1e7],
  sizeLabel: (size) => `${size / 1e6}M events, ${size / 1e7}M users`,

  // Every contender gets its data loaded the way an app would keep it: yunying's resident log,
  // the typed arrays, an arquero table, a DuckDB table. Loading is not timed; the funnel is.
  async setup({ size, yunying, data, libs }) {
    const columns = data.eventLog({ events: size, users: size / 10 });
    const log = yunying.EventLog.fromColumns(columns);
    const stepOf = new Int8Array(256).fill(-1);
    STEPS.forEach((s, k) => { stepOf[columns.eventNames.indexOf(s)] = k; });
    const step = Int8Array.from(columns.event, (e) => stepOf[e]);
    const loaded = { u: columns.user, ts: columns.ts, step, ch: columns.props.channel.codes };
    const state = { columns, log, stepOf, skip: {} };
    if (size > 1e6) {
      state.skip.arquero = 'grouping 1e7 events into per-user arrays takes minutes';
    } else {
      const aq = await libs.arquero();
      state.aq = { aq, table: aq.table(loaded) };
    }
    state.duck = await libs.duckdb();
    await state.duck.insert('events', loaded);
    return state;
  },

  contenders: {
    yunying: ({ log }) => {
      const r = log.funnel({ steps: STEPS, windowMs: WINDOW_MS, breakdown: { prop: 'channel', attribution: 'first_touch' } });
      const answer = { total: r.steps.map((s) => s.users), groups: {}, times: { total: timesOf(r.steps), groups: {} } };
      for (const g of r.breakdown.groups) {
        answer.groups[g.value] = g.steps.map((s) => s.users);
        answer.times.groups[g.value] = timesOf(g.steps);
      }
      return answer;
    },

    // The loop a developer would write: events are time-ordered, so one pass with per-user state.
    // Per user and step k reached, the chain's start, first-touch channel and (for the times to
    // convert) its k step-to-step durations, copied from step k−1's chain when step k extends it.
    'plain JS': ({ columns, stepOf }) => {
      const { user, ts, event } = columns;
      const channel = columns.props.channel.codes;
      let users = 0;
      for (let i = 0; i < user.length; i++) if (user[i] >= users) users = user[i] + 1;
      const start = new Float64Array(users * 5), last = new Float64Array(users * 5);
      const touch = new Int32Array(users * 5), set = new Uint8Array(users);
      // Step k's chain has k durations, at u * 10 + FIRST[k].
      const FIRST = [0, 0, 1, 3, 6];
      const durations = new Float64Array(users * 10);
      for (let i = 0; i < user.length; i++) {
        const k = stepOf[event[i]];
        if (k < 0) continue;
        const u = user[i], s = set[u];
        if (s & 16) continue;
        const at = u * 5 + k;
        if (k === 0) { start[at] = last[at] = ts[i]; touch[at] = channel[i]; set[u] = s | 1; }
        else if (s & (1 << (k - 1)) && ts[i] <= start[at - 1] + WINDOW_MS) {
          start[at] = start[at - 1]; touch[at] = touch[at - 1]; last[at] = ts[i];
          const from = u * 10 + FIRST[k - 1], to = u * 10 + FIRST[k];
          for (let j = 0; j < k - 1; j++) durations[to + j] = durations[from + j];
          durations[to + k - 1] = ts[i] - last[at - 1];
          set[u] = s | (1 << k);
        }
      }
      const answer = empty(true);
      const chain = [];
      for (let u = 0; u < users; u++) {
        const level = 32 - Math.clz32(set[u]);
        if (!level) continue;
        const from = u * 10 + FIRST[level - 1];
        chain.length = 0;
        for (let j = 0; j < level - 1; j++) chain.push(durations[from + j]);
        tally(answer, level, columns.props.channel.values[touch[u * 5 + level - 1]], chain);
      }
      return withTimes(answer);
    },

    // The loop above without the times to convert (counts only, less work than the others do).
    'plain JS, counts only': ({ columns, stepOf }) => {
      const { user, ts, event } = columns;
      const channel = columns.props.channel.codes;
      let users = 0;
      for (let i = 0; i < user.length; i++) if (user[i] >= users) users = user[i] + 1;
      const start = new Float64Array(users * 5), touch = new Int32Array(users * 5), set = new Uint8Array(users);
      for (let i = 0; i < user.length; i++) {
        const k = stepOf[event[i]];
        if (k < 0) continue;
        const u = user[i], s = set[u];
        if (s & 16) continue;
        if (k === 0) { start[u * 5] = ts[i]; touch[u * 5] = channel[i]; set[u] = s | 1; }
        else if (s & (1 << (k - 1)) && ts[i] <= start[u * 5 + k - 1] + WINDOW_MS) {
          start[u * 5 + k] = start[u * 5 + k - 1]; touch[u * 5 + k] = touch[u * 5 + k - 1]; set[u] = s | (1 << k);
        }
      }
      const answer = empty(false);
      for (let u = 0; u < users; u++) {
        const level = 32 - Math.clz32(set[u]);
        if (level) tally(answer, level, columns.props.channel.values[touch[u * 5 + level - 1]]);
      }
      return answer;
    },

    arquero: ({ columns, aq: { aq, table } }) => {
      const t = table
        .filter((d) => d.step >= 0)
        .orderby('u', 'ts', 'step')
        .groupby('u')
        .rollup({ ts: aq.op.array_agg('ts'), step: aq.op.array_agg('step'), ch: aq.op.array_agg('ch') });
      return fromLists(t.objects(), columns.props.channel.values);
    },

    // The funnel in SQL: from every step-0 event, ASOF joins take the earliest next step at or
    // after the previous one (which is the best choice for reaching further), kept when within
    // the window of the start; a user's level is the best start's, attributed to the latest start
    // reaching it (the chain ClickHouse reports). Default-mode windowFunnel gives the same levels.
    // (A NULL in an ASOF condition still matches in DuckDB, hence the explicit `is not null`.)
    DuckDB: async ({ columns, duck }) => {
      const next = (k) => `s${k} as (select s.*, case when s.t${k - 1} is not null and e.ts <= s.t0 + ${WINDOW_MS} then e.ts end as t${k}
        from s${k - 1} s asof left join (select u, ts from events where step = ${k}) e on s.u = e.u and e.ts >= s.t${k - 1})`;
      const rows = await duck.query(`
        with s0 as (select u, ts as t0, ch from events where step = 0),
        ${[1, 2, 3, 4].map(next).join(',\n')},
        starts as (select u, t0, ch, 1 + (t1 is not null)::int + (t2 is not null)::int + (t3 is not null)::int + (t4 is not null)::int as level from s4),
        users as (select u, max(level) as level, arg_max(ch, level * 1e13 + t0) as ch from starts group by u)
        select ch, ${[1, 2, 3, 4, 5].map((k) => `count(*) filter (where level >= ${k})::int as r${k}`).join(', ')}
        from users group by ch`);
      const answer = empty(false);
      for (const r of rows) {
        const counts = [r.r1, r.r2, r.r3, r.r4, r.r5].map(Number);
        answer.groups[columns.props.channel.values[Number(r.ch)]] = counts;
        counts.forEach((n, k) => { answer.total[k] += n; });
      }
      return answer;
    },
  },

  check(answers) {
    const [first, ...rest] = Object.entries(answers);
    const sorted = (groups) => Object.fromEntries(Object.entries(groups).sort());
    const counts = (a) => JSON.stringify({ total: a.total, groups: sorted(a.groups) });
    const times = (a) => JSON.stringify({ total: a.times.total, groups: sorted(a.times.groups) });
    for (const [name, answer] of rest) {
      if (counts(answer) !== counts(first[1])) throw new Error(`${name} disagrees with ${first[0]}: ${counts(answer)} vs ${counts(first[1])}`);
      if (answer.times && times(answer) !== times(first[1])) throw new Error(`${name}'s times to convert disagree with ${first[0]}'s: ${times(answer)} vs ${times(first[1])}`);
    }
  },

  targets: [
    { env: 'browser', size: 1e7, contender: 'yunying', maxMs: 150 },
    { env: 'browser', fasterThan: 'plain JS', by: 5 },
    { env: 'browser', fasterThan: 'arquero' },
    { env: 'browser', fasterThan: 'DuckDB' },
  ],

  figures(state) {
    return { 'resident bytes / event': state.log.summary().residentBytes / state.columns.ts.length };
  },

  async teardown(state) {
    state.log.free();
    await state.duck.query('drop table events');
  },
};
