import { randomBytes } from 'node:crypto';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';

/** Accepted shape of an incoming request id: short, no spaces or control characters (log-injection safe). */
const REQUEST_ID_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: the active span's trace id, else a well-formed incoming header value when `headerTrusted` (the
 * peer is a trusted proxy: a client must not pick its own id, nor reuse another request's), else a generated id.
 * A generator that throws or returns anything but a well-formed id is replaced by {@link generateRequestId}: the id
 * is echoed in a response header, and an invalid header value would throw into the request path.
 */
export function resolveRequestId(
  header: string | string[] | undefined,
  generate: () => string,
  headerTrusted: boolean,
): string {
  const spanContext = trace.getSpanContext(context.active());
  if (spanContext !== undefined && isSpanContextValid(spanContext)) return spanContext.traceId;
  const value = Array.isArray(header) ? header[0] : header;
  if (headerTrusted && value !== undefined && REQUEST_ID_SHAPE.test(value)) return value;
  if (generate === generateRequestId) return generateRequestId();
  try {
    const id = generate();
    if (typeof id === 'string' && REQUEST_ID_SHAPE.test(id)) return id;
  } catch {
    // fall through to the default generator
  }
  return generateRequestId();
}

/** 128 random bits as 32 hex characters (the shape of a trace id). */
export function generateRequestId(): string {
  return randomBytes(16).toString('hex');
}
