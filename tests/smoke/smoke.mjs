// Package smoke test: pack pkg/, install the tarball into empty projects, and use it the three
// ways users do — Node ≥ 20, TypeScript against the shipped .d.ts, and a Vite build in Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { launchChromium } from '../../scripts/chromium.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'tests/node_modules/.bin');
const work = mkdtempSync(join(tmpdir(), 'yunying-smoke-'));
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
let passed = 0;
const check = async (name, fn) => {
  await fn();
  passed += 1;
  console.log(`ok - ${name}`);
};

sh('npm', ['pack', join(ROOT, 'pkg'), '--pack-destination', work, '--loglevel=error'], work);
const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));
const app = join(work, 'app');
mkdirSync(app);
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'smoke-app', private: true, type: 'module' }));
sh('npm', ['install', tarball, '--no-audit', '--no-fund', '--loglevel=error'], app);

await check('the tarball holds the wasm, the glue, the types and the widgets', async () => {
  const files = sh('tar', ['-tzf', tarball], work).split('\n');
  for (const f of ['package/yunying_bg.wasm', 'package/yunying.js', 'package/index.js', 'package/node.js', 'package/index.d.ts', 'package/yunying.d.ts', 'package/widgets/index.js', 'package/package.json', 'package/README.md']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  assert.ok(!files.some((f) => f.includes('/demo/')), 'the demo console is not published');
});

await check('Node imports the package and init() loads the wasm from disk', async () => {
  writeFileSync(join(app, 'node-check.mjs'), `
    import { init, EventLog, YunyingError } from 'yunying';
    let early;
    try { EventLog.fromRows([]); } catch (e) { early = e; }
    if (!(early instanceof YunyingError) || early.code !== 'NOT_INITIALIZED') throw new Error('no NOT_INITIALIZED before init');
    // An engine without WebAssembly SIMD (faked: its validate says no, its compile fails) hears why.
    const validate = WebAssembly.validate;
    WebAssembly.validate = () => false;
    let old;
    try { await init(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255])); } catch (e) { old = e; }
    WebAssembly.validate = validate;
    if (old?.code !== 'NOT_INITIALIZED' || !old.message.includes('lacks WebAssembly SIMD')) throw new Error('no SIMD reason: ' + old?.message);
    await init();
    await init();
    const log = EventLog.fromRows([{ user: 'a', ts: '2025-11-11 20:00:00', event: 'pay', amount: '12.30' }], { props: { amount: 'money' } });
    const s = log.summary();
    let bad;
    try { log.moneyTotal({ event: 'refund', prop: 'amount' }); } catch (e) { bad = e; }
    console.log(JSON.stringify({ events: s.events, gmv: log.moneyTotal({ event: 'pay', prop: 'amount' }).totalFen, code: bad?.code, field: bad?.field, isErr: bad instanceof YunyingError }));
  `);
  const out = JSON.parse(sh('node', ['node-check.mjs'], app));
  assert.deepEqual(out, { events: 1, gmv: 1230, code: 'NOT_FOUND', field: 'event', isErr: true });
});

await check('TypeScript type-checks a program against the shipped .d.ts', async () => {
  writeFileSync(join(app, 'check.ts'), `
    import { init, EventLog, Cart, priceCart, YunyingError, type LogSummary, type DailyActive, type CartPricing, type PricedCart } from 'yunying';
    await init();
    const log: EventLog = EventLog.fromColumns({ user: new Uint32Array([1]), ts: new Float64Array([0]), event: ['view'] });
    const s: LogSummary = log.summary();
    // Options parameters that may be left out are optional in the types too.
    const fromText: EventLog = EventLog.fromCsv('user,ts,event');
    const fromRows: EventLog = EventLog.fromRows([{ user: 'a', ts: 0, event: 'view' }]);
    fromText.free(); fromRows.free();
    const n: number = s.events + s.users;
    const d: DailyActive = log.dailyActive({ utcOffsetMinutes: 480 });
    const first: string | undefined = d.days[0];
    try { log.moneyTotal({ event: 'x', prop: 'y' }); } catch (e) { if (e instanceof YunyingError) { const f: string = e.field; console.log(f, e.code, n, first); } }
    log.free();
    // A resident cart: optional terms and coupon ids, per-line numbers as arrays.
    const cart = Cart.fromLines([{ lineId: 'a', sku: 'a', unitPriceFen: 100, quantity: 1 }]);
    cart.setTerms({ coupons: [{ id: 'c', rule: { kind: 'noThreshold', offFen: 10 } }] });
    const priced: CartPricing = cart.price(['c']);
    const pays: number[] = priced.lines.payableFen;
    const share: number[] | undefined = cart.price().applied[0]?.shares;
    const once: PricedCart = priceCart({ lines: [{ lineId: 'a', sku: 'a', unitPriceFen: 100, quantity: 1 }] });
    console.log(pays[0], share, cart.length, cart.bestCoupons().couponIds, once.lines[0]?.payableFen);
    cart.free();
  `);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, lib: ['es2022', 'dom'] }, files: ['check.ts'] }));
  sh(join(BIN, 'tsc'), ['-p', app], app);
  // And a program with a type error must fail, or the check above proves nothing.
  writeFileSync(join(app, 'check.ts'), `import { EventLog } from 'yunying'; const x: string = EventLog.fromCsv('', {}).summary().events;`);
  assert.throws(() => execFileSync(join(BIN, 'tsc'), ['-p', app], { cwd: app, stdio: 'pipe' }));
});

await check('a Vite build of a page with the widgets runs in Chromium', async () => {
  writeFileSync(join(app, 'index.html'), `<!doctype html><html lang="en"><body><yy-overview utc-offset="0"></yy-overview><script type="module" src="./main.js"></script></body></html>`);
  writeFileSync(join(app, 'main.js'), `
    import { init, EventLog } from 'yunying';
    import 'yunying/widgets';
    await init();
    const log = EventLog.fromColumns({ user: [1, 2, 2], ts: [Date.UTC(2025, 10, 11), Date.UTC(2025, 10, 11, 1), Date.UTC(2025, 10, 12)], event: ['view', 'pay', 'pay'],
      props: { amount: { type: 'money', fen: [NaN, 1999, 1] } } });
    document.querySelector('yy-overview').data = log;
  `);
  sh(join(BIN, 'vite'), ['build', '--logLevel', 'warn', '--outDir', 'dist'], app);
  const dist = join(app, 'dist');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const file = join(dist, req.url === '/' ? 'index.html' : decodeURIComponent(req.url.split('?')[0]));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const gmv = page.locator('yy-overview [data-kpi=gmv] .value');
    await gmv.waitFor({ timeout: 15000 });
    assert.equal(await gmv.innerText(), '¥20.00');
    assert.equal(await page.locator('yy-overview [data-kpi=users] .value').innerText(), '2');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});

console.log(`smoke: ${passed} passed, 0 failed`);
