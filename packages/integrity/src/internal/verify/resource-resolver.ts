import { canonicalOtlpPairs } from '../../canonical/from-otlp.js';
import {
  GENESIS_HEADER,
  type ParsedResourceSnapshot,
  parseGenesisBody,
  parseResourceSnapshotBody,
} from '../../records/stream-bodies.js';
import { parseUnsigned } from '../canonical/scalars.js';
import type { SignedResource, StreamState } from './stream-state.js';

const UINT32_MAX = 4294967295n;

/**
 * Chooses the resource digest a record is checked against (slot 3 of OLCF-1): the signed resource snapshot in force at
 * the record's seq (the latest snapshot with a seq not above it: genesis, then a snapshot each time the producer's
 * resource changed, e.g. when async attributes settled), not the exported resource. Downstream resource enrichment is
 * then reported (`RESOURCE-ENRICHED`) instead of failing every record, and a changed or removed signed attribute is
 * reported as `RESOURCE-MODIFIED`. Without a known snapshot the exported resource digest is used.
 */
export class ResourceResolver {
  /** Exported resources already compared with a snapshot (a line's records share resource objects). */
  private readonly compared = new WeakMap<object, Set<string>>();

  /**
   * @param learned how many of the stream's snapshots (in the order they were read) to consider; re-checks pass the
   *   count that was known when the record was first read, to recompute the digest used then.
   */
  resolve(
    stream: StreamState,
    resource: unknown,
    exportedDigest: string,
    seq: number,
    learned = stream.signedResources.length,
  ): string {
    let applicable: SignedResource | undefined;
    for (const s of stream.signedResources) {
      if (s.learned < learned && s.seq <= seq && (!applicable || s.seq > applicable.seq)) applicable = s;
    }
    if (!applicable) return exportedDigest;
    if (applicable.digest === exportedDigest) return exportedDigest;
    if (typeof resource === 'object' && resource !== null) {
      let seen = this.compared.get(resource);
      if (!seen) {
        seen = new Set();
        this.compared.set(resource, seen);
      }
      const key = `${stream.streamId} ${applicable.digest}`;
      if (seen.has(key)) return applicable.digest;
      seen.add(key);
    }
    compareResource(stream, applicable, resource);
    return applicable.digest;
  }

  /**
   * Learns a signed resource snapshot (and the producer identity) from a genesis or resource-snapshot record body.
   * The record itself is verified like any other; a forged body shows up as MODIFIED / CONFLICT at its seq.
   */
  learnFromBody(stream: StreamState, body: string, seq: number): void {
    let snapshot: ParsedResourceSnapshot;
    try {
      if (body.startsWith(GENESIS_HEADER)) {
        const g = parseGenesisBody(body);
        snapshot = g;
        if (g.streamId === stream.streamId) {
          stream.producer = {
            service: g.identity.serviceName,
            instance: g.identity.serviceInstanceId,
            host: g.identity.hostName,
          };
        }
      } else {
        snapshot = parseResourceSnapshotBody(body);
      }
    } catch {
      return;
    }
    if (snapshot.streamId !== stream.streamId) return;
    if (stream.signedResources.some((s) => s.digest === snapshot.resourceDigest && s.seq === seq)) return;
    stream.addSignedResource({
      digest: snapshot.resourceDigest,
      seq,
      learned: stream.signedResources.length,
      attributes: new Map(snapshot.resourcePairs.map(([k, v]) => [k, JSON.stringify(v)])),
      droppedAttributesCount: snapshot.droppedAttributesCount,
    });
  }
}

/**
 * Records how the exported resource differs from the signed snapshot. Called only when their digests differ, and the
 * digest covers the attribute pairs and `droppedAttributesCount` (docs/spec/olcf-1.md, resource digest): so at least
 * one difference is always recorded, and a downstream change never hides behind records that still verify.
 */
function compareResource(stream: StreamState, signed: SignedResource, resource: unknown): void {
  const exported = resource as { attributes?: unknown; droppedAttributesCount?: unknown } | undefined;
  let pairs: Map<string, string> | undefined;
  try {
    pairs = new Map(canonicalOtlpPairs(exported?.attributes).map(([k, v]) => [k, JSON.stringify(v)]));
  } catch {
    // Not a key-value list any more: every signed attribute is gone, and the list is reported even if none was signed.
    stream.addModifiedResourceField('attributes');
  }
  for (const [k, v] of signed.attributes) if (pairs?.get(k) !== v) stream.addModifiedResourceKey(k);
  for (const k of pairs?.keys() ?? []) if (!signed.attributes.has(k)) stream.addEnrichedKey(k);
  if (parseUnsigned(exported?.droppedAttributesCount, UINT32_MAX) !== signed.droppedAttributesCount) {
    stream.addModifiedResourceField('droppedAttributesCount');
  }
}
