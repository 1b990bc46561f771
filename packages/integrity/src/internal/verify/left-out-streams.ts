import { flat } from '../../verify/checkpoint-intake.js';

/** Stream ids named in a `VERIFIER-LIMIT` finding (the rest are counted). */
const NAMED_IDS = 3;
/** Longest stream id quoted in a finding: ids come from the archive and may be anything. */
const NAMED_ID_CHARS = 64;

/**
 * The first few stream ids whose records a verifier limit left out, for its finding: cut, printable, each once, and
 * copied so they do not pin the line they were read from.
 */
export class LeftOutStreamIds {
  readonly #named: string[] = [];

  add(streamId: string): void {
    if (this.#named.length >= NAMED_IDS) return;
    const printable = flat(streamId.slice(0, NAMED_ID_CHARS)).replace(/[^\x20-\x7e]/g, '?');
    if (!this.#named.includes(printable)) this.#named.push(printable);
  }

  toString(): string {
    return this.#named.join(', ');
  }
}

/** `n what`, with an `s` unless n is 1 and thousands separated: `1 record`, `16,384 streams`. */
export function countOf(n: number, what: string): string {
  return `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
}
