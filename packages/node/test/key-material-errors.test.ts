/**
 * Key material is never echoed: whatever a user puts in a key option or `SECLOG_*_KEY_FILE` variable (the PEM text
 * itself, a hex or base64 HMAC key, a passphrase, a key of the wrong kind, a directory), the start-up error and every
 * notice, warning and diagnostic name the field and say what is wrong, but contain no 12-character piece of the key.
 */
import { createSecretKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { SecureLoggingOptions } from '../src/secure-logging-options.js';
import { type KeySources, loadKeys } from '../src/signing-keys.js';
import { startSecureLogging } from '../src/start-secure-logging.js';

const dir = mkdtempSync(join(tmpdir(), 'seclog-keyleak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  diag.disable();
});

// ---- Real key material, and every text form in which it could leak ----------------------------------------------

const ed25519 = generateKeyPairSync('ed25519');
const privatePem = pem(ed25519.privateKey, 'pkcs8');
const publicPem = pem(ed25519.publicKey, 'spki');
const encryptionPassphrase = 'tangerine-lighthouse-quorum-88';
const encryptedPem = ed25519.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: encryptionPassphrase })
  .toString();
const rsaKeys = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsaPem = pem(rsaKeys.privateKey, 'pkcs8');
const ecKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPem = pem(ecKeys.privateKey, 'pkcs8');
const hmacBytes = randomBytes(32);
const hmacHex = hmacBytes.toString('hex');
const hmacBase64 = hmacBytes.toString('base64');
/** A passphrase-style HMAC key (raw text is a valid key-file content), with a slash so it resembles a path. */
const hmacPassphrase = 'violet otter #42 tunes the harp at dawn / keep it quiet';
const shortHmac = randomBytes(20);

function pem(key: KeyObject, type: 'pkcs8' | 'spki'): string {
  return key.export({ type, format: 'pem' }).toString();
}

/** Base64 body of a PEM (armor lines excluded: messages may legitimately say "-----BEGIN PRIVATE KEY-----"). */
function pemBody(text: string): string {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'))
    .join('');
}

/** Every encoding in which key bytes or key text could show up in a message. */
function textForms(material: string | Buffer): string[] {
  if (typeof material === 'string') {
    const body = pemBody(material);
    if (body === '' || !material.includes('-----BEGIN')) return [material];
    const der = Buffer.from(body, 'base64');
    return [body, ...body.match(/.{1,64}/g)!, ...textForms(der)];
  }
  return [
    material.toString('hex'),
    material.toString('hex').toUpperCase(),
    material.toString('base64'),
    material.toString('base64url'),
    material.toString('latin1'),
    material.toString('utf8'),
  ];
}

const WINDOW = 12;
const secretForms = [
  ...textForms(privatePem),
  ...textForms(encryptedPem),
  encryptionPassphrase,
  ...textForms(rsaPem),
  ...textForms(ecPem),
  ...textForms(Buffer.from(String(ed25519.privateKey.export({ format: 'jwk' }).d), 'base64url')),
  ...textForms(hmacBytes),
  hmacPassphrase,
  ...textForms(shortHmac),
  // Not secret, but the content of a key file all the same: it must not be echoed either.
  ...textForms(publicPem),
];

/** The first 12-character piece of `forms` found in `text`, if any. */
function leakedPiece(text: string, forms: readonly string[]): string | undefined {
  for (const form of forms) {
    for (let i = 0; i + WINDOW <= form.length; i++) {
      const piece = form.slice(i, i + WINDOW);
      if (text.includes(piece)) return piece;
    }
  }
  return undefined;
}

// ---- Capturing everything a failed start-up shows ------------------------------------------------------------------

interface Outcome {
  error: unknown;
  /** Message, stack, `String()`, `util.inspect()` and the cause chain of the error, plus stderr/stdout/console/diag. */
  shown: string;
}

function errorTexts(error: unknown, depth = 0): string[] {
  if (error === undefined || depth > 5) return [];
  const texts = [String(error), inspect(error, { depth: 10, showHidden: true })];
  if (error instanceof Error) {
    texts.push(error.message, error.stack ?? '', JSON.stringify(error, Object.getOwnPropertyNames(error)));
    texts.push(...errorTexts(error.cause, depth + 1));
  }
  return texts;
}

