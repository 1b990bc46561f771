/**
 * The verifier's extra passes over the archive, run only when needed: re-checking records read before their stream's
 * signed resource snapshot, and localising the field of modified records. Both re-read just the lines they need.
 */
import { recordDigest } from '../../canonical/digest.js';
import { canonicalizeOtlpLogRecord } from '../../canonical/from-otlp.js';
import type { integrityAttributeKeys } from '../../canonical/seal-attributes.js';
import { type CanonicalForm, unverifiableText } from '../../canonical/tuple.js';
import { type ReadArchiveOptions, readArchiveFile } from '../../verify/archive-input.js';
import { type DecodeOptions, decodeLine, OVERSIZED_RECORD } from './line-decoder.js';
import { locateModification } from './locate-modification.js';
import { forEachOtlpLogRecord, type OtlpRecordRef, readIntegrityAttributes } from './otlp-records.js';
import { resourceDigestOrEmpty } from './resource-digest.js';
import type { ResourceResolver } from './resource-resolver.js';
import { CONFLICTING, equalAt, SEEN, SIGNED } from './seq-table.js';
import type { StreamState } from './stream-state.js';

/** Unique key of a line across the inputs (file index < 2^20, line < 2^32). */
export function lineKey(fileIndex: number, line: number): number {
  return fileIndex * 2 ** 32 + line;
}

/** How the archive's lines are read and decoded, the same in every pass. */
export interface ArchiveSource {
  readonly files: readonly { readonly path: string }[];
  readonly read: ReadArchiveOptions;
  readonly decode: DecodeOptions;
}

/**
 * Calls `visit` for every log record on the lines `wanted` has an entry for (keyed by {@link lineKey}). Only those
 * lines are decoded; unreadable ones were reported by the first pass and are skipped here.
 */
async function forEachRecordOnLines<T>(
  source: ArchiveSource,
  wanted: ReadonlyMap<number, T>,
  visit: (ref: OtlpRecordRef, want: T) => void,
): Promise<void> {
  for (let fileIndex = 0; fileIndex < source.files.length; fileIndex++) {
    for await (const item of readArchiveFile(source.files[fileIndex]!.path, {}, source.read)) {
      if (item.kind !== 'line') continue;
      const want = wanted.get(lineKey(fileIndex, item.line));
      if (want === undefined) continue;
      const request = decodeLine(item.bytes, source.decode).request;
      if (request) forEachOtlpLogRecord(request, (ref) => visit(ref, want));
    }
  }
}

/**
 * OLCF-1 form of an archived record. A record too large to parse (see `line-decoder.ts`) takes the
 * `too-many-values` unverifiable form: it matches only a leaf the producer sealed as unverifiable.
 */
export function canonicalForm(
  lr: Record<string, unknown>,
  ref: OtlpRecordRef,
  streamId: string,
  seq: number,
  resourceDigest: string,
  exclude: ReadonlySet<string>,
): CanonicalForm {
  if (OVERSIZED_RECORD in lr) {
    return {
      ok: false,
      text: unverifiableText(streamId, String(seq), 'too-many-values'),
      reason: 'too-many-values',
      message: 'record too large to parse',
      loneSurrogates: 0,
    };
  }
  return canonicalizeOtlpLogRecord(lr, {
    streamId,
    seq,
    resourceDigest,
    scope: ref.scope as never,
    scopeSchemaUrl: ref.scopeSchemaUrl,
    excludeAttributes: exclude,
  });
}

/**
 * Second pass, only when needed: records read before their stream's signed resource snapshots were all known were
 * digested against what was known then (the exported resource, or an older snapshot). Re-read just those lines and
 * replace the provisional digests where the snapshot in force at the record's seq gives a different one.
 */
