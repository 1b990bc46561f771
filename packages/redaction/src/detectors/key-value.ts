import {
  type Detector,
  finding,
  isAlnum,
  isLetter,
  leftBoundary,
  matchAt,
  type ScanContext,
} from '../internal/detector.js';
import type { Action, KeyClass } from '../types.js';

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

/** The `}` closing an ODBC braced value whose text starts at `i` (`}}` inside it is an escaped `}`), or -1. */
function bracedEnd(text: string, i: number, limit: number): number {
  for (; i < limit; i++) {
    if (text[i] !== '}') continue;
    if (text[i + 1] !== '}') return i;
    i++;
  }
  return -1;
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
    // ODBC connection strings brace a value holding `;` (`;Pwd={p;w}}x};`, `}}` is a literal `}`).
    const braced = text[start] === '{' && text[index - 1] === ';' ? bracedEnd(text, start + 1, limit) : -1;
    if (braced > start + 1) {
      ctx.out.push(finding(this, start + 1, braced));
      return braced;
    }
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

/**
 * Where the quoted value starting at `vs` ends, at most 512 characters on, or -1. Escaped quotes inside it are part of
 * the value: `\"` in a `"…"` or `'…'` value (JSON, Python), a doubled `''` in a `'…'` one (SQL, YAML). In a value
 * opened by an escaped quote (`\"…\"`, JSON nested in a JSON string) only an escaped quote closes it: the index of its
 * backslash.
 */
function closingQuote(text: string, vs: number, quote: string, escaped: boolean): number {
  const limit = Math.min(text.length, vs + 513);
  for (let i = vs; i < limit; i++) {
    const c = text[i];
    if (c === '\\') {
      if (escaped && text[i + 1] === quote) return i;
      i++;
    } else if (c === quote && !escaped) {
      if (quote === "'" && text[i + 1] === "'" && i > vs) i++;
      else return i;
    }
  }
  return -1;
}

/** `b'…'`, `b"…"`: a Python bytes literal (the value is in the quotes). */
function isBytesPrefix(text: string, vs: number): boolean {
  return (text[vs] === 'b' || text[vs] === 'B') && (text[vs + 1] === "'" || text[vs + 1] === '"');
}

/** `text.indexOf(ch, from)` looking at most `max` characters ahead (bounded work per trigger). */
function boundedIndexOf(text: string, ch: string, from: number, max: number): number {
  const limit = Math.min(text.length, from + max);
  for (let i = from; i < limit; i++) if (text[i] === ch) return i;
  return -1;
}

/**
 * Where the next `ch` at or after a position was found last, per scan context. Element and quoted values search
 * forward from each trigger hit; in text where `ch` is rare (`<password><![CDATA[` repeated, no `]`), each search
 * walked its full 513 characters. With the position remembered, searches from advancing positions share one native
 * pass; a search from before the remembered position walks its bounded window as before.
 */
const nextFound = new WeakMap<ScanContext, Map<string, { from: number; at: number }>>();

/** `boundedIndexOf` over `ctx.text`, in amortised constant time for searches from advancing positions. */
function nextWithin(ctx: ScanContext, ch: string, from: number, max: number): number {
  let byChar = nextFound.get(ctx);
  if (byChar === undefined) {
    byChar = new Map();
    nextFound.set(ctx, byChar);
  }
  const known = byChar.get(ch);
  if (known !== undefined && from < known.from) return boundedIndexOf(ctx.text, ch, from, max);
  let at = known?.at ?? -2;
  if (at !== -1 && at < from) {
    at = ctx.text.indexOf(ch, from);
    byChar.set(ch, { from, at });
  }
  return at >= 0 && at < from + max ? at : -1;
}

function isKeyChar(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 45 || c === 46;
}

// Spaces and tabs only: an empty value (`KEY=\nNEXT_KEY=…`) must not take the next line as its value. The full-width
// colon is what Chinese and Japanese input methods type after a key (`password：x`); the decoded view folds it only
// in lines it decodes for another reason.
const SEPARATOR = /\\?["']?[ \t]{0,16}(?:=>|:=|[:=\uff1a])[ \t]{0,3}/y;
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
const TEXT_CLASSES = new Set<KeyClass>(['credential', 'token', 'session', 'paymentSad']);
/** The finding label of each class in {@link TEXT_CLASSES}, made once (not upper-cased again at every hit). */
const TEXT_LABELS = new Map<KeyClass, string>(
  [...TEXT_CLASSES].map((c) => [c, c === 'paymentSad' ? 'PAYMENT_SAD' : c.toUpperCase()]),
);
/** Characters {@link SEPARATOR} can start with: anything else rules it out without running it. */
const SEPARATOR_STARTS = new Set(['\\', '"', "'", ' ', '\t', '=', ':', '\uff1a']);

/**
 * How many key characters are read around a trigger literal (bounded work per hit). Backwards a longer run is cut
 * there and classified by its last part (`…_xpassword=`: K1 reads stems and suffixes); forwards the key's end, where
 * the separator must be, is given up past it.
 */
const MAX_KEY = 256;
/** Key names that hold a password itself, for the forms without `=`/`:` (`PASSWORD 'x'`, `<password>x</password>`). */
const PASSWORD_KEY = /(?:passw|passphrase|pwd$|pass$)/i;
/** `--password x`, `-db-password x`: a flag (one or two dashes, then a letter) and up to three spaces before its value. */
const FLAG = /--?[A-Za-z]/y;
const FLAG_GAP = /[ \t]{1,3}/y;
/** `--no-password`: a switch, not an option with an argument. */
const NEGATED_FLAG = /^--?no-/i;
/** Last words of flags that name where a secret is or how it is read, not the secret (`--password-file /run/x`). */
const FLAG_NOT_VALUE = new Set(['file', 'files', 'stdin', 'fd', 'env', 'dir', 'prompt', 'command', 'cmd']);
/** Keys that are short words; their values are not secrets when they are a lower-case word or a small count. */
const SHORT_STATE_KEY = /^(?:session|sid|pass)$/i;
const STATE_VALUE = /^(?:[a-z]{1,16}|\d{1,3})$/;
/** A metavariable in help text (`--api-key API_KEY`): upper case, itself a sensitive key name. */
const METAVAR = /^[A-Z][A-Z0-9_-]{0,31}$/;
/** SQL `IDENTIFIED BY 'x'`, `IDENTIFIED WITH plugin BY 'x'`, `IDENTIFIED BY PASSWORD '*hash'` (MySQL, MariaDB, Oracle). */
const IDENTIFIED_BY =
  /identified[ \t]{1,3}(?:with[ \t]{1,3}[\w$]{1,64}[ \t]{1,3})?by[ \t]{1,3}(?:password[ \t]{1,3})?['"]/iy;
/**
 * Command-line tools with a short password option. `mysql -pX` only glued: with a space, `mysql -p X` reads `X` as
 * the database and prompts for the password (MySQL documentation), so it holds no secret. `curl -u user:X` and
 * `--user`/`-U`/`--proxy-user`: the part after the first `:` is the password.
 */
const COMMANDS: Readonly<Record<string, { options: readonly string[]; spaced: boolean; userPassword: boolean }>> = {
  mysql: { options: ['-p'], spaced: false, userPassword: false },
  mariadb: { options: ['-p'], spaced: false, userPassword: false },
  sshpass: { options: ['-p'], spaced: true, userPassword: false },
  'redis-cli': { options: ['-a'], spaced: true, userPassword: false },
  curl: { options: ['-u', '--user', '-U', '--proxy-user'], spaced: true, userPassword: true },
};
/** The command names, for the per-hit test (a `Set` lookup is cheaper than `Object.hasOwn` on the table). */
const COMMAND_NAMES = new Set(Object.keys(COMMANDS));
/** How far past a command word its options are searched (same line; bounded work per hit). */
const COMMAND_WINDOW = 256;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Whether `text` has the lower-case ASCII `literal` at `i`, in any case. */
function startsWithLower(text: string, i: number, literal: string): boolean {
  if (i + literal.length > text.length) return false;
  for (let j = 0; j < literal.length; j++) {
    const c = text.charCodeAt(i + j);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== literal.charCodeAt(j)) return false;
  }
  return true;
}

/** Scratch span of {@link shellWord} and {@link userPassword} (scans are synchronous). */
const SPAN = new Int32Array(2);

/** What ends a bare value: ASCII delimiters, and the full-width ones of CJK prose (`password：x，…`). */
const VALUE_DELIMITERS = ' \t\r\n,;&"\'<>)}]\\\uff0c\uff1b\uff09\u3001\u3002';

/** The end of a bare (unquoted) value: the next delimiter, at most 512 characters on. */
function bareEnd(text: string, vs: number): number {
  let ve = vs;
  const limit = Math.min(text.length, vs + 512);
  while (ve < limit && !VALUE_DELIMITERS.includes(text[ve] as string)) ve++;
  return ve;
}

/** Owner tag of S16's walked run in {@link ScanContext.runOwner}. */
const VALUE_RUN = {};

/**
 * The end of a bare value under a key, to the next delimiter however far (a 1,000-character token must not keep its
 * tail). The run is walked once per scan: a run's end is the same from any start inside it, so later triggers inside
 * the same run (`token=…token=…`) reuse it from the context's run slot and the total work stays linear.
 */
function valueEnd(ctx: ScanContext, vs: number): number {
  const text = ctx.text;
  if (ctx.runOwner === VALUE_RUN && vs >= ctx.runFrom && vs <= ctx.runEnd) return ctx.runEnd;
  let ve = bareEnd(text, vs);
  if (ve - vs === 512) while (ve < text.length && !VALUE_DELIMITERS.includes(text[ve] as string)) ve++;
  ctx.runOwner = VALUE_RUN;
  ctx.runFrom = vs;
  ctx.runEnd = ve;
  return ve;
}

/**
 * The shell word at `p` (a password argument): a quoted string to its closing quote, else up to the next delimiter.
 * `[start, end)` is written to `span`; false when there is no value, or only a reference the shell substitutes
 * (`$VAR`, `$(…)` outside single quotes).
 */
function shellWord(text: string, p: number, span: Int32Array): boolean {
  const q = text[p];
  let start = p;
  let end: number;
  if (q === '"' || q === "'") {
    start = p + 1;
    end = boundedIndexOf(text, q, start, 513);
    if (end < 0) end = bareEnd(text, start);
  } else end = bareEnd(text, p);
  if (end <= start || (q !== "'" && text.charCodeAt(start) === 36)) return false;
  span[0] = start;
  span[1] = end;
  return true;
}

/** `user:password`, `"user:password"`, `user:'password'`, `"user":"password"` at `p`: the password's span. */
function userPassword(text: string, p: number, span: Int32Array): boolean {
  const q = text[p];
  if (q === '"' || q === "'") {
    const close = boundedIndexOf(text, q, p + 1, 513);
    if (close < 0) return false;
    const colon = boundedIndexOf(text, ':', p + 1, close - p - 1);
    if (colon >= 0) {
      if (close <= colon + 1 || (q !== "'" && text.charCodeAt(colon + 1) === 36)) return false;
      span[0] = colon + 1;
      span[1] = close;
      return true;
    }
    return text[close + 1] === ':' && shellWord(text, close + 2, span);
  }
  let i = p;
  const limit = Math.min(text.length, p + 256);
  while (i < limit && text[i] !== ':' && !' \t\r\n"\'<>'.includes(text[i] as string)) i++;
  return text[i] === ':' && shellWord(text, i + 1, span);
}

/**
 * `mysql -uroot -pX`, `sshpass -p X`, `redis-cli -a X`, `curl -u user:X`: the password after the command's option,
 * searched up to {@link COMMAND_WINDOW} characters on, to the end of the command (line end without a `\`
 * continuation, `|`, `;`, `&`) or the next occurrence of the same command (whose own hit searches on: linear work).
 * Pushes a finding; returns nothing, as the window may hold other triggers of this detector, which must still run.
 */
function commandPassword(d: Detector, ctx: ScanContext, index: number, literal: string): undefined {
  const text = ctx.text;
  if (index > 0 && (isKeyChar(text.charCodeAt(index - 1)) || text.charCodeAt(index - 1) === 36)) return undefined;
  // The command word: the literal plus a tool suffix (`mysqldump`, `mariadb-dump`, `curl.exe`), then a space.
  let e = index + literal.length;
  while (e < text.length && e - index < 24 && isKeyChar(text.charCodeAt(e))) e++;
  if (!isSpace(text.charCodeAt(e))) return undefined;
  const cmd = COMMANDS[literal] as (typeof COMMANDS)[string];
  const first = literal.charCodeAt(0);
  const limit = Math.min(text.length, e + COMMAND_WINDOW);
  const span = SPAN;
  for (let i = e; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      const before = text.charCodeAt(c === 10 && text.charCodeAt(i - 1) === 13 ? i - 2 : i - 1);
      if (before === 92 || (c === 10 && text.charCodeAt(i - 1) === 13)) continue;
      return undefined;
    }
    if (c === 124 || c === 59 || c === 38) return undefined;
    if ((c | 32) === first && startsWithLower(text, i, literal)) return undefined;
    if (!isSpace(c) || text.charCodeAt(i + 1) !== 45) continue;
    for (const option of cmd.options) {
      if (!text.startsWith(option, i + 1)) continue;
      let vs = i + 1 + option.length;
      const glued = vs < text.length && !isSpace(text.charCodeAt(vs)) && text[vs] !== '=';
      // `--user=a:b` and `-ua:b` glue the value; a longer option name (`--users`) is another option.
      if (option.startsWith('--') && glued) continue;
      if (text[vs] === '=') vs++;
      else if (!glued) {
        if (!cmd.spaced) continue;
        while (vs < limit && isSpace(text.charCodeAt(vs))) vs++;
      }
      if (text.charCodeAt(vs) === 45) return undefined;
      if (cmd.userPassword ? userPassword(text, vs, span) : shellWord(text, vs, span)) {
        ctx.out.push(
          finding(d, span[0] as number, span[1] as number, 'CREDENTIAL', 'credential', textAction(ctx, 'credential')),
        );
      }
      return undefined;
    }
  }
  return undefined;
}

/** SQL `IDENTIFIED BY 'x'` (and `… WITH plugin BY`, `… BY PASSWORD '*hash'`): the quoted string. */
function identifiedBy(d: Detector, ctx: ScanContext, index: number): number | undefined {
  const text = ctx.text;
  if (!leftBoundary(text, index)) return undefined;
  const m = matchAt(IDENTIFIED_BY, text, index);
  if (m === null) return undefined;
  const vs = index + m[0].length;
  const ve = nextWithin(ctx, text[vs - 1] as string, vs, 513);
  if (ve <= vs) return undefined;
  ctx.out.push(finding(d, vs, ve, 'CREDENTIAL', 'credential', textAction(ctx, 'credential')));
  return ve;
}

/** The action of a key class inside free text (`drop` acts as `redact` there). */
function textAction(ctx: ScanContext, keyClass: KeyClass): Action {
  const action = ctx.keyClassAction(keyClass);
  return action === 'drop' ? 'redact' : action;
}

/**
 * Where the value of a key written without `=`/`:` starts, or -1: a flag and its argument (`--password x`, not
 * `--password-file x`, not `--no-password x`, not a next flag), or a quoted string after a password key
 * (`WITH PASSWORD 'x'`, `password "x" rejected`).
 */
function spacedValueStart(text: string, ks: number, ke: number, key: string): number {
  FLAG_GAP.lastIndex = ke;
  const gap = FLAG_GAP.exec(text);
  if (gap === null) return -1;
  const vs = ke + gap[0].length;
  const c = text[vs];
  // Nothing, a next flag or a line end is never a value (checked first: cheap, and `--password --password …` is
  // made of nothing else).
  if (c === undefined || c === '-' || c === '\r' || c === '\n') return -1;
  if (matchAt(FLAG, text, ks) !== null) {
    if (ks > 0 && !isSpace(text.charCodeAt(ks - 1)) && !'"\'=([,'.includes(text[ks - 1] as string)) return -1;
    if (NEGATED_FLAG.test(key)) return -1;
    const last = key.slice(Math.max(key.lastIndexOf('-'), key.lastIndexOf('_')) + 1).toLowerCase();
    if (FLAG_NOT_VALUE.has(last)) return -1;
    return vs;
  }
  // Only SQL's string quote: `password "x"` in prose is as often a label as a value (`anon password "guest@"`).
  return c === "'" && PASSWORD_KEY.test(key) ? vs : -1;
}

/**
 * Length of the line break at `i`: a real one (`\n`, `\r\n`, `\r`) or, in `escaped` text (YAML inside a JSON
 * string), a JSON-escaped one; 0 when there is none. In escaped text an unescaped `"` ends the string, and with it
 * the line (-1).
 */
function lineBreakAt(text: string, i: number, escaped: boolean): number {
  const c = text.charCodeAt(i);
  if (c === 10) return 1;
  if (c === 13) return text.charCodeAt(i + 1) === 10 ? 2 : 1;
  if (!escaped) return 0;
  if (c === 34) return -1;
  if (c !== 92) return 0;
  const n = text.charCodeAt(i + 1);
  if (n === 110) return 2;
  return n === 114 ? (text.startsWith('\\n', i + 2) ? 4 : 2) : 0;
}

/**
 * Column of `ks` in its line: a line starts after a real line break or, in `escaped` text, after a JSON-escaped one
 * or the string's opening quote.
 */
function columnOf(text: string, ks: number, escaped: boolean): number {
  let p = ks;
  while (p > 0 && ks - p < MAX_KEY) {
    const c = text.charCodeAt(p - 1);
    if (c === 10 || c === 13) break;
    if (escaped) {
      // `\n` is a line break; `"` without a backslash before it opens the string (`\"` is a quote inside it).
      const afterBackslash = p >= 2 && text.charCodeAt(p - 2) === 92;
      if (afterBackslash ? c === 110 || c === 114 : c === 34) break;
    }
    p--;
  }
  return ks - p;
}

/** Whether a separator is a YAML mapping colon (`: `, `":`), the only one block scalars follow. */
function isYamlColon(sep: string): boolean {
  const t = sep.trimEnd();
  return !t.includes('=') && (t.endsWith(':') || t.endsWith('\uff1a'));
}

/** Block scalar indicators after `|` or `>`: chomping (`+`, `-`) and an indentation digit, in either order. */
function isBlockIndicator(c: number): boolean {
  return c === 43 || c === 45 || (c >= 49 && c <= 57);
}

/**
 * A YAML block scalar header at `vs` (`password: |`, `key: >-  # comment`): where its content starts (after the
 * header's line break, or the end of the text), else -1. Sets {@link blockEscaped} when the break is JSON-escaped.
 */
function blockScalarStart(text: string, vs: number): number {
  const c = text[vs];
  if (c !== '|' && c !== '>') return -1;
  let i = vs + 1;
  while (i < vs + 3 && isBlockIndicator(text.charCodeAt(i))) i++;
  const spaced = isSpace(text.charCodeAt(i));
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (spaced && text[i] === '#') {
    const limit = Math.min(text.length, i + MAX_KEY);
    while (i < limit && lineBreakAt(text, i, true) === 0) i++;
  }
  if (i >= text.length) return i;
  blockEscaped = lineBreakAt(text, i, false) === 0;
  const br = lineBreakAt(text, i, blockEscaped);
  return br > 0 ? i + br : -1;
}

/** Whether the last header read by {@link blockScalarStart} ended with a JSON-escaped line break. */
let blockEscaped = false;

/**
 * The content of a YAML block scalar (`password: |` then indented lines): every line from `from` indented deeper
 * than the key, blank lines included, as one finding from the first content character to the end of the last
 * non-blank line. Returns where the block ends (later triggers inside it are redundant: linear work).
 */
function blockScalar(
  d: Detector,
  ctx: ScanContext,
  ks: number,
  from: number,
  label: string,
  valueType: string,
  action: Action,
): number {
  const text = ctx.text;
  const escaped = blockEscaped;
  const column = columnOf(text, ks, escaped);
  let start = -1;
  let end = -1;
  let p = from;
  while (p < text.length) {
    let q = p;
    while (text.charCodeAt(q) === 32) q++;
    const blank = lineBreakAt(text, q, escaped);
    if (blank > 0) {
      p = q + blank;
      continue;
    }
    if (blank < 0 || q >= text.length || q - p <= column) break;
    if (start < 0) start = q;
    let e = q;
    while (e < text.length && lineBreakAt(text, e, escaped) === 0) e++;
    end = e;
    const br = lineBreakAt(text, e, escaped);
    if (br <= 0) break;
    p = e + br;
  }
  if (start < 0) return from;
  ctx.out.push(finding(d, start, end, label, valueType, action));
  return end;
}

/** Field names that name a key in an entry, lower case (`<add key="Password" …/>`, `{"name":"DB_PASSWORD", …}`). */
const ENTRY_NAME_WORDS: ReadonlySet<string> = new Set(['name', 'key', 'parameterkey']);
/** Field names that hold the named key's value, lower case. */
const ENTRY_VALUE_WORDS: ReadonlySet<string> = new Set(['value', 'parametervalue']);

/** Past a quote at `i`, JSON-escaped (`\"`) or not; -1 when there is none. */
function pastQuote(text: string, i: number): number {
  const c = text[i];
  if (c === '"' || c === "'") return i + 1;
  return c === '\\' && (text[i + 1] === '"' || text[i + 1] === "'") ? i + 2 : -1;
}

/** Past up to 16 spaces and tabs at `i` (as many as {@link SEPARATOR} allows). */
function skipSpaces(text: string, i: number): number {
  const limit = Math.min(text.length, i + 16);
  while (i < limit && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Before up to 16 spaces and tabs ending at `p` (inclusive), going backwards. */
function skipSpacesBack(text: string, p: number): number {
  const limit = Math.max(-1, p - 16);
  while (p > limit && isSpace(text.charCodeAt(p))) p--;
  return p;
}

/**
 * Whether the key at `ks` is the value of a field naming a key: `key="Password"` (.NET `appSettings`),
 * `name="db.password"` (Spring, Ant), `"name":"DB_PASSWORD"` (Kubernetes env and HAR in JSON), `name: DB_PASSWORD`
 * (the same in YAML), `name=DB_PASSWORD` (logfmt).
 */
function isEntryName(text: string, ks: number): boolean {
  let p = ks - 1;
  if (text[p] === '"' || text[p] === "'") p -= text[p - 1] === '\\' ? 2 : 1;
  p = skipSpacesBack(text, p);
  if (text[p] !== '=' && text[p] !== ':') return false;
  p--;
  p = skipSpacesBack(text, p);
  if (text[p] === '"' || text[p] === "'") p -= text[p - 1] === '\\' ? 2 : 1;
  const wordEnd = p + 1;
  while (p >= 0 && wordEnd - p <= 13 && isLetter(text.charCodeAt(p))) p--;
  if (p >= 0 && isKeyChar(text.charCodeAt(p))) return false;
  return ENTRY_NAME_WORDS.has(text.slice(p + 1, wordEnd).toLowerCase());
}

/** Past one line break at `i` and the indentation after it (YAML: `- name: X` then `  value: x`), or `i`. */
function skipLineBreak(text: string, i: number): number {
  const br =
    text[i] === '\n'
      ? 1
      : text[i] === '\r' && text[i + 1] === '\n'
        ? 2
        : text[i] === '\\' && text[i + 1] === 'n'
          ? 2
          : 0;
  return br === 0 ? i : skipSpaces(text, i + br);
}

/**
 * The value of an entry whose name field holds the key ending at `ke`: the next field when it is a value field
 * (`key="Password" value="x"`, `"name":"DB_PASSWORD","value":"x"`, `name: X` and `value: x` on the next line), or
 * the element's text (`<entry key="db.password">x</entry>`). Pushes the finding and returns its end, else -1.
 */
function entryValue(
  d: Detector,
  ctx: ScanContext,
  ks: number,
  ke: number,
  label: string,
  valueType: string,
  action: Action,
): number {
  const text = ctx.text;
  let i = ke;
  if (text[ks - 1] === '"' || text[ks - 1] === "'") {
    i = pastQuote(text, ke);
    if (i < 0) return -1;
  }
  i = skipSpaces(text, i);
  if (text[i] === '>') {
    const vs = i + 1;
    const ve = nextWithin(ctx, '<', vs, 513);
    if (ve <= vs || text[ve + 1] !== '/' || text.slice(vs, ve).trim() === '') return -1;
    ctx.out.push(finding(d, vs, ve, label, valueType, action));
    return ve;
  }
  i = text[i] === ',' ? skipSpaces(text, i + 1) : skipLineBreak(text, i);
  const fieldQuote = pastQuote(text, i);
  if (fieldQuote >= 0) i = fieldQuote;
  const wordStart = i;
  while (i < text.length && i - wordStart <= 14 && isLetter(text.charCodeAt(i))) i++;
  if (!ENTRY_VALUE_WORDS.has(text.slice(wordStart, i).toLowerCase())) return -1;
  if (fieldQuote >= 0) i = pastQuote(text, i);
  if (i < 0) return -1;
  i = skipSpaces(text, i);
  if (text[i] !== '=' && text[i] !== ':') return -1;
  i = skipSpaces(text, i + 1);
  const vs = pastQuote(text, i);
  const ve = vs >= 0 ? closingQuote(text, vs, text[vs - 1] as string, vs - i === 2) : valueEnd(ctx, i);
  const start = vs >= 0 ? vs : i;
  if (ve <= start || text[start] === '{' || text[start] === '[') return -1;
  ctx.out.push(finding(d, start, ve, label, valueType, action));
  return ve;
}

const CDATA_OPEN = '<![CDATA[';

/**
 * `<password>x</password>`, `<password><![CDATA[x]]></password>`: the element's text when the same element closes it
 * (at most 512 characters on).
 */
function elementValue(
  d: Detector,
  ctx: ScanContext,
  ks: number,
  ke: number,
  label: string,
  valueType: string,
  action: Action,
): number | undefined {
  const text = ctx.text;
  let vs = ke + 1;
  let ve: number;
  let tag: number;
  if (text.startsWith(CDATA_OPEN, vs)) {
    // A CDATA section may hold `<`: its text runs to `]]>`, and the closing tag follows.
    vs += CDATA_OPEN.length;
    ve = nextWithin(ctx, ']', vs, 513);
    if (ve < 0 || !text.startsWith(']]>', ve)) return ke;
    tag = ve + 3;
  } else {
    ve = nextWithin(ctx, '<', vs, 513);
    tag = ve;
  }
  if (ve <= vs || text[tag] !== '<' || text[tag + 1] !== '/' || text[tag + 2 + (ke - ks)] !== '>') return ke;
  const name = text.slice(ks, ke);
  if (text.slice(tag + 2, tag + 2 + name.length).toLowerCase() !== name.toLowerCase()) return ke;
  if (text.slice(vs, ve).trim() === '') return ke;
  ctx.out.push(finding(d, vs, ve, label, valueType, action));
  return ve;
}

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
    // Command lines and SQL (handled apart, see `commandPassword`, `identifiedBy`).
    ...Object.keys(COMMANDS),
    'identified ',
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
    // Short names only with an assignment right after them (`REDIS_PASS=`, `"sid":`): alone they are common words.
    ...['pass', 'session', 'sid'].flatMap((n) => [`${n}=`, `${n}:`, `${n}"`, `${n}'`, `${n} =`, `${n} :`]),
    'pincode',
    'pin_code',
    'pin-code',
    'otp',
    'mfacode',
    'mfa_code',
    'verification',
    'recovery',
    'backup_code',
    'backupcode',
    'storepass',
    'keypass',
  ],
  patterns: [
    SEPARATOR,
    TYPE_NAME,
    WORD,
    PACKAGE,
    ARTIFACT_NAME,
    ARTIFACT_VERSION,
    VERSION_START,
    PASSWORD_KEY,
    FLAG,
    FLAG_GAP,
    NEGATED_FLAG,
    METAVAR,
    IDENTIFIED_BY,
    SHORT_STATE_KEY,
    STATE_VALUE,
  ],
  onTrigger(ctx, index, literal) {
    if (literal === 'identified ') return identifiedBy(this, ctx, index);
    if (COMMAND_NAMES.has(literal)) return commandPassword(this, ctx, index, literal);
    const text = ctx.text;
    let ks = index;
    while (ks > 0 && index - ks < MAX_KEY && isKeyChar(text.charCodeAt(ks - 1))) ks--;
    let ke = index;
    while (ke < text.length && ke - index < MAX_KEY && isKeyChar(text.charCodeAt(ke))) ke++;
    if (ke < text.length && isKeyChar(text.charCodeAt(ke))) return ke;
    const key = text.slice(ks, ke);
    const decision = ctx.classifier.classify(key);
    const label = decision === null ? undefined : TEXT_LABELS.get(decision.keyClass);
    if (decision === null || label === undefined) return ke;
    // Authorization headers keep their scheme: S12 handles them.
    if (key.length >= 13 && /authorization$/i.test(key)) return ke;
    const action = textAction(ctx, decision.keyClass);
    if (text[ks - 1] === '<' && text[ke] === '>') {
      return elementValue(this, ctx, ks, ke, label, decision.valueType, action);
    }
    if (isEntryName(text, ks)) {
      const end = entryValue(this, ctx, ks, ke, label, decision.valueType, action);
      if (end >= 0) return end;
    }
    SEPARATOR.lastIndex = ke;
    const sep = SEPARATOR_STARTS.has(text[ke] as string) ? SEPARATOR.exec(text) : null;
    let vs = sep === null ? spacedValueStart(text, ks, ke, key) : ke + sep[0].length;
    if (vs < 0) return ke;
    // YAML `password: |` (or `>-`…): the value is the indented lines below, not the indicator.
    const block = sep !== null && isYamlColon(sep[0]) ? blockScalarStart(text, vs) : -1;
    if (block >= 0) return blockScalar(this, ctx, ks, block, label, decision.valueType, action);
    const flag = sep === null && text[ks] === '-';
    // A flag's argument `$VAR` / `"$VAR"` is a shell reference (in single quotes `$` is literal).
    if (flag && (text[vs] === '$' || (text[vs] === '"' && text[vs + 1] === '$'))) return ke;
    // Generic words (`token`, `auth`) hold a credential only when one follows, not a type name, a method word or a
    // Maven coordinate (`io.jsonwebtoken:jjwt-jackson-0.11.2`).
    const weak = decision.keyClass === 'token' || key.toLowerCase() === 'auth';
    if (weak && matchAt(TYPE_NAME, text, vs) !== null) return ke;
    let ve: number;
    // Python writes bytes as `b'…'`: the quote after the prefix opens the value.
    if (isBytesPrefix(text, vs)) vs++;
    const q = text[vs];
    const escapedQuote = q === '\\' && (text[vs + 1] === '"' || text[vs + 1] === "'");
    const quoted = q === '"' || q === "'" || escapedQuote;
    if (quoted) vs += escapedQuote ? 2 : 1;
    // A nested object or array is not the value: its own keys are scanned (checked before the value's end is sought,
    // so a run of `token={token={…` costs one step per trigger, not a walk to the run's end each).
    if (text[vs] === '{' || text[vs] === '[') return ke;
    const close = quoted ? closingQuote(text, vs, text[vs - 1] as string, escapedQuote) : -1;
    if (close >= 0) {
      ve = close;
    } else {
      // Bare value, or a quote that never closes (truncated JSON) or closes further than 512 characters on: up to the
      // next delimiter.
      ve = valueEnd(ctx, vs);
    }
    if (ve <= vs) return ke;
    const value = text.slice(vs, ve);
    if (value.length <= 9 && NOT_A_VALUE.has(value.toLowerCase())) return ve;
    // Help text names the argument instead of giving it: `--api-key API_KEY`, `--password PASSWORD`.
    if (flag && METAVAR.test(value) && TEXT_CLASSES.has(ctx.classifier.classify(value)?.keyClass as KeyClass)) {
      return ve;
    }
    if (weak && key.toLowerCase() === 'auth' && WORD.test(value)) return ve;
    // Bare `session`/`sid`/`pass` are also words of state and counting: `session: started`, `pass: 3 of 5`.
    if (SHORT_STATE_KEY.test(key) && STATE_VALUE.test(value)) return ve;
    if (weak && sep?.[0] === ':' && PACKAGE.test(key) && isArtifact(value)) return ve;
    if (decision.skipNumeric && /^\d{1,15}$/.test(value)) return ve;
    ctx.out.push(finding(this, vs, ve, label, decision.valueType, action));
    return ve;
  },
};
