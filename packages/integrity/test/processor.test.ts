import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { recordDigest } from '../src/canonical/digest.js';
import { canonicalizeOtlpLogRecord } from '../src/canonical/from-otlp.js';
import { integrityAttributeKeys, readSealAttributes } from '../src/canonical/seal-attributes.js';
import { CompactRange } from '../src/merkle/compact-range.js';
import {
  type CheckpointBody,
  checkpointTextHash,
  parseCheckpointBody,
  ZERO_HASH,
} from '../src/note/checkpoint-body.js';
import { type NoteSigner, verifyNote } from '../src/note/signed-note.js';
import { ed25519Signer, hmacSigner, hmacVerifier, parseVerifierKey } from '../src/note/signers.js';
import { IntegrityProcessor } from '../src/processor/integrity-processor.js';
import { IntegrityConfigError, type IntegrityProcessorOptions } from '../src/processor/options.js';
import { parseGenesisBody, parseResourceSnapshotBody } from '../src/records/stream-bodies.js';

const NS = 'seclog.integrity';
const KEYS = integrityAttributeKeys(NS);

/** Keeps exported records after shutdown (the SDK's in-memory exporter clears them). */
class KeepingExporter extends InMemoryLogRecordExporter {
  override async shutdown(): Promise<void> {}
}

const { privateKey } = generateKeyPairSync('ed25519');
const signer = ed25519Signer(privateKey, { keyName: 'test.example/seclog' });
const verifier = parseVerifierKey(signer.verifierKey);

function setup(
  options: Partial<IntegrityProcessorOptions> = {},
  limits?: { attributeCountLimit?: number; attributeValueLengthLimit?: number },
) {
  const exporter = new KeepingExporter();
  const processor = new IntegrityProcessor({ exporter, signer, ...options });
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc', 'service.instance.id': 'i-1' }),
    processors: [processor],
    ...(limits ? { logRecordLimits: limits } : {}),
  });
  return { exporter, processor, provider, logger: provider.getLogger('app', '1.0.0') };
}

const byEvent = (records: readonly ReadableLogRecord[], suffix: string) =>
  records.filter((r) => r.eventName === `${NS}.${suffix}`);

function checkpoints(records: readonly ReadableLogRecord[]): CheckpointBody[] {
  return byEvent(records, 'checkpoint').map((r) => {
    const v = verifyNote(String(r.body), [verifier]);
    if (!v.ok) throw new Error(`checkpoint does not verify: ${v.message}`);
    return parseCheckpointBody(v.text);
  });
}

