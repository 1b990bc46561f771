import { canonicalOtlpPairs } from '../canonical/from-otlp.js';
import {
  GENESIS_HEADER,
  type ParsedResourceSnapshot,
  parseGenesisBody,
  parseResourceSnapshotBody,
} from '../records/stream-bodies.js';
import type { SignedResource, StreamState } from './stream-state.js';

/**
 * Chooses the resource digest a record is checked against (slot 3 of OLCF-1): the stream's signed resource snapshot,
 * not the exported resource, so that downstream resource enrichment is reported (`RESOURCE-ENRICHED`) instead of
 * failing every record, while a changed or removed signed attribute is reported as `RESOURCE-MODIFIED`.
 * Before any snapshot of the stream is known the exported resource digest is used.
 */
export class ResourceResolver {
  /** Per exported-resource object: resolved digest per stream (resources repeat across a line's records). */
  private readonly cache = new WeakMap<object, Map<StreamState, string>>();

  resolve(stream: StreamState, resource: unknown, exportedDigest: string): string {
    const signed = stream.signedResources;
    if (signed.length === 0) return exportedDigest;
    if (signed.some((s) => s.digest === exportedDigest)) return exportedDigest;
    const key = typeof resource === 'object' && resource !== null ? resource : undefined;
    const cached = key ? this.cache.get(key)?.get(stream) : undefined;
    if (cached !== undefined) return cached;
    const resolved = this.compare(stream, signed, resource);
    if (key) {
      let m = this.cache.get(key);
      if (!m) {
        m = new Map();
        this.cache.set(key, m);
      }
      m.set(stream, resolved);
    }
    return resolved;
  }

  /** Picks the newest snapshot contained in the exported resource; records additions and modifications. */
  private compare(stream: StreamState, signed: readonly SignedResource[], resource: unknown): string {
    let exported: Map<string, string>;
    try {
      const attrs = (resource as { attributes?: unknown } | undefined)?.attributes;
      exported = new Map(canonicalOtlpPairs(attrs).map(([k, v]) => [k, JSON.stringify(v)]));
    } catch {
      exported = new Map();
    }
    for (let i = signed.length - 1; i >= 0; i--) {
      const s = signed[i]!;
      let contained = true;
      for (const [k, v] of s.attributes) if (exported.get(k) !== v) contained = false;
      if (contained) {
        for (const k of exported.keys()) if (!s.attributes.has(k)) stream.enrichedKeys.add(k);
        return s.digest;
      }
    }
    const latest = signed[signed.length - 1]!;
    for (const [k, v] of latest.attributes) if (exported.get(k) !== v) stream.modifiedResourceKeys.add(k);
    return latest.digest;
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
    if (stream.signedResources.some((s) => s.digest === snapshot.resourceDigest)) return;
    const entry: SignedResource = {
      digest: snapshot.resourceDigest,
      seq,
      attributes: new Map(snapshot.resourcePairs.map(([k, v]) => [k, JSON.stringify(v)])),
    };
    const list = stream.signedResources;
    let i = list.length;
    while (i > 0 && list[i - 1]!.seq > seq) i--;
    list.splice(i, 0, entry);
  }
}
