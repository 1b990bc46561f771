// A loopback capture server standing in for a SIEM's OTLP/HTTP intake (Elastic's native OTLP endpoint, the Datadog
// Agent): it records what the collector's `otlphttp` exporters deliver, so tests can assert what a SIEM would index
// (redacted, sealed, ECS fields), and can play "down" (503) to exercise sending queues.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';

/** One captured HTTP request, body decompressed. */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** HTTP status the capture answered with. */
  status?: number;
}

/** A running capture server. */
export interface CaptureServer {
  url: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
  if (encoding === 'deflate') return inflateSync(raw).toString('utf8');
  return raw.toString('utf8');
}

async function start(handler: (req: CapturedRequest, res: ServerResponse) => void): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const captured: CapturedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(captured);
    handler(captured, res);
    captured.status = res.statusCode;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * OTLP/HTTP intake (what Elastic's native OTLP endpoint and the Datadog Agent expose): accepts `POST …/v1/logs` with
 * JSON bodies (`encoding: json` on the collector's `otlphttp` exporter). `status` decides each answer (e.g. 503 while
 * the "SIEM" is down); an optional header is required.
 */
export async function startOtlpHttpCapture(
  options: { requiredHeader?: { name: string; value: string }; status?: () => number } = {},
): Promise<CaptureServer> {
  return start((req, res) => {
    const { requiredHeader, status } = options;
    if (requiredHeader && req.headers[requiredHeader.name.toLowerCase()] !== requiredHeader.value) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(status?.() ?? 200, { 'content-type': 'application/json' }).end('{}');
  });
}

/** Every OTLP/JSON log record delivered, with its resource and scope. */
export function parseOtlpJsonLogs(requests: readonly CapturedRequest[]): {
  resource: Record<string, unknown>;
  scope: string;
  record: { eventName?: string; attributes?: { key: string; value?: Record<string, unknown> }[]; body?: unknown };
}[] {
  const out: ReturnType<typeof parseOtlpJsonLogs> = [];
  for (const r of requests) {
    if (!r.path.endsWith('/v1/logs') || r.status !== 200 || !String(r.headers['content-type']).includes('json'))
      continue;
    const payload = JSON.parse(r.body) as {
      resourceLogs?: {
        resource?: Record<string, unknown>;
        scopeLogs?: {
          scope?: { name?: string };
          logRecords?: ReturnType<typeof parseOtlpJsonLogs>[number]['record'][];
        }[];
      }[];
    };
    for (const rl of payload.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const record of sl.logRecords ?? [])
          out.push({ resource: rl.resource ?? {}, scope: sl.scope?.name ?? '', record });
      }
    }
  }
  return out;
}
