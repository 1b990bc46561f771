/**
 * Benchmark workloads W1–W8 (docs/design/redaction.md#measuring-it), built from seeded generators. Each workload is a
 * list of log records
 * `{ body, attributes }` plus the key paths a pino-style (key-only) redactor needs for the same keys.
 */
import { ADVERSARIAL_INPUTS, MIB } from '../test/quality/corpus/adversarial-inputs.ts';
import { buildThroughputCorpus, buildThroughputLines } from '../test/quality/corpus/log-corpus.ts';
import { BASE62, createPrng, HEX, LOWER } from '../test/quality/corpus/prng.ts';
import { githubToken } from '../test/quality/corpus/secret-generators.ts';

export interface BenchRecord {
  body: unknown;
  attributes: Record<string, unknown>;
}

export interface Workload {
  id: string;
  title: string;
  records: BenchRecord[];
  /** fast-redact / @pinojs/redact paths covering the sensitive keys (only for key-based workloads). */
  paths?: string[];
  /** The secret values planted in the records (to measure what key-only redactors leak). */
  planted: string[];
}

const RECORDS_PER_WORKLOAD = 64;

export function w1(): Workload {
  const p = createPrng(101);
  const planted: string[] = [];
  const records = Array.from({ length: RECORDS_PER_WORKLOAD }, (): BenchRecord => {
    const password = `${p.chars(BASE62, 14)}!`;
    planted.push(password);
    return {
      body: 'user login succeeded',
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/v1/login',
        'http.response.status_code': 200,
        'user.id': `u_${p.digits(6)}`,
        duration_ms: p.int(1, 900) / 10,
        'service.name': 'auth',
        'server.port': 443,
        retry: false,
        'cloud.region': 'eu-west-1',
        password,
      },
    };
  });
  return {
    id: 'W1',
    title: '10-attribute record, one sensitive key',
    records,
    paths: ['attributes.password'],
    planted,
  };
}

export function w2(): Workload {
  const p = createPrng(102);
  const planted: string[] = [];
  const records = Array.from({ length: RECORDS_PER_WORKLOAD }, (): BenchRecord => {
    const bearer = p.chars(`${BASE62}._-`, 40);
    const sid = p.chars(BASE62, 32);
    planted.push(bearer, sid);
    return {
      body: { msg: 'request completed', durationMs: p.int(1, 500) },
      attributes: {
        'http.request.method': 'GET',
        'url.path': `/v1/orders/${p.int(1, 99999)}`,
        'http.response.status_code': 200,
        headers: {
          host: 'api.shop.internal',
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/130.0',
          accept: 'application/json',
          authorization: `Bearer ${bearer}`,
          cookie: `sid=${sid}; theme=dark`,
          'content-type': 'application/json',
          'x-request-id': p.chars(HEX, 32),
        },
      },
    };
  });
  return {
    id: 'W2',
    title: 'HTTP server log with a headers map (Authorization, Cookie)',
    records,
    paths: ['attributes.headers.authorization', 'attributes.headers.cookie'],
    planted,
  };
}

export function w3(): Workload {
  const lines = buildThroughputLines(103, RECORDS_PER_WORKLOAD, 0);
  return {
    id: 'W3',
    title: '~110 B clean text body',
    records: lines.map((body) => ({ body, attributes: { 'service.name': 'api' } })),
    planted: [],
  };
}

export function w4(): Workload {
  const p = createPrng(104);
  const planted: string[] = [];
  const records = Array.from({ length: RECORDS_PER_WORKLOAD }, (): BenchRecord => {
    const clean = buildThroughputLines(p.int(1, 1e9), 20, 0).join('\n');
    const token = githubToken(p);
    planted.push(token);
    const at = p.int(0, 1900);
    return { body: `${clean.slice(0, at)} token ${token} ${clean.slice(at)}`.slice(0, 2048), attributes: {} };
  });
  return { id: 'W4', title: '2 KiB body with one secret', records, planted };
}

export function w5(): Workload {
  const records: BenchRecord[] = [];
  const planted: string[] = [];
  for (let i = 0; i < 4; i++) {
    const c = buildThroughputCorpus(105 + i, 560, 0.05);
    const body = c.lines.join('\n').slice(0, 64 * 1024);
    records.push({ body, attributes: {} });
    planted.push(...leakProbes(c.planted).filter((v) => body.includes(v)));
  }
  return { id: 'W5', title: '64 KiB body (5% dirty lines)', records, planted };
}

export function w6(): Workload {
  const p = createPrng(106);
  const planted: string[] = [];
  const build = (depth: number, budget: { leaves: number }): Record<string, unknown> => {
    const node: Record<string, unknown> = {};
    const width = depth >= 5 ? 8 : 3;
    for (let i = 0; i < width && budget.leaves > 0; i++) {
      if (depth >= 5 || p.chance(0.2)) {
        budget.leaves--;
        const key = p.pick(['name', 'status', 'count', 'region', 'label', 'ratio', 'enabled', `${p.chars(LOWER, 5)}`]);
        node[`${key}_${i}`] = p.pick([p.chars(LOWER, 8), p.int(0, 9999), p.chance(0.5)]);
      } else {
        node[`level${depth}_${i}`] = build(depth + 1, budget);
      }
    }
    return node;
  };
  const records = Array.from({ length: 16 }, (): BenchRecord => {
    const body = build(0, { leaves: 200 });
    const secret = p.chars(BASE62, 24);
    planted.push(secret);
    const l1 = Object.values(body).find((v) => typeof v === 'object') as Record<string, unknown> | undefined;
    if (l1) l1.apiKey = secret;
    else body.apiKey = secret;
    return { body, attributes: {} };
  });
  return { id: 'W6', title: 'nested map body, depth 6, ~200 leaves', records, planted };
}

/** W7: adversarial 1 MiB strings; one record per shape. */
export function w7(): { name: string; text: string }[] {
  return Object.entries(ADVERSARIAL_INPUTS).map(([name, make]) => ({ name, text: make(MIB) }));
}

/**
 * Planted values usable as leak probes: substring search is only meaningful for values of 8+ characters (a 3-digit
 * CVV or the URL user `app` also occur elsewhere in the line); phone numbers are reported apart because the PHONE
 * detector is off in free text by default (docs/design/redaction.md#value-detectors).
 */
export function leakProbes(planted: readonly { type: string; value: string }[]): string[] {
  return planted.filter((p) => p.type !== 'PHONE' && p.value.length >= 8).map((p) => p.value);
}

/** W8: the 40k-line mixed corpus (one string body per line) at a dirty rate. */
export function w8(dirtyRate: number): { lines: string[]; planted: string[]; phones: string[] } {
  const c = buildThroughputCorpus(108 + Math.round(dirtyRate * 100), 40_000, dirtyRate);
  return {
    lines: c.lines,
    planted: leakProbes(c.planted),
    phones: c.planted.filter((p) => p.type === 'PHONE').map((p) => p.value),
  };
}
