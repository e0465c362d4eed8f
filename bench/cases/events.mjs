// The event log (issue 2): ingest from columns and from CSV, and one summary query on the resident
// log, against what a developer would use instead. "Ready" means grouped by user and in time order
// within each user — the layout every funnel / retention / segment query walks — so every contender
// ends with its rows in that order.

/** Plain JS: group rows by user (first-appearance order), keeping input (= time) order within a user. */
function groupByUser(user, columns) {
  const index = new Map();
  const counts = [];
  const dense = new Uint32Array(user.length);
  for (let i = 0; i < user.length; i++) {
    let u = index.get(user[i]);
    if (u === undefined) {
      u = counts.length;
      index.set(user[i], u);
      counts.push(0);
    }
    dense[i] = u;
    counts[u]++;
  }
  const starts = new Uint32Array(counts.length + 1);
  for (let u = 0; u < counts.length; u++) starts[u + 1] = starts[u] + counts[u];
  const next = starts.slice(0, counts.length);
  const order = new Uint32Array(user.length);
  for (let i = 0; i < user.length; i++) order[next[dense[i]]++] = i;
  const sorted = {};
  for (const [name, column] of Object.entries(columns)) {
    const out = new column.constructor(column.length);
    for (let k = 0; k < order.length; k++) out[k] = column[order[k]];
    sorted[name] = out;
  }
  return { users: counts.length, starts, ...sorted };
}

/** The columns as arquero and DuckDB take them: numbers as typed arrays, categories as strings. */
function flatColumns(c) {
  const category = (col) => Array.from(col.codes, (code) => col.values[code]);
  return {
    user: c.user,
    ts: c.ts,
    event: Array.from(c.event, (code) => c.eventNames[code]),
    channel: category(c.props.channel),
    city: category(c.props.city),
    device: category(c.props.device),
    amount: c.props.amount.fen,
  };
}

/** The typed-array columns plain JS groups. */
function typedColumns(c) {
  return {
    ts: c.ts,
    event: c.event,
    channel: c.props.channel.codes,
    city: c.props.city.codes,
    device: c.props.device.codes,
    amount: c.props.amount.fen,
  };
}

/** DuckDB tables get fresh names per call, so a kept answer never collides with a timed run. */
let duckTables = 0;
const freshName = (prefix) => `${prefix}${++duckTables}`;

/** What check() compares of an ingested dataset: its rows and, where cheap to read, its users. */
async function digestIngest(contender, answer, { duck }) {
  switch (contender) {
    case 'yunying': {
      const { events, users } = answer.summary();
      return { events, users };
    }
    case 'plain JS':
      return { events: answer.ts.length, users: answer.users };
    case 'arquero':
      return { events: answer.numRows() };
    case 'DuckDB': {
      const [row] = await duck.query(`SELECT count(*)::INTEGER AS events, count(DISTINCT ${answer.user})::INTEGER AS users FROM ${answer.table}`);
      return row;
    }
  }
}

async function releaseIngest(contender, answer, { duck }) {
  if (contender === 'yunying') answer.free();
  if (contender === 'DuckDB') await duck.query(`DROP TABLE IF EXISTS ${answer.table}`);
}

/** Loads into DuckDB by `load(raw)`, then keeps one copy ordered by user and time, as an app would. */
async function duckIngest(duck, load, user, ts) {
  const raw = freshName('raw');
  const table = freshName('sorted');
  await load(raw);
  await duck.query(`CREATE TABLE ${table} AS SELECT * FROM ${raw} ORDER BY ${user}, ${ts}`);
  await duck.query(`DROP TABLE ${raw}`);
  return { table, user };
}

