/**
 * Event 39: seclog itself found that sealed log evidence fails an integrity check (live verify mode of the collector's
 * `seclog` processor, or any verifier that reports into the logs pipeline).
 */
import { event, ocsf, severity } from './define.js';
import type { EventDefinition } from './types.js';

const finding = ocsf(2, 2004, 'Detection Finding', 1, 'Create', 200401);

/**
 * `error.type` per verifier status (docs/spec/verification.md): the status in lower snake case, so `MISSING` is
 * `missing` and `KEY-CHAIN-INVALID` is `key_chain_invalid`.
 */
export const INTEGRITY_VIOLATION_ERROR_TYPES = [
  'modified',
  'missing',
  'conflict',
  'key_chain_invalid',
  'checkpoint_missing',
  'checkpoint_malformed',
  'stream_silent',
  'truncated',
  'untrusted_stream',
  'resource_modified',
  'stream_not_followed',
] as const;

/** Integrity events. */
export const integrityEvents: readonly EventDefinition[] = [
  event('audit_log.integrity.violation', {
    id: 39,
    category: 'audit_log',
    description:
      'Sealed log evidence failed an integrity check: a record modified, missing or in conflict, a checkpoint invalid, missing or malformed, a stream gone silent, or a tail cut (error.type says which).',
    outcomes: ['failure'],
    required: ['security_event.integrity.stream_id'],
    recommended: [
      'security_event.integrity.seq_from',
      'security_event.integrity.seq_to',
      'security_event.integrity.checkpoint',
      'security_event.integrity.count',
      'security_event.integrity.detail',
    ],
    severity: severity(20, 20, { notes: 'every status is a failure of the audit trail (PCI DSS 10.3.4, 10.7.2)' }),
    errorTypes: INTEGRITY_VIOLATION_ERROR_TYPES,
    ecs: { kind: 'alert', category: ['intrusion_detection'], type: ['info'] },
    ocsf: { '1.8.0': finding, '1.9.0': finding },
    cim: { model: 'Alerts', dataset: 'Alerts', tags: ['alert'] },
    datadog: { evtName: 'audit_log' },
    compliance: { soc2: ['CC7.2', 'CC7.3', 'CC4.1'], pci: ['10.3.4', '10.7.2'], owasp: [] },
  }),
];
