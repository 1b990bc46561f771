import type { KeyClass } from '../types.js';
import { plainSpelling } from './decoded-view.js';

/** Normalized exact key names per class (docs/design/redaction.md#key-classes). */
export const KEY_CLASS_TABLE: Readonly<Record<KeyClass, readonly string[]>> = {
  credential: [
    'password',
    'passwd',
    'pwd',
    'pass',
    'passphrase',
    'secret',
    'clientsecret',
    'apikey',
    'apisecret',
    'accesskey',
    'secretkey',
    'privatekey',
    'signingkey',
    'encryptionkey',
    'masterkey',
    'credential',
    'credentials',
    'auth',
    'authorization',
    'proxyauthorization',
    'xapikey',
    'xauthtoken',
    'mysqlpwd',
  ],
  token: [
    'token',
    'accesstoken',
    'refreshtoken',
    'idtoken',
    'bearertoken',
    'sessiontoken',
    'authtoken',
    'csrftoken',
    'xsrftoken',
    'xcsrftoken',
    'csrf',
    'jwt',
    'otp',
    'otpcode',
    'mfacode',
    'totp',
    'totpcode',
    'verificationcode',
    'recoverycode',
    'recoverycodes',
    'backupcode',
    'backupcodes',
  ],
  session: [
    'cookie',
    'cookies',
    'setcookie',
    'session',
    'sessionid',
    'sid',
    'connectsid',
    'phpsessid',
    'jsessionid',
    'aspnetsessionid',
    'usersession',
  ],
  payment: [
    'cardnumber',
    'creditcard',
    'creditcardnumber',
    'ccnumber',
    'pan',
    'iban',
    'accountnumber',
    'bankaccount',
    'routingnumber',
  ],
  paymentSad: [
    'cvv',
    'cvc',
    'cvv2',
    'cvc2',
    'cid',
    'securitycode',
    'cardsecuritycode',
    'pin',
    'pincode',
    'pinblock',
    'track1',
    'track2',
  ],
  governmentId: [
    'ssn',
    'socialsecuritynumber',
    'taxid',
    'tin',
    'nationalid',
    'passportnumber',
    'driverslicense',
    'driverlicense',
  ],
  contact: ['email', 'emailaddress', 'mail', 'phone', 'phonenumber', 'mobile', 'mobilenumber', 'msisdn', 'telephone'],
  network: [
    'ip',
    'ipaddress',
    'clientip',
    'remoteaddr',
    'remoteaddress',
    'remoteip',
    'xforwardedfor',
    'xrealip',
    'clientaddress',
    'sourceip',
  ],
  connection: ['connectionstring', 'databaseurl', 'dsn', 'dburl', 'redisurl', 'mongodburi', 'mongourl', 'amqpurl'],
};

/** Keys never classified by the substring/suffix rules (docs/design/redaction.md#exclusions), normalized. */
export const DEFAULT_KEY_EXCLUSIONS: readonly string[] = [
  'maxtokens',
  'maxnumbatchedtokens',
  'bostoken',
  'eostoken',
  'padtoken',
  'unktoken',
  'clstoken',
  'septoken',
  'masktoken',
  'tokencount',
  'timetofirsttoken',
  'hftokenpath',
  'tokenizerpath',
  'useauthtoken',
  'authtype',
  'noauth',
  'key',
  'firstpass',
  'objectkeys',
  'secretname',
  'secretlength',
  'primarykey',
  'publickey',
  // .NET strong names (`PublicKeyToken=b77a5c561934e089`): a hash of a public key, printed in every assembly name.
  'publickeytoken',
  'keyid',
  // .NET `<UserSecretsId>`: the id of a project's local secret store (a GUID), not a secret.
  'usersecretsid',
  'keyword',
  'author',
];

/**
 * Keys ending in `pass` that hold no password (`cache_bypass`, `two_pass`, audio `lowpass`, render passes): the
 * `…pass` suffix rule (`REDIS_PASS`, `adminpass`) does not apply to them.
 */
const NOT_PASSWORD_PASS = [
  'bypass',
  'compass',
  'surpass',
  'trespass',
  'overpass',
  'underpass',
  'firstpass',
  'secondpass',
  'multipass',
  'onepass',
  'twopass',
  'singlepass',
  'renderpass',
  'subpass',
  'prepass',
  'highpass',
  'lowpass',
  'bandpass',
  'allpass',
];

/** Last tokens of keys whose numeric values are measurements, not secrets (`password_length: 12`). */
const COUNT_WORDS = new Set(['count', 'tokens', 'length', 'len', 'size', 'limit', 'total', 'num', 'max', 'min', 'ttl']);

