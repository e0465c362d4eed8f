// The Node.js entry: the same API, with init() reading the wasm file from disk
// (Node's fetch cannot load file: URLs).
import { readFile } from 'node:fs/promises';
import { init as initWith } from './index.js';

export * from './index.js';

export async function init(input) {
  return initWith(input ?? (await readFile(new URL('./yunying_bg.wasm', import.meta.url))));
}
