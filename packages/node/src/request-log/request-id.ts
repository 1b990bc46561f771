import { randomBytes } from 'node:crypto';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/** Accepted shape of an incoming request id: short, no spaces or control characters (log-injection safe). */
const REQUEST_ID_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: the active span's trace id, else a well-formed incoming header value, else a fresh random id.
 */
export function resolveRequestId(header: string | string[] | undefined, generate: () => string): string {
  const spanContext = trace.getSpanContext(context.active());
  if (spanContext !== undefined && isSpanContextValid(spanContext)) return spanContext.traceId;
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && REQUEST_ID_SHAPE.test(value)) return value;
  return generate();
}

/** 128 random bits as 32 hex characters (the shape of a trace id). */
export function generateRequestId(): string {
  return randomBytes(16).toString('hex');
}