/** Last words of keys that describe a secret instead of holding it (only for the substring rules). */
const METADATA_WORDS = new Set([
  'at',
  'date',
  'time',
  'timestamp',
  'ts',
  'policy',
  'length',
  'len',
  'count',
  'expiry',
  'expires',
  'expiration',
  'ttl',
  'changed',
  'updated',
  'created',
  'rotated',
  'type',
  'format',
  'version',
  'enabled',
  'required',
  'strength',
]);

/** Words in key names that get their own HMAC domain (a `contact` key may hold an email or a phone number). */
const CONTACT_TYPES: Record<string, string> = {
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
};

/** The classification of one key path. */
export interface KeyDecision {
  keyClass: KeyClass;
  /** Numeric and boolean values under this key are measurements (count-like last token): leave them. */
  skipNumeric: boolean;
  /** HMAC domain / label for values under this key, e.g. `email`, `phone`, `ip`, `session`. */
  valueType: string;
  /** An `Authorization`-style header: a redacted value keeps its scheme word, whatever the scheme. */
  authorizationHeader: boolean;
}

/**
 * A cached classification, with room for what the walker learns about the key name itself: keys are scanned like
 * values, and a key found clean is not scanned again while its entry stays cached (one lookup per key, not two).
 */
export interface KeyEntry {
  readonly decision: KeyDecision | null;
  /** The key name was scanned and holds nothing sensitive (set by the walker). */
  cleanName: boolean;
}

/**
 * Lower-cases and strips `-`, `_`, `.`, spaces and `[]` (docs/design/redaction.md#key-normalization), after reading
 * full-width letters as ASCII and dropping invisible characters as the decoded view does (`ｐａｓｓ\u200bword`).
 */
export function normalizeKey(key: string): string {
  return plainSpelling(key)
    .toLowerCase()
    .replace(/[-_.\s[\]]/g, '');
}

/** Splits a key on separators and camelCase boundaries into lower-case words. */
export function tokenizeKey(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[-_.\s[\]/:]+/)
    .filter((w) => w.length > 0);
}

const CACHE_LIMIT = 4096;
/**
 * `(parent, key)` pairs outnumber keys (a nested body of a few hundred leaves has as many pairs); the cache is cleared
 * wholesale when full, so it must hold a realistic working set or every record re-classifies every pair.
 */
const PAIR_CACHE_LIMIT = 16384;

/**
 * Classifies key names into sensitive classes, with a bounded cache (key cardinality is low in practice).
 * Rules: exact table match first; then the exclusion list; then substring rules for long unambiguous stems
 * (`password`, `secret`, `privatekey`, `apikey`, `passwd`, `passphrase`) and the `…pass`, `…pwd`, `…token`,
 * `…sessionid`, `…cardnumber` suffixes.
 */
export class KeyClassifier {
  readonly #exact = new Map<string, KeyClass>();
  readonly #excluded: Set<string>;
  readonly #cache = new Map<string, KeyEntry>();
  readonly #contexts = new Map<string, string>();
  readonly #pairs = new Map<string, Map<string, KeyEntry>>();
  #pairCount = 0;

  constructor(extraKeys: Partial<Record<KeyClass, readonly string[]>> = {}, excludeKeys: readonly string[] = []) {
    for (const [cls, keys] of Object.entries(KEY_CLASS_TABLE) as [KeyClass, readonly string[]][]) {
      for (const k of keys) this.#exact.set(k, cls);
    }
    for (const [cls, keys] of Object.entries(extraKeys) as [KeyClass, readonly string[]][]) {
      for (const k of keys) this.#exact.set(normalizeKey(k), cls);
    }
    this.#excluded = new Set([...DEFAULT_KEY_EXCLUSIONS, ...excludeKeys.map(normalizeKey)]);
    for (const k of excludeKeys) this.#exact.delete(normalizeKey(k));
  }

  /** Classifies a key path: its last dotted segment, then the full path (`http.request.header.authorization`). */
  classify(path: string): KeyDecision | null {
    return this.entry(path).decision;
  }

