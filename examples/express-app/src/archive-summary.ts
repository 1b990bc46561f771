// Reads an OTLP/JSON-lines archive (collector file exporter format) and summarises it for the demo: security events
// by type and redaction markers by detector. Counts only: no value is ever printed.
import { readFileSync } from 'node:fs';

interface OtlpAnyValue {
  stringValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: { key: string; value?: OtlpAnyValue }[] };
}
interface OtlpLogRecord {
  eventName?: string;
  body?: OtlpAnyValue;
  attributes?: { key: string; value?: OtlpAnyValue }[];
}
interface OtlpRequest {
  resourceLogs?: { scopeLogs?: { scope?: { name?: string }; logRecords?: OtlpLogRecord[] }[] }[];
}

/** Every log record in the archive with its scope name. */
export function archiveRecords(paths: readonly string[]): { scope: string; record: OtlpLogRecord }[] {
  const out: { scope: string; record: OtlpLogRecord }[] = [];
  for (const path of paths) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const request = JSON.parse(line) as OtlpRequest;
      for (const rl of request.resourceLogs ?? []) {
        for (const sl of rl.scopeLogs ?? []) {
          for (const record of sl.logRecords ?? []) out.push({ scope: sl.scope?.name ?? '', record });
        }
      }
    }
  }
  return out;
}

/** `eventName` → count, sorted by name. */
export function eventsByType(records: readonly { record: OtlpLogRecord }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { record } of records) {
    if (record.eventName) counts.set(record.eventName, (counts.get(record.eventName) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
}

const REDACTED = /\[REDACTED:([A-Z0-9_.]{1,40})\]/g;
const PSEUDONYM = /<([A-Za-z0-9_]{1,40}):[A-Za-z0-9_-]{1,16}:[A-Za-z0-9_-]{1,40}>/g;
const MASKED_CARD = /\*{4,}\d{4}/g;

/** Redaction markers by detector (`[REDACTED:TYPE]`, `<TYPE:kid:token>` pseudonyms, masked cards), counts only. */
export function redactionsByDetector(records: readonly { record: OtlpLogRecord }[]): [string, number][] {
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const visit = (v: OtlpAnyValue | undefined, depth: number) => {
    if (v === undefined || depth > 32) return;
    if (typeof v.stringValue === 'string') {
      for (const m of v.stringValue.matchAll(REDACTED)) bump(`${m[1]} (redacted)`);
      for (const m of v.stringValue.matchAll(PSEUDONYM)) bump(`${(m[1] ?? '').toUpperCase()} (hmac)`);
      for (const _ of v.stringValue.matchAll(MASKED_CARD)) bump('CREDIT_CARD (masked)');
    }
    for (const x of v.arrayValue?.values ?? []) visit(x, depth + 1);
    for (const kv of v.kvlistValue?.values ?? []) visit(kv.value, depth + 1);
  };
  for (const { record } of records) {
    visit(record.body, 0);
    for (const a of record.attributes ?? []) visit(a.value, 0);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
