// A/B 实验: the sample data's checkout experiment (property `variant`, A/B) read from the resident
// log with log.experiment(), analysed by <yy-ab-test>; revenue per user as a second metric; and
// the <yy-sample-size> planner seeded with the control's rate.
const TEXT = {
  'zh-CN': {
    title: 'A/B 实验',
    desc: '结账页实验：下单用户按 variant 属性分为 A / B 两组，比较支付转化率与人均支付金额。计数由浏览器内的事件日志实时汇总，统计检验在 WebAssembly 中完成。',
    conversion: '支付转化率（下单 → 支付）',
    revenue: '人均支付金额（分）',
    plan: '下一次实验需要多少用户？',
    missing: '当前数据没有 “{prop}” 属性或 “{order}” / “{pay}” 事件，下面的表格可手动填写或从 Excel 粘贴。',
    counts: '数据：{users} 位下单用户，{multi} 位用户同时出现在两个版本中已排除。',
  },
  en: {
    title: 'A/B tests',
    desc: 'Checkout experiment: users who ordered are split by the variant property into A / B; compare the payment conversion rate and the revenue per user. Counts come from the resident event log; the tests run in WebAssembly.',
    conversion: 'Payment conversion (order → pay)',
    revenue: 'Revenue per user (分)',
    plan: 'How many users does the next experiment need?',
    missing: 'The loaded data has no "{prop}" property or no "{order}" / "{pay}" events; fill in the table or paste from Excel.',
    counts: 'Data: {users} users who ordered; {multi} users seen in both variants are left out.',
  },
};

const QUERY = { variantProp: 'variant', exposureEvent: 'order', conversionEvent: 'pay', valueProp: 'amount' };

export default {
  id: 'abtest',
  title: { 'zh-CN': 'A/B 实验', en: 'A/B tests' },
  available: true,
  mount(container, { log, lang }) {
    const t = (key, vars = {}) => TEXT[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
    const el = (tag, props = {}, text) => Object.assign(document.createElement(tag), props, text === undefined ? {} : { textContent: text });
    container.append(el('h1', { className: 'page-title' }, t('title')), el('p', { className: 'page-desc' }, t('desc')));

    const counts = experimentCounts(log);
    if (!counts) container.append(el('div', { className: 'panel', role: 'note' }, t('missing', { prop: QUERY.variantProp, order: QUERY.exposureEvent, pay: QUERY.conversionEvent })));
    else {
      const users = counts.variants.reduce((s, v) => s + v.users, 0);
      container.append(el('p', { className: 'page-desc', id: 'abtest-counts' }, t('counts', { users: users.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN'), multi: counts.multipleExposures })));
    }

    const conversion = widget('yy-ab-test', lang, { 'metric-label': lang === 'en' ? 'payment rate' : '支付转化率', id: 'abtest-conversion' });
    conversion.data = counts ? { variants: counts.variants.map(({ name, users, conversions }) => ({ name, users, conversions })) } : null;
    container.append(section(t('conversion'), conversion));

    if (counts?.variants.every((v) => v.valueMean !== null && v.valueSd !== null)) {
      const revenue = widget('yy-ab-test', lang, { 'metric-label': lang === 'en' ? 'revenue per user' : '人均支付金额', id: 'abtest-revenue', unit: 'fen' });
      revenue.data = { variants: counts.variants.map((v) => ({ name: v.name, n: v.users, mean: v.valueMean, sd: v.valueSd })) };
      container.append(section(t('revenue'), revenue));
    }

    const control = counts?.variants[0];
    const baseline = control && control.users > 0 ? control.conversions / control.users : 0.05;
    const planner = widget('yy-sample-size', lang, { baseline: String(Math.min(0.99, Math.max(0.001, baseline)).toFixed(4)), mde: '0.05', 'daily-traffic': '300', id: 'abtest-plan' });
    container.append(section(t('plan'), planner));
  },
};

/** The experiment's counts, or null when the log does not have what it needs. */
function experimentCounts(log) {
  const summary = log.summary();
  const has = (name) => summary.eventNames.some((e) => e.name === name);
  const variant = summary.properties.find((p) => p.name === QUERY.variantProp);
  if (!variant || variant.type !== 'category' || !has(QUERY.exposureEvent) || !has(QUERY.conversionEvent)) return null;
  const money = summary.properties.some((p) => p.name === QUERY.valueProp && p.type === 'money');
  const counts = log.experiment(money ? QUERY : { ...QUERY, valueProp: undefined });
  return counts.variants.length >= 2 ? counts : null;
}

function widget(tag, lang, attrs) {
  const el = document.createElement(tag);
  el.setAttribute('lang', lang);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

function section(title, child) {
  const wrap = document.createElement('section');
  wrap.style.marginTop = '20px';
  const h = document.createElement('h2');
  h.textContent = title;
  h.style.cssText = 'font-size:16px;font-weight:600;margin:0 0 8px';
  wrap.append(h, child);
  return wrap;
}
