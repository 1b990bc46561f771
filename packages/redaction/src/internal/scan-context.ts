/**
 * The per-string state the detectors of one scan share (`ScanContext`), and how a shape detector is run over the
 * windows around its candidates: the scanner's plumbing, apart from its pipeline (`string-scanner.ts`).
 */
import type { Action, KeyClass } from '../types.js';
import type { Detector, Finding, ScanContext } from './detector.js';
import type { KeyClassifier } from './key-classifier.js';

/** Thrown inside a scan when one string has more findings than the budget allows. */
export class TooManyFindings extends Error {}

export class Context implements ScanContext {
  readonly out: Finding[] = [];
  runOwner: object | null = null;
  runFrom = 0;
  runEnd = 0;
  constructor(
    readonly text: string,
    readonly path: string,
    readonly classifier: KeyClassifier,
    readonly maxFindings: number,
    readonly keepJwtHeaderFields: readonly ('alg' | 'kid')[],
    readonly keepPrivateIps: boolean,
    readonly keyClassAction: (c: KeyClass) => Action,
  ) {}
  check(): void {
    if (this.out.length > this.maxFindings) throw new TooManyFindings();
  }
}

/** Runs a shape detector over merged windows around its candidate positions (sorted ascending). */
export function scanWindows(
  detector: Detector,
  ctx: ScanContext,
  positions: number[],
  window: { back: number; forward: number },
): void {
  const n = ctx.text.length;
  let i = 0;
  while (i < positions.length) {
    const from = Math.max(0, (positions[i] as number) - window.back);
    let to = Math.min(n, (positions[i] as number) + window.forward);
    i++;
    while (i < positions.length && (positions[i] as number) - window.back <= to) {
      to = Math.min(n, (positions[i] as number) + window.forward);
      i++;
    }
    detector.scan!(ctx, from, to);
  }
}
