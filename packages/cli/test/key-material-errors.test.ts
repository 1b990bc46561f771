/**
 * `seclog verify --public-key / --checkpoint-key-file` never echo key material: whatever is passed where a key file's path
 * belongs (the PEM text, an HMAC key in hex or base64, a passphrase, a key of the wrong kind, a directory), stderr
 * names the option and says what is wrong, the exit code is 3, and no 12-character piece of the key is printed.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../src/cli-io.js';
import { runCli } from '../src/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seclog-cli-keyleak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ed25519 = generateKeyPairSync('ed25519');
const privatePem = pem(ed25519.privateKey, 'pkcs8');
const publicPem = pem(ed25519.publicKey, 'spki');
const encryptedPem = ed25519.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'quartz-meadow-lantern-17' })
  .toString();
const rsaPrivatePem = pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'pkcs8');
const hmacBytes = randomBytes(32);
const hmacHex = hmacBytes.toString('hex');
const hmacBase64 = hmacBytes.toString('base64');
const hmacPassphrase = 'violet otter #42 tunes the harp at dawn / keep it quiet';
const shortHmac = randomBytes(20);

function pem(key: KeyObject, type: 'pkcs8' | 'spki'): string {
  return key.export({ type, format: 'pem' }).toString();
}

/** Base64 body of a PEM: the armor lines are not secret, and messages may name the PEM type. */
function pemBody(text: string): string {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'))
    .join('');
}

function textForms(material: string | Buffer): string[] {
  if (typeof material === 'string') {
    const body = pemBody(material);
    if (!material.includes('-----BEGIN')) return [material];
    return [body, ...body.match(/.{1,64}/g)!, ...textForms(Buffer.from(body, 'base64'))];
  }
  const hex = material.toString('hex');
  return [
    hex,
    hex.toUpperCase(),
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
  ...textForms(rsaPrivatePem),
  ...textForms(hmacBytes),
  hmacPassphrase,
  ...textForms(shortHmac),
  // The content of a key file, even a public one, is not repeated either.
  ...textForms(publicPem),
];

function leakedPiece(text: string, forms: readonly string[]): string | undefined {
  for (const form of forms) {
    for (let i = 0; i + WINDOW <= form.length; i++) {
      const piece = form.slice(i, i + WINDOW);
      if (text.includes(piece)) return piece;
    }
  }
  return undefined;
}

async function verify(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['verify', ...args, join(dir, 'archive.jsonl')], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stderrIsTTY: false,
  });
  return { code, out, err };
}

function keyFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, 0o600);
  return path;
}

const keyDirectory = join(dir, 'keys.d');
mkdirSync(keyDirectory);

/** Each misuse as the arguments a user would type, and what stderr must then say. */
const misuses: { name: string; args: string[]; says: RegExp }[] = [
  { name: 'the private PEM text as --public-key', args: [`--public-key=${privatePem}`], says: /PEM key text/ },
  { name: 'the public PEM text as --public-key', args: [`--public-key=${publicPem}`], says: /PEM key text/ },
  {
    name: 'the private PEM text with \\n escapes',
    args: [`--public-key=${privatePem.replace(/\n/g, '\\n')}`],
    says: /PEM key text/,
  },
  { name: 'the PEM body as --public-key', args: ['--public-key', pemBody(privatePem)], says: /looks like key text/ },
  {
    name: 'an HMAC key in hex as --checkpoint-key-file',
    args: ['--checkpoint-key-file', hmacHex],
    says: /looks like key text/,
  },
  {
    name: 'an HMAC key in base64 as --checkpoint-key-file',
    args: ['--checkpoint-key-file', hmacBase64],
    says: /looks like key text/,
  },
  {
    name: 'a passphrase as --checkpoint-key-file',
    args: ['--checkpoint-key-file', hmacPassphrase],
    says: /no such file.*not repeated/,
  },
  {
    name: 'the private PEM text as --checkpoint-key-file',
    args: [`--checkpoint-key-file=${privatePem}`],
    says: /PEM key text/,
  },
  {
    name: 'a private key file as --public-key',
    args: ['--public-key', keyFile('private.pem', privatePem)],
    says: /private\.pem: this is a private key/,
  },
  {
    name: 'an encrypted private key file as --public-key',
    args: ['--public-key', keyFile('encrypted.pem', encryptedPem)],
    says: /encrypted\.pem: this is a private key/,
  },
  {
    name: 'an RSA private key file as --public-key',
    args: ['--public-key', keyFile('rsa.pem', rsaPrivatePem)],
    says: /rsa\.pem: this is a private key/,
  },
  {
    name: 'an HMAC key file as --public-key',
    args: ['--public-key', keyFile('hmac-as-public.key', hmacHex)],
    says: /hmac-as-public\.key: not a PEM public key/,
  },
  {
    name: 'a 20-byte HMAC key file',
    args: ['--checkpoint-key-file', keyFile('short.key', shortHmac)],
    says: /short\.key: key shorter than 32 bytes/,
  },
  {
    name: 'the signing key file as --checkpoint-key-file',
    args: ['--checkpoint-key-file', keyFile('signing.pem', privatePem)],
    says: /signing\.pem: holds a PEM key, not a checkpoint HMAC key/,
  },
  { name: 'a directory as --public-key', args: ['--public-key', keyDirectory], says: /keys\.d: is a directory/ },
  {
    name: 'a directory as --checkpoint-key-file',
    args: ['--checkpoint-key-file', keyDirectory],
    says: /keys\.d: is a directory/,
  },
];

