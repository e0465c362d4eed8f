// Types of 'yunying/worker': the engine in a Web Worker.
import type { ColumnsInput, CsvOptions, LogSummary, DailyActive, MoneyTotal, FunnelDefinition, FunnelResult } from './yunying.js';

export interface IngestProgress { phase: 'transfer' | 'ingest'; fraction: number }

/** An EventLog living in the worker: every EventLog method, async. */
export interface RemoteLog {
  readonly remote: true;
  summary(): Promise<LogSummary>;
  dailyActive(options: { utcOffsetMinutes: number }): Promise<DailyActive>;
  moneyTotal(options: { event: string; prop: string }): Promise<MoneyTotal>;
  funnel(def: FunnelDefinition): Promise<FunnelResult>;
  /** Any other EventLog method by name (methods added by other areas). */
  call(method: string, ...args: unknown[]): Promise<unknown>;
  free(): Promise<void>;
  [method: string]: unknown;
}

export interface WorkerEngine {
  /** Typed arrays are transferred (detached here) unless `transfer: false`. */
  fromColumns(columns: ColumnsInput, options?: { onProgress?: (p: IngestProgress) => void; transfer?: boolean }): Promise<RemoteLog>;
  fromCsv(text: string, options?: CsvOptions, extra?: { onProgress?: (p: IngestProgress) => void }): Promise<RemoteLog>;
  terminate(): void;
}

export function createWorkerEngine(options?: { workerUrl?: string | URL; wasm?: unknown }): WorkerEngine;
