/**
 * C2SP signed notes (c2sp.org/signed-note), compatible with Go's `golang.org/x/mod/sumdb/note`: a text ending in a
 * newline, a blank line, then signature lines `— <key name> <base64(4-byte key ID ‖ signature)>`.
 */
import { hash } from 'node:crypto';

/** Upper bound on an accepted note (bytes); bounds parsing work. */
export const MAX_NOTE_BYTES = 1 << 20;
/** Upper bound on signature lines (C2SP: verifiers must accept at least 16; Go accepts 100). */
export const MAX_NOTE_SIGNATURES = 100;

const SIG_PREFIX = '\u2014 ';

/** Signature algorithm of a key; pinned in the verifier's trust configuration, never read from the note. */
export type NoteAlgorithm = 'ed25519' | 'hmac-sha256';

/** Produces signature lines for notes (checkpoints). */
export interface NoteSigner {
  /** C2SP key name (no spaces, no `+`). */
  readonly keyName: string;
  /** uint32 key ID carried in the first 4 bytes of the signature. */
  readonly keyId: number;
  readonly algorithm: NoteAlgorithm;
  /** Raw public key (32 bytes for Ed25519); `undefined` for HMAC. */
  publicKey(): Uint8Array | undefined;
  /** Signs the note text (UTF-8 bytes, including the final newline). Asynchronous: may run on the threadpool. */
  sign(text: Uint8Array): Promise<Uint8Array>;
  /**
   * Signs synchronously, when the key is local. Used only where nothing asynchronous can run any more (a process
   * `exit` handler writing the final checkpoint); a KMS-backed signer leaves it out.
   */
  signSync?(text: Uint8Array): Uint8Array;
}

/** Checks signature lines of one trusted key. */
export interface NoteVerifier {
  readonly keyName: string;
  readonly keyId: number;
  readonly algorithm: NoteAlgorithm;
  /** True when `signature` (without the key ID prefix) is valid for `text`. */
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** One parsed signature line. */
export interface NoteSignature {
  readonly keyName: string;
  readonly keyId: number;
  /** Signature bytes without the 4-byte key ID. */
  readonly signature: Buffer;
}

/** A parsed signed note. */
export interface SignedNote {
  /** The signed text, including its final newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** Thrown for malformed notes and invalid key names. */
export class NoteFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteFormatError';
  }
}

/** C2SP key-name rule: non-empty, no Unicode whitespace, no `+`, no control characters. */
export function isValidKeyName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 256) return false;
  if (name.includes('+') || /\s/u.test(name)) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20 || name.charCodeAt(i) === 0x7f) return false;
  return (name as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * C2SP key ID: the first four bytes (big-endian) of `SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)`.
 * `typeAndKey` is the signature type byte followed by the key encoding.
 */
export function computeKeyId(keyName: string, typeAndKey: Uint8Array): number {
  const h = hash('sha256', Buffer.concat([Buffer.from(`${keyName}\n`, 'utf8'), typeAndKey]), 'buffer');
  return h.readUInt32BE(0);
}

/** Checks that a note text is valid: ends in a newline, no control characters other than newline, well-formed. */
export function assertValidNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteFormatError('note text must end with a newline');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) throw new NoteFormatError('note text contains a control character');
  }
  if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    throw new NoteFormatError('note text is not well-formed Unicode');
  }
}

/** Formats one signature line. */
export function formatSignatureLine(keyName: string, keyId: number, signature: Uint8Array): string {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(keyId >>> 0, 0);
  return `${SIG_PREFIX}${keyName} ${Buffer.concat([prefix, signature]).toString('base64')}\n`;
}

/**
 * Signs a note text with every signer and returns the full signed note.
 *
 * @example const note = await signNote('example.com/log\n1\nAAAA…=\n', [signer]);
 */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  assertValidNoteText(text);
  if (signers.length === 0) throw new NoteFormatError('at least one signer is required');
  const bytes = Buffer.from(text, 'utf8');
  const lines: string[] = [];
  for (const s of signers) {
    if (!isValidKeyName(s.keyName)) throw new NoteFormatError('invalid key name');
    lines.push(formatSignatureLine(s.keyName, s.keyId, await s.sign(bytes)));
  }
  return `${text}\n${lines.join('')}`;
}

