/**
 * Bodies of the integrity records that are leaves of a stream (docs/spec/stream-records.md): the genesis record
 * (seq 0) and resource snapshots. They are plain text, sealed like any record, so every checkpoint signature covers
 * them. Lines are `key value`; JSON values are single-line (JSON.stringify escapes control characters).
 *
 * ```
 * seclog-genesis/v1            seclog-resource/v1
 * o <origin>                   o <origin>
 * v olcf1                      d <base64 resource digest>
 * t <unix nanos>               r <canonical resource JSON>
 * q <maxRecords> <maxIntervalMs> <heartbeatMs> <leafList 1|0>
 * i <JSON [service.name, service.instance.id, host.name]>
 * d <base64 resource digest>
 * r <canonical resource JSON>  ["olcf1-resource", pairs, dropped]; d = base64 SHA-256 of it
 * ```
 */
import { resourceDigestOfText } from '../canonical/digest.js';
import { isStreamId } from '../canonical/seal-attributes.js';
import { type CanonicalPairs, OLCF1_RESOURCE_TAG } from '../canonical/tuple.js';
import { checkpointOrigin } from '../note/checkpoint-body.js';
import { NoteFormatError } from '../note/signed-note.js';

/** First line of a genesis body. */
export const GENESIS_HEADER = 'seclog-genesis/v1';
/** First line of a resource snapshot body. */
export const RESOURCE_SNAPSHOT_HEADER = 'seclog-resource/v1';

/** Checkpoint policy recorded in genesis. */
export interface CheckpointPolicy {
  readonly maxRecords: number;
  readonly maxIntervalMs: number;
  readonly heartbeatMs: number;
  readonly leafList: boolean;
}

/** Producer identity recorded in genesis (`""` when the resource lacks the attribute). */
export interface ProducerIdentity {
  readonly serviceName: string;
  readonly serviceInstanceId: string;
  readonly hostName: string;
}

/** A signed resource snapshot: canonical resource text and its digest. */
export interface ResourceSnapshot {
  readonly namespace: string;
  readonly streamId: string;
  /** Base64 SHA-256 of `resourceText`; the value records carry in slot 3. */
  readonly resourceDigest: string;
  /** `["olcf1-resource", pairs, dropped]` JSON text. */
  readonly resourceText: string;
}

/** Parsed resource snapshot with the decoded canonical pairs. */
export interface ParsedResourceSnapshot extends ResourceSnapshot {
  readonly resourcePairs: CanonicalPairs;
  readonly droppedAttributesCount: string;
}

/** Genesis body fields. */
export interface GenesisBody extends ResourceSnapshot {
  readonly olcfVersion: 'olcf1';
  readonly timeUnixNano: bigint;
  readonly policy: CheckpointPolicy;
  readonly identity: ProducerIdentity;
}

/** Parsed genesis with decoded resource pairs. */
export interface ParsedGenesisBody extends GenesisBody, ParsedResourceSnapshot {}

/** Formats the genesis body (leaf seq 0). */
export function formatGenesisBody(g: GenesisBody): string {
  const p = g.policy;
  return [
    GENESIS_HEADER,
    `o ${checkpointOrigin(g.namespace, g.streamId)}`,
    `v ${g.olcfVersion}`,
    `t ${g.timeUnixNano}`,
    `q ${p.maxRecords} ${p.maxIntervalMs} ${p.heartbeatMs} ${p.leafList ? 1 : 0}`,
    `i ${JSON.stringify([g.identity.serviceName, g.identity.serviceInstanceId, g.identity.hostName])}`,
    `d ${g.resourceDigest}`,
    `r ${g.resourceText}`,
    '',
  ].join('\n');
}

/** Formats a resource snapshot body (emitted when the resource digest changes). */
export function formatResourceSnapshotBody(s: ResourceSnapshot): string {
  return [
    RESOURCE_SNAPSHOT_HEADER,
    `o ${checkpointOrigin(s.namespace, s.streamId)}`,
    `d ${s.resourceDigest}`,
    `r ${s.resourceText}`,
    '',
  ].join('\n');
}

function fail(what: string): never {
  throw new NoteFormatError(`integrity record: ${what}`);
}