/** A small verifier over the JS exporter's OTLP/JSON: recomputes every leaf and each checkpoint's root and leaf list. */
function verifyExport(records: readonly ReadableLogRecord[]) {
  const json = JSON.parse(new TextDecoder().decode(JsonLogsSerializer.serializeRequest([...records])));
  const leaves = new Map<number, Buffer>();
  let resourceDigest = '';
  for (const rl of json.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      for (const lr of sl.logRecords) {
        if (lr.eventName === `${NS}.genesis`) resourceDigest = parseGenesisBody(lr.body.stringValue).resourceDigest;
      }
    }
  }
  for (const rl of json.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      for (const lr of sl.logRecords) {
        const seal = readSealAttributes(lr, KEYS);
        if (!seal) continue;
        const form = canonicalizeOtlpLogRecord(lr, {
          ...seal,
          resourceDigest,
          scope: sl.scope,
          scopeSchemaUrl: sl.schemaUrl,
          namespace: NS,
        });
        leaves.set(Number(seal.seq), recordDigest(form.text));
      }
    }
  }
  const range = new CompactRange();
  const cps = checkpoints(records);
  let previous = ZERO_HASH as Buffer;
  let k = 0;
  for (const note of byEvent(records, 'checkpoint')) {
    const text = (verifyNote(String(note.body), [verifier]) as { text: string }).text;
    const cp = cps[k]!;
    expect(cp.index).toBe(k);
    expect(Buffer.from(cp.previousHash).equals(previous)).toBe(true);
    while (range.size < cp.treeSize) range.appendDigest(leaves.get(range.size)!);
    expect(range.root().equals(Buffer.from(cp.root))).toBe(true);
    if (cp.leafDigests) {
      cp.leafDigests.forEach((d, i) => {
        expect(Buffer.from(d).equals(leaves.get(cp.rangeStart + i)!)).toBe(true);
      });
    }
    previous = checkpointTextHash(text);
    k++;
  }
  return { leaves, checkpoints: cps };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('IntegrityProcessor through the real SDK', () => {
  it('opens the stream with genesis at seq 0 and gives records contiguous seqs', async () => {
    const { exporter, processor, provider, logger } = setup();
    for (let i = 0; i < 10; i++) logger.emit({ body: `r${i}` });
    await provider.forceFlush();
    const records = exporter.getFinishedLogRecords();
    const sealed = records.filter((r) => r.attributes[KEYS.seq] !== undefined);
    expect(sealed.map((r) => r.attributes[KEYS.seq])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(sealed.map((r) => r.attributes[KEYS.stream]))).toEqual(new Set([processor.streamId]));
    expect(sealed[0]!.eventName).toBe(`${NS}.genesis`);
    const genesis = parseGenesisBody(String(sealed[0]!.body));
    expect(genesis.identity).toEqual({ serviceName: 'svc', serviceInstanceId: 'i-1', hostName: '' });
    expect(genesis.resourcePairs.map(([k]) => k)).toContain('service.name');
    await provider.shutdown();
  });

  it('sets only <ns>.stream and <ns>.seq on application records', async () => {
    const { exporter, provider, logger } = setup();
    logger.emit({ body: 'x', attributes: { a: 1, b: 'two' } });
    await provider.forceFlush();
    const app = exporter.getFinishedLogRecords().find((r) => r.body === 'x')!;
    expect(Object.keys(app.attributes).sort()).toEqual(['a', 'b', KEYS.seq, KEYS.stream]);
    await provider.shutdown();
  });

  it('checkpoints every maxRecords leaves, chains them, and commits to what was exported (OTLP/JSON)', async () => {
    const { exporter, provider, logger } = setup({ checkpoint: { maxRecords: 4 } });
    for (let i = 0; i < 10; i++) logger.emit({ body: { i, nested: { list: [i, 'x', 1.5] } }, attributes: { i } });
    await provider.forceFlush();
    const { checkpoints: cps, leaves } = verifyExport(exporter.getFinishedLogRecords());
    expect(leaves.size).toBe(11);
    expect(cps.map((c) => [c.rangeStart, c.rangeEnd])).toEqual([
      [0, 4],
      [4, 8],
      [8, 11],
    ]);
    expect(
      cps.every((c) => !c.final && c.compactRange !== undefined && c.leafDigests?.length === c.rangeEnd - c.rangeStart),
    ).toBe(true);
    await provider.shutdown();
  });

  it('writes a final checkpoint with the f line on shutdown', async () => {
    const { exporter, provider, logger } = setup();
    logger.emit({ body: 'a' });
    logger.emit({ body: 'b' });
    await provider.shutdown();
    const { checkpoints: cps } = verifyExport(exporter.getFinishedLogRecords());
    expect(cps.at(-1)).toMatchObject({ final: true, treeSize: 3 });
    expect(cps.filter((c) => c.final)).toHaveLength(1);
  });

  it('checkpoints within maxIntervalMs and then sends heartbeats while idle', async () => {
    const { exporter, provider, logger } = setup({ checkpoint: { maxIntervalMs: 20, heartbeatMs: 40 } });
    logger.emit({ body: 'only one' });
    await waitFor(
      () => checkpoints(exporter.getFinishedLogRecords()).length >= 3,
      'interval checkpoint and heartbeats',
    );
    const cps = checkpoints(exporter.getFinishedLogRecords());
    expect(cps[0]).toMatchObject({ rangeStart: 0, rangeEnd: 2 });
    expect(cps.slice(1).every((c) => c.rangeStart === 2 && c.rangeEnd === 2 && c.treeSize === 2)).toBe(true);
    expect(cps.map((c) => c.index)).toEqual(cps.map((_, i) => i));
    await provider.shutdown();
  });

  it('omits leaf lists when leafList is false but keeps the compact range', async () => {
    const { exporter, provider, logger } = setup({ checkpoint: { leafList: false } });
    logger.emit({ body: 'a' });
    await provider.forceFlush();
    const [cp] = checkpoints(exporter.getFinishedLogRecords());
    expect(cp!.leafDigests).toBeUndefined();
    expect(cp!.compactRange).toHaveLength(1); // tree size 2
    await provider.shutdown();
  });

  it('keeps every checkpoint under 8 KB at the largest leaf-list range', async () => {
    const { exporter, provider, logger } = setup({ checkpoint: { maxRecords: 150 } });
    for (let i = 0; i < 600; i++) logger.emit({ body: i });
    await provider.shutdown();
    const notes = byEvent(exporter.getFinishedLogRecords(), 'checkpoint').map((r) => Buffer.byteLength(String(r.body)));
    expect(notes.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...notes)).toBeLessThan(8192);
  });

  it('works with an HMAC signer', async () => {
    const key = randomBytes(32);
    const { exporter, provider, logger } = setup({ signer: hmacSigner(key, { keyName: 'hmac.example' }) });
    logger.emit({ body: 'a' });
    await provider.shutdown();
    const note = byEvent(exporter.getFinishedLogRecords(), 'checkpoint')[0]!;
    expect(verifyNote(String(note.body), [hmacVerifier(key, { keyName: 'hmac.example' })]).ok).toBe(true);
  });

  it('seals a cyclic body through its snapshot, with the cycle marked, so it still verifies', async () => {
    const { exporter, processor, provider, logger } = setup();
    const body: Record<string, unknown> = { a: 1 };
    body.self = body;
    expect(() => logger.emit({ body: body as never })).not.toThrow();
    await provider.forceFlush();
    const exported = exporter.getFinishedLogRecords().find((r) => typeof r.body === 'object')!;
    expect(exported.body).toEqual({ a: 1, self: '[CIRCULAR]' });
    expect(exported.attributes['seclog.snapshot.truncated']).toBe(1);
    expect(processor.stats()).toMatchObject({ unverifiableRecords: 0, valuesTruncated: 1 });
    verifyExport(exporter.getFinishedLogRecords());
    await provider.shutdown();
  });

  it('seals the body as emitted even if the caller mutates its object afterwards', async () => {
    const { exporter, provider, logger } = setup();
    const body = { user: { id: 1 } };
    logger.emit({ body });
    body.user.id = 2;
    await provider.forceFlush();
    verifyExport(exporter.getFinishedLogRecords());
    expect(exporter.getFinishedLogRecords().find((r) => typeof r.body === 'object')!.body).toEqual({ user: { id: 1 } });
    await provider.shutdown();
  });

  it('still seals a record that already has as many attributes as the SDK limit allows', async () => {
    const { exporter, provider, logger } = setup({}, { attributeCountLimit: 2 });
    logger.emit({ body: 'full', attributes: { a: 1, b: 2 } });
    await provider.forceFlush();
    const rec = exporter.getFinishedLogRecords().find((r) => r.body === 'full')!;
    expect(rec.attributes[KEYS.seq]).toBe(1);
    verifyExport(exporter.getFinishedLogRecords());
    await provider.shutdown();
  });
});