export async function recheckProvisional(
  source: ArchiveSource,
  streams: ReadonlyMap<string, StreamState>,
  resources: ResourceResolver,
  keys: ReturnType<typeof integrityAttributeKeys>,
): Promise<void> {
  const wanted = new Map<number, Map<StreamState, number>>();
  for (const s of streams.values()) {
    const final = s.signedResources.length;
    if (final === 0) continue;
    for (const [line, known] of s.resolutionLines()) {
      if (known >= final) continue;
      let m = wanted.get(line);
      if (!m) {
        m = new Map();
        wanted.set(line, m);
      }
      m.set(s, known);
    }
  }
  if (wanted.size === 0) return;
  await forEachRecordOnLines(source, wanted, (ref, affected) => {
    const attrs = readIntegrityAttributes(ref.logRecord, keys.stream, keys.seq);
    if (attrs.kind !== 'ok') return;
    const stream = streams.get(attrs.streamId!);
    const known = stream ? affected.get(stream) : undefined;
    if (!stream || known === undefined) return;
    const exported = resourceDigestOrEmpty(ref.resource);
    const then = resources.resolve(stream, ref.resource, exported, attrs.seq!, known);
    const now = resources.resolve(stream, ref.resource, exported, attrs.seq!);
    if (then === now) return;
    const digest = (rd: string) =>
      recordDigest(canonicalForm(ref.logRecord, ref, stream.streamId, attrs.seq!, rd, keys.all).text);
    stream.table.replace(attrs.seq!, digest(then), digest(now));
  });
}

/** Modified records per stream whose field the verifier tries to localise (each costs a bounded search). */
const MAX_LOCALISED_PER_STREAM = 100;

/**
 * Third pass, only when records were MODIFIED: re-reads the lines holding them and asks
 * {@link locateModification} which single field edit explains the digest mismatch.
 */
export async function localiseModifications(
  source: ArchiveSource,
  streams: ReadonlyMap<string, StreamState>,
  resources: ResourceResolver,
  keys: ReturnType<typeof integrityAttributeKeys>,
): Promise<void> {
  const wanted = new Map<number, Set<string>>();
  for (const s of streams.values()) {
    let found = 0;
    for (const seq of modifiedSeqs(s)) {
      const loc = s.table.location(seq)!;
      const key = lineKey(loc.file, loc.line);
      let set = wanted.get(key);
      if (!set) {
        set = new Set();
        wanted.set(key, set);
      }
      set.add(`${s.streamId}\n${seq}`);
      if (++found >= MAX_LOCALISED_PER_STREAM) break;
    }
  }
  if (wanted.size === 0) return;
  await forEachRecordOnLines(source, wanted, (ref, want) => {
    const attrs = readIntegrityAttributes(ref.logRecord, keys.stream, keys.seq);
    if (attrs.kind !== 'ok' || !want.has(`${attrs.streamId}\n${attrs.seq}`)) return;
    if (OVERSIZED_RECORD in ref.logRecord) return;
    const stream = streams.get(attrs.streamId!)!;
    if (stream.locatedModifications.has(attrs.seq!)) return;
    const resourceDigest = resources.resolve(stream, ref.resource, resourceDigestOrEmpty(ref.resource), attrs.seq!);
    const located = locateModification(
      ref.logRecord,
      {
        streamId: stream.streamId,
        seq: attrs.seq!,
        resourceDigest,
        scope: ref.scope as never,
        scopeSchemaUrl: ref.scopeSchemaUrl,
        excludeAttributes: keys.all,
      },
      stream.table.signed(attrs.seq!)!,
    );
    if (located) stream.addLocatedModification(attrs.seq!, located);
  });
}

/** Seqs whose only observed copy differs from the digest a leaf list signed (a walk over the known seqs). */
function* modifiedSeqs(s: StreamState): Generator<number> {
  for (const seq of s.table.knownSeqs()) {
    const f = s.table.flags(seq);
    if ((f & SEEN) === 0 || (f & SIGNED) === 0 || (f & CONFLICTING) !== 0) continue;
    if (!equalAt(s.table.observed(seq)!, 0, s.table.signed(seq)!)) yield seq;
  }
}

// In its own module so that the parse-ahead worker can use it without loading the passes.
export { resourceDigestOrEmpty };
