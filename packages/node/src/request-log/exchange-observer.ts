import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { type Context, context as contextApi, diag, type Logger, logs } from '@opentelemetry/api';
import { generateRequestId, resolveRequestId } from './request-id.js';
import {
  normalizeMethod,
  type RequestFacts,
  requestLogAttributes,
  requestLogBody,
  requestLogSeverity,
  UNMATCHED_ROUTE,
} from './request-log-record.js';
import {
  compileTrustedProxies,
  normalizeAddress,
  type ProxyTrust,
  resolveClientAddress,
  type TrustedProxies,
} from './trusted-proxies.js';

/** Options shared by the express, fastify and node:http request loggers. */
export interface RequestLogOptions<Req = IncomingMessage> {
  /** Logger to emit on; default: `logs.getLogger('@seclog/node/request-log')` from the global provider. */
  logger?: Logger;
  /** Proxies allowed to report the client in `X-Forwarded-For` (and the scheme in `X-Forwarded-Proto`). */
  trustedProxies?: TrustedProxies;
  /** Reads the authenticated user id at the end of the request (after auth middleware ran). */
  getUserId?: (request: Req) => string | undefined;
  /**
   * Incoming/outgoing request-id header (default `x-request-id`). The incoming value is used only when the socket
   * peer is in `trustedProxies`; a client's own value is replaced by a generated id.
   */
  requestIdHeader?: string;
  /** Echo the request id in the response header (default true). */
  echoRequestId?: boolean;
  /**
   * Id generator when there is no active span and no usable header (default 128 random bits, hex). A result that
   * is not 1–128 chars of `[A-Za-z0-9._:-]`, or a throw, falls back to the default.
   */
  generateRequestId?: () => string;
}

/** Starts observing one exchange; the record is emitted once, when the response finishes or the client aborts. */
export interface ExchangeObserver<Req> {
  observe(request: Req, req: IncomingMessage, res: ServerResponse, routeOf: () => string | undefined): string;
}

const SCOPE = '@seclog/node/request-log';

/** The client address a request log resolved, by the request's `IncomingMessage` (the first observer's). */
const clientAddresses = new WeakMap<object, string>();

/**
 * The client address the request log resolved for this request (`trustedProxies` applied, `::ffff:a.b.c.d` as
 * `a.b.c.d`): the record's `client.address`, to pass as `clientAddress` of the request's security events so both carry
 * one pseudonym. Takes express's `req`, a `node:http` request or fastify's `request` (its `raw` is looked up);
 * `undefined` when no request log observed the request (mount the middleware before the routes) or it had no peer.
 *
 * @example
 * ```ts
 * security.authenticationLogin({ ...facts, clientAddress: clientAddressOf(req) ?? 'unknown' });
 * ```
 */
export function clientAddressOf(request: IncomingMessage | { readonly raw: object }): string | undefined {
  if (request === null || typeof request !== 'object') return undefined;
  return clientAddresses.get(request) ?? ('raw' in request ? clientAddresses.get(request.raw) : undefined);
}

