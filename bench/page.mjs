// The browser side of `make bench`: run.mjs opens page.html?cases=a.mjs,b.mjs[&quick=1] in headless
// Chromium and receives progress through window.benchReport and the tables through window.benchDone.
import * as yunying from '/pkg/index.js';
import { casesOf, runCases } from './harness.mjs';
import { libs } from './libs.browser.mjs';

const params = new URLSearchParams(location.search);
const files = (params.get('cases') ?? '').split(',').filter(Boolean);
const only = params.get('only')?.split(',').filter(Boolean);
const log = document.getElementById('log');
const report = (line) => {
  log.textContent += `${line}\n`;
  globalThis.benchReport?.(line);
};

try {
  await yunying.init();
  const cases = [];
  for (const file of files) cases.push(...casesOf(await import(`./cases/${file}`)));
  const selected = only ? cases.filter((c) => only.includes(c.id)) : cases;
  const tables = await runCases(selected, { env: 'browser', yunying, libs, quick: params.has('quick'), report });
  globalThis.benchDone?.(tables);
} catch (err) {
  report(`FATAL: ${err?.stack ?? err}`);
  globalThis.benchDone?.([]);
}
