/**
 * The signer and verifier factories reject misused keys with a TypeError that names the parameter and says what the
 * input is (public, encrypted, RSA, too short, a string…), and never carries key material: not in the message, the
 * stack, `String()`, `util.inspect()` or a `cause`.
 */
import { createSecretKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519Signer, ed25519Verifier, hmacSigner, hmacVerifier, parseVerifierKey } from '../src/index.js';

const ed25519 = generateKeyPairSync('ed25519');
const privatePem = pem(ed25519.privateKey, 'pkcs8');
const publicPem = pem(ed25519.publicKey, 'spki');
const encryptedPem = ed25519.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'copper-willow-signal-93' })
  .toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const seed = Buffer.from(String(ed25519.privateKey.export({ format: 'jwk' }).d), 'base64url');
const hmacKey = randomBytes(32);
const shortHmac = randomBytes(20);

function pem(key: KeyObject, type: 'pkcs8' | 'spki'): string {
  return key.export({ type, format: 'pem' }).toString();
}

function textForms(material: string | Buffer): string[] {
  if (typeof material === 'string') {
    const body = material
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'))
      .join('');
    return [body, ...body.match(/.{1,64}/g)!, ...textForms(Buffer.from(body, 'base64'))];
  }
  const hex = material.toString('hex');
  return [
    hex,
    hex.toUpperCase(),
    material.toString('base64'),
    material.toString('base64url'),
    material.toString('latin1'),
  ];
}

const WINDOW = 12;
const secretForms = [
  ...textForms(privatePem),
  ...textForms(encryptedPem),
  ...textForms(pem(rsa.privateKey, 'pkcs8')),
  ...textForms(pem(ec.privateKey, 'pkcs8')),
  ...textForms(seed),
  ...textForms(hmacKey),
  ...textForms(shortHmac),
  ...textForms(publicPem),
];