function decodeStrictBase64(s: string): Buffer | undefined {
  if (s.length === 0 || s.length % 4 !== 0) return undefined;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : undefined;
}

/** Parses a signed note (string or UTF-8 bytes). Throws {@link NoteFormatError} when malformed. */
export function parseSignedNote(input: string | Uint8Array): SignedNote {
  let note: string;
  if (typeof input === 'string') {
    note = input;
    if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) throw new NoteFormatError('note too large');
  } else {
    if (input.byteLength > MAX_NOTE_BYTES) throw new NoteFormatError('note too large');
    try {
      note = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      throw new NoteFormatError('note is not valid UTF-8');
    }
  }
  if (!(note as unknown as { isWellFormed(): boolean }).isWellFormed())
    throw new NoteFormatError('note is not valid UTF-8');
  for (let i = 0; i < note.length; i++) {
    const c = note.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) throw new NoteFormatError('note contains a control character');
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteFormatError('note has no signature block');
  const text = note.slice(0, split + 1);
  let rest = note.slice(split + 2);
  if (rest.length === 0 || !rest.endsWith('\n')) throw new NoteFormatError('note has no signature lines');
  const signatures: NoteSignature[] = [];
  while (rest.length > 0) {
    const nl = rest.indexOf('\n');
    const line = rest.slice(0, nl);
    rest = rest.slice(nl + 1);
    if (!line.startsWith(SIG_PREFIX)) throw new NoteFormatError('malformed signature line');
    const body = line.slice(SIG_PREFIX.length);
    const space = body.indexOf(' ');
    if (space < 0) throw new NoteFormatError('malformed signature line');
    const keyName = body.slice(0, space);
    const raw = decodeStrictBase64(body.slice(space + 1));
    if (!isValidKeyName(keyName) || raw === undefined || raw.length < 5) {
      throw new NoteFormatError('malformed signature line');
    }
    if (signatures.length >= MAX_NOTE_SIGNATURES) throw new NoteFormatError('too many signatures');
    signatures.push({ keyName, keyId: raw.readUInt32BE(0), signature: raw.subarray(4) });
  }
  return { text, signatures };
}

/** Outcome of {@link verifyNote}. */
export type NoteVerification =
  | {
      readonly ok: true;
      readonly text: string;
      /** Key names of the signatures that verified, in note order. */
      readonly verifiedBy: readonly string[];
      /** The verifiers (of those passed in) whose signature verified, in note order. */
      readonly verifiedWith: readonly NoteVerifier[];
    }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'bad-signature' | 'no-trusted-signature';
      readonly message: string;
    };

/**
 * Verifies a signed note against trusted keys (C2SP rules): signatures from unknown (name, ID) pairs are ignored; a
 * signature from a known key that fails rejects the whole note; at least one known signature must verify.
 */
export function verifyNote(
  input: string | Uint8Array | SignedNote,
  verifiers: readonly NoteVerifier[],
): NoteVerification {
  let note: SignedNote;
  try {
    note = typeof input === 'string' || input instanceof Uint8Array ? parseSignedNote(input) : input;
  } catch (err) {
    return { ok: false, reason: 'malformed', message: (err as Error).message };
  }
  const text = Buffer.from(note.text, 'utf8');
  const verifiedBy: string[] = [];
  const verifiedWith: NoteVerifier[] = [];
  for (const sig of note.signatures) {
    const v = verifiers.find((k) => k.keyName === sig.keyName && k.keyId === sig.keyId);
    if (!v) continue;
    if (!v.verify(text, sig.signature)) {
      return { ok: false, reason: 'bad-signature', message: `signature by ${sig.keyName} does not verify` };
    }
    verifiedBy.push(sig.keyName);
    verifiedWith.push(v);
  }
  if (verifiedBy.length === 0) {
    return { ok: false, reason: 'no-trusted-signature', message: 'no signature from a trusted key' };
  }
  return { ok: true, text: note.text, verifiedBy, verifiedWith };
}
