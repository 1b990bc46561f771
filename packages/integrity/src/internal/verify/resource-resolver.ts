import { canonicalOtlpPairs } from '../../canonical/from-otlp.js';
import {
  GENESIS_HEADER,
  type ParsedResourceSnapshot,
  parseGenesisBody,
  parseResourceSnapshotBody,
} from '../../records/stream-bodies.js';
import type { SignedResource, StreamState } from './stream-state.js';

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
    stream.signedResources.push({
      digest: snapshot.resourceDigest,
      seq,
      learned: stream.signedResources.length,
      attributes: new Map(snapshot.resourcePairs.map(([k, v]) => [k, JSON.stringify(v)])),
    });
  }
}

/** Records which exported attributes were added to, or differ from, the signed snapshot. */
function compareResource(stream: StreamState, signed: SignedResource, resource: unknown): void {
  let exported: Map<string, string>;
  try {
    const attrs = (resource as { attributes?: unknown } | undefined)?.attributes;
    exported = new Map(canonicalOtlpPairs(attrs).map(([k, v]) => [k, JSON.stringify(v)]));
  } catch {
    exported = new Map();
  }
  for (const [k, v] of signed.attributes) if (exported.get(k) !== v) stream.modifiedResourceKeys.add(k);
  for (const k of exported.keys()) if (!signed.attributes.has(k)) stream.enrichedKeys.add(k);
}
