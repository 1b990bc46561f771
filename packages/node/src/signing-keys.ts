import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, realpathSync, type Stats, statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import {
  describeKeyProblem,
  describeValueKind,
  looksLikeKeyText,
  looksLikePem,
  plainKeyFilePath,
  printablePath,
  readEd25519PrivateKey,
} from '@seclog/integrity';
import { type KeySources, type NamedSetting, pseudonymKeySettings } from './key-sources.js';
import { SecureLoggingConfigError, START_SECURE_LOGGING } from './secure-logging-config-error.js';

/** Key material for one `startSecureLogging` run. Never logged; only the public key may be shown. */
export interface LoadedKeys {
  /** Ed25519 private key sealing the integrity checkpoints. */
  signingKey: KeyObject;
  /** SPKI PEM of the signing key: what `seclog verify --public-key` needs. */
  publicKeyPem: string;
  /** Pseudonym key: the HMAC key (≥ 32 bytes) behind redaction's `<email:kid:token>` pseudonyms. */
  pseudonymKey: Buffer;
  /** Which keys were generated for this process only (development mode). */
  ephemeral: { signing: boolean; pseudonym: boolean };
}

export type { KeySources } from './key-sources.js';

const MIN_HMAC_BYTES = 32;
/** Far above any key file (an RSA-4096 PEM is ≈ 3.3 KB); bounds what a wrong path (a log, /dev/zero) makes us read. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Loads the signing and pseudonym keys from options or `SECLOG_SIGNING_KEY_FILE` / `SECLOG_PSEUDONYM_KEY_FILE` (the
 * pseudonym key's deprecated names still work, see `key-sources.ts`). In production a missing key is an error naming
 * the option and variable; in development an ephemeral key is generated instead.
 *
 * Errors and warnings name the option or variable and say what is wrong, never the key: a value that should be a path
 * is only repeated when it names an existing file (or, for a missing file, when it is plainly a key-file path in an
 * existing directory), because users do put the PEM text or the HMAC key itself into these variables.
 *
 * Every error is a {@link SecureLoggingConfigError} whose `field` is the option (`options.keys.signingKeyFile`) or the
 * variable (`SECLOG_SIGNING_KEY_FILE`) to fix.
 *
 * @param warn receives the one-time warnings (a key file every user on the host can read, a deprecated name).
 * @param component named in errors (default `startSecureLogging`).
 */
export function loadKeys(
  sources: KeySources,
  env: NodeJS.ProcessEnv,
  production: boolean,
  warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
  component: string = START_SECURE_LOGGING,
): LoadedKeys {
  const fail = (field: string, problem: string) => new SecureLoggingConfigError(component, field, problem);
  const ephemeral = { signing: false, pseudonym: false };
  let signingKey: KeyObject;
  const signingVariable = env.SECLOG_SIGNING_KEY_FILE;
  const signingFile = keyFileSetting(
    sources.signingKeyFile === undefined
      ? undefined
      : { value: sources.signingKeyFile, field: 'options.keys.signingKeyFile' },
    signingVariable === undefined ? undefined : { value: signingVariable, field: 'SECLOG_SIGNING_KEY_FILE' },
    fail,
  );
  if (sources.signingKey !== undefined) {
    signingKey = parseEd25519(sources.signingKey, { field: 'options.keys.signingKey', path: '' }, fail);
  } else if (signingFile !== undefined) {
    const file = readKeyFile(signingFile, warn, fail);
    signingKey = parseEd25519(file.bytes, file.where, fail);
  } else if (production) {
    throw fail(
      'SECLOG_SIGNING_KEY_FILE',
      'is not set and options.keys.signingKey / options.keys.signingKeyFile are absent: no signing key in ' +
        'production mode. Point it at an Ed25519 private key (PKCS#8 PEM), e.g. from `seclog keygen --out <dir>`',
    );
  } else {
    signingKey = generateKeyPairSync('ed25519').privateKey;
    ephemeral.signing = true;
  }

  let pseudonymKey: Buffer;
  const pseudonym = pseudonymKeySettings(sources as Record<string, unknown>, env, component, warn);
  const pseudonymFile = keyFileSetting(pseudonym.file, pseudonym.variable, fail);
  if (pseudonym.key !== undefined) {
    const bytes = pseudonymKeyBytes(pseudonym.key, fail);
    pseudonymKey = checkHmacLength(bytes, { field: pseudonym.key.field, path: '' }, fail);
  } else if (pseudonymFile !== undefined) {
    const file = readKeyFile(pseudonymFile, warn, fail);
    pseudonymKey = checkHmacLength(decodeHmacFile(file.bytes, file.where, fail), file.where, fail);
  } else if (production) {
    throw fail(
      'SECLOG_PSEUDONYM_KEY_FILE',
      'is not set and options.keys.pseudonymKey / options.keys.pseudonymKeyFile are absent: no pseudonym key in ' +
        `production mode. Point it at a file of at least ${MIN_HMAC_BYTES} random bytes, e.g. from ` +
        '`seclog keygen --out <dir>`',
    );
  } else {
    pseudonymKey = randomBytes(MIN_HMAC_BYTES);
    ephemeral.pseudonym = true;
  }

  const publicKeyPem = createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }).toString();
  return { signingKey, publicKeyPem, pseudonymKey, ephemeral };
}

