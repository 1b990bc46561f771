import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CheckpointBody,
  formatCheckpointBody,
  parseCheckpointBody,
  ZERO_HASH,
} from '../src/note/checkpoint-body.js';
import { parseSignedNote, signNote, verifyNote } from '../src/note/signed-note.js';
import {
  ed25519Signer,
  ed25519Verifier,
  ed25519VerifierKey,
  hmacSigner,
  hmacVerifier,
  parseVerifierKey,
} from '../src/note/signers.js';

// golang.org/x/mod/sumdb/note documentation example (an independent implementation's known answer).
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

function keyFromSeed(seed: Buffer) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

const streamId = 'AbCdEfGhIjKlMnOpQrStUv';
const h = (s: string) => Buffer.alloc(32, s);

function sampleBody(overrides: Partial<CheckpointBody> = {}): CheckpointBody {
  return {
    namespace: 'seclog.integrity',
    streamId,
    treeSize: 5,
    root: h('r'),
    index: 2,
    timeUnixNano: 1764000000123456789n,
    monotonicNanos: 987654321n,
    epoch: 0,
    previousHash: h('p'),
    rangeStart: 3,
    rangeEnd: 5,
    leafDigests: [h('a'), h('b')],
    compactRange: [h('x'), h('y')],
    final: false,
    ...overrides,
  };
}

describe('C2SP signed notes (Go sumdb/note compatibility)', () => {
  it('reproduces the Go example signature byte for byte from the same key', async () => {
    const signer = ed25519Signer(keyFromSeed(GO_SKEY_SEED), { keyName: 'PeterNeumann' });
    expect(signer.verifierKey).toBe(GO_VKEY);
    expect(await signNote(GO_TEXT, [signer])).toBe(GO_NOTE);
  });

  it('verifies the Go example with a parsed Go verifier key', () => {
    const verifier = parseVerifierKey(GO_VKEY);
    const result = verifyNote(GO_NOTE, [verifier]);
    expect(result).toEqual({ ok: true, text: GO_TEXT, verifiedBy: ['PeterNeumann'], verifiedWith: [verifier] });
  });

  it('rejects a verifier key whose ID does not match its key', () => {
    expect(() => parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/key ID/);
  });

  it('fails verification when any single byte of the text or signature changes', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = ed25519Signer(privateKey, { keyName: 'example.com/log' });
    const verifier = parseVerifierKey(signer.verifierKey);
    const note = await signNote(formatCheckpointBody(sampleBody()), [signer]);
    expect(verifyNote(note, [verifier]).ok).toBe(true);
    const bytes = Buffer.from(note, 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      const copy = Buffer.from(bytes);
      copy[i] = copy[i]! ^ 0x01;
      expect(verifyNote(copy, [verifier]).ok, `byte ${i}`).toBe(false);
    }
  });

  it('ignores signatures from unknown keys but needs one trusted signature', async () => {
    const a = ed25519Signer(generateKeyPairSync('ed25519').privateKey, { keyName: 'a' });
    const b = ed25519Signer(generateKeyPairSync('ed25519').privateKey, { keyName: 'b' });
    const note = await signNote('o\n1\n', [a, b]);
    expect(verifyNote(note, [parseVerifierKey(b.verifierKey)])).toMatchObject({ ok: true, verifiedBy: ['b'] });
    const other = ed25519Verifier(generateKeyPairSync('ed25519').publicKey, { keyName: 'c' });
    expect(verifyNote(note, [other])).toMatchObject({ ok: false, reason: 'no-trusted-signature' });
  });

  it('round-trips signature lines', async () => {
    const s = hmacSigner(randomBytes(32), { keyName: 'k' });
    const parsed = parseSignedNote(await signNote('x\n', [s]));
    expect(parsed.text).toBe('x\n');
    expect(parsed.signatures).toHaveLength(1);
    expect(parsed.signatures[0]).toMatchObject({ keyName: 'k', keyId: s.keyId });
  });

  it('rejects malformed notes', () => {
    for (const bad of [
      'no signature block\n',
      'x\n\n',
      'x\n\n— k AAAA\n',
      'x\n\n- k AAAAAAA=\n',
      'a\tb\n\n— k AAAAAAA=\n',
    ]) {
      expect(() => parseSignedNote(bad), JSON.stringify(bad)).toThrow();
    }
  });

  it('checks HMAC notes with the same key only, and keeps the key out of the key ID line', async () => {
    const key = randomBytes(32);
    const note = await signNote('o\n2\n', [hmacSigner(key, { keyName: 'hmac' })]);
    expect(note).not.toContain(key.toString('base64'));
    expect(verifyNote(note, [hmacVerifier(key, { keyName: 'hmac' })]).ok).toBe(true);
    expect(verifyNote(note, [hmacVerifier(randomBytes(32), { keyName: 'hmac' })]).ok).toBe(false);
  });

  it('pins the algorithm: an HMAC note keyed with the Ed25519 public key does not verify as Ed25519', async () => {
    const ed = ed25519Signer(generateKeyPairSync('ed25519').privateKey, { keyName: 'k' });
    const forged = await signNote('o\n3\n', [
      hmacSigner(Buffer.concat([ed.publicKey()!, ed.publicKey()!]), { keyName: 'k' }),
    ]);
    expect(verifyNote(forged, [parseVerifierKey(ed.verifierKey)]).ok).toBe(false);
  });

  it('validates signer configuration with messages that name the field and never the key', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(() => ed25519Signer(String(pem), { keyName: 'k' })).toThrow(/privateKey must be an Ed25519/);
    try {
      ed25519Signer('-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n-----END PRIVATE KEY-----\n', { keyName: 'k' });
    } catch (e) {
      expect(String(e)).not.toContain('SECRET');
    }
    expect(() => ed25519Signer(generateKeyPairSync('ed25519').privateKey, { keyName: 'bad name' })).toThrow(/keyName/);
    expect(() => hmacSigner(randomBytes(16), { keyName: 'k' })).toThrow(/at least 32 bytes/);
  });

  it('accepts a PEM private key and exposes a Go verifier key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const s = ed25519Signer(pem, { keyName: 'example.com/pem' });
    const raw = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url');
    expect(s.verifierKey).toBe(ed25519VerifierKey('example.com/pem', raw));
  });
});

