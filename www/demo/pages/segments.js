// 用户分层: the default layering with CSV export, and the RFM grid of the same customers.
export default {
  id: 'segments',
  title: { 'zh-CN': '用户分层', en: 'User segments' },
  available: true,
  mount(container, { log, lang, utcOffsetMinutes }) {
    const en = lang === 'en';
    const title = document.createElement('h1');
    title.className = 'page-title';
    title.textContent = en ? 'User segments' : '用户分层';
    const desc = document.createElement('p');
    desc.className = 'page-desc';
    desc.textContent = en
      ? 'New, active, high-value, dormant and churned users by the default rules (first match wins), and RFM value segments of the paying customers. Click a segment to download its users.'
      : '按默认规则（依次匹配，先匹配先归类）划分新用户、活跃、高价值、沉睡与流失用户，并对付费客户做 RFM 价值分群。点击分层即可导出该分层的用户名单。';
    const segments = document.createElement('yy-segments');
    const rfm = document.createElement('yy-rfm');
    for (const el of [segments, rfm]) {
      el.setAttribute('lang', lang);
      el.setAttribute('utc-offset', String(utcOffsetMinutes));
      el.setAttribute('order-event', 'pay');
      el.setAttribute('amount-prop', 'amount');
      el.data = log;
    }
    const gap = document.createElement('div');
    gap.style.height = '16px';
    container.append(title, desc, segments, gap, rfm);
  },
};
