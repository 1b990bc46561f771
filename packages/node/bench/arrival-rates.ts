/**
 * The application's-thread CPU per record when records arrive a few per event-loop turn, as in a service whose
 * requests each log a line, rather than in synchronous bursts. It shows what the hand-off's fixed costs (a post to
 * the worker, its wake-up, the buffer it hands back) weigh per record when little is emitted per turn. Shared by
 * `chain.bench.ts`; the contenders are those of `file-contenders.ts`.
 */
import type { Logger } from '@opentelemetry/api';
import type { FileContender } from './file-contenders.ts';

/** Records emitted per event-loop turn in each scenario. */
export const RECORDS_PER_TURN = [1, 8, 64] as const;
const RECORDS_PER_WINDOW = 8192;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * App's-thread CPU µs per record for each contender and records-per-turn, best of `rounds` alternating rounds.
 * Each window is long (thousands of turns), so the per-thread CPU clock's tick granularity does not matter.
 */
export async function arrivalRateCpu(
  contenders: readonly FileContender[],
  emit: (logger: Logger, i: number) => void,
  rounds: number,
): Promise<Map<string, Map<number, number>>> {
  const best = new Map<string, Map<number, number>>(contenders.map((c) => [c.name, new Map()]));
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    for (const perTurn of RECORDS_PER_TURN) {
      for (const c of round % 2 === 0 ? contenders : [...contenders].reverse()) {
        const logger = c.provider.getLogger('bench');
        await c.provider.forceFlush();
        const before = process.threadCpuUsage();
        for (let emitted = 0; emitted < RECORDS_PER_WINDOW; emitted += perTurn) {
          for (let k = 0; k < perTurn; k++) emit(logger, n++);
          await nextTurn();
        }
        const used = process.threadCpuUsage(before);
        const perRecord = (used.user + used.system) / RECORDS_PER_WINDOW;
        const byRate = best.get(c.name)!;
        byRate.set(perTurn, Math.min(byRate.get(perTurn) ?? Number.POSITIVE_INFINITY, perRecord));
      }
    }
  }
  return best;
}