/** Builds the configuration error for a field. */
type Fail = (field: string, problem: string) => SecureLoggingConfigError;

/** A key-file path as the user gave it, with the name of the option or variable it came from. */
interface KeyFileSetting {
  value: string;
  field: string;
}

/** Where a key came from: the field, and the file's quoted path (empty for an in-memory key). */
interface KeyOrigin {
  field: string;
  path: string;
}

/** `"<path>" ` when the key came from a file: prefixes the problem, so the message reads `<field> "<path>" …`. */
const quoted = ({ path }: KeyOrigin) => (path === '' ? '' : `"${path}" `);

/** The key file to read: the option if given, else the variable (a blank variable counts as unset). */
function keyFileSetting(
  option: NamedSetting<unknown> | undefined,
  variable: NamedSetting<string> | undefined,
  fail: Fail,
): KeyFileSetting | undefined {
  if (option !== undefined) {
    const { value, field } = option;
    // A Buffer here is usually the key file's content; fs would take it as a path and quote it in its error.
    if (typeof value !== 'string' || value.trim() === '') {
      throw fail(field, `must be the path of the key file (a non-empty string), got ${describeValueKind(value)}`);
    }
    return { value: value.trim(), field };
  }
  if (variable === undefined || variable.value.trim() === '') return undefined;
  return { value: variable.value.trim(), field: variable.field };
}

/** What to do when a key is where a path belongs. */
function putKeyInFile(field: string): string {
  return `put the key in a file readable only by this service (chmod 600) and set ${field} to that file's path`;
}

/**
 * Reads a key file, never quoting the setting unless it is a path. A directory, a file over 64 KiB and a value that is
 * key text each get their own message; a file every user can read gets a one-time warning.
 */
function readKeyFile(
  setting: KeyFileSetting,
  warn: (message: string) => void,
  fail: Fail,
): { bytes: Buffer; where: KeyOrigin } {
  const { value, field } = setting;
  if (looksLikePem(value)) {
    throw fail(field, `looks like PEM key text, not a file path; ${putKeyInFile(field)}`);
  }
  if (/[\r\n]/.test(value)) {
    throw fail(field, `spans several lines, so it is not a file path; if it is the key, ${putKeyInFile(field)}`);
  }
  let fd: number;
  try {
    // NUL cannot occur in a path, and fs would quote the whole value in its error.
    if (value.includes('\u0000')) throw Object.assign(new Error('NUL in path'), { code: 'EINVAL' });
    fd = openSync(value, 'r');
  } catch (error) {
    throw openFailure(setting, (error as NodeJS.ErrnoException).code ?? 'error', fail);
  }
  // The file exists, so the value is a path and naming it points the reader at what to fix.
  const where: KeyOrigin = { field, path: printablePath(value) };
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      throw fail(field, `${quoted(where)}is a directory; set ${field} to the key file inside it`);
    }
    const bytes = readAtMost(fd, MAX_KEY_FILE_BYTES + 1);
    if (bytes.length > MAX_KEY_FILE_BYTES) {
      throw fail(
        field,
        `${quoted(where)}is larger than ${MAX_KEY_FILE_BYTES / 1024} KiB, too large for a key file; ` +
          `set ${field} to the key file itself`,
      );
    }
    warnIfEveryoneCanRead(value, stat, field, warn);
    return { bytes, where };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw fail(field, `${quoted(where)}is a directory; set ${field} to the key file inside it`);
    if (code !== undefined) throw fail(field, `${quoted(where)}cannot be read (${code})`);
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `limit` bytes: FIFOs and process substitution (`<(vault read …)`) have no size to trust. */
function readAtMost(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(16 * 1024, limit - total));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

function openFailure({ value, field }: KeyFileSetting, code: string, fail: Fail): Error {
  if (code === 'EISDIR') {
    return fail(field, `"${printablePath(value)}" is a directory; set ${field} to the key file inside it`);
  }
  const relative = isAbsolute(value) ? '' : ` (a relative path is resolved against ${printablePath(process.cwd())})`;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be opened';
  const path = plainKeyFilePath(value);
  if (path !== undefined) return fail(field, `"${path}" cannot be read (${code}): ${why}${relative}`);
  if (looksLikeKeyText(value)) {
    return fail(
      field,
      `looks like key text (hex or base64), not a file path; ${putKeyInFile(field)}. ` +
        'The value is not repeated here because it may be key material',
    );
  }
  return fail(
    field,
    `cannot be read (${code}): ${code === 'ENOENT' ? 'no file at that path' : why}. The value is not ` +
      `repeated here in case it is key material; set ${field} to the path of the key file${relative}`,
  );
}

