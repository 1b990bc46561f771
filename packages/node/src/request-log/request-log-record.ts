import { type Attributes, SeverityNumber } from '@opentelemetry/api';
import { HTTP_REQUEST_METHOD_OTHER, HTTP_REQUEST_METHODS } from '@seclog/semconv';

/** Everything one request-log line says (Lograge style: one record per request). */
export interface RequestFacts {
  requestId: string;
  method: string;
  /** Route template (`/users/:id`), `unmatched`, never the raw path. */
  route: string;
  /** The status sent; absent when the client went away before any response was sent. */
  statusCode?: number | undefined;
  scheme: 'http' | 'https';
  clientAddress?: string;
  peerAddress?: string;
  userAgent?: string;
  userId?: string;
  responseBytes: number;
  durationMs: number;
  protocolVersion?: string;
  /** The client went away before the response finished. */
  aborted: boolean;
}

/** Route value used when no template matched (404s, node:http without a matcher). */
export const UNMATCHED_ROUTE = 'unmatched';

const KNOWN_METHODS: ReadonlySet<string> = new Set(HTTP_REQUEST_METHODS);
const MAX_USER_AGENT_CHARS = 512;

/** HTTP semconv method normalisation: unknown verbs become `_OTHER` (bounded cardinality, no attacker text). */
export function normalizeMethod(method: string | undefined): string {
  const upper = (method ?? '').toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : HTTP_REQUEST_METHOD_OTHER;
}

/**
 * The record's attributes, with OTel HTTP semconv names where they exist (`http.request.method`, `http.route`,
 * `http.response.status_code`, `url.scheme`, `client.address`, `network.peer.address`, `user_agent.original`,
 * `http.response.body.size`, `network.protocol.version`, `user.id`) and `seclog.request.*` for the rest.
 * No query string, cookies or headers: they are not in {@link RequestFacts} at all.
 */
export function requestLogAttributes(facts: RequestFacts): Attributes {
  const attributes: Attributes = {
    'http.request.method': facts.method,
    'http.route': facts.route,
    'url.scheme': facts.scheme,
    'http.response.body.size': facts.responseBytes,
    'seclog.request.id': facts.requestId,
    'seclog.request.duration_ms': Math.round(facts.durationMs * 1000) / 1000,
  };
  if (facts.statusCode !== undefined) attributes['http.response.status_code'] = facts.statusCode;
  if (facts.clientAddress !== undefined) attributes['client.address'] = facts.clientAddress;
  if (facts.peerAddress !== undefined) attributes['network.peer.address'] = facts.peerAddress;
  if (facts.userAgent !== undefined) attributes['user_agent.original'] = facts.userAgent.slice(0, MAX_USER_AGENT_CHARS);
  if (facts.userId !== undefined) attributes['user.id'] = facts.userId;
  if (facts.protocolVersion !== undefined) attributes['network.protocol.version'] = facts.protocolVersion;
  if (facts.aborted) attributes['seclog.request.aborted'] = true;
  return attributes;
}

/** `GET /users/:id 200 3.2ms` (`-` for a status never sent): the human line, built from the template only. */
export function requestLogBody(facts: RequestFacts): string {
  return `${facts.method} ${facts.route} ${facts.statusCode ?? '-'} ${facts.durationMs.toFixed(1)}ms`;
}

/**
 * 5xx → ERROR, 4xx → WARN, otherwise INFO; no status (the client left before any response: a hung handler, a
 * slow-request attack or an impatient client) → WARN, never the 200 the response object defaults to.
 */
export function requestLogSeverity(statusCode: number | undefined): {
  severityNumber: SeverityNumber;
  severityText: string;
} {
  if (statusCode === undefined) return { severityNumber: SeverityNumber.WARN, severityText: 'WARN' };
  if (statusCode >= 500) return { severityNumber: SeverityNumber.ERROR, severityText: 'ERROR' };
  if (statusCode >= 400) return { severityNumber: SeverityNumber.WARN, severityText: 'WARN' };
  return { severityNumber: SeverityNumber.INFO, severityText: 'INFO' };
}
