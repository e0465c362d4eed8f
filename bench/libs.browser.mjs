// How the browser loads the baselines: arquero's own browser build, and duckdb-wasm's async API
// with its worker, chosen the way its documentation shows (selectBundle picks the EH build).
import * as duckdb from '@duckdb/duckdb-wasm';
import { tableFromArrays } from 'apache-arrow';

const DIST = '/bench/node_modules/@duckdb/duckdb-wasm/dist/';

export const libs = {
  async arquero() {
    if (!globalThis.aq) {
      await new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = '/bench/node_modules/arquero/dist/arquero.min.js';
        script.onload = resolve;
        script.onerror = () => reject(new Error('arquero could not be loaded'));
        document.head.append(script);
      });
    }
    return globalThis.aq;
  },
  async duckdb() {
    const bundle = await duckdb.selectBundle({
      mvp: { mainModule: `${DIST}duckdb-mvp.wasm`, mainWorker: `${DIST}duckdb-browser-mvp.worker.js` },
      eh: { mainModule: `${DIST}duckdb-eh.wasm`, mainWorker: `${DIST}duckdb-browser-eh.worker.js` },
    });
    const worker = new Worker(bundle.mainWorker);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    const conn = await db.connect();
    return {
      async insert(name, columns) {
        await conn.insertArrowTable(tableFromArrays(columns), { name });
      },
      /** Reads CSV text with DuckDB's own reader into a new table. */
      async loadCsv(name, text) {
        await db.registerFileText(`${name}.csv`, text);
        await conn.query(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${name}.csv')`);
      },
      async query(sql) {
        return (await conn.query(sql)).toArray().map((row) => row.toJSON());
      },
      async close() {
        await conn.close();
        await db.terminate();
        worker.terminate();
      },
    };
  },
};