const warnedKeyFiles = new Set<string>();

/**
 * Warns once per file when every user on the host can read it: mode o+r and every directory above it o+x. Not an
 * error, also in production: container secret mounts are world-readable by default (Kubernetes 0644, Docker 0444)
 * inside a filesystem only the pod sees, and refusing them would break the ordinary deployment.
 */
function warnIfEveryoneCanRead(path: string, stat: Stats, field: string, warn: (message: string) => void): void {
  if (process.platform === 'win32' || !stat.isFile() || (stat.mode & 0o004) === 0) return;
  const id = `${stat.dev}:${stat.ino}`;
  if (warnedKeyFiles.has(id) || !everyDirectoryOpen(path)) return;
  warnedKeyFiles.add(id);
  const shown = printablePath(path);
  const shellPath = /^[\w./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
  warn(
    `seclog: key file "${shown}" (${field}) is readable by every user on this host; ` +
      `restrict it to this service's user: chmod 600 ${shellPath}`,
  );
}

function everyDirectoryOpen(path: string): boolean {
  try {
    let dir = dirname(realpathSync(path));
    for (;;) {
      if ((statSync(dir).mode & 0o001) === 0) return false;
      const parent = dirname(dir);
      if (parent === dir) return true;
      dir = parent;
    }
  } catch {
    return false;
  }
}

const ED25519_ONLY = 'seclog signs checkpoints with Ed25519: `openssl genpkey -algorithm ed25519`';

/**
 * Parses the signing key. Node's own parse errors are dropped (not kept as `cause`): only a description of what the
 * input is (public, encrypted, RSA…) reaches the message.
 */
function parseEd25519(input: unknown, where: KeyOrigin, fail: Fail): KeyObject {
  const must = `${quoted(where)}must be an Ed25519 private key (PKCS#8 PEM)`;
  const read = readEd25519PrivateKey(input);
  if ('key' in read) return read.key;
  const { problem } = read;
  switch (problem.kind) {
    case 'wrong-input':
      throw fail(
        where.field,
        `${quoted(where)}must be an Ed25519 private key as a KeyObject or PKCS#8 PEM text, got ${problem.got}`,
      );
    case 'encrypted':
      throw fail(
        where.field,
        `${must}: this key is encrypted and seclog cannot prompt for its passphrase. Write an unencrypted copy ` +
          '(`openssl pkey -in <encrypted.pem> -out <key.pem>`) and protect that file with chmod 600',
      );
    case 'wrong-algorithm':
      throw fail(where.field, `${must}: ${describeKeyProblem(problem)} (${ED25519_ONLY})`);
    default:
      throw fail(where.field, `${must}: ${describeKeyProblem(problem)}`);
  }
}

function pseudonymKeyBytes({ value: key, field }: NamedSetting<unknown>, fail: Fail): Buffer {
  if (typeof key === 'string') {
    throw fail(
      field,
      "must be a Uint8Array (Buffer), not a string: decode it first (e.g. Buffer.from(hex, 'hex')) or use " +
        'options.keys.pseudonymKeyFile',
    );
  }
  if (!(key instanceof Uint8Array)) {
    throw fail(
      field,
      `must be a Uint8Array (Buffer) of at least ${MIN_HMAC_BYTES} bytes, got ${describeValueKind(key)}`,
    );
  }
  return Buffer.from(key);
}

function decodeHmacFile(raw: Buffer, where: KeyOrigin, fail: Fail): Buffer {
  const text = raw.toString('utf8').trim();
  // One file for both variables is an easy slip; the signing key must not double as the pseudonym key.
  if (/-----BEGIN [A-Z0-9 ]*-----/.test(text)) {
    throw fail(
      where.field,
      `${quoted(where)}holds a PEM key, not a pseudonym key: the pseudonym key file holds at least ` +
        `${MIN_HMAC_BYTES} random bytes (raw, hex or base64), e.g. pseudonym.key from \`seclog keygen\``,
    );
  }
  if (/^[0-9a-fA-F]{64,1024}$/.test(text) && text.length % 2 === 0) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43,1024}={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  return raw;
}

function checkHmacLength(key: Buffer, where: KeyOrigin, fail: Fail): Buffer {
  if (key.length < MIN_HMAC_BYTES) {
    throw fail(
      where.field,
      `${quoted(where)}holds ${key.length} bytes; the pseudonym key (an HMAC key) needs at least ${MIN_HMAC_BYTES}`,
    );
  }
  return key;
}
