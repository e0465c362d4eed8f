// `make bench`: every case in bench/cases/, in Node and then in headless Chromium, side by side
// with the alternatives; prints the tables and writes bench/results/latest.{json,md}.
//
//   CASES=events,funnel  only these case ids      ENVS=node|browser  one environment
//   QUICK=1              the smallest size only   (see bench/README.md)
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { casesOf, runCases, toMarkdown } from './harness.mjs';
import { libs } from './libs.node.mjs';
import { startServer } from '../scripts/serve.mjs';
import { launchChromium } from '../scripts/chromium.mjs';

const here = (path) => new URL(path, import.meta.url);
const only = process.env.CASES?.split(',').filter(Boolean);
const envs = process.env.ENVS?.split(',').filter(Boolean) ?? ['node', 'browser'];
const quick = Boolean(process.env.QUICK);
const print = (line) => console.log(line);

const files = (await readdir(here('./cases/'))).filter((f) => f.endsWith('.mjs')).sort();
const modules = await Promise.all(files.map(async (file) => ({ file, cases: casesOf(await import(here(`./cases/${file}`))) })));
const selected = modules.filter((m) => !only || m.cases.some((c) => only.includes(c.id)));
if (only && selected.length === 0) throw new Error(`no case with id ${only.join(', ')} in bench/cases/`);

const tables = [];
if (envs.includes('node')) {
  const yunying = await import('../pkg/node.js');
  await yunying.init();
  const cases = selected.flatMap((m) => m.cases).filter((c) => !only || only.includes(c.id));
  tables.push(...(await runCases(cases, { env: 'node', yunying, libs, quick, report: print })));
}
if (envs.includes('browser')) tables.push(...(await runInChromium(selected.map((m) => m.file))));

const size = await packageSize();
const markdown = [`# yunying benchmarks (${new Date().toISOString()})`, '', packageSizeLine(size), '', toMarkdown(tables)].join('\n');
await mkdir(here('./results/'), { recursive: true });
await writeFile(here('./results/latest.json'), JSON.stringify({ date: new Date().toISOString(), packageSize: size, tables }, null, 2));
await writeFile(here('./results/latest.md'), markdown);
print(`\n${markdown}`);
const targets = tables.flatMap((t) => t.targets.map((target) => ({ ...target, where: `${t.case} · ${t.env} · ${t.sizeLabel}` })));
const errors = tables.filter((t) => t.error);
print(`targets: ${targets.filter((t) => t.met).length} met, ${targets.filter((t) => !t.met).length} missed`);
for (const t of targets.filter((x) => !x.met)) print(`  missed: ${t.where}: ${t.text}`);
for (const t of errors) print(`  error: ${t.case} · ${t.env} · ${t.sizeLabel}: ${t.error.split('\n')[0]}`);
// A benchmark that could not run is a failure; a missed target is a finding, reported above.
process.exitCode = errors.length > 0 ? 1 : 0;

async function runInChromium(caseFiles) {
  const server = await startServer(0);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // An uncaught error in the page (a module that fails to load, say) would otherwise wait forever.
    const done = new Promise((resolve, reject) => {
      page.exposeFunction('benchDone', resolve);
      page.on('pageerror', (err) => reject(new Error(`benchmark page failed: ${err.message}`)));
    });
    await page.exposeFunction('benchReport', print);
    const query = new URLSearchParams({ cases: caseFiles.join(',') });
    if (only) query.set('only', only.join(','));
    if (quick) query.set('quick', '1');
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/page.html?${query}`);
    return await done;
  } finally {
    await browser.close();
    server.close();
  }
}

async function packageSize() {
  const wasm = await readFile(here('../pkg/yunying_bg.wasm'));
  let js = 0;
  let jsGzip = 0;
  for (const entry of await readdir(here('../pkg/'), { recursive: true })) {
    if (!entry.endsWith('.js')) continue;
    const text = await readFile(here(`../pkg/${entry}`));
    js += text.length;
    jsGzip += gzipSync(text, { level: 9 }).length;
  }
  return { wasmBytes: wasm.length, wasmGzipBytes: gzipSync(wasm, { level: 9 }).length, jsBytes: js, jsGzipBytes: jsGzip };
}

function packageSizeLine(s) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  return `package: wasm ${kb(s.wasmBytes)} (${kb(s.wasmGzipBytes)} gzipped), JS ${kb(s.jsBytes)} (${kb(s.jsGzipBytes)} gzipped)`;
}
