import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { createRedactor } from './redactor.js';
import type { RedactionPolicyInput, Redactor } from './types.js';

/**
 * Returns a new Resource with redacted attributes (a processor cannot change the resource in `onEmit`). Call it at
 * setup, after `await resource.waitForAsyncAttributes?.()`: pending async attributes cannot be redacted and are
 * refused with an error.
 *
 * @example
 * const resource = redactResource(detectedResource);
 * const provider = new LoggerProvider({ resource, processors: [new RedactionProcessor({ next })] });
 */
export function redactResource(resource: Resource, policy?: RedactionPolicyInput | Redactor): Resource {
  if (resource.asyncAttributesPending) {
    throw new Error(
      'redactResource: the resource has pending async attributes; await resource.waitForAsyncAttributes() first',
    );
  }
  const redactor =
    policy !== undefined && 'redactAttributes' in policy
      ? (policy as Redactor)
      : createRedactor(policy as RedactionPolicyInput | undefined);
  const attrs = resource.attributes;
  const out = redactor.redactAttributes(attrs as Record<string, unknown>);
  if (out === attrs) return resource;
  return resourceFromAttributes(
    out as typeof attrs,
    resource.schemaUrl === undefined ? undefined : { schemaUrl: resource.schemaUrl },
  );
}
