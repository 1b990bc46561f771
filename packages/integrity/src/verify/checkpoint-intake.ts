import { createHash, createHmac, createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import type { Finding } from './report.js';
import type { CheckpointFacts, StreamState } from './stream-state.js';

/**
 * Keys whose checkpoint signatures the verifier accepts. The algorithm is pinned by where a key is listed, never
 * read from the archive (design §8.3 rule 4).
 */
export interface VerifierTrust {
  /** Ed25519 public keys: `KeyObject`s or PEM text. */
  readonly publicKeys?: readonly (KeyObject | string)[];
  /** HMAC-SHA256 keys (raw bytes). Whoever holds them can also forge checkpoints. */
  readonly hmacKeys?: readonly Uint8Array[];
  /** When set, only signature lines with one of these key names are considered. */
  readonly keyNames?: readonly string[];
}

/** Receives checkpoint records as they are read and files them under their stream. */
export interface CheckpointIntake {
  /**
   * Handles one checkpoint record (its string body, the note). Returns a finding when the record cannot be attributed
   * to any stream (no note, unknown origin), for the caller to list as foreign.
   */
  accept(
    note: string | undefined,
    role: 'archive' | 'anchor',
    location: string,
    streamOf: (streamId: string) => StreamState,
    maxFindings: number,
  ): Finding | undefined;
  /** Trusted keys as listed in the report (name-independent key fingerprints, no key material). */
  trustSummary(): { keyName: string; algorithm: string; keyId: string }[];
}

const MAX_NOTE_BYTES = 64 * 1024;

/** Creates the intake for a trust configuration and attribute namespace. */
export function createCheckpointIntake(trust: VerifierTrust, namespace: string): CheckpointIntake {
  const ed = (trust.publicKeys ?? []).map(toPublicKey);
  const hmac = (trust.hmacKeys ?? []).map((k) => Buffer.from(k));
  const names = trust.keyNames ? new Set(trust.keyNames) : undefined;
  const originPrefix = `${namespace}/v1/`;
  /** Notes already rejected, by hash: a retried bad checkpoint is reported once and verified once. */
  const rejected = new Set<string>();

  const checkSignatures = (note: ParsedNote): { ok: boolean; keyName?: string; why: string } => {
    let sawTrustedName = false;
    for (const sig of note.signatures) {
      if (names && !names.has(sig.name)) continue;
      for (const pub of ed) {
        if (!sig.keyHash.equals(ed25519KeyHash(sig.name, pub))) continue;
        sawTrustedName = true;
        if (verify(null, note.signedText, pub, sig.signature)) return { ok: true, keyName: sig.name, why: '' };
      }
      for (const key of hmac) {
        if (!sig.keyHash.equals(hmacKeyHash(sig.name, key))) continue;
        sawTrustedName = true;
        const mac = createHmac('sha256', key).update(note.signedText).digest();
        if (mac.length === sig.signature.length && timingSafeEqual(mac, sig.signature))
          return { ok: true, keyName: sig.name, why: '' };
      }
    }
    return {
      ok: false,
      why: sawTrustedName ? 'signature does not verify with the trusted key' : 'not signed by any trusted key',
    };
  };

  return {
    accept(noteText, role, location, streamOf, maxFindings) {
      if (noteText === undefined || noteText.length > MAX_NOTE_BYTES) {
        return {
          status: 'FOREIGN',
          subject: 'checkpoint',
          count: 1,
          detail: 'checkpoint record without a usable note',
          location,
        };
      }
      const note = parseNote(noteText);
      if (!note?.origin.startsWith(originPrefix)) {
        return { status: 'FOREIGN', subject: 'checkpoint', count: 1, detail: 'checkpoint of an unknown log', location };
      }
      const stream = streamOf(note.origin.slice(originPrefix.length));
      stream.checkpointRecords++;
      const known = stream.checkpoints.get(note.hash);
      if (known) {
        if (role === 'archive') known.inArchive = true;
        else known.inAnchor = true;
        return undefined;
      }
      if (rejected.has(note.hash)) return undefined;
      const sig = checkSignatures(note);
      if (!sig.ok) {
        rejected.add(note.hash);
        stream.addCheckpointFinding(
          { status: 'KEY-CHAIN-INVALID', subject: 'checkpoint', count: 1, detail: sig.why, location },
          maxFindings,
        );
        return undefined;
      }
      const facts = readFacts(note, sig.keyName!, role, location);
      if (typeof facts === 'string') {
        rejected.add(note.hash);
        stream.addCheckpointFinding(
          {
            status: 'UNVERIFIABLE',
            subject: 'checkpoint',
            count: 1,
            detail: `malformed checkpoint: ${facts}`,
            location,
          },
          maxFindings,
        );
        return undefined;
      }
      if (facts.leafDigests) {
        const start = facts.facts.range?.start ?? facts.facts.treeSize - facts.leafDigests.length;
        facts.leafDigests.forEach((d, i) => {
          stream.table.sign(start + i, d);
        });
      }
      stream.checkpoints.set(note.hash, facts.facts);
      return undefined;
    },
    trustSummary() {
      return [
        ...ed.map((k) => ({
          keyName: trust.keyNames?.join(',') ?? '*',
          algorithm: 'ed25519',
          keyId: fingerprint(k.export({ format: 'der', type: 'spki' })),
        })),
        ...hmac.map((k) => ({
          keyName: trust.keyNames?.join(',') ?? '*',
          algorithm: 'hmac-sha256',
          keyId: fingerprint(createHash('sha256').update('seclog hmac key id\n').update(k).digest()),
        })),
      ];
    },
  };
}

function toPublicKey(k: KeyObject | string): KeyObject {
  const key = typeof k === 'string' ? createPublicKey(k) : k.type === 'private' ? createPublicKey(k) : k;
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('trust.publicKeys: expected Ed25519 public keys');
  return key;
}

function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** C2SP signed-note key hash for Ed25519: first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). */
function ed25519KeyHash(name: string, pub: KeyObject): Buffer {
  const raw = Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url');
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([1]))
    .update(raw)
    .digest()
    .subarray(0, 4);
}

