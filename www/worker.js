// The engine in a Web Worker, for every area: it holds EventLogs by handle and runs any
// EventLog method by name, so a 10M-event log never blocks the page. Use it through
// createWorkerEngine() in ./remote.js ('yunying/worker'), not directly.
import { init, EventLog } from './index.js';

const logs = new Map();
let nextHandle = 1;

function progress(id, phase, fraction) {
  self.postMessage({ id, progress: { phase, fraction } });
}

const ops = {
  async fromColumns({ id, columns }) {
    progress(id, 'ingest', 0.1);
    const log = EventLog.fromColumns(columns);
    progress(id, 'ingest', 1);
    return adopt(log);
  },
  async fromCsv({ id, text, options }) {
    progress(id, 'ingest', 0.1);
    const log = EventLog.fromCsv(text, options);
    progress(id, 'ingest', 1);
    return adopt(log);
  },
  async call({ handle, method, args }) {
    const log = logs.get(handle);
    if (!log) throw Object.assign(new Error('this log was freed'), { code: 'INVALID_STATE', field: '' });
    if (typeof method !== 'string' || method.startsWith('_') || method === 'constructor' || method === 'free' || typeof log[method] !== 'function') {
      throw Object.assign(new Error(`EventLog has no method '${method}'`), { code: 'INVALID_INPUT', field: 'method' });
    }
    return log[method](...(args ?? []));
  },
  async free({ handle }) {
    logs.get(handle)?.free();
    logs.delete(handle);
  },
};

function adopt(log) {
  const handle = nextHandle++;
  logs.set(handle, log);
  return handle;
}

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  try {
    await init(data.wasm);
    const run = ops[op];
    if (!run) throw Object.assign(new Error(`unknown operation '${op}'`), { code: 'INVALID_INPUT', field: 'op' });
    self.postMessage({ id, ok: true, result: await run(data) });
  } catch (err) {
    self.postMessage({ id, ok: false, error: { code: err?.code ?? 'ENGINE_STOPPED', field: err?.field ?? '', message: String(err?.message ?? err) } });
  }
};
