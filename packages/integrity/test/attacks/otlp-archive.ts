/**
 * Test helpers that turn what a real LoggerProvider + IntegrityProcessor exported into OTLP/JSON-lines archives, in
 * the two encodings the verifier must accept: the JS SDK's (`JsonLogsSerializer`: ints as JSON numbers) and the
 * collector file exporter's (int64 as decimal strings, uppercase hex ids, URL-safe unpadded base64, "NaN" strings,
 * ResourceLogs regrouped), and that edit archives the way an attacker would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** One exported batch (what one `export()` call received), kept in export order. */
export type Batch = readonly ReadableLogRecord[];

/** An `ExportLogsServiceRequest` as plain JSON. */
export type OtlpRequest = { resourceLogs: Json[] };
// biome-ignore lint/suspicious/noExplicitAny: test helper edits arbitrary parsed JSON
export type Json = any;

/** Serializes one batch with the JS SDK's OTLP/JSON serializer and parses it back to plain JSON. */
export function jsRequest(batch: Batch): OtlpRequest {
  const bytes = JsonLogsSerializer.serializeRequest(batch as ReadableLogRecord[]);
  if (!bytes) throw new Error('serializer returned nothing');
  return JSON.parse(new TextDecoder().decode(bytes)) as OtlpRequest;
}

/** Re-encodes a JS-style request the way the collector's pdata JSON marshaller would (docs/spec/otlp-json-input.md#what-exporters-write). */
export function collectorStyle(req: OtlpRequest): OtlpRequest {
  const out = structuredClone(req) as OtlpRequest;
  const anyValue = (v: Json): void => {
    if (!v || typeof v !== 'object') return;
    if (typeof v.intValue === 'number') v.intValue = BigInt(v.intValue).toString();
    if (typeof v.doubleValue === 'number' && !Number.isFinite(v.doubleValue)) v.doubleValue = String(v.doubleValue);
    if (typeof v.bytesValue === 'string')
      v.bytesValue = v.bytesValue.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    if (v.arrayValue?.values) for (const x of v.arrayValue.values) anyValue(x);
    if (v.kvlistValue?.values) for (const kv of v.kvlistValue.values) anyValue(kv.value);
  };
  for (const rl of out.resourceLogs) {
    for (const kv of rl.resource?.attributes ?? []) anyValue(kv.value);
    for (const sl of rl.scopeLogs ?? []) {
      for (const kv of sl.scope?.attributes ?? []) anyValue(kv.value);
      for (const lr of sl.logRecords ?? []) {
        for (const k of ['timeUnixNano', 'observedTimeUnixNano']) if (lr[k] !== undefined) lr[k] = String(lr[k]);
        if (typeof lr.traceId === 'string') lr.traceId = lr.traceId.toUpperCase();
        if (typeof lr.spanId === 'string') lr.spanId = lr.spanId.toUpperCase();
        anyValue(lr.body);
        for (const kv of lr.attributes ?? []) anyValue(kv.value);
      }
    }
  }
  return out;
}

/**
 * Regroups requests like a collector batch processor: all records of all requests re-split into requests of
 * `perRequest` records, one ResourceLogs per record (a legal, maximally fragmented grouping), in reverse order.
 */
export function regroup(reqs: readonly OtlpRequest[], perRequest: number): OtlpRequest[] {
  const flat: Json[] = [];
  for (const req of reqs)
    for (const rl of req.resourceLogs)
      for (const sl of rl.scopeLogs ?? [])
        for (const lr of sl.logRecords ?? [])
          flat.push({
            resource: rl.resource,
            schemaUrl: rl.schemaUrl,
            scopeLogs: [{ scope: sl.scope, schemaUrl: sl.schemaUrl, logRecords: [lr] }],
          });
  flat.reverse();
  const out: OtlpRequest[] = [];
  for (let i = 0; i < flat.length; i += perRequest) out.push({ resourceLogs: flat.slice(i, i + perRequest) });
  return out;
}

/** Every log record of a set of requests, with its place (for attacks that edit or remove records). */
export function* logRecords(reqs: readonly OtlpRequest[]): Generator<{ lr: Json; remove: () => void }> {
  for (const req of reqs)
    for (const rl of req.resourceLogs)
      for (const sl of rl.scopeLogs ?? []) {
        const list: Json[] = sl.logRecords ?? [];
        for (const lr of [...list]) yield { lr, remove: () => list.splice(list.indexOf(lr), 1) };
      }
}

/** Reads an OTLP attribute value (`{key, value}` list) by key. */
export function attr(lr: Json, key: string): Json {
  return lr.attributes?.find((kv: Json) => kv.key === key)?.value;
}

/** A temp directory outside the repo for archive files; `cleanup()` removes it. */
export function tempArchiveDir(): {
  dir: string;
  write: (name: string, reqs: readonly OtlpRequest[], gzip?: boolean) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'seclog-verify-'));
  return {
    dir,
    write: (name, reqs, gzip = false) => {
      const text = `${reqs.map((r) => JSON.stringify(r)).join('\n')}\n`;
      const p = join(dir, name);
      writeFileSync(p, gzip ? gzipSync(text) : text);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
