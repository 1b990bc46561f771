import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { CheckpointFacts, StreamState } from '../internal/verify/stream-state.js';
import { hasValidCosignature } from '../internal/verify/witness-cosignatures.js';
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
  return new TrustedCheckpointIntake(trust, namespace);
}

/** One checkpoint record read at `location`, on its way to being filed. */
interface Arrival {
  readonly note: SignedNote;
  readonly textHash: string;
  /** The note's signature lines as read: copies of one text may carry different ones. */
  readonly signatures: string;
  readonly stream: StreamState;
  readonly role: 'archive' | 'anchor';
  readonly location: string;
  readonly maxFindings: number;
}

class TrustedCheckpointIntake implements CheckpointIntake {
  readonly #trust: VerifierTrust;
  readonly #namespace: string;
  readonly #originPrefix: string;
  readonly #ed: KeyObject[];
  readonly #hmac: Buffer[];
  readonly #witnesses: KeyObject[];
  readonly #names: ReadonlySet<string> | undefined;
  /** Verifiers per key name: C2SP key IDs bind the name, so a trusted key is tried under the name a line claims. */
  readonly #verifiersByName = new Map<string, NoteVerifier[]>();
  /**
   * Notes (text hash and signature lines) already rejected: a retried bad checkpoint is reported once and verified
   * once. Keyed by the whole note, not the text: a copy of a genuine text with a broken signature must not shut out
   * the genuine copy, whichever is read first.
   */
  readonly #rejected = new Set<string>();
  /** Which trusted key (its index: Ed25519 keys, then HMAC keys) each verifier stands for. */
  readonly #keyIndex = new WeakMap<NoteVerifier, number>();
  /** Anchored checkpoint copies already checked for cosignatures (text hash and how many were missing). */
  readonly #witnessed = new Set<string>();

  constructor(trust: VerifierTrust, namespace: string) {
    this.#trust = trust;
    this.#namespace = namespace;
    this.#originPrefix = `${namespace}/v1/`;
    this.#ed = (trust.publicKeys ?? []).map(toPublicKey);
    this.#hmac = (trust.hmacKeys ?? []).map((k) => Buffer.from(k));
    this.#witnesses = (trust.witnessKeys ?? []).map(toPublicKey);
    this.#names = trust.keyNames ? new Set(trust.keyNames) : undefined;
  }