describe('IntegrityProcessor under SDK attribute limits', () => {
  it('does not count its own seal attributes as dropped (only what the SDK left out)', async () => {
    const { exporter, provider, logger } = setup({}, { attributeCountLimit: 2 });
    logger.emit({ body: 'over', attributes: { a: 1, b: 2, c: 3 } });
    await provider.forceFlush();
    const rec = exporter.getFinishedLogRecords().find((r) => r.body === 'over')!;
    expect(rec.attributes[KEYS.seq]).toBe(1);
    expect(rec.droppedAttributesCount).toBe(1);
    verifyExport(exporter.getFinishedLogRecords());
    await provider.shutdown();
  });

  it('seals the truncated value the SDK exports, and keeps its own stream id untruncated', async () => {
    const { exporter, processor, provider, logger } = setup({}, { attributeValueLengthLimit: 5 });
    logger.emit({ body: 'long', attributes: { note: 'abcdefghij' } });
    await provider.forceFlush();
    const rec = exporter.getFinishedLogRecords().find((r) => r.body === 'long')!;
    expect(rec.attributes.note).toBe('abcde');
    expect(rec.attributes[KEYS.stream]).toBe(processor.streamId);
    verifyExport(exporter.getFinishedLogRecords());
    await provider.shutdown();
  });
});

