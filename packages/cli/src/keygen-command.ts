/**
 * `seclog keygen --out <dir>`: the keys one service needs, written the way they should be kept. Without it users
 * reached for `openssl rand -hex 32 > hmac.key`, which leaves a key every user on the host can read, and had to
 * derive the public key themselves.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ed25519VerifierKey, isValidKeyName, printablePath } from '@seclog/integrity';
import { type CliIo, EXIT_USAGE } from './cli-io.js';

/** `seclog keygen --help` text. */
export const KEYGEN_USAGE = `Usage: seclog keygen --out <dir> [--name <key name>]

Writes a new key set for one service into <dir> (created with mode 0700 if missing). Never overwrites: if any of
the three files exists, nothing is written.

  signing.pem       Ed25519 private key (PKCS#8 PEM), mode 0600    -> SECLOG_SIGNING_KEY_FILE
  signing.pub.pem   its public key (SPKI PEM), mode 0644            -> seclog verify --public-key
  pseudonym.key     pseudonym key: 32 random bytes as hex, 0600     -> SECLOG_PSEUDONYM_KEY_FILE
                    (the HMAC key behind redaction's <email:kid:token> pseudonyms; keep it stable)

Prints the public key, its C2SP verifier key line and the settings to use.

Options:
  --out <dir>      where to write the keys (required)
  --name <name>    key name in the verifier key line (default: seclog). A service signs under its
                   keys.signingKeyName option, which defaults to its service name: set it to this name
                   when a witness or collector checks checkpoints by verifier key
  --help           show this help
`;

/** The files written, in the order they are created. */
const FILES = { pseudonym: 'pseudonym.key', signing: 'signing.pem', publicKey: 'signing.pub.pem' } as const;

/**
 * Runs `seclog keygen` with its arguments (after the word `keygen`) and resolves to the exit code: 0 written, 3 usage
 * error, an existing file, or a folder that cannot be written. Key material goes only into the files; the output shows
 * the public key and paths.
 */
export async function runKeygenCommand(args: readonly string[], io: CliIo): Promise<number> {
  const usage = (message: string): number => {
    io.stderr.write(`seclog keygen: ${message}\nRun 'seclog keygen --help' for usage.\n`);
    return EXIT_USAGE;
  };
  let values: { out?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: { out: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch {
    return usage('unknown option or missing value (expected --out <dir> [--name <key name>])');
  }
  if (values.help) {
    io.stdout.write(KEYGEN_USAGE);
    return 0;
  }
  if (values.out === undefined || values.out.trim() === '') return usage('--out <dir> is required');
  const keyName = values.name ?? 'seclog';
  if (!isValidKeyName(keyName)) return usage("--name must be a key name: non-empty, without spaces or '+'");

  const dir = resolve(values.out);
  const paths = {
    pseudonym: join(dir, FILES.pseudonym),
    signing: join(dir, FILES.signing),
    publicKey: join(dir, FILES.publicKey),
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return failure(io, `cannot create ${printablePath(dir)} (${codeOf(error)})`);
  }
  const existing = Object.values(paths).filter(exists);
  if (existing.length > 0) {
    return failure(io, `refusing to overwrite ${existing.map(printablePath).join(', ')}; choose another --out`);
  }

  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const rawPublic = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const written: string[] = [];
  try {
    writeNew(paths.pseudonym, `${randomBytes(32).toString('hex')}\n`, 0o600, written);
    writeNew(paths.signing, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600, written);
    writeNew(paths.publicKey, publicPem, 0o644, written);
  } catch (error) {
    // All or nothing: a half-written set would be refused by the next run without saying why.
    for (const path of written) rmSync(path, { force: true });
    return failure(io, `cannot write the key files in ${printablePath(dir)} (${codeOf(error)}); nothing was kept`);
  }

  const shown = (path: string) => shellWord(printablePath(path));
  io.stdout.write(
    [
      `seclog keygen: wrote a key set to ${printablePath(dir)}`,
      `  ${FILES.signing}       signing key, private (0600)`,
      `  ${FILES.publicKey}   public key: give it to whoever verifies`,
      `  ${FILES.pseudonym}     pseudonym key, private (0600)`,
      '',
      'Public key:',
      publicPem.trimEnd(),
      '',
      `Verifier key line (C2SP note, key name ${keyName}):`,
      ed25519VerifierKey(keyName, rawPublic),
      '',
      'Start the service with:',
      `  SECLOG_SIGNING_KEY_FILE=${shown(paths.signing)} SECLOG_PSEUDONYM_KEY_FILE=${shown(paths.pseudonym)}`,
      'Verify its archive with:',
      `  seclog verify --public-key ${shown(paths.publicKey)} <archive>`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** Creates `path` (never replacing a file, not following a link planted there), writes, syncs, closes. */
function writeNew(path: string, content: string, mode: number, written: string[]): void {
  const fd = openSync(path, 'wx', mode);
  written.push(path);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function failure(io: CliIo, message: string): number {
  io.stderr.write(`seclog keygen: ${message}\n`);
  return EXIT_USAGE;
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? 'error';
}

/** A path as one shell word, so the printed commands can be pasted. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
