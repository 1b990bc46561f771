/**
 * Resource digests (slot 3 of every record) with a cache per `Resource` object. While async resource attributes are
 * pending, reading `attributes` would log an error, so the settled raw values are used and the digest is not cached:
 * a resource-snapshot leaf follows once the rest arrives.
 */
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { resourceDigestOfText } from '../../canonical/digest.js';
import { canonicalResourceText } from '../../canonical/from-record.js';

type Resource = ReadWriteLogRecord['resource'];

/** A resource's canonical text and its base64 digest. */
export interface ResourceDigest {
  readonly digest: string;
  readonly text: string;
}

export class ResourceDigests {
  readonly #cache = new WeakMap<Resource, ResourceDigest>();

  /** The digest of the resource as known now. */
  of(resource: Resource): ResourceDigest {
    const cached = this.#cache.get(resource);
    if (cached !== undefined && !resource.asyncAttributesPending) return cached;
    const text = canonicalResourceText(this.settledAttributes(resource));
    const rd = { digest: resourceDigestOfText(text), text };
    if (!resource.asyncAttributesPending) this.#cache.set(resource, rd);
    return rd;
  }

  /** The resource attributes known now (settled raw values while async attributes are pending). */
  settledAttributes(resource: Resource): Readonly<Record<string, unknown>> {
    if (!resource.asyncAttributesPending) return resource.attributes;
    const attributes: Record<string, unknown> = {};
    for (const [k, v] of resource.getRawAttributes()) if (v !== undefined && !(v instanceof Promise)) attributes[k] = v;
    return attributes;
  }
}
