/**
 * Whether a record that looks like a checkpoint record (its event name, or a note as its body) is one as producers
 * write it (docs/spec/stream-records.md, "The checkpoint record"): the note as body, at most the `<ns>.stream`
 * attribute naming the note's own stream, no seq, severity INFO or unset, the integrity scope, and nothing else — no
 * other attribute, no trace context, no flags, no scope attributes or schema URL. Only the note is signed, so every other field of such a record is unprotected: a record
 * that carries more is not a checkpoint record (it is foreign), or an attacker could dress forged events — a dozen
 * failed logins that fire a brute-force alert — as copies of a genuine note.
 */
import { INTEGRITY_SCOPE_NAME, INTEGRITY_SCOPE_VERSION } from '../../records/event-names.js';
import type { IntegrityAttributes } from './otlp-records.js';

/**
 * Canonical slot values of a producer's checkpoint record, by slot (4–18; time, observed time and body are free). The
 * scope is as free for an attacker as an attribute (readers show its name, version and attributes with the record),
 * so it is held to the one producers write, or to none. A later scope version is added here, never swapped in: older
 * archives keep theirs.
 */
const EXPECTED_SLOTS: Readonly<Record<number, readonly unknown[]>> = {
  4: [INTEGRITY_SCOPE_NAME, ''], // scope name
  5: [INTEGRITY_SCOPE_VERSION, ''], // scope version
  6: [''], // scope schema URL
  10: ['9', '0'], // severityNumber: INFO, or unset by an exporter that drops it
  11: ['INFO', ''], // severityText
  15: ['0'], // droppedAttributesCount
  16: [''], // traceId
  17: [''], // spanId
  18: ['0'], // flags
};
const FIELD_NAMES: Readonly<Record<number, string>> = {
  4: 'scope name',
  5: 'scope version',
  6: 'scope schema URL',
  10: 'severityNumber',
  11: 'severityText',
  15: 'droppedAttributesCount',
  16: 'traceId',
  17: 'spanId',
  18: 'flags',
};
/** Slots of the scope attributes and of the record attributes (seal attributes left out) in the canonical tuple. */
const SCOPE_ATTRIBUTES_SLOT = 7;
const ATTRIBUTES_SLOT = 14;
/** The first slot `recordSlots` gives. */
const FIRST_SLOT = 4;

/** What makes a checkpoint-shaped record not a checkpoint record, or `undefined` when it is one. */
export function checkpointRecordProblem(
  attrs: IntegrityAttributes,
  eventName: string | undefined,
  checkpointEvent: string,
  noteStreamId: string | undefined,
  recordSlots: () => unknown[] | undefined,
): string | undefined {
  if (attrs.seq !== undefined) return 'it carries a seq';
  if (attrs.kind === 'malformed' && attrs.streamId === undefined) return 'malformed integrity attributes';
  if (attrs.streamId !== undefined && attrs.streamId !== noteStreamId) {
    return "its stream attribute does not name the note's stream";
  }
  if (eventName !== undefined && eventName !== '' && eventName !== checkpointEvent) return 'another event name';
  const slots = recordSlots();
  if (slots === undefined) return 'fields that cannot be read';
  const attributes = slots[ATTRIBUTES_SLOT - FIRST_SLOT];
  if (!Array.isArray(attributes) || attributes.length > 0) return 'attributes other than the stream';
  const scopeAttributes = slots[SCOPE_ATTRIBUTES_SLOT - FIRST_SLOT];
  if (!Array.isArray(scopeAttributes) || scopeAttributes.length > 0) return 'scope attributes';
  for (const [slot, allowed] of Object.entries(EXPECTED_SLOTS)) {
    if (!allowed.includes(slots[Number(slot) - FIRST_SLOT])) return `a ${FIELD_NAMES[Number(slot)]} of its own`;
  }
  return undefined;
}

/** The stream a note's origin line names (`<ns>/v1/<stream id>`), or `undefined`. */
export function noteStreamOf(note: string | undefined, originPrefix: string): string | undefined {
  if (note === undefined || !note.startsWith(originPrefix)) return undefined;
  const end = note.indexOf('\n');
  return note.slice(originPrefix.length, end < 0 ? note.length : end);
}
