import { type ItemStatus, STATUS_CLASS, type Verdict } from '../../verify/report.js';

/** Statuses in the order they are listed in a reason (the order of the status table). */
const ORDER = Object.keys(STATUS_CLASS) as ItemStatus[];

/**
 * The one-line reason for a verdict, built from every status that occurred in the run (findings left out by the cap
 * included), e.g. `no sealed records found`, `no sealed records found; failures: CORRUPT-LINE`,
 * `failures: MODIFIED, MISSING`,
 * `warnings count as failures (strict): STREAM-UNCLEAN-END`, `warnings: DROPPED`.
 */
export function verdictReason(
  verdict: Verdict,
  statuses: ReadonlySet<ItemStatus>,
  strict: boolean,
  nothingSealed: boolean,
): string {
  const of = (c: 'failure' | 'warning') =>
    ORDER.filter((s) => statuses.has(s) && s !== 'NO-SEALED-RECORDS' && STATUS_CLASS[s] === c).join(', ');
  const failures = of('failure');
  const warnings = of('warning');
  if (statuses.has('NO-SEALED-RECORDS')) {
    return failures === '' ? 'no sealed records found' : `no sealed records found; failures: ${failures}`;
  }
  if (verdict === 'valid') {
    return nothingSealed ? 'no sealed records found (allowed)' : 'every sealed record verified';
  }
  if (verdict === 'warnings') return `warnings: ${warnings}`;
  if (!strict || warnings === '') return `failures: ${failures}`;
  if (failures === '') return `warnings count as failures (strict): ${warnings}`;
  return `failures: ${failures}; warnings count as failures (strict): ${warnings}`;
}
