import { type Detector, finding, isAlnum, matchAt } from '../detector.js';
import type { KeyClass } from '../types.js';

const QUERY_NAMES = [
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'sig',
  'signature',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'code',
  'session',
  'sessionid',
  'sid',
  'auth',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'awsaccesskeyid',
];

const QUERY_NAME_SET = new Set(QUERY_NAMES);

function isQueryDelimiter(text: string, index: number): boolean {
  if (index <= 0) return false;
  const c = text[index - 1];
  // `#`: OAuth implicit-flow fragments (`#access_token=…`).
  if (c === '?' || c === '&' || c === ';' || c === '#') return true;
  if (index < 3) return false;
  const enc = text.slice(index - 3, index).toLowerCase();
  return enc === '%3f' || enc === '%26';
}

/** S15 sensitive URL query parameters (`?access_token=…`, `&sig=…`, also percent-encoded `%3F…%3D`): value redacted. */
export const sensitiveQueryParam: Detector<'SENSITIVE_QUERY_PARAM'> = {
  name: 'SENSITIVE_QUERY_PARAM',
  id: 'S15',
  category: 'secret',
  defaultAction: 'redact',
  defaultEnabled: true,
  // `name=` literals, plus one `%3d` literal for percent-encoded parameters (the name is read backwards from it).
  triggers: [...QUERY_NAMES.map((n) => `${n}=`), '%3d'],
  patterns: [],
  onTrigger(ctx, index, literal) {
    const text = ctx.text;
    const encoded = literal === '%3d';
    if (encoded) {
      // `…%3Ftoken%3D…`: the name is a suffix of the run before `%3d`, right after an encoded `?` or `&`.
      let runStart = index;
      while (runStart > 0 && index - runStart < 24 && /[A-Za-z0-9_-]/.test(text[runStart - 1] as string)) runStart--;
      let found = false;
      for (let s = runStart; s < index && !found; s++) {
        found = QUERY_NAME_SET.has(text.slice(s, index).toLowerCase()) && isQueryDelimiter(text, s);
      }
      if (!found) return undefined;
    } else if (!isQueryDelimiter(text, index)) return undefined;
    const start = index + literal.length;
    const limit = Math.min(text.length, start + 2048);
    let i = start;
    while (i < limit) {
      const c = text[i] as string;
      if (
        c === '&' ||
        c === ';' ||
        c === '#' ||
        c === '"' ||
        c === "'" ||
        c === '<' ||
        c === '>' ||
        c === '\\' ||
        c <= ' '
      )
        break;
      if (encoded && c === '%' && text.slice(i, i + 3).toLowerCase() === '%26') break;
      i++;
    }
    if (i === start) return undefined;
    ctx.out.push(finding(this, start, i));
    return i;
  },
};

/** `text.indexOf(ch, from)` looking at most `max` characters ahead (bounded work per trigger). */
function boundedIndexOf(text: string, ch: string, from: number, max: number): number {
  const limit = Math.min(text.length, from + max);
  for (let i = from; i < limit; i++) if (text[i] === ch) return i;
  return -1;
}

function isKeyChar(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 45 || c === 46;
}