describe('IntegrityProcessor and async resource attributes', () => {
  it('seals with the settled part first, then emits a resource snapshot leaf once the rest arrives', async () => {
    const exporter = new KeepingExporter();
    const processor = new IntegrityProcessor({ exporter, signer });
    let settle: (v: string) => void = () => {};
    const late = new Promise<string>((r) => {
      settle = r;
    });
    const resource = resourceFromAttributes({ 'service.name': 'svc', 'cloud.region': late as never });
    const provider = new LoggerProvider({ resource, processors: [processor] });
    const logger = provider.getLogger('app');
    logger.emit({ body: 'before' });
    settle('eu-west-1');
    await resource.waitForAsyncAttributes?.();
    logger.emit({ body: 'after' });
    await provider.forceFlush();
    const records = exporter.getFinishedLogRecords();
    const snapshots = byEvent(records, 'resource');
    expect(snapshots).toHaveLength(1);
    const snap = parseResourceSnapshotBody(String(snapshots[0]!.body));
    expect(snap.resourcePairs.map(([k]) => k)).toEqual(['cloud.region', 'service.name']);
    const genesis = parseGenesisBody(String(byEvent(records, 'genesis')[0]!.body));
    expect(genesis.resourcePairs.map(([k]) => k)).toEqual(['service.name']);
    expect(genesis.identity.serviceName).toBe('svc');
    expect(snapshots[0]!.attributes[KEYS.seq]).toBe(2); // genesis 0, "before" 1, snapshot 2, "after" 3
    await provider.shutdown();
  });
});