function outcomeOf(run: () => unknown): Outcome {
  const written: string[] = [];
  const sink = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stderr, 'write').mockImplementation(sink);
  vi.spyOn(process.stdout, 'write').mockImplementation(sink);
  for (const method of ['error', 'warn', 'info', 'log', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      written.push(args.map((a) => inspect(a)).join(' '));
    });
  }
  const diagSink = (...args: unknown[]) => {
    written.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' '));
  };
  diag.setLogger(
    { error: diagSink, warn: diagSink, info: diagSink, debug: diagSink, verbose: diagSink },
    { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
  );
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  } finally {
    vi.restoreAllMocks();
    diag.disable();
  }
  return { error, shown: [...errorTexts(error), ...written].join('\n') };
}

function expectNoKeyMaterial(outcome: Outcome, forms: readonly string[] = secretForms): void {
  const piece = leakedPiece(outcome.shown, forms);
  expect(piece, `key material ${JSON.stringify(piece)} echoed in:\n${outcome.shown}`).toBeUndefined();
}

// ---- Files and directories --------------------------------------------------------------------------------------

/** Writes a key file readable by its owner only (no world-readable warning in these cases). */
function privateFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

const goodSigningFile = privateFile('signing.pem', privatePem);
const goodHmacFile = privateFile('hmac.key', `${hmacHex}\n`);
const keyDirectory = join(dir, 'keys.d');
mkdirSync(keyDirectory);

// ---- The misuses ---------------------------------------------------------------------------------------------------

type Variable = 'SECLOG_SIGNING_KEY_FILE' | 'SECLOG_PSEUDONYM_KEY_FILE';
const OPTION_OF: Record<Variable, 'signingKeyFile' | 'pseudonymKeyFile'> = {
  SECLOG_SIGNING_KEY_FILE: 'signingKeyFile',
  SECLOG_PSEUDONYM_KEY_FILE: 'pseudonymKeyFile',
};

/** A value that is meant to be a path, and what the error must say about it (besides naming the field). */
interface PathMisuse {
  name: string;
  variable: Variable;
  value: string;
  says: RegExp;
}

const pathMisuses: PathMisuse[] = [
  { name: 'the Ed25519 PEM text itself', variable: 'SECLOG_SIGNING_KEY_FILE', value: privatePem, says: /PEM key text/ },
  {
    name: 'the PEM text on one line with \\n escapes (.env style)',
    variable: 'SECLOG_SIGNING_KEY_FILE',
    value: privatePem.replace(/\n/g, '\\n'),
    says: /PEM key text/,
  },
  {
    name: 'the PEM body without its armor lines',
    variable: 'SECLOG_SIGNING_KEY_FILE',
    value: pemBody(privatePem),
    says: /looks like key text/,
  },
  { name: 'an encrypted PEM text', variable: 'SECLOG_SIGNING_KEY_FILE', value: encryptedPem, says: /PEM key text/ },
  { name: 'an RSA PEM text', variable: 'SECLOG_SIGNING_KEY_FILE', value: rsaPem, says: /PEM key text/ },
  {
    name: 'the HMAC key in hex (wrong variable)',
    variable: 'SECLOG_SIGNING_KEY_FILE',
    value: hmacHex,
    says: /looks like key text/,
  },
  { name: 'the HMAC key in hex', variable: 'SECLOG_PSEUDONYM_KEY_FILE', value: hmacHex, says: /looks like key text/ },
  {
    name: 'the HMAC key in base64',
    variable: 'SECLOG_PSEUDONYM_KEY_FILE',
    value: hmacBase64,
    // About 1 random key in 2,700 escapes the key-text heuristic of @seclog/integrity (looksLikeKeyText); it is then
    // treated as a missing path, which is just as safe: the value is still not repeated.
    says: /looks like key text|not repeated here in case it is key material/,
  },
  {
    name: 'a passphrase-style HMAC key',
    variable: 'SECLOG_PSEUDONYM_KEY_FILE',
    value: hmacPassphrase,
    says: /no file at that path.*not repeated/,
  },
  {
    name: 'the signing PEM text (wrong variable)',
    variable: 'SECLOG_PSEUDONYM_KEY_FILE',
    value: privatePem,
    says: /PEM key text/,
  },
];

/** A readable file (or directory) whose content is not a usable key. */
interface ContentMisuse {
  name: string;
  variable: Variable;
  path: string;
  says: RegExp;
}

