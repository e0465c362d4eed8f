// 漏斗分析: the default e-commerce funnel 浏览 → 加购 → 下单 → 支付, editable, with breakdowns.
const LABELS = {
  'zh-CN': { signup: '注册', view: '浏览', add_to_cart: '加购', order: '下单', pay: '支付', refund: '退款', share: '分享', invite: '邀请' },
  en: { signup: 'Sign up', view: 'View', add_to_cart: 'Add to cart', order: 'Order', pay: 'Pay', refund: 'Refund', share: 'Share', invite: 'Invite' },
};

export default {
  id: 'funnel',
  title: { 'zh-CN': '漏斗分析', en: 'Funnels' },
  available: true,
  mount(container, { log, lang }) {
    const en = lang === 'en';
    const title = document.createElement('h1');
    title.className = 'page-title';
    title.textContent = en ? 'Funnels' : '漏斗分析';
    const desc = document.createElement('p');
    desc.className = 'page-desc';
    desc.textContent = en
      ? 'Where do users drop between view and pay? Same semantics as ClickHouse windowFunnel, computed in the browser.'
      : '用户在浏览到支付之间的哪一步流失？与 ClickHouse windowFunnel 语义一致，在浏览器内实时计算。';
    const funnel = document.createElement('yy-funnel');
    funnel.setAttribute('lang', lang);
    const names = new Set(log.summary().eventNames.map((e) => e.name));
    const wanted = ['view', 'add_to_cart', 'order', 'pay'];
    funnel.setAttribute('steps', (wanted.every((n) => names.has(n)) ? wanted : [...names].slice(0, 2)).join(','));
    funnel.setAttribute('window-ms', '86400000');
    funnel.eventLabels = LABELS[en ? 'en' : 'zh-CN'];
    funnel.data = log;
    container.append(title, desc, funnel);
  },
};
