/**
 * The Collector-side safety net, defined once here and written into every `collector-config/*.yaml` by
 * `make generate` (scripts/collector/generate-transforms.mjs; `--check` fails when a config is stale).
 *
 * The Collector's `redaction` processor runs RE2 patterns without validators or context, so it cannot run this
 * engine. What it can run is derived from the engine where the engine's own regular expression is the whole rule (the
 * prefixed-token detectors: their shapes are copied, not retyped), and written by hand, next to the detector it stands
 * for, where the engine needs code: value patterns of the redaction processor (PEM blocks, JWT, cards, e-mail) or, where
 * the value is known only by what stands in front of it (a key name, a URL scheme), text masks of the `transform`
 * processor that keep that context. Every other detector is listed with the reason the Collector does without it; a
 * test fails when a detector is in none of the lists, so a new detector forces the decision. Without validators the
 * net errs on the side of masking (a GitHub-shaped token with a bad checksum is masked too): it is a last line of
 * defence, not the place for precision. Its figures on the public corpora: collector-config/README.md.
 */
import { BUILTIN_DETECTORS, type DetectorName } from '../detectors/registry.js';
import { IBAN_LENGTHS } from './validators.js';

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

/**
 * Payment card numbers by the README's IIN + length table (P2), contiguous or as four groups of four with one
 * separator. RE2 has no Luhn check: any number of a brand's prefix and length is masked.
 */
const CARD_NUMBER = [
  '4[0-9]{12}(?:[0-9]{3}){0,2}', // Visa 13, 16, 19
  '(?:5[1-5][0-9]{2}|222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}', // Mastercard 16
  '3[47][0-9]{13}', // Amex 15
  '(?:6011|64[4-9][0-9]|65[0-9]{2})[0-9]{12,15}', // Discover 16-19
  '35(?:2[89]|[3-8][0-9])[0-9]{12,15}', // JCB 16-19
  '(?:1800|2131)[0-9]{11}', // JCB 15
  '(?:30[0-5]|3[689][0-9])[0-9]{11,16}', // Diners 14-19
  '62[0-9]{14,17}', // UnionPay 16-19
  '(?:50|5[6-9]|6[0-9])[0-9]{11,17}', // Maestro 13-19 (12 only after a card word: a text mask)
].join('|');
const CARD_GROUPED = '[2-6][0-9]{3}[ -][0-9]{4}[ -][0-9]{4}[ -][0-9]{4}';

/** SSN area (not 000, 666, 9xx), group (not 00), serial (not 0000), as P3's validator. */
const SSN =
  '(?:00[1-9]|0[1-9][0-9]|[1-578][0-9]{2}|6[0-57-9][0-9]|66[0-57-9])-(?:0[1-9]|[1-9][0-9])-(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})';

/**
 * An IBAN's shape: a country code of the engine's table, two check digits, then 12 to 31 letters and digits,
 * contiguous or in groups of four with single spaces; upper case only. The length is not checked per country: one
 * alternative per length made the pattern three times slower in the Collector (Go's regexp runs every alternative at
 * every position), for a check the missing mod-97 leaves loose anyway.
 */
function ibanPattern(): string {
  const byFirstLetter = new Map<string, string>();
  for (const country of Object.keys(IBAN_LENGTHS).sort()) {
    byFirstLetter.set(country[0] as string, (byFirstLetter.get(country[0] as string) ?? '') + country[1]);
  }
  const countries = [...byFirstLetter].map(([first, seconds]) => `${first}[${seconds}]`).join('|');
  return String.raw`\b(?:${countries})[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`;
}

