import type { IncomingMessage, ServerResponse } from 'node:http';
import { createExchangeObserver, type RequestLogOptions } from './exchange-observer.js';
import { type ExpressRequestLike, expressRouteTemplate } from './express-route-template.js';

/** An express-compatible middleware (typed structurally so express stays an optional peer). */
export type ExpressMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * Express request log: one record per request with the route template (`/orgs/:orgId/users/:id`, never the raw
 * path), status, duration, response bytes, request id and client address. Mount it before the routes.
 *
 * @example
 * ```ts
 * app.use(expressRequestLog({ trustedProxies: ['loopback'], getUserId: (req) => req.user?.id }));
 * ```
 */
export function expressRequestLog<Req extends IncomingMessage = IncomingMessage>(
  options: RequestLogOptions<Req> = {},
): ExpressMiddleware {
  const observer = createExchangeObserver<Req>(options, 'expressRequestLog');
  return (req, res, next) => {
    observer.observe(req as Req, req, res, () => expressRouteTemplate(req as IncomingMessage & ExpressRequestLike));
    next();
  };
}
