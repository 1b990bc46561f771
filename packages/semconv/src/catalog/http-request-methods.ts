/**
 * The HTTP request methods OpenTelemetry names as known values of `http.request.method` (anything else is reported
 * as `_OTHER`, which keeps cardinality bounded and attacker-chosen verbs out of the data). One list for every
 * package: the request log normalises with it, the OCSF projection derives its subset from it.
 */
export const HTTP_REQUEST_METHODS = [
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  // RFC 9110-style safe method with a body (IETF httpbis draft); a known value in recent HTTP semantic conventions.
  'QUERY',
  'TRACE',
] as const;

/** A known HTTP request method. */
export type HttpRequestMethod = (typeof HTTP_REQUEST_METHODS)[number];

/** The value OpenTelemetry uses for any other method. */
export const HTTP_REQUEST_METHOD_OTHER = '_OTHER';
