/**
 * Localises a modification to one field: given an exported record whose digest differs from the digest signed in a
 * leaf list, tries small bounded repairs (drop one attribute, restore one attribute's type, restore severity or event
 * name) and reports the one that reproduces the signed digest. Digests cannot be inverted, so an arbitrary change of
 * a value is not localised; type confusion, added attributes and severity edits are (docs/spec/verification.md, "Evaluating a stream", rule 3).
 */
import { recordDigest } from '../../canonical/digest.js';
import { canonicalizeOtlpLogRecord, type OtlpSealContext } from '../../canonical/from-otlp.js';

/** A localised modification: the field that differs and what the signed record had there. */
export interface LocatedModification {
  readonly field: string;
  readonly detail: string;
}

/** Repairs tried per record are bounded so that a record with many attributes cannot make this expensive. */
const MAX_CANDIDATES = 400;
/**
 * Canonical text produced across all repairs of one record (characters). Each repair re-canonicalizes the whole record,
 * so a large record gets fewer tries: the work stays bounded whatever the record holds.
 */
const MAX_CANONICAL_WORK = 64 * 1024 * 1024;
const SEVERITY_TEXTS = ['', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

type Kv = { key?: unknown; value?: Record<string, unknown> };

/** Finds the single-field repair of `logRecord` whose canonical digest equals `signed`, if any. */
export function locateModification(
  logRecord: Record<string, unknown>,
  context: OtlpSealContext,
  signed: Uint8Array,
): LocatedModification | undefined {
  let tried = 0;
  let work = 0;
  const matches = (candidate: Record<string, unknown>): boolean => {
    tried++;
    const form = canonicalizeOtlpLogRecord(candidate, context);
    // A form that failed may have walked up to the value limit before failing: charge it a large share.
    work += form.ok ? form.text.length : MAX_CANONICAL_WORK / 16;
    if (work > MAX_CANONICAL_WORK) tried = MAX_CANDIDATES;
    return Buffer.from(signed).equals(recordDigest(form.text));
  };
  const attrs: Kv[] = Array.isArray(logRecord.attributes) ? (logRecord.attributes as Kv[]) : [];
  const exclude = context.excludeAttributes;

  for (let i = 0; i < attrs.length && tried < MAX_CANDIDATES; i++) {
    const key = attrs[i]?.key;
    if (typeof key !== 'string' || exclude?.has(key)) continue;
    const without = attrs.filter((_, j) => j !== i);
    if (matches({ ...logRecord, attributes: without })) {
      return { field: `attributes[${JSON.stringify(key)}]`, detail: 'attribute added after sealing' };
    }
    for (const [type, value] of retypings(attrs[i]?.value)) {
      if (tried >= MAX_CANDIDATES) break;
      const retyped = attrs.map((kv, j) => (j === i ? { key, value } : kv));
      if (matches({ ...logRecord, attributes: retyped })) {
        return { field: `attributes[${JSON.stringify(key)}]`, detail: `type changed after sealing (was ${type})` };
      }
    }
  }
  for (let n = 0; n <= 24 && tried < MAX_CANDIDATES; n++) {
    if (n === Number(logRecord.severityNumber ?? 0)) continue;
    if (matches({ ...logRecord, severityNumber: n })) {
      return { field: 'severityNumber', detail: `changed after sealing (was ${n})` };
    }
  }
  for (const base of SEVERITY_TEXTS) {
    for (const t of base === '' || base === 'TRACE' ? [base] : [base, `${base}2`, `${base}3`, `${base}4`]) {
      if (t === (logRecord.severityText ?? '') || tried >= MAX_CANDIDATES) continue;
      if (matches({ ...logRecord, severityText: t })) {
        return { field: 'severityText', detail: `changed after sealing (was ${JSON.stringify(t)})` };
      }
    }
  }
  if (logRecord.eventName !== undefined && logRecord.eventName !== '' && matches({ ...logRecord, eventName: '' })) {
    return { field: 'eventName', detail: 'added after sealing' };
  }
  return undefined;
}

/** Other AnyValue types a string-typed value could have been before a SIEM or attacker rewrote it. */
function retypings(value: Record<string, unknown> | undefined): [string, Record<string, unknown>][] {
  if (!value) return [];
  const s = value.stringValue;
  if (typeof s !== 'string' || s.length > 64) return [];
  const out: [string, Record<string, unknown>][] = [];
  if (/^-?[0-9]{1,19}$/.test(s)) out.push(['int', { intValue: s }]);
  if (s === 'true' || s === 'false') out.push(['bool', { boolValue: s === 'true' }]);
  if (s === 'NaN' || s === 'Infinity' || s === '-Infinity' || (s.length > 0 && Number.isFinite(Number(s)))) {
    out.push(['double', { doubleValue: s === 'NaN' || s.endsWith('Infinity') ? s : Number(s) }]);
  }
  if (s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s)) out.push(['bytes', { bytesValue: s }]);
  return out;
}
