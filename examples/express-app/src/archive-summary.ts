// Reads an OTLP/JSON-lines archive (collector file exporter format) and summarises it for the demo: security events
// by type. Counts only: no value is ever printed.
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
