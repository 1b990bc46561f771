/**
 * A synthetic producer for verifier unit tests and benchmarks: builds sealed OTLP/JSON streams directly from the
 * producer's pure cores (canonical form, compact range, checkpoint body, signed note), without an SDK pipeline, so
 * tests can shape checkpoints exactly (size, leaf lists, final flag) and generate large archives quickly. It imports
 * the package by name (dist), so benchmarks can use it too.
 * The attack suite (test/attacks) uses the real LoggerProvider + IntegrityProcessor instead.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  CompactRange,
  canonicalizeOtlpLogRecord,
  canonicalOtlpResourceText,
  checkpointTextHash,
  ed25519Signer,
  formatCheckpointBody,
  formatGenesisBody,
  INTEGRITY_SCOPE_NAME,
  INTEGRITY_SCOPE_VERSION,
  integrityAttributeKeys,
  type NoteSigner,
  recordDigest,
  resourceDigestOfText,
  type SeqRange,
  signNote,
  ZERO_HASH,
} from '@seclog/integrity';

// biome-ignore lint/suspicious/noExplicitAny: OTLP JSON is edited freely by tests
export type Json = any;
export type OtlpRequest = { resourceLogs: Json[] };

export interface TestKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly signer: NoteSigner;
}

/** A fresh Ed25519 key pair and a note signer named `keyName`. */
export function testKeys(keyName = 'test.example/seclog'): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, signer: ed25519Signer(privateKey, { keyName }) };
}

export interface SyntheticStreamOptions {
  readonly signer: NoteSigner;
  /** Data records after genesis. */
  readonly records: number;
  /** Records per checkpoint (the checkpoint covers everything sealed so far). */
  readonly perCheckpoint: number;
  readonly leafList?: boolean;
  /** Write a final checkpoint at the end (clean shutdown). Default true. */
  readonly final?: boolean;
  /** Records left after the last checkpoint (unsealed tail, no final). */
  readonly unsealedTail?: number;
  readonly streamId?: string;
  readonly namespace?: string;
  readonly service?: string;
  /** Records per OTLP request line. */
  readonly perRequest?: number;
  /** Wall-clock and monotonic nanoseconds of checkpoint `k` (default: one second apart on both clocks). */
  readonly clock?: (k: number) => { wall: bigint; monotonic: bigint };
  /** Body text factory; default a short message. Long bodies make large archives. */
  readonly body?: (seq: number) => string;
  /** Extra OTLP attributes (`{ key, value }`) of data record `seq`, sealed with it. */
  readonly attributes?: (seq: number) => Json[];
  /** Declared losses carried by checkpoint `k` (`d` and `x` lines); the test removes the records itself. */
  readonly declare?: (k: number) => { droppedRanges?: SeqRange[]; refusedRecords?: number } | undefined;
}

/** What a synthetic stream consists of, in emission order. */
export interface SyntheticStream {
  readonly streamId: string;
  readonly requests: OtlpRequest[];
  /** Checkpoint notes in order. */
  readonly checkpoints: string[];
  /** Number of leaves (genesis included). */
  readonly size: number;
}

let streamCounter = 0;

/** A 22-character base64url stream id (deterministic per call order; content is irrelevant to the verifier). */
export function newStreamId(): string {
  streamCounter++;
  return Buffer.from(`stream-${process.pid}-${streamCounter}-xxxxxxxx`).toString('base64url').slice(0, 22);
}