const contentMisuses: ContentMisuse[] = [
  {
    name: 'a public key',
    variable: 'SECLOG_SIGNING_KEY_FILE',
    path: privateFile('public.pem', publicPem),
    says: /public key/,
  },
  {
    name: 'an encrypted private key',
    variable: 'SECLOG_SIGNING_KEY_FILE',
    path: privateFile('encrypted.pem', encryptedPem),
    says: /encrypted/,
  },
  {
    name: 'an RSA private key',
    variable: 'SECLOG_SIGNING_KEY_FILE',
    path: privateFile('rsa.pem', rsaPem),
    says: /RSA.*Ed25519/,
  },
  { name: 'an EC private key', variable: 'SECLOG_SIGNING_KEY_FILE', path: privateFile('ec.pem', ecPem), says: /EC/ },
  {
    name: 'an HMAC key',
    variable: 'SECLOG_SIGNING_KEY_FILE',
    path: privateFile('hmac-as-signing.key', hmacHex),
    says: /not a PEM private key/,
  },
  { name: 'a directory', variable: 'SECLOG_SIGNING_KEY_FILE', path: keyDirectory, says: /is a directory/ },
  {
    name: 'an HMAC key shorter than 32 bytes',
    variable: 'SECLOG_PSEUDONYM_KEY_FILE',
    path: privateFile('short.key', shortHmac),
    says: /holds 20 bytes.*at least 32/,
  },
  {
    name: 'the signing PEM (same file for both variables)',
    variable: 'SECLOG_PSEUDONYM_KEY_FILE',
    path: goodSigningFile,
    says: /PEM key.*not a pseudonym key/,
  },
  { name: 'a directory', variable: 'SECLOG_PSEUDONYM_KEY_FILE', path: keyDirectory, says: /is a directory/ },
];

/** Misuses of the in-memory key options (`keys.signingKey`, `keys.pseudonymKey`). */
const optionMisuses: { name: string; keys: Record<string, unknown>; says: RegExp }[] = [
  { name: 'signingKey: a public key PEM', keys: { signingKey: publicPem }, says: /keys\.signingKey.*public key/ },
  { name: 'signingKey: an encrypted PEM', keys: { signingKey: encryptedPem }, says: /keys\.signingKey.*encrypted/ },
  { name: 'signingKey: an RSA PEM', keys: { signingKey: rsaPem }, says: /keys\.signingKey.*RSA/ },
  { name: 'signingKey: an EC KeyObject', keys: { signingKey: ecKeys.privateKey }, says: /keys\.signingKey.*EC/ },
  { name: 'signingKey: a public KeyObject', keys: { signingKey: ed25519.publicKey }, says: /keys\.signingKey.*public/ },
  {
    name: 'signingKey: a secret KeyObject',
    keys: { signingKey: createSecretKey(hmacBytes) },
    says: /keys\.signingKey.*secret/,
  },
  { name: 'signingKey: the HMAC key in hex', keys: { signingKey: hmacHex }, says: /keys\.signingKey/ },
  {
    name: 'signingKey: a { key, passphrase } object',
    keys: { signingKey: { key: encryptedPem, passphrase: encryptionPassphrase } },
    says: /keys\.signingKey/,
  },
  {
    name: 'signingKeyFile: a Buffer of PEM text',
    keys: { signingKeyFile: Buffer.from(privatePem) },
    says: /keys\.signingKeyFile/,
  },
  {
    name: 'pseudonymKey: shorter than 32 bytes',
    keys: { pseudonymKey: shortHmac },
    says: /keys\.pseudonymKey holds 20 bytes/,
  },
  { name: 'pseudonymKey: a hex string', keys: { pseudonymKey: hmacHex }, says: /keys\.pseudonymKey.*not a string/ },
  {
    name: 'pseudonymKey: a secret KeyObject',
    keys: { pseudonymKey: createSecretKey(hmacBytes) },
    says: /keys\.pseudonymKey/,
  },
  {
    name: 'pseudonymKeyFile: a Buffer of the key',
    keys: { pseudonymKeyFile: hmacBytes },
    says: /keys\.pseudonymKeyFile/,
  },
];

/** The other key, valid, so that the error is about the key under test. */
function validOtherKey(variable: Variable): NodeJS.ProcessEnv {
  return variable === 'SECLOG_PSEUDONYM_KEY_FILE' ? { SECLOG_SIGNING_KEY_FILE: goodSigningFile } : {};
}

const quiet = { mode: 'production', registerGlobal: false, handleSignals: false } as const;

