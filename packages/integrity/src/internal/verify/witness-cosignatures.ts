/**
 * C2SP tlog-cosignature/v1 checks for anchored checkpoints: a witness (the otelcol-seclog `seclog_witness` extension)
 * signs `cosignature/v1\ntime <ts>\n` followed by the checkpoint text, with the key ID
 * SHA-256(<name> ‖ 0x0A ‖ 0x04 ‖ <32-byte Ed25519 key>)[:4] and the signature bytes <8-byte big-endian ts> ‖ <64-byte
 * Ed25519 signature>.
 */
import { createHash, type KeyObject, verify } from 'node:crypto';
import type { SignedNote } from '../../note/signed-note.js';

/** The C2SP key ID of an Ed25519 cosigner key under a name. */
export function cosignatureKeyId(keyName: string, key: KeyObject): number {
  const raw = Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url');
  const h = createHash('sha256')
    .update(keyName, 'utf8')
    .update('\n')
    .update(Buffer.from([0x04]))
    .update(raw)
    .digest();
  return h.readUInt32BE(0);
}

/** Whether the note carries a valid cosignature by `key` (under any name whose key ID matches). */
export function hasValidCosignature(note: SignedNote, key: KeyObject): boolean {
  for (const s of note.signatures) {
    if (s.signature.length !== 72 || cosignatureKeyId(s.keyName, key) !== s.keyId) continue;
    const ts = s.signature.readBigUInt64BE(0);
    if (ts > 2n ** 63n - 1n) continue;
    const message = Buffer.from(`cosignature/v1\ntime ${ts}\n${note.text}`, 'utf8');
    if (verify(null, message, key, s.signature.subarray(8))) return true;
  }
  return false;
}