const ingest = {
  id: 'ingest',
  title: 'Ingest from columns (typed arrays), grouped by user and in time order, ready to query',
  where: ['browser', 'node'],
  sizes: [1e5, 1e6, 1e7],
  sizeLabel: (n) => `${n / 1e6}M events`,
  timing: { minRuns: 3, maxRuns: 7 },
  async setup({ size, data, libs, yunying }) {
    const columns = data.eventLog({ events: size });
    return { columns, flat: flatColumns(columns), typed: typedColumns(columns), duck: await libs.duckdb(), yunying };
  },
  contenders: {
    yunying: ({ columns }, { yunying }) => yunying.EventLog.fromColumns(columns),
    'plain JS': ({ columns, typed }) => groupByUser(columns.user, typed),
    arquero: async ({ flat }, { libs }) => (await libs.arquero()).table(flat).orderby('user', 'ts').reify(),
    DuckDB: ({ flat, duck }) => duckIngest(duck, (raw) => duck.insert(raw, flat), '"user"', 'ts'),
  },
  digest: digestIngest,
  check(answers, { columns }) {
    const users = new Set(columns.user).size;
    const events = columns.ts.length;
    agree('users', users, answers.yunying.users, answers['plain JS'].users, answers.DuckDB.users);
    agree('rows', events, answers.yunying.events, answers['plain JS'].events, answers.arquero.events, answers.DuckDB.events);
  },
  release: releaseIngest,
  figures({ columns, yunying }) {
    const log = yunying.EventLog.fromColumns(columns);
    const bytes = log.summary().residentBytes;
    log.free();
    return { 'resident bytes / event': bytes / columns.ts.length };
  },
  teardown(state) {
    return state?.duck.close();
  },
  targets: [
    { env: 'browser', size: 1e7, maxMs: 1000 },
    { size: 1e7, figure: 'resident bytes / event', max: 24 },
  ],
};

/** Plain JS CSV: split lines and fields, intern strings, parse yuan exactly, then group by user. */
function parseCsvPlain(text) {
  const lines = text.split('\n');
  const n = lines.length - 2; // header, trailing newline
  const user = new Float64Array(n);
  const ts = new Float64Array(n);
  const event = new Uint8Array(n);
  const channel = new Uint8Array(n);
  const city = new Uint8Array(n);
  const device = new Uint8Array(n);
  const amount = new Float64Array(n);
  const dictionaries = [new Map(), new Map(), new Map(), new Map()];
  const intern = (d, value) => {
    let code = dictionaries[d].get(value);
    if (code === undefined) dictionaries[d].set(value, (code = dictionaries[d].size + 1));
    return code;
  };
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1].split(',');
    user[i] = Number(f[0]);
    ts[i] = Number(f[1]);
    event[i] = intern(0, f[2]);
    channel[i] = intern(1, f[3]);
    city[i] = intern(2, f[4]);
    device[i] = intern(3, f[5]);
    if (f[6] === '') amount[i] = NaN;
    else {
      const [yuan, fen = '0'] = f[6].split('.');
      amount[i] = Number(yuan) * 100 + Number(fen.padEnd(2, '0'));
    }
  }
  return groupByUser(user, { ts, event, channel, city, device, amount });
}

const csv = {
  id: 'csv',
  title: 'Ingest from CSV text (user_id, ts, event, channel, city, device, amount in yuan), grouped by user',
  where: ['browser', 'node'],
  sizes: [1e5, 1e6],
  sizeLabel: (n) => `${n / 1e6}M rows`,
  timing: { minRuns: 3, maxRuns: 7 },
  async setup({ size, data, libs }) {
    const text = data.eventCsv(data.eventLog({ events: size }));
    return { text, bytes: new TextEncoder().encode(text).length, rows: size, duck: await libs.duckdb() };
  },
  contenders: {
    yunying: ({ text }, { yunying }) => yunying.EventLog.fromCsv(text, { props: { amount: 'money' } }),
    'plain JS': ({ text }) => parseCsvPlain(text),
    arquero: async ({ text }, { libs }) => (await libs.arquero()).fromCSV(text).orderby('user_id', 'ts').reify(),
    DuckDB: ({ text, duck }) => duckIngest(duck, (raw) => duck.loadCsv(raw, text), 'user_id', 'ts'),
  },
  digest: digestIngest,
  check(answers, { rows }) {
    agree('users', answers.yunying.users, answers['plain JS'].users, answers.DuckDB.users);
    agree('rows', rows, answers.yunying.events, answers['plain JS'].events, answers.arquero.events, answers.DuckDB.events);
  },
  release: releaseIngest,
  figures({ bytes }, table) {
    const mbPerSecond = (ms) => bytes / 1e6 / (ms / 1000);
    const figures = { 'CSV size (MB)': bytes / 1e6 };
    for (const row of table.rows) if (row.medianMs) figures[`${row.contender} MB/s`] = mbPerSecond(row.medianMs);
    return figures;
  },
  teardown: ingest.teardown,
  targets: [{ minFigure: 'yunying MB/s', min: 100, size: 1e6 }],
};

