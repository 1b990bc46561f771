/**
 * The two HMAC keys go by distinct names (pseudonym key here, checkpoint key in `seclog verify`), the old names of
 * the pseudonym key still work with a notice, and development mode leaves what is needed to verify after exit: the
 * public key next to the archive, and pseudonyms labelled `ephemeral`.
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyArchive } from '@seclog/integrity';
import { describe, expect, it } from 'vitest';
import { SecureLoggingConfigError } from '../src/secure-logging-config-error.js';
import { loadKeys } from '../src/signing-keys.js';
import { startSecureLogging } from '../src/start-secure-logging.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'seclog-keys-'));
const base = { handleSignals: false, registerGlobal: false, mode: 'development' } as const;

/** Every public key in a PEM file (development mode appends one per run). */
function publicKeysIn(path: string) {
  const text = readFileSync(path, 'utf8');
  return (text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? []).map((pem) =>
    createPublicKey(pem),
  );
}

describe('pseudonym key names', () => {
  it('accepts the deprecated names once each with a notice, and refuses both names at once', () => {
    const key = randomBytes(32);
    const file = join(tmp(), 'pseudonym.key');
    writeFileSync(file, key.toString('hex'), { mode: 0o600 });
    const notices: string[] = [];
    const viaOption = loadKeys({ hmacKey: key }, {}, false, (m) => notices.push(m));
    expect(viaOption.pseudonymKey.equals(key)).toBe(true);
    const viaVariable = loadKeys({}, { SECLOG_HMAC_KEY_FILE: file }, false, (m) => notices.push(m));
    expect(viaVariable.pseudonymKey.equals(key)).toBe(true);
    loadKeys({ hmacKey: key }, {}, false, (m) => notices.push(m));
    expect(notices).toEqual([
      expect.stringMatching(
        /options\.keys\.hmacKey is deprecated: it is the pseudonym key .*options\.keys\.pseudonymKey/,
      ),
      expect.stringMatching(/SECLOG_HMAC_KEY_FILE is deprecated: .*SECLOG_PSEUDONYM_KEY_FILE/),
    ]);
    expect(notices.join('\n')).not.toContain(key.toString('hex').slice(0, 12));

    let error: unknown;
    try {
      loadKeys({}, { SECLOG_HMAC_KEY_FILE: file, SECLOG_PSEUDONYM_KEY_FILE: file }, false, () => {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecureLoggingConfigError);
    expect((error as SecureLoggingConfigError).field).toBe('SECLOG_HMAC_KEY_FILE');
    expect((error as Error).message).toMatch(/both are set; keep only SECLOG_PSEUDONYM_KEY_FILE/);
  });

  it('names the pseudonym key in production errors', () => {
    expect(() =>
      startSecureLogging({ ...base, mode: 'production', env: {}, keys: { signingKeyFile: '/nope.pem' } }),
    ).toThrow(/signingKeyFile/);
    const signing = join(tmp(), 'signing.pem');
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(signing, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    expect(() =>
      startSecureLogging({ ...base, mode: 'production', env: { SECLOG_SIGNING_KEY_FILE: signing } }),
    ).toThrow(/SECLOG_PSEUDONYM_KEY_FILE is not set .*no pseudonym key in production mode.*seclog keygen/);
  });
});

describe('development mode', () => {
  it('writes the public key next to the archive, one per run, so the archive verifies after exit', async () => {
    const dir = tmp();
    const notices: string[] = [];
    for (const run of [1, 2]) {
      const secure = startSecureLogging({
        ...base,
        serviceName: 'shop',
        archiveDir: dir,
        notice: (m) => notices.push(m),
      });
      expect(secure.publicKeyPath).toBe(join(dir, 'shop.otlp.pub.pem'));
      secure.loggerProvider.getLogger('app').emit({ body: `run ${run}` });
      await secure.shutdown();
    }
    const pubPath = join(dir, 'shop.otlp.pub.pem');
    expect(statSync(pubPath).mode & 0o777).toBe(0o644);
    const keys = publicKeysIn(pubPath);
    expect(keys).toHaveLength(2);
    expect(readFileSync(pubPath, 'utf8')).not.toMatch(/PRIVATE/);

    const report = await verifyArchive([join(dir, 'shop.otlp.jsonl')], { trust: { publicKeys: keys } });
    expect(report.verdict).toBe('valid');
    expect(report.streams).toHaveLength(2);
    // Only the second run's key: the first run's stream is not trusted.
    const partial = await verifyArchive([join(dir, 'shop.otlp.jsonl')], { trust: { publicKeys: keys.slice(1) } });
    expect(partial.verdict).not.toBe('valid');
  });

  it('labels pseudonyms made with a generated key `ephemeral`, and with a configured key its key id', async () => {
    const dir = tmp();
    const dev = startSecureLogging({ ...base, serviceName: 'dev', archiveDir: dir, notice: () => {} });
    dev.loggerProvider.getLogger('app').emit({ body: 'contact dana@corp-mail.net' });
    await dev.shutdown();
    const devArchive = readFileSync(join(dir, 'dev.otlp.jsonl'), 'utf8');
    expect(devArchive).toMatch(/<email:ephemeral:[\w-]+>/);
    expect(devArchive).not.toContain('dana@corp-mail.net');

    const configured = startSecureLogging({
      ...base,
      serviceName: 'cfg',
      archiveDir: dir,
      notice: () => {},
      keys: { pseudonymKey: randomBytes(32), pseudonymKeyId: 'k7' },
    });
    configured.loggerProvider.getLogger('app').emit({ body: 'contact dana@corp-mail.net' });
    await configured.shutdown();
    expect(readFileSync(join(dir, 'cfg.otlp.jsonl'), 'utf8')).toMatch(/<email:k7:[\w-]+>/);
  });
});
