// A 30-day retention matrix: cohorts by the local day of each user's first event, and for
// each cohort the distinct users active again 0 … 30 days later (calendar days at +08:00,
// "on" criterion, first-time cohorts, any event as start and return).
const OFFSET_MINUTES = 480;
const OFFSET_MS = OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const PERIODS = 30;

/** The answers as comparable `cohortDay:k → users` entries (zero cells left out). */
function cells(entries) {
  return new Map([...entries].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export default {
  id: 'retention',
  title: '30-day retention matrix (first-seen day cohorts, calendar days at +08:00)',
  where: ['browser', 'node'],
  sizes: [1e6, 1e7],
  sizeLabel: (size) => `${size / 1e6}M events / ${size / 1e7}M users`,

  async setup({ size, yunying, data, libs }) {
    const columns = data.eventLog({ events: size, users: size / 10 });
    const log = yunying.EventLog.fromColumns(columns);
    const state = { columns, log };
    if (libs?.duckdb) {
      state.duck = await libs.duckdb();
      await state.duck.insert('events', { user: columns.user, ts: columns.ts });
    }
    return state;
  },

  contenders: {
    yunying: ({ log }) => {
      const r = log.retention({ period: 'day', periods: PERIODS, criterion: 'on', cohort: 'first_time', utcOffsetMinutes: OFFSET_MINUTES });
      const out = [];
      for (const c of r.cohorts) {
        const cohort = Math.floor((c.start + OFFSET_MS) / DAY_MS);
        c.counts.forEach((n, k) => out.push([`${cohort}:${k}`, n ?? 0]));
      }
      return cells(out);
    },

    // What a developer would write: a Map for each user's first day, then a Map of the last
    // day offset counted per user (events are in time order, so offsets only grow).
    'plain JS': ({ columns }) => {
      const { user, ts } = columns;
      const day = (t) => Math.floor((t + OFFSET_MS) / DAY_MS);
      const first = new Map();
      for (let i = 0; i < ts.length; i++) {
        const d = day(ts[i]);
        const f = first.get(user[i]);
        if (f === undefined || d < f) first.set(user[i], d);
      }
      const counts = new Map();
      const seen = new Map();
      for (let i = 0; i < ts.length; i++) {
        const c = first.get(user[i]);
        const k = day(ts[i]) - c;
        if (k > PERIODS || seen.get(user[i]) === k) continue;
        seen.set(user[i], k);
        const key = `${c}:${k}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return cells(counts);
    },

    arquero: async ({ columns }, { libs }) => {
      const aq = await libs.arquero();
      const { op } = aq;
      const events = aq
        .table({ user: columns.user, ts: columns.ts })
        .params({ OFFSET_MS, DAY_MS, PERIODS })
        .derive({ day: (d, $) => op.floor((d.ts + $.OFFSET_MS) / $.DAY_MS) });
      const first = events.groupby('user').rollup({ cohort: (d) => op.min(d.day) });
      const matrix = events
        .join(first, 'user')
        .derive({ k: (d) => d.day - d.cohort })
        .filter((d, $) => d.k <= $.PERIODS)
        .groupby('cohort', 'k')
        .rollup({ n: (d) => op.distinct(d.user) });
      const out = [];
      const cohort = matrix.array('cohort');
      const k = matrix.array('k');
      const n = matrix.array('n');
      for (let i = 0; i < n.length; i++) out.push([`${cohort[i]}:${k[i]}`, n[i]]);
      return cells(out);
    },

    DuckDB: async ({ duck }) => {
      const rows = await duck.query(`
        with e as (select "user", cast(floor((ts + ${OFFSET_MS}) / ${DAY_MS}) as integer) as day from events),
             f as (select "user", min(day) as cohort from e group by "user")
        select f.cohort as cohort, e.day - f.cohort as k, count(distinct e."user") as n
        from e join f using ("user")
        where e.day - f.cohort <= ${PERIODS}
        group by 1, 2`);
      return cells(rows.map((r) => [`${Number(r.cohort)}:${Number(r.k)}`, Number(r.n)]));
    },
  },

  check(answers) {
    const [reference, ...others] = Object.entries(answers);
    for (const [name, answer] of others) {
      if (answer.size !== reference[1].size) throw new Error(`${name}: ${answer.size} cells, ${reference[0]}: ${reference[1].size}`);
      for (const [key, n] of reference[1]) {
        if (answer.get(key) !== n) throw new Error(`${name} differs at cohort:day ${key}: ${answer.get(key)} vs ${n}`);
      }
    }
  },

  targets: [
    { env: 'browser', size: 1e7, contender: 'yunying', maxMs: 300 },
    { env: 'browser', fasterThan: 'plain JS', by: 5 },
    { env: 'browser', fasterThan: 'arquero' },
    { env: 'browser', fasterThan: 'DuckDB' },
  ],

  teardown({ log, duck }) {
    log.free();
    duck?.close();
  },
};
