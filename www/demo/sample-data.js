// The demo console's embedded sample data: a synthetic e-commerce app, generated
// deterministically (same seed → same events, in every browser and in Node).
//
// ~50k users over 61 days (2025-10-01 … 2025-11-30, Beijing time) with weekly seasonality,
// a 双11 peak, decaying engagement after signup, and a plausible funnel
// view → add_to_cart → order → pay (amount in 分) with a checkout A/B experiment
// (variant B pays a little more often), refunds, shares and invites.

export const EVENT_NAMES = ['signup', 'view', 'add_to_cart', 'order', 'pay', 'refund', 'share', 'invite'];
const [SIGNUP, VIEW, CART, ORDER, PAY, REFUND, SHARE, INVITE] = EVENT_NAMES.keys();

const CHANNELS = ['应用商店', '抖音', '微信', '百度', '自然流量'];
const CHANNEL_WEIGHTS = [0.28, 0.27, 0.2, 0.1, 0.15];
const CITIES = ['上海', '北京', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆'];
const CITY_WEIGHTS = [0.14, 0.13, 0.11, 0.11, 0.1, 0.1, 0.09, 0.08, 0.07, 0.07];
const DEVICES = ['iOS', 'Android', '小程序'];
const DEVICE_WEIGHTS = [0.38, 0.47, 0.15];
const VERSIONS = ['3.2.0', '3.3.0', '3.4.1'];
const VARIANTS = ['A', 'B'];

export const SAMPLE_UTC_OFFSET_MINUTES = 480;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const START_MS = Date.UTC(2025, 9, 1) - SAMPLE_UTC_OFFSET_MINUTES * 60_000; // 2025-10-01 00:00 Beijing
export const SAMPLE_DAYS = 61;
const END_MS = START_MS + SAMPLE_DAYS * DAY_MS; // nothing happens after the observation ends
const DOUBLE_ELEVEN = 41; // day index of 2025-11-11
const VERSION_DAYS = [0, 20, 45]; // release days of the app versions

/** sfc32: a small, fast, well-distributed PRNG on 32-bit integers. */
function prng(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

function pick(random, weights) {
  let r = random();
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** An hour of the day shaped like app traffic: a lunch peak and an evening peak. */
function hourOfDay(random) {
  const r = random();
  if (r < 0.25) return 11 + random() * 3;
  if (r < 0.7) return 19 + random() * 4;
  return 7 + random() * 16;
}

function normal(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Generates the sample log as columns ready for EventLog.fromColumns().
 * `users` scales the data (~10 events per user); `seed` picks another equally plausible world.
 */
export function generateSample({ users = 50_000, seed = 20251111 } = {}) {
  const random = prng(seed);
  const col = { user: [], ts: [], event: [], channel: [], city: [], device: [], version: [], variant: [], amount: [] };
  const push = (u, t, e, attrs, amount = NaN) => {
    if (t >= END_MS) return;
    col.user.push(u);
    col.ts.push(Math.round(t));
    col.event.push(e);
    col.channel.push(attrs.channel);
    col.city.push(attrs.city);
    col.device.push(attrs.device);
    col.version.push(attrs.version);
    col.variant.push(attrs.variant);
    col.amount.push(amount);
  };

  for (let u = 1; u <= users; u++) {
    // Signups grow over the period, with a 双11 wave.
    let signupDay = Math.floor(SAMPLE_DAYS * Math.sqrt(random()));
    if (random() < 0.06) signupDay = DOUBLE_ELEVEN - Math.floor(random() * 3);
    const attrs = {
      channel: pick(random, CHANNEL_WEIGHTS),
      city: pick(random, CITY_WEIGHTS),
      device: pick(random, DEVICE_WEIGHTS),
      version: 0,
      variant: random() < 0.5 ? 0 : 1,
    };
    const engagement = Math.exp(0.9 * normal(random) - 2.0); // daily return propensity
    const halfLife = 3 + 25 * random() ** 2; // days until engagement halves
    const buyer = 0.6 + 0.8 * random(); // how readily this user buys

    for (let day = signupDay; day < SAMPLE_DAYS; day++) {
      attrs.version = VERSION_DAYS.findLastIndex((d) => d <= day);
      const weekday = (day + 2) % 7; // 2025-10-01 was a Wednesday (0 = Monday)
      const seasonal = (weekday >= 5 ? 1.3 : 1) * (day === DOUBLE_ELEVEN ? 2.6 : day >= DOUBLE_ELEVEN - 3 && day < DOUBLE_ELEVEN ? 1.5 : 1);
      const firstDay = day === signupDay;
      const p = firstDay ? 1 : Math.min(0.95, engagement * 0.5 ** ((day - signupDay) / halfLife) * seasonal + 0.004);
      if (random() >= p) continue;
      let t = START_MS + day * DAY_MS + hourOfDay(random) * HOUR_MS;
      if (firstDay) {
        push(u, t, SIGNUP, attrs);
        t += 20_000 + random() * 60_000;
      }
      const sessions = random() < 0.25 ? 2 : 1;
      for (let s = 0; s < sessions; s++) {
        if (s > 0) t += (1 + random() * 5) * HOUR_MS;
        const views = 1 + Math.floor(-Math.log(1 - random()) * 1.6);
        let carted = false;
        for (let v = 0; v < views; v++) {
          t += 5_000 + random() * 90_000;
          push(u, t, VIEW, attrs);
          if (random() < 0.16 * buyer * (day === DOUBLE_ELEVEN ? 1.6 : 1)) {
            t += 3_000 + random() * 30_000;
            push(u, t, CART, attrs);
            carted = true;
          }
        }
        if (carted && random() < 0.42 * buyer) {
          t += 30_000 + random() * 600_000;
          push(u, t, ORDER, attrs);
          const payRate = attrs.variant === 1 ? 0.84 : 0.78;
          if (random() < payRate) {
            t += 10_000 + random() * 300_000;
            const fen = Math.max(100, Math.round(Math.exp(Math.log(8900) + 0.75 * normal(random)) / 10) * 10 - (random() < 0.3 ? 1 : 0));
            push(u, t, PAY, attrs, fen);
            if (random() < 0.05) push(u, t + (1 + random() * 2) * DAY_MS, REFUND, attrs, fen);
          }
        }
        if (random() < 0.04) {
          t += 10_000 + random() * 60_000;
          push(u, t, SHARE, attrs);
          if (random() < 0.3) push(u, t + 5_000, INVITE, attrs);
        }
      }
    }
  }

  const category = (codes, values) => ({ type: 'category', codes: Uint8Array.from(codes), values });
  return {
    user: Uint32Array.from(col.user),
    ts: Float64Array.from(col.ts),
    event: Uint8Array.from(col.event),
    eventNames: EVENT_NAMES,
    props: {
      channel: category(col.channel, CHANNELS),
      city: category(col.city, CITIES),
      device: category(col.device, DEVICES),
      app_version: category(col.version, VERSIONS),
      variant: category(col.variant, VARIANTS),
      amount: { type: 'money', fen: Float64Array.from(col.amount) },
    },
  };
}
