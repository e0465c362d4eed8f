// 概览: the KPI cards and the shape of the loaded data.
export default {
  id: 'overview',
  title: { 'zh-CN': '概览', en: 'Overview' },
  available: true,
  mount(container, { log, lang, utcOffsetMinutes }) {
    const overview = document.createElement('yy-overview');
    overview.setAttribute('lang', lang);
    overview.setAttribute('utc-offset', String(utcOffsetMinutes));
    overview.data = log;
    container.append(heading(lang === 'en' ? 'Overview' : '运营概览', lang === 'en' ? 'Users, activity and revenue of the loaded data, computed in the browser.' : '基于当前数据在浏览器内实时计算的用户、活跃与交易指标，原始数据不出浏览器。'), overview, eventsPanel(log, lang));
  },
};

function heading(title, desc) {
  const wrap = document.createDocumentFragment();
  const h = document.createElement('h1');
  h.className = 'page-title';
  h.textContent = title;
  const p = document.createElement('p');
  p.className = 'page-desc';
  p.textContent = desc;
  wrap.append(h, p);
  return wrap;
}

/** Event names with counts and the properties, from log.summary(). */
function eventsPanel(log, lang) {
  const summary = log.summary();
  const panel = document.createElement('section');
  panel.className = 'panel grid-2';
  const fmt = (n) => Number(n).toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN');
  const table = (caption, headers, rows) => {
    const t = document.createElement('table');
    t.className = 'data';
    const c = document.createElement('caption');
    c.textContent = caption;
    c.style.cssText = 'text-align:left;font-weight:600;font-size:16px;padding-bottom:8px';
    const head = document.createElement('tr');
    for (const [text, num] of headers) {
      const th = document.createElement('th');
      th.textContent = text;
      if (num) th.className = 'num';
      head.append(th);
    }
    t.append(c, head);
    for (const row of rows) {
      const tr = document.createElement('tr');
      row.forEach((cell, i) => {
        const td = document.createElement('td');
        td.textContent = cell;
        if (headers[i][1]) td.className = 'num';
        tr.append(td);
      });
      t.append(tr);
    }
    return t;
  };
  const typeName = { category: lang === 'en' ? 'category' : '分类', number: lang === 'en' ? 'number' : '数值', money: lang === 'en' ? 'money (分)' : '金额（分）' };
  panel.append(
    table(lang === 'en' ? 'Events' : '事件', [[lang === 'en' ? 'Event' : '事件名'], [lang === 'en' ? 'Count' : '次数', true]],
      summary.eventNames.map((e) => [e.name, fmt(e.count)])),
    table(lang === 'en' ? 'Properties' : '属性', [[lang === 'en' ? 'Property' : '属性名'], [lang === 'en' ? 'Type' : '类型'], [lang === 'en' ? 'Distinct' : '取值数', true]],
      summary.properties.map((p) => [p.name, typeName[p.type], p.distinct === null ? '—' : fmt(p.distinct)])),
  );
  return panel;
}
