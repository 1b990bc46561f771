/**
 * Where the two keys of `@seclog/node` come from, and the names they go by. seclog uses two different secret keys
 * that used to share the word "HMAC": the **pseudonym key** (redaction's HMAC key, `SECLOG_PSEUDONYM_KEY_FILE`) and,
 * in `@seclog/integrity`, the **checkpoint key** (an HMAC alternative to Ed25519 checkpoint signatures,
 * `seclog verify --checkpoint-key-file`). The pseudonym key's old names (`keys.hmacKey`, `keys.hmacKeyFile`,
 * `keys.hmacKeyId`, `SECLOG_HMAC_KEY_FILE`) still work, with a one-time deprecation notice.
 */
import type { KeyObject } from 'node:crypto';
import { SecureLoggingConfigError } from './secure-logging-config-error.js';

/** Where keys may come from; each option wins over its environment variable. */
export interface KeySources {
  /** Ed25519 private key sealing the checkpoints: KeyObject or PKCS#8 PEM text. */
  signingKey?: KeyObject | string;
  /** File holding the Ed25519 PKCS#8 PEM (env `SECLOG_SIGNING_KEY_FILE`). */
  signingKeyFile?: string;
  /** Pseudonym key: the HMAC key (≥ 32 bytes) behind `<email:kid:token>` pseudonyms in redaction. */
  pseudonymKey?: Uint8Array;
  /** File holding the pseudonym key: ≥ 32 raw bytes, or their hex / base64 text (env `SECLOG_PSEUDONYM_KEY_FILE`). */
  pseudonymKeyFile?: string;
  /** @deprecated the pseudonym key; use `pseudonymKey`. */
  hmacKey?: Uint8Array;
  /** @deprecated the pseudonym key file; use `pseudonymKeyFile`. */
  hmacKeyFile?: string;
}

/** A setting as the user gave it, with the name it was given under (an option path or a variable). */
export interface NamedSetting<T> {
  value: T;
  field: string;
}

/** The pseudonym key's settings under whichever name the user used. */
export interface PseudonymKeySettings {
  key: NamedSetting<unknown> | undefined;
  file: NamedSetting<unknown> | undefined;
  /** The variable (`SECLOG_PSEUDONYM_KEY_FILE`, or the deprecated `SECLOG_HMAC_KEY_FILE`) when set. */
  variable: NamedSetting<string> | undefined;
}

/** Current and deprecated name of each renamed setting. */
const RENAMES = {
  key: ['pseudonymKey', 'hmacKey'],
  file: ['pseudonymKeyFile', 'hmacKeyFile'],
  variable: ['SECLOG_PSEUDONYM_KEY_FILE', 'SECLOG_HMAC_KEY_FILE'],
  id: ['pseudonymKeyId', 'hmacKeyId'],
} as const;

const noticedDeprecations = new Set<string>();

/**
 * Picks the pseudonym key settings: the current name, else the deprecated one (said once per process). Both names
 * set at once is an error: which one wins would be a guess, and a wrong pseudonym key silently breaks linking.
 */
export function pseudonymKeySettings(
  sources: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  component: string,
  notice: (message: string) => void,
): PseudonymKeySettings {
  const option = (which: 'key' | 'file'): NamedSetting<unknown> | undefined => {
    const [current, old] = RENAMES[which];
    return pick(sources[current], sources[old], `options.keys.${current}`, `options.keys.${old}`, component, notice);
  };
  const [current, old] = RENAMES.variable;
  const set = (name: string) => (env[name]?.trim() ? env[name] : undefined);
  const variable = pick(set(current), set(old), current, old, component, notice) as NamedSetting<string> | undefined;
  return { key: option('key'), file: option('file'), variable };
}

/** The pseudonym key id (`keys.pseudonymKeyId`, or the deprecated `keys.hmacKeyId`). */
export function pseudonymKeyId(
  keys: { pseudonymKeyId?: string; hmacKeyId?: string } | undefined,
  component: string,
  notice: (message: string) => void,
): string | undefined {
  const [current, old] = RENAMES.id;
  return pick(
    keys?.pseudonymKeyId,
    keys?.hmacKeyId,
    `options.keys.${current}`,
    `options.keys.${old}`,
    component,
    notice,
  )?.value as string | undefined;
}

function pick(
  current: unknown,
  old: unknown,
  currentName: string,
  oldName: string,
  component: string,
  notice: (message: string) => void,
): NamedSetting<unknown> | undefined {
  if (current !== undefined && old !== undefined) {
    throw new SecureLoggingConfigError(
      component,
      oldName,
      `is the deprecated name of ${currentName}, and both are set; keep only ${currentName}`,
    );
  }
  if (current !== undefined) return { value: current, field: currentName };
  if (old === undefined) return undefined;
  if (!noticedDeprecations.has(oldName)) {
    noticedDeprecations.add(oldName);
    notice(
      `seclog: ${oldName} is deprecated: it is the pseudonym key (redaction's HMAC key), now named ${currentName}; ` +
        'the checkpoint HMAC key of seclog verify is another key (--checkpoint-key-file)',
    );
  }
  return { value: old, field: oldName };
}
