/**
 * The one-time development-mode notice: which keys were generated for this process, and how its archive verifies
 * afterwards (the public key saved next to it). Never the keys themselves.
 */
import type { SecureChain } from './secure-chain.js';

let noticeShown = false;

/** Says once per process that development keys are ephemeral (never printing them), and where the public key is. */
export function announceEphemeralKeys({ keys, notice, publicKeyPath }: SecureChain): void {
  if ((!keys.ephemeral.signing && !keys.ephemeral.pseudonym) || noticeShown) return;
  noticeShown = true;
  const which = [keys.ephemeral.signing ? 'signing' : '', keys.ephemeral.pseudonym ? 'pseudonym' : '']
    .filter(Boolean)
    .join(' and ');
  const verify =
    publicKeyPath !== undefined
      ? `the archive verifies with seclog verify --public-key ${shellWord(publicKeyPath)}`
      : 'the archive verifies with the returned publicKeyPem';
  notice(
    `seclog: development mode: generated ephemeral ${which} key(s) for this process only; ${verify}. ` +
      'For stable keys run seclog keygen --out <dir> and set SECLOG_SIGNING_KEY_FILE / SECLOG_PSEUDONYM_KEY_FILE ' +
      '(NODE_ENV=production requires them)',
  );
}

/** A path as one shell word (quoted when it holds anything but path characters), so the notice can be pasted. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