describe('checkpoint body', () => {
  it('formats the documented lines in order', () => {
    const text = formatCheckpointBody(sampleBody({ final: true }));
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([`seclog.integrity/v1/${streamId}`, '5', h('r').toString('base64')]);
    expect(lines.slice(3, 9).map((l) => l.split(' ')[0])).toEqual(['k', 't', 'm', 'e', 'p', 'r']);
    expect(lines[8]).toBe('r 3 5');
    expect(lines.at(-2)).toBe('f');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('round-trips through the parser', () => {
    for (const body of [sampleBody(), sampleBody({ final: true }), sampleBody({ leafDigests: undefined })]) {
      const parsed = parseCheckpointBody(formatCheckpointBody(body));
      expect(formatCheckpointBody(parsed)).toBe(formatCheckpointBody(body));
      expect(parsed.final).toBe(body.final);
    }
    const first = parseCheckpointBody(formatCheckpointBody(sampleBody({ index: 0, previousHash: ZERO_HASH })));
    expect(Buffer.from(first.previousHash).equals(ZERO_HASH)).toBe(true);
  });

  it('rejects inconsistent or non-canonical bodies', () => {
    const good = formatCheckpointBody(sampleBody());
    const bad = [
      good.replace('r 3 5', 'r 3 6'),
      good.replace('\nk 2\n', '\nk 02\n'),
      good.replace(/\nl [^\n]+/, `\nl ${h('a').toString('base64')}`),
      good.replace(/\nc [^\n]+/, `\nc ${h('x').toString('base64')}`),
      good.replace('\ne 0\n', '\n'),
      `${good}z extra\n`,
      good.replace('seclog.integrity/v1/', 'seclog.integrity/v2/'),
    ];
    for (const text of bad) expect(() => parseCheckpointBody(text)).toThrow();
  });
});