/** Each way to hand a value to start-up: `loadKeys`, `startSecureLogging` with `env`, and the real process env. */
function routesFor(variable: Variable, value: string) {
  const env = { ...validOtherKey(variable), [variable]: value };
  const keys: KeySources = { [OPTION_OF[variable]]: value };
  const fieldInOption = new RegExp(`keys\\.${OPTION_OF[variable]}`);
  const fieldInEnv = new RegExp(variable);
  const notices: string[] = [];
  const notice = (m: string) => notices.push(m);
  return [
    { route: 'loadKeys, environment variable', field: fieldInEnv, run: () => loadKeys({}, env, true) },
    {
      route: 'loadKeys, option',
      field: fieldInOption,
      run: () => loadKeys(keys, validOtherKey(variable), true),
    },
    {
      route: 'startSecureLogging, options.env',
      field: fieldInEnv,
      run: () => startSecureLogging({ ...quiet, notice, env }),
    },
    {
      route: 'startSecureLogging, options.keys',
      field: fieldInOption,
      run: () => startSecureLogging({ ...quiet, notice, keys, env: validOtherKey(variable) }),
    },
    {
      route: 'startSecureLogging, process.env',
      field: fieldInEnv,
      run: () => {
        for (const [name, v] of Object.entries(env)) vi.stubEnv(name, v);
        try {
          return startSecureLogging({ ...quiet, notice });
        } finally {
          vi.unstubAllEnvs();
        }
      },
    },
  ].map((r) => ({ ...r, notices }));
}

describe('key material never appears in start-up errors, notices or diagnostics', () => {
  describe.each(pathMisuses)('$variable holds $name', ({ variable, value, says }) => {
    it.each(routesFor(variable, value))('$route', ({ run, field, notices }) => {
      const outcome = outcomeOf(run);
      expectNoKeyMaterial({ ...outcome, shown: `${outcome.shown}\n${notices.join('\n')}` });
      expect(outcome.error).toBeInstanceOf(Error);
      const message = (outcome.error as Error).message;
      expect(message).toMatch(field);
      expect(message).toMatch(says);
    });
  });

  describe.each(contentMisuses)('$variable names a file holding $name', ({ variable, path, says }) => {
    it.each(routesFor(variable, path))('$route', ({ run, field, notices }) => {
      const outcome = outcomeOf(run);
      expectNoKeyMaterial({ ...outcome, shown: `${outcome.shown}\n${notices.join('\n')}` });
      expect(outcome.error).toBeInstanceOf(Error);
      const message = (outcome.error as Error).message;
      expect(message).toMatch(field);
      expect(message).toMatch(says);
      // The file exists, so naming it is safe and helps: the message points at the file to fix.
      expect(message).toContain(path);
    });
  });

  describe.each(optionMisuses)('options.keys.$name', ({ keys, says }) => {
    it('loadKeys', () => {
      const outcome = outcomeOf(() => loadKeys(keys as KeySources, {}, false));
      expectNoKeyMaterial(outcome);
      expect(outcome.error).toBeInstanceOf(Error);
      expect((outcome.error as Error).message).toMatch(says);
    });

    it('startSecureLogging', () => {
      const notices: string[] = [];
      const options = { ...quiet, mode: 'development', notice: (m: string) => notices.push(m), keys, env: {} };
      const outcome = outcomeOf(() => startSecureLogging(options as SecureLoggingOptions));
      expectNoKeyMaterial({ ...outcome, shown: `${outcome.shown}\n${notices.join('\n')}` });
      expect(outcome.error).toBeInstanceOf(Error);
      expect((outcome.error as Error).message).toMatch(says);
    });
  });

  it('a missing key file that is plainly a path is still named (the usual typo case)', () => {
    const missing = join(dir, 'signing-typo.pem');
    const outcome = outcomeOf(() => loadKeys({}, { SECLOG_SIGNING_KEY_FILE: missing }, true));
    expect((outcome.error as Error).message).toMatch(/SECLOG_SIGNING_KEY_FILE/);
    expect((outcome.error as Error).message).toContain(missing);
    expect((outcome.error as Error).message).toMatch(/ENOENT/);
  });
});

describe('property: no value put in a key-file variable or option is echoed when it names nothing', () => {
  const variables: Variable[] = ['SECLOG_SIGNING_KEY_FILE', 'SECLOG_PSEUDONYM_KEY_FILE'];
  const keyBytes = fc.uint8Array({ minLength: 16, maxLength: 64 });
  const userValue = fc.oneof(
    fc.string({ minLength: WINDOW, maxLength: 200 }),
    fc.string({ unit: 'binary', minLength: WINDOW, maxLength: 120 }),
    keyBytes.map((b) => Buffer.from(b).toString('hex')),
    keyBytes.map((b) => Buffer.from(b).toString('base64')),
    keyBytes.map((b) => Buffer.from(b).toString('base64url')),
    keyBytes.map((b) => `/${Buffer.from(b).toString('base64')}`),
    keyBytes.map(
      (b) => `-----BEGIN PRIVATE KEY-----\n${Buffer.from(b).toString('base64')}\n-----END PRIVATE KEY-----\n`,
    ),
  );

  it.each(variables)('%s, through the variable and the option', (variable) => {
    fc.assert(
      fc.property(userValue, fc.boolean(), (value, viaOption) => {
        // A value that names an existing file or directory is a path, and naming it is the point of the message.
        fc.pre(value.trim() !== '' && !existsSync(value.trim()) && !existsSync(value));
        const other = validOtherKey(variable);
        const outcome = outcomeOf(() =>
          viaOption
            ? loadKeys({ [OPTION_OF[variable]]: value }, other, true)
            : loadKeys({}, { ...other, [variable]: value }, true),
        );
        const forms = [value, value.trim(), ...value.split(/\\n|\n/).filter((line) => line.length >= WINDOW)];
        expectNoKeyMaterial(outcome, forms);
        expect(outcome.error).toBeInstanceOf(Error);
        expect((outcome.error as Error).message).toMatch(viaOption ? `keys.${OPTION_OF[variable]}` : variable);
      }),
      { numRuns: 150 },
    );
  });
});

