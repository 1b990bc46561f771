import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { type CheckpointBody, checkpointTextHash, parseCheckpointBody } from '../note/checkpoint-body.js';
import {
  NoteFormatError,
  type NoteVerifier,
  parseSignedNote,
  type SignedNote,
  verifyNote,
} from '../note/signed-note.js';
import { ed25519Verifier, hmacVerifier } from '../note/signers.js';
import type { Finding } from './report.js';
import type { StreamState } from './stream-state.js';
import { hasValidCosignature } from './witness-cosignatures.js';

/**
 * Keys whose checkpoint signatures the verifier accepts. The algorithm is pinned by where a key is listed, never
 * read from the archive (docs/spec/checkpoint-note.md, "Verifying a note").
 */
export interface VerifierTrust {
  /** Ed25519 public keys: `KeyObject`s or PEM text. */
  readonly publicKeys?: readonly (KeyObject | string)[];
  /** HMAC-SHA256 keys (raw bytes). Whoever holds them can also forge checkpoints. */
  readonly hmacKeys?: readonly Uint8Array[];
  /** When set, only signature lines with one of these key names are considered. */
  readonly keyNames?: readonly string[];
  /**
   * Ed25519 public keys of witnesses (C2SP tlog-cosignature/v1 cosigners, e.g. the collector's `seclog_witness`).
   * Every checkpoint read from an anchor input must carry a valid cosignature by each of them; one that does not is a
   * `KEY-CHAIN-INVALID` checkpoint finding (the checkpoint itself is still used). Archive checkpoints are not checked.
   */
  readonly witnessKeys?: readonly (KeyObject | string)[];
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

/** Creates the intake for a trust configuration and attribute namespace. */
export function createCheckpointIntake(trust: VerifierTrust, namespace: string): CheckpointIntake {
  const ed = (trust.publicKeys ?? []).map(toPublicKey);
  const hmac = (trust.hmacKeys ?? []).map((k) => Buffer.from(k));
  const names = trust.keyNames ? new Set(trust.keyNames) : undefined;
  const witnesses = (trust.witnessKeys ?? []).map(toPublicKey);
  const originPrefix = `${namespace}/v1/`;
  /** Verifiers per key name: C2SP key IDs bind the name, so a trusted key is tried under the name a line claims. */
  const verifiersByName = new Map<string, NoteVerifier[]>();
  const verifiersFor = (keyName: string): NoteVerifier[] => {
    let list = verifiersByName.get(keyName);
    if (list) return list;
    list = [];
    if (!names || names.has(keyName)) {
      try {
        for (const k of ed) list.push(ed25519Verifier(k, { keyName }));
        for (const k of hmac) list.push(hmacVerifier(k, { keyName }));
      } catch {
        list = [];
      }
    }
    if (verifiersByName.size < 1000) verifiersByName.set(flat(keyName), list);
    return list;
  };
  /** Note texts already rejected: a retried bad checkpoint is reported once and verified once. */
  const rejected = new Set<string>();
  /** Anchored checkpoint copies already checked for cosignatures (text hash and note). */
  const witnessed = new Set<string>();
  const checkWitnesses = (
    note: SignedNote,
    stream: StreamState,
    location: string,
    maxFindings: number,
    index: number,
  ): void => {
    if (witnesses.length === 0) return;
    const missing = witnesses.filter((k) => !hasValidCosignature(note, k)).length;
    const key = `${checkpointTextHash(note.text).toString('base64')}:${missing}`;
    if (missing === 0 || witnessed.has(key)) return;
    witnessed.add(key);
    stream.addCheckpointFinding(
      {
        status: 'KEY-CHAIN-INVALID',
        subject: 'checkpoint',
        count: 1,
        checkpoint: index,
        detail: `anchored checkpoint without a valid cosignature by ${missing} of the ${witnesses.length} witness key(s)`,
        location,
      },
      maxFindings,
    );
  };

  return {
    accept(noteText, role, location, streamOf, maxFindings) {
      let note: SignedNote;
      try {
        if (noteText === undefined) throw new Error('no note');
        note = parseSignedNote(noteText);
      } catch {
        return {
          status: 'FOREIGN',
          subject: 'checkpoint',
          count: 1,
          detail: 'checkpoint record without a valid note',
          location,
        };
      }
      const origin = note.text.slice(0, note.text.indexOf('\n'));
      if (!origin.startsWith(originPrefix)) {
        return { status: 'FOREIGN', subject: 'checkpoint', count: 1, detail: 'checkpoint of an unknown log', location };
      }
      const stream = streamOf(origin.slice(originPrefix.length));
      stream.checkpointRecords++;
      const textHash = checkpointTextHash(note.text).toString('base64');
      const known = stream.checkpoints.get(textHash);
      if (known) {
        if (role === 'archive') known.inArchive = true;
        else {
          known.inAnchor = true;
          checkWitnesses(note, stream, location, maxFindings, known.index);
        }
        return undefined;
      }
      if (rejected.has(textHash)) return undefined;
      const reject = () => {
        rejected.add(textHash);
        stream.rejectedCheckpoints++;
      };
      const verifiers = note.signatures.flatMap((s) => verifiersFor(s.keyName));
      const verdict = verifyNote(note, verifiers);
      if (!verdict.ok) {
        reject();
        const detail =
          verdict.reason === 'bad-signature'
            ? 'signature does not verify with the trusted key'
            : verdict.reason === 'no-trusted-signature'
              ? 'not signed by any trusted key'
              : `malformed note: ${verdict.message}`;
        stream.addCheckpointFinding(
          { status: 'KEY-CHAIN-INVALID', subject: 'checkpoint', count: 1, detail, location },
          maxFindings,
        );
        return undefined;
      }
      let body: CheckpointBody;
      try {
        body = parseCheckpointBody(note.text);
        if (body.namespace !== namespace) throw new NoteFormatError('namespace');
      } catch (err) {
        reject();
        const why = err instanceof NoteFormatError ? err.message : 'unreadable';
        stream.addCheckpointFinding(
          {
            status: 'UNVERIFIABLE',
            subject: 'checkpoint',
            count: 1,
            detail: `malformed checkpoint (${why})`,
            location,
          },
          maxFindings,
        );
        return undefined;
      }
      if (role === 'anchor') checkWitnesses(note, stream, location, maxFindings, body.index);
      body.leafDigests?.forEach((d, i) => {
        stream.table.sign(body.rangeStart + i, d);
      });
      stream.checkpoints.set(textHash, {
        noteHash: textHash,
        index: body.index,
        treeSize: body.treeSize,
        // Own copies: parsed hashes are views into pooled buffers that would otherwise stay alive with them.
        root: new Uint8Array(body.root),
        timeNanos: body.timeUnixNano,
        monotonic: body.monotonicNanos,
        prevHash: Buffer.from(body.previousHash).toString('base64'),
        range: { start: body.rangeStart, end: body.rangeEnd },
        leafListLength: body.leafDigests?.length ?? 0,
        ...(body.compactRange ? { compactNodes: concatHashes(body.compactRange) } : {}),
        final: body.final,
        ...(body.droppedRanges
          ? { droppedRanges: body.droppedRanges.map((r) => ({ start: r.start, end: r.end })) }
          : {}),
        ...(body.refusedRecords !== undefined ? { refusedRecords: body.refusedRecords } : {}),
        keyName: flat(verdict.verifiedBy[0] ?? ''),
        inArchive: role === 'archive',
        inAnchor: role === 'anchor',
        location,
      });
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
          keyId: fingerprint(createHash('sha256').update('seclog hmac key fingerprint\n').update(k).digest()),
        })),
        ...witnesses.map((k) => ({
          keyName: 'witness',
          algorithm: 'ed25519-cosignature',
          keyId: fingerprint(k.export({ format: 'der', type: 'spki' })),
        })),
      ];
    },
  };
}

/**
 * A copy of a short string that does not share memory with the note it was cut from: V8 keeps substrings as slices of
 * their parent, so keeping a key name would otherwise keep the whole checkpoint note (≈ 12 KB) alive.
 */
export function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

function concatHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * 32);
  hashes.forEach((h, i) => {
    out.set(h, i * 32);
  });
  return out;
}

function toPublicKey(k: KeyObject | string): KeyObject {
  const key = typeof k === 'string' ? createPublicKey(k) : k.type === 'private' ? createPublicKey(k) : k;
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('trust.publicKeys: expected Ed25519 public keys');
  return key;
}

/** Short SHA-256 fingerprint for the report (identifies a key without revealing it). */
function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}
