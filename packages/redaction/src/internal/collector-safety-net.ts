/**
 * The Collector-side safety net, defined once here and written into every `collector-config/*.yaml` by
 * `make generate` (scripts/collector/generate-transforms.mjs; `--check` fails when a config is stale).
 *
 * The Collector's `redaction` processor runs RE2 patterns without validators or context, so it cannot run this
 * engine. What it can run is derived from the engine where the engine's own regular expression is the whole rule (the
 * prefixed-token detectors: their shapes are copied, not retyped), and written by hand, next to the detector it stands
 * for, where the engine needs code (PEM blocks, JWT, cards, e-mail). Every other detector is listed with the reason
 * the Collector does without it; a test fails when a detector is in none of the three lists, so a new detector forces
 * the decision. Without validators the net errs on the side of masking (a GitHub-shaped token with a bad checksum is
 * masked too): it is a last line of defence, not the place for precision.
 */
import { BUILTIN_DETECTORS, type DetectorName } from '../detectors/registry.js';

/** Detectors whose regular expressions are complete rules: the Collector runs them as they are. */
export const SHAPE_DETECTORS_IN_COLLECTOR = [
  'AWS_ACCESS_KEY_ID',
  'GITHUB_TOKEN',
  'GITLAB_TOKEN',
  'SLACK_TOKEN',
  'STRIPE_KEY',
  'GOOGLE_API_KEY',
  'AI_API_KEY',
  'VENDOR_TOKEN',
] as const satisfies readonly DetectorName[];

/** RE2 stand-ins for detectors that need code in the engine; each says what it gives up. */
export const HAND_WRITTEN_COLLECTOR_PATTERNS: readonly { detector: DetectorName; re2: string; note: string }[] = [
  {
    detector: 'PRIVATE_KEY',
    // Header, then every base64, header-field and newline character after it (literal or JSON-escaped), footer
    // included: masking the header alone would leave the key. RE2 has no backtracking, so the open run stays linear;
    // it may also mask plain words that follow the block, which a safety net accepts.
    re2: String.raw`-----BEGIN [A-Z0-9 ]{0,32}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s\\:,.-]*`,
    note: 'PEM / PGP private key block',
  },
  {
    detector: 'JWT',
    re2: String.raw`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`,
    note: 'JWT (no header check)',
  },
  {
    detector: 'AUTH_HEADER',
    // An `Authorization:` header in text, whatever the scheme (Basic, Digest, AWS4-HMAC-SHA256, none): the header
    // name goes too, which the engine keeps.
    re2: String.raw`(?i)authorization\\?["']?[ \t]{0,3}[:=][ \t]{0,3}\\?["']?(?:[A-Za-z0-9_-]{1,32}[ \t]{1,3})?[^\s"'\\]{4,}`,
    note: 'authorization headers in text, any scheme',
  },
  {
    detector: 'AUTH_HEADER',
    re2: '(?i)bearer [A-Za-z0-9._~+/=-]{16,}',
    note: 'bearer credentials',
  },
  {
    detector: 'CREDIT_CARD',
    re2: String.raw`\b(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|3[47][0-9]{13})\b`,
    note: 'card numbers (no Luhn check in RE2)',
  },
  {
    detector: 'EMAIL',
    re2: String.raw`[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}`,
    note: 'e-mail addresses',
  },
];

/** Detectors the Collector does without, and why (each is covered differently there, or not at all). */
export const DETECTORS_NOT_IN_COLLECTOR: Readonly<Partial<Record<DetectorName, string>>> = {
  AWS_SECRET_KEY: 'a bare 40-character base64 run: needs the key-name context and entropy check',
  COOKIE: 'context-dependent; cookie keys are blocked by name',
  URL_CREDENTIALS: 'needs URL parsing',
  SENSITIVE_QUERY_PARAM: 'covered by the key=value transform statements',
  KEY_VALUE: 'covered by the key=value and JSON transform statements',
  CVV: 'security codes are dropped by key name (transform delete_matching_keys)',
  US_SSN: 'needs the area/group/serial validator and context words',
  IBAN: 'needs the mod-97 check',
  IP_ADDRESS: 'addresses are kept in the Collector (client.address is routing data there)',
  PHONE: 'off by default in the engine too',
};

/** Attribute-name patterns blocked outright (values masked whatever they look like). */
export const COLLECTOR_BLOCKED_KEY_PATTERN =
  '(?i)(passw(or)?d|secret|token|api[_.-]?key|authorization|cookie|session[_.-]?id|private[_.-]?key|credential)';

/** Resource-style prefixes left alone (they describe the emitter, not the event). */
export const COLLECTOR_IGNORED_KEY_PATTERN = String.raw`^(service|deployment|host|k8s|cloud|telemetry|process|os|container)\.`;

/** One blocked value pattern as written into the configs. */
export interface CollectorValuePattern {
  readonly detector: DetectorName;
  /** RE2 syntax (Go `regexp`). */
  readonly re2: string;
  readonly note: string;
}

/** A non-capturing group without nested groups, repeated `{min,max}`. */
const REPEATED_GROUP = /\(\?:((?:[^()\\]|\\.)*)\)\{(\d+),(\d+)\}/g;

