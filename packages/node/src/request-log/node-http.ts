import type { IncomingMessage, ServerResponse } from 'node:http';
import { createExchangeObserver, type RequestLogOptions } from './exchange-observer.js';

/** Options of {@link withRequestLog}: the shared options plus a route matcher. */
export interface NodeHttpRequestLogOptions extends RequestLogOptions<IncomingMessage> {
  /**
   * Maps a request to its route template (`/users/:id`); return `undefined` for `unmatched`. Without it every
   * request is logged as `unmatched`: node:http has no router, and the raw path may carry ids or emails.
   */
  route?: (req: IncomingMessage) => string | undefined;
}

/**
 * Wraps a plain `node:http` request listener with the request log.
 *
 * @example
 * ```ts
 * http.createServer(withRequestLog(handler, { route: (req) => (req.url?.startsWith('/users/') ? '/users/:id' : undefined) }));
 * ```
 */
export function withRequestLog(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  options: NodeHttpRequestLogOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof listener !== 'function') throw new TypeError('withRequestLog: listener must be a function');
  if (options.route !== undefined && typeof options.route !== 'function') {
    throw new TypeError('withRequestLog: route must be a function (req) => template | undefined');
  }
  const observer = createExchangeObserver(options, 'withRequestLog');
  const route = options.route;
  return (req, res) => {
    observer.observe(req, req, res, () => route?.(req));
    listener(req, res);
  };
}
