/**
 * Every SIEM projection seclog ships, in one list: what the golden fixtures record, what the conformance checks run
 * and what the docs enumerate. Adding a projection = its module plus one entry here (CONTRIBUTING.md).
 */
import { toDatadog } from './datadog.js';
import { toECS } from './ecs.js';
import { toOCSF } from './ocsf.js';
import type { SecurityEventRecord } from './record.js';
import { toSplunkCIM } from './splunk-cim.js';

/** A projection: a pure function from a security event record to a SIEM's document. */
export interface Projection {
  /** Key in golden fixtures and reports, e.g. `ecs`, `ocsf_1_8_0`. */
  readonly key: string;
  readonly project: (record: SecurityEventRecord) => unknown;
}

/** The shipped projections, in fixture order. */
export const PROJECTIONS = [
  { key: 'ecs', project: (r: SecurityEventRecord) => toECS(r) },
  { key: 'ocsf_1_8_0', project: (r: SecurityEventRecord) => toOCSF(r, { version: '1.8.0' }) },
  { key: 'ocsf_1_9_0', project: (r: SecurityEventRecord) => toOCSF(r, { version: '1.9.0' }) },
  { key: 'splunk_cim', project: (r: SecurityEventRecord) => toSplunkCIM(r) },
  { key: 'datadog', project: (r: SecurityEventRecord) => toDatadog(r) },
] as const satisfies readonly Projection[];

/** Keys of the shipped projections. */
export type ProjectionKey = (typeof PROJECTIONS)[number]['key'];