/** Validates options (errors name the field) and returns the framework-independent observer. */
export function createExchangeObserver<Req>(
  options: RequestLogOptions<Req> = {},
  who = 'requestLog',
): ExchangeObserver<Req> {
  if (options === null || typeof options !== 'object') throw new TypeError(`${who}: options must be an object`);
  const trust: ProxyTrust = compileTrustedProxies(options.trustedProxies, `${who}: trustedProxies`);
  const header = (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  if (!/^[a-z0-9-]{1,64}$/.test(header)) throw new TypeError(`${who}: requestIdHeader must be a header name`);
  if (options.getUserId !== undefined && typeof options.getUserId !== 'function') {
    throw new TypeError(`${who}: getUserId must be a function`);
  }
  if (options.generateRequestId !== undefined && typeof options.generateRequestId !== 'function') {
    throw new TypeError(`${who}: generateRequestId must be a function`);
  }
  const echo = options.echoRequestId ?? true;
  const generate = options.generateRequestId ?? generateRequestId;
  const loggerOf = (): Logger => options.logger ?? logs.getLogger(SCOPE);

  return {
    observe(request, req, res, routeOf) {
      const started = process.hrtime.bigint();
      // Resolved on arrival, while the socket is certain to be there, and shared with clientAddressOf(), so the
      // request's security events carry the same address as its record.
      const { peer, peerTrusted, clientAddress } = addressesOf(req, trust);
      if (clientAddress !== undefined && !clientAddresses.has(req)) clientAddresses.set(req, clientAddress);
      const requestId = resolveRequestId(req.headers[header], generate, peerTrusted);
      if (echo && !res.headersSent) res.setHeader(header, requestId);
      const bytes = countResponseBytes(res);
      const ctx: Context = contextApi.active();
      let done = false;
      const finish = (aborted: boolean) => {
        if (done) return;
        done = true;
        try {
          const facts: RequestFacts = {
            requestId,
            method: normalizeMethod(req.method),
            route: safeRoute(routeOf),
            // `res.statusCode` is 200 until a handler sets it: only a status that went out is the response's.
            statusCode: res.headersSent ? res.statusCode : undefined,
            scheme: schemeOf(req, peerTrusted),
            clientAddress,
            peerAddress: peer,
            userAgent: req.headers['user-agent'],
            userId: safeUser(options.getUserId, request),
            responseBytes: bytes(),
            durationMs: Number(process.hrtime.bigint() - started) / 1e6,
            protocolVersion: req.httpVersion,
            aborted,
          };
          loggerOf().emit({
            ...requestLogSeverity(facts.statusCode),
            body: requestLogBody(facts),
            attributes: requestLogAttributes(facts),
            context: ctx,
          });
        } catch (error) {
          // Never let logging break the response path.
          diag.error('seclog request log failed', error);
        }
      };
      res.once('finish', () => finish(false));
      res.once('close', () => finish(!res.writableFinished));
      return requestId;
    },
  };
}

function addressesOf(
  req: IncomingMessage,
  trust: ProxyTrust,
): { peer?: string | undefined; peerTrusted: boolean; clientAddress?: string | undefined } {
  try {
    const rawPeer = req.socket?.remoteAddress;
    const peer = rawPeer === undefined ? undefined : normalizeAddress(rawPeer);
    return {
      peer,
      peerTrusted: peer !== undefined && trust.isTrusted(peer),
      clientAddress: resolveClientAddress(peer, req.headers['x-forwarded-for'], trust),
    };
  } catch (error) {
    // Never let logging break the response path.
    diag.error('seclog request log could not read the client address', error);
    return { peerTrusted: false };
  }
}

function safeRoute(routeOf: () => string | undefined): string {
  try {
    const route = routeOf();
    return typeof route === 'string' && route !== '' ? route.slice(0, 256) : UNMATCHED_ROUTE;
  } catch {
    return UNMATCHED_ROUTE;
  }
}

function safeUser<Req>(
  getUserId: ((request: Req) => string | undefined) | undefined,
  request: Req,
): string | undefined {
  if (getUserId === undefined) return undefined;
  try {
    const id = getUserId(request);
    return typeof id === 'string' && id !== '' ? id.slice(0, 256) : undefined;
  } catch {
    return undefined;
  }
}

function schemeOf(req: IncomingMessage, peerTrusted: boolean): 'http' | 'https' {
  if ((req.socket as TLSSocket | undefined)?.encrypted === true) return 'https';
  if (peerTrusted) {
    const proto = req.headers['x-forwarded-proto'];
    const last = (Array.isArray(proto) ? proto.join(',') : (proto ?? '')).split(',').pop()?.trim().toLowerCase();
    if (last === 'https') return 'https';
  }
  return 'http';
}

/** Counts body bytes by wrapping `write`/`end` (headers excluded; HEAD and 304 count 0). */
function countResponseBytes(res: ServerResponse): () => number {
  let total = 0;
  const add = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === 'string')
      total += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) total += chunk.byteLength;
  };
  const originalWrite = res.write;
  const originalEnd = res.end;
  res.write = function write(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    add(chunk, rest[0]);
    return (originalWrite as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  res.end = function end(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') add(chunk, rest[0]);
    return (originalEnd as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse['end'];
  return () => total;
}
