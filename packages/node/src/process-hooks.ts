/**
 * Process hooks that keep records until the process really exits. A security log must not stop at the first
 * signal: an application's own graceful drain keeps logging, and those records matter most.
 *
 * - SIGTERM / SIGINT, when the application listens too: flush (checkpoint + export) and keep accepting records;
 *   the application decides when to exit.
 * - SIGTERM / SIGINT, when nobody else listens: full shutdown (final checkpoint), then the signal is raised again so
 *   the process ends the way it would have without seclog.
 * - `beforeExit` (the event loop ran dry): full shutdown, so a program that simply ends still writes its final
 *   checkpoint.
 * - `exit` (also after `process.exit()`): the synchronous last resort — final checkpoint and whatever is queued,
 *   written synchronously or spilled.
 */

/** Signals that end a process politely. */
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** What the hooks drive. */
export interface ProcessHookTargets {
  /** Checkpoint and export what is queued (bounded). */
  flush(): Promise<unknown>;
  /** Final checkpoint, flush, release (bounded, idempotent). */
  shutdown(): Promise<unknown>;
  /** Synchronous final checkpoint and write, for the `exit` event. */
  finishSync(): void;
  /** Receives errors of the asynchronous steps (never thrown into the process). */
  onError(error: unknown): void;
}

/** Installs the hooks; returns a function that removes them all. */
export function installProcessHooks(targets: ProcessHookTargets): () => void {
  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  const removeSignals = () => {
    for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
    signalHandlers.clear();
  };
  for (const signal of SIGNALS) {
    const handler = () => {
      if (process.listenerCount(signal) > 1) {
        // The application handles this signal (a graceful drain): keep logging; its exit runs the final steps.
        targets.flush().catch(targets.onError);
        return;
      }
      removeSignals();
      targets
        .shutdown()
        .catch(targets.onError)
        .finally(() => {
          // Nobody else listens: let the signal end the process as it would have without us.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
    };
    signalHandlers.set(signal, handler);
    process.on(signal, handler);
  }
  const onBeforeExit = () => {
    targets.shutdown().catch(targets.onError);
  };
  const onExit = () => {
    try {
      targets.finishSync();
    } catch (error) {
      targets.onError(error);
    }
  };
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  return () => {
    removeSignals();
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('exit', onExit);
  };
}