/**
 * RE2 stand-ins for detectors that need code in the engine, as value patterns of the redaction processor; each says
 * what it gives up. Values known only by their context are masked by {@link COLLECTOR_TEXT_MASKS} instead.
 */
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
    detector: 'PRIVATE_KEY',
    // PuTTY key files: the base64 lines after their count (and the word `Private` of the MAC line after them).
    re2: String.raw`Private-Lines: [0-9]{1,4}[A-Za-z0-9+/=\s\\]*`,
    note: 'PuTTY private key lines',
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
    re2: String.raw`\b(?:${CARD_NUMBER}|${CARD_GROUPED})\b`,
    note: 'card numbers by IIN and length (no Luhn check in RE2)',
  },
  {
    detector: 'US_SSN',
    re2: String.raw`\b${SSN}\b`,
    note: 'SSNs written ddd-dd-dddd (not nine plain digits: those need a context word)',
  },
  {
    detector: 'IBAN',
    re2: ibanPattern(),
    note: 'IBANs by country code and shape (no mod-97 check in RE2)',
  },
  {
    detector: 'EMAIL',
    // Open runs rather than the RFC's 64 / 253 characters: the counted form was six times slower in the Collector.
    re2: String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}`,
    note: 'e-mail addresses',
  },
];

/** Detectors the Collector does without, and why (each is covered differently there, or not at all). */
export const DETECTORS_NOT_IN_COLLECTOR: Readonly<Partial<Record<DetectorName, string>>> = {
  COOKIE:
    'context-dependent; cookie keys are blocked by name, and the first value of a `Cookie:` header is masked as key=value',
  IP_ADDRESS: 'addresses are kept in the Collector (client.address is routing data there)',
  PHONE: 'off by default in the engine too',
};

/**
 * Attribute-name patterns blocked outright (values masked whatever they look like): the K1 credential, token and
 * session names, the short ones (`pass`, `sid`, `otp`) only as a whole name or its last segment.
 */
export const COLLECTOR_BLOCKED_KEY_PATTERN =
  '(?i)(pass(w(or)?d|phrase)|secret|token|api[_.-]?key|authorization|cookie|session[_.-]?id|sessid|private[_.-]?key|credential|pwd|(^|[_.-])(pass|sid|session|t?otp|jwt)$)';

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

/** `$` written so that the Collector's `${env:…}` expansion never sees it (RE2 reads `\x24` as `$`). */
const NO_DOLLAR = String.raw`\x24`;

/**
 * A K1 credential, token or session name as text writes it (README S16): names holding `password`, `passphrase`,
 * `secret`, `apikey`, `privatekey` anywhere (the name may go on: `secret_access_key`); names ending in `token`,
 * `sessionid`, `credentials`, `cardnumber` (`twitterToken`) or `pwd` (not the shell's upper-case `PWD=/home/…` and
 * `OLDPWD`); `pass` as a word or after a separator (`DB_PASS`, not `bypass`); `sid`, `session`, `otp`, `jwt`, `cookie`
 * as words. Gives up the engine's never-classified names (`secret_name=…` is masked too).
 */
const K1_NAME = [
  '(?:pass(?:w(?:or)?d|phrase)|secret|api[_.-]?key|private[_.-]?key)[A-Za-z0-9_.-]*',
  '(?:token|session[_.-]?id|sessid|credentials?|card[_.-]?number)',
  '(?:[_.-]pwd|(?-i:pwd|Pwd|pWd|pwD|PWd|PwD|pWD))',
  String.raw`(?:\b|[_.-])pass`,
  String.raw`\b(?:sid|session|t?otp|jwt|cookie)`,
].join('|');

/** S16's operators after a name: `=`, `:`, `=>`, `:=`, the name's closing quote (also JSON-escaped) and padding. */
const ASSIGN = String.raw`\\?["']?[ \t]*(?:=>|:=|=|:)[ \t]*`;

/** S15's parameter names (the engine's list). */
const QUERY_NAMES =
  'access_token|refresh_token|id_token|token|api_key|apikey|api-key|key|sig|signature|password|passwd|pwd|secret|' +
  'client_secret|code|session|sessionid|sid|auth|x-amz-signature|x-amz-credential|x-amz-security-token|' +
  'x-goog-signature|x-goog-credential|awsaccesskeyid';

/**
 * One text mask of `transform/safety_net`, applied to the body and to every string attribute value: `re2`'s first
 * group (the name, scheme or user in front of the value) is kept, the rest replaced.
 */
export interface CollectorTextMask {
  readonly detector: DetectorName;
  readonly note: string;
  /** RE2 syntax (Go `regexp`). */
  readonly re2: string;
  /** OTTL replacement, `$$` for `$`. */
  readonly replacement: string;
}

/** Masks for values that only their context identifies: the redaction processor could not keep that context. */
export const COLLECTOR_TEXT_MASKS: readonly CollectorTextMask[] = [
  {
    detector: 'KEY_VALUE',
    // One pattern for the three value forms (three patterns were three times slower); the opening quote is kept by
    // its group (`${2}`, `${3}`: empty when it did not take part), the closing one is never matched.
    // - "double-quoted" (also JSON-escaped JSON, `\"password\": \"…\"`): stops at an escaped quote inside the value,
    //   whose tail stays;
    // - 'single-quoted';
    // - bare: to the engine's delimiters (an unquoted password with a space keeps its second word). One that opens a
    //   list or an object (`"Cookie":[]`) is structure, one that starts with `$` a variable reference, and one of
    //   fewer than four characters a flag or a path (`using password: NO`, `PWD=/`): all are left, and so is a
    //   password that short or that starts with `$`.
    note: `S16 name=value, name: value, "name": "value", name => 'value' under a K1 name`,
    re2: String.raw`(?i)((?:${K1_NAME})${ASSIGN})(?:(\\?")(?:[^"\\]|\\[^"])+|(')[^'\r\n]+|[^\s,;&"'<>()[\]{}\\${NO_DOLLAR}][^\s,;&"'<>)}\]\\]{3,})`,
    replacement: '$${1}$${2}$${3}****',
  },
  {
    detector: 'KEY_VALUE',
    // The engine's other S16 forms (flags, SQL, `mysql -p`, `<password>…</password>`) are not written here.
    // A `$VAR` password is a reference the shell substitutes: left.
    note: 'S16 curl -u user:password (also across \\ continuations)',
    re2: String.raw`(?i)(\bcurl(?:(?:[ \t]|\\\r?\n)(?:[^\n|;&]|\\\r?\n)*?)?[ \t](?:-u|--user|--proxy-user)(?:[ \t]{1,3}|=)?["']?[^\s:"']*["']?:["']?)[^\s"'${NO_DOLLAR}][^\s"']*`,
    replacement: KEEP_FIRST_GROUP,
  },
  {
    detector: 'URL_CREDENTIALS',
    // The password runs to the authority's last `@`, as URL parsers split it; one with a `/` is not found.
    note: 'S14 scheme://user:password@host (user kept)',
    re2: String.raw`(?i)\b([a-z][a-z0-9+.-]{0,31}://[^\s:/?#@"'<>]*:)[^\s/?#"'<>]+@`,
    replacement: '$${1}****@',
  },
  {
    detector: 'AWS_SECRET_KEY',
    // No entropy gate: forty placeholder characters there are masked too.
    note: 'S3 40 base64 characters after aws_secret_access_key / SecretAccessKey',
    re2: String.raw`(?i)((?:aws)?[_.-]?secret[_.-]?access[_.-]?key\\?["']?[^A-Za-z0-9/+\r\n]{1,24})[A-Za-z0-9/+]{40}`,
    replacement: KEEP_FIRST_GROUP,
  },
  {
    detector: 'SENSITIVE_QUERY_PARAM',
    // Percent-encoded parameters too (`%3Ftoken%3D…`, the value up to an encoded `&`).
    note: 'S15 ?token=…, &sig=… and the other sensitive query parameters',
    re2: String.raw`(?i)((?:[?&;#]|%3f|%26)(?:${QUERY_NAMES})(?:=|%3d))(?:[^\s&;#"'<>%]|%(?:[013-9a-f][0-9a-f]|2[0-57-9a-f]))+`,
    replacement: KEEP_FIRST_GROUP,
  },
  {
    detector: 'CREDIT_CARD',
    // The card value pattern takes 13 digits and more; a 12-digit Maestro number only after a card word, as P2.
    note: 'P2 12-digit Maestro within 30 characters after a card word',
    re2: String.raw`(?i)(\b(?:card|cc|credit|debit|pan|visa|maestro|mastercard|amex|payment)\b[^0-9\r\n]{0,30})(?:50|5[6-9]|6[0-9])[0-9]{10}\b`,
    replacement: KEEP_FIRST_GROUP,
  },
  {
    detector: 'CVV',
    note: 'P7 cvv=123, "cvc": "1234"',
    re2: String.raw`(?i)(\b(?:cvv2?|cvc2?|cid)\\?["']?[ \t]{0,3}[:=][ \t]{0,3}\\?["']?)[0-9]{3,4}\b`,
    replacement: KEEP_FIRST_GROUP,
  },
];

/** An OTTL string literal. */
function ottlString(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** Statements of the `transform/safety_net` processor: what the redaction processor cannot see as keys. */
function transformStatements(): { note: string; ottl: string }[] {
  return [
    {
      note: 'Payment sensitive authentication data must never be stored (PCI DSS 3.3.1): drop the keys outright.',
      ottl: 'delete_matching_keys(log.attributes, "(?i)^(cvv2?|cvc2?|card[._-]?verification[._-]?(code|value)|pin[._-]?block)$")',
    },
    ...COLLECTOR_TEXT_MASKS.flatMap((m) => {
      const args = `${ottlString(m.re2)}, ${ottlString(m.replacement)}`;
      return [
        { note: `${m.note}: text bodies`, ottl: `replace_pattern(log.body, ${args}) where IsString(log.body)` },
        { note: `${m.note}: string attribute values`, ottl: `replace_all_patterns(log.attributes, "value", ${args})` },
      ];
    }),
  ];
}

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
    ...transformStatements().flatMap((s) => [`${i3}# ${s.note}`, `${i3}- ${quoted(s.ottl)}`]),
  ].join('\n');
}
