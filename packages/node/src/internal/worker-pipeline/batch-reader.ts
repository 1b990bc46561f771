/**
 * Worker side of the hand-off: turns a batch back into log records for seclog's chain, in the order the application
 * emitted them. Resources and instrumentation scopes are rebuilt once per id, so records keep sharing them by identity
 * (the OTLP encoders group by identity) exactly as the SDK's records do.
 */
import type { AnyValue, Attributes, HrTime, SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ByteReader, FRAME } from './record-codec.js';

/** The mark `@seclog/snapshot` sets on a record whose values are already plain data (a `Symbol.for`, shared). */
const SNAPSHOT_TAKEN = Symbol.for('seclog.snapshot.taken');

/**
 * A log record rebuilt in the worker: the fields of the SDK's record, with its setters. Attribute limits were applied
 * by the SDK on the application's thread when the record was emitted; setters here add what seclog's processors
 * write (seal attributes, conformance tags, redacted values) without applying them again.
 */
export class WorkerLogRecord implements ReadWriteLogRecord {
  hrTime: HrTime;
  hrTimeObserved: HrTime;
  spanContext?: SpanContext;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly attributes: Attributes;
  severityText?: string;
  severityNumber?: number;
  body?: AnyValue;
  eventName?: string;
  droppedAttributesCount: number;
  readonly [SNAPSHOT_TAKEN] = true;

  constructor(fields: {
    resource: Resource;
    instrumentationScope: InstrumentationScope;
    hrTime: HrTime;
    hrTimeObserved: HrTime;
    severityNumber: unknown;
    severityText: unknown;
    eventName: unknown;
    spanContext: SpanContext | undefined;
    droppedAttributesCount: number;
    attributes: Attributes;
    body: unknown;
  }) {
    this.resource = fields.resource;
    this.instrumentationScope = fields.instrumentationScope;
    this.hrTime = fields.hrTime;
    this.hrTimeObserved = fields.hrTimeObserved;
    this.severityNumber = fields.severityNumber as number | undefined;
    this.severityText = fields.severityText as string | undefined;
    this.eventName = fields.eventName as string | undefined;
    if (fields.spanContext) this.spanContext = fields.spanContext;
    this.droppedAttributesCount = fields.droppedAttributesCount;
    this.attributes = fields.attributes;
    this.body = fields.body as AnyValue;
  }

  setAttribute(key: string, value?: AnyValue): this {
    // As the SDK: undefined values and empty keys are not set.
    if (value === undefined || key.length === 0) return this;
    if (key === '__proto__') {
      Object.defineProperty(this.attributes, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      (this.attributes as Record<string, unknown>)[key] = value;
    }
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const [k, v] of Object.entries(attributes)) this.setAttribute(k, v);
    return this;
  }

  setBody(body: AnyValue): this {
    this.body = body;
    return this;
  }

  setEventName(eventName: string): this {
    this.eventName = eventName;
    return this;
  }

  setSeverityNumber(severityNumber: number): this {
    this.severityNumber = severityNumber;
    return this;
  }

  setSeverityText(severityText: string): this {
    this.severityText = severityText;
    return this;
  }
}

/** What a batch holds, in order: records to seal and counts of records refused at the hand-off. */
export type BatchItem =
  | { readonly kind: 'record'; readonly record: WorkerLogRecord }
  | { readonly kind: 'refused'; readonly count: number };

/** Reads batches; keeps the resources and scopes defined so far. */
export class BatchReader {
  readonly #resources = new Map<number, Resource>();
  readonly #scopes = new Map<number, InstrumentationScope>();
  #lastResource: Resource | undefined;

  /** The resource most recently defined (opens a stream to declare refusals when no record came yet). */
  get lastResource(): Resource | undefined {
    return this.#lastResource;
  }

  /** Calls `each` for every record and refusal count in the batch, in order. Throws on a malformed batch (a bug). */
  read(buffer: ArrayBuffer, length: number, each: (item: BatchItem) => void): void {
    const r = new ByteReader(Buffer.from(buffer, 0, length), length);
    while (r.pos < r.end) {
      const kind = r.u8();
      switch (kind) {
        case FRAME.record:
          each({ kind: 'record', record: this.#record(r) });
          break;
        case FRAME.refused:
          each({ kind: 'refused', count: r.u32() });
          break;
        case FRAME.resource:
          this.#defineResource(r);
          break;
        case FRAME.scope:
          this.#defineScope(r);
          break;
        default:
          throw new RangeError(`hand-off batch: unknown frame ${kind}`);
      }
    }
  }

  #record(r: ByteReader): WorkerLogRecord {
    const resource = this.#resources.get(r.u32());
    const instrumentationScope = this.#scopes.get(r.u32());
    if (!resource || !instrumentationScope) throw new RangeError('hand-off batch: record before its definitions');
    const hrTime: HrTime = [r.value() as number, r.value() as number];
    const hrTimeObserved: HrTime = [r.value() as number, r.value() as number];
    const severityNumber = r.value();
    const severityText = r.value();
    const eventName = r.value();
    const spanContext =
      r.u8() === 1 ? ({ traceId: r.value(), spanId: r.value(), traceFlags: r.value() } as SpanContext) : undefined;
    const droppedAttributesCount = r.value() as number;
    const attributes = r.mapInto({}) as Attributes;
    const body = r.value();
    return new WorkerLogRecord({
      resource,
      instrumentationScope,
      hrTime,
      hrTimeObserved,
      severityNumber,
      severityText,
      eventName,
      spanContext,
      droppedAttributesCount,
      attributes,
      body,
    });
  }

  #defineResource(r: ByteReader): void {
    const id = r.u32();
    const attributes = r.mapInto({}) as Attributes;
    const schemaUrl = r.value();
    const resource = resourceFromAttributes(attributes, typeof schemaUrl === 'string' ? { schemaUrl } : undefined);
    this.#resources.set(id, resource);
    this.#lastResource = resource;
  }

  #defineScope(r: ByteReader): void {
    const id = r.u32();
    const name = r.value();
    const version = r.value();
    const schemaUrl = r.value();
    const attributes = r.value();
    const droppedAttributesCount = r.value();
    // Only the fields the SDK's scope had: an absent version and an empty one are sealed differently.
    const scope: {
      name: string;
      version?: string;
      schemaUrl?: string;
      attributes?: Attributes;
      droppedAttributesCount?: number;
    } = { name: typeof name === 'string' ? name : '' };
    if (version !== undefined) scope.version = version as string;
    if (schemaUrl !== undefined) scope.schemaUrl = schemaUrl as string;
    if (attributes !== undefined) scope.attributes = attributes as Attributes;
    if (typeof droppedAttributesCount === 'number') scope.droppedAttributesCount = droppedAttributesCount;
    this.#scopes.set(id, scope);
  }
}