describe('world-readable key files', () => {
  const openDirectories: string[] = [];
  afterAll(() => {
    for (const open of openDirectories) rmSync(open, { recursive: true, force: true });
  });

  /** A key file with the given mode in a directory that every user can enter (as are the directories above it). */
  function keyFileInOpenDirectory(name: string, content: string, mode: number): string {
    const open = mkdtempSync(join(tmpdir(), 'seclog-keyleak-open-'));
    openDirectories.push(open);
    chmodSync(open, 0o755);
    const path = join(open, name);
    writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  }

  it('warns once per file, naming the file, the variable and chmod 600, never the content; production still starts', () => {
    const signing = keyFileInOpenDirectory('signing.pem', privatePem, 0o644);
    const hmac = keyFileInOpenDirectory('hmac.key', hmacPassphrase, 0o604);
    const env = { SECLOG_SIGNING_KEY_FILE: signing, SECLOG_PSEUDONYM_KEY_FILE: hmac };
    const warnings: string[] = [];
    const first = outcomeOf(() => loadKeys({}, env, true, (m) => warnings.push(m)));
    expect(first.error).toBeUndefined();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(signing);
    expect(warnings[0]).toMatch(/SECLOG_SIGNING_KEY_FILE/);
    expect(warnings[0]).toMatch(/readable by every user/);
    expect(warnings[0]).toContain(`chmod 600 ${signing}`);
    expect(warnings[1]).toContain(hmac);
    expect(warnings[1]).toMatch(/SECLOG_PSEUDONYM_KEY_FILE/);
    expectNoKeyMaterial({ ...first, shown: `${first.shown}\n${warnings.join('\n')}` });

    loadKeys({}, env, true, (m) => warnings.push(m));
    expect(warnings).toHaveLength(2);
  });

  it('goes to stderr by default, once, without key material', () => {
    const signing = keyFileInOpenDirectory('default-sink.pem', privatePem, 0o644);
    const first = outcomeOf(() => loadKeys({}, { SECLOG_SIGNING_KEY_FILE: signing }, false));
    expect(first.error).toBeUndefined();
    expect(first.shown).toContain(`chmod 600 ${signing}`);
    expectNoKeyMaterial(first);
    const second = outcomeOf(() => loadKeys({}, { SECLOG_SIGNING_KEY_FILE: signing }, false));
    expect(second.shown).not.toContain(signing);
  });

  it('does not warn for an owner-only file, nor for a readable file inside a private directory', () => {
    const warnings: string[] = [];
    const ownerOnly = keyFileInOpenDirectory('owner-only.pem', privatePem, 0o600);
    loadKeys({}, { SECLOG_SIGNING_KEY_FILE: ownerOnly }, false, (m) => warnings.push(m));
    const privateDir = join(dir, 'private-dir');
    mkdirSync(privateDir, { mode: 0o700 });
    chmodSync(privateDir, 0o700);
    const inPrivateDir = join(privateDir, 'signing.pem');
    writeFileSync(inPrivateDir, privatePem);
    chmodSync(inPrivateDir, 0o644);
    loadKeys({}, { SECLOG_SIGNING_KEY_FILE: inPrivateDir }, false, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
  });

  it('still loads the keys from good files', () => {
    const keys = loadKeys(
      {},
      { SECLOG_SIGNING_KEY_FILE: goodSigningFile, SECLOG_PSEUDONYM_KEY_FILE: goodHmacFile },
      true,
    );
    expect(keys.signingKey.asymmetricKeyType).toBe('ed25519');
    expect(keys.pseudonymKey.equals(hmacBytes)).toBe(true);
  });
});