describe('IntegrityProcessor never throws into emit()', () => {
  it('keeps records flowing while the signer fails and catches up in order when it recovers', async () => {
    let down = true;
    const flaky: NoteSigner = {
      keyName: signer.keyName,
      keyId: signer.keyId,
      algorithm: 'ed25519',
      publicKey: () => signer.publicKey(),
      sign: (text) => (down ? Promise.reject(new Error('KMS unavailable')) : signer.sign(text)),
    };
    const { exporter, processor, provider, logger } = setup({ signer: flaky, checkpoint: { maxRecords: 2 } });
    for (let i = 0; i < 6; i++) expect(() => logger.emit({ body: i })).not.toThrow();
    await provider.forceFlush();
    expect(exporter.getFinishedLogRecords().filter((r) => r.attributes[KEYS.seq] !== undefined)).toHaveLength(7);
    expect(processor.stats()).toMatchObject({ checkpointsEmitted: 0 });
    expect(processor.stats().signerFailures).toBeGreaterThan(0);
    expect(processor.stats().checkpointsPending).toBeGreaterThan(0);
    down = false;
    await provider.shutdown();
    const { checkpoints: cps } = verifyExport(exporter.getFinishedLogRecords());
    expect(cps.map((c) => c.index)).toEqual(cps.map((_, i) => i));
    expect(cps.at(-1)).toMatchObject({ final: true, treeSize: 7 });
  });

  it('does not hang forceFlush or shutdown on a signer that never answers', async () => {
    const silent: NoteSigner = { ...signer, sign: () => new Promise<Uint8Array>(() => {}) };
    const { exporter, processor, provider, logger } = setup({ signer: silent, checkpoint: { signTimeoutMs: 20 } });
    logger.emit({ body: 'a' });
    await provider.forceFlush();
    await provider.shutdown();
    expect(processor.stats().signerFailures).toBeGreaterThan(0);
    expect(exporter.getFinishedLogRecords().some((r) => r.body === 'a')).toBe(true);
  });

  it('survives an exporter that throws from export()', async () => {
    const exploding = new KeepingExporter();
    exploding.export = () => {
      throw new Error('exporter exploded');
    };
    const processor = new IntegrityProcessor({ exporter: exploding, signer, delivery: { flushTimeoutMillis: 200 } });
    const provider = new LoggerProvider({ processors: [processor] });
    expect(() => provider.getLogger('x').emit({ body: 'a' })).not.toThrow();
    await provider.shutdown();
    expect(processor.stats().delivery.exportFailures).toBeGreaterThan(0);
  });

  it('refuses and counts records emitted after its shutdown', async () => {
    const { processor, logger } = setup();
    logger.emit({ body: 'kept' });
    await processor.shutdown();
    expect(() => logger.emit({ body: 'late' })).not.toThrow();
    expect(() => processor.onEmit({} as never)).not.toThrow();
    expect(processor.stats().delivery).toMatchObject({ recordsAfterShutdown: 2, exportedRecords: 1 });
  });

  it('rejects bad configuration at construction, naming the field', () => {
    const exporter = new InMemoryLogRecordExporter();
    expect(() => new IntegrityProcessor({ exporter, signer, checkpoint: { maxRecords: 0 } })).toThrow(
      /checkpoint.maxRecords/,
    );
    expect(() => new IntegrityProcessor({ exporter, signer, checkpoint: { maxRecords: 500 } })).toThrow(
      /checkpoint.maxRecords/,
    );
    expect(
      () => new IntegrityProcessor({ exporter, signer, checkpoint: { maxRecords: 500, leafList: false } }),
    ).not.toThrow();
    expect(() => new IntegrityProcessor({ exporter, signer, namespace: 'otel.integrity' })).toThrow(/namespace/);
    expect(() => new IntegrityProcessor({ exporter, signer: {} as never })).toThrow(/signer/);
    expect(() => new IntegrityProcessor({ exporter: {} as never, signer })).toThrow(/exporter/);
    expect(() => new IntegrityProcessor({ exporter, signer, checkpoint: { heartbeatMs: -1 } })).toThrow(
      /checkpoint.heartbeatMs/,
    );
    expect(() => new IntegrityProcessor({ exporter, signer, delivery: { maxQueueSize: 0 } })).toThrow(
      /delivery.maxQueueSize must be an integer/,
    );
    expect(() => new IntegrityProcessor({ exporter, signer, snapshot: { maxDepth: 0 } })).toThrow(
      /snapshot.maxDepth must be an integer/,
    );
    // A typo fails at start-up with a suggestion instead of being ignored; the error is the package's one class.
    const typo = () => new IntegrityProcessor({ exporter, signer, delivery: { maxQueSize: 10 } as never });
    expect(typo).toThrow(IntegrityConfigError);
    expect(typo).toThrow(/delivery\.maxQueSize is not a known option \(did you mean maxQueueSize\?\)/);
    expect(() => new IntegrityProcessor({ exporter, signer, checkpoint: { maxRecord: 10 } as never })).toThrow(
      /checkpoint\.maxRecord is not a known option \(did you mean maxRecords\?\)/,
    );
  });
});