/** Everything an error can show: message, stack, `String()`, `inspect()` with hidden fields, and its causes. */
function everythingShown(error: unknown, depth = 0): string {
  if (error === undefined || depth > 5) return '';
  const parts = [String(error), inspect(error, { depth: 10, showHidden: true })];
  if (error instanceof Error) {
    parts.push(error.message, error.stack ?? '', JSON.stringify(error, Object.getOwnPropertyNames(error)));
    parts.push(everythingShown(error.cause, depth + 1));
  }
  return parts.join('\n');
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectRejectedWithoutKey(run: () => unknown, says: RegExp, forms: readonly string[] = secretForms): void {
  const error = thrownBy(run);
  const shown = everythingShown(error);
  const piece = forms
    .flatMap((form) =>
      Array.from({ length: Math.max(0, form.length - WINDOW + 1) }, (_, i) => form.slice(i, i + WINDOW)),
    )
    .find((p) => shown.includes(p));
  expect(piece, `key material ${JSON.stringify(piece)} in:\n${shown}`).toBeUndefined();
  expect(error).toBeInstanceOf(TypeError);
  expect((error as Error).message).toMatch(says);
}

const opts = { keyName: 'example.com/seclog' };

describe('ed25519Signer rejects what is not an Ed25519 private key, without echoing it', () => {
  it.each([
    ['a public key PEM', publicPem, /privateKey must be an Ed25519 private key.*this is a public key/],
    ['a public KeyObject', ed25519.publicKey, /privateKey.*this is a public key/],
    ['an encrypted PEM', encryptedPem, /privateKey.*encrypted/],
    ['an RSA PEM', pem(rsa.privateKey, 'pkcs8'), /privateKey.*this is an RSA private key/],
    ['an EC KeyObject', ec.privateKey, /privateKey.*this is an EC private key/],
    ['a secret KeyObject', createSecretKey(hmacKey), /privateKey.*this is a secret \(symmetric\) key/],
    ['the raw 32-byte seed', seed, /privateKey.*this is not a PEM private key/],
    ['the seed as hex text', seed.toString('hex'), /privateKey.*this is not a PEM private key/],
    ['an HMAC key as base64 text', hmacKey.toString('base64'), /privateKey.*this is not a PEM private key/],
    ['a JWK object', ed25519.privateKey.export({ format: 'jwk' }), /privateKey.*got an Object/],
    ['a number', 42, /privateKey.*got a number/],
  ])('%s', (_name, input, says) => {
    expectRejectedWithoutKey(() => ed25519Signer(input as never, opts), says);
  });
});

describe('ed25519Verifier rejects what is not an Ed25519 public key, without echoing it', () => {
  it.each([
    ['an RSA public KeyObject', rsa.publicKey, /publicKey must be an Ed25519 public key.*this is an RSA key/],
    ['a secret KeyObject', createSecretKey(hmacKey), /publicKey.*this is a secret key/],
    ['an HMAC key (32 bytes of another kind)', hmacKey.toString('hex'), /publicKey.*this is not a PEM public key/],
    ['an encrypted private PEM', encryptedPem, /publicKey.*this is not a PEM public key/],
    ['a 20-byte buffer', shortHmac, /publicKey.*this is not a PEM public key/],
    ['undefined', undefined, /publicKey.*got an undefined/],
  ])('%s', (_name, input, says) => {
    expectRejectedWithoutKey(() => ed25519Verifier(input as never, opts), says);
  });
});

describe('hmacSigner and hmacVerifier reject unusable keys, without echoing them', () => {
  it.each([
    ['20 bytes', shortHmac, /key must be at least 32 bytes/],
    ['a 20-byte secret KeyObject', createSecretKey(shortHmac), /key must be at least 32 bytes/],
    ['the key as a hex string', hmacKey.toString('hex'), /key must be .*not a string/],
    ['an Ed25519 private KeyObject', ed25519.privateKey, /key must be a secret KeyObject.*got a PrivateKeyObject/],
    ['the private PEM text', privatePem, /key must be .*not a string/],
  ])('%s', (_name, input, says) => {
    expectRejectedWithoutKey(() => hmacSigner(input as never, opts), new RegExp(`hmacSigner: ${says.source}`));
    expectRejectedWithoutKey(() => hmacVerifier(input as never, opts), new RegExp(`hmacVerifier: ${says.source}`));
  });
});

describe('parseVerifierKey rejects key material passed as a verifier key, without echoing it', () => {
  const seedVkey = `example.com/seclog+00000000+${Buffer.concat([Buffer.from([1]), seed]).toString('base64')}`;
  it.each([
    ['the private PEM', privatePem, /parseVerifierKey: malformed verifier key/],
    ['the public PEM', publicPem, /parseVerifierKey: malformed verifier key/],
    ['the HMAC key in hex', hmacKey.toString('hex'), /parseVerifierKey: malformed verifier key/],
    ['the private seed in verifier-key form', seedVkey, /parseVerifierKey: key ID does not match the key/],
    ['a Buffer', hmacKey, /parseVerifierKey: vkey must be a string, got a Buffer/],
  ])('%s', (_name, input, says) => {
    expectRejectedWithoutKey(() => parseVerifierKey(input as never), says);
  });
});

describe('property: no string or bytes given as a key appear in the error', () => {
  const material = fc.oneof(
    fc.string({ minLength: WINDOW, maxLength: 200 }),
    fc.uint8Array({ minLength: 12, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
    fc
      .uint8Array({ minLength: 12, maxLength: 64 })
      .map((b) => `-----BEGIN PRIVATE KEY-----\n${Buffer.from(b).toString('base64')}\n-----END PRIVATE KEY-----\n`),
  );

  it('for ed25519Signer, ed25519Verifier, parseVerifierKey, hmacSigner and hmacVerifier', () => {
    fc.assert(
      fc.property(material, (value) => {
        const forms = [
          value,
          ...value.split('\n').filter((line) => line.length >= WINDOW && !line.startsWith('-----')),
        ];
        expectRejectedWithoutKey(() => ed25519Signer(value, opts), /privateKey/, forms);
        expectRejectedWithoutKey(() => ed25519Verifier(value, opts), /publicKey/, forms);
        expectRejectedWithoutKey(() => parseVerifierKey(value), /parseVerifierKey/, forms);
        expectRejectedWithoutKey(() => hmacSigner(value as never, opts), /hmacSigner/, forms);
        expectRejectedWithoutKey(() => hmacVerifier(value as never, opts), /hmacVerifier/, forms);
      }),
      { numRuns: 200 },
    );
  });
});
