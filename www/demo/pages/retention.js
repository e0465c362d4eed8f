// 留存分析: the retention triangle of the sample (signup → any later event) and the lifecycle
// of the active base.
export default {
  id: 'retention',
  title: { 'zh-CN': '留存分析', en: 'Retention' },
  available: true,
  mount(container, { log, lang, utcOffsetMinutes }) {
    const en = lang === 'en';
    const hasSignup = log.summary().eventNames.some((e) => e.name === 'signup');
    const retention = document.createElement('yy-retention');
    retention.setAttribute('lang', lang);
    retention.setAttribute('utc-offset', String(utcOffsetMinutes));
    if (hasSignup) retention.setAttribute('start-event', 'signup');
    retention.data = log;
    const lifecycle = document.createElement('yy-lifecycle');
    lifecycle.setAttribute('lang', lang);
    lifecycle.setAttribute('utc-offset', String(utcOffsetMinutes));
    lifecycle.data = log;
    const h1 = document.createElement('h1');
    h1.className = 'page-title';
    h1.textContent = en ? 'Retention' : '留存分析';
    const desc = document.createElement('p');
    desc.className = 'page-desc';
    desc.textContent = en
      ? `Of the users who ${hasSignup ? 'signed up' : 'first appeared'} in a period, how many came back in each later period; below, what the active base is made of.`
      : `按${hasSignup ? '注册' : '首次出现'}时间分组的用户在之后每个周期的回访比例；下方为活跃用户的生命周期构成。`;
    const lifecycleTitle = document.createElement('h3');
    lifecycleTitle.textContent = en ? 'User lifecycle' : '用户生命周期';
    const panel = document.createElement('section');
    panel.className = 'panel';
    panel.append(lifecycleTitle, lifecycle);
    container.append(h1, desc, retention, panel);
  },
};
