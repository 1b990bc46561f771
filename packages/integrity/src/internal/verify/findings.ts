import type { Finding, ItemStatus } from '../../verify/report.js';

/**
 * How many findings one verification run keeps in all. Each stream's list is capped, but streams are many — a forged
 * stream id costs one short record — so the sum is capped too: 6,000 forged streams with 1,000 unmergeable findings
 * each held 6 M findings and ran the heap out. A finding beyond this is counted as omitted, like one beyond its list's
 * cap; statuses, per-status counts and verdicts stay exact.
 */
export class FindingBudget {
  #left: number;

  constructor(total: number) {
    this.#left = total;
  }

  /** Takes room for one more kept finding; false when none is left. */
  take(): boolean {
    if (this.#left <= 0) return false;
    this.#left--;
    return true;
  }
}

/** Default of {@link FindingBudget}: about 100 MB of findings at the most. */
export const DEFAULT_MAX_FINDINGS_TOTAL = 200_000;

/**
 * Collects findings for one stream with a cap, merging consecutive seqs that share status, checkpoint and detail
 * into one ranged finding. Counts per status are kept exactly even when findings are omitted.
 */
export class FindingList {
  readonly findings: Finding[] = [];
  omitted = 0;
  /** Every status added, including omitted ones (the verdict must not depend on the cap). */
  readonly statuses = new Set<ItemStatus>();
  private open: { status: ItemStatus; from: number; to: number; count: number; key: string; base: Finding } | undefined;

  constructor(
    private readonly max: number,
    private readonly budget?: FindingBudget,
  ) {}

  /** Adds a per-record finding at `seq`; merged with the previous one when it continues the same run. */
  addSeq(status: ItemStatus, seq: number, base: Omit<Finding, 'status' | 'seqFrom' | 'seqTo' | 'count'>): void {
    const key = `${status}|${base.checkpoint ?? ''}|${base.detail}|${base.field ?? ''}`;
    const o = this.open;
    // Findings that carry per-record evidence (a signed digest, a location) are never merged.
    const mergeable = base.signedDigest === undefined && base.location === undefined;
    this.statuses.add(status);
    if (o && mergeable && o.key === key && o.to === seq - 1) {
      o.to = seq;
      o.count++;
      return;
    }
    this.flush();
    if (mergeable) {
      this.open = { status, from: seq, to: seq, count: 1, key, base: { ...base, status, count: 1 } };
    } else {
      this.push({ ...base, status, seqFrom: String(seq), seqTo: String(seq), count: 1 });
    }
  }

  /** Adds a finding as is (stream- or checkpoint-level). */
  add(f: Finding): void {
    this.flush();
    this.push(f);
  }

  /** Closes the open run. Call before reading `findings`. */
  flush(): void {
    const o = this.open;
    if (!o) return;
    this.open = undefined;
    this.push({ ...o.base, seqFrom: String(o.from), seqTo: String(o.to), count: o.count });
  }

  private push(f: Finding): void {
    this.statuses.add(f.status);
    if (this.findings.length < this.max && (this.budget?.take() ?? true)) this.findings.push(f);
    else this.omitted++;
  }
}
