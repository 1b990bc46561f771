/**
 * Walks the OTLP/JSON `ExportLogsServiceRequest` shape (resourceLogs → scopeLogs → logRecords) as decoded from one
 * archive line, tolerating what proto3 JSON allows (missing arrays, ints as numbers or strings; snake_case field names
 * are not produced by the collector and are not accepted).
 */
import type { LogsRequest } from './line-decoder.js';

/** One log record with its enclosing resource and scope, as found in the archive. */
export interface OtlpRecordRef {
  readonly resource: unknown;
  readonly scope: unknown;
  readonly scopeSchemaUrl: unknown;
  readonly logRecord: Record<string, unknown>;
  /** Index of the ResourceLogs entry in its line (lets callers cache per-resource work). */
  readonly resourceIndex: number;
}

/** Entries of a request that are not what OTLP puts there; they are skipped, the rest of the request is walked. */
export interface RequestShapeProblems {
  /** Entries skipped. */
  readonly skipped: number;
  /** What the first skipped entry was (one line, no content). */
  readonly first?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Calls `visit` for every log record of one request (resourceLogs → scopeLogs → logRecords). Malformed entries (an
 * array that is not an array, an entry that is not an object, a record that is not valid JSON) are skipped and
 * counted; they never stop the walk. Records of a split request are parsed one at a time, just before `visit`.
 */
export function forEachOtlpLogRecord(request: LogsRequest, visit: (ref: OtlpRecordRef) => void): RequestShapeProblems {
  let skipped = 0;
  let first: string | undefined;
  const skip = (what: string) => {
    skipped++;
    first ??= what;
  };
  const list = (o: Record<string, unknown>, key: string): unknown[] => {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    skip(`${key} is not an array`);
    return [];
  };
  const root = request.kind === 'whole' ? request.value : request.skeleton;
  const resourceLogs = list(root, 'resourceLogs');
  for (let ri = 0; ri < resourceLogs.length; ri++) {
    const rl = resourceLogs[ri];
    if (!isObject(rl)) {
      skip('resourceLogs entry is not an object');
      continue;
    }
    for (const sl of list(rl, 'scopeLogs')) {
      if (!isObject(sl)) {
        skip('scopeLogs entry is not an object');
        continue;
      }
      for (const entry of list(sl, 'logRecords')) {
        const lr = request.kind === 'split' && Array.isArray(entry) ? request.record(Number(entry[0])) : entry;
        if (!isObject(lr)) {
          skip(lr === undefined ? 'log record is not valid JSON' : 'logRecords entry is not an object');
          continue;
        }
        visit({
          resource: rl.resource,
          scope: sl.scope,
          scopeSchemaUrl: sl.schemaUrl,
          logRecord: lr,
          resourceIndex: ri,
        });
      }
    }
  }
  return first === undefined ? { skipped } : { skipped, first };
}

/** Integrity attributes of one record, read from its OTLP attribute list. */
export interface IntegrityAttributes {
  /** Neither attribute present: a foreign record. */
  readonly kind: 'none' | 'ok' | 'malformed';
  readonly streamId?: string;
  readonly seq?: number;
}

const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/**
 * Reads `<ns>.stream` (stringValue) and `<ns>.seq` (intValue, number or decimal string) from an OTLP record. A record
 * with only one of them, wrong types, a negative or non-integer seq, or a seq beyond 2^53 is `malformed`.
 */
export function readIntegrityAttributes(
  logRecord: Record<string, unknown>,
  streamKey: string,
  seqKey: string,
): IntegrityAttributes {
  const attrs = logRecord.attributes;
  if (!Array.isArray(attrs)) return { kind: 'none' };
  let streamValue: unknown;
  let seqValue: unknown;
  let found = 0;
  for (const kv of attrs) {
    if (!isObject(kv)) continue;
    if (kv.key === streamKey) {
      if (streamValue !== undefined) return { kind: 'malformed' };
      streamValue = kv.value ?? null;
      found++;
    } else if (kv.key === seqKey) {
      if (seqValue !== undefined) return { kind: 'malformed' };
      seqValue = kv.value ?? null;
      found++;
    }
  }
  if (found === 0) return { kind: 'none' };
  const streamId = isObject(streamValue) ? streamValue.stringValue : undefined;
  const rawSeq = isObject(seqValue) ? seqValue.intValue : undefined;
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 256) return { kind: 'malformed' };
  let seq: number | undefined;
  if (typeof rawSeq === 'number' && Number.isSafeInteger(rawSeq) && rawSeq >= 0) seq = rawSeq;
  else if (typeof rawSeq === 'string' && /^[0-9]{1,16}$/.test(rawSeq)) {
    const n = Number(rawSeq);
    if (n <= MAX_SEQ) seq = n;
  }
  if (seq === undefined) return { kind: 'malformed', streamId };
  return { kind: 'ok', streamId, seq };
}

/** The record's `eventName` when it is a string. */
export function eventNameOf(logRecord: Record<string, unknown>): string | undefined {
  const e = logRecord.eventName;
  return typeof e === 'string' ? e : undefined;
}

/** The record body's `stringValue`, when the body is a string. */
export function stringBodyOf(logRecord: Record<string, unknown>): string | undefined {
  const b = logRecord.body;
  return isObject(b) && typeof b.stringValue === 'string' ? b.stringValue : undefined;
}
