/** Signals that end a process politely; both trigger a flush and the final integrity checkpoint. */
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM/SIGINT runs `shutdown` (flush + final checkpoint), then, when no other listener is left for that
 * signal, re-raises it so the process ends the way it would have without us. Returns a function removing the hooks.
 */
export function installSignalShutdown(shutdown: () => Promise<void>, onError: (e: unknown) => void): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>();
  const remove = () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    handlers.clear();
  };
  for (const signal of SIGNALS) {
    const handler = () => {
      remove();
      shutdown()
        .catch(onError)
        .finally(() => {
          // Someone else listens (the app's own graceful shutdown): let it decide when to exit.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
    };
    handlers.set(signal, handler);
    process.once(signal, handler);
  }
  return remove;
}