describe('seclog verify never prints key material given in place of a key file', () => {
  it.each(misuses)('$name', async ({ args, says }) => {
    const r = await verify(...args);
    const shown = `${r.out}\n${r.err}`;
    const piece = leakedPiece(shown, secretForms);
    expect(piece, `key material ${JSON.stringify(piece)} printed:\n${shown}`).toBeUndefined();
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(args[0]!.startsWith('--public-key') ? /--public-key/ : /--checkpoint-key-file/);
    expect(r.err).toMatch(says);
  });

  it('still names a missing key file that is plainly a path (the usual typo)', async () => {
    const missing = join(dir, 'typo.pem');
    const r = await verify('--public-key', missing);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain(`${missing}: no such file`);
  });
});

describe('property: no value given to a key-file option is printed when it names nothing', () => {
  const keyBytes = fc.uint8Array({ minLength: 16, maxLength: 64 });
  const userValue = fc.oneof(
    fc.string({ minLength: WINDOW, maxLength: 200 }),
    fc.string({ unit: 'binary', minLength: WINDOW, maxLength: 120 }),
    keyBytes.map((b) => Buffer.from(b).toString('hex')),
    keyBytes.map((b) => Buffer.from(b).toString('base64')),
    keyBytes.map((b) => `/${Buffer.from(b).toString('base64')}`),
    keyBytes.map((b) => `-----BEGIN PUBLIC KEY-----\n${Buffer.from(b).toString('base64')}\n-----END PUBLIC KEY-----\n`),
  );

  it.each(['--public-key', '--checkpoint-key-file'])('%s', async (option) => {
    await fc.assert(
      fc.asyncProperty(userValue, async (value) => {
        // A value naming an existing file or directory is a path, and naming it is the point of the message.
        fc.pre(!existsSync(value));
        const r = await verify(`${option}=${value}`);
        const shown = `${r.out}\n${r.err}`;
        const forms = [value, ...value.split(/\\n|\n/).filter((line) => line.length >= WINDOW)];
        const piece = leakedPiece(shown, forms);
        expect(piece, `value piece ${JSON.stringify(piece)} printed:\n${shown}`).toBeUndefined();
        expect(r.code).toBe(EXIT_USAGE);
      }),
      { numRuns: 150 },
    );
  });
});

/** Runs `seclog verify` with exactly these arguments (no archive added). */
async function verifyRaw(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['verify', ...args], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stderrIsTTY: false,
  });
  return { code, out, err };
}

describe('seclog verify never prints key material given where an option or an input belongs', () => {
  const publicKeyFile = keyFile('trusted.pub.pem', publicPem);
  const cases: { name: string; args: string[]; says: RegExp; code: number }[] = [
    {
      name: 'the private PEM text as an extra argument (read as an unknown option)',
      args: ['--public-key', publicKeyFile, privatePem, join(dir, 'archive.jsonl')],
      says: /unknown option \(not repeated here/,
      code: EXIT_USAGE,
    },
    {
      name: 'an HMAC key in base64 as an input path',
      args: ['--public-key', publicKeyFile, hmacBase64],
      says: /cannot read input \(not repeated here/,
      code: EXIT_USAGE,
    },
    {
      name: 'the PEM body as an input path',
      args: ['--public-key', publicKeyFile, pemBody(privatePem)],
      says: /cannot read input \(not repeated here/,
      code: EXIT_USAGE,
    },
    {
      name: 'an HMAC key in hex as the --format value',
      args: ['--public-key', publicKeyFile, '--format', hmacHex, join(dir, 'archive.jsonl')],
      says: /--format must be 'text' or 'json'\n/,
      code: EXIT_USAGE,
    },
  ];
  it.each(cases)('$name', async ({ args, says, code }) => {
    const r = await verifyRaw(...args);
    const shown = `${r.out}\n${r.err}`;
    const piece = leakedPiece(shown, secretForms);
    expect(piece, `key material ${JSON.stringify(piece)} printed:\n${shown}`).toBeUndefined();
    expect(r.err).toMatch(says);
    expect(r.code).toBe(code);
  });

  it('still names an unknown option and a missing input that are plainly what they are', async () => {
    expect((await verifyRaw('--public-key', publicKeyFile, '--strcit', 'a.jsonl')).err).toMatch(
      /unknown option --strcit/,
    );
    const missing = join(dir, 'no-such-archive.otlp.jsonl');
    expect((await verifyRaw('--public-key', publicKeyFile, missing)).err).toContain(missing);
  });
});
