// Debian's headless Chromium, driven by playwright-core (from tests/node_modules), for the browser
// tests and the benchmarks. Playwright cannot download its own browser on these machines.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchChromium(options = {}) {
  const require = createRequire(new URL('../tests/package.json', import.meta.url));
  const playwright = await import(pathToFileURL(require.resolve('playwright-core')).href);
  const { chromium } = playwright.default ?? playwright;
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, ...options });
}