  accept(
    noteText: string | undefined,
    role: 'archive' | 'anchor',
    location: string,
    streamOf: (streamId: string) => StreamState,
    maxFindings: number,
  ): Finding | undefined {
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
    if (!origin.startsWith(this.#originPrefix)) {
      return { status: 'FOREIGN', subject: 'checkpoint', count: 1, detail: 'checkpoint of an unknown log', location };
    }
    const stream = streamOf(origin.slice(this.#originPrefix.length));
    stream.checkpointRecords++;
    const arrival: Arrival = {
      note,
      textHash: checkpointTextHash(note.text).toString('base64'),
      signatures: flat(noteText.slice(note.text.length)),
      stream,
      role,
      location,
      maxFindings,
    };
    if (this.#rejected.has(noteKey(arrival))) return undefined;
    const known = stream.checkpoints.get(arrival.textHash);
    // A copy signed exactly like the filed note needs no second signature check; any other copy gets one, so a
    // broken signature is reported whether it is read before or after the genuine note.
    if (known && known.signatures === arrival.signatures) return this.#markCopy(arrival, known);
    const signers = this.#verifySignature(arrival);
    if (signers === undefined) return undefined;
    if (known) {
      // The same text signed by more trusted keys: each of them vouches for it, in whatever order copies come.
      for (const key of signers.keys) if (!known.signerKeys.includes(key)) known.signerKeys.push(key);
      return this.#markCopy(arrival, known);
    }
    const body = this.#parseBody(arrival);
    if (body === undefined) return undefined;
    if (role === 'anchor') this.#checkWitnesses(arrival, body.index);
    this.#file(arrival, body, signers);
    return undefined;
  }

  trustSummary(): { keyName: string; algorithm: string; keyId: string }[] {
    const keyName = this.#trust.keyNames?.join(',') ?? '*';
    return [
      ...this.#ed.map((k) => ({
        keyName,
        algorithm: 'ed25519',
        keyId: fingerprint(k.export({ format: 'der', type: 'spki' })),
      })),
      ...this.#hmac.map((k) => ({
        keyName,
        algorithm: 'hmac-sha256',
        keyId: fingerprint(createHash('sha256').update('seclog hmac key fingerprint\n').update(k).digest()),
      })),
      ...this.#witnesses.map((k) => ({
        keyName: 'witness',
        algorithm: 'ed25519-cosignature',
        keyId: fingerprint(k.export({ format: 'der', type: 'spki' })),
      })),
    ];
  }

  /** A copy of a checkpoint already filed (re-delivered, or also in an anchor): only where it was seen changes. */
  #markCopy(a: Arrival, known: CheckpointFacts): undefined {
    if (a.role === 'archive') known.inArchive = true;
    else {
      known.inAnchor = true;
      this.#checkWitnesses(a, known.index);
    }
    return undefined;
  }

  /** The trusted keys that signed the note, or undefined (and a finding) when none did. */
  #verifySignature(a: Arrival): Signers | undefined {
    const verifiers = a.note.signatures.flatMap((sig) => this.#verifiersFor(sig.keyName));
    const verdict = verifyNote(a.note, verifiers);
    if (verdict.ok) {
      return {
        keyName: flat(verdict.verifiedBy[0] ?? ''),
        keys: verdict.verifiedWith.map((v) => this.#keyIndex.get(v) ?? -1),
      };
    }
    const detail =
      verdict.reason === 'bad-signature'
        ? 'signature does not verify with the trusted key'
        : verdict.reason === 'no-trusted-signature'
          ? 'not signed by any trusted key'
          : `malformed note: ${verdict.message}`;
    this.#reject(a, { status: 'KEY-CHAIN-INVALID', subject: 'checkpoint', count: 1, detail, location: a.location });
    return undefined;
  }

  #parseBody(a: Arrival): CheckpointBody | undefined {
    try {
      const body = parseCheckpointBody(a.note.text);
      if (body.namespace !== this.#namespace) throw new NoteFormatError('namespace');
      return body;
    } catch (err) {
      const why = err instanceof NoteFormatError ? err.message : 'unreadable';
      this.#reject(a, {
        status: 'UNVERIFIABLE',
        subject: 'checkpoint',
        count: 1,
        detail: `malformed checkpoint (${why})`,
        location: a.location,
      });
      return undefined;
    }
  }

  #reject(a: Arrival, finding: Finding): void {
    this.#rejected.add(noteKey(a));
    a.stream.rejectedCheckpoints++;
    a.stream.addCheckpointFinding(finding, a.maxFindings);
  }

  /** Files a verified checkpoint: its leaf list signs seqs, its facts join the stream's chain. */
  #file(a: Arrival, body: CheckpointBody, signers: Signers): void {
    body.leafDigests?.forEach((d, i) => {
      a.stream.table.sign(body.rangeStart + i, d);
    });
    a.stream.checkpoints.set(a.textHash, {
      noteHash: a.textHash,
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
      ...(body.droppedRanges ? { droppedRanges: body.droppedRanges.map((r) => ({ start: r.start, end: r.end })) } : {}),
      ...(body.refusedRecords !== undefined ? { refusedRecords: body.refusedRecords } : {}),
      keyName: signers.keyName,
      signerKeys: [...signers.keys],
      signatures: a.signatures,
      inArchive: a.role === 'archive',
      inAnchor: a.role === 'anchor',
      location: a.location,
    });
  }

  /** Anchored checkpoints must carry a valid cosignature by every witness key (once per text and outcome). */
  #checkWitnesses(a: Arrival, index: number): void {
    if (this.#witnesses.length === 0) return;
    const missing = this.#witnesses.filter((k) => !hasValidCosignature(a.note, k)).length;
    const key = `${a.textHash}:${missing}`;
    if (missing === 0 || this.#witnessed.has(key)) return;
    this.#witnessed.add(key);
    const detail = `anchored checkpoint without a valid cosignature by ${missing} of the ${this.#witnesses.length} witness key(s)`;
    a.stream.addCheckpointFinding(
      { status: 'KEY-CHAIN-INVALID', subject: 'checkpoint', count: 1, checkpoint: index, detail, location: a.location },
      a.maxFindings,
    );
  }

  #verifiersFor(keyName: string): NoteVerifier[] {
    const cached = this.#verifiersByName.get(keyName);
    if (cached) return cached;
    let list: NoteVerifier[] = [];
    if (!this.#names || this.#names.has(keyName)) {
      try {
        for (const k of this.#ed) list.push(ed25519Verifier(k, { keyName }));
        for (const k of this.#hmac) list.push(hmacVerifier(k, { keyName }));
        list.forEach((v, i) => {
          this.#keyIndex.set(v, i);
        });
      } catch {
        list = [];
      }
    }
    if (this.#verifiersByName.size < 1000) this.#verifiersByName.set(flat(keyName), list);
    return list;
  }
}

/** The trusted keys whose signatures on a note verified. */
interface Signers {
  /** Name on the first verified signature line (for the report). */
  readonly keyName: string;
  /** Index of each verifying key among the trusted keys. */
  readonly keys: readonly number[];
}

/** Identifies one note as read: its text and its signature lines. */
function noteKey(a: Arrival): string {
  return `${a.textHash}\n${a.signatures}`;
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
