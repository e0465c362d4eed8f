// Shared set-up for browser end-to-end tests: the static server, headless Chromium, screenshots.
//
//   import { test } from 'node:test';
//   import { withBrowser } from './harness.mjs';
//   const ctx = withBrowser();           // starts the server and Chromium once per test file
//   test('…', async () => { const page = await ctx.open('/#/funnel'); …; await ctx.screenshot(page, 'funnel'); });
import { after, before } from 'node:test';
import { mkdir } from 'node:fs/promises';
import { startServer } from '../../scripts/serve.mjs';
import { launchChromium } from '../../scripts/chromium.mjs';

export const SCREENSHOTS = new URL('./screenshots/', import.meta.url);

export function withBrowser() {
  const ctx = { server: null, browser: null, base: '', errors: [] };
  before(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    ctx.server = await startServer(0);
    ctx.base = `http://127.0.0.1:${ctx.server.address().port}`;
    ctx.browser = await launchChromium();
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.server?.close();
  });

  /** Opens a page of the served tree; uncaught page errors fail the test that checks ctx.errors. */
  ctx.open = async (path, { viewport = { width: 1440, height: 900 }, lang } = {}) => {
    const page = await ctx.browser.newPage({ viewport });
    page.on('pageerror', (err) => ctx.errors.push(err));
    if (lang) await page.addInitScript((l) => localStorage.setItem('yy-demo-lang', l), lang);
    await page.goto(ctx.base + path);
    return page;
  };

  ctx.screenshot = async (page, name, options = {}) => {
    const path = new URL(`${name}.png`, SCREENSHOTS);
    await page.screenshot({ path: path.pathname, fullPage: true, ...options });
    return path.pathname;
  };
  return ctx;
}

/** The text of an element inside a custom element's shadow root. */
export async function shadowText(page, host, selector) {
  return page.locator(host).locator(selector).first().innerText();
}