  /** `classify` with its cache entry. */
  entry(path: string): KeyEntry {
    const cached = this.#cache.get(path);
    if (cached !== undefined) return cached;
    const entry: KeyEntry = { decision: this.#classifyUncached(path), cleanName: false };
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(path, entry);
    return entry;
  }

  /** Classifies `key` found inside a map under `parent`: the key alone, else `parent.key`; cached per pair. */
  classifyPair(parent: string, key: string): KeyDecision | null {
    return this.pairEntry(parent, key).decision;
  }

  /** `classifyPair` with its cache entry. */
  pairEntry(parent: string, key: string): KeyEntry {
    let inner = this.#pairs.get(parent);
    const cached = inner?.get(key);
    if (cached !== undefined) return cached;
    // `parent.key` is classified by its last segment (`key` again, already null) and then whole: skip the repeat.
    const decision =
      this.classify(key) ??
      (key.includes('.') ? this.#classifyUncached(`${parent}.${key}`) : this.#classifyPath(`${parent}.${key}`));
    if (this.#pairCount >= PAIR_CACHE_LIMIT) {
      this.#pairs.clear();
      this.#pairCount = 0;
    }
    if (inner === undefined || this.#pairCount === 0) {
      inner = new Map();
      this.#pairs.set(parent, inner);
    }
    const entry: KeyEntry = { decision, cleanName: false };
    inner.set(key, entry);
    this.#pairCount++;
    return entry;
  }

  /** The normalized form of a key, used by detectors as context (`ssn`, `phone`, `version`…); cached. */
  context(key: string): string {
    let c = this.#contexts.get(key);
    if (c === undefined) {
      c = normalizeKey(key);
      if (this.#contexts.size >= CACHE_LIMIT) this.#contexts.clear();
      this.#contexts.set(key, c);
    }
    return c;
  }

  #classifyUncached(path: string): KeyDecision | null {
    // `PWD` and `OLDPWD` (upper case) are the shell's working directories, not passwords
    // (docs/design/redaction.md#exclusions).
    if (isShellPwd(path)) return null;
    const dot = path.lastIndexOf('.');
    const last = dot >= 0 ? path.slice(dot + 1) : path;
    const byLast = this.#classifySegment(last);
    if (byLast !== null || dot < 0) return byLast;
    return this.#classifySegment(path);
  }

  /** `#classifyUncached` for a dotted path whose last segment is already known not to classify. */
  #classifyPath(path: string): KeyDecision | null {
    if (path.endsWith('.PWD') || path.endsWith('.OLDPWD')) return null;
    return this.#classifySegment(path);
  }

  #classifySegment(segment: string): KeyDecision | null {
    const norm = normalizeKey(segment);
    if (norm.length === 0) return null;
    const cls = this.#classOf(norm);
    if (cls === null) return null;
    // Tokenize only keys that are sensitive: the last word decides whether numbers are measurements.
    const words = tokenizeKey(segment);
    const lastWord = words[words.length - 1] ?? norm;
    // Substring-rule matches describing the secret rather than holding it (`password_changed_at`, `secret_type`).
    if (!this.#exact.has(norm) && METADATA_WORDS.has(lastWord)) return null;
    return decision(cls, norm, lastWord);
  }

  #classOf(norm: string): KeyClass | null {
    const exact = this.#exact.get(norm);
    if (exact !== undefined) return exact;
    if (this.#excluded.has(norm)) return null;
    if (norm.endsWith('url') || norm.endsWith('uri') || norm.endsWith('endpoint') || norm.endsWith('path')) {
      return null;
    }
    if (
      norm.includes('password') ||
      norm.includes('passwd') ||
      norm.includes('passphrase') ||
      norm.includes('secret') ||
      norm.includes('privatekey') ||
      norm.includes('apikey')
    ) {
      return 'credential';
    }
    // Short stems only as suffixes: `REDIS_PASS`, `adminpass`, `old_pwd` (not `cache_bypass`, not `PWD` paths).
    if (norm.endsWith('pass') && !NOT_PASSWORD_PASS.some((w) => norm.endsWith(w))) return 'credential';
    if (norm.endsWith('pwd')) return 'credential';
    if (norm.endsWith('token')) return 'token';
    if (norm.endsWith('sessionid')) return 'session';
    if (norm.endsWith('cardnumber')) return 'payment';
    return null;
  }
}

/** The shell's `PWD` / `OLDPWD` (upper case), alone or as the last dotted segment. */
function isShellPwd(path: string): boolean {
  return path === 'PWD' || path === 'OLDPWD' || path.endsWith('.PWD') || path.endsWith('.OLDPWD');
}

function decision(keyClass: KeyClass, norm: string, lastWord: string): KeyDecision {
  return {
    keyClass,
    skipNumeric: COUNT_WORDS.has(lastWord),
    valueType: valueTypeFor(keyClass, norm),
    authorizationHeader: norm.endsWith('authorization'),
  };
}

function valueTypeFor(keyClass: KeyClass, norm: string): string {
  switch (keyClass) {
    case 'contact':
      return CONTACT_TYPES[norm] ?? 'phone';
    case 'network':
      return 'ip';
    case 'session':
      return 'session';
    case 'governmentId':
      return norm === 'ssn' || norm === 'socialsecuritynumber' ? 'ssn' : 'government_id';
    case 'payment':
      return norm === 'iban'
        ? 'iban'
        : norm.includes('card') || norm === 'pan' || norm === 'ccnumber'
          ? 'card'
          : 'account';
    default:
      return keyClass;
  }
}
