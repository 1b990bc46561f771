/**
 * Everything the verifier's intake can ask of a line's records, as text: the parse-ahead tests compare what the worker
 * hands over with what the main thread reads itself, field by field, through this one description.
 */
import type { IntakeRecord } from '../../src/internal/verify/line-records.js';
import { resourceDigestOrEmpty } from '../../src/internal/verify/resource-digest.js';

const NS = 'seclog.integrity';

export function describeRecords(records: readonly IntakeRecord[] | undefined): string {
  if (records === undefined) return 'general path';
  return JSON.stringify(
    records.map((r) => {
      const a = r.integrity;
      const digest = (resourceDigest: string) =>
        a.kind === 'ok' ? r.digest(a.streamId!, a.seq!, resourceDigest).toString('hex') : undefined;
      const checkpointShaped = r.eventName === `${NS}.checkpoint` || r.bodyStartsWith(`${NS}/v1/`);
      return {
        a,
        resourceIndex: r.resourceIndex,
        resource: r.resource,
        eventName: r.eventName,
        body: r.body,
        genesis: r.bodyStartsWith('seclog-genesis/v1'),
        userPrefix: r.bodyStartsWith('user 1'),
        digest: digest(resourceDigestOrEmpty(r.resource)),
        other: digest('another resource digest'),
        slots: checkpointShaped ? r.recordSlots() : undefined,
      };
    }),
  );
}
