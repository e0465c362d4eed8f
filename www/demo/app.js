// The demo admin console: side menu, language switch, data source (embedded sample or a
// CSV file), and one page per area. Pages receive the resident EventLog and mount widgets.
import { init, EventLog, decodeText } from '/pkg/index.js';
import '/pkg/widgets/index.js';
import { generateSample, SAMPLE_UTC_OFFSET_MINUTES } from './sample-data.js';
import { pages } from './pages/index.js';
import { menuIcon } from './icons.js';

const TEXT = {
  'zh-CN': {
    console: '运营分析台', sample: '示例数据', loadCsv: '导入 CSV', skipBad: '跳过错误行', switchTo: 'English',
    source: '{name} · {users} 位用户 · {events} 条事件', loading: '正在生成示例数据…',
    csvError: 'CSV 导入失败：{message}', csvSkipped: '已导入 {name}：跳过 {skipped} 行错误数据，例如：\n{reasons}',
    soon: '即将上线', menu: '主菜单',
  },
  en: {
    console: 'Operations console', sample: 'Sample data', loadCsv: 'Import CSV', skipBad: 'Skip bad rows', switchTo: '中文',
    source: '{name} · {users} users · {events} events', loading: 'Generating the sample data…',
    csvError: 'CSV import failed: {message}', csvSkipped: 'Imported {name}: skipped {skipped} bad rows, e.g.:\n{reasons}',
    soon: 'soon', menu: 'Main menu',
  },
};

const state = {
  lang: localStorage.getItem('yy-demo-lang') === 'en' ? 'en' : 'zh-CN',
  log: null,
  sourceName: '',
  utcOffsetMinutes: SAMPLE_UTC_OFFSET_MINUTES,
  cleanup: null,
};

const $ = (id) => document.getElementById(id);
const t = (key, vars = {}) => TEXT[state.lang][key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
const count = (n) => Number(n).toLocaleString(state.lang === 'en' ? 'en-US' : 'zh-CN');

function currentPage() {
  const id = location.hash.replace(/^#\/?/, '') || pages[0].id;
  return pages.find((p) => p.id === id) ?? pages[0];
}

function renderChrome() {
  document.documentElement.lang = state.lang;
  document.title = `${t('console')} · yunying`;
  $('crumb-root').textContent = t('console');
  document.querySelector('.logo-text').textContent = t('console');
  document.querySelector('.sider').setAttribute('aria-label', t('menu'));
  $('load-csv-text').textContent = t('loadCsv');
  $('skip-bad-text').textContent = t('skipBad');
  $('use-sample').textContent = t('sample');
  $('lang-switch').textContent = t('switchTo');
  const active = currentPage();
  $('menu').replaceChildren(
    ...pages.map((p) => {
      const link = document.createElement('a');
      link.href = `#/${p.id}`;
      link.dataset.page = p.id;
      const icon = menuIcon(p.id);
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = p.title[state.lang];
      link.append(icon, label);
      if (!p.available) {
        const soon = document.createElement('span');
        soon.className = 'soon';
        soon.textContent = t('soon');
        link.append(soon);
      }
      if (p === active) link.setAttribute('aria-current', 'page');
      const item = document.createElement('li');
      item.append(link);
      return item;
    }),
  );
  $('crumb-page').textContent = active.title[state.lang];
  if (state.log) {
    const s = state.log.summary();
    $('source').textContent = t('source', { name: state.sourceName, users: count(s.users), events: count(s.events) });
  }
}

function renderPage() {
  state.cleanup?.();
  state.cleanup = null;
  const container = $('page');
  container.replaceChildren();
  if (!state.log) {
    container.textContent = t('loading');
    return;
  }
  const page = currentPage();
  state.cleanup = page.mount(container, { log: state.log, lang: state.lang, utcOffsetMinutes: state.utcOffsetMinutes, title: page.title[state.lang] }) ?? null;
}

function render() {
  renderChrome();
  renderPage();
}

function notify(message, kind = 'error') {
  const box = $('notice');
  box.hidden = !message;
  box.className = `notice ${kind === 'info' ? 'info' : ''}`;
  box.textContent = message ?? '';
}

function useLog(log, name, utcOffsetMinutes) {
  state.log?.free();
  state.log = log;
  state.sourceName = name;
  state.utcOffsetMinutes = utcOffsetMinutes;
  render();
}

async function loadSample() {
  notify(null);
  useLog(EventLog.fromColumns(generateSample()), t('sample'), SAMPLE_UTC_OFFSET_MINUTES);
}

/** Money columns are recognised by name; every other extra column is a category. */
function csvOptions(text) {
  const header = text.slice(0, text.indexOf('\n') >>> 0).replace(/^\uFEFF/, '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const props = {};
  for (const name of header) if (/^(amount|金额|支付金额|pay_amount|gmv)$/i.test(name)) props[name] = 'money';
  return { props, onError: $('skip-bad').checked ? 'skip' : 'fail', utcOffsetMinutes: -new Date().getTimezoneOffset() };
}

async function loadCsv(file) {
  notify(null);
  const text = decodeText(await file.arrayBuffer());
  const options = csvOptions(text);
  try {
    const log = EventLog.fromCsv(text, options);
    useLog(log, file.name, options.utcOffsetMinutes);
    const { rowsSkipped, skipReasons } = log.summary().ingest;
    if (rowsSkipped > 0) notify(t('csvSkipped', { name: file.name, skipped: count(rowsSkipped), reasons: skipReasons.slice(0, 3).join('\n') }), 'info');
  } catch (err) {
    notify(t('csvError', { message: err.message }));
  }
}

$('csv-file').addEventListener('change', (e) => {
  const file = e.target.files?.[0];
  if (file) loadCsv(file);
  e.target.value = '';
});
$('use-sample').addEventListener('click', loadSample);
$('lang-switch').addEventListener('click', () => {
  state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('yy-demo-lang', state.lang);
  render();
});
window.addEventListener('hashchange', () => {
  render();
  $('page').focus();
});

renderChrome();
renderPage();
await init();
await loadSample();
