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
  /** The instance's HTTP server, observed too: fastify answers some requests before any hook runs. */
  readonly server?: unknown;
}

/** One exchange: the fastify request, once the `onRequest` hook has seen it. */
interface Exchange<Req> {
  request?: Req;
}

interface RequestEmitter {
  prependListener(event: 'request', listener: (req: IncomingMessage, res: ServerResponse) => void): unknown;
}

/**
 * Fastify request log: one record per request with `routeOptions.url` as the route template (404s: `unmatched`).
 * Registers an `onRequest` hook on the root instance, so it covers every route and plugin, and observes the
 * instance's server, so requests fastify answers before any hook (400 bad URL encoding, 414 parameter too long,
 * 503 while closing) get their `unmatched` record too.
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
  const getUserId = options.getUserId;
  const observer = createExchangeObserver<Exchange<Req>>(
    {
      ...options,
      // A non-function is passed on as is, so the observer's validation names it.
      getUserId:
        typeof getUserId === 'function'
          ? (exchange) => (exchange.request === undefined ? undefined : getUserId(exchange.request))
          : (getUserId as undefined),
    },
    'registerFastifyRequestLog',
  );
  const exchanges = new WeakMap<IncomingMessage, Exchange<Req>>();
  const observe = (req: IncomingMessage, res: ServerResponse): Exchange<Req> => {
    const exchange: Exchange<Req> = {};
    // routeOptions.url is the template of the matched route (undefined when nothing matched).
    observer.observe(exchange, req, res, () => exchange.request?.routeOptions?.url);
    exchanges.set(req, exchange);
    return exchange;
  };
  const server = app.server as Partial<RequestEmitter> | null | undefined;
  if (server !== null && typeof server === 'object' && typeof server.prependListener === 'function') {
    server.prependListener('request', (req, res) => {
      try {
        observe(req, res);
      } catch {
        // Never let logging break the response path; the hook observes the request instead.
      }
    });
  }
  app.addHook('onRequest', (request, reply, done) => {
    // Requests the server listener did not see (inject(), extra listen bindings) are observed here.
    const exchange = exchanges.get(request.raw) ?? observe(request.raw, reply.raw);
    exchange.request = request as Req;
    done();
  });
}