/** Plain JS summary over the columns: what log.summary() answers. */
function summaryPlain(c) {
  const counts = new Array(c.eventNames.length).fill(0);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < c.ts.length; i++) {
    counts[c.event[i]]++;
    if (c.ts[i] < first) first = c.ts[i];
    if (c.ts[i] > last) last = c.ts[i];
  }
  const properties = {};
  for (const [name, column] of Object.entries(c.props)) {
    if (column.type === 'category') {
      const seen = new Set();
      let present = 0;
      for (const code of column.codes) if (code !== 0) (present++, seen.add(code));
      properties[name] = { present, distinct: seen.size };
    } else {
      let present = 0;
      for (const v of column.fen) if (!Number.isNaN(v)) present++;
      properties[name] = { present };
    }
  }
  return { events: c.ts.length, users: new Set(c.user).size, first, last, counts, properties };
}

const summary = {
  id: 'summary',
  title: 'Summary of a resident log: events, users, time range, events per name, properties',
  where: ['browser', 'node'],
  sizes: [1e6, 1e7],
  sizeLabel: (n) => `${n / 1e6}M events`,
  async setup({ size, data, libs, yunying }) {
    const columns = data.eventLog({ events: size });
    const flat = flatColumns(columns);
    const aq = await libs.arquero();
    const duck = await libs.duckdb();
    await duck.insert('summary_events', flat);
    return { columns, log: yunying.EventLog.fromColumns(columns), table: aq.table(flat), aq, duck };
  },
  contenders: {
    yunying: ({ log }) => log.summary(),
    'plain JS': ({ columns }) => summaryPlain(columns),
    arquero: ({ table, aq }) => ({
      totals: table.rollup({ events: aq.op.count(), users: aq.op.distinct('user'), first: aq.op.min('ts'), last: aq.op.max('ts') }).object(),
      perEvent: table.groupby('event').count().objects(),
    }),
    DuckDB: async ({ duck }) => ({
      totals: (await duck.query('SELECT count(*)::INTEGER AS events, count(DISTINCT "user")::INTEGER AS users, min(ts) AS first, max(ts) AS last FROM summary_events'))[0],
      perEvent: await duck.query('SELECT event, count(*)::INTEGER AS count FROM summary_events GROUP BY event'),
    }),
  },
  check(answers, { columns }) {
    const ours = answers.yunying;
    const plain = answers['plain JS'];
    agree('events', plain.events, ours.events, answers.arquero.totals.events, answers.DuckDB.totals.events);
    agree('users', plain.users, ours.users, answers.arquero.totals.users, answers.DuckDB.totals.users);
    agree('first', plain.first, ours.firstTs, answers.arquero.totals.first, Number(answers.DuckDB.totals.first));
    for (const { name, count } of ours.eventNames) {
      const code = columns.eventNames.indexOf(name);
      agree(`events named ${name}`, plain.counts[code], count,
        answers.arquero.perEvent.find((r) => r.event === name)?.count,
        answers.DuckDB.perEvent.find((r) => r.event === name)?.count);
    }
    for (const p of ours.properties) {
      agree(`property ${p.name} present`, plain.properties[p.name].present, p.present);
      if (p.distinct !== null) agree(`property ${p.name} distinct`, plain.properties[p.name].distinct, p.distinct);
    }
  },
  teardown(state) {
    state?.log.free();
    return state?.duck.close();
  },
  targets: [],
};

/** Throws unless every value equals the first. */
function agree(what, ...values) {
  if (values.some((v) => v !== values[0])) throw new Error(`contenders disagree on ${what}: ${values.join(' / ')}`);
}

export default [ingest, csv, summary];
