import { createHash, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as digest from '../src/canonical/digest.js';
import { recordDigest, resourceDigestOfText } from '../src/canonical/digest.js';
import * as fromOtlp from '../src/canonical/from-otlp.js';
import { canonicalizeOtlpLogRecord, canonicalOtlpResourceText } from '../src/canonical/from-otlp.js';
import * as fromRecord from '../src/canonical/from-record.js';
import { canonicalizeLogRecord, canonicalResourceText } from '../src/canonical/from-record.js';
import * as sealAttributes from '../src/canonical/seal-attributes.js';
import { integrityAttributeKeys } from '../src/canonical/seal-attributes.js';
import * as tuple from '../src/canonical/tuple.js';
import * as compactRange from '../src/merkle/compact-range.js';
import { CompactRange } from '../src/merkle/compact-range.js';
import * as hash from '../src/merkle/hash.js';
import { leafHash } from '../src/merkle/hash.js';
import * as checkpointBody from '../src/note/checkpoint-body.js';
import { checkpointTextHash, formatCheckpointBody, parseCheckpointBody } from '../src/note/checkpoint-body.js';
import * as signedNote from '../src/note/signed-note.js';
import { signNote, verifyNote } from '../src/note/signed-note.js';
import * as signers from '../src/note/signers.js';
import { ed25519Signer, hmacSigner, hmacVerifier, parseVerifierKey } from '../src/note/signers.js';
import * as eventNames from '../src/records/event-names.js';
import * as streamBodies from '../src/records/stream-bodies.js';
import {
  formatGenesisBody,
  formatResourceSnapshotBody,
  parseGenesisBody,
  parseResourceSnapshotBody,
} from '../src/records/stream-bodies.js';
import { buildVectors, VECTOR_FILES } from '../test-vectors/generate-olcf1.mjs';
import { decodeJsRecord } from '../test-vectors/js-values.mjs';
import { decodeUtf8, expandRepeats, parseOtlpJson } from '../test-vectors/otlp-json.mjs';

type OtlpInput = { logRecord: Record<string, unknown>; scope?: Record<string, unknown>; schemaUrl?: string };
interface RecordCase {
  name: string;
  seal: { streamId: string; seq: string; resourceDigest: string };
  js?: Record<string, unknown>;
  otlp: OtlpInput[];
  otlpJson?: string[];
  otlpBytes?: string[];
  expect: {
    ok: boolean;
    reason?: string;
    canonical?: string;
    canonicalLength?: number;
    digest: string;
    leafHash: string;
  };
}
interface ResourceCase {
  name: string;
  js: Record<string, unknown>;
  jsDropped?: number;
  otlp: Record<string, unknown>;
  expect: { canonical: string; digest: string };
}
interface StreamBodyCase {
  name: string;
  kind: 'genesis' | 'resource';
  resource: { js: Record<string, unknown>; otlp: Record<string, unknown> };
  fields: Record<string, unknown> & { timeUnixNano?: string; resourceDigest: string; resourceText: string };
  text: string;
}
interface CheckpointCase {
  name: string;
  fields: Record<string, unknown> & {
    root: string;
    previousHash: string;
    timeUnixNano: string;
    monotonicNanos: string;
    treeSize: number;
    leafDigests?: string[];
    compactRange: string[];
  };
  text: string;
  textHash: string;
  signedEd25519: string;
  signedHmac: string;
  signedBoth: string;
}
interface CheckpointVectors {
  keys: {
    ed25519: { keyName: string; seed: string; publicKey: string; keyId: string; verifierKey: string };
    hmac: { keyName: string; key: string; keyId: string };
  };
  merkle: { leafDigests: string[]; leafHashes: string[]; roots: string[] };
  checkpoints: CheckpointCase[];
  rejected: { name: string; text: string }[];
}

const read = (name: string) => readFileSync(new URL(`../test-vectors/${name}`, import.meta.url), 'utf8');
const vectors = JSON.parse(read('olcf1.json')) as {
  namespace: string;
  records: RecordCase[];
  resources: ResourceCase[];
  streamBodies: StreamBodyCase[];
};
const cpVectors = JSON.parse(read('checkpoints.json')) as CheckpointVectors;
const keys = integrityAttributeKeys(vectors.namespace);
const unb64 = (s: string) => Buffer.from(s, 'base64');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** The package API built from the TypeScript sources (what the generator gets from dist when run by hand). */
const sourceLib = {
  ...digest,
  ...fromOtlp,
  ...fromRecord,
  ...sealAttributes,
  ...tuple,
  ...compactRange,
  ...hash,
  ...checkpointBody,
  ...signedNote,
  ...signers,
  ...eventNames,
  ...streamBodies,
};

describe('golden vector files', () => {
  it('equal the generator output for the current sources (regenerate when this fails)', async () => {
    const files = await buildVectors(sourceLib);
    for (const name of VECTOR_FILES) {
      expect(
        files[name] === read(name),
        `${name} is stale: pnpm exec tsc -b packages/integrity && node packages/integrity/test-vectors/generate-olcf1.mjs`,
      ).toBe(true);
    }
  }, 120_000);

  it('cover every point docs/spec resolves', () => {
    const names = new Set(vectors.records.map((r) => r.name));
    for (const n of [
      'int-2^53+2',
      'int-2^53+1-json-number',
      'int-2^60-json-number-as-js-writes-it',
      'int-1e21-as-double',
      'double-nan',
      'double-numeric-strings',
      'double-string-rejected',
      'empty-bigint',
      'bytes-base64-variants',
      'bytes-mixed-alphabets',
      'bytes-nonzero-trailing-bits',
      'bytes-rejected',
      'keys-astral-vs-private-use',
      'keys-duplicate-in-otlp',
      'string-lone-surrogate',
      'string-invalid-utf8',
      'depth-128',
      'depth-129',
      'depth-map-129',
      'depth-attribute-128',
      'depth-scope-attribute-129',
      'values-1000000',
      'values-1000001',
      'cycle',
      'flags-bit-8',
      'flags-outside-uint32',
      'time-outside-uint64',
      'scope-dropped-attributes-count-not-hashed',
      'namespace-attributes-hashed',
      'integrity-genesis',
      'integrity-resource-snapshot',
      'record-ids-all-zero',
    ]) {
      expect(names, n).toContain(n);
    }
    const reasons = new Set(vectors.records.filter((r) => !r.expect.ok).map((r) => r.expect.reason));
    for (const r of tuple.UNVERIFIABLE_REASONS.filter((x) => x !== 'internal-error')) expect(reasons, r).toContain(r);
  });
});

describe('OLCF-1 record vectors (test-vectors/olcf1.json)', () => {
  for (const c of vectors.records) {
    it(`${c.name}: every input gives the expected canonical bytes, digest and leaf hash`, () => {
      const e = c.expect;
      if (e.canonical !== undefined) {
        const d = createHash('sha256').update(Buffer.from(e.canonical, 'utf8')).digest();
        expect(d.toString('base64')).toBe(e.digest);
        expect(leafHash(d).toString('hex')).toBe(e.leafHash);
      }
      expect(leafHash(unb64(e.digest)).toString('hex')).toBe(e.leafHash);
      const check = (form: { ok: boolean; reason?: string; text: string }, where: string) => {
        if (e.canonical !== undefined) expect(form.text, where).toBe(e.canonical);
        else expect(Buffer.byteLength(form.text, 'utf8'), where).toBe(e.canonicalLength);
        expect(recordDigest(form.text).toString('base64'), where).toBe(e.digest);
        expect(form.ok, where).toBe(e.ok);
        expect(form.reason, where).toBe(e.reason);
      };
      const fromInput = (o: OtlpInput) =>
        canonicalizeOtlpLogRecord(o.logRecord, {
          ...c.seal,
          scope: o.scope,
          scopeSchemaUrl: o.schemaUrl,
          namespace: vectors.namespace,
        });
      let inputs = 0;
      if (c.js) {
        check(canonicalizeLogRecord(decodeJsRecord(c.js), { ...c.seal, excludeAttributes: keys.all }), 'js');
        inputs++;
      }
      c.otlp.forEach((o, i) => {
        check(fromInput(expandRepeats(o) as OtlpInput), `otlp[${i}]`);
        inputs++;
      });
      c.otlpJson?.forEach((t, i) => {
        check(fromInput(parseOtlpJson(t) as OtlpInput), `otlpJson[${i}]`);
        inputs++;
      });
      c.otlpBytes?.forEach((b, i) => {
        check(fromInput(parseOtlpJson(decodeUtf8(unb64(b))) as OtlpInput), `otlpBytes[${i}]`);
        inputs++;
      });
      expect(inputs).toBeGreaterThan(0);
    });
  }

  for (const r of vectors.resources) {
    it(`${r.name}: JS and OTLP resources give the expected canonical text and digest`, () => {
      expect(canonicalResourceText(r.js, r.jsDropped ?? 0)).toBe(r.expect.canonical);
      expect(canonicalOtlpResourceText(r.otlp)).toBe(r.expect.canonical);
      expect(resourceDigestOfText(r.expect.canonical)).toBe(r.expect.digest);
    });
  }
});

describe('genesis and resource-snapshot bodies (olcf1.json streamBodies)', () => {
  for (const b of vectors.streamBodies) {
    it(`${b.name}: formats byte for byte and parses back`, () => {
      expect(canonicalResourceText(b.resource.js)).toBe(b.fields.resourceText);
      expect(canonicalOtlpResourceText(b.resource.otlp)).toBe(b.fields.resourceText);
      expect(resourceDigestOfText(b.fields.resourceText)).toBe(b.fields.resourceDigest);
      if (b.kind === 'genesis') {
        const fields = { ...b.fields, timeUnixNano: BigInt(b.fields.timeUnixNano!) } as never;
        expect(formatGenesisBody(fields)).toBe(b.text);
        expect(parseGenesisBody(b.text)).toMatchObject(fields);
      } else {
        expect(formatResourceSnapshotBody(b.fields as never)).toBe(b.text);
        expect(parseResourceSnapshotBody(b.text)).toMatchObject(b.fields);
      }
    });
  }

  it('seal each integrity record with the digest its own body announces', () => {
    for (const [record, body] of [
      ['integrity-genesis', 'genesis'],
      ['integrity-resource-snapshot', 'resource-snapshot'],
    ] as const) {
      const r = vectors.records.find((x) => x.name === record)!;
      const b = vectors.streamBodies.find((x) => x.name === body)!;
      expect(r.seal.resourceDigest).toBe(b.fields.resourceDigest);
      expect(r.expect.canonical).toContain(JSON.stringify(b.text));
    }
  });
});

describe('checkpoint vectors (test-vectors/checkpoints.json)', () => {
  const { keys: k, merkle } = cpVectors;
  const seed = unb64(k.ed25519.seed);
  const edKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const ed = ed25519Signer(edKey, { keyName: k.ed25519.keyName });
  const hmac = hmacSigner(unb64(k.hmac.key), { keyName: k.hmac.keyName });

  it('derive the published key IDs and verifier key', () => {
    expect(b64(ed.publicKey()!)).toBe(k.ed25519.publicKey);
    expect(ed.keyId.toString(16).padStart(8, '0')).toBe(k.ed25519.keyId);
    expect(ed.verifierKey).toBe(k.ed25519.verifierKey);
    expect(hmac.keyId.toString(16).padStart(8, '0')).toBe(k.hmac.keyId);
  });

  it('give the RFC 6962 leaf hashes and roots', () => {
    const range = new CompactRange();
    expect(b64(range.root())).toBe(merkle.roots[0]);
    merkle.leafDigests.forEach((d, i) => {
      expect(b64(leafHash(unb64(d)))).toBe(merkle.leafHashes[i]);
      range.appendDigest(unb64(d));
      expect(b64(range.root()), `size ${i + 1}`).toBe(merkle.roots[i + 1]);
    });
  });

  let previous = b64(Buffer.alloc(32));
  for (const c of cpVectors.checkpoints) {
    it(`${c.name}: formats, parses, chains and signs byte for byte`, async () => {
      const f = c.fields;
      const body = {
        ...f,
        root: unb64(f.root),
        previousHash: unb64(f.previousHash),
        timeUnixNano: BigInt(f.timeUnixNano),
        monotonicNanos: BigInt(f.monotonicNanos),
        ...(f.leafDigests ? { leafDigests: f.leafDigests.map(unb64) } : {}),
        compactRange: f.compactRange.map(unb64),
      };
      expect(formatCheckpointBody(body as never)).toBe(c.text);
      expect(parseCheckpointBody(c.text)).toEqual(body);
      expect(f.previousHash).toBe(previous);
      expect(b64(checkpointTextHash(c.text))).toBe(c.textHash);
      previous = c.textHash;
      expect(f.root).toBe(merkle.roots[f.treeSize]);
      const nodes = CompactRange.fromNodes(f.treeSize, f.compactRange.map(unb64));
      expect(b64(nodes.root())).toBe(f.root);
      expect(await signNote(c.text, [ed])).toBe(c.signedEd25519);
      expect(await signNote(c.text, [hmac])).toBe(c.signedHmac);
      expect(await signNote(c.text, [ed, hmac])).toBe(c.signedBoth);
      const edVerifier = parseVerifierKey(k.ed25519.verifierKey);
      const hmacV = hmacVerifier(unb64(k.hmac.key), { keyName: k.hmac.keyName });
      expect(verifyNote(c.signedEd25519, [edVerifier])).toMatchObject({ ok: true, text: c.text });
      expect(verifyNote(c.signedHmac, [hmacV])).toMatchObject({ ok: true, text: c.text });
      expect(verifyNote(c.signedBoth, [edVerifier, hmacV])).toMatchObject({
        ok: true,
        verifiedBy: [ed.keyName, hmac.keyName],
      });
    });
  }

  for (const r of cpVectors.rejected) {
    it(`rejects ${r.name}`, () => {
      expect(() => parseCheckpointBody(r.text)).toThrow();
    });
  }
});
