// Deterministic inputs for the benchmarks, identical in Node and in the browser.
//
// eventLog() produces what an app would hand to EventLog.fromColumns: a time-ordered export of
// an e-commerce app (the shape of the demo's sample, but any size, generated in O(events)).
// Events are emitted in global time order; each picks a user at random, and what the user does
// next depends on where they are in the view → add_to_cart → order → pay funnel, so funnels,
// retention and RFM have realistic, non-trivial answers.

export const EVENT_NAMES = ['signup', 'view', 'add_to_cart', 'order', 'pay', 'refund', 'share', 'invite'];
const [SIGNUP, VIEW, CART, ORDER, PAY, REFUND, SHARE, INVITE] = EVENT_NAMES.keys();
export const CHANNELS = ['应用商店', '抖音', '微信', '百度', '自然流量'];
export const CITIES = ['上海', '北京', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆'];
export const DEVICES = ['iOS', 'Android', '小程序'];

const DAY_MS = 86_400_000;
export const START_MS = Date.UTC(2025, 9, 1) - 8 * 3_600_000; // 2025-10-01 00:00 Beijing
export const DAYS = 61;

/** mulberry32: a tiny, fast PRNG with good enough statistics for synthetic data. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A user's fixed attribute, drawn from their id so it is the same on every event. */
function attribute(user, salt, n) {
  let x = Math.imul(user ^ salt, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return (x >>> 0) % n;
}

/**
 * @param {{ events: number, users?: number, seed?: number }} options
 * @returns the input of EventLog.fromColumns, with user ids 1…users (Uint32Array).
 */
export function eventLog({ events, users = Math.max(1, Math.round(events / 10)), seed = 1 }) {
  const random = prng(seed);
  const user = new Uint32Array(events);
  const ts = new Float64Array(events);
  const event = new Uint8Array(events);
  const channel = new Uint8Array(events);
  const city = new Uint8Array(events);
  const device = new Uint8Array(events);
  const amount = new Float64Array(events).fill(NaN);
  // Per user: 0 = not seen yet, else 1 + the funnel stage reached (VIEW, CART, ORDER, PAY).
  const stage = new Uint8Array(users + 1);
  const span = DAYS * DAY_MS;
  // Users arrive over the whole period: early events favour low ids, so cohorts differ by day.
  for (let i = 0; i < events; i++) {
    const t = START_MS + Math.floor((i / events) * span + random() * 1000);
    const reach = Math.max(1, Math.ceil(users * Math.min(1, (i + 1) / (events * 0.7))));
    const u = 1 + Math.floor(random() * reach);
    let e;
    const s = stage[u];
    const r = random();
    if (s === 0) e = SIGNUP;
    else if (s === 1 + VIEW || s === 1 + SIGNUP) e = r < 0.3 ? CART : r < 0.36 ? SHARE : r < 0.38 ? INVITE : VIEW;
    else if (s === 1 + CART) e = r < 0.5 ? ORDER : VIEW;
    else if (s === 1 + ORDER) e = r < 0.8 ? PAY : VIEW;
    else if (s === 1 + PAY) e = r < 0.05 ? REFUND : VIEW;
    else e = VIEW;
    stage[u] = 1 + (e === SHARE || e === INVITE || e === REFUND ? VIEW : e);
    user[i] = u;
    ts[i] = t;
    event[i] = e;
    channel[i] = 1 + attribute(u, 0x51, CHANNELS.length);
    city[i] = 1 + attribute(u, 0xc1, CITIES.length);
    device[i] = 1 + attribute(u, 0xd7, DEVICES.length);
    if (e === PAY) amount[i] = 990 + Math.floor(random() * 49_000);
  }
  // Category codes are 1-based into `values` with 0 = missing, so values[0] is the empty "missing" entry.
  return {
    user,
    ts,
    event,
    eventNames: EVENT_NAMES,
    props: {
      channel: { type: 'category', codes: channel, values: ['', ...CHANNELS] },
      city: { type: 'category', codes: city, values: ['', ...CITIES] },
      device: { type: 'category', codes: device, values: ['', ...DEVICES] },
      amount: { type: 'money', fen: amount },
    },
  };
}

/** The same log as CSV text (amount in decimal yuan, times as epoch ms), as an export would be. */
export function eventCsv(columns) {
  const { user, ts, event, eventNames, props } = columns;
  const { channel, city, device, amount } = props;
  const parts = ['user_id,ts,event,channel,city,device,amount\n'];
  for (let i = 0; i < ts.length; i++) {
    const fen = amount.fen[i];
    const yuan = Number.isNaN(fen) ? '' : `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    parts.push(`${user[i]},${ts[i]},${eventNames[event[i]]},${channel.values[channel.codes[i]]},${city.values[city.codes[i]]},${device.values[device.codes[i]]},${yuan}\n`);
  }
  return parts.join('');
}