/** Builds one sealed stream: genesis (seq 0), records, a checkpoint every `perCheckpoint` records, final. */
export async function buildSyntheticStream(o: SyntheticStreamOptions): Promise<SyntheticStream> {
  const namespace = o.namespace ?? 'seclog.integrity';
  const keys = integrityAttributeKeys(namespace);
  const streamId = o.streamId ?? newStreamId();
  const resource = {
    attributes: [
      { key: 'service.name', value: { stringValue: o.service ?? 'checkout' } },
      { key: 'service.instance.id', value: { stringValue: 'pod-7' } },
    ],
    droppedAttributesCount: 0,
  };
  const resourceText = canonicalOtlpResourceText(resource);
  const resourceDigest = resourceDigestOfText(resourceText);
  const scope = { name: 'app', version: '1.0.0' };
  // Checkpoint records travel in the integrity scope, as producers write them.
  const integrityScope = { name: INTEGRITY_SCOPE_NAME, version: INTEGRITY_SCOPE_VERSION };
  const range = new CompactRange();
  const pending: { lr: Json; scope: Json }[] = [];
  const requests: OtlpRequest[] = [];
  const checkpoints: string[] = [];
  const perRequest = o.perRequest ?? 64;
  let rangeStart = 0;
  let leafDigests: Buffer[] = [];
  let prev: Buffer = ZERO_HASH;
  let index = 0;
  const t0 = 1_795_000_000_000_000_000n;

  const flush = () => {
    while (pending.length > 0) {
      const scopeLogs: Json[] = [];
      for (const { lr, scope } of pending.splice(0, perRequest)) {
        const last = scopeLogs[scopeLogs.length - 1];
        if (last?.scope === scope) last.logRecords.push(lr);
        else scopeLogs.push({ scope, logRecords: [lr] });
      }
      requests.push({ resourceLogs: [{ resource, scopeLogs }] });
    }
  };
  const seal = (lr: Json, seq: number) => {
    lr.attributes = [
      ...(lr.attributes ?? []),
      { key: keys.stream, value: { stringValue: streamId } },
      { key: keys.seq, value: { intValue: seq } },
    ];
    const form = canonicalizeOtlpLogRecord(lr, {
      streamId,
      seq,
      resourceDigest,
      scope,
      excludeAttributes: keys.all,
    });
    const d = recordDigest(form.text);
    range.appendDigest(d);
    leafDigests.push(d);
    pending.push({ lr, scope });
    if (pending.length >= perRequest) flush();
  };
  const checkpoint = async (final: boolean) => {
    const text = formatCheckpointBody({
      namespace,
      streamId,
      treeSize: range.size,
      root: range.root(),
      index,
      timeUnixNano: o.clock ? o.clock(index).wall : t0 + BigInt(index) * 1_000_000_000n,
      monotonicNanos: o.clock ? o.clock(index).monotonic : BigInt(index) * 1_000_000_000n,
      epoch: 0,
      previousHash: prev,
      rangeStart,
      rangeEnd: range.size,
      ...(o.leafList !== false ? { leafDigests } : {}),
      compactRange: range.nodes(),
      ...(o.declare?.(index) ?? {}),
      final,
    });
    const note = await signNote(text, [o.signer]);
    checkpoints.push(note);
    prev = checkpointTextHash(text);
    index++;
    rangeStart = range.size;
    leafDigests = [];
    pending.push({
      scope: integrityScope,
      lr: {
        timeUnixNano: String(t0),
        observedTimeUnixNano: String(t0),
        severityNumber: 9,
        severityText: 'INFO',
        eventName: `${namespace}.checkpoint`,
        body: { stringValue: note },
      },
    });
    if (pending.length >= perRequest) flush();
  };

  seal(
    {
      timeUnixNano: String(t0),
      observedTimeUnixNano: String(t0),
      severityNumber: 9,
      severityText: 'INFO',
      eventName: `${namespace}.genesis`,
      body: {
        stringValue: formatGenesisBody({
          namespace,
          streamId,
          olcfVersion: 'olcf1',
          timeUnixNano: t0,
          policy: {
            maxRecords: o.perCheckpoint,
            maxIntervalMs: 5000,
            heartbeatMs: 60000,
            leafList: o.leafList !== false,
          },
          identity: { serviceName: o.service ?? 'checkout', serviceInstanceId: 'pod-7', hostName: 'host-1' },
          resourceDigest,
          resourceText,
        }),
      },
    },
    0,
  );
  const total = o.records + (o.unsealedTail ?? 0);
  for (let i = 1; i <= total; i++) {
    seal(
      {
        timeUnixNano: String(t0 + BigInt(i) * 1000n),
        observedTimeUnixNano: String(t0 + BigInt(i) * 1000n + 7n),
        severityNumber: 9,
        severityText: 'INFO',
        body: { stringValue: o.body ? o.body(i) : `user login ok #${i}` },
        attributes: [
          { key: 'user.id', value: { stringValue: `u-${i % 97}` } },
          { key: 'http.status', value: { intValue: 200 + (i % 3) } },
          { key: 'ratio', value: { doubleValue: i / 8 } },
          ...(o.attributes?.(i) ?? []),
        ],
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        flags: 1,
      },
      i,
    );
    if (i <= o.records && i % o.perCheckpoint === 0) await checkpoint(false);
  }
  if (o.records % o.perCheckpoint !== 0 && (o.unsealedTail ?? 0) === 0) await checkpoint(false);
  if (o.final !== false && (o.unsealedTail ?? 0) === 0) await checkpoint(true);
  flush();
  return { streamId, requests, checkpoints, size: range.size };
}

/** Every log record of the requests (with a remover), for tests that tamper with the archive. */
export function* recordsOf(reqs: readonly OtlpRequest[]): Generator<{ lr: Json; remove: () => void }> {
  for (const req of reqs)
    for (const rl of req.resourceLogs)
      for (const sl of rl.scopeLogs ?? []) {
        const list: Json[] = sl.logRecords ?? [];
        for (const lr of [...list]) yield { lr, remove: () => list.splice(list.indexOf(lr), 1) };
      }
}

/** Removes the records with seq in `[from, to)` from the requests (a loss in delivery). */
export function removeSeqs(
  reqs: readonly OtlpRequest[],
  from: number,
  to: number,
  namespace = 'seclog.integrity',
): void {
  for (const { lr, remove } of recordsOf(reqs)) {
    const v = lr.attributes?.find((kv: Json) => kv.key === `${namespace}.seq`)?.value?.intValue;
    if (v !== undefined && Number(v) >= from && Number(v) < to) remove();
  }
}

/** The record with integrity seq `seq` (first copy), or undefined. */
export function recordAt(reqs: readonly OtlpRequest[], seq: number, namespace = 'seclog.integrity'): Json {
  for (const { lr } of recordsOf(reqs)) {
    const v = lr.attributes?.find((kv: Json) => kv.key === `${namespace}.seq`)?.value?.intValue;
    if (v !== undefined && Number(v) === seq) return lr;
  }
  return undefined;
}
