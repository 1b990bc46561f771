/**
 * In front of seclog's chain when another SDK (NodeSDK) owns the LoggerProvider: its resource was not built by seclog
 * and can carry secrets (NodeSDK's process detector puts the full command line in `process.command_args`). Each record's
 * resource is replaced by its redacted copy before redaction and sealing, so the archive never holds the raw one.
 */
import type { Context } from '@opentelemetry/api';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/** Writable view of the SDK record's `resource` (a plain field of the SDK's LogRecordImpl, typed readonly). */
type RecordWithResource = { resource: Resource };

/**
 * Replaces `record.resource` with `redact(resource)`, computed once per resource (a resource whose async attributes
 * are still pending is redacted from what has settled, and again once it has). Never throws into `emit`: if the
 * record cannot be changed, it is handed on and the failure counted.
 */
export class ResourceRedactingProcessor implements LogRecordProcessor {
  readonly #next: LogRecordProcessor;
  readonly #redact: (resource: Resource) => Resource;
  readonly #settled = new WeakMap<Resource, Resource>();
  #failures = 0;

  constructor(next: LogRecordProcessor, redact: (resource: Resource) => Resource) {
    this.#next = next;
    this.#redact = redact;
  }

  /** Records whose resource could not be replaced (handed on unchanged; the sealed resource shows what they had). */
  get failures(): number {
    return this.#failures;
  }

  onEmit(logRecord: ReadWriteLogRecord, context?: Context): void {
    try {
      const record = logRecord as unknown as RecordWithResource;
      record.resource = this.#redactedOf(record.resource);
    } catch {
      this.#failures++;
    }
    this.#next.onEmit(logRecord, context);
  }

  forceFlush(): Promise<void> {
    return this.#next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#next.shutdown();
  }

  #redactedOf(resource: Resource): Resource {
    const known = this.#settled.get(resource);
    if (known !== undefined) return known;
    if (resource.asyncAttributesPending) {
      // Only what has settled; pending values are not shipped before they can be redacted.
      return this.#redact(settledPart(resource));
    }
    const redacted = this.#redact(resource);
    this.#settled.set(resource, redacted);
    // A redacted resource passed in again (another seclog chain in front) stays as it is.
    this.#settled.set(redacted, redacted);
    return redacted;
  }
}

function settledPart(resource: Resource): Resource {
  const schema = resource.schemaUrl === undefined ? undefined : { schemaUrl: resource.schemaUrl };
  return resourceFromAttributes(resource.attributes, schema);
}
