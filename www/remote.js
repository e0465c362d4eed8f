// 'yunying/worker': the engine off the main thread. Every EventLog method is available on a
// RemoteLog as an async method; the log itself lives in a Web Worker.
//
//   import { createWorkerEngine } from 'yunying/worker';
//   const engine = createWorkerEngine();
//   const log = await engine.fromColumns(columns, { onProgress: (p) => bar.value = p.fraction });
//   const result = await log.funnel({ steps: ['view', 'pay'] });
//   await log.free(); engine.terminate();
import { YunyingError } from './error.js';

/**
 * Starts a worker. `workerUrl` defaults to the worker.js next to this file; `wasm` is passed
 * to init() inside the worker (default: the package's yunying_bg.wasm).
 */
export function createWorkerEngine({ workerUrl = new URL('./worker.js', import.meta.url), wasm } = {}) {
  const worker = new Worker(workerUrl, { type: 'module' });
  const pending = new Map();
  let seq = 0;
  let broken = null;

  worker.onmessage = ({ data }) => {
    const waiting = pending.get(data.id);
    if (!waiting) return;
    if (data.progress) {
      waiting.onProgress?.(data.progress);
      return;
    }
    pending.delete(data.id);
    if (data.ok) waiting.resolve(data.result);
    else waiting.reject(new YunyingError(data.error.code, data.error.field, data.error.message));
  };
  worker.onerror = (event) => {
    event.preventDefault?.();
    broken = new YunyingError('ENGINE_STOPPED', '', `the yunying worker failed: ${event.message ?? 'unknown error'}`);
    for (const waiting of pending.values()) waiting.reject(broken);
    pending.clear();
  };

  function request(message, transfer = [], onProgress) {
    if (broken) return Promise.reject(broken);
    const id = ++seq;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...message, id, wasm }, transfer);
    });
  }

  return {
    /**
     * Builds a log in the worker. The columns' typed arrays are transferred, not copied: they
     * are detached (empty) here afterwards. Pass `{ transfer: false }` to keep them.
     */
    async fromColumns(columns, { onProgress, transfer = true } = {}) {
      onProgress?.({ phase: 'transfer', fraction: 0 });
      const handle = await request({ op: 'fromColumns', columns }, transfer ? buffersOf(columns) : [], onProgress);
      return remoteLog(request, handle);
    },
    async fromCsv(text, options, { onProgress } = {}) {
      const handle = await request({ op: 'fromCsv', text, options }, [], onProgress);
      return remoteLog(request, handle);
    },
    /** Stops the worker; its logs are gone. */
    terminate() {
      broken = new YunyingError('INVALID_STATE', '', 'the worker engine was terminated');
      worker.terminate();
    },
  };
}

/** A RemoteLog: `await log.anyMethod(...args)` runs `EventLog.prototype.anyMethod` in the worker. */
function remoteLog(request, handle) {
  const base = {
    remote: true,
    call: (method, ...args) => request({ op: 'call', handle, method, args }),
    free: () => request({ op: 'free', handle }),
  };
  return new Proxy(base, {
    get(target, key) {
      if (key in target || typeof key === 'symbol' || key === 'then') return target[key];
      return (...args) => target.call(key, ...args);
    },
  });
}

/** The distinct ArrayBuffers behind the typed arrays of a columns object. */
function buffersOf(value, out = new Set()) {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const v of Object.values(value)) buffersOf(v, out);
  }
  return [...out];
}
