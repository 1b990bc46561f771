/**
 * The trust a verification runs under, read from the same options by every command that verifies (`seclog verify`,
 * and `seclog alerts replay` when asked to check its evidence): trusted keys, witness keys and anchors.
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { listArchiveFiles, type VerifierTrust } from '@seclog/integrity';
import type { CliIo } from '../cli-io.js';
import { AnchorFetchError, resolveAnchors } from './anchor-sources.js';
import { loadTrust, loadWitnessKeys, TrustLoadError } from './trust-files.js';

/** `parseArgs` definitions of the trust options, shared so that both commands spell them the same. */
export const TRUST_OPTIONS = {
  'public-key': { type: 'string', multiple: true },
  'checkpoint-key-file': { type: 'string', multiple: true },
  'hmac-key-file': { type: 'string', multiple: true },
  anchor: { type: 'string', multiple: true },
  'witness-key': { type: 'string', multiple: true },
} as const;

/** The parsed values of {@link TRUST_OPTIONS}. */
export interface TrustOptionValues {
  readonly 'public-key'?: string[] | undefined;
  readonly 'checkpoint-key-file'?: string[] | undefined;
  readonly 'hmac-key-file'?: string[] | undefined;
  readonly anchor?: string[] | undefined;
  readonly 'witness-key'?: string[] | undefined;
}

/** What a verification needs besides its inputs, or the one-line reason the options cannot give it. */
export type VerifierSetup =
  | { readonly ok: true; readonly trust: VerifierTrust; readonly anchors: string[] }
  | { readonly ok: false; readonly usage: string }
  | { readonly ok: false; readonly error: string };

/** True when any trust option was given. */
export function trustRequested(values: TrustOptionValues): boolean {
  return Object.keys(TRUST_OPTIONS).some((k) => (values[k as keyof TrustOptionValues] ?? []).length > 0);
}

/**
 * Loads keys and fetches anchors. Messages name the option and file, never key bytes (see `trust-files.ts`); a
 * deprecated option is announced on stderr under the command's name.
 */
export async function loadVerifierSetup(values: TrustOptionValues, command: string, io: CliIo): Promise<VerifierSetup> {
  const publicKeys = values['public-key'] ?? [];
  const deprecatedHmacFiles = values['hmac-key-file'] ?? [];
  if (deprecatedHmacFiles.length > 0)
    io.stderr.write(
      `${command}: --hmac-key-file is deprecated: it names the checkpoint HMAC key; use --checkpoint-key-file\n`,
    );
  const checkpointKeyFiles = values['checkpoint-key-file'] ?? [];
  if (publicKeys.length === 0 && checkpointKeyFiles.length === 0 && deprecatedHmacFiles.length === 0)
    return { ok: false, usage: 'no trusted key given: pass --public-key <pem> and/or --checkpoint-key-file <file>' };
  const witnessFiles = values['witness-key'] ?? [];
  if (witnessFiles.length > 0 && (values.anchor ?? []).length === 0)
    return { ok: false, usage: '--witness-key checks the cosignatures of anchored checkpoints: pass --anchor too' };
  try {
    let trust = loadTrust(publicKeys, checkpointKeyFiles, (p) => readFileSync(p));
    if (deprecatedHmacFiles.length > 0) {
      const old = loadTrust([], deprecatedHmacFiles, (p) => readFileSync(p), '--hmac-key-file');
      trust = { ...trust, hmacKeys: [...(trust.hmacKeys ?? []), ...(old.hmacKeys ?? [])] };
    }
    if (witnessFiles.length > 0)
      trust = { ...trust, witnessKeys: loadWitnessKeys(witnessFiles, (p) => readFileSync(p)) };
    return { ok: true, trust, anchors: await resolveAnchors(values.anchor ?? []) };
  } catch (err) {
    if (err instanceof AnchorFetchError || err instanceof TrustLoadError) return { ok: false, error: err.message };
    throw err;
  }
}

/**
 * The files to verify: files as given, directories walked (as `verifyArchive` would) without the PEM files in them.
 * `@seclog/node` saves a development archive's public key next to it (`<archive>.pub.pem`), so that
 * `seclog verify --public-key archive/x.pub.pem archive/` works; a key file is never archive data.
 */
export async function archiveInputs(positionals: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of positionals) {
    const isDirectory = await stat(input).then(
      (s) => s.isDirectory(),
      () => false, // the reader reports the missing input
    );
    if (!isDirectory) files.push(input);
    else files.push(...(await listArchiveFiles([input])).filter((f) => !/\.pem$/i.test(f)));
  }
  return files;
}

/**
 * A `parseArgs` error as one line. Node's message quotes the offending argument, and people paste key text on the
 * command line (`"$(cat signing.pem)"`): an argument is repeated only when it is shaped like an option name.
 */
export function argumentsError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : '';
  const option = /'(--?[A-Za-z][\w-]{0,40})(?: <value>)?'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return option ? `unknown option ${option}` : 'unknown option (not repeated here: it may be key material)';
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return option ? `option ${option} needs a value` : 'an option is missing its value';
  }
  return 'invalid arguments';
}
