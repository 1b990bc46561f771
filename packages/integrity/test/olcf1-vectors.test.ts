import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordDigest, resourceDigestOfText } from '../src/canonical/digest.js';
import { canonicalizeOtlpLogRecord, canonicalOtlpResourceText } from '../src/canonical/from-otlp.js';
import { canonicalizeLogRecord, canonicalResourceText } from '../src/canonical/from-record.js';
import { integrityAttributeKeys } from '../src/canonical/seal-attributes.js';
import { leafHash } from '../src/merkle/hash.js';
import { decodeJsRecord } from '../test-vectors/js-values.mjs';

interface RecordCase {
  name: string;
  seal: { streamId: string; seq: string; resourceDigest: string };
  js?: Record<string, unknown>;
  otlp: { logRecord: Record<string, unknown>; scope?: Record<string, unknown>; schemaUrl?: string }[];
  expect: { ok: boolean; reason?: string; canonical: string; digest: string; leafHash: string };
}
interface ResourceCase {
  name: string;
  js: Record<string, unknown>;
  otlp: Record<string, unknown>;
  expect: { canonical: string; digest: string };
}

const vectors = JSON.parse(readFileSync(new URL('../test-vectors/olcf1.json', import.meta.url), 'utf8')) as {
  namespace: string;
  records: RecordCase[];
  resources: ResourceCase[];
};
const keys = integrityAttributeKeys(vectors.namespace);

describe('OLCF-1 golden vectors (test-vectors/olcf1.json)', () => {
  it('cover the edge cases of the design (§12, 26–33)', () => {
    const names = vectors.records.map((r) => r.name);
    for (const n of [
      'int-2^53+2',
      'int-1e21-as-double',
      'double-nan',
      'empty-bigint',
      'bytes-base64-variants',
      'keys-astral-vs-private-use',
      'keys-duplicate-in-otlp',
      'string-lone-surrogate',
      'depth-128',
      'depth-129',
      'cycle',
      'record-ids-all-zero',
    ]) {
      expect(names).toContain(n);
    }
  });

  for (const c of vectors.records) {
    it(`${c.name}: every producer gives the expected canonical bytes, digest and leaf hash`, () => {
      const d = createHash('sha256').update(Buffer.from(c.expect.canonical, 'utf8')).digest();
      expect(d.toString('base64')).toBe(c.expect.digest);
      expect(recordDigest(c.expect.canonical).toString('base64')).toBe(c.expect.digest);
      expect(leafHash(d).toString('hex')).toBe(c.expect.leafHash);
      let producers = 0;
      if (c.js) {
        const form = canonicalizeLogRecord(decodeJsRecord(c.js), { ...c.seal, excludeAttributes: keys.all });
        expect(form.text).toBe(c.expect.canonical);
        expect(form.ok).toBe(c.expect.ok);
        producers++;
      }
      for (const o of c.otlp) {
        const form = canonicalizeOtlpLogRecord(o.logRecord, {
          ...c.seal,
          scope: o.scope,
          scopeSchemaUrl: o.schemaUrl,
          namespace: vectors.namespace,
        });
        expect(form.text).toBe(c.expect.canonical);
        expect(form.reason).toBe(c.expect.reason);
        producers++;
      }
      expect(producers).toBeGreaterThan(0);
    });
  }

  for (const r of vectors.resources) {
    it(`${r.name}: JS and OTLP resources give the expected canonical text and digest`, () => {
      expect(canonicalResourceText(r.js)).toBe(r.expect.canonical);
      expect(canonicalOtlpResourceText(r.otlp)).toBe(r.expect.canonical);
      expect(resourceDigestOfText(r.expect.canonical)).toBe(r.expect.digest);
    });
  }
});