/**
 * A JavaScript regular expression as RE2 source. The shapes use only constructs both engines read alike, with one
 * exception: Go's parser refuses nested repetition whose counts multiply past 1000 (`(?:\.[\w-]{4,1000}){0,2}`), so a
 * small repeated group is written out (`(?:X)?(?:X)?`, the same language). The `i` flag becomes `(?i)`.
 */
export function toRe2Source(re: RegExp): string {
  const source = re.source.replace(REPEATED_GROUP, (group, body: string, min: string, max: string) => {
    const lo = Number(min);
    const hi = Number(max);
    if (hi > 4) return group;
    return `(?:${body})`.repeat(lo) + `(?:${body})?`.repeat(hi - lo);
  });
  return re.flags.includes('i') ? `(?i)${source}` : source;
}

/** Every blocked value pattern, in registry order: derived shapes first, then the hand-written ones. */
export function collectorValuePatterns(): CollectorValuePattern[] {
  const derived = BUILTIN_DETECTORS.filter((d) =>
    (SHAPE_DETECTORS_IN_COLLECTOR as readonly string[]).includes(d.name),
  ).flatMap((d) =>
    d.patterns.map((re) => ({ detector: d.name, re2: toRe2Source(re), note: `${d.name} (engine shape)` })),
  );
  return [...derived, ...HAND_WRITTEN_COLLECTOR_PATTERNS];
}

/** OTTL replacement keeping the first capture group (`$$` escapes `$` from the Collector's env expansion). */
const KEEP_FIRST_GROUP = '$${1}****';

/** Statements of the `transform/safety_net` processor: what the redaction processor cannot see as keys. */
const TRANSFORM_STATEMENTS: readonly { note: string; ottl: string }[] = [
  {
    note: 'Payment sensitive authentication data must never be stored (PCI DSS 3.3.1): drop the keys outright.',
    ottl: 'delete_matching_keys(log.attributes, "(?i)^(cvv2?|cvc2?|card[._-]?verification[._-]?(code|value)|pin[._-]?block)$")',
  },
  {
    note: 'JSON text bodies: mask "password": "..." style fields the redaction processor cannot see as keys.',
    ottl: String.raw`replace_pattern(log.body, "(?i)(\"(?:password|passwd|secret|token|api_?key)\"\\s{0,8}:\\s{0,8}\")[^\"]{0,1000}\"", "$$1****\"") where IsString(log.body)`,
  },
  {
    note: 'key=value text bodies (e.g. syslog lines): password=..., token=...',
    ottl: String.raw`replace_pattern(log.body, "(?i)\\b((?:password|passwd|secret|token|api_?key)=)[^\\s&]{1,1000}", "${KEEP_FIRST_GROUP}") where IsString(log.body)`,
  },
  {
    note: 'the same in string attribute values (e.g. the `message` attribute the syslog parser sets)',
    ottl: String.raw`replace_all_patterns(log.attributes, "value", "(?i)\\b((?:password|passwd|secret|token|api_?key)=)[^\\s&]{1,1000}", "${KEEP_FIRST_GROUP}")`,
  },
];

/** A YAML single-quoted scalar. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The `redaction/safety_net` and `transform/safety_net` processors as YAML lines, indented to sit under `processors:`
 * (two spaces by default).
 */
export function renderCollectorSafetyNet(indent = 2): string {
  const i1 = ' '.repeat(indent);
  const i2 = ' '.repeat(indent + 2);
  const i3 = ' '.repeat(indent + 4);
  return [
    `${i1}redaction/safety_net:`,
    `${i2}allow_all_keys: true # without it the processor deletes every attribute not in allowed_keys`,
    `${i2}ignored_key_patterns:`,
    `${i3}- ${quoted(COLLECTOR_IGNORED_KEY_PATTERN)}`,
    `${i2}blocked_key_patterns:`,
    `${i3}- ${quoted(COLLECTOR_BLOCKED_KEY_PATTERN)}`,
    `${i2}# RE2: linear time, no backtracking. Without the engine's validators these err on the side of masking.`,
    `${i2}blocked_values:`,
    ...collectorValuePatterns().map((p) => `${i3}- ${quoted(p.re2)} # ${p.note}`),
    `${i2}redact_all_types: true`,
    `${i2}summary: info # adds redaction.*.count attributes, never the redacted key names`,
    `${i2}# Pseudonymise instead of masking (same input -> same token, for correlation). The key comes from the`,
    `${i2}# environment, >= 32 random bytes, rotated; note the rotation date next to the key id in your runbook:`,
    `${i2}# hash_function: hmac-sha256`,
    `${i2}# hmac_key: \${env:SECLOG_REDACTION_HMAC_KEY}`,
    `${i1}transform/safety_net:`,
    `${i2}error_mode: ignore`,
    `${i2}log_statements:`,
    ...TRANSFORM_STATEMENTS.flatMap((s) => [`${i3}# ${s.note}`, `${i3}- ${quoted(s.ottl)}`]),
  ].join('\n');
}