function splitLines(text: string, header: string, keys: readonly string[]): Map<string, string> {
  if (typeof text !== 'string' || text.length > 1 << 20 || !text.endsWith('\n')) fail('malformed body');
  const lines = text.slice(0, -1).split('\n');
  if (lines[0] !== header || lines.length !== keys.length + 1) fail(`expected ${header}`);
  const out = new Map<string, string>();
  keys.forEach((k, i) => {
    const line = lines[i + 1]!;
    if (!line.startsWith(`${k} `)) fail(`missing ${k} line`);
    out.set(k, line.slice(k.length + 1));
  });
  return out;
}

function parseOrigin(origin: string): { namespace: string; streamId: string } {
  const marker = origin.lastIndexOf('/v1/');
  const streamId = origin.slice(marker + 4);
  if (marker <= 0 || !isStreamId(streamId)) fail('bad origin');
  return { namespace: origin.slice(0, marker), streamId };
}

function parseResource(
  digest: string,
  resourceText: string,
): { resourcePairs: CanonicalPairs; droppedAttributesCount: string } {
  if (resourceDigestOfText(resourceText) !== digest) fail('resource digest does not match the resource');
  let parsed: unknown;
  try {
    parsed = JSON.parse(resourceText);
  } catch {
    fail('resource is not JSON');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== OLCF1_RESOURCE_TAG ||
    !Array.isArray(parsed[1]) ||
    typeof parsed[2] !== 'string' ||
    JSON.stringify(parsed) !== resourceText
  ) {
    fail('resource is not a canonical resource tuple');
  }
  for (const pair of parsed[1] as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || !Array.isArray(pair[1])) {
      fail('resource pairs are malformed');
    }
  }
  return { resourcePairs: parsed[1] as CanonicalPairs, droppedAttributesCount: parsed[2] as string };
}

function parseDecimal(s: string | undefined, what: string): number {
  if (s === undefined || !/^(0|[1-9][0-9]{0,14})$/.test(s)) fail(`bad ${what}`);
  return Number(s);
}

/** Parses a genesis body and checks that its resource digest matches its resource. Throws `NoteFormatError`. */
export function parseGenesisBody(text: string): ParsedGenesisBody {
  const m = splitLines(text, GENESIS_HEADER, ['o', 'v', 't', 'q', 'i', 'd', 'r']);
  const { namespace, streamId } = parseOrigin(m.get('o')!);
  if (m.get('v') !== 'olcf1') fail('unsupported canonical form version');
  const t = m.get('t')!;
  if (!/^(0|[1-9][0-9]{0,19})$/.test(t)) fail('bad time');
  const q = m.get('q')!.split(' ');
  if (q.length !== 4 || (q[3] !== '0' && q[3] !== '1')) fail('bad policy');
  let identity: unknown;
  try {
    identity = JSON.parse(m.get('i')!);
  } catch {
    fail('identity is not JSON');
  }
  if (!Array.isArray(identity) || identity.length !== 3 || !identity.every((x) => typeof x === 'string')) {
    fail('bad identity');
  }
  const resourceDigest = m.get('d')!;
  const resourceText = m.get('r')!;
  return {
    namespace,
    streamId,
    olcfVersion: 'olcf1',
    timeUnixNano: BigInt(t),
    policy: {
      maxRecords: parseDecimal(q[0], 'maxRecords'),
      maxIntervalMs: parseDecimal(q[1], 'maxIntervalMs'),
      heartbeatMs: parseDecimal(q[2], 'heartbeatMs'),
      leafList: q[3] === '1',
    },
    identity: { serviceName: identity[0]!, serviceInstanceId: identity[1]!, hostName: identity[2]! },
    resourceDigest,
    resourceText,
    ...parseResource(resourceDigest, resourceText),
  };
}

/** Parses a resource snapshot body and checks its digest. Throws `NoteFormatError`. */
export function parseResourceSnapshotBody(text: string): ParsedResourceSnapshot {
  const m = splitLines(text, RESOURCE_SNAPSHOT_HEADER, ['o', 'd', 'r']);
  const { namespace, streamId } = parseOrigin(m.get('o')!);
  const resourceDigest = m.get('d')!;
  const resourceText = m.get('r')!;
  return { namespace, streamId, resourceDigest, resourceText, ...parseResource(resourceDigest, resourceText) };
}
