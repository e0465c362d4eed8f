// Retention (issue 4) against what a developer would use instead, on the same columns:
// - a 30-day retention matrix: cohorts by the local day of each user's first event, and for each
//   cohort the distinct users active again 0 … 30 days later (calendar days at +08:00, "on"
//   criterion, first-time cohorts, any event as start and return);
// - the weekly lifecycle (PostHog's new / returning / resurrecting / dormant, Monday weeks).
const OFFSET_MINUTES = 480;
const OFFSET_MS = OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const PERIODS = 30;

/** Monday-started week index of an instant at +08:00 (1970-01-01 was a Thursday). */
const weekOf = (t) => Math.floor((Math.floor((t + OFFSET_MS) / DAY_MS) + 3) / 7);

/** The answers as comparable `cohortDay:k → users` entries (zero cells left out). */
function cells(entries) {
  return new Map([...entries].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The same check for both cases: every contender's `key → count` map equals the first's. */
function sameCells(answers) {
  const [reference, ...others] = Object.entries(answers);
  for (const [name, answer] of others) {
    if (answer.size !== reference[1].size) throw new Error(`${name}: ${answer.size} cells, ${reference[0]}: ${reference[1].size}`);
    for (const [key, n] of reference[1]) {
      if (answer.get(key) !== n) throw new Error(`${name} differs at ${key}: ${answer.get(key)} vs ${n}`);
    }
  }
}

async function setup({ size, yunying, data, libs }) {
  const columns = data.eventLog({ events: size, users: size / 10 });
  const log = yunying.EventLog.fromColumns(columns);
  const duck = await libs.duckdb();
  await duck.insert('events', { user: columns.user, ts: columns.ts });
  // arquero needs ~5 s per run at 1M events here (≈180× yunying); at 10M a run takes minutes.
  const skip = size >= 1e7 ? { arquero: 'minutes per run at 10M events; see the 1M table' } : undefined;
  return { columns, log, duck, skip };
}

async function teardown(state) {
  state?.log.free();
  await state?.duck.query('DROP TABLE IF EXISTS events');
  await state?.duck.close();
}

const matrix = {
  id: 'retention',
  title: '30-day retention matrix (first-seen day cohorts, calendar days at +08:00)',
  where: ['browser', 'node'],
  sizes: [1e6, 1e7],
  sizeLabel: (size) => `${size / 1e6}M events / ${size / 1e7}M users`,

  setup,

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

    // What a developer would write: a Map for each user's first day, then per cohort an array
    // of counts, with the last day offset counted per user (events are in time order, so a
    // user's offsets only grow).
    'plain JS': ({ columns }) => {
      const { user, ts } = columns;
      const day = (t) => Math.floor((t + OFFSET_MS) / DAY_MS);
      const first = new Map();
      for (let i = 0; i < ts.length; i++) {
        const d = day(ts[i]);
        const f = first.get(user[i]);
        if (f === undefined || d < f) first.set(user[i], d);
      }
      const rows = new Map();
      const seen = new Map();
      for (let i = 0; i < ts.length; i++) {
        const c = first.get(user[i]);
        const k = day(ts[i]) - c;
        if (k > PERIODS || seen.get(user[i]) === k) continue;
        seen.set(user[i], k);
        let row = rows.get(c);
        if (row === undefined) rows.set(c, (row = new Array(PERIODS + 1).fill(0)));
        row[k]++;
      }
      return cells([...rows].flatMap(([c, row]) => row.map((n, k) => [`${c}:${k}`, n])));
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

  check: sameCells,

  targets: [
    { env: 'browser', size: 1e7, contender: 'yunying', maxMs: 300 },
    { env: 'browser', fasterThan: 'plain JS', by: 5 },
    { env: 'browser', fasterThan: 'arquero' },
    { env: 'browser', fasterThan: 'DuckDB' },
  ],

  teardown,
};

const STATES = ['new', 'returning', 'resurrecting', 'dormant'];

/** `week:state → users` entries (zero counts left out). */
function lifecycleCells(rows) {
  const out = [];
  for (const r of rows) for (const s of STATES) out.push([`${r.week}:${s}`, r[s]]);
  return cells(out);
}

const lifecycle = {
  id: 'retention-lifecycle',
  title: 'Weekly lifecycle: new / returning / resurrecting / dormant users (Monday weeks at +08:00)',
  where: ['browser', 'node'],
  sizes: [1e6, 1e7],
  sizeLabel: matrix.sizeLabel,
  setup,

  contenders: {
    yunying: ({ log }) => {
      const r = log.lifecycle({ period: 'week', utcOffsetMinutes: OFFSET_MINUTES });
      return lifecycleCells(r.periods.map((p) => ({ ...p, week: weekOf(p.start) })));
    },

    // Each user's distinct weeks (events are in time order, so weeks only grow), then the
    // states from consecutive weeks.
    'plain JS': ({ columns }) => {
      const { user, ts } = columns;
      const weeks = new Map();
      for (let i = 0; i < ts.length; i++) {
        const w = weekOf(ts[i]);
        const list = weeks.get(user[i]);
        if (list === undefined) weeks.set(user[i], [w]);
        else if (list[list.length - 1] !== w) list.push(w);
      }
      let last = -Infinity;
      for (let i = 0; i < ts.length; i++) last = Math.max(last, weekOf(ts[i]));
      const rows = new Map();
      const add = (w, state) => {
        let row = rows.get(w);
        if (row === undefined) rows.set(w, (row = { week: w, new: 0, returning: 0, resurrecting: 0, dormant: 0 }));
        row[state]++;
      };
      for (const list of weeks.values()) {
        list.forEach((w, i) => {
          if (i === 0) add(w, 'new');
          else if (list[i - 1] === w - 1) add(w, 'returning');
          else add(w, 'resurrecting');
          const next = list[i + 1];
          if ((next === undefined || next > w + 1) && w < last) add(w + 1, 'dormant');
        });
      }
      return lifecycleCells(rows.values());
    },

    arquero: async ({ columns }, { libs }) => {
      const aq = await libs.arquero();
      const { op } = aq;
      const weeks = aq
        .table({ user: columns.user, ts: columns.ts })
        .params({ OFFSET_MS, DAY_MS })
        .derive({ week: (d, $) => op.floor((op.floor((d.ts + $.OFFSET_MS) / $.DAY_MS) + 3) / 7) })
        .groupby('user', 'week')
        .count()
        .groupby('user')
        .orderby('week')
        .derive({ prev: (d) => op.lag(d.week), next: (d) => op.lead(d.week) })
        .ungroup();
      const last = weeks.rollup({ w: (d) => op.max(d.week) }).get('w', 0);
      const active = weeks
        .derive({ state: (d) => (d.prev === undefined || d.prev === null ? 'new' : d.prev === d.week - 1 ? 'returning' : 'resurrecting') })
        .groupby('week', 'state')
        .count();
      const dormant = weeks
        .params({ last })
        .filter((d, $) => (d.next === undefined || d.next === null || d.next > d.week + 1) && d.week < $.last)
        .derive({ week: (d) => d.week + 1, state: () => 'dormant' })
        .groupby('week', 'state')
        .count();
      const out = [];
      for (const t of [active, dormant]) {
        const [w, s, n] = [t.array('week'), t.array('state'), t.array('count')];
        for (let i = 0; i < n.length; i++) out.push([`${w[i]}:${s[i]}`, n[i]]);
      }
      return cells(out);
    },

    DuckDB: async ({ duck }) => {
      const week = `cast(floor((floor((ts + ${OFFSET_MS}) / ${DAY_MS}) + 3) / 7) as integer)`;
      const rows = await duck.query(`
        with w as (select distinct "user", ${week} as week from events),
             l as (select week,
                          lag(week) over (partition by "user" order by week) as prev,
                          lead(week) over (partition by "user" order by week) as next
                   from w),
             last as (select max(week) as w from w)
        select week, 'new' as state, count(*) as n from l where prev is null group by week
        union all select week, 'returning', count(*) from l where prev = week - 1 group by week
        union all select week, 'resurrecting', count(*) from l where prev < week - 1 group by week
        union all select week + 1, 'dormant', count(*) from l, last
          where (next is null or next > week + 1) and week < last.w group by week`);
      return cells(rows.map((r) => [`${Number(r.week)}:${r.state}`, Number(r.n)]));
    },
  },

  check: sameCells,
  targets: [
    { env: 'browser', size: 1e7, contender: 'yunying', maxMs: 300 },
    { env: 'browser', fasterThan: 'plain JS', by: 5 },
    { env: 'browser', fasterThan: 'arquero' },
    { env: 'browser', fasterThan: 'DuckDB' },
  ],
  teardown,
};

export default [matrix, lifecycle];
