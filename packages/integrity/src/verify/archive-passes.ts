/**
 * The verifier's extra passes over the archive, run only when needed: re-checking records read before their stream's
 * signed resource snapshot, and localising the field of modified records. Both re-read just the lines they need.
 */
import { recordDigest, resourceDigestOfText } from '../canonical/digest.js';
import { canonicalizeOtlpLogRecord, canonicalOtlpResourceText } from '../canonical/from-otlp.js';
import type { integrityAttributeKeys } from '../canonical/seal-attributes.js';
import { readArchiveFile } from './archive-input.js';
import { locateModification } from './locate-modification.js';
import { forEachOtlpLogRecord, type OtlpRecordRef, readIntegrityAttributes } from './otlp-records.js';
import type { ResourceResolver } from './resource-resolver.js';
import { CONFLICTING, equalAt, SEEN, SIGNED } from './seq-table.js';
import type { StreamState } from './stream-state.js';

/** Unique key of a line across the inputs (file index < 2^20, line < 2^32). */
export function lineKey(fileIndex: number, line: number): number {
  return fileIndex * 2 ** 32 + line;
}

export function canonicalForm(
  lr: Record<string, unknown>,
  ref: OtlpRecordRef,
  streamId: string,
  seq: number,
  resourceDigest: string,
  exclude: ReadonlySet<string>,
) {
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
 * Second pass, only when needed: records read before their stream's signed resource snapshot were digested with the
 * exported resource. Where that differs from the snapshot (downstream enrichment), re-read just those lines and
 * replace the provisional digests with ones computed against the signed snapshot.
 */
export async function recheckProvisional(
  files: readonly { path: string }[],
  streams: ReadonlyMap<string, StreamState>,
  resources: ResourceResolver,
  keys: ReturnType<typeof integrityAttributeKeys>,
): Promise<void> {
  const affected = new Set<StreamState>();
  for (const s of streams.values()) {
    if (s.signedResources.length === 0 || s.provisionalLines.size === 0) continue;
    const signed = new Set(s.signedResources.map((r) => r.digest));
    if ([...s.provisionalResourceDigests].some((d) => !signed.has(d))) affected.add(s);
  }
  if (affected.size === 0) return;
  const wanted = new Set<number>();
  for (const s of affected) for (const k of s.provisionalLines) wanted.add(k);
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    for await (const line of readArchiveFile(files[fileIndex]!.path, {})) {
      if (!wanted.has(lineKey(fileIndex, line.line))) continue;
      forEachOtlpLogRecord(line.value, (ref) => {
        const attrs = readIntegrityAttributes(ref.logRecord, keys.stream, keys.seq);
        if (attrs.kind !== 'ok') return;
        const stream = streams.get(attrs.streamId!);
        if (!stream || !affected.has(stream)) return;
        const exported = resourceDigestOrEmpty(ref.resource);
        const resolved = resources.resolve(stream, ref.resource, exported);
        if (resolved === exported) return;
        const before = recordDigest(
          canonicalForm(ref.logRecord, ref, stream.streamId, attrs.seq!, exported, keys.all).text,
        );
        const after = recordDigest(
          canonicalForm(ref.logRecord, ref, stream.streamId, attrs.seq!, resolved, keys.all).text,
        );
        stream.table.replace(attrs.seq!, before, after);
      });
    }
  }
}

/** Modified records per stream whose field the verifier tries to localise (each costs a bounded search). */
const MAX_LOCALISED_PER_STREAM = 100;

/**
 * Third pass, only when records were MODIFIED: re-reads the lines holding them and asks
 * {@link locateModification} which single field edit explains the digest mismatch.
 */
export async function localiseModifications(
  files: readonly { path: string }[],
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
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    for await (const line of readArchiveFile(files[fileIndex]!.path, {})) {
      const want = wanted.get(lineKey(fileIndex, line.line));
      if (!want) continue;
      forEachOtlpLogRecord(line.value, (ref) => {
        const attrs = readIntegrityAttributes(ref.logRecord, keys.stream, keys.seq);
        if (attrs.kind !== 'ok' || !want.has(`${attrs.streamId}\n${attrs.seq}`)) return;
        const stream = streams.get(attrs.streamId!)!;
        if (stream.locatedModifications.has(attrs.seq!)) return;
        const resourceDigest = resources.resolve(stream, ref.resource, resourceDigestOrEmpty(ref.resource));
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
        if (located) stream.locatedModifications.set(attrs.seq!, located);
      });
    }
  }
}

/** Seqs whose only observed copy differs from the digest a leaf list signed. */
function* modifiedSeqs(s: StreamState): Generator<number> {
  for (let seq = 0; seq <= s.table.maxSeq; seq++) {
    const f = s.table.flags(seq);
    if ((f & SEEN) === 0 || (f & SIGNED) === 0 || (f & CONFLICTING) !== 0) continue;
    if (!equalAt(s.table.observed(seq)!, 0, s.table.signed(seq)!)) yield seq;
  }
}

/** Digest of an exported resource; empty when the resource is malformed (no snapshot will match it). */
export function resourceDigestOrEmpty(resource: unknown): string {
  try {
    return resourceDigestOfText(canonicalOtlpResourceText(resource as never));
  } catch {
    return '';
  }
}
