/**
 * Realistic web-app log lines around real User-Agent strings: the three shapes request middleware writes (combined
 * access log, a JSON line with semconv keys, logfmt) and the structured attributes themselves. Client addresses come
 * from the documentation ranges (RFC 5737, RFC 3849), so every address in these lines is a real-address position.
 */
import { createPrng } from '../corpus/prng.ts';

export interface WebAppRecord {
  /**
   * How this request is logged: as one text line (`webapp/combined`, `webapp/json`, `webapp/logfmt`) or as the
   * structured attributes a request middleware sets (`webapp/attributes`). User-Agent i gets form i mod 4, so each
   * User-Agent counts once.
   */
  family: string;
  /** The text line (unused for `webapp/attributes`). */
  text: string;
  /** The attributes (`user_agent.original`, `client.address`, …). */
  attributes: Record<string, string | number>;
  userAgent: string;
}

export const WEBAPP_FAMILIES = ['webapp/combined', 'webapp/json', 'webapp/logfmt', 'webapp/attributes'] as const;

const PATHS = ['/', '/api/v1/orders', '/cart/checkout', '/static/app.8f3a1c.js', '/login', '/products/3120/reviews'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT'];
const STATUSES = [200, 200, 200, 201, 204, 301, 304, 404, 500];

export function webAppRecords(userAgents: readonly string[], seed = 20261203): WebAppRecord[] {
  const p = createPrng(seed);
  return userAgents.map((ua, i) => {
    const ip = p.chance(0.85)
      ? `${p.pick(['192.0.2', '198.51.100', '203.0.113'])}.${p.int(1, 254)}`
      : `2001:db8:${p.int(1, 0xffff).toString(16)}::${p.int(1, 0xffff).toString(16)}`;
    const method = p.pick(METHODS);
    const path = p.pick(PATHS);
    const status = p.pick(STATUSES);
    const bytes = p.int(0, 90_000);
    const ms = p.int(1, 2400);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const time = `${String(p.int(0, 23)).padStart(2, '0')}:${String(p.int(0, 59)).padStart(2, '0')}:${String(p.int(0, 59)).padStart(2, '0')}`;
    const quoted = ua.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    const lines: Record<string, string> = {
      'webapp/combined': `${ip} - - [${day}/Nov/2026:${time} +0000] "${method} ${path} HTTP/1.1" ${status} ${bytes} "https://shop.example.com/" "${quoted}"`,
      'webapp/json': JSON.stringify({
        ts: `2026-11-${day}T${time}.${String(ms).padStart(3, '0')}Z`,
        level: 'info',
        msg: 'request completed',
        'http.request.method': method,
        'url.path': path,
        'http.response.status_code': status,
        'client.address': ip,
        'user_agent.original': ua,
        duration_ms: ms,
      }),
      'webapp/logfmt': `time=2026-11-${day}T${time}Z level=info method=${method} path=${path} status=${status} duration=${ms}ms client=${ip} user_agent="${quoted}"`,
      'webapp/attributes': '',
    };
    const family = WEBAPP_FAMILIES[i % WEBAPP_FAMILIES.length] as string;
    return {
      family,
      text: lines[family] as string,
      userAgent: ua,
      attributes: {
        'http.request.method': method,
        'url.path': path,
        'http.response.status_code': status,
        'client.address': ip,
        'user_agent.original': ua,
      },
    };
  });
}
