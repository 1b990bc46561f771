/** Attacker's toolbox: find and edit records and checkpoints inside OTLP/JSON requests. */
import { attr, type Json, logRecords, type OtlpRequest } from './otlp-archive.js';

export const NS = 'seclog.integrity';

/** The integrity seq of a record (number or collector string), or undefined. */
export function seqOf(lr: Json): number | undefined {
  const v = attr(lr, `${NS}.seq`)?.intValue;
  return v === undefined ? undefined : Number(v);
}

export function streamOf(lr: Json): string | undefined {
  return attr(lr, `${NS}.stream`)?.stringValue;
}

export function isCheckpoint(lr: Json): boolean {
  return lr.eventName === `${NS}.checkpoint`;
}

/** The data or genesis record with this seq (first copy). */
export function recordWithSeq(reqs: readonly OtlpRequest[], seq: number, stream?: string): Json {
  for (const { lr } of logRecords(reqs)) {
    if (!isCheckpoint(lr) && seqOf(lr) === seq && (stream === undefined || streamOf(lr) === stream)) return lr;
  }
  throw new Error(`no record with seq ${seq}`);
}

/** Removes every record matching `pred`; returns how many were removed. */
export function removeRecords(reqs: readonly OtlpRequest[], pred: (lr: Json) => boolean): number {
  let n = 0;
  for (const { lr, remove } of logRecords(reqs)) {
    if (pred(lr)) {
      remove();
      n++;
    }
  }
  return n;
}

/** Checkpoint records ordered by their `k` line. */
export function checkpointRecords(reqs: readonly OtlpRequest[]): Json[] {
  const out: Json[] = [];
  for (const { lr } of logRecords(reqs)) if (isCheckpoint(lr)) out.push(lr);
  const k = (lr: Json) => Number(/\nk (\d+)\n/.exec(lr.body.stringValue)?.[1]);
  return out.sort((a, b) => k(a) - k(b));
}

/** Index `k` and tree size of a checkpoint record. */
export function checkpointInfo(lr: Json): { k: number; size: number; final: boolean; text: string } {
  const note: string = lr.body.stringValue;
  const text = note.slice(0, note.lastIndexOf('\n\n') + 1);
  const lines = text.split('\n');
  return {
    k: Number(/\nk (\d+)\n/.exec(text)?.[1]),
    size: Number(lines[1]),
    final: lines.includes('f'),
    text,
  };
}

/** Sets (or adds) an attribute value on an OTLP record. */
export function setAttr(lr: Json, key: string, value: Json): void {
  const kv = lr.attributes.find((x: Json) => x.key === key);
  if (kv) kv.value = value;
  else lr.attributes.push({ key, value });
}

/**
 * Appends a deep copy of `lr` next to the record `near` (same resource and scope; `near` defaults to `lr` itself when
 * it is a record of the archive), or to the first scope of the archive.
 */
export function inject(reqs: OtlpRequest[], lr: Json, near: Json = lr): void {
  for (const req of reqs)
    for (const rl of req.resourceLogs)
      for (const sl of rl.scopeLogs ?? [])
        if ((sl.logRecords ?? []).includes(near)) {
          sl.logRecords.push(structuredClone(lr));
          return;
        }
  reqs[0]!.resourceLogs[0].scopeLogs[0].logRecords.push(structuredClone(lr));
}

/** Rewrites int seq values in the archive's encoding (number for JS, string for collector). */
export function seqValue(like: Json, seq: number): Json {
  return typeof like === 'string' ? { intValue: String(seq) } : { intValue: seq };
}
