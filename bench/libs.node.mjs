// How Node loads the baselines. DuckDB runs its blocking Node build in this thread, which is the
// fastest way to use duckdb-wasm from Node (no worker round trips).
import { createRequire } from 'node:module';
import * as arquero from 'arquero';

const require = createRequire(import.meta.url);
// The same (CommonJS) Arrow instance that duckdb-wasm's Node build requires, so its tables are recognised.
const { tableFromArrays } = require('apache-arrow');

export const libs = {
  async arquero() {
    return arquero;
  },
  async duckdb() {
    const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
    const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
    const bundles = {
      mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-node-mvp.worker.cjs` },
      eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-node-eh.worker.cjs` },
    };
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
    await db.instantiate();
    const conn = db.connect();
    return {
      insert(name, columns) {
        conn.insertArrowTable(tableFromArrays(columns), { name });
      },
      /** Reads CSV text with DuckDB's own reader into a new table. */
      loadCsv(name, text) {
        db.registerFileText(`${name}.csv`, text);
        conn.query(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${name}.csv')`);
      },
      query(sql) {
        return conn.query(sql).toArray().map((row) => row.toJSON());
      },
      close() {
        conn.close();
      },
    };
  },
};
