/** Where an integrity violation was found in a sealed stream (`security_event.integrity.*`). */
import { seclogAttribute as seclog } from './define.js';
import type { AttributeDefinition } from './types.js';

/** Attributes of `security_event.audit_log.integrity.violation`. */
export const integrityAttributes: readonly AttributeDefinition[] = [
  seclog(
    'security_event.integrity.stream_id',
    'string',
    'conditionally_required',
    'none',
    'Sealed stream (its `seclog.integrity.stream` value) the violation is in.',
    { notes: 'the stream id seclog verify reports' },
    { condition: 'integrity violations', examples: ['rCJRkNXHq0aQb8Yq1qK3mA'] },
  ),
  seclog(
    'security_event.integrity.seq_from',
    'int',
    'recommended',
    'none',
    'First sequence number of the records concerned.',
    {},
    { examples: [2001] },
  ),
  seclog(
    'security_event.integrity.seq_to',
    'int',
    'recommended',
    'none',
    'Last sequence number of the records concerned (inclusive).',
    {},
    { examples: [2001] },
  ),
  seclog(
    'security_event.integrity.checkpoint',
    'int',
    'recommended',
    'none',
    'Index of the signed checkpoint that covers the records concerned.',
    {},
    { examples: [15] },
  ),
  seclog(
    'security_event.integrity.count',
    'int',
    'recommended',
    'none',
    'Number of records or checkpoints concerned.',
    {},
    { examples: [1] },
  ),
  seclog(
    'security_event.integrity.detail',
    'string',
    'recommended',
    'none',
    'One-line explanation written by the verifier (never record content).',
    {},
    { examples: ['signed in checkpoint 15, absent from the archive'] },
  ),
];
