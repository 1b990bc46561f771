import type { Finding } from '../../verify/report.js';
import { countOf, LeftOutStreamIds } from './left-out-streams.js';

const MiB = 1024 * 1024;

/**
 * Bytes of seq-table memory, summed over streams, unless the caller raises it. A genuine record costs about 40 bytes
 * of seq table, and a genuine archive about 70 MB per GB (1.8 M records of ~600 bytes), so 512 MiB holds the seq
 * tables of an archive of about 7 GB (13 M records). It is also a ceiling for a crafted archive: typed arrays live
 * outside the V8 heap, so without it their total is bounded by nothing but the archive's size, and the operating system
 * ends the run without a report. With the bin's 512 MB heap limit the verifier then stays near 1 GB whatever it reads.
 */
export const DEFAULT_MAX_SEQ_TABLE_BYTES = 512 * MiB;

/**
 * The budget of memory all seq tables may take together. A record whose seq needs new memory (a new page, a page
 * that grows or turns dense, a conflicting digest) is taken only while the budget has room; otherwise it is counted
 * and left out, and the report says so (`VERIFIER-LIMIT`, a failure: the verdict is never clean when records were not
 * verified). Records whose seq already has room — most, once a page is dense — are always taken. Digests signed by a
 * checkpoint that verifies are always kept and counted: they come from a trusted signer, not from whoever wrote the
 * archive, so a genuine leaf list never makes the verifier lose the signed digests records are checked against.
 */
export class SeqTableMemory {
  #used = 0;
  #records = 0;
  readonly #named = new LeftOutStreamIds();

  constructor(readonly max: number) {}

  /** Bytes taken so far. */
  get used(): number {
    return this.#used;
  }

  /** Takes `bytes` if the budget has room for them. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.max) return false;
    this.#used += bytes;
    return true;
  }

  /** Takes `bytes` whatever is left (signed digests, corrections after reading). */
  force(bytes: number): void {
    this.#used += bytes;
  }

  /** A record of stream `streamId` was left out for want of room. */
  leaveRecord(streamId: string): void {
    this.#records++;
    this.#named.add(streamId);
  }

  /** The archive-level finding when anything was left out. */
  finding(): Finding | undefined {
    if (this.#records === 0) return undefined;
    const n = this.#records;
    return {
      status: 'VERIFIER-LIMIT',
      subject: 'archive',
      count: n,
      detail:
        `${countOf(n, 'record')} not verified: the seq-table memory limit of ` +
        `${mib(this.max)} was reached (raise it with --max-seq-table-mib); first streams with records left out: ` +
        `${this.#named}`,
    };
  }
}

/** An unlimited budget (a table made outside a verification run, e.g. in tests). */
export function unlimitedSeqTableMemory(): SeqTableMemory {
  return new SeqTableMemory(Number.POSITIVE_INFINITY);
}

function mib(bytes: number): string {
  if (bytes < MiB) return `${bytes.toLocaleString('en-US')} bytes`;
  const m = bytes / MiB;
  return `${Number.isInteger(m) ? m.toLocaleString('en-US') : m.toFixed(2)} MiB`;
}

/** The finding of a stream of which `count` records were left out at the seq-table memory limit. */
export function seqTableLimitFinding(count: number): Finding {
  return {
    status: 'VERIFIER-LIMIT',
    subject: 'stream',
    count,
    detail:
      `${count.toLocaleString('en-US')} record${count === 1 ? ' was' : 's were'} left out at the seq-table memory ` +
      'limit (--max-seq-table-mib) and not verified: a seq of which no copy was kept shows as MISSING or TRUNCATED ' +
      'if signed',
  };
}
