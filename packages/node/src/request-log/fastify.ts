import type { IncomingMessage, ServerResponse } from 'node:http';
import { createExchangeObserver, type RequestLogOptions } from './exchange-observer.js';

/**
 * The parts of a fastify request the logger reads (structural: fastify stays an optional peer). Optional fields
 * accept `undefined`, as fastify's own types give them (`exactOptionalPropertyTypes`).
 */
export interface FastifyRequestLike {
  raw: IncomingMessage;
  routeOptions?: { url?: string | undefined } | undefined;
}

/** The parts of a fastify reply the logger reads. */
export interface FastifyReplyLike {
  raw: ServerResponse;
}

/** The parts of a fastify instance the logger uses. */
export interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: (err?: Error) => void) => void,
  ): unknown;
}

/**
 * Fastify request log: one record per request with `routeOptions.url` as the route template (404s: `unmatched`).
 * Registers an `onRequest` hook on the root instance, so it covers every route and plugin.
 *
 * @example
 * ```ts
 * const app = Fastify();
 * registerFastifyRequestLog(app, { trustedProxies: ['10.0.0.0/8'] });
 * ```
 */
export function registerFastifyRequestLog<Req extends FastifyRequestLike = FastifyRequestLike>(
  app: FastifyLike,
  options: RequestLogOptions<Req> = {},
): void {
  if (app === null || typeof app !== 'object' || typeof app.addHook !== 'function') {
    throw new TypeError('registerFastifyRequestLog: app must be a fastify instance');
  }
  const observer = createExchangeObserver<Req>(options, 'registerFastifyRequestLog');
  app.addHook('onRequest', (request, reply, done) => {
    // routeOptions.url is the template of the matched route (undefined when nothing matched).
    observer.observe(request as Req, request.raw, reply.raw, () => request.routeOptions?.url);
    done();
  });
}
