/**
 * `seclog keygen --out <dir>`: private files 0600 in a 0700 folder, the public key beside them, never an overwrite,
 * output that can be pasted (settings, verify command, verifier key line) and holds no private key material.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519Signer, parseVerifierKey } from '@seclog/integrity';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/run-cli.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stderrIsTTY: false,
  });
  return { code, out, err };
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('seclog keygen', () => {
  it('writes the signing key pair and the pseudonym key with owner-only modes, and prints what to do next', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'seclog-keygen-')), 'keys');
    const r = await run('keygen', '--out', out, '--name', 'shop-api');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(mode(out)).toBe(0o700);
    expect(mode(join(out, 'signing.pem'))).toBe(0o600);
    expect(mode(join(out, 'pseudonym.key'))).toBe(0o600);
    expect(mode(join(out, 'signing.pub.pem'))).toBe(0o644);

    const privatePem = readFileSync(join(out, 'signing.pem'), 'utf8');
    const privateKey = createPrivateKey(privatePem);
    expect(privateKey.asymmetricKeyType).toBe('ed25519');
    const publicPem = readFileSync(join(out, 'signing.pub.pem'), 'utf8');
    expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).toBe(publicPem);
    const pseudonym = readFileSync(join(out, 'pseudonym.key'), 'utf8').trim();
    expect(pseudonym).toMatch(/^[0-9a-f]{64}$/);

    expect(r.out).toContain(publicPem.trim());
    expect(r.out).toContain(`SECLOG_SIGNING_KEY_FILE=${join(out, 'signing.pem')}`);
    expect(r.out).toContain(`SECLOG_PSEUDONYM_KEY_FILE=${join(out, 'pseudonym.key')}`);
    expect(r.out).toContain(`seclog verify --public-key ${join(out, 'signing.pub.pem')} <archive>`);
    // The verifier key line is the one a signer with this key and name announces.
    const vkey = /^shop-api\+[0-9a-f]{8}\+\S+$/m.exec(r.out)?.[0];
    expect(vkey).toBe(ed25519Signer(privateKey, { keyName: 'shop-api' }).verifierKey);
    expect(parseVerifierKey(vkey as string).keyName).toBe('shop-api');
    // No private material in the output.
    const body = privatePem
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('');
    expect(r.out).not.toContain(body.slice(-20));
    expect(r.out).not.toContain(pseudonym.slice(0, 16));
  });

  it('refuses to overwrite any existing file, and writes nothing then', async () => {
    const out = mkdtempSync(join(tmpdir(), 'seclog-keygen-'));
    writeFileSync(join(out, 'pseudonym.key'), 'existing');
    const r = await run('keygen', '--out', out);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/refusing to overwrite .*pseudonym\.key/);
    expect(readFileSync(join(out, 'pseudonym.key'), 'utf8')).toBe('existing');
    expect(() => statSync(join(out, 'signing.pem'))).toThrow();
    expect(r.out).toBe('');
  });

  it('keeps nothing when the folder cannot be written', async () => {
    if (process.getuid?.() === 0) {
      // root writes through directory modes: use a path under a regular file instead.
      const file = join(mkdtempSync(join(tmpdir(), 'seclog-keygen-')), 'file');
      writeFileSync(file, '');
      const r = await run('keygen', '--out', join(file, 'keys'));
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/cannot create .* \((ENOTDIR|EEXIST)\)/);
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 'seclog-keygen-'));
    mkdirSync(join(out, 'ro'));
    chmodSync(join(out, 'ro'), 0o500);
    const r = await run('keygen', '--out', join(out, 'ro'));
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/nothing was kept/);
  });

  it('needs --out, and a valid key name', async () => {
    expect((await run('keygen')).err).toMatch(/--out <dir> is required/);
    const bad = await run('keygen', '--out', mkdtempSync(join(tmpdir(), 'seclog-keygen-')), '--name', 'a b');
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/--name must be a key name/);
    expect((await run('keygen', '--help')).out).toMatch(/Usage: seclog keygen --out <dir>/);
    expect((await run('--help')).out).toMatch(/keygen/);
  });
});
