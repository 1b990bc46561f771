/**
 * Conformance of @seclog/integrity with independent implementations: golang.org/x/mod/sumdb/tlog (RFC 6962 tree
 * heads and proofs), golang.org/x/mod/sumdb/note (C2SP signed notes), and a Go implementation of OLCF-1, the
 * checkpoint text and the stream bodies written from docs/spec alone, driven through the Go program in ./go.
 * Go is required. Without it the suite fails with a clear message, unless SECLOG_SKIP_GO_CONFORMANCE=1 is set, in
 * which case it logs that conformance was NOT checked.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, mkdtempSync as mkTemp, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  CompactRange,
  consistencyProof,
  ed25519Signer,
  ed25519Verifier,
  formatCheckpointBody,
  IntegrityProcessor,
  inclusionProof,
  leafHash,
  merkleRoot,
  type NoteSigner,
  parseCheckpointBody,
  parseSignedNote,
  parseVerifierKey,
  signNote,
  verifyArchive,
  verifyConsistency,
  verifyInclusion,
  verifyNote,
  ZERO_HASH,
} from '@seclog/integrity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const skip = process.env.SECLOG_SKIP_GO_CONFORMANCE === '1';
const goDir = join(import.meta.dirname, 'go');
let binDir: string | undefined;
let binary: string | undefined;
let setupError: string | undefined;

function goEnv(): NodeJS.ProcessEnv {
  // Build cache outside the repo, shared between runs so CI does not rebuild the Go standard library every time.
  const cache = join(tmpdir(), 'seclog-go-conformance-cache');
  mkdirSync(cache, { recursive: true });
  return { ...process.env, GOFLAGS: '-mod=mod', GOCACHE: process.env.GOCACHE ?? cache, GOTOOLCHAIN: 'local' };
}

beforeAll(() => {
  if (skip) {
    console.warn('SECLOG_SKIP_GO_CONFORMANCE=1: Go conformance was NOT checked (RFC 6962 / signed-note interop).');
    return;
  }
  const version = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    setupError =
      'Go is required for the conformance tests (test/conformance): install Go >= 1.26 and put `go` on PATH, ' +
      'or set SECLOG_SKIP_GO_CONFORMANCE=1 to skip them explicitly.';
    return;
  }
  binDir = mkdtempSync(join(tmpdir(), 'seclog-go-conformance-'));
  binary = join(binDir, 'conformance');
  const build = spawnSync('go', ['build', '-o', binary, '.'], { cwd: goDir, env: goEnv(), encoding: 'utf8' });
  if (build.status !== 0) setupError = `go build failed in ${goDir}:\n${build.stderr}`;
}, 300_000);

afterAll(() => {
  if (binDir) rmSync(binDir, { recursive: true, force: true });
});

/** Runs one Go command with a JSON request (a string is sent as is); fails the test with Go's stderr on error. */
export function runGo<T>(command: string, request: unknown): T {
  if (setupError) throw new Error(setupError);
  const r: SpawnSyncReturns<string> = spawnSync(binary!, [command], {
    input: typeof request === 'string' ? request : JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`conformance ${command} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** True when the suite was explicitly told to skip Go (logged in beforeAll). */
export function skipped(): boolean {
  return skip;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

describe('RFC 6962 Merkle log vs golang.org/x/mod/sumdb/tlog', () => {
  const digests = Array.from({ length: 70 }, () => randomBytes(32));
  const leaves = digests.map((d) => leafHash(d));
  const inclusion: [number, number][] = [];
  const consistency: [number, number][] = [];
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 64, 70]) {
    for (const i of new Set([0, Math.floor(n / 2), n - 1])) inclusion.push([i, n]);
    for (const m of new Set([1, Math.max(1, n - 1), Math.ceil(n / 3), n])) consistency.push([m, n]);
  }

  type TlogResponse = {
    leafHashes: string[];
    roots: string[];
    inclusion: { a: number; b: number; proof: string[] | null }[];
    consistency: { a: number; b: number; proof: string[] | null }[];
  };
  let go: TlogResponse | undefined;
  const goResult = () => {
    go ??= runGo<TlogResponse>('tlog', { digests: digests.map(b64), inclusion, consistency });
    return go;
  };

  it('computes the same leaf hashes and the same root at every tree size 0..70', () => {
    if (skipped()) return;
    const g = goResult();
    expect(g.leafHashes).toEqual(leaves.map(b64));
    for (let n = 0; n <= digests.length; n++) expect(b64(merkleRoot(leaves.slice(0, n))), `size ${n}`).toBe(g.roots[n]);
  });

  it('produces byte-identical inclusion proofs, and accepts Go proofs', () => {
    if (skipped()) return;
    const g = goResult();
    for (const p of g.inclusion) {
      const ours = inclusionProof(p.a, leaves.slice(0, p.b)).map(b64);
      expect(ours, `leaf ${p.a} in size ${p.b}`).toEqual(p.proof ?? []);
      const root = unb64(g.roots[p.b]!);
      expect(verifyInclusion(leaves[p.a]!, p.a, p.b, (p.proof ?? []).map(unb64), root)).toBe(true);
    }
  });

  it('produces byte-identical consistency proofs, and accepts Go proofs', () => {
    if (skipped()) return;
    const g = goResult();
    for (const p of g.consistency) {
      const ours = consistencyProof(p.a, leaves.slice(0, p.b)).map(b64);
      expect(ours, `size ${p.a} → ${p.b}`).toEqual(p.proof ?? []);
      const ok = verifyConsistency(p.a, p.b, unb64(g.roots[p.a]!), unb64(g.roots[p.b]!), (p.proof ?? []).map(unb64));
      expect(ok, `size ${p.a} → ${p.b}`).toBe(true);
    }
  });

  it('rejects a Go proof with one hash flipped (every element is checked)', () => {
    if (skipped()) return;
    const g = goResult();
    const p = g.inclusion.find((x) => (x.proof?.length ?? 0) >= 3)!;
    const proof = p.proof!.map(unb64);
    proof[1] = Buffer.from(proof[1]!.map((b, i) => (i === 0 ? b ^ 1 : b)));
    expect(verifyInclusion(leaves[p.a]!, p.a, p.b, proof, unb64(g.roots[p.b]!))).toBe(false);
  });
});

type NoteOpen = { ok: boolean; error?: string; text?: string; verified?: string[] };
type NoteSign = { signerKey: string; verifierKey: string; publicKey: string; note: string };

/** A checkpoint text for a tree over `n` random digests, with every extension line the producer writes. */
function checkpointText(n: number, final: boolean): string {
  const range = new CompactRange();
  const digests = Array.from({ length: n }, () => randomBytes(32));
  for (const d of digests) range.appendDigest(d);
  return formatCheckpointBody({
    namespace: 'seclog.integrity',
    streamId: 'rCJRkNXHq0aQb8Yq1qK3mA',
    treeSize: n,
    root: range.root(),
    index: 3,
    timeUnixNano: 1795681643800000000n,
    monotonicNanos: 15000000000n,
    epoch: 0,
    previousHash: ZERO_HASH,
    rangeStart: 0,
    rangeEnd: n,
    leafDigests: digests,
    compactRange: range.nodes(),
    final,
  });
}

describe('C2SP checkpoint notes vs golang.org/x/mod/sumdb/note', () => {
  it('Go opens our Ed25519-signed checkpoint notes with the verifier key we derive (same key ID)', async () => {
    if (skipped()) return;
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = ed25519Signer(privateKey, { keyName: 'checkout.example/seclog' });
    for (const [n, final] of [
      [1, false],
      [37, false],
      [128, true],
    ] as const) {
      const text = checkpointText(n, final);
      const note = await signNote(text, [signer]);
      const go = runGo<NoteOpen>('note-open', { verifierKeys: [signer.verifierKey], note });
      expect(go, `size ${n}`).toEqual({ ok: true, text, verified: ['checkout.example/seclog'] });
    }
  });

  it('Go rejects our note when one byte of the text changes', async () => {
    if (skipped()) return;
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = ed25519Signer(privateKey, { keyName: 'checkout.example/seclog' });
    const note = await signNote(checkpointText(5, false), [signer]);
    const tampered = note.replace('\nk 3\n', '\nk 4\n');
    const go = runGo<NoteOpen>('note-open', { verifierKeys: [signer.verifierKey], note: tampered });
    expect(go.ok).toBe(false);
    expect(go.error).toMatch(/invalid signature|verification/i);
  });

  it('we accept a checkpoint note signed by a Go-generated key, and reject it under another key', () => {
    if (skipped()) return;
    const text = checkpointText(9, true);
    const go = runGo<NoteSign>('note-sign', { keyName: 'go.example/witness', text });
    // Through the vkey string Go prints, and through the raw public key (as a verifier configured with a key file).
    const viaVkey = verifyNote(go.note, [parseVerifierKey(go.verifierKey)]);
    expect(viaVkey).toMatchObject({ ok: true, text, verifiedBy: ['go.example/witness'] });
    const viaRaw = verifyNote(go.note, [
      ed25519Verifier(Buffer.from(go.publicKey, 'base64'), { keyName: 'go.example/witness' }),
    ]);
    expect(viaRaw.ok).toBe(true);
    expect(parseCheckpointBody(text).final).toBe(true);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyNote(go.note, [ed25519Verifier(other, { keyName: 'go.example/witness' })]).ok).toBe(false);
  });
});

/** A checkpoint signer whose signatures are made by Go's note.Sign with a Go-generated Ed25519 key. */
function goSigner(keyName: string): { signer: NoteSigner; publicKey: Buffer } {
  const keygen = runGo<NoteSign>('note-sign', { keyName, text: 'keygen\n' });
  const keyId = Number.parseInt(keygen.verifierKey.split('+')[1]!, 16);
  const signer: NoteSigner = {
    keyName,
    keyId,
    algorithm: 'ed25519',
    publicKey: () => Buffer.from(keygen.publicKey, 'base64'),
    sign: async (text) => {
      const signed = runGo<NoteSign>('note-sign', {
        keyName,
        signerKey: keygen.signerKey,
        text: Buffer.from(text).toString('utf8'),
      });
      const [sig] = parseSignedNote(signed.note).signatures;
      if (!sig || sig.keyId !== keyId) throw new Error('Go signed with an unexpected key');
      return sig.signature;
    },
  };
  return { signer, publicKey: Buffer.from(keygen.publicKey, 'base64') };
}

describe('a sealed stream whose checkpoints Go signs', () => {
  it('verifies with verifyArchive given only the Go key (as a raw public key turned into a KeyObject)', async () => {
    if (skipped()) return;
    const { signer, publicKey } = goSigner('go.example/producer');
    const exported: ReadableLogRecord[] = [];
    const processor = new IntegrityProcessor({
      exporter: {
        export: (records, done) => {
          exported.push(...records);
          done({ code: ExportResultCode.SUCCESS });
        },
        shutdown: async () => {},
        forceFlush: async () => {},
      },
      signer,
      checkpoint: { maxRecords: 8, maxIntervalMs: 3_600_000, heartbeatMs: 3_600_000 },
    });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'go-signed' }),
      processors: [processor],
    });
    const logger = provider.getLogger('conformance');
    for (let i = 0; i < 20; i++) logger.emit({ body: `record ${i}`, attributes: { i } });
    await provider.shutdown();
    await new Promise((r) => setImmediate(r));
    const dir = mkTemp(join(tmpdir(), 'seclog-go-archive-'));
    try {
      const file = join(dir, 'archive.jsonl');
      writeFileSync(file, `${new TextDecoder().decode(JsonLogsSerializer.serializeRequest(exported))}\n`);
      const { createPublicKey } = await import('node:crypto');
      const key = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') },
        format: 'jwk',
      });
      const report = await verifyArchive([file], { trust: { publicKeys: [key] } });
      expect(report.verdict).toBe('valid');
      expect(report.streams[0]!.records).toEqual({ VALID: 21 });
      expect(report.streams[0]!.finalCheckpoint).toBe(true);
      const other = generateKeyPairSync('ed25519').publicKey;
      expect((await verifyArchive([file], { trust: { publicKeys: [other] } })).verdict).toBe('failed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const vectorFile = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../packages/integrity/test-vectors', name), 'utf8');

type GoInput = {
  input: string;
  ok: boolean;
  reason?: string;
  canonical?: string;
  canonicalLength: number;
  digest: string;
  leafHash: string;
};
type GoOlcf1 = {
  records: { name: string; inputs: GoInput[] | null }[];
  resources: { name: string; canonical?: string; digest?: string; error?: string }[];
  streamBodies: { name: string; text: string; resourceText: string; resourceDigest: string }[];
};

describe('OLCF-1 vectors vs a Go implementation written from docs/spec', () => {
  const text = vectorFile('olcf1.json');
  const vectors = JSON.parse(text) as {
    records: {
      name: string;
      otlp: unknown[];
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
    }[];
    resources: { name: string; expect: { canonical: string; digest: string } }[];
    streamBodies: { name: string; text: string; fields: { resourceText: string; resourceDigest: string } }[];
  };
  let go: GoOlcf1 | undefined;
  const goResult = () => {
    go ??= runGo<GoOlcf1>('olcf1', text);
    return go;
  };

  it('computes the canonical bytes, record digest and leaf hash of every OTLP/JSON input', () => {
    if (skipped()) return;
    const g = goResult();
    expect(g.records.map((r) => r.name)).toEqual(vectors.records.map((r) => r.name));
    let checked = 0;
    vectors.records.forEach((c, i) => {
      const inputs = g.records[i]!.inputs ?? [];
      expect(inputs.length, c.name).toBe(c.otlp.length + (c.otlpJson?.length ?? 0) + (c.otlpBytes?.length ?? 0));
      for (const got of inputs) {
        const where = `${c.name} ${got.input}`;
        const e = c.expect;
        if (e.canonical !== undefined) expect(got.canonical, where).toBe(e.canonical);
        else expect(got.canonicalLength, where).toBe(e.canonicalLength);
        expect({ ok: got.ok, reason: got.reason, digest: got.digest, leafHash: got.leafHash }, where).toEqual({
          ok: e.ok,
          reason: e.reason,
          digest: e.digest,
          leafHash: e.leafHash,
        });
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(200);
  }, 120_000);

  it('computes every resource digest and formats the genesis and resource-snapshot bodies byte for byte', () => {
    if (skipped()) return;
    const g = goResult();
    vectors.resources.forEach((r, i) => {
      expect(g.resources[i], r.name).toEqual({ name: r.name, canonical: r.expect.canonical, digest: r.expect.digest });
    });
    vectors.streamBodies.forEach((b, i) => {
      expect(g.streamBodies[i], b.name).toEqual({
        name: b.name,
        text: b.text,
        resourceText: b.fields.resourceText,
        resourceDigest: b.fields.resourceDigest,
      });
    });
  }, 120_000);
});

type GoCheckpoints = {
  ed25519: { publicKey: string; keyId: string; verifierKey: string };
  hmacKeyId: string;
  leafHashes: string[];
  roots: string[];
  checkpoints: {
    name: string;
    text: string;
    parsed: Record<string, unknown>;
    parseError?: string;
    textHash: string;
    root: string;
    compactRange: string[];
    signedEd25519: string;
    signedHmac: string;
    signedBoth: string;
    goNoteOpen: boolean;
    goNoteText: string;
  }[];
  rejected: { name: string; error: string }[];
};

describe('checkpoint vectors vs a Go implementation written from docs/spec', () => {
  const text = vectorFile('checkpoints.json');
  const v = JSON.parse(text) as {
    keys: { ed25519: { publicKey: string; keyId: string; verifierKey: string }; hmac: { keyId: string } };
    merkle: { leafHashes: string[]; roots: string[] };
    checkpoints: {
      name: string;
      fields: Record<string, unknown>;
      text: string;
      textHash: string;
      signedEd25519: string;
      signedHmac: string;
      signedBoth: string;
    }[];
    rejected: { name: string }[];
  };

  it('derives the key IDs, leaf hashes, roots, texts, compact ranges and signatures, and parses every checkpoint', () => {
    if (skipped()) return;
    const g = runGo<GoCheckpoints>('checkpoints', text);
    const { publicKey, keyId, verifierKey } = v.keys.ed25519;
    expect(g.ed25519).toEqual({ publicKey, keyId, verifierKey });
    expect(g.hmacKeyId).toBe(v.keys.hmac.keyId);
    expect(g.leafHashes).toEqual(v.merkle.leafHashes);
    expect(g.roots).toEqual(v.merkle.roots);
    v.checkpoints.forEach((c, i) => {
      const got = g.checkpoints[i]!;
      expect(got.parseError, c.name).toBeUndefined();
      expect({ ...got.parsed, hasCompactRange: undefined }, c.name).toMatchObject({ ...c.fields });
      expect(got.text, c.name).toBe(c.text);
      expect(got.textHash, c.name).toBe(c.textHash);
      expect(got.root, c.name).toBe(c.fields.root);
      expect(got.compactRange, c.name).toEqual(c.fields.compactRange);
      expect(got.signedEd25519, c.name).toBe(c.signedEd25519);
      expect(got.signedHmac, c.name).toBe(c.signedHmac);
      expect(got.signedBoth, c.name).toBe(c.signedBoth);
      expect({ open: got.goNoteOpen, text: got.goNoteText }, `${c.name}: golang.org/x/mod/sumdb/note`).toEqual({
        open: true,
        text: c.text,
      });
    });
  });

  it('rejects every checkpoint text a v1 parser must reject', () => {
    if (skipped()) return;
    const g = runGo<GoCheckpoints>('checkpoints', text);
    expect(g.rejected.map((r) => r.name)).toEqual(v.rejected.map((r) => r.name));
    for (const r of g.rejected) expect(r.error, r.name).not.toBe('');
  });
});

type GoVerify = { findings: string[]; recordsSeen: number; recordsValid: number; checkpoints: number };

describe('archives sealed by the SDK, verified by the collector live verifier in Go (collector/pkg/seclogverify)', () => {
  /** Seals 30 records with the SDK (checkpoint every 8, leaf lists) and returns the OTLP/JSON lines and the key. */
  async function sdkArchive(): Promise<{ lines: string[]; publicKey: string }> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const exported: ReadableLogRecord[][] = [];
    const processor = new IntegrityProcessor({
      exporter: {
        export: (records, done) => {
          exported.push([...records]);
          done({ code: ExportResultCode.SUCCESS });
        },
        shutdown: async () => {},
        forceFlush: async () => {},
      },
      signer: ed25519Signer(privateKey, { keyName: 'sdk.example/seclog' }),
      checkpoint: { maxRecords: 8, maxIntervalMs: 3_600_000, heartbeatMs: 3_600_000 },
    });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'sdk-to-go', 'host.name': 'höst' }),
      processors: [processor],
    });
    const logger = provider.getLogger('conformance', '1.0.0');
    for (let i = 0; i < 30; i++) {
      logger.emit({
        body: i % 3 === 0 ? { msg: `record ${i}`, n: i, ratio: i / 7, tags: ['a', 'b'] } : `record ${i} ✓ \u{1F600}`,
        attributes: { i, big: 2 ** 40 + i, ok: i % 2 === 0, nested: { deep: [1, 'x', null] } },
        severityNumber: 9,
        eventName: i === 5 ? 'security_event.authentication.login' : undefined,
      });
    }
    await provider.shutdown();
    await new Promise((r) => setImmediate(r));
    const lines = exported.map((batch) => new TextDecoder().decode(JsonLogsSerializer.serializeRequest(batch)));
    const raw = publicKey.export({ format: 'jwk' }).x!;
    return { lines, publicKey: Buffer.from(raw, 'base64url').toString('base64') };
  }

  it('finds every record VALID, and names the seq of a modified and of a deleted record', async () => {
    if (skipped()) return;
    const { lines, publicKey } = await sdkArchive();
    const ok = runGo<GoVerify>('verify-archive', { publicKeys: [publicKey], lines });
    expect(ok.findings).toEqual([]);
    expect(ok.recordsValid).toBe(31); // genesis + 30
    expect(ok.checkpoints).toBeGreaterThanOrEqual(4);

    // Modify "record 13" (seq 14) and delete "record 20" (seq 21) in the exported lines.
    const tampered = lines.map((line) => {
      const req = JSON.parse(line) as {
        resourceLogs: { scopeLogs: { logRecords: { body?: { stringValue?: string } }[] }[] }[];
      };
      for (const rl of req.resourceLogs)
        for (const sl of rl.scopeLogs) {
          sl.logRecords = sl.logRecords.filter((r) => !r.body?.stringValue?.startsWith('record 20 '));
          for (const r of sl.logRecords)
            if (r.body?.stringValue?.startsWith('record 13 ')) r.body.stringValue = 'record 13 changed';
        }
      return JSON.stringify(req);
    });
    const bad = runGo<GoVerify>('verify-archive', { publicKeys: [publicKey], lines: tampered });
    expect(bad.findings.sort()).toEqual(['MISSING@21-21', 'MODIFIED@14-14']);

    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    const untrusted = runGo<GoVerify>('verify-archive', {
      publicKeys: [Buffer.from(other, 'base64url').toString('base64')],
      lines,
    });
    expect(untrusted.findings.filter((f) => f === 'KEY-CHAIN-INVALID').length).toBe(ok.checkpoints);
  });

  it('reports a resource changed after sealing as RESOURCE-MODIFIED, the records themselves staying VALID', async () => {
    if (skipped()) return;
    const { lines, publicKey } = await sdkArchive();
    // The genesis announces the sealed resource; every later record is hashed under it, whatever was exported.
    const moved = lines.map((line) => line.replaceAll('"höst"', '"elsewhere"'));
    expect(moved).not.toEqual(lines);
    const go = runGo<GoVerify>('verify-archive', { publicKeys: [publicKey], lines: moved });
    expect(go.findings.length).toBeGreaterThan(0);
    expect(new Set(go.findings.map((f) => f.split('@')[0]))).toEqual(new Set(['RESOURCE-MODIFIED']));
    expect(go.recordsValid).toBe(31);
  });
});
