/**
 * Lines that the verifier and a Collector-based consumer would read differently (docs/spec/otlp-json-input.md, "JSON").
 * The Collector's reader keeps every copy of a repeated list member and takes `snake_case` names for the OTLP fields;
 * `JSON.parse` keeps the last copy and the spec reads only lowerCamelCase names. Each edit below once verified "all
 * valid" while the Collector read added attributes, records or another event name: now the line is refused as
 * ambiguous and its sealed records go missing, so the verdict cannot be clean.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArchive } from '../../src/verify/verify-archive.js';
import { NS } from './archive-edits.js';
import { ed25519Keys, type ProducerKeys, produce, toRequests } from './producer.js';

let keys: ProducerKeys;
let records: ReadableLogRecord[];
let dir: string;

beforeAll(async () => {
  keys = ed25519Keys();
  records = await produce({ signer: keys.signer, records: 12, maxRecords: 4 });
  dir = mkdtempSync(join(tmpdir(), 'seclog-differential-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The archive as JSON lines, one request of 3 records each, as the JS exporter writes them. */
function lines(): string[] {
  return toRequests(records, 'js', 3).map((r) => JSON.stringify(r));
}

/** Index of the first line holding a sealed record (not only checkpoints). */
function firstSealedLine(all: string[]): number {
  return all.findIndex((l) => l.includes(`"${NS}.seq"`));
}

async function verifyLines(name: string, all: string[]) {
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, `${all.join('\n')}\n`);
  return verifyArchive([path], { trust: { publicKeys: [keys.publicKey] } });
}

describe('a line other OTLP/JSON readers would read differently is not evidence', () => {
  it('the unedited archive verifies (baseline)', async () => {
    const report = await verifyLines('clean', lines());
    expect(report.verdict).toBe('valid');
  });

  it.each([
    [
      'a second "attributes" member before the real one (the Collector appends both lists)',
      (l: string) =>
        l.replace('"attributes":[', '"attributes":[{"key":"admin","value":{"boolValue":true}}],"attributes":['),
      'repeats a member name',
    ],
    [
      'a second "logRecords" member holding a forged record',
      (l: string) =>
        l.replace(
          '"logRecords":[',
          '"logRecords":[{"severityText":"ERROR","body":{"stringValue":"FORGED"}}],"logRecords":[',
        ),
      'repeats a member name',
    ],
    [
      'a second top-level "resourceLogs" member',
      (l: string) =>
        l.replace(/^\{/, '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"F"}}]}]}],'),
      'repeats a member name',
    ],
    [
      'snake_case "event_name" and "severity_text" added to a sealed record',
      (l: string) =>
        l.replace(/"logRecords":\[\{/, '"logRecords":[{"event_name":"user.login","severity_text":"FATAL",'),
      'snake_case member name',
    ],
    [
      '"string_value" inside an AnyValue that already has "stringValue"',
      (l: string) => l.replace('{"stringValue":', '{"string_value":"mallory","stringValue":'),
      'snake_case member name',
    ],
    [
      'a second "attributes" member in a sealed log record',
      (l: string) =>
        l.replace(
          /"logRecords":\[\{/,
          '"logRecords":[{"attributes":[{"key":"approved_by","value":{"stringValue":"root"}}],',
        ),
      'repeats a member name',
    ],
    [
      '"string_value" in the body of a sealed log record',
      (l: string) => l.replace(/("logRecords":\[\{[\s\S]*?"body":\{)/, '$1"string_value":"mallory",'),
      'snake_case member name',
    ],
    [
      'a second resource "attributes" member',
      (l: string) =>
        l.replace('"resource":{', '"resource":{"attributes":[{"key":"host.name","value":{"stringValue":"evil"}}],'),
      'repeats a member name',
    ],
    [
      'a repeated member spelled with a \\u escape',
      (l: string) => l.replace('"attributes":[', '"attributes":[],"attr\\u0069butes":['),
      'repeats a member name',
    ],
  ])('%s → CORRUPT-LINE, its sealed records MISSING, verdict not valid', async (_what, edit, detail) => {
    const all = lines();
    const at = firstSealedLine(all);
    const edited = edit(all[at] as string);
    expect(edited).not.toBe(all[at]);
    all[at] = edited;
    const report = await verifyLines(`edit-${at}-${detail.length}`, all);
    expect(report.verdict).not.toBe('valid');
    const corrupt = report.input.findings.filter((f) => f.status === 'CORRUPT-LINE');
    expect(corrupt).toHaveLength(1);
    expect(corrupt[0]?.detail).toContain(detail);
    const missing = report.streams.flatMap((s) => s.findings.filter((f) => f.status === 'MISSING'));
    expect(missing.length).toBeGreaterThan(0);
  });

  it('keeps accepting unknown lowerCamelCase members (forward compatibility)', async () => {
    const all = lines();
    const at = firstSealedLine(all);
    all[at] = (all[at] as string).replace(/"logRecords":\[\{/, '"logRecords":[{"futureField":1,');
    const report = await verifyLines('unknown-camel', all);
    expect(report.verdict).toBe('valid');
  });
});
