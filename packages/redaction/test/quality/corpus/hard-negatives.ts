/**
 * Hard negatives: values that look like secrets or PII to a naive scanner but are ordinary telemetry (ids, digests,
 * versions, timestamps, counters…). Each fragment labels the look-alike as a `negative` span so the report can name
 * what was wrongly removed.
 */
import { base64url, githubChecksum, isbn13CheckDigit, luhnCheckDigit } from './checksums.ts';
import { type Fragment, labelled } from './fragment.ts';
import { BASE62, HEX, LOWER, type Prng } from './prng.ts';

function negative(pre: string, value: string, post: string, kind: string): Fragment {
  return labelled(pre, value, post, kind, 'negative', 'negative');
}

function uuid(p: Prng): string {
  const h = p.chars(HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${p.pick(['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A digit string of the given length whose Luhn check fails (last digit = valid check digit + 1..9). */
export function luhnInvalidDigits(p: Prng, length: number, firstDigit?: string): string {
  let payload = firstDigit ?? String(p.int(1, 9));
  while (payload.length < length - 1) payload += p.digits(1);
  const good = Number(luhnCheckDigit(payload));
  return payload + String((good + p.int(1, 9)) % 10);
}

export const NEGATIVE_FRAGMENTS: Readonly<Record<string, (p: Prng) => Fragment>> = {
  UUID: (p) => negative(p.pick(['request_id=', 'user ', 'order ']), uuid(p), '', 'UUID'),
  TRACE_ID: (p) => negative('trace_id=', p.chars(HEX, 32), '', 'TRACE_ID'),
  SPAN_ID: (p) => negative('span_id=', p.chars(HEX, 16), '', 'SPAN_ID'),
  TRACEPARENT: (p) => negative('traceparent: ', `00-${p.chars(HEX, 32)}-${p.chars(HEX, 16)}-01`, '', 'TRACEPARENT'),
  SHA1: (p) => negative(p.pick(['commit ', 'etag "', 'sha1=']), p.chars(HEX, 40), '', 'SHA1'),
  SHA256: (p) => negative(p.pick(['image digest sha256:', 'checksum ', 'sha256=']), p.chars(HEX, 64), '', 'SHA256'),
  BASE64_BLOB: (p) =>
    negative('payload=', Buffer.from(p.chars(LOWER + HEX, p.int(18, 120))).toString('base64'), '', 'BASE64_BLOB'),
  SEMVER: (p) =>
    negative(
      p.pick(['version ', 'upgraded to v', 'node/']),
      `${p.int(0, 30)}.${p.int(0, 99)}.${p.int(0, 999)}${p.chance(0.3) ? `-rc.${p.int(1, 9)}` : ''}`,
      '',
      'SEMVER',
    ),
  EPOCH_MS: (p) =>
    negative(
      p.pick(['ts=', 'timestamp ', 'expires_at=']),
      String(1_600_000_000_000 + p.int(0, 199_999_999_999)),
      '',
      'EPOCH_MS',
    ),
  ORDER_NUMBER: (p) =>
    negative(
      'order ',
      p.pick([`ORD-${p.int(2019, 2026)}-${p.digits(6)}`, `#${p.digits(8)}`, `INV-${p.digits(5)}`]),
      ' shipped',
      'ORDER_NUMBER',
    ),
  NON_LUHN_ID: (p) =>
    negative(p.pick(['account id ', 'row ', 'customer_id=']), luhnInvalidDigits(p, p.int(9, 19)), '', 'NON_LUHN_ID'),
  NON_IIN_LUHN_NUMBER: (p) => {
    const payload = `${p.pick(['7', '8', '9'])}${p.digits(14)}`;
    return negative('shipment tracking ', payload + luhnCheckDigit(payload), '', 'NON_IIN_LUHN_NUMBER');
  },
  TEST_PAN_BROKEN_TWIN: (p) => {
    const pan = p.pick([
      '4242424242424242',
      '5555555555554444',
      '378282246310005',
      '6011111111111117',
      '4111111111111111',
    ]);
    const last = (Number(pan.slice(-1)) + p.pick([1, 9])) % 10;
    return negative('ref ', pan.slice(0, -1) + String(last), '', 'TEST_PAN_BROKEN_TWIN');
  },
  ISBN: (p) => {
    const first = `978${p.digits(9)}`;
    const isbn = first + isbn13CheckDigit(first);
    return negative(
      'isbn ',
      `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 7)}-${isbn.slice(7, 12)}-${isbn.slice(12)}`,
      '',
      'ISBN',
    );
  },
  MAX_TOKENS: (p) =>
    negative(
      '',
      `${p.pick(['max_tokens', 'input_tokens', 'token_count', 'MAX_NUM_BATCHED_TOKENS'])}=${p.int(1, 32768)}`,
      '',
      'TOKEN_COUNT',
    ),
  PRIMARY_KEY: (p) => negative('', `primary_key=${p.pick(['id', 'user_id', 'order_id'])}`, '', 'PRIMARY_KEY'),
  KEY_WORD: (p) =>
    negative(
      '',
      `${p.pick(['cache key', 'object key', 'sort key'])}=${p.pick(['users/', 'orders/'])}${p.digits(4)}`,
      '',
      'KEY_WORD',
    ),
  GIT_SSH_URL: (p) =>
    negative(
      'cloning ',
      `git@${p.pick(['github.com', 'gitlab.com'])}:${p.chars(LOWER, 6)}/${p.chars(LOWER, 8)}.git`,
      '',
      'GIT_SSH_URL',
    ),
  NPM_SPECIFIER: (p) =>
    negative(
      'installed ',
      `@opentelemetry/${p.pick(['api', 'sdk-logs', 'core'])}@${p.int(1, 3)}.${p.int(0, 20)}.${p.int(0, 9)}`,
      '',
      'NPM_SPECIFIER',
    ),
  DOCKER_DIGEST: (p) => negative('pulled ', `${p.chars(LOWER, 6)}@sha256:${p.chars(HEX, 64)}`, '', 'DOCKER_DIGEST'),
  ISO_TIMESTAMP: (p) =>
    negative(
      'at ',
      `20${p.int(20, 29)}-${String(p.int(1, 12)).padStart(2, '0')}-${String(p.int(1, 28)).padStart(2, '0')}T08:${p.int(10, 59)}:${p.int(10, 59)}.${p.digits(3)}Z`,
      '',
      'ISO_TIMESTAMP',
    ),
  DURATION: (p) => negative('took ', `${p.int(1, 99999)}ms`, '', 'DURATION'),
  K8S_POD: (p) => negative('pod ', `api-${p.chars(HEX, 9)}-${p.chars(LOWER, 5)}`, '', 'K8S_POD'),
  OID: (p) => negative('oid ', `1.3.6.1.4.1.${p.int(100, 60000)}.${p.int(1, 9)}`, '', 'OID'),
  GITHUB_BAD_CHECKSUM: (p) => {
    const body = p.chars(BASE62, 30);
    const good = githubChecksum(body);
    const bad = good.slice(0, 5) + (good[5] === 'A' ? 'B' : 'A');
    return negative('fixture ', `ghp_${body}${bad}`, '', 'GITHUB_BAD_CHECKSUM');
  },
  JWT_SHAPE_NO_ALG: (p) =>
    negative(
      'blob ',
      `${base64url(JSON.stringify({ kind: 'cursor', page: p.int(1, 99) }))}.${base64url(JSON.stringify({ after: p.digits(6) }))}`,
      '',
      'JWT_SHAPE_NO_ALG',
    ),
  STRIPE_PUBLISHABLE: (p) => negative('checkout pk ', `pk_live_${p.chars(BASE62, 24)}`, '', 'STRIPE_PUBLISHABLE'),
  HEX_COLOR: (p) => negative('theme color #', p.chars(HEX, 6), '', 'HEX_COLOR'),
  PLAIN_URL: (p) =>
    negative('GET ', `https://api.${p.chars(LOWER, 6)}.com/v1/items?page=${p.int(1, 9)}&sort=desc`, '', 'PLAIN_URL'),
  // Found by probing the engine (fixed in 13710fd).
  OAUTH_TOKEN_TYPE: (p) =>
    negative('token response ', `token_type=Bearer expires_in=${p.pick([300, 3600, 86400])}`, '', 'OAUTH_TOKEN_TYPE'),
  BEARER_PROSE: (p) =>
    negative(
      'error: ',
      `the bearer ${p.pick(['authentication', 'authorization', 'credentials'])} scheme is required`,
      '',
      'BEARER_PROSE',
    ),
  VERSION_QUAD_KV: (p) =>
    negative(
      '',
      `${p.pick(['app_version=', 'version=', '"version":"'])}${p.int(1, 20)}.${p.int(0, 9)}.${p.int(0, 9)}.${p.int(1, 99)}`,
      '',
      'VERSION_QUAD_KV',
    ),
  PASSWORD_TIMESTAMP: (p) =>
    negative(
      '',
      `password_changed_at=2026-${String(p.int(1, 12)).padStart(2, '0')}-0${p.int(1, 9)}`,
      '',
      'PASSWORD_TIMESTAMP',
    ),
};

export const NEGATIVE_KINDS: readonly string[] = Object.keys(NEGATIVE_FRAGMENTS);

/**
 * Structured (attribute) cases: key/value pairs with the expected outcome, for the key-classification part of the
 * precision check (docs/design/redaction.md#exclusions and the K1 classes).
 */
export interface AttributeCase {
  key: string;
  value: string | number;
  sensitive: boolean;
  label: string;
}

export function attributeCases(p: Prng): AttributeCase[] {
  const secret = () => p.chars(BASE62, 20);
  return [
    { key: 'password', value: secret(), sensitive: true, label: 'K1 password' },
    { key: 'X-API-KEY', value: secret(), sensitive: true, label: 'K1 X-API-KEY' },
    { key: 'apiKey', value: secret(), sensitive: true, label: 'K1 apiKey' },
    { key: 'api.key', value: secret(), sensitive: true, label: 'K1 api.key' },
    {
      key: 'http.request.header.authorization',
      value: `Bearer ${secret()}`,
      sensitive: true,
      label: 'K1 semconv authorization',
    },
    { key: 'http.request.header.cookie', value: `sid=${secret()}`, sensitive: true, label: 'K1 semconv cookie' },
    { key: 'client_secret', value: secret(), sensitive: true, label: 'K1 client_secret' },
    { key: 'refreshToken', value: secret(), sensitive: true, label: 'K1 refreshToken' },
    { key: 'db.password', value: secret(), sensitive: true, label: 'K1 db.password' },
    { key: 'user.email', value: `someone${p.digits(3)}@mail.example.org`, sensitive: true, label: 'K1 email' },
    { key: 'max_tokens', value: 4096, sensitive: false, label: 'exclusion max_tokens' },
    {
      key: 'gen_ai.usage.input_tokens',
      value: p.int(1, 9000),
      sensitive: false,
      label: 'exclusion gen_ai input_tokens',
    },
    { key: 'token_count', value: p.int(1, 9000), sensitive: false, label: 'exclusion token_count' },
    { key: 'primary_key', value: 'user_id', sensitive: false, label: 'exclusion primary_key' },
    { key: 'key', value: `orders/${p.digits(4)}.json`, sensitive: false, label: 'exclusion key' },
    { key: 'auth_type', value: 'oauth2', sensitive: false, label: 'exclusion auth_type' },
    {
      key: 'service.version',
      value: `${p.int(1, 9)}.${p.int(0, 9)}.${p.int(0, 9)}.${p.int(0, 99)}`,
      sensitive: false,
      label: 'version quad',
    },
    { key: 'trace_id', value: p.chars(HEX, 32), sensitive: false, label: 'trace id' },
    { key: 'http.response.status_code', value: 200, sensitive: false, label: 'status code' },
    { key: 'http.route', value: '/users/:id', sensitive: false, label: 'route' },
  ];
}
