/**
 * The one branch the entry points take on `options.pipeline`: the chain inside `emit()` (inline), or handed to the
 * pipeline worker.
 */

import type { SecureLoggingOptions } from '../../secure-logging-options.js';
import type { SecureChain } from '../secure-chain.js';
import { inlinePipeline, type SealingPipeline, startWorkerPipeline } from './worker-pipeline.js';

export type { SealingPipeline } from './worker-pipeline.js';

/**
 * The options to build the application thread's chain from. With the worker pipeline that chain only stands by (it
 * takes over if the worker dies), so it must not register a second set of instruments: the worker's metrics reach the
 * MeterProvider through the application's thread instead.
 */
export function chainOptions(options: SecureLoggingOptions): SecureLoggingOptions {
  if (options.pipeline !== 'worker' || options.meterProvider === undefined) return options;
  const { meterProvider: _sentByTheWorker, ...rest } = options;
  return rest;
}

/** The pipeline `options.pipeline` asks for (`inline` unless `worker`). */
export function sealingPipeline(chain: SecureChain, options: SecureLoggingOptions, component: string): SealingPipeline {
  return options.pipeline === 'worker' ? startWorkerPipeline(chain, options, component) : inlinePipeline(chain);
}