// Spaces and tabs only: an empty value (`KEY=\nNEXT_KEY=…`) must not take the next line as its value.
const SEPARATOR = /\\?["']?[ \t]{0,3}(?:=>|:=|[:=])[ \t]{0,3}/y;
/** A type or constructor name right after the separator: `token=Token{a64f992…}`, `auth=Some(…)`. */
const TYPE_NAME = /[A-Za-z][\w.$]{0,63}[{([]/y;
/**
 * Words after `auth`, not credentials: an authentication method or outcome (`auth:SIMPLE`, `Auth: Auth-Failure`),
 * letters only, up to four words joined by `-` or `_`.
 */
const WORD = /^[A-Za-z]{1,24}(?:[-_][A-Za-z]{1,24}){0,3}$/;
/** Flags and empty markers in a credential position (`(using password: YES)` in MySQL logs, `token=null`). */
const NOT_A_VALUE = new Set(['null', 'undefined', 'true', 'false', 'yes', 'no', 'none', 'nil']);
/** A dotted lower-case package name (`io.jsonwebtoken`): with a bare `:` it is a Maven `group:artifact`. */
const PACKAGE = /^[a-z][a-z0-9]{0,30}(?:\.[a-z][a-z0-9]{0,30}){1,8}$/;
const ARTIFACT_NAME = /^[a-z][a-z0-9-]{0,63}$/;
const ARTIFACT_VERSION = /^\d{1,6}(?:\.\d{1,6}){1,3}/;
const VERSION_START = /[-:]\d/;

/** `jjwt-jackson-0.11.2`, `jjwt-api:0.11.2`: an artifact id followed by its version. */
function isArtifact(value: string): boolean {
  const v = VERSION_START.exec(value);
  return v !== null && ARTIFACT_NAME.test(value.slice(0, v.index)) && ARTIFACT_VERSION.test(value.slice(v.index + 1));
}
const TEXT_CLASSES = new Set<KeyClass>(['credential', 'token', 'session']);

/**
 * S16 `name=value` / `name: value` / `"name":"value"` in free text, where the name is a sensitive key (same
 * classification and exclusions as K1); the value gets the key class's action. No entropy gate: in logs
 * `password=hunter2` is a secret whatever its entropy.
 */
export const keyValue: Detector<'KEY_VALUE'> = {
  name: 'KEY_VALUE',
  id: 'S16',
  category: 'secret',
  defaultAction: 'redact',
  defaultEnabled: true,
  triggers: [
    'passw',
    'passphrase',
    'secret',
    'token',
    'apikey',
    'api_key',
    'api-key',
    'credential',
    'pwd',
    'privatekey',
    'private_key',
    'private-key',
    'accesskey',
    'access_key',
    'sessionid',
    'session_id',
    'session-id',
    'sessid',
    'connect.sid',
    // `auth` alone is a common word (service names, "auth failed"): only with an assignment right after it.
    'auth=',
    'auth:',
    'auth"',
    "auth'",
    'auth =',
    'auth :',
    'csrf',
    'xsrf',
  ],
  patterns: [SEPARATOR, TYPE_NAME, WORD, PACKAGE, ARTIFACT_NAME, ARTIFACT_VERSION, VERSION_START],
  onTrigger(ctx, index) {
    const text = ctx.text;
    let ks = index;
    while (ks > 0 && index - ks < 64 && isKeyChar(text.charCodeAt(ks - 1))) ks--;
    let ke = index;
    while (ke < text.length && ke - index < 64 && isKeyChar(text.charCodeAt(ke))) ke++;
    if ((ks > 0 && isKeyChar(text.charCodeAt(ks - 1))) || (ke < text.length && isKeyChar(text.charCodeAt(ke)))) {
      return ke;
    }
    const decision = ctx.classifier.classify(text.slice(ks, ke));
    if (decision === null || !TEXT_CLASSES.has(decision.keyClass)) return ke;
    // Authorization headers keep their scheme: S12 handles them.
    if (/authorization$/i.test(text.slice(Math.max(ks, ke - 13), ke))) return ke;
    SEPARATOR.lastIndex = ke;
    const sep = SEPARATOR.exec(text);
    if (sep === null) return ke;
    const key = text.slice(ks, ke);
    let vs = ke + sep[0].length;
    // Generic words (`token`, `auth`) hold a credential only when one follows, not a type name, a method word or a
    // Maven coordinate (`io.jsonwebtoken:jjwt-jackson-0.11.2`).
    const weak = decision.keyClass === 'token' || key.toLowerCase() === 'auth';
    if (weak && matchAt(TYPE_NAME, text, vs) !== null) return ke;
    let ve: number;
    const q = text[vs];
    const escapedQuote = q === '\\' && (text[vs + 1] === '"' || text[vs + 1] === "'");
    const quoted = q === '"' || q === "'" || escapedQuote;
    if (quoted) vs += escapedQuote ? 2 : 1;
    const close = quoted ? boundedIndexOf(text, escapedQuote ? (text[vs - 1] as string) : (q as string), vs, 513) : -1;
    if (close >= 0) {
      ve = close;
      if (escapedQuote && ve > vs && text[ve - 1] === '\\') ve--;
    } else {
      // Bare value, or a quote that never closes (truncated JSON): up to the next delimiter.
      ve = vs;
      const limit = Math.min(text.length, vs + 512);
      while (ve < limit && !' \t\r\n,;&"\'<>)}]\\'.includes(text[ve] as string)) ve++;
    }
    if (ve <= vs) return ke;
    const value = text.slice(vs, ve);
    if (value.length <= 9 && NOT_A_VALUE.has(value.toLowerCase())) return ve;
    if (weak && key.toLowerCase() === 'auth' && WORD.test(value)) return ve;
    if (weak && sep[0] === ':' && PACKAGE.test(key) && isArtifact(value)) return ve;
    if (text[vs] === '{' || text[vs] === '[') return ke;
    if (decision.skipNumeric && /^\d{1,15}$/.test(value)) return ve;
    const action = ctx.keyClassAction(decision.keyClass);
    ctx.out.push(
      finding(this, vs, ve, decision.keyClass.toUpperCase(), decision.valueType, action === 'drop' ? 'redact' : action),
    );
    return ve;
  },
};