/** Interim HMAC key hash (until the producer's note module defines it). */
function hmacKeyHash(name: string, key: Buffer): Buffer {
  const id = createHash('sha256').update('seclog hmac key id\n').update(key).digest();
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([0xff]))
    .update(id)
    .digest()
    .subarray(0, 4);
}

interface ParsedNote {
  readonly origin: string;
  readonly body: string[];
  /** Bytes that were signed: the note text up to and including the newline before the blank line. */
  readonly signedText: Buffer;
  readonly hash: string;
  readonly signatures: { name: string; keyHash: Buffer; signature: Buffer }[];
}

function parseNote(text: string): ParsedNote | undefined {
  const split = text.lastIndexOf('\n\n');
  if (split < 0) return undefined;
  const signed = text.slice(0, split + 1);
  const body = signed.slice(0, -1).split('\n');
  const signatures: ParsedNote['signatures'] = [];
  for (const line of text.slice(split + 2).split('\n')) {
    if (line === '') continue;
    if (!line.startsWith('\u2014 ')) return undefined;
    const [name, b64] = line.slice(2).split(' ');
    if (!name || !b64) return undefined;
    const raw = Buffer.from(b64, 'base64');
    if (raw.length < 5) return undefined;
    signatures.push({ name, keyHash: raw.subarray(0, 4), signature: raw.subarray(4) });
  }
  return {
    origin: body[0] ?? '',
    body,
    signedText: Buffer.from(signed),
    hash: createHash('sha256').update(text).digest('base64'),
    signatures,
  };
}

function readFacts(
  note: ParsedNote,
  keyName: string,
  role: 'archive' | 'anchor',
  location: string,
): { facts: CheckpointFacts; leafDigests?: Buffer[] } | string {
  const [, sizeLine, rootLine, ...ext] = note.body;
  const treeSize = Number(sizeLine);
  if (!sizeLine || !/^[0-9]{1,15}$/.test(sizeLine)) return 'tree size';
  const root = Buffer.from(rootLine ?? '', 'base64');
  if (root.length !== 32) return 'root';
  const f: { -readonly [K in keyof CheckpointFacts]?: CheckpointFacts[K] } = {
    noteHash: note.hash,
    treeSize,
    root,
    leafListLength: 0,
    final: false,
    keyName,
    inArchive: role === 'archive',
    inAnchor: role === 'anchor',
    location,
  };
  let leafDigests: Buffer[] | undefined;
  for (const line of ext) {
    const [key, ...vals] = line.split(' ');
    if (key === 'k') f.index = Number(vals[0]);
    else if (key === 't') f.timeNanos = BigInt(vals[0] ?? '0');
    else if (key === 'm') f.monotonic = BigInt(vals[0] ?? '0');
    else if (key === 'p') f.prevHash = vals[0];
    else if (key === 'r') f.range = { start: Number(vals[0]), end: Number(vals[1]) };
    else if (key === 'l') leafDigests = vals.map((v) => Buffer.from(v, 'base64'));
    else if (key === 'c') f.compactNodes = vals.map((v) => Buffer.from(v, 'base64'));
    else if (key === 'f') f.final = true;
  }
  if (f.index === undefined || !Number.isSafeInteger(f.index)) return 'index';
  if (leafDigests) f.leafListLength = leafDigests.length;
  return { facts: f as CheckpointFacts, ...(leafDigests ? { leafDigests } : {}) };
}
